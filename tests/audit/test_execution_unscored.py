"""A form whose budget block writes no 分值 and no 得分 (the funds-by-source block of a county form) and
whose indicator rows' 分值 make up its 总分值 alone gives its execution no points: the rules' execution
分值 is not added (no false W002 "执行率与各指标分值合计为 110")."""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text
from jixiao.score.scorer import score_dossier

_HEAD = [
    "| 项目支出绩效自评表 |",
    "| 项目名称 | 乡村道路养护项目 | 主管部门 | 某县交通运输局 | 实施单位 | 某县交通运输局 |",
    "| 项目资金（万元） | 来源 | 中央（万元） | 省、地（万元） | 本级（万元） | 其他（万元） "
    "| 合计（万元） | 执行数（万元） | 执行率 |",
    "| | | | | 309 | | 309 | 300 | 97.09% |",
    "| 一级指标 | 二级指标 | 三级指标 | 年初指标值 | 年终完成值 | 分值 | 自评分 | 复核分 |",
]
_ROWS = [
    "| 产出指标 | 数量指标 | 养护里程 | 300公里 | 300公里 | 50 | 50 | |",
    "| 产出指标 | 质量指标 | 验收合格率 | 100% | 100% | 30 | 30 | |",
    "| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 20 | 20 | |",
    "| 总分 | | | | | 100 | 100 | |",
]


def _text(rows: list[str]) -> str:
    return "\n".join(_HEAD + rows)


def test_indicators_adding_to_100_alone_score_no_execution() -> None:
    dossier = load_text(_text(_ROWS), "county.txt")
    assert not [f for f in audit_dossier(dossier).findings if f.code == "W002"]
    table = score_dossier(dossier).tables[0]
    assert table.execution_weight is None
    assert table.weights_total == Decimal(100)


def test_indicators_adding_to_90_still_take_the_rules_execution_points() -> None:
    rows = [_ROWS[0], _ROWS[1], _ROWS[2].replace("| 20 | 20 |", "| 10 | 10 |"), _ROWS[3]]
    table = score_dossier(load_text(_text(rows), "county.txt")).tables[0]
    assert table.execution_weight == Decimal(10)
    assert table.weights_total == Decimal(100)
