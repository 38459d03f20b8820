"""决算说明's own words for a change (增支/减支/增收/减收) and figures damaged by a wrong encoding."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.model.dossier import Dossier, Fact, Section
from jixiao.model.source import Location
from jixiao.narrative.reader import read_facts

D = Decimal


def facts(text: str) -> tuple[Fact, ...]:
    return read_facts((Section("一、支出决算说明", text, loc=Location("n.txt", line=1)),), 2022)


def errors(text: str) -> list[Finding]:
    section = Section("一、支出决算说明", text, loc=Location("n.txt", line=1))
    audit = audit_dossier(Dossier(source="n.txt", year=2022, sections=(section,)))
    return [f for f in audit.findings if f.code.startswith("N") and f.severity == "error"]


def test_zengzhi_is_the_change_not_the_year_compared_with() -> None:
    [fact] = facts("人大事务1087万元，较上年增支204万元，增长23.1%。")
    assert fact.value is not None and fact.value.num == D("1087")
    assert fact.change is not None and fact.change.num == D("204")
    assert fact.change_rate is not None and fact.change_rate.num == D("23.1")
    assert errors("人大事务1087万元，较上年增支204万元，增长23.1%。") == []


def test_jianzhi_and_jianshou_are_decreases() -> None:
    [spent] = facts("税收事务2200万元，较上年减支1100万元，下降33.3%。")
    assert spent.change is not None and spent.change.num == D("-1100")
    [income] = facts("非税收入3000万元，较上年减收600万元，下降16.7%。")
    assert income.change is not None and income.change.num == D("-600")
    assert errors("税收事务2200万元，较上年减支1100万元，下降33.3%。") == []


def test_a_wrong_rate_after_zengzhi_is_one_error() -> None:
    found = errors("财政事务2261万元，较上年增支379万元，增长25.1%。")  # 379 / 1882 = 20.14%
    assert len(found) == 1 and "20.14%" in found[0].message


def test_a_figure_after_a_lost_character_is_not_read() -> None:
    # "?8639萬元": GBK read in another encoding; its leading digit went with the lost character
    text = "（一）一般公共服务支出?8639万元，较上年减支5273万元，下降9.8%，主要是上年新馆建设支出的影响。"
    assert all(f.value is None or f.value.num != D("8639") for f in facts(text))
    assert errors(text) == []


@given(
    now=st.integers(min_value=100, max_value=99_999),
    change=st.integers(min_value=1, max_value=99_999),
    up=st.booleans(),
)
def test_consistent_spending_changes_give_no_error(now: int, change: int, up: bool) -> None:
    before = now - change if up else now + change
    if before <= 0:
        return
    rate = (D(change) / D(before) * 100).quantize(D("0.1"), rounding="ROUND_HALF_UP")
    word, trend = ("增支", "增长") if up else ("减支", "下降")
    assert errors(f"审计事务{now}万元，较上年{word}{change}万元，{trend}{rate}%。") == []


def test_a_comparison_on_the_same_basis_is_checked() -> None:
    text = "“三公”经费决算支出数为1165.08万元，按同口径同比减少63.96万元，下降5.2%。"
    [fact] = facts(text)
    assert fact.change is not None and fact.change.num == D("-63.96")
    assert errors(text) == []
    assert len(errors(text.replace("下降5.2%", "下降6.2%"))) == 1  # 63.96 / 1229.04 = 5.20%


def test_savings_and_words_that_contain_zeng_are_not_changes() -> None:
    # 节支率 is the savings' share of the budget, not a change against another year
    assert errors("项目预算资金120.00万元，节支6.00万元，节支率5.00%。") == []
    subjects = {f.subject for f in facts("新增支出50万元，较上年增加5万元，增长11.1%。")}
    assert "新增支出" in subjects
    assert errors("其中增收节支50万元，增长11.1%。") == []


def test_a_full_width_question_mark_ends_its_sentence() -> None:
    [fact] = facts("资金是否到位？100.00万元已全部到位，较上年增加20.00万元，增长25%。")
    assert fact.value is not None and fact.value.num == D("100.00")
    assert errors("资金是否到位？100.00万元已全部到位，较上年增加20.00万元，增长25%。") == []
