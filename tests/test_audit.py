"""Audit checks: each one on a real error in the seeds (with its location and figures) and on a
clean, consistent dossier where it must stay silent."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest
from tests.conftest import SEED_FILES

from jixiao.audit.finding import CHECKS, DocumentAudit, Finding
from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_path
from jixiao.model import Budget, BudgetRow, Dossier, Evaluation, Indicator, Location, Val

D = Decimal


@pytest.fixture(scope="module")
def audits() -> dict[str, DocumentAudit]:
    return {key: audit_dossier(load_path(path)) for key, path in SEED_FILES.items()}


def codes(audit: DocumentAudit, code: str) -> list[Finding]:
    return [f for f in audit.findings if f.code == code]


def money(text: str) -> Val:
    return Val(text=text, num=D(text), unit="万元")


def points(text: str) -> Val:
    return Val(text=text, num=D(text))


def clean_dossier() -> Dossier:
    """A Hunan project table where every figure agrees with the rules."""
    rows = [
        ("产出指标", "数量指标", "培训人数", "≥100人", "120人", "30"),
        ("产出指标", "质量指标", "合格率", "≥95%", "98%", "20"),
        ("效益指标", "社会效益指标", "就业人数", "≥50人", "55人", "30"),
        ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", "10"),
    ]
    indicators = tuple(
        Indicator(
            level1=l1,
            level2=l2,
            name=name,
            target=Val(text=t),
            actual=Val(text=a),
            weight=points(w),
            score=points(w),
            level1_points=points({"产出指标": "50", "效益指标": "30", "满意度指标": "10"}[l1]),
            loc=Location(file="clean.txt", table=1, row=i + 5),
        )
        for i, (l1, l2, name, t, a, w) in enumerate(rows)
    )
    budget = Budget(
        total=BudgetRow(
            label="年度资金总额", initial=money("100"), adjusted=money("100"), executed=money("100")
        ),
        parts=(
            BudgetRow(
                label="其中：当年财政拨款", initial=money("100"), adjusted=money("100"), executed=money("100")
            ),
        ),
        weight=points("10"),
        rate=Val(text="100%", num=D(100), unit="%"),
        score=points("10"),
    )
    evaluation = Evaluation(
        kind="project",
        template="hunan-project",
        title="2023年度项目支出绩效自评表",
        name=Val(text="培训项目"),
        budget=budget,
        indicators=indicators,
        declared_points=points("100"),
        declared_total=points("100"),
        signature=(("填报日期", Val(text="2024.5.30")),),
    )
    return Dossier(
        source="clean.txt",
        year=2023,
        report_date=Val(text="2024年5月30日"),
        evaluations=(evaluation,),
        facts=(("编制数", points("20")), ("在职人数", points("18"))),
    )


def test_clean_dossier_has_no_findings() -> None:
    audit = audit_dossier(clean_dossier())
    assert audit.findings == ()
    assert audit.summary.error == 0


def test_every_check_is_exercised_by_a_seed(audits: dict[str, DocumentAudit]) -> None:
    seen = {f.code for audit in audits.values() for f in audit.findings}
    # The seeds' sums, stated rates and 控制率 add up, and their blank cells are marked 无: those checks
    # are shown failing on altered copies below.
    assert {c.code for c in CHECKS} - seen <= {
        "A001",
        "A002",
        "A003",
        "A004",
        "A005",
        "A007",  # no seed holds a 三公经费 table (tests/audit/test_sangong_checks.py)
        "C003",
        "K001",
        "K004",
        "K009",
        "N002",
        "N003",
        "N005",
        "N006",  # one figure stated twice: tests/audit/test_fact_lists.py
        "O001",  # values read by OCR from a scan: the seeds are text (tests/ocr shows it on their scans)
        "P006",
        "P009",
        "P010",
        "P012",
        "S004",
        "W003",
    }


def test_first_level_weights_the_form_does_not_state_are_checked_against_the_pack_as_a_warning() -> None:
    """Read against a pack's prescribed 一级 weights, rows that weigh otherwise are a warning (W003), not
    an error: the form may follow another rule (on the corpus, Sichuan and Yunnan forms read under another
    family's pack gave six false W001 errors). Weights the form states itself stay W001 errors."""
    dossier = clean_dossier()
    [evaluation] = dossier.evaluations
    unstated = tuple(
        msgspec.structs.replace(
            i,
            level1_points=None,
            weight=points("10") if i.name == "合格率" else i.weight,
            score=points("10") if i.name == "合格率" else i.score,
        )
        for i in evaluation.indicators
    )
    audit = audit_dossier(
        msgspec.structs.replace(
            dossier, evaluations=(msgspec.structs.replace(evaluation, indicators=unstated),)
        )
    )
    assert not codes(audit, "W001")
    [warning] = codes(audit, "W003")
    assert warning.severity == "warning" and "产出指标各项分值之和为 40" in warning.message
    assert "规定该一级指标为 50 分" in warning.message
    stated_wrong = tuple(
        msgspec.structs.replace(i, level1_points=points("60")) if i.level1 == "产出指标" else i
        for i in evaluation.indicators
    )
    audit = audit_dossier(
        msgspec.structs.replace(
            dossier, evaluations=(msgspec.structs.replace(evaluation, indicators=stated_wrong),)
        )
    )
    assert [f.severity for f in codes(audit, "W001")] == ["error"] and not codes(audit, "W003")


def test_s001_execution_points_against_rate(audits: dict[str, DocumentAudit]) -> None:
    [found] = codes(audits["004"], "S001")
    assert found.severity == "error" and "60.76%" in found.message and "12.15" in found.message
    assert found.evidence == {
        "declared": D("20"),
        "expected": D("12.15"),
        "rate": D("60.76"),
        "explanation": "执行率 = 27.34/45.00 = 60.76%，得分 = 20×60.76% = 12.15",
    }
    [rounded] = codes(audits["000"], "S001")  # 9.20 from the rounded 92%: noted, not an error
    assert rounded.severity == "info" and rounded.location == "000_1afaa083905f87c4.txt:表8:行4:列8"


def test_s002_reverse_indicator_scored_full(audits: dict[str, DocumentAudit]) -> None:
    found = [f for f in codes(audits["000"], "S002") if "职称评定通过率" in f.message]
    assert [f.location for f in found] == [
        "000_1afaa083905f87c4.txt:表3:行28:列8",
        "000_1afaa083905f87c4.txt:表4:行14:列8",
    ]
    assert found[0].evidence["declared"] == D("2") and found[0].evidence["expected"] == D("1.10")


def test_s002_rubric_row_against_its_own_standard(audits: dict[str, DocumentAudit]) -> None:
    [found] = codes(audits["002"], "S002")
    assert "预算调整率" in found.message and "35.59%" in found.message
    assert found.evidence["declared"] == D("3") and found.evidence["expected"] == D("0.00")


def test_s003_total(audits: dict[str, DocumentAudit]) -> None:
    found = {f.location: f for f in codes(audits["004"], "S003")}
    assert found["004_715d5a522d8fefaf.txt:第99页:第4228-4363行"].evidence["expected_high"] == D("92.15")
    assert not codes(audits["000"], "S003") or all(
        "业务工作经费" in f.message or "运行维护经费" in f.message for f in codes(audits["000"], "S003")
    )


def test_w001_w002_weights_110(audits: dict[str, DocumentAudit]) -> None:
    w1 = [f for f in codes(audits["000"], "W001") if "运行维护经费" in f.message]
    assert w1 and w1[0].evidence == {"declared": D("50"), "sum": D("60"), "level1": "产出指标"}
    w2 = [f for f in codes(audits["001"], "W002")]
    assert len(w2) == 6 and all(f.evidence["sum"] == D("110") for f in w2)


def test_c001_placeholders(audits: dict[str, DocumentAudit]) -> None:
    texts = [f.evidence["text"] for f in codes(audits["000"], "C001")]
    assert texts == ["及时支付某某经费，多少日内支付", "及时组织招聘工作，多少日内完成招聘工作"]


def test_c002_template_instruction_left_in(audits: dict[str, DocumentAudit]) -> None:
    [found] = codes(audits["001"], "C002")
    assert (
        "简要概述预算单位主要职能" in found.message and found.location == "001_31dacd2bd455d258.txt:第23-24行"
    )


def test_c003_missing_values_and_not_applicable() -> None:
    dossier = clean_dossier()
    evaluation = dossier.evaluations[0]
    blank = evaluation.indicators[0].__class__(
        **{**_fields(evaluation.indicators[0]), "actual": Val(text="")}
    )
    changed = Dossier(
        source="x", year=2023, evaluations=(Evaluation(**{**_fields(evaluation), "indicators": (blank,)}),)
    )
    assert [f.message for f in codes(audit_dossier(changed), "C003")] == ["“培训人数”缺少实际完成值"]


def _fields(struct: object) -> dict[str, object]:
    return {name: getattr(struct, name) for name in struct.__struct_fields__}  # type: ignore[attr-defined]


def test_c004_template_rows(audits: dict[str, DocumentAudit]) -> None:
    assert len(codes(audits["001"], "C004")) == 6
    assert not codes(audits["000"], "C004")


def test_c005_c006_reasons(audits: dict[str, DocumentAudit]) -> None:
    [missed] = codes(audits["000"], "C005")
    assert missed.location == "000_1afaa083905f87c4.txt:表4:行14"  # 表3 explains it (通过270人), 表4 does not
    deductions = [f for f in codes(audits["000"], "C006") if "表5" in (f.location or "")]
    assert len(deductions) == 4


def test_c007_overshoot(audits: dict[str, DocumentAudit]) -> None:
    ratios = [f.evidence["ratio"] for f in codes(audits["000"], "C007")]
    assert D("180.14") in [r.quantize(D("0.01")) for r in ratios if isinstance(r, Decimal)]


def test_p001_staffing(audits: dict[str, DocumentAudit]) -> None:
    [found] = codes(audits["000"], "P001")
    assert found.evidence == {"staff": D("36"), "quota": D("14")}
    assert not codes(audits["002"], "P001")  # 257 within 274


def test_p002_dates_before_year_end(audits: dict[str, DocumentAudit]) -> None:
    assert [f.evidence["date"] for f in codes(audits["002"], "P002")] == ["2021 年 6 月30 日"]
    assert [f.evidence["date"] for f in codes(audits["004"], "P002")] == ["2022.6.25"]
    assert not codes(audits["000"], "P002")  # 2024.5.30 for 2023


def test_p003_p004(audits: dict[str, DocumentAudit]) -> None:
    assert [f.evidence["target"] for f in codes(audits["000"], "P003")] == ["≥0起"]
    # 6 tables × 6 rows of 计划标准/政策标准: one finding per table, naming how many rows
    found = codes(audits["004"], "P004")
    assert len(found) == 6 and all(f.evidence["rows"] == "6" for f in found)


def test_a001_budget_parts_and_tolerance() -> None:
    dossier = clean_dossier()
    evaluation = dossier.evaluations[0]
    assert evaluation.budget is not None
    wrong = Budget(
        **{
            **_fields(evaluation.budget),
            "parts": (
                BudgetRow(
                    label="其中：当年财政拨款",
                    initial=money("60"),
                    adjusted=money("60.00"),
                    executed=money("99.90"),
                ),
                BudgetRow(label="上年结转资金", initial=money("30"), adjusted=money("40.05"), executed=None),
            ),
        }
    )
    audit = audit_dossier(
        Dossier(source="x", year=2023, evaluations=(Evaluation(**{**_fields(evaluation), "budget": wrong}),))
    )
    labels = sorted(f.message.split("”")[1].split("：")[0] for f in codes(audit, "A001"))
    # 60 + 30 ≠ 100; 60.00 + 40.05 and 99.90 miss 100 by more than the ±0.015 three rounded cents allow.
    assert labels == ["全年执行数", "全年预算数", "年初预算数"]
    within = Budget(
        **{
            **_fields(evaluation.budget),
            "parts": (
                BudgetRow(label="其中：当年财政拨款", adjusted=money("60.00")),
                BudgetRow(label="上年结转资金", adjusted=money("40.01")),
            ),
        }
    )
    audit = audit_dossier(
        Dossier(source="x", year=2023, evaluations=(Evaluation(**{**_fields(evaluation), "budget": within}),))
    )
    assert not codes(audit, "A001")  # 100.01 vs 100: within what three rounded cents can hide


def test_a002_stated_rate_precision() -> None:
    dossier = clean_dossier()
    evaluation = dossier.evaluations[0]
    assert evaluation.budget is not None
    for text, expected in (("99%", 1), ("100%", 0), ("100.0%", 0), ("100.4%", 1)):
        budget = Budget(
            **{**_fields(evaluation.budget), "rate": Val(text=text, num=D(text.rstrip("%")), unit="%")}
        )
        audit = audit_dossier(
            Dossier(
                source="x", year=2023, evaluations=(Evaluation(**{**_fields(evaluation), "budget": budget}),)
            )
        )
        assert len(codes(audit, "A002")) == expected, text


def test_a004_institution_sums_hold_in_seed_002(audits: dict[str, DocumentAudit]) -> None:
    assert not codes(audits["002"], "A004")
    dossier = load_path(SEED_FILES["002"])
    table = dossier.figure_tables[0]
    first = table.rows[1]
    bumped = first.__class__(**{**_fields(first), "values": (money("3721.32"), *first.values[1:])})
    changed = table.__class__(**{**_fields(table), "rows": (table.rows[0], bumped, *table.rows[2:])})
    audit = audit_dossier(Dossier(**{**_fields(dossier), "figure_tables": (changed,)}))
    [found] = codes(audit, "A004")
    assert found.evidence["stated"] == D("7203.56") and found.evidence["sum"] == D("7203.66")


def test_could_not_check_is_reported() -> None:
    audit = audit_dossier(Dossier(source="x", evaluations=()))
    # no evaluated year: neither the dates (P002) nor the years in the forms (P008) can be checked
    assert [(f.code, f.outcome) for f in audit.findings] == [
        ("P002", "could_not_check"),
        ("P008", "could_not_check"),
    ]
    assert audit.summary.could_not_check == 2 and audit.summary.error == 0


def narrative(text: str) -> Dossier:
    from jixiao.model import Section

    return Dossier(
        source="n.txt",
        year=2022,
        sections=(Section(heading="二、收入决算情况说明", text=text, loc=Location(file="n.txt", line=1)),),
    )


def test_n001_change_rate_in_the_narrative(audits: dict[str, DocumentAudit]) -> None:
    [found] = [f for f in codes(audits["004"], "N001") if f.outcome == "finding"]
    assert found.evidence["stated"] == D("2.87") and q(found.evidence["expected"]) == D("0.29")
    assert "2995.46 万元" in found.message and "3004.08" in found.message
    ok = "2022 年度收入合计 3188.53 万元，与 2021 年度相比，\n收入合计减少 31.68 万元，下降 0.98 %。"
    assert not codes(audit_dossier(narrative(ok)), "N001")
    rounded = "收入792.22万元。同比上年度增加189.25万元，增加31.4%。"  # 31.39% written to one decimal
    assert not codes(audit_dossier(narrative(rounded)), "N001")
    wrong_word = "收入792.22万元。比上年度增加189.25万元，下降31.39%。"
    assert [f.severity for f in codes(audit_dossier(narrative(wrong_word)), "N001")] == ["warning"]


def test_n002_share_in_the_narrative(audits: dict[str, DocumentAudit]) -> None:
    assert not codes(audits["004"], "N002")  # 93.65%, 6.35%, 66.29%, 33.71% all agree
    text = "2022 年度收入合计 3188.53 万元。其中：财政拨款收入 2985.96 万元，占本年收入 95.65 %。"
    [found] = codes(audit_dossier(narrative(text)), "N002")
    assert found.evidence["stated"] == D("95.65") and q(found.evidence["expected"]) == D("93.65")


def q(value: object) -> Decimal:
    assert isinstance(value, Decimal)
    return value.quantize(D("0.01"))


def test_a005_basic_data_sums(audits: dict[str, DocumentAudit]) -> None:
    assert not codes(audits["000"], "A005")  # 673.65 = 107.96 + 101 + 444.69 + 20, and so on
    dossier = load_path(SEED_FILES["000"])
    assert dossier.basic_data is not None
    lines = list(dossier.basic_data.lines)
    index = next(i for i, row in enumerate(lines) if row.label == "2、运行维护经费")
    lines[index] = lines[index].__class__(
        **{**_fields(lines[index]), "values": (*lines[index].values[:2], money("110"))}
    )
    basic = dossier.basic_data.__class__(**{**_fields(dossier.basic_data), "lines": tuple(lines)})
    audit = audit_dossier(Dossier(**{**_fields(dossier), "basic_data": basic}))
    [found] = codes(audit, "A005")
    assert "项目支出" in found.message and found.evidence["sum"] == D("682.65")  # 673.65 − 101 + 110


def test_k001_unit_table_against_basic_data(audits: dict[str, DocumentAudit]) -> None:
    assert not codes(audits["000"], "K001")
    dossier = load_path(SEED_FILES["000"])
    unit = dossier.evaluations[0]
    assert unit.budget is not None
    nature = tuple((k, money("670.65") if k == "项目支出" else v) for k, v in unit.budget.by_nature)
    budget = unit.budget.__class__(**{**_fields(unit.budget), "by_nature": nature})
    changed = Evaluation(**{**_fields(unit), "budget": budget})
    audit = audit_dossier(Dossier(**{**_fields(dossier), "evaluations": (changed, *dossier.evaluations[1:])}))
    messages = [f.message for f in codes(audit, "K001")]
    assert any("基础数据表项目支出（2023年决算数）673.65" in m for m in messages)
    assert any("按支出性质分各项之和 1031.36" in m for m in messages)


def test_a006_totals_that_do_not_add_up(audits: dict[str, DocumentAudit]) -> None:
    found = {f.location: f.evidence for f in codes(audits["001"], "A006")}
    assert len(found) == 6
    assert found["001_31dacd2bd455d258.txt:表5:第1021-1229行"] == {"declared": D("99"), "sum": D("109")}
    assert not codes(audits["000"], "A006")  # 10 + 50 + 27 + 10 = 97, 9.20 + 90 = 99.20 …
    assert not codes(audits["002"], "A006")  # the rubric's 25 scores add up to 99


def test_s004_grade_against_total(audits: dict[str, DocumentAudit]) -> None:
    assert not codes(audits["001"], "S004") and not codes(audits["002"], "S004")
    dossier = clean_dossier()
    graded = Evaluation(**{**_fields(dossier.evaluations[0]), "grade": Val(text="良")})
    [found] = codes(audit_dossier(Dossier(**{**_fields(dossier), "evaluations": (graded,)})), "S004")
    assert found.evidence == {"declared": "良", "expected": "优", "total": D("100")}


def test_k002_narrative_against_its_table(audits: dict[str, DocumentAudit]) -> None:
    [found] = codes(audits["004"], "K002")
    assert found.evidence == {"sentence": "执行率为100%", "stated": D("100"), "table": D("60.76")}
    assert "劳动争议调解仲裁经费" in found.message
    # 自评得分 100 分 in the narrative matches the table's stated total, so no second finding.
    dossier = clean_dossier()
    from jixiao.model import Section

    agreeing = Section(heading="（一）自评得分", text="2023年度培训项目绩效执行率为100%，自评得分100分。")
    assert not codes(audit_dossier(Dossier(**{**_fields(dossier), "sections": (agreeing,)})), "K002")
    differing = Section(heading="（一）自评得分", text="2023年度培训项目自评得分98分。")
    [score] = codes(audit_dossier(Dossier(**{**_fields(dossier), "sections": (differing,)})), "K002")
    assert score.evidence["stated"] == D("98") and score.evidence["table"] == D("100")


def test_k003_completion_percentages_against_targets(audits: dict[str, DocumentAudit]) -> None:
    found = {(f.severity, f.evidence["sentence"]) for f in codes(audits["000"], "K003")}
    assert found == {
        ("error", "447人，完成目标任务的149%"),  # 447 / 400 = 111.75%
        ("error", "1026人，完成目标任务的114%"),  # 1026 / 1000 = 102.60%
        ("info", "1026人，完成目标任务102%"),  # truncated, not rounded
    }
    # The goal cell's other figures agree: 8854/8200 = 108%, 6305/3500 = 180%, 447/400 = 112%.
    assert not [f for f in codes(audits["000"], "K003") if "108%" in str(f.evidence["sentence"])]


# ---------------------------------------------------------------- checks added with the seed lists


def with_rows(*changes: dict[str, object], kind: str = "project") -> Dossier:
    """The clean dossier with its indicator rows changed (one dict of fields per row, in order)."""
    dossier = clean_dossier()
    evaluation = dossier.evaluations[0]
    rows = (
        tuple(
            Indicator(**{**_fields(row), **change})
            for row, change in zip(evaluation.indicators, changes, strict=False)
        )
        + evaluation.indicators[len(changes) :]
    )
    changed = Evaluation(**{**_fields(evaluation), "indicators": rows, "kind": kind})
    return Dossier(**{**_fields(dossier), "evaluations": (changed,)})


def with_text(text: str, dossier: Dossier | None = None) -> Dossier:
    from jixiao.model import Section

    base = dossier or clean_dossier()
    section = Section(heading="二、绩效目标完成情况", text=text, loc=Location(file="clean.txt", line=9))
    return Dossier(**{**_fields(base), "sections": (section,)})


def test_s003_folds_into_the_weights_finding(audits: dict[str, DocumentAudit]) -> None:
    # seed 001: every table's weights add to 110; the recomputed total is told inside W002, not again
    assert not codes(audits["001"], "S003")
    w2 = codes(audits["001"], "W002")
    assert all("按现有分值重算总分为" in f.message and f.evidence["total_declared"] for f in w2)
    # a table whose weights are right keeps its own S003 (seed 000, 业务工作经费)
    assert [f.location for f in codes(audits["000"], "S003")] == ["000_1afaa083905f87c4.txt:表4:第791-1041行"]


def test_c008_names_and_levels() -> None:
    assert not codes(audit_dossier(clean_dossier()), "C008")
    shifted = with_rows({"name": "≤20万元", "target": Val(text="20万元"), "actual": Val(text="100%")})
    [found] = codes(audit_dossier(shifted), "C008")
    assert "≤20万元" in found.message and found.location == "clean.txt:表1:行5"
    orphan = with_rows({"level1": "", "level2": ""})
    audit = audit_dossier(orphan)
    assert [f.evidence.get("weight") for f in codes(audit, "C008")] == [D("30")]
    assert [f.outcome for f in codes(audit, "W001")] == ["could_not_check"]  # not "产出指标 20 of 50"


def test_c009_instructions_left_in_cells() -> None:
    assert not codes(audit_dossier(clean_dossier()), "C009")
    own = with_rows({"target": Val(text="预算调整的，根据实际情况调整扣分")})  # the unit's own words
    assert not codes(audit_dossier(own), "C009")
    left = with_rows({"target": Val(text="请根据项目实际填写")})
    [found] = codes(audit_dossier(left), "C009")
    assert found.evidence["text"] == "请根据项目实际填写"


def test_p005_result_written_as_a_bound() -> None:
    assert not codes(
        audit_dossier(with_rows({"actual": Val(text="98%以上")}, {})), "P005"
    )  # a result, bounded
    for actual in ("≤3.5%", "≥100人"):
        [found] = codes(audit_dossier(with_rows({"actual": Val(text=actual)})), "P005")
        assert found.evidence["actual"] == actual


def test_p006_rate_above_hundred() -> None:
    assert not codes(audit_dossier(clean_dossier()), "P006")
    [found] = codes(audit_dossier(with_rows({}, {"actual": Val(text="102%")})), "P006")  # 合格率 102%
    assert found.evidence["actual"] == "102%"


def test_p007_cost_ceiling_below_spending() -> None:
    cost = {
        "level2": "成本指标",
        "name": "项目总成本",
        "target": Val(text="≤100万元"),
        "actual": Val(text="100万元"),
    }
    assert not codes(audit_dossier(with_rows({}, {}, {}, cost)), "P007")  # 100 spent, ≤100
    low = {**cost, "target": Val(text="≤18万")}
    [found] = codes(audit_dossier(with_rows({}, {}, {}, low)), "P007")
    assert found.evidence["stated"] == D("100")
    unit_price = {**low, "name": "设备采购单价"}  # caps one item, not the spending
    assert not codes(audit_dossier(with_rows({}, {}, {}, unit_price)), "P007")


def test_p008_years_before_the_evaluated_year() -> None:
    assert not codes(audit_dossier(with_rows({"target": Val(text="2023年内完成")})), "P008")
    [found] = codes(audit_dossier(with_rows({"target": Val(text="2022年内完成")})), "P008")
    assert "2022" in found.message and found.evidence["year"] == "2023"
    assert not codes(audit_dossier(with_text("截至2023年12月底，完成培训。")), "P008")
    [stale] = codes(audit_dossier(with_text("截止2022年12月底，完成培训。")), "P008")
    assert stale.evidence["sentence"] == "截止2022年12月"


def test_p009_more_closed_than_received() -> None:
    assert not codes(audit_dossier(with_text("共受理投诉案件50件，已办结50件。")), "P009")
    [found] = codes(audit_dossier(with_text("共排查出隐患12处，整改到位15处。")), "P009")
    assert found.evidence["stated"] == D("15") and found.evidence["expected"] == D("12")
    rows = "核实疑点数据41955条，核准问题数据99条，已整改到位596条。"
    [data] = codes(audit_dossier(with_text(rows)), "P009")  # not 596 of 41955: the nearer count is 99
    assert data.evidence["expected"] == D("99")


def test_p010_yuan_written_for_wan_yuan() -> None:
    right = "为120人发放补贴，每人300元，共计3.6万元。"
    assert not codes(audit_dossier(with_text(right)), "P010")
    wrong = "为120人发放补贴，每人300元，共计3.6元。"
    [found] = codes(audit_dossier(with_text(wrong)), "P010")
    assert found.evidence["expected"] == D("3.6") and "万元" in found.message


def test_p011_result_in_another_measure() -> None:
    assert not codes(audit_dossier(clean_dossier()), "P011")
    [found] = codes(
        audit_dossier(with_rows({"target": Val(text="30天内完成"), "actual": Val(text="100%")})), "P011"
    )
    assert found.evidence == {"target": "30天内完成", "actual": "100%"}


def test_k004_overall_score_stated_twice() -> None:
    overall = with_rows(kind="unit_overall")
    agreeing = with_text("2023年度单位整体绩效自评得分为100分。", overall)
    assert not codes(audit_dossier(agreeing), "K004")
    [found] = codes(audit_dossier(with_text("2023年度单位整体绩效自评得分为98分。", overall)), "K004")
    assert found.evidence == {"stated": D("98"), "expected": D("100")}


def test_k005_case_counts_against_the_closing_rate() -> None:
    rate = {"name": "投诉案件结案率", "target": Val(text="≥95%"), "actual": Val(text="100%")}
    closed = "受理投诉案件57件，结案57件。"
    assert not codes(audit_dossier(with_text(closed, with_rows({}, rate))), "K005")
    [found] = codes(audit_dossier(with_text("受理投诉案件57件，结案56件。", with_rows({}, rate))), "K005")
    assert found.evidence["stated"] == D("100") and q(found.evidence["expected"]) == D("98.25")


def test_k006_one_indicator_two_results() -> None:
    dossier = clean_dossier()
    project = dossier.evaluations[0]
    overall = Evaluation(**{**_fields(project), "kind": "unit_overall"})
    same = Dossier(**{**_fields(dossier), "evaluations": (overall, project)})
    assert not codes(audit_dossier(same), "K006")
    other = Indicator(**{**_fields(project.indicators[0]), "actual": Val(text="110人")})
    changed = Evaluation(**{**_fields(project), "indicators": (other, *project.indicators[1:])})
    [found] = codes(audit_dossier(Dossier(**{**_fields(dossier), "evaluations": (overall, changed)})), "K006")
    assert found.evidence == {"stated": "110人", "expected": "120人"}


def test_n003_budget_completion_in_the_narrative() -> None:
    right = "“三公”经费财政拨款支出预算为24.18万元，支出决算为18.63万元，完成预算的77.05%。"
    gap = "公务用车购置费支出11.97万元，完成年初预算的82.55%，比年初预算减少2.53万元。"
    assert not codes(audit_dossier(with_text(right + gap)), "N003")
    rate = "项目年度预算数13万元，执行数12.99万元，执行率99.92%。"
    assert not codes(audit_dossier(with_text(rate)), "N003")
    assert not codes(audit_dossier(with_text("项目年度预算数13万元，执行数12.99万元，执行率100%。")), "N003")
    [stated] = codes(audit_dossier(with_text("项目年度预算数13万元，执行数12.99万元，执行率98%。")), "N003")
    assert q(stated.evidence["expected"]) == D("99.92")
    wrong = "公务用车购置费支出11.97万元，完成年初预算的85.55%，比年初预算减少2.53万元。"
    [found] = codes(audit_dossier(with_text(wrong)), "N003")
    assert found.evidence["stated"] == D("85.55") and q(found.evidence["expected"]) == D("82.55")


def test_k007_amounts_in_the_narrative_against_the_tables() -> None:
    agreeing = with_text("培训项目全年预算数为100万元，执行数为100万元，完成预算100%。")
    assert not codes(audit_dossier(agreeing), "K007")
    part = with_text("培训项目中央资金预算为20万元，由上级下达。")  # a part of the budget, not its total
    assert not codes(audit_dossier(part), "K007")
    differing = with_text("培训项目全年预算数为63万元，执行数为62.89万元，完成预算100%。")
    found = codes(audit_dossier(differing), "K007")
    assert [(f.evidence["stated"], f.evidence["table"]) for f in found] == [
        (D("63"), D("100")),
        (D("62.89"), D("100")),
    ]


# ---------------------------------------------------------------- output


def test_text_output_grouped_by_table_and_coloured_on_request(audits: dict[str, DocumentAudit]) -> None:
    from jixiao.audit.finding import AuditReport
    from jixiao.audit.report import to_text

    report = AuditReport(documents=(audits["000"],))
    plain = to_text(report)
    assert "\033[" not in plain
    headers = [line for line in plain.splitlines() if line.startswith("── ")]
    assert headers[0].startswith("── 000_1afaa083905f87c4.txt 表2") and headers[-1].startswith(
        "── 000_1afaa083905f87c4.txt 正文"
    )
    assert "── 000_1afaa083905f87c4.txt 表5（错误 6，警告 5）" in headers
    finding_lines = [line for line in plain.splitlines() if line.startswith("000_") and ": " in line]
    assert len(finding_lines) == len(audits["000"].findings)  # one line each, file:location: severity code …
    coloured = to_text(report, colour=True)
    assert "\033[31m错误\033[0m S002" in coloured


def test_cli_color_option(capsys: pytest.CaptureFixture[str]) -> None:
    from jixiao.cli.main import main

    main(["audit", str(SEED_FILES["002"]), "--color", "always"])
    assert "\033[31m" in capsys.readouterr().out
    main(["audit", str(SEED_FILES["002"]), "--color", "never"])
    assert "\033[" not in capsys.readouterr().out
    main(["audit", str(SEED_FILES["002"])])  # auto: captured output is not a terminal
    assert "\033[" not in capsys.readouterr().out


def test_findings_carry_the_source_excerpt(audits: dict[str, DocumentAudit]) -> None:
    [reverse] = [
        f for f in codes(audits["000"], "S002") if f.location == "000_1afaa083905f87c4.txt:表3:行28:列8"
    ]
    assert reverse.excerpt == "质量指标 ｜ 职称评定通过率 ｜ ≤55% ｜ 100% ｜ 2 ｜ 2 ｜ 通过270人"
    [rate] = [f for f in codes(audits["004"], "N001") if f.outcome == "finding"]
    assert rate.excerpt is not None and "减少8.62万元，下降2.87%" in rate.excerpt and len(rate.excerpt) < 200


def test_html_report_marks_the_compared_figures(audits: dict[str, DocumentAudit]) -> None:
    from jixiao.audit.finding import AuditReport
    from jixiao.audit.report import to_html

    page = to_html(AuditReport(documents=(audits["000"], audits["004"])))
    assert "<mark>447人，完成目标任务的149%</mark>" in page
    assert "职称评定通过率 ｜ <mark>≤55%</mark> ｜ <mark>100%</mark>" in page
    assert "<table class='summary'>" in page and "<td>第99页</td>" in page and "<b>合计</b>" in page
    assert "http" not in page and "<script" not in page  # standalone, offline


def test_k008_fiscal_share_against_the_table() -> None:
    overall = with_rows(kind="unit_overall")
    same = with_text("2023年收入100万元，其中：财政拨款100万元。", overall)
    assert not codes(audit_dossier(same), "K008")
    other_total = with_text("2023年收入120万元，其中：财政拨款90万元。", overall)  # another total
    assert not codes(audit_dossier(other_total), "K008")
    [found] = codes(audit_dossier(with_text("2023年收入100万元，其中：财政拨款94万元。", overall)), "K008")
    assert found.evidence["stated"] == D("94") and found.evidence["table"] == D("100")


def test_a003_staffing_rate_stated() -> None:
    from jixiao.model.dossier import BasicData

    def basic(rate: str) -> Dossier:
        data = BasicData(
            staffing_quota=points("20"),
            staff_actual=points("18"),
            staffing_rate=Val(text=rate, num=D(rate.rstrip("%")), unit="%"),
        )
        return Dossier(
            source="x",
            year=2023,
            basic_data=data,
            facts=(("编制数", points("20")), ("在职人数", points("18"))),
        )

    assert not codes(audit_dossier(basic("90%")), "A003")
    [found] = codes(audit_dossier(basic("95%")), "A003")  # 18 / 20 = 90%
    assert found.evidence == {"stated": D("95"), "expected": D("90.00")}
    own_figures = Dossier(source="x", year=2023, basic_data=basic("95%").basic_data)  # no facts repeat them
    assert [f.evidence["expected"] for f in codes(audit_dossier(own_figures), "A003")] == [D("90")]
    rate_only = Dossier(source="x", year=2023, basic_data=BasicData(staffing_rate=Val(text="90%", num=D(90))))
    assert [f.outcome for f in codes(audit_dossier(rate_only), "A003")] == ["could_not_check"]


def test_k009_overall_rate_stated_in_the_narrative() -> None:
    overall = with_rows(kind="unit_overall")  # 100 of 100 executed
    assert not codes(audit_dossier(with_text("单位整体预算执行率为100%。", overall)), "K009")
    [found] = codes(audit_dossier(with_text("单位整体绩效执行率为97.45%。", overall)), "K009")
    assert found.evidence == {
        "sentence": "单位整体绩效执行率为97.45%",
        "stated": D("97.45"),
        "table": D("100.00"),
    }


def test_n004_completion_with_its_target_in_one_clause() -> None:
    right = "城镇新增就业6769人，完成目标任务900人的752%。"
    assert not codes(audit_dossier(with_text(right)), "N004")
    [cut] = codes(audit_dossier(with_text("城镇新增就业6907人，完成目标任务4350人的158%。")), "N004")
    assert cut.severity == "info" and q(cut.evidence["expected"]) == D("158.78")
    [share] = codes(audit_dossier(with_text("外出务工9777人，占目标任务9600的101%。")), "N004")
    assert share.severity == "info" and q(share.evidence["expected"]) == D("101.84")
    [wrong] = codes(audit_dossier(with_text("城镇新增就业6907人，完成目标任务4350人的168%。")), "N004")
    assert wrong.severity == "error" and wrong.evidence["stated"] == D("168")


def test_k010_an_aggregate_stated_two_ways() -> None:
    far = "2023年支出合计100万元，其中项目支出40万元。培训项目项目支出12万元。"  # another scope
    assert not codes(audit_dossier(with_text(far)), "K010")
    near = "2023年项目支出1009.75万元。佐证材料：项目支出1009.76万元。"
    [found] = codes(audit_dossier(with_text(near)), "K010")
    assert found.evidence["stated"] == D("1009.76") and found.evidence["expected"] == D("1009.75")


def test_k011_a_project_rate_against_its_own_amounts() -> None:
    amounts = "区人社中心镇办人社中心工作经费项目绩效自评综述：项目全年预算数为60万元，执行数为42万元，完成预算70%。"
    agreeing = with_text(amounts + "2022年度镇办人社中心工作经费绩效执行率为70%。")
    assert not codes(audit_dossier(agreeing), "K011")
    differing = with_text(amounts + "2022年度镇办人社中心工作经费绩效执行率为94%。")
    [found] = codes(audit_dossier(differing), "K011")
    assert found.evidence["stated"] == D("94") and q(found.evidence["expected"]) == D("70")


def test_k012_a_count_stated_two_ways() -> None:
    once = "审核申报企事业单位初级职称549人。全年审核申报企事业单位初级职称549人。"
    assert not codes(audit_dossier(with_text(once)), "K012")
    last_year = "2021年审核申报企事业单位初级职称500人，比上年增加49人。审核申报企事业单位初级职称549人。"
    assert not codes(audit_dossier(with_text(last_year)), "K012")  # another period, not the same count
    other_scope = "审核申报企事业单位初级职称549人。审核申报企事业单位初级职称300人。"  # 45% apart
    assert not codes(audit_dossier(with_text(other_scope)), "K012")
    quarter = "一季度审核申报企事业单位初级职称520人。审核申报企事业单位初级职称549人。"
    assert not codes(audit_dossier(with_text(quarter)), "K012")
    # a stray page digit inside the clause (PDF text) does not hide the pair
    two_ways = "1-12月份，审核申报企事业单位6初级职称549人。培训3140人，审核申报企事业单位初级职称528人。"
    [found] = codes(audit_dossier(with_text(two_ways)), "K012")
    assert found.evidence["stated"] == D("528") and found.evidence["expected"] == D("549")


def rate_rows(note: str, total: str = "374人") -> Dossier:
    return with_rows(
        {"name": "职称评定数", "target": Val(text="≥100人"), "actual": Val(text=total)},
        {
            "name": "职称评定通过率",
            "target": Val(text="≥55%"),
            "actual": Val(text="100%"),
            "deviation": Val(text=note),
        },
    )


def test_k013_a_rate_against_the_counts_its_table_states() -> None:
    assert not codes(audit_dossier(rate_rows("通过374人")), "K013")  # 374 of 374 is 100%
    assert not codes(audit_dossier(rate_rows("通过270人", total="374份")), "K013")  # other units
    assert not codes(audit_dossier(rate_rows("无")), "K013")  # no count stated: nothing to compute
    [found] = codes(audit_dossier(rate_rows("通过270人")), "K013")
    assert found.evidence["stated"] == D("100") and q(found.evidence["expected"]) == D("72.19")
    assert found.evidence["counted"] == D("270") and found.evidence["total"] == D("374")


def test_c009_a_bracketed_note_of_the_form_left_in_a_heading() -> None:
    own = with_rows({"level1": "产出指标（根据实际调整后的目标）"})  # no instruction: the unit's wording
    assert not codes(audit_dossier(own), "C009")
    note = "产出目标（部门工作实绩，包含重点工作、实事任务等，根据部门实际进行调整细化）"
    [found] = codes(audit_dossier(with_rows({"level1_points": Val(text=note)})), "C009")
    assert "根据部门实际进行调整细化" in str(found.evidence["text"])


def test_an_execution_score_written_to_whole_points_is_compared_at_that_precision() -> None:
    """86.20% of 10 points is 8.62; a form that writes whole points writes 9, which agrees with the
    rule as far as it is written (a false S001 error on a clean Hebei form, corpus)."""
    dossier = clean_dossier()
    [evaluation] = dossier.evaluations
    assert evaluation.budget is not None

    def with_score(text: str) -> Dossier:
        budget = msgspec.structs.replace(
            evaluation.budget,
            total=msgspec.structs.replace(evaluation.budget.total, executed=money("86.20")),  # type: ignore[union-attr]
            parts=(),
            rate=Val(text="86.20%", num=D("86.20"), unit="%"),
            score=points(text),
        )
        return msgspec.structs.replace(
            dossier, evaluations=(msgspec.structs.replace(evaluation, budget=budget),)
        )

    [rounded] = codes(audit_dossier(with_score("9")), "S001")
    assert rounded.severity == "info" and "按所写精度取整后一致" in rounded.message
    [truncated] = codes(audit_dossier(with_score("8")), "S001")  # 8.62 cut to whole points: no certain error
    assert truncated.severity == "info"
    [one_place] = codes(audit_dossier(with_score("8.6")), "S001")
    assert one_place.severity == "info"
    assert not codes(audit_dossier(with_score("8.62")), "S001")
    [wrong] = codes(audit_dossier(with_score("7")), "S001")
    assert wrong.severity == "error" and "8.62" in wrong.message
    [wrong] = codes(audit_dossier(with_score("8.5")), "S001")
    assert wrong.severity == "error"
