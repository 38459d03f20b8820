"""The 三公经费 table's checks (issue #10): its own arithmetic (A007: 合计 = 出国 + 用车 + 接待, 小计 = 购置 +
运行, at the precision written), and the narrative's amount for each line against the table's (K007),
compared only where both are certainly of one kind (预算 or 决算) and one year."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.forms.sangong.words import TABLE_KIND
from jixiao.ingest.loader import load_text
from jixiao.model.cells import money
from jixiao.model.dossier import Dossier, FigureRow, FigureTable
from jixiao.model.source import Location

D = Decimal
LINES = (
    ("“三公”经费合计", 0, True),
    ("因公出国（境）费", 0, False),
    ("公务用车购置及运行费", 0, False),
    ("公务用车购置费", 1, False),
    ("公务用车运行维护费", 1, False),
    ("公务接待费", 0, False),
)


def sangong_dossier(*columns: tuple[str, ...], names: tuple[str, ...] = ("决算数",)) -> Dossier:
    """A dossier holding one 三公 table: ``columns[k]`` are the six figures of the k-th column, in the
    order of ``LINES``; a figure "" is a blank cell."""
    rows = tuple(
        FigureRow(
            label=label,
            values=tuple(
                money(column[r], Location("t.docx", table=1, row=r + 2, col=k + 2))
                for k, column in enumerate(columns)
            ),
            level=level,
            is_total=total,
        )
        for r, (label, level, total) in enumerate(LINES)
    )
    table = FigureTable(kind=TABLE_KIND, title="“三公”经费支出决算表", columns=("项目", *names), rows=rows)
    return Dossier(source="t.docx", year=2023, figure_tables=(table,))


def found(dossier: Dossier, code: str) -> list[Finding]:
    return [f for f in audit_dossier(dossier).findings if f.code == code and f.outcome == "finding"]


# ---------------------------------------------------------------- A007 the table's own sums


def test_a_consistent_table_gives_no_finding() -> None:
    assert found(sangong_dossier(("12.50", "0", "8.00", "5.00", "3.00", "4.50")), "A007") == []


def test_a_wrong_total_is_an_error_at_the_total_cell() -> None:
    (item,) = found(sangong_dossier(("13.50", "0", "8.00", "5.00", "3.00", "4.50")), "A007")
    assert item.severity == "error"
    assert item.path == "figure_tables.0.rows.0.values.0"
    assert item.location == "t.docx:表1:行2:列2"
    assert item.evidence["stated"] == D("13.50") and item.evidence["sum"] == D("12.50")
    assert "“三公”经费合计 13.50 万元" in item.message and "= 12.5 万元" in item.message


def test_a_wrong_car_subtotal_is_an_error_at_the_subtotal() -> None:
    """购置 5 + 运行 3 = 8, but 小计 says 9: the car line's sum is wrong, and so is the total's (it holds
    the 9, and 12.50 is 0 + 8 + 4.50): two findings, each at the cell it is about."""
    items = found(sangong_dossier(("12.50", "0", "9.00", "5.00", "3.00", "4.50")), "A007")
    assert sorted(f.path or "" for f in items) == [
        "figure_tables.0.rows.0.values.0",
        "figure_tables.0.rows.2.values.0",
    ]


def test_the_rounding_each_written_figure_may_hide_is_allowed() -> None:
    """1.3 + 0.2 + 0.2 = 1.7, written 1.8: each figure rounded to one decimal may hide up to 0.05."""
    assert found(sangong_dossier(("1.8", "0.2", "1.3", "1", "0.3", "0.2")), "A007") == []


def test_a_blank_part_makes_a_wrong_sum_a_warning() -> None:
    """A blank may be 0 or a figure left out: not certain, so a warning that says so."""
    (item,) = found(sangong_dossier(("10.00", "", "8.00", "5.00", "3.00", "1.00")), "A007")
    assert item.severity == "warning"
    assert "因公出国（境）费未填写" in item.message


def test_blank_parts_that_add_up_give_nothing() -> None:
    assert found(sangong_dossier(("1.8", "", "", "", "", "1.8")), "A007") == []


def test_whole_figures_may_hide_half_a_unit_each() -> None:
    """Written in whole 万元, 0 + 7 + 3 may stand for 10.4 and 11 for 10.6: not an error."""
    assert found(sangong_dossier(("11", "0", "7", "4", "3", "3")), "A007") == []


def test_each_column_is_checked_on_its_own() -> None:
    dossier = sangong_dossier(
        ("12", "0", "8", "5", "3", "4"), ("13", "0", "7", "4", "3", "3"), names=("预算数", "决算数")
    )
    (item,) = found(dossier, "A007")
    assert item.path == "figure_tables.0.rows.0.values.1" and "“决算数”列" in item.message


_CENTS = st.integers(min_value=0, max_value=5_000_000)


def _written(cents: int) -> str:
    return f"{D(cents) / 100:.2f}"


@st.composite
def consistent(draw: st.DrawFn) -> list[int]:
    abroad, purchase, running, reception = (draw(_CENTS) for _ in range(4))
    car = purchase + running
    return [abroad + car + reception, abroad, car, purchase, running, reception]


@settings(max_examples=40, deadline=None)
@given(consistent())
def test_any_consistent_table_gives_no_finding(cents: list[int]) -> None:
    assert found(sangong_dossier(tuple(_written(c) for c in cents)), "A007") == []


@settings(max_examples=40, deadline=None)
@given(
    consistent(),
    st.sampled_from([0, 1, 3, 4, 5]),  # every line but the car subtotal, which both sums hold
    st.integers(min_value=3, max_value=1_000_000).flatmap(lambda d: st.sampled_from([d, -d])),
)
def test_one_changed_figure_gives_exactly_one_finding(cents: list[int], line: int, delta: int) -> None:
    """Two decimals written: each sum allows 0.005 per figure (0.02 for the total, 0.015 for the car
    line), so a change of 0.03 or more shows, and only in the one sum that holds the changed line."""
    changed = list(cents)
    changed[line] += delta
    if changed[line] < 0:
        changed[line] = cents[line] + abs(delta)
    items = found(sangong_dossier(tuple(_written(c) for c in changed)), "A007")
    assert len(items) == 1
    assert items[0].severity == "error"
    expected_row = 2 if line in (3, 4) else 0  # 购置/运行 break the car line's sum, the others the total's
    assert items[0].path == f"figure_tables.0.rows.{expected_row}.values.0"


# ---------------------------------------------------------------- K007 the narrative against the table

TEXT = """某局2023年“三公”经费预算情况
一、2023年一般公共预算“三公”经费支出预算表
单位:万元
“三公”经费合计 |
因公出国(境)费 |
公务用车购置及运行费 |
公务接待费 |
||
小计 |
公务用车购置费 |
公务用车运行费 |
|||
46 |
2 |
38 |
30 |
8 |
6 |
二、2023年一般公共预算“三公”经费支出预算情况说明
某局2023年一般公共预算“三公”经费支出预算为{total}万元,比上年预算减少4万元。其中:因公出国(境)费支出预算为2万元,公务接待费支出预算为6万元,公务用车购置及运行费支出预算为38万元。
(一)公务用车购置及运行费支出预算38万元。其中:公务用车运行费{running}万元,比2022年预算减少1万元;公务用车购置费{purchase}万元,比2022年预算减少3万元。
"""


def narrative(total: str = "46", running: str = "8", purchase: str = "30") -> Dossier:
    return load_text(TEXT.format(total=total, running=running, purchase=purchase), "t.txt")


def test_a_narrative_that_agrees_with_the_table_gives_nothing() -> None:
    dossier = narrative()
    assert [t.kind for t in dossier.figure_tables] == [TABLE_KIND]
    assert found(dossier, "K007") == [] and found(dossier, "A007") == []


def test_swapped_car_lines_are_two_errors_at_the_cell_and_the_sentence() -> None:
    items = found(narrative(running="30", purchase="8"), "K007")
    assert len(items) == 2 and all(f.severity == "error" for f in items)
    by_path = {f.path: f for f in items}
    purchase = by_path["figure_tables.0.rows.3.values.0"]  # the table's 购置费 cell
    assert purchase.location == "t.txt:表1:行3:列4"
    assert purchase.evidence["stated"] == D("8") and purchase.evidence["table"] == D("30")
    where = purchase.evidence["sentence_location"]
    assert isinstance(where, str) and where.startswith("t.txt:第") and where.endswith("21行")
    assert where in purchase.message and "t.txt:表1:行3:列4" in purchase.message
    assert "公务用车购置费" in purchase.message and "疑为两项写反" in purchase.message
    assert "figure_tables.0.rows.4.values.0" in by_path


def test_a_different_figure_is_an_error_without_the_swap_note() -> None:
    (item,) = found(narrative(running="9"), "K007")
    assert item.path == "figure_tables.0.rows.4.values.0"
    assert "疑为两项写反" not in item.message


def test_nothing_is_compared_when_the_narrative_total_is_not_the_tables() -> None:
    """The narrative's total (50) is not the table's (46): its figures may be of another scope or kind,
    so its lines are not held against the table's."""
    assert found(narrative(total="50", running="9"), "K007") == []


def test_a_figure_of_another_kind_is_not_compared() -> None:
    """A 预算 table; the narrative's 决算 for a line (with the 预算 total agreeing) is not its figure."""
    text = TEXT.format(total="46", running="8", purchase="30").replace(
        "公务用车运行费8万元", "公务用车运行费决算9万元"
    )
    assert found(load_text(text, "t.txt"), "K007") == []


def test_another_years_figure_is_not_compared() -> None:
    text = TEXT.format(total="46", running="8", purchase="30").replace(
        "公务用车购置费30万元", "2022年公务用车购置费预算33万元"
    )
    assert found(load_text(text, "t.txt"), "K007") == []


def test_a_part_of_a_line_is_not_the_line() -> None:
    """公务接待费6万元，其中国内公务接待费5万元: the 5 is part of the line, not its figure."""
    text = TEXT.format(total="46", running="8", purchase="30").replace(
        "公务接待费支出预算为6万元", "公务接待费支出预算为6万元(其中国内公务接待费预算5万元)"
    )
    dossier = load_text(text, "t.txt")
    assert any(f.value is not None and f.value.text == "5万元" for f in dossier.statements)
    assert found(dossier, "K007") == []
