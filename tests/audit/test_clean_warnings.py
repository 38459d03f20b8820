"""Warnings a finance reviewer would call noise or wrong on a sound form, and the real ones kept beside
them: C003 once for a table whose 实际完成值 column is unfilled (not once per row) and never on the
决策 / 管理 rows a form scores against a standard; C006 not on a 评分表, not twice with C005 on one empty
cell, 无法核对 where the text stops; C008 once for a table with no level labels at all, 无法核对 for the
rows of a table that begins before the stored text, never on a row with nothing to count. Forms
written here, small and synthetic."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import msgspec

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.model.dossier import Budget, BudgetRow, Dossier, Evaluation, Indicator, Val
from jixiao.model.source import Location

FILE = "t.txt"


def _val(text: str | None, row: int, col: int) -> Val | None:
    if text is None:
        return None
    try:
        num: Decimal | None = Decimal(text)
    except InvalidOperation:
        num = None
    return Val(text, num=num, loc=Location(FILE, table=1, row=row, col=col, line=row))


def _row(
    row: int,
    level1: str,
    level2: str,
    name: str,
    target: str | None,
    actual: str | None,
    weight: str | None,
    score: str | None,
    deviation: str | None = "",
) -> Indicator:
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        target=_val(target, row, 4),
        actual=_val(actual, row, 5),
        weight=_val(weight, row, 6),
        score=_val(score, row, 7),
        deviation=_val(deviation, row, 8),
        loc=Location(FILE, table=1, row=row, line=row),
    )


def _budget() -> Budget:
    def amount(col: int) -> Val:
        return Val("100.00", num=Decimal("100.00"), unit="万元", loc=Location(FILE, table=1, row=5, col=col))

    return Budget(
        total=BudgetRow("年度资金总额", initial=amount(2), adjusted=amount(3), executed=amount(4)),
        weight=_val("10", 5, 5),
        rate=Val("100%", num=Decimal(100), unit="%", loc=Location(FILE, table=1, row=5, col=6)),
        score=_val("10", 5, 7),
    )


def _audit(rows: list[Indicator], *, headless: bool = False, total: str | None = "100") -> list[Finding]:
    evaluation = Evaluation(
        kind="project",
        template="generic-project",
        title="项目支出绩效自评表",
        name=None if headless else Val("农田建设补助", loc=Location(FILE, table=1, row=3, col=2)),
        budget=None if headless else _budget(),
        indicators=tuple(rows),
        declared_total=_val(total, 30, 7),
        loc=Location(FILE, table=1, line=1),
    )
    dossier = Dossier(source=FILE, year=2024, evaluations=(evaluation,))
    return [f for f in audit_dossier(dossier).findings if f.code in ("C003", "C005", "C006", "C008")]


def _warnings(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code and f.severity == "warning" and f.outcome == "finding"]


# The national form, all targets met and full marks: nothing to say.
SOUND = [
    _row(7, "产出指标", "数量指标", "示范面积", "≥3000亩", "3000亩", "30", "30"),
    _row(8, "产出指标", "质量指标", "验收合格率", "100%", "100%", "20", "20"),
    _row(9, "效益指标", "社会效益指标", "带动农户增收", "≥500户", "520户", "30", "30"),
    _row(10, "满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "95%", "10", "10"),
]


def _replace(rows: list[Indicator], index: int, **changes: object) -> list[Indicator]:
    out = list(rows)
    out[index] = msgspec.structs.replace(out[index], **changes)
    return out


def test_the_sound_form_gets_none_of_these_warnings() -> None:
    assert _audit(SOUND) == []


# ---------------------------------------------------------------- C003


def test_a_table_published_with_its_actual_column_unfilled_is_one_finding() -> None:
    unfilled = [
        msgspec.structs.replace(r, actual=Val("", loc=Location(FILE, table=1, row=k, col=5)))
        for k, r in enumerate(SOUND, 7)
    ]
    [found] = _warnings(_audit(unfilled), "C003")
    assert found.message == "“农田建设补助”全部 4 项指标均未填写实际完成值"
    assert found.path == "evaluations.0" and found.evidence["rows"] == "4"


def test_rows_missing_values_among_filled_rows_are_each_a_finding() -> None:
    rows = _replace(SOUND, 0, actual=_val("", 7, 5))
    rows = _replace(rows, 2, target=_val("", 9, 4), actual=_val("", 9, 5))
    found = _warnings(_audit(rows), "C003")
    assert [f.message for f in found] == [
        "“示范面积”缺少实际完成值",
        "“带动农户增收”缺少年度指标值和实际完成值",
    ]


def test_decision_and_management_rows_scored_against_a_standard_need_no_values() -> None:
    standard = [
        _row(5, "项目决策", "", "决策依据", "", "", "5", "5"),
        _row(6, "项目管理(10分)", "", "财务制度", "", "", "5", "5"),
        _row(7, "过程", "", "组织机构", None, None, "5", "5"),
    ]
    rows = standard + _replace(SOUND, 0, weight=_val("15", 7, 6), score=_val("15", 7, 7))
    assert _warnings(_audit(rows), "C003") == []
    # an output row of the same form that writes no values is still reported
    missing = _replace(rows, 3, target=_val("", 7, 4), actual=_val("", 7, 5))
    [found] = _warnings(_audit(missing), "C003")
    assert found.message == "“示范面积”缺少年度指标值和实际完成值"


# ---------------------------------------------------------------- C006


def test_a_deduction_on_a_met_target_without_a_reason_is_reported() -> None:
    rows = _replace(SOUND, 1, score=_val("19", 8, 7))
    [found] = _warnings(_audit(rows, total="99"), "C006")
    assert found.message == "“验收合格率”分值 20，自评得分 19，扣分未说明原因"


def test_a_missed_target_without_a_reason_is_one_finding_not_two() -> None:
    rows = _replace(SOUND, 3, actual=_val("85%", 10, 5), score=_val("9", 10, 7))
    found = _audit(rows, total="99")
    assert [f.code for f in _warnings(found, "C005")] == ["C005"]
    assert _warnings(found, "C006") == []


def test_a_scoring_sheet_without_remarks_is_not_asked_for_reasons() -> None:
    # 评分表: 指标 | 权重 | 评分结果 | 备注 — no 指标值 / 实际完成值 columns; its deductions are argued in the report
    sheet = [
        _row(4, "投入", "", "预算执行率", None, None, "20", "15", None),
        _row(5, "产出", "", "翻改建公共卫生间", None, None, "40", "40", None),
        _row(6, "效果", "", "使用人员满意度", None, None, "40", "36", "目标值 95%，完成值 90%"),
    ]
    assert _warnings(_audit(sheet, total="91"), "C006") == []


def test_a_deduction_on_the_row_where_the_text_stops_cannot_be_checked() -> None:
    rows = _replace(SOUND, 3, score=_val("9", 10, 7), deviation=None)
    found = [f for f in _audit(rows, total=None) if f.code == "C006"]
    assert [(f.severity, f.outcome) for f in found] == [("info", "could_not_check")]
    assert "表格在此中断" in found[0].message


# ---------------------------------------------------------------- C008


def test_a_table_with_no_level_labels_at_all_is_one_finding() -> None:
    bare = [msgspec.structs.replace(r, level1="", level2="") for r in SOUND]
    [found] = _warnings(_audit(bare), "C008")
    assert found.message == "“农田建设补助”全部 4 项指标均未标明一级、二级指标，其分值无法归入任何一级指标"
    assert found.path == "evaluations.0"


def test_one_unlabelled_row_among_labelled_ones_is_reported_on_its_row() -> None:
    rows = _replace(SOUND, 0, level1="", level2="")
    [found] = _warnings(_audit(rows), "C008")
    assert found.message == "“示范面积”未标明一级、二级指标，其分值 30 无法归入任何一级指标"
    assert found.location == "t.txt:表1:行7"


def test_a_row_with_no_points_and_no_score_has_nothing_to_count() -> None:
    # a heading the reader kept as a row (年度绩效指标完成情况): no 分值, no 得分, no level
    rows = [_row(6, "", "", "年度绩效指标完成情况", "", "", None, None), *SOUND]
    assert _warnings(_audit(rows), "C008") == []


def test_the_first_rows_of_a_table_begun_before_the_stored_text_cannot_be_checked() -> None:
    rows = _replace(SOUND, 0, level1="", level2="")
    found = [f for f in _audit(rows, headless=True) if f.code == "C008"]
    assert [(f.severity, f.outcome, f.location) for f in found] == [
        ("info", "could_not_check", "t.txt:表1:行7")
    ]
    # the same row after a labelled one is the unit's omission
    later = _replace(SOUND, 2, level1="", level2="")
    [found_later] = _warnings(_audit(later, headless=True), "C008")
    assert found_later.location == "t.txt:表1:行9"
