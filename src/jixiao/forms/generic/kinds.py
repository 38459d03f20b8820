"""Which of the three evaluation tables a table is: a project's (项目支出), a unit's whole spending
(单位整体支出) or a department's (部门整体支出). One rule for every reader of the evaluation table (the
generic reader, ``generic.reader``, and the national-layout reader, ``common.evaluation``).

* **The title's words** decide first, where a title names the table (the heading printed above it,
  or a cell of the table's head that reads as one: ``…绩效自评表``): ``部门整体`` (部门整体支出绩效
  自评表, 重庆's 部门整体绩效自评表) is a department's table, ``单位整体`` a unit's; a title naming a
  project (项目支出…, …项目绩效目标自评表) and no 整体 is a project's; a title naming 整体支出 / 整体绩效
  alone is a department's where its head names the 部门 (部门名称, 部门联系人), else a unit's.
* **The head's labels** decide a table no title names (a reprint that lost it): a 项目名称 (项目支出
  名称, 专项名称) names a project; else the head of a department's form (部门名称, or the department's
  contact 部门联系人 the Chongqing 部门整体 form writes where its project form writes the 项目's)
  names a department; a unit's head (预算单位名称, 单位名称) or the overall forms' budget label
  ``年度预算申请`` (a project's budget is its 项目资金) names a unit.
* Otherwise the reader's ``default``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.forms.generic.vocabulary import core
from jixiao.model.cells import clean
from jixiao.model.dossier import TableKind

# a head cell that reads as the table's title (the form's name: …绩效自评表, …评价表, …绩效自评)
_TITLE_CELL = re.compile(r"绩效.{0,6}(自评|评价|评分)")
# a title's form name (…项目自评表, …项目绩效目标自评表, …项目绩效评价评分表)
_FORM_NAME = re.compile(r"自评|评价|评分")
# a project's name label, as written (a text layout may run its value on after it)
_PROJECT_LABELS = ("项目名称", "项目支出名称", "专项名称")
# the head of a department's form: its name label, and the department's contact (Chongqing)
_DEPT_CORES = frozenset(("部门名称",))
_DEPT_WORDS = ("部门联系人",)
# the head of a unit's form: its name label; the overall forms' budget label
_UNIT_CORES = frozenset(("预算单位名称", "单位名称", "年度预算申请"))


def table_kind(title: str, labels: Sequence[str], default: TableKind = "project") -> TableKind:
    """The table's kind from its ``title`` (the heading above it, if any) and the ``labels`` of its
    head (the cells above its blocks), as the module says; ``default`` when neither tells."""
    texts = [t for t in (clean(x) for x in labels) if t]
    head = "|".join(texts)
    cores = {core(t) for t in texts}
    department_head = bool(cores & _DEPT_CORES) or any(w in head for w in _DEPT_WORDS)
    for heading in (clean(title), *(t for t in texts if _TITLE_CELL.search(t))):
        kind = _titled(heading, department_head)
        if kind is not None:
            return kind
    if any(w in head for w in _PROJECT_LABELS):
        return "project"
    if department_head:
        return "dept_overall"
    if cores & _UNIT_CORES:
        return "unit_overall"
    return default


def _titled(heading: str, department_head: bool) -> TableKind | None:
    """The kind a title's words name, or None when they name none (or both a project and 整体)."""
    if "部门整体" in heading:
        return "dept_overall"
    if "单位整体" in heading:
        return "unit_overall"
    overall = "整体支出" in heading or "整体绩效" in heading
    project = "项目支出" in heading or ("项目" in heading and _FORM_NAME.search(heading) is not None)
    if project and not overall:
        return "project"
    if overall and not project:
        return "dept_overall" if department_head else "unit_overall"
    return None
