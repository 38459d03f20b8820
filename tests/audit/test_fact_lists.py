"""Parts, counts and the 三公 lines in the narrative's facts (issue #12): 其中 lists across semicolons and
sentences, items stated with several figures, 三公经费 against its items stated in sentences of their
own, a template's 增加(减少), a figure written shorter than the others, the 年度总体目标 of a table and
the text before the first heading; the facts in ``jixiao audit --format json`` and the HTML report."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.cli.main import main
from jixiao.forms.common.narrative import TextLine
from jixiao.model.dossier import Dossier, Evaluation, Fact, Goal, Section, Val
from jixiao.model.source import Location
from jixiao.narrative.reader import narrative_sections, read_facts

D = Decimal
CODES = ("N001", "N002", "N003", "N005", "N006", "P010", "P012")


def facts(text: str) -> tuple[Fact, ...]:
    return read_facts((Section("一、说明", text, loc=Location("n.txt", line=1)),), 2022)


def findings(text: str, year: int = 2022) -> list[Finding]:
    section = Section("一、说明", text, loc=Location("n.txt", line=1))
    audit = audit_dossier(Dossier(source="n.txt", year=year, sections=(section,)))
    return [f for f in audit.findings if f.code in CODES and f.outcome == "finding"]


# ---------------------------------------------------------------- 其中 lists


def test_a_semicolon_separates_the_items_of_a_list() -> None:
    text = "本项目共完成预算资金89.97万元。其中：30万元用于编制；30万元用于审计；29.99万元用于设计。"
    total, *parts = facts(text)
    assert total.is_total and [p.part_of for p in parts] == [0, 0, 0]
    [found] = findings(text)
    assert found.code == "N005" and found.severity == "error" and found.evidence["expected"] == D("89.99")
    assert findings(text.replace("29.99", "29.97")) == []


def test_an_item_with_a_count_and_an_amount() -> None:
    text = (
        "全年安排项目共计40个，资金1200.5万元。其中评价为“优”的项目30个资金1000万元；"
        "评价为“良”的项目8个资金150.5万元，评价为“中”的项目2个资金50万元（其中新建项目1个20万元）。"
    )
    assert findings(text) == []
    [found] = findings(text.replace("资金150.5万元", "资金250.5万元"))
    assert found.code == "N005" and found.evidence["expected"] == D("1300.5")
    [count] = findings(text.replace("“中”的项目2个", "“中”的项目4个"))
    assert count.code == "N005" and count.severity == "warning" and "42个" in count.message


def test_counts_that_are_not_a_partition_are_left_alone() -> None:
    assert findings("该项目共编制15个绩效指标，其中一级指标3个，二级指标8个，三级指标15个。") == []
    assert findings("职工共10人，其中女职工6人，党员7人。") == []  # overlapping groups
    assert findings("培训3140人，其中创业培训1130人，组织岗位技能培训2000人，审核初级职称528人。") == []


def test_a_sentence_after_a_total_does_not_lend_its_last_figure() -> None:
    text = (
        "2023年度收入合计192.01万元，较上年决算数减少27.31万元，下降12.45%，主要原因是上年有专项经费29.01万元。"
        "其中：财政拨款收入113.71万元；事业收入78.3万元。"
    )
    assert findings(text) == []


def test_an_item_compared_twice_counts_once() -> None:
    text = (
        "公务用车购置及运行维护费为1012万元，较上年1024万元减少12万元，较预算数898万元增加114万元（其中："
        "公务用车购置费209万元，较上年251万元减少42万元，较预算数62万元增加147万元；"
        "公务用车运行维护费803万元，较上年773万元增加30万元，较预算数836万元减少33万元）。"
    )
    assert findings(text) == []
    wrong = text.replace("增加147万元", "增加157万元").replace("预算数62万元", "预算数52万元")
    assert [f.code for f in findings(wrong)] == ["N005"]  # 157 − 33 is not 114, reported once


# ---------------------------------------------------------------- 三公经费 and its items


def test_sangong_items_stated_in_sentences_of_their_own() -> None:
    text = (
        "2022年度三公经费支出决算为57.53万元，比上年减少10.45万元。"
        "因公出国(境)费支出0万元，比上年减少2万元。"
        "公务用车购置及运行费支出57.35万元，比上年减少8万元。"
        "公务接待费支出0.18万元，比上年减少0.45万元。"
    )
    assert findings(text) == []
    [level] = findings(text.replace("57.35万元", "47.35万元"))
    assert level.code == "N005" and level.evidence["expected"] == D("47.53")
    [change] = findings(text.replace("减少8万元", "减少9万元"))
    assert change.code == "N005" and change.evidence["expected"] == D("-11.45")


def test_the_budget_gap_of_the_total_against_its_items() -> None:
    text = (
        "2021年度三公经费支出预算为89.90万元，支出决算为57.53万元，完成预算的63.99%。"
        "因公出国(境)费支出决算0万元，公务用车购置及运行费支出决算57.36万元，公务接待费支出决算0.18万元。"
        "因公出国(境)费支出决算比预算数增加(减少)0万元，增长(下降)0%。"
        "公务用车购置及运行费支出决算数比预算数减少27.54万元。"
        "公务接待费支出决算数比预算数减少4.82万元。"
    )
    assert findings(text, 2021) == []
    [found] = findings(text.replace("减少27.54万元", "减少17.54万元"), 2021)
    assert found.code == "N005" and "32.37" in found.message and found.evidence["expected"] == D("-22.36")


def test_a_template_either_direction_is_read_only_for_zero() -> None:
    [fact] = [
        f for f in facts("因公出国(境)费比预算数增加(减少)0万元，增长(下降)0%。") if f.change is not None
    ]
    assert fact.change is not None and fact.change.num == 0
    assert not [f for f in facts("公务接待费比预算增加(减少)3万元。") if f.change is not None]


# ---------------------------------------------------------------- a figure written short


def test_a_short_figure_taken_as_exact_is_a_warning() -> None:
    text = (
        "一、2022年预算：公务接待11.8万元，公务用车运行费用10万元。"
        "二、2021年决算：公务接待12.39万元，公务用车运行费用7.73万元。"
        "2022年公务接待较上年减少0.58万元，公务用车运行费用较上年增加2.27万元。"
    )
    [found] = findings(text)
    assert found.code == "N001" and found.severity == "warning" and "0.59" in found.message
    assert findings(text.replace("减少0.58", "减少0.59")) == []


# ---------------------------------------------------------------- goals, the text before the first heading


def _goal_audit(first: Location, second: Location) -> list[Finding]:
    goal = Goal(
        expected=(Val("本项目共申请资金100万元，其中：设备40万元，培训30万元，", loc=first),),
        achieved=(Val("宣传40万元。", loc=second),),
    )
    evaluation = Evaluation(
        kind="project", template="t", title="项目支出绩效自评表", name=Val("某项目"), goal=goal
    )
    audit = audit_dossier(Dossier(source="g.txt", year=2022, evaluations=(evaluation,)))
    return [f for f in audit.findings if f.code == "N005" and f.outcome == "finding"]


def test_the_goal_of_a_table_is_narrative() -> None:
    """A flattened table cut the sentence into two cells of one line: read as that line, found."""
    [found] = _goal_audit(Location(file="g.txt", line=7), Location(file="g.txt", line=7))
    assert found.severity == "error" and found.evidence["expected"] == D("110") and "某项目" in found.message
    assert found.location is not None and "7" in found.location


def test_the_goal_cells_of_a_grid_are_read_each_at_its_cell() -> None:
    """Two cells of a Word table are two texts: a figure is located at its own cell and the sentence
    of one is not completed with the other's figures."""
    first = Location(file="g.docx", table=1, row=3, col=1)
    second = Location(file="g.docx", table=1, row=3, col=2)
    assert _goal_audit(first, second) == []


