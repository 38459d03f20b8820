"""W001 on a table the text stops inside: the 一级指标 group the text ends in (the table's last, no 总分
row and no signature after it) may hold rows the text does not, so its rows' 分值 falling short of its
points is 无法核对, not an error. A group that is not the last, or one whose rows exceed its points,
is still an error. Forms written here, small and synthetic."""

from __future__ import annotations

from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text

_HEAD = [
    "| 项目支出绩效自评表 |",
    "| 项目名称 | 村级运转经费 | 主管部门 | 某镇人民政府 | 实施单位 | 某镇人民政府 |",
    "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
    "| 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10 |",
    "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
    "| 产出指标(60分) | 数量指标 | 补助村数量 | 8个 | 8个 | 30 | 30 |",
    "| | 质量指标 | 补助资格合规性 | 合规 | 合规 | 30 | 30 |",
]


def _w001(rows: list[str]) -> list[tuple[str, str]]:
    findings = audit_dossier(load_text("\n".join(_HEAD + rows), "镇.txt")).findings
    return [(f.severity, f.outcome) for f in findings if f.code == "W001"]


def test_the_group_the_text_stops_inside_is_not_checked() -> None:
    cut = ["| 效益指标(30分) | 社会效益指标 | 干部工作积极性 | 提高 | 提高 | 10 | 10 |"]
    assert _w001(cut) == [("info", "could_not_check")]


def test_a_group_short_of_its_points_before_the_total_row_is_an_error() -> None:
    closed = [
        "| 效益指标(30分) | 社会效益指标 | 干部工作积极性 | 提高 | 提高 | 10 | 10 |",
        "| 总分 | | | | | 100 | 100 |",
    ]
    assert ("error", "finding") in _w001(closed)


def test_a_group_over_its_points_where_the_text_stops_is_an_error() -> None:
    over = ["| 效益指标(30分) | 社会效益指标 | 干部工作积极性 | 提高 | 提高 | 40 | 40 |"]
    assert ("error", "finding") in _w001(over)
