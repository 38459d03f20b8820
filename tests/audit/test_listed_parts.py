"""A labelled total written a line each with its 其中 lines under it (a checklist form's 预算资金安排:
"年度预算资金总额: 321.25 / 其中:中央补助 166.00 / 市级资金 136.00 / 本级资金 20.25"): A001 says so when the
parts exceed the total beyond the rounding of what is written, or when the list is closed and they fall
short; a list that may go on, name something twice, or be another breakdown is not judged."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.audit.checks_text import listed_parts
from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text
from jixiao.model.dossier import Dossier, Section
from jixiao.model.source import Location

D = Decimal


def a001(text: str, heading: str = "一、预算资金安排") -> list[Finding]:
    section = Section(heading, text, loc=Location("f.txt", line=1))
    audit = audit_dossier(Dossier(source="f.txt", year=2024, sections=(section,)))
    return [f for f in audit.findings if f.code == "A001" and f.outcome == "finding"]


def form(total: str, parts: list[tuple[str, str]], after: str = "其中:") -> str:
    lines = ["专项补助资金(万元)", f"年度预算资金总额: {total} "]
    lines += [("其中:" if i == 0 else "") + f"{label} {figure} " for i, (label, figure) in enumerate(parts)]
    return "\n".join(lines + ([after] if after else []))


SOURCES = [("中央补助", "166.00"), ("市级资金", "136.00"), ("本级资金(包括结转结余)", "20.25")]


def test_parts_over_the_total_are_an_error() -> None:
    found = a001(form("321.25", SOURCES))
    assert len(found) == 1 and found[0].severity == "error"
    assert "322.25" in found[0].message and "多于总额" in found[0].message
    assert found[0].message.startswith("“一、预算资金安排”专项补助资金：年度预算资金总额 321.25 万元")
    assert found[0].evidence["stated"] == D("321.25") and found[0].evidence["sum"] == D("322.25")


def test_parts_that_add_up_say_nothing() -> None:
    assert a001(form("322.25", SOURCES)) == []


def test_rounding_of_whole_figures_is_allowed() -> None:
    # 166 + 136 + 20 stand for 165.5–166.5, …: 322.25 is within their rounding
    assert a001(form("322.25", [("中央补助", "166"), ("市级资金", "136"), ("本级资金", "20")])) == []


def test_a_closed_list_short_of_the_total_is_an_error() -> None:
    found = a001(form("330.00", SOURCES))
    assert len(found) == 1 and "少于总额" in found[0].message


def test_a_list_that_may_go_on_is_not_judged_short() -> None:
    # the next line names one more source with its figure left blank: the list is not closed
    assert a001(form("330.00", SOURCES, after="其他资金")) == []


def test_a_list_that_may_go_on_is_still_judged_over() -> None:
    assert len(a001(form("321.25", SOURCES, after="其他资金"))) == 1


def test_a_part_named_twice_or_with_deng_is_not_judged() -> None:
    assert a001(form("300.00", [("中央补助", "166.00"), ("中央补助", "166.00")])) == []
    assert a001(form("300.00", [("中央、省级等补助", "266.00"), ("本级资金", "66.00")])) == []


def test_another_measure_after_the_parts_ends_them() -> None:
    # "执行数 95" is the total's execution, not one more part
    text = "年度资金总额: 100\n其中:中央补助 60\n市级资金 40\n全年执行数 95"
    assert a001(text) == []


def test_first_parts_making_the_total_end_the_list() -> None:
    # 财政拨款 is the whole; the lines after it break it down another way
    text = "年度资金总额: 100\n其中:财政拨款 100\n中央补助 60\n市级资金 40"
    assert a001(text) == []


def test_a_nested_list_ends_the_parts() -> None:
    text = "年度资金总额: 100\n其中:中央补助 60\n其中:专项补助 50\n市级资金 40"
    assert a001(text) == []


def test_units_that_differ_are_not_judged() -> None:
    text = "年度资金总额: 100万元\n其中:中央补助 600000元\n市级资金 40万元"
    assert a001(text) == []


def test_a_row_of_several_figures_is_not_a_label() -> None:
    text = "年度资金总额: 8.41 8.41 10 100.00% 10\n其中:本年财政拨款 8.41 8.41 1 10\n上年结转资金 3"
    assert list(listed_parts(text)) == []


def test_prose_with_qizhong_is_not_read_as_lines() -> None:
    text = "本年度资金总额321.25万元，其中中央补助166万元、市级资金136万元，资金已全部拨付。"
    assert list(listed_parts(text)) == []
    # counts, not money: no part names money
    assert list(listed_parts("项目合计15个，其中新建项目8个，续建项目8个。")) == []


def test_one_sentence_without_units_is_judged_over_only() -> None:
    """A checklist cell writing the list in one sentence: parts over the total are an error; short of
    it, nothing (a sentence's 其中 may name only some parts)."""
    over = a001("年度预算资金总额:321.25,其中:中央补助166.00,市级资金136.00,本级资金20.25。")
    assert len(over) == 1 and "322.25" in over[0].message
    assert a001("年度预算资金总额:330.00，其中：中央补助166.00，市级资金136.00，本级资金20.25。") == []
    assert a001("年度预算资金总额:1,084.25，其中：中央补助668.00，市级资金343.00，本级资金73.25") == []


def test_one_sentence_with_units_is_left_to_the_narrative_facts() -> None:
    """ "资金总额321.25万元，其中中央补助166万元、…" is a narrative fact: N005 reports it, A001 does not again."""
    text = "年度资金总额321.25万元，其中中央补助166万元、市级资金136万元、本级资金20.25万元。"
    assert list(listed_parts(text)) == []
    section = Section("一、预算资金安排", text, loc=Location("f.txt", line=1))
    codes = [f.code for f in audit_dossier(Dossier(source="f.txt", year=2024, sections=(section,))).findings]
    assert "N005" in codes and "A001" not in codes


def test_a_checklist_text_without_headings_is_audited() -> None:
    """A whole text with no heading and no form: its lines are the narrative the audit reads."""
    text = "\n".join(
        [
            "某县2024年度转移支付项目绩效自评表",
            "指标名称 指标解释 记录",
            "预算资金安排 2024年度转移支付资金预算安排情况。",
            "专项补助资金(万元)",
            "年度预算资金总额: 321.25 ",
            "其中:中央补助 166.00 ",
            "市级资金 136.00 ",
            "本级资金(包括结转结余) 20.25 ",
            "其中:",
            "资金下达 资金发放及时性 在30日内正式下达。",
        ]
    )
    dossier = load_text(text, "c.txt")
    assert len(dossier.sections) == 1 and dossier.sections[0].heading == ""
    found = [f for f in audit_dossier(dossier).findings if f.code == "A001"]
    assert len(found) == 1 and found[0].severity == "error" and "322.25" in found[0].message


cents = st.integers(min_value=1, max_value=10_000_000).map(lambda n: D(n).scaleb(-2))


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(cents, min_size=2, max_size=5), slip=st.integers(min_value=-500, max_value=500))
def test_two_decimal_parts_are_judged_by_their_exact_sum(parts: list[Decimal], slip: int) -> None:
    """Figures written to the cent: a difference of more than their rounding (½ cent each) is an error,
    over or (the list being closed) short; an exact sum is none."""
    total = sum(parts, D(0)) + D(slip).scaleb(-2)
    if total <= 0:
        return
    labels = ["中央补助", "省级资金", "市级资金", "县级资金", "其他资金"]
    found = a001(form(f"{total:.2f}", [(labels[i], f"{p:.2f}") for i, p in enumerate(parts)]))
    prefix = D(0)
    for p in parts[:-1]:
        prefix += p
        if abs(prefix - total) <= D("0.005") * (len(parts) + 1):
            return  # the first parts make the total: the rest is not judged
    tolerance = D("0.005") * (len(parts) + 1)
    if abs(sum(parts, D(0)) - total) <= tolerance:
        assert found == []
    else:
        assert len(found) == 1 and found[0].evidence["sum"] == sum(parts, D(0))
        assert ("多于总额" in found[0].message) == (slip < 0)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(cents, min_size=2, max_size=5), short=st.integers(min_value=1, max_value=10_000))
def test_a_list_left_open_is_never_an_error_when_short(parts: list[Decimal], short: int) -> None:
    """Parts falling short of the total, the list followed by a line that may be one more part: nothing."""
    total = sum(parts, D(0)) + D(short)
    labels = ["中央补助", "省级资金", "市级资金", "县级资金", "其他资金"]
    text = form(f"{total:.2f}", [(labels[i], f"{p:.2f}") for i, p in enumerate(parts)], after="自筹资金")
    assert a001(text) == []
