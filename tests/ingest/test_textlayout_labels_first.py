"""A run-on budget block written labels first, figures after (``labelsfirst``): the 年度资金总额
label before the header, its figures after the whole header, as one run or carrying their units
after the 其中 lines' labels. Figures carrying units are placed in the header's order only when as
many as the columns, each of its column's kind, and the 执行率 agrees with 执行数 ÷ 预算数; else the
block stays unread. Small synthetic texts of the forms' shapes (written here, not copied from the
corpus)."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import budget_figures, only

HEAD = (
    "乡村道路养护项目绩效目标自评表(2022年度)项目名称乡村道路养护项目项目实施单位某县公路段"
    "主管部门某县交通运输局资金情况(万元)"
)
TAIL = "市县资金年度总体目标完成农村公路养护里程120公里绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分\n"
HEADER = "年度资金总额全年预算数(A)全年执行数(B)执行率(B/A)其中中央补助自治区补助"


def _figures(block: str) -> tuple[Decimal | None, ...] | None:
    evaluation = only(HEAD + block + TAIL)
    return budget_figures(evaluation) if evaluation.budget is not None else None


def test_figures_with_units_after_the_labels_are_read_in_the_labels_order() -> None:
    # 120万元 | 96.6万元 | 80.5%, a line each: 96.6 ÷ 120 = 80.5%
    read = (None, Decimal("120"), Decimal("96.6"), None, Decimal("80.5"), None)
    assert _figures(HEADER + "120万元\n96.6万元\n80.5%") == read
    # a bare figure after its header word that agrees with the figure placed there
    agreeing = HEADER.replace("全年预算数(A)", "全年预算数(A)120")
    assert _figures(agreeing + "120万元\n96.6万元\n80.5%") == read


def test_figures_that_do_not_reconcile_leave_the_block_unread() -> None:
    assert _figures(HEADER + "120万元\n96.6万元\n90.5%") is None  # 96.6 ÷ 120 is not 90.5%
    assert _figures(HEADER + "120万元\n80.5%\n96.6万元") is None  # a rate under an amount's label
    assert _figures(HEADER + "120万元\n96.6万元") is None  # fewer figures than labels
    conflicting = HEADER.replace("全年预算数(A)", "全年预算数(A)130")
    assert _figures(conflicting + "120万元\n96.6万元\n80.5%") is None  # 130 written, 120 placed


def test_a_run_after_the_header_is_the_labels_row() -> None:
    # 年度资金总额 before the header, 50.2 | 50.2 | 45.2 | 90% run together after it
    block = "年度资金总额年初预算数全年预算数全年执行数执行率50.250.245.290%"
    assert _figures(block) == (Decimal("50.2"), Decimal("50.2"), Decimal("45.2"), None, Decimal("90"), None)
    # the national form's columns: 60 | 60 | 60 | 10 | 100% | 10 after 分值 / 执行率 / 得分
    block = "年度资金总额年初预算数全年预算数全年执行数分值执行率得分60606010100%10"
    assert _figures(block) == (
        Decimal("60"),
        Decimal("60"),
        Decimal("60"),
        Decimal("10"),
        Decimal("100"),
        Decimal("10"),
    )
