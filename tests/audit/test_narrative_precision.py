"""A written rate against the figures it is computed from, at the precision each is written in, and
the 其中 lines of a money block a form writes a cell a line. Texts here are small and synthetic.

N001: a rate is an error only when no figures within their written rounding give it; a rate the
written figures give otherwise (0.28 ÷ 1.8 = 15.56% → 16%, written 15%) that rounded amounts could
still give (0.2751 ÷ 1.8 = 15.28%) is a warning. A001 (section cells): parts placed under a column only
where one placement fits; parts over their total, or all written and off, are an error."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.audit.checks_text import money_blocks
from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.model.dossier import Dossier, Section
from jixiao.model.source import Location

D = Decimal


def findings(text: str, code: str) -> list[Finding]:
    section = Section("一、说明", text, loc=Location("n.txt", line=1))
    audit = audit_dossier(Dossier(source="n.txt", year=2023, sections=(section,)))
    return [f for f in audit.findings if f.code == code and f.outcome == "finding"]


def change_sentence(now: Decimal, change: Decimal, rate: Decimal) -> str:
    word, move = ("增加", "增长") if change > 0 else ("减少", "下降")
    return f"公务接待费支出{now}万元，与2023年度预算相比，{word}{abs(change)}万元，{move}{rate}%。"


# ---------------------------------------------------------------- N001 at the written precision


def test_a_rate_only_the_rounding_of_its_amounts_allows_is_a_warning() -> None:
    # 0.28 ÷ (1.52 + 0.28) = 15.56% → 16%; 15% needs the amounts rounded (0.2751 ÷ 1.80 = 15.28%)
    (item,) = findings(change_sentence(D("1.52"), D("-0.28"), D("15")), "N001")
    assert item.severity == "warning"
    assert "16%" in item.message and "15%" in item.message


def test_the_rate_the_written_figures_give_is_not_flagged() -> None:
    assert findings(change_sentence(D("1.52"), D("-0.28"), D("16")), "N001") == []


def test_a_rate_no_rounding_allows_stays_an_error() -> None:
    (item,) = findings(change_sentence(D("1.52"), D("-0.28"), D("12")), "N001")
    assert item.severity == "error"


def test_a_rate_against_the_prior_year_is_computed_on_that_base() -> None:
    # 比上年: the base is 62.07 − 38.97 = 23.10, 38.97 ÷ 23.10 = 168.70%
    text = "三公经费支出62.07万元，比上年增加38.97万元，增长168.7%。"
    assert findings(text, "N001") == []


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=2_000_000),
    st.integers(min_value=1, max_value=1_000_000),
    st.booleans(),
    st.sampled_from([0, 1, 2]),
)
def test_rates_rounded_half_up_from_the_written_figures_are_never_flagged(
    base_cents: int, change_cents: int, up: bool, places: int
) -> None:
    base = D(base_cents) / 100
    change = D(change_cents) / 100 if up else -min(D(change_cents) / 100, base - D("0.01"))
    if change == 0:
        return
    now = base + change
    rate = (abs(change) * 100 / base).quantize(D(1).scaleb(-places), ROUND_HALF_UP)
    if rate == 0:
        return  # 增长0% beside an increase is another check's matter (增减方向)
    assert findings(change_sentence(now, change, rate), "N001") == []


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=100, max_value=2_000_000),
    st.integers(min_value=1, max_value=99),
    st.sampled_from([-1, 1]),
)
def test_a_rate_one_place_off_is_flagged_warning_or_error_never_missed(
    base_cents: int, per_cent: int, shift: int
) -> None:
    # a decrease of per_cent % of the base; the rate written one integer off the written figures'
    base = D(base_cents) / 100
    change = -(base * per_cent / 100).quantize(D("0.01"), ROUND_HALF_UP)
    if change == 0:
        return
    right = (abs(change) * 100 / base).quantize(D(1), ROUND_HALF_UP)
    wrong = right + shift
    if wrong < 0:
        return
    flagged = findings(change_sentence(base + change, change, wrong), "N001")
    assert len(flagged) == 1 and flagged[0].severity in ("warning", "error")


# ---------------------------------------------------------------- A001 a money block's 其中 lines


def block(heads: list[tuple[str, str]], rows: list[tuple[str, list[str]]]) -> str:
    """A form's money block a cell a line, blank lines between, blank cells dropped."""
    cells: list[str] = []
    for name, total in heads:
        cells += [name, "(万元)", total]
    for i, (label, figures) in enumerate(rows):
        for figure in figures:
            cells.append(("其中:" if i == 0 else "") + label)
            if figure:
                cells.append(figure)
    return "\n\n".join(["项目负责人", "张三", *cells, "二、项目支出明细情况"])


