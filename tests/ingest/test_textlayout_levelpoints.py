"""A run-on indicator block's 分值 and 得分 settled by the points its 一级 heading carries
(``levelpoints``): a synthetic national 项目支出绩效自评表 run together, as document-sharing sites give
it, whose one row's actual value is a bare figure that runs into its 分值 and 得分."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import indicator_rows

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout.levelpoints import heading_points, weighed

_HEAD = (
    "项目支出绩效自评表(2022年度)项目名称农房改造补助主管部门某县住建局实施单位某县住建局项目资金 (万元)"
    "年初预算数全年预算数全年执行数分值执行率得分年度资金总额80808010100%10"
    "年度总体目标预期目标实际完成情况改造农房50户。已完成"
    "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
)
# 改造户数 | 50户 | 52 | 10 | 10: the bare 52 runs into 1010, which may as well be cut 5210 | 1 | 0
AMBIGUOUS = _HEAD + "产出指标(20分)数量指标改造户数50户521010质量指标验收合格率98%99%1010总分10095"


def _first_rows(text: str) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return indicator_rows(load_text(text, "农房.txt").evaluations[0])


def test_the_headings_points_settle_a_row_whose_figures_run_together() -> None:
    # 10 + 10 = 20, the 产出指标's points; 1 + 10 = 11 is not
    assert _first_rows(AMBIGUOUS) == [
        ("改造户数", Decimal(10), Decimal(10)),
        ("验收合格率", Decimal(10), Decimal(10)),
    ]
    actual = load_text(AMBIGUOUS, "农房.txt").evaluations[0].indicators[0].actual
    assert actual is not None and actual.text == "52"


def test_without_the_headings_points_the_row_is_not_guessed() -> None:
    assert _first_rows(AMBIGUOUS.replace("产出指标(20分)", "产出指标")) == []


def test_points_no_reading_adds_up_to_leave_the_block_unread() -> None:
    # neither 10 + 10 nor 1 + 10 is 30: the heading settles nothing, the rows are not guessed
    assert _first_rows(AMBIGUOUS.replace("产出指标(20分)", "产出指标(30分)")) == []


def test_a_block_read_one_way_alone_is_not_weighed() -> None:
    # every segment reads one way alone: its 分值 (10 + 10) not adding up to the heading's 30 is the
    # form's own error, the rows are read as written
    text = AMBIGUOUS.replace("521010", "52户1010").replace("产出指标(20分)", "产出指标(30分)")
    assert _first_rows(text) == [
        ("改造户数", Decimal(10), Decimal(10)),
        ("验收合格率", Decimal(10), Decimal(10)),
    ]


def test_weighed_keeps_the_cuts_of_readings_that_add_up() -> None:
    one = [("改造户数", ["50户", "52", "10", "10"])]
    other = [("改造户数", ["50户", "5210", "1", "0"])]
    second = [("验收合格率", ["98%", "99%", "10", "10"])]
    assert weighed([[one, other], [second]], 2, Decimal(20)) == [[one], [second]]
    assert weighed([[one, other], [second]], 2, Decimal(30)) is None
    assert heading_points("(20分)") == Decimal(20)
