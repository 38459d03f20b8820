"""A budget block flattened in cell order (a spreadsheet form rendered to text) whose first row's
figures no cut places whole: the 年初预算数 header cell written among the fields with its figure right
after it, then the header's other words and the figures of every row in one run (``全年预算数 全年执行数
分值 执行率 得分 0 86.5 10 100% 10 86.5 — 100% —``). What the text fixes is read, cell by cell, and the
rest left unread: the 年初预算数 from the figure beside its header cell; 分值, 执行率 and 得分 from the
row's last figures, which fit those columns by kind and order in one way only; the amounts only where
the rate agrees with them. The texts below are written in that style, not copied from a document."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import budget_figures, num, only

from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout.aligner import _flat_tokens
from jixiao.ingest.textlayout.order import _partial_first_row
from jixiao.ingest.textlayout.tokens import ColumnKind
from jixiao.model.dossier import Evaluation


def _text(initial: str, figures: str) -> str:
    return (
        "某县项目支出绩效自评表 (2023年度) 项目名称 农村饮水安全维护 主管部门 某县水利局 "
        f"{initial} 项目资金 (万元) 年度资金总额 实施单位 某县供水站 全年预算数 全年执行数 分值 执行率 得分 "
        f"{figures} 其中:当年财政拨款 上年结转资金 其他资金 年度 总体 目标 一级 指标 — 保障饮水 保障饮水 "
        "年度 实际 指标值 完成值 指标1:维修供水管网 12公里 指标2:水质检测次数 4次 二级指标 三级指标 "
        "分值 得分 12公里 20 20 4次 20 20 质量指标 指标1:水质达标"
        "\n"
    )


# 年初预算数 0, then 0 and 86.5 for the two 全年 columns: which holds which is not shown (86.5 ÷ 0 is
# no 100%), so neither is read
_UNPLACED = _text("年初预算 数 0", "0 86.5 10 100% 10 86.5 — 100% —")


def _evaluation(text: str) -> Evaluation:
    return only(text, "yinshui.txt")


def _budget(text: str) -> tuple[Decimal | None, ...]:
    return budget_figures(_evaluation(text))


def test_the_points_and_rate_are_read_and_the_amounts_that_cannot_be_placed_are_not() -> None:
    assert _budget(_UNPLACED) == (Decimal(0), None, None, Decimal(10), Decimal(100), Decimal(10))


def test_the_header_cell_without_a_figure_after_it_leaves_its_column_unread() -> None:
    text = _text("年初预算 数", "0 86.5 10 100% 10 86.5 — 100% —")
    assert _budget(text)[0] is None
    assert _budget(text)[3:] == (Decimal(10), Decimal(100), Decimal(10))


def test_the_indicator_rows_are_still_read() -> None:
    rows = [(i.name, num(i.weight), num(i.score)) for i in _evaluation(_UNPLACED).indicators]
    assert rows == [
        ("指标1:维修供水管网", Decimal(20), Decimal(20)),
        ("指标2:水质检测次数", Decimal(20), Decimal(20)),
    ]


def test_the_partial_budget_raises_no_error() -> None:
    findings = audit_dossier(load_text(_UNPLACED, "yinshui.txt")).findings
    assert not [f for f in findings if f.severity == "error" and f.outcome == "finding"]
    # 执行率 100% × 分值 10 = 得分 10: the execution score is no finding
    assert not [f for f in findings if f.code == "S001" and f.outcome == "finding"]


_KINDS: list[ColumnKind] = ["amount", "amount", "points", "rate", "points"]


def _first_row(figures: str) -> list[str] | None:
    row = _partial_first_row(_flat_tokens([figures]), _KINDS)
    return None if row is None else [t.key for t in row]


def test_amounts_that_agree_with_the_rate_are_placed() -> None:
    assert _first_row("80 76 10 95% 9.5 80 76 — 95% — 3") == ["80", "76", "10", "95%", "9.5"]


def test_amounts_that_do_not_agree_with_the_rate_stay_unread() -> None:
    assert _first_row("0 86.5 10 100% 10 86.5 — 100% —") == ["", "", "10", "100%", "10"]
    assert _first_row("80 60 10 95% 9.5 80 60 — 95% —") == ["", "", "10", "95%", "9.5"]


def test_a_tail_that_also_fits_a_shorter_row_is_not_read() -> None:
    # 50 then 10 100% 10: the row may have lost an amount cell; nothing is read
    assert _first_row("50 10 100% 10 50 — 100% —") is None


def test_a_score_above_its_weight_or_a_rate_without_percent_is_not_read() -> None:
    assert _first_row("0 86.5 5 100% 10 86.5 — 100% —") is None
    assert _first_row("0 86.5 10 100 10 86.5 — 100 —") is None


def test_the_figure_beside_the_header_cell_is_read_where_the_rows_cut_whole() -> None:
    # every figure after the header placed by the rows' cut; 年初预算数 40 from beside its header cell
    text = _text("年初预算 数 40", "50 48 10 96% 9.6 50 48 — 96% —")
    assert _budget(text) == (Decimal(40), Decimal(50), Decimal(48), Decimal(10), Decimal(96), Decimal("9.6"))
