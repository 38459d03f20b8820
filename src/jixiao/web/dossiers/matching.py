"""Does an uploaded document belong to the task it is uploaded for? Unit, year, kind (整体 vs 专项) and
fund, compared before the user confirms, each difference said in words a unit's staff use."""

from __future__ import annotations

import re

from jixiao.model.cells import clean
from jixiao.model.dossier import Dossier
from jixiao.web.dossiers.models import Task, TaskKind

_SUFFIXES = re.compile(r"(本级|机关|（本级）|\(本级\))$")


def unit_key(name: str) -> str:
    """A unit's name as names are compared: blanks removed, a trailing 本级/机关 dropped."""
    return _SUFFIXES.sub("", clean(name))


def _same_unit(task_unit: str, read: str) -> bool:
    a, b = unit_key(task_unit), unit_key(read)
    return bool(a and b) and (a in b or b in a)


def mismatches(task: Task, dossier: Dossier) -> list[str]:
    """What in the document differs from the task (empty: nothing to warn about)."""
    found: list[str] = []
    if dossier.year is not None and dossier.year != task.year:
        found.append(f"文档年度为 {dossier.year} 年，任务年度为 {task.year} 年（可能沿用了往年材料）")
    if dossier.unit and not _same_unit(task.unit.name, dossier.unit):
        found.append(f"文档中的单位为“{dossier.unit}”，任务单位为“{task.unit.name}”")
    kinds = {e.kind for e in dossier.evaluations}
    if task.kind == TaskKind.OVERALL and kinds and not kinds & {"unit_overall", "dept_overall"}:
        found.append("任务为整体支出绩效自评，文档中只有项目支出绩效自评表")
    if task.kind == TaskKind.FUND:
        projects = [e for e in dossier.evaluations if e.kind == "project"]
        if kinds and not projects:
            found.append(f"任务为专项资金“{task.fund}”的自评，文档中没有项目支出绩效自评表")
        elif projects and task.fund:
            names = [clean(e.name.text) for e in projects if e.name is not None and e.name.text]
            fund = clean(task.fund)
            if names and not any(fund in n or n in fund for n in names):
                listed = "、".join(f"“{n}”" for n in names[:5])
                found.append(f"任务为专项资金“{task.fund}”，文档中的项目为 {listed}")
    if not dossier.evaluations and not dossier.rubrics and dossier.basic_data is None:
        found.append("文档中没有识别出任何自评表或评分表")
    return found