HEADS = [("计划安排资金", "80"), ("实际到位资金", "80"), ("实际支出", "75.5"), ("结余", "4.5")]


def test_parts_over_a_column_total_are_an_error() -> None:
    text = block(
        HEADS,
        [
            ("中央财政", ["", "", "", ""]),
            ("省财政", ["80", "80", "75.5", "4.5"]),
            ("其它", ["", "6", "", ""]),
        ],
    )
    (item,) = findings(text, "A001")
    assert item.severity == "error"
    assert "实际到位资金" in item.message and "86" in item.message


def test_parts_that_add_up_are_not_flagged() -> None:
    text = block(
        HEADS,
        [("省财政", ["50", "50", "45.5", "4.5"]), ("区财政", ["30", "30", "30", ""])],
    )
    assert findings(text, "A001") == []


def test_parts_short_of_a_total_beside_blank_cells_are_not_judged() -> None:
    # 省 50 under 实际到位资金 80, 区 blank: the blank may be unfilled
    text = block(HEADS, [("省财政", ["50", "50", "45.5", "4.5"]), ("区财政", ["30", "", "30", ""])])
    assert findings(text, "A001") == []


def test_every_part_written_and_short_is_an_error() -> None:
    text = block(HEADS, [("省财政", ["50", "50", "45.5", "4.5"]), ("区财政", ["20", "30", "30", ""])])
    (item,) = findings(text, "A001")
    assert "计划安排资金" in item.message and "70" in item.message


def test_a_row_naming_itself_fewer_times_than_the_columns_places_nothing() -> None:
    # 其它 written three times under four columns: which column 6 is under is not certain
    text = block(HEADS, [("省财政", ["80", "80", "75.5", "4.5"])]).replace(
        "二、项目支出明细情况", "其它\n\n其它\n\n6\n\n其它\n\n二、项目支出明细情况"
    )
    (found,) = list(money_blocks(text))
    assert [label for label, _ in found.rows] == ["省财政"]
    assert findings(text, "A001") == []


def test_a_block_without_其中_rows_is_no_block() -> None:
    text = "\n".join(["计划安排资金(万元)", "80", "实际支出(万元)", "75.5", "省财政", "80", "省财政", "75.5"])
    assert list(money_blocks(text)) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=50_000), min_size=3, max_size=3),
        min_size=1,
        max_size=5,
    ),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=400, max_value=100_000),
)
def test_consistent_blocks_pass_and_one_part_over_is_found(
    table: list[list[int]], column: int, extra_cents: int
) -> None:
    labels = ["中央财政", "省财政", "市财政", "区财政", "其它"]
    names = ["计划安排资金", "实际到位资金", "实际支出"]

    def text(rows: list[list[int]]) -> str:
        totals = [sum(row[k] for row in table) for k in range(3)]  # the totals as written stay
        return block(
            [(name, str(D(t) / 100)) for name, t in zip(names, totals, strict=True)],
            [(labels[i], [str(D(c) / 100) if c else "" for c in row]) for i, row in enumerate(rows)],
        )

    assert findings(text(table), "A001") == []
    altered = [list(row) for row in table]
    altered[0][column] += extra_cents  # beyond any rounding the written figures allow (≤ 0.5 each)
    (item,) = findings(text(altered), "A001")
    assert item.severity == "error" and names[column] in item.message


def test_figures_with_thousands_separators_are_read() -> None:
    heads = [("计划安排资金", "1,200"), ("实际到位资金", "1,200")]
    text = block(heads, [("省财政", ["1,000", "1,000"]), ("市财政", ["200", "250"])])
    (item,) = findings(text, "A001")
    assert "实际到位资金" in item.message and "1250" in item.message
