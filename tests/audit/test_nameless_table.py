"""A table whose text names it nowhere (no 项目名称 value, no title line) is quoted in the findings by
what it is (its kind's name on the forms, e.g. “单位整体支出绩效自评表”), not as an empty “”."""

from __future__ import annotations

from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text
from jixiao.score.result import TABLE_KIND_NAMES
from jixiao.score.scorer import score_dossier

_TEXT = "\n".join(
    [
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10 |",
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "| 产出指标 | 数量指标 | 养护里程 | 300公里 | 300公里 | 50 | 50 |",
        "| 效益指标 | 社会效益指标 | 群众出行条件 | 明显改善 | 明显改善 | 40 | 40 |",
        "| 总分 | | | | | 100 | 90 |",
    ]
)


def test_a_nameless_table_is_called_by_its_kind() -> None:
    dossier = load_text(_TEXT, "无名.txt")
    (evaluation,) = dossier.evaluations
    assert not (evaluation.name and evaluation.name.text) and not evaluation.title
    (table,) = score_dossier(dossier).tables
    called = TABLE_KIND_NAMES[evaluation.kind]
    assert table.name == called
    a006 = [f for f in audit_dossier(dossier).findings if f.code == "A006"]
    assert a006 and a006[0].message.startswith(f"“{called}”总分填 90")