def test_the_text_before_the_first_heading_is_read() -> None:
    lines = [
        TextLine("2021年度三公经费支出预算为10万元，支出决算为8万元，完成预算的80%。", 1),
        TextLine("(三)公务接待费支出2万元，其中：", 2),
        TextLine("国内接待费支出2万元。", 3),
    ]
    heading = Section(
        "(三)公务接待费支出2万元，其中：", "国内接待费支出2万元。", loc=Location("x.txt", line=2)
    )
    sections = narrative_sections("x.txt", lines, (heading,))
    assert [s.heading for s in sections] == ["", heading.heading]
    assert any(f.value is not None and f.value.num == 8 for f in read_facts(sections))


# ---------------------------------------------------------------- properties

_CENT = D("0.01")
amounts = st.integers(min_value=0, max_value=1_000_000).map(lambda n: (D(n) / 100).quantize(_CENT))
changes = st.integers(min_value=-100_000, max_value=100_000).map(lambda n: (D(n) / 100).quantize(_CENT))


def _move(text: str) -> str:
    return ("增加" if text[0] != "-" else "减少") + text.lstrip("-") + "万元"


@settings(max_examples=50, deadline=None)
@given(
    abroad=amounts,
    cars=amounts,
    reception=amounts,
    d1=changes,
    d2=changes,
    d3=changes,
    which=st.sampled_from(range(6)),
)
def test_sangong_consistent_figures_give_no_finding_and_one_changed_gives_one(
    abroad: Decimal, cars: Decimal, reception: Decimal, d1: Decimal, d2: Decimal, d3: Decimal, which: int
) -> None:
    figures = [abroad, cars, reception, d1, d2, d3]

    def text(f: list[Decimal]) -> str:
        total, delta = f[0] + f[1] + f[2], f[3] + f[4] + f[5]
        return (
            f"2022年三公经费支出{total}万元，比上年{_move(str(delta))}。"
            f"因公出国(境)费{f[0]}万元，比上年{_move(str(f[3]))}。"
            f"公务用车购置及运行费{f[1]}万元，比上年{_move(str(f[4]))}。"
            f"公务接待费{f[2]}万元，比上年{_move(str(f[5]))}。"
        )

    assert findings(text(figures)) == []
    consistent = text(figures)
    # one item's figure changed beyond rounding (the total as written stays)
    sentences = consistent.split("。")
    changed = list(figures)
    changed[which] += D("0.5") if changed[which] >= 0 else D("-0.5")
    sentences[1 + which % 3] = text(changed).split("。")[1 + which % 3]
    found = findings("。".join(sentences))
    assert [f.code for f in found] == ["N005"]


