"""Scoring the seed documents: the numbers a reviewer gets by hand from each form.

Every figure asserted here was read off the document (declared) or recomputed by hand from it
(computed); the comments give the arithmetic.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.conftest import SEED_FILES

from jixiao.ingest.loader import load_path
from jixiao.score.result import DocumentResult, TableResult
from jixiao.score.scorer import score_dossier

D = Decimal


@pytest.fixture(scope="module")
def scored() -> dict[str, DocumentResult]:
    return {key: score_dossier(load_path(SEED_FILES[key])) for key in ("000", "001", "002")}


def table(doc: DocumentResult, name: str) -> TableResult:
    return next(t for t in doc.tables if t.name == name)


def row(t: TableResult, name: str) -> object:
    return next(r for r in t.indicators if r.name == name)


def test_000_finds_every_table(scored: dict[str, DocumentResult]) -> None:
    doc = scored["000"]
    assert [t.kind for t in doc.tables] == ["basic_data", "unit_overall"] + ["project"] * 7
    assert doc.unit == "岳阳市岳阳楼区人力资源和社会保障局" and doc.year == 2023
    assert [t.name for t in doc.tables if t.kind == "project"] == [
        "业务工作经费",
        "运行维护经费",
        "区级专项资金（春节慰问困难群众资金、其他项目）",
        "区级专项资金（重大公共卫生服务（防疫经费））",
        "区级专项资金（事业单位公开招聘、四海揽才、卫生系统公开招聘）",
        "区级专项资金（编外用工人员经费）",
        "市级专项资金（人力发展专项资金）",
    ]
    assert {t.rules for t in doc.tables if t.kind != "basic_data"} == {"hunan-2023"}


def test_000_basic_data_staffing_rate(scored: dict[str, DocumentResult]) -> None:
    basic = table(scored["000"], "基础数据表")
    rate = basic.indicators[0]
    assert rate.declared_score == D("257.14") and rate.computed_score == D("257.14")  # 36 / 14


def test_000_unit_table(scored: dict[str, DocumentResult]) -> None:
    t = table(scored["000"], "岳阳市岳阳楼区人力资源和社会保障局")
    assert t.budget is not None
    assert (t.budget.initial, t.budget.adjusted, t.budget.executed) == (
        D("993.6"),
        D("1034.36"),
        D("1034.36"),
    )
    assert t.execution_rate == D("100.00") and t.execution_computed == D("10.00")
    assert t.declared_total == D("97") and t.declared_points == D("100")
    assert t.weights_total == D("100")  # 10 + 50 + 30 + 10
    assert [(lv.level1, lv.weights, lv.declared_points, lv.declared_scores) for lv in t.levels] == [
        ("产出指标", D("50"), D("50"), D("50")),
        ("效益指标", D("30"), D("30"), D("27")),
        ("满意度指标", D("10"), D("10"), D("10")),
    ]
    reverse = row(t, "职称评定通过率")
    assert reverse.declared_score == D("2") and reverse.computed_score == D(
        "1.10"
    )  # ≤55%, 实际100%: 2×55/100
    assert "2×55/100 = 1.10" in reverse.explanation
    # 效益指标 are qualitative (有效促进): each allowed 8–10 of 10; 总成本控制 cannot be judged from the text.
    assert row(t, "增加就业岗位，促进社会就业").computed_range == (D("8.00"), D("10.00"))
    assert t.computed_range == (D("87.10"), D("99.10"))
    assert len(t.indicators) == 27


def test_000_weights_summing_to_110(scored: dict[str, DocumentResult]) -> None:
    t = table(scored["000"], "运行维护经费")
    assert t.weights_total == D("110")  # 10 (执行) + 6×10 (产出) + 15 + 15 + 5 + 5
    produce = t.levels[0]
    assert (produce.level1, produce.weights, produce.declared_points, produce.declared_scores) == (
        "产出指标",
        D("60"),
        D("50"),
        D("50"),
    )
    assert t.declared_total == D("100")


def test_000_execution_rate_92_percent(scored: dict[str, DocumentResult]) -> None:
    t = table(scored["000"], "区级专项资金（事业单位公开招聘、四海揽才、卫生系统公开招聘）")
    assert t.budget is not None and (t.budget.initial, t.budget.adjusted, t.budget.executed) == (
        D("0"),
        D("92"),
        D("84.69"),
    )
    assert t.execution_rate == D("92.05")  # 84.69 / 92
    assert t.execution_declared == D("9.20") and t.execution_computed == D("9.21")
    assert t.declared_total == D("99.20")


def test_000_project_reverse_indicator(scored: dict[str, DocumentResult]) -> None:
    t = table(scored["000"], "业务工作经费")
    assert t.budget is not None and (t.budget.initial, t.budget.adjusted, t.budget.executed) == (
        D("130"),
        D("107.96"),
        D("107.96"),
    )
    assert row(t, "职称评定通过率").computed_score == D("2.75")  # 5×55/100
    assert t.weights_total == D("100") and t.declared_total == D("100")


def test_001_zhuzhou_forms_with_grade(scored: dict[str, DocumentResult]) -> None:
    doc = scored["001"]
    assert [t.kind for t in doc.tables] == ["dept_overall"] + ["project"] * 5
    assert {t.rules for t in doc.tables} == {"zhuzhou-2020"}
    dept = doc.tables[0]
    assert dept.budget is not None
    assert (dept.budget.initial, dept.budget.adjusted, dept.budget.executed) == (
        D("351.57"),
        D("2132.86"),
        D("2132.86"),
    )
    assert dept.grade == "优" and dept.declared_total == D("100")
    assert dept.weights_total == D("110")  # 10 + 30+20+20+10 (产出, declared 50) + 10 + 10
    assert dept.levels[0].weights == D("80") and dept.levels[0].declared_points == D("50")
    assert len(dept.indicators) == 6  # the four empty template rows are not scored
    it = table(doc, "信息化建设")
    assert it.declared_total == D("99")
    assert row(it, "办公网络稳定性").declared_score == D("9")
    assert row(it, "办公网络稳定性").computed_score == D("10")  # ≥90%, 实际95%: met
    assert [t.budget.adjusted for t in doc.tables[1:] if t.budget] == [
        D("32.2"),
        D("12.66"),
        D("1"),
        D("5.37"),
        D("1621.08"),
    ]


def test_002_rubric(scored: dict[str, DocumentResult]) -> None:
    doc = scored["002"]
    rubric = next(t for t in doc.tables if t.kind == "dept_rubric")
    assert rubric.rules == "yueyang-dept-2021"
    assert rubric.declared_points == D("100") and rubric.declared_total == D("99")
    assert rubric.weights_total == D("100")  # 15 + 40 + 25 + 20, the shared 15 counted once
    adjustment = row(rubric, "预算调整率")
    assert adjustment.declared_score == D("3") and adjustment.computed_score == D("0.00")  # 35.59% > 30%
    assert "35.59%" in adjustment.explanation
    assert row(rubric, "财政供养人员控制率").computed_score == D("5.00")  # 257 / 274 = 93.80%
    assert row(rubric, "“三公经费”控制率").computed_score == D("6.00")  # 38.28 / 51.69 = 74.06%
    assert row(rubric, "资金结余").computed_score == D("2")  # 141.03 ≤ 933.74
    assert row(rubric, "固定资产利用率").computed_score == D("3.00")  # 2520.89 / 2520.89
    assert row(rubric, "社会公众或服务对象满意度").computed_score == D("5")  # 95%以上
    assert row(rubric, "“三公经费”变动率").computed_range == (D("0.00"), D("5.00"))  # 上年预算未载
    assert [lv.declared_points for lv in rubric.levels] == [D("15"), D("40"), D("25"), D("20")]


def test_002_department_report_table(scored: dict[str, DocumentResult]) -> None:
    doc = scored["002"]
    report = next(t for t in doc.tables if t.kind == "dept_overall")
    assert report.declared_total == D("99") and report.grade == "优"
    assert len(report.indicators) == 17
    unemployment = row(report, "城镇调查失业率在5.5%以内")
    assert unemployment.achievement == "met"  # 5.2% ≤ 5.5%


def test_004_hubei_project_tables() -> None:
    doc = score_dossier(load_path(SEED_FILES["004"]))
    assert [t.kind for t in doc.tables] == ["project"] * 8
    assert {t.rules for t in doc.tables} == {"hubei-2022"}
    assert [(t.budget.adjusted, t.budget.executed) for t in doc.tables if t.budget] == [
        (D("28"), D("28")),
        (D("27"), D("27")),
        (D("27"), D("27")),
        (D("45"), D("45")),
        (D("108"), D("108")),
        (D("27"), D("27")),
        (D("45"), D("27.34")),
        (D("58.5"), D("58.5")),
    ]
    arbitration = table(doc, "劳动争议调解仲裁经费")
    assert arbitration.execution_rate == D("60.76")  # 27.34 / 45
    assert arbitration.execution_declared == D("20") and arbitration.execution_computed == D("12.15")
    # 实际完成值 "计划标准" cannot be judged: each row may score 0..its (implied) weight.
    assert arbitration.computed_range == (D("12.15"), D("92.15"))
    assert arbitration.declared_total == D("100")
    assert all(t.weights_total == D("100") for t in doc.tables)  # 20 + 40 + 40, weights implied by the scores
