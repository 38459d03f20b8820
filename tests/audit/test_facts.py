"""The narrative's facts (jixiao.narrative) and the checks over them (jixiao.audit.checks_facts)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.audit.finding import DocumentAudit, Finding
from jixiao.audit.run import audit_dossier
from jixiao.model.dossier import Dossier, Fact, Section
from jixiao.model.source import Location
from jixiao.narrative.reader import read_facts

D = Decimal
CODES = ("N001", "N002", "N003", "N005", "P010", "P012")


def facts(text: str) -> tuple[Fact, ...]:
    return read_facts(
        (Section("一、说明", text, loc=Location("n.txt", line=1, line_end=1 + text.count("\n"))),), 2022
    )


def audit(text: str) -> DocumentAudit:
    section = Section("一、说明", text, loc=Location("n.txt", line=1))
    return audit_dossier(Dossier(source="n.txt", year=2022, sections=(section,)))


def narrative_findings(text: str) -> list[Finding]:
    return [f for f in audit(text).findings if f.code in CODES and f.outcome == "finding"]


# ---------------------------------------------------------------- the grammar, clause by clause


def test_change_completion_and_rate_in_one_sentence() -> None:
    [fact] = facts(
        "三公经费支出决算为62.07万元，完成全年预算84.82万元的73.2%，比上年决算数增加38.97万元，增长168.7%。"
    )
    assert fact.value is not None and fact.value.num == D("62.07") and fact.measure == "决算"
    assert (
        fact.whole_value is not None
        and fact.whole_value.num == D("84.82")
        and fact.ratio_kind == "completion"
    )
    assert fact.change is not None and fact.change.num == D("38.97") and fact.against == "2021年"
    assert fact.change_rate is not None and fact.change_rate.num == D("168.7")


def test_the_budget_is_not_the_base_of_the_change() -> None:
    # the false alarm: 84.82 (the budget) was taken as the amount that grew
    text = "支出决算为62.07万元，完成全年预算84.82万元的73.2%，比上年决算数增加38.97万元，增长168.7%。"
    assert narrative_findings(text) == []


def test_a_decrease_is_negative_and_two_comparisons_are_two_facts() -> None:
    found = facts("2020年度三公经费41万元，较上年减少19万元，下降43.78%，较年初预算数减少4万元，下降2.2%。")
    assert [(f.against, f.change.num if f.change else None) for f in found] == [
        ("2019年", D(-19)),
        ("预算", D(-4)),
    ]
    assert {f.code for f in narrative_findings("三公经费41万元，较上年减少19万元，下降43.78%。")} == {"N001"}


def test_parts_of_a_total() -> None:
    text = "2022年度三公经费预算总计21.8万元，其中：因公出国(境)经费0万元，公务接待11.8万元，公务用车运行费用10万元。"
    total, *parts = facts(text)
    assert total.is_total and [p.part_of for p in parts] == [0, 0, 0]
    assert parts[0].subject == "因公出国(境)经费" and parts[1].period == "2022年"
    assert narrative_findings(text) == []
    fewer = "本项目共完成预算资金89.97万元。其中：30万元用于编制；30万元用于审计。"
    assert narrative_findings(fewer) == []  # two items fewer than the total: a list may name only some
    wrong = fewer.replace("用于审计。", "用于审计；29.99万元用于设计。")  # ";" separates the items
    assert [f.code for f in narrative_findings(wrong)] == ["N005"]
    over = "本项目共完成预算资金89.97万元，其中：编制30万元，审计30万元，设计29.99万元。"
    [found] = narrative_findings(over)
    assert found.code == "N005" and found.evidence["expected"] == D("89.99")


def test_a_change_stated_after_the_figure_sentence() -> None:
    text = "2022年度财政拨款支出2995.46万元。与2021年度相比，财政拨款支出减少8.62万元，下降2.87%。"
    [found] = narrative_findings(text)
    assert found.code == "N001" and found.evidence["amount"] == D("2995.46")


def test_the_base_stated_after_bi() -> None:
    text = "比上年财政总收入238960.28万元减少35418.74万元，下降14.82%。"
    assert narrative_findings(text) == []
    assert {f.code for f in narrative_findings(text.replace("14.82", "15.82"))} == {"N001"}


def test_respective_changes() -> None:
    text = "收入总计7562.45万元，支出总计6632.48万元，与2023年度相比，收入、支出总计各增加1412.7万元、2062.79万元，增长22.97%、45.14%。"
    assert narrative_findings(text) == []
    wrong = text.replace("22.97%、45.14%", "15.74%、23.72%")
    assert len(narrative_findings(wrong)) == 2


def test_traditional_full_width_and_thousands() -> None:
    text = "公務接待費支出１，１２４．０５萬元，比２０１６年減少４５５．９６萬元，降低２８．８６％。"
    [fact] = facts(text)
    assert fact.value is not None and fact.value.num == D("1124.05") and fact.against == "2016年"
    assert narrative_findings(text) == []
    assert {f.code for f in narrative_findings(text.replace("２８．８６", "２８．８５"))} == {"N001"}


def test_not_comparable_and_rate_in_parentheses() -> None:
    assert narrative_findings("公务接待费0万元，比上年增加0.5万元，增长--。") == []
    [found] = narrative_findings("公务接待费2.30万元，较上年减少1.5万元（42.86%）。")
    assert found.code == "N001" and found.evidence["stated"] == D("42.86")


def test_unit_written_wrong_in_a_completion() -> None:
    text = "三公经费支出预算为494,400.00万元，支出决算为115,749.56元，完成预算的23.41%。"
    codes = {f.code for f in narrative_findings(text)}
    assert codes == {"N003", "P010"}


def test_a_figure_the_reader_cannot_tie_is_not_guessed() -> None:
    found = audit("与上年相比，收、支总计各减少1833.77万元，下降36.44%。").findings
    assert [f.outcome for f in found if f.code == "N001"] == ["could_not_check"]


# ---------------------------------------------------------------- properties

_CENT = D("0.01")


def _r(value: Decimal, places: str) -> Decimal:
    return value.quantize(D(places), rounding=ROUND_HALF_UP)


# amounts in 万元 written to the cent, as published
amounts = st.integers(min_value=1000, max_value=10_000_000).map(lambda n: (D(n) / 100).quantize(_CENT))


@settings(max_examples=60, deadline=None)
@given(now=amounts, then=amounts, places=st.sampled_from(["0.1", "0.01"]))
def test_consistent_changes_give_no_finding_and_a_wrong_rate_gives_one(
    now: Decimal, then: Decimal, places: str
) -> None:
    if now == then:
        return
    delta = now - then
    rate = _r(abs(delta) * 100 / then, places)
    up = delta > 0
    text = (
        f"2022年度公务接待费{now}万元，比上年{'增加' if up else '减少'}{abs(delta)}万元，"
        f"{'增长' if up else '下降'}{rate}%。"
    )
    assert narrative_findings(text) == []
    wrong = text.replace(f"{rate}%", f"{_r(rate * D('1.5') + 5, places)}%")  # beyond any rounding
    assert [f.code for f in narrative_findings(wrong)] == ["N001"]


@settings(max_examples=60, deadline=None)
@given(spent=amounts, budget=amounts)
def test_consistent_completion_and_parts(spent: Decimal, budget: Decimal) -> None:
    rate = _r(spent * 100 / budget, "0.01")
    text = f"三公经费支出决算为{spent}万元，完成全年预算{budget}万元的{rate}%。"
    assert narrative_findings(text) == []
    wrong = text.replace(f"{rate}%", f"{_r(rate * D('1.5') + 5, '0.01')}%")
    assert [f.code for f in narrative_findings(wrong)] == ["N003"]
    a, b = _r(spent / 3, "0.01"), _r(spent / 5, "0.01")
    total = a + b + budget
    parts = f"支出合计{total}万元，其中：基本支出{a}万元，项目支出{b}万元，其他支出{budget}万元。"
    assert narrative_findings(parts) == []
    assert [f.code for f in narrative_findings(parts.replace(f"合计{total}", f"合计{total - 1}"))] == ["N005"]


def test_the_same_figure_written_in_yuan_once_is_a_warning() -> None:
    """2089元 where the other statement of the same subject says 2089万元 (P012, a warning: only the
    unit differs, and which is meant the text does not prove)."""
    text = (
        "2023年一般公共预算财政拨款支出2089万元，比上年增加100万元。"
        "一般公共预算财政拨款支出2089元，主要用于人员经费。"
    )
    [found] = narrative_findings(text)
    assert found.code == "P012" and found.severity == "warning" and "2089元" in found.message
    assert not narrative_findings(text.replace("2089元", "2089万元"))


@settings(max_examples=60, deadline=None)
@given(part=amounts, rest=amounts, places=st.sampled_from(["0.1", "0.01"]))
def test_consistent_shares_give_no_finding_and_a_wrong_share_gives_one(
    part: Decimal, rest: Decimal, places: str
) -> None:
    """占 S%: the share of a part in its whole, written to one or two decimals as published."""
    whole = part + rest
    share = _r(part * 100 / whole, places)
    text = f"2022年度支出总额{whole}万元，其中项目支出{part}万元，占支出总额的{share}%。"
    assert narrative_findings(text) == []
    off = share + 30 if share < 50 else share - 30  # beyond any rounding, whatever the share
    wrong = text.replace(f"{share}%", f"{_r(off, places)}%")
    assert [f.code for f in narrative_findings(wrong)] == ["N002"]