@settings(max_examples=50, deadline=None)
@given(
    parts=st.lists(amounts.filter(lambda a: a >= 1), min_size=3, max_size=6),
    sep=st.sampled_from(["；", "，"]),
)
def test_parts_in_any_list_form(parts: list[Decimal], sep: str) -> None:
    total = sum(parts, D(0))
    items = sep.join(f"{v}万元用于第{i + 1}类支出" for i, v in enumerate(parts))
    text = f"本项目共安排资金{total}万元。其中：{items}。"
    assert findings(text) == []
    over = text.replace(f"{parts[-1]}万元用于第{len(parts)}类", f"{parts[-1] + 1}万元用于第{len(parts)}类")
    assert [(f.code, f.severity) for f in findings(over)] == [("N005", "error")]


# ---------------------------------------------------------------- the facts in the audit's output

_REPORT = (
    "一、三公经费说明\n"
    "2022年三公经费支出50万元，比上年减少10万元，下降16.67%。其中：因公出国(境)费0万元，"
    "公务用车购置及运行费40万元，公务接待费10万元。\n"
)


def test_audit_json_lists_facts_by_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "说明.txt"
    document.write_text(_REPORT, encoding="utf-8")
    main(["audit", str(document), "--format", "json"])
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    [section] = doc["statements"]
    assert section["section"] == "一、三公经费说明"
    values = [f["value"]["num"] for f in section["facts"] if "value" in f]
    assert values == [50, 0, 40, 10]
    assert section["facts"][0]["change"]["num"] == -10


def test_audit_html_shows_each_sentence_beside_its_facts(tmp_path: Path) -> None:
    document = tmp_path / "说明.txt"
    document.write_text(_REPORT, encoding="utf-8")
    out = tmp_path / "审核.html"
    main(["audit", str(document), "--format", "html", "-o", str(out)])
    page = out.read_text(encoding="utf-8")
    table = page[page.index("<details class='facts'>") :]
    assert "<th>原文</th>" in table and "rowspan='3'" in table  # the 其中 sentence and its three facts
    assert "2022年三公经费支出50万元" in table and "公务接待费" in table


# ---------------------------------------------------------------- one figure stated twice


def test_one_allocation_stated_with_two_values() -> None:
    text = "2022年度某某专项资金预算安排5万元，用于培训。2022年度某某专项资金预算安排6万元，已全部下达。"
    [found] = findings(text)
    assert found.code == "N006" and found.severity == "warning" and "6万元" in found.message
    assert findings(text.replace("6万元", "5万元")) == []
    assert findings(text.replace("6万元", "50万元")) == []  # far apart: another scope, not one figure
