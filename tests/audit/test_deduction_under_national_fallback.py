"""S002 under the national fallback pack: a form no family claims is scored under ``national-2020`` and
the scorer says so (地区另有规定的，得分以其规定为准). A score *below* the national formula's (a
deduction: 19 of 20 on a met target, a stricter cut on a missed one) may follow the region's own
计分办法, which jixiao does not know, so it is 无法核对, not an error. Full marks on a missed target is
wrong under every rule and stays an error; a form read by a family with its own pack is held to it.
Forms written here, small and synthetic."""

from __future__ import annotations

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.audit.checks import fallback_rules
from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.forms.generic.reader import read
from jixiao.ingest.loader import load_text
from jixiao.model.dossier import Dossier
from jixiao.model.grid import GridCell, GridTable
from jixiao.score.result import TableResult
from jixiao.score.scorer import choose_pack


def generic_form(actual: int, weight: int, score: int) -> Dossier:
    """A Yunnan-style 公开表 (no family's reader claims it: read by the generic reader)."""
    rows = [
        ["项目支出绩效自评表(2023年度)"],
        ["项目名称", "卫片执法补助经费"],
        ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "7.29", "7.29", "7.29", "10", "100%", "10"],
        ["绩效指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["一级指标"],
        ["二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "核查图斑数", "≥", "120", "个", str(actual), str(weight), str(score)],
        ["总分", "100", str(10 + score)],
    ]
    table = GridTable(index=1, rows=tuple(tuple(GridCell(text=c) for c in row) for row in rows))
    evaluation = read("t.txt", table)
    assert evaluation is not None and evaluation.template == "generic-project"
    return Dossier(source="t.txt", evaluations=(evaluation,))


def s002(dossier: Dossier) -> list[Finding]:
    return [f for f in audit_dossier(dossier).findings if f.code == "S002"]


def test_a_deduction_on_a_met_target_cannot_be_held_to_the_national_formula() -> None:
    (item,) = s002(generic_form(actual=120, weight=90, score=81))
    assert (item.severity, item.outcome) == ("info", "could_not_check")
    assert item.path == "evaluations.0.indicators.0.score"
    assert "national-2020" in item.message and "无法核对" in item.message and "90.00" in item.message


def test_a_deduction_below_the_formula_on_a_missed_target_cannot_either() -> None:
    (item,) = s002(generic_form(actual=60, weight=90, score=40))  # the formula gives 45
    assert (item.severity, item.outcome) == ("info", "could_not_check")


def test_full_marks_on_a_missed_target_stays_an_error() -> None:
    (item,) = s002(generic_form(actual=60, weight=40, score=40))  # the formula gives 20
    assert (item.severity, item.outcome) == ("error", "finding")
    assert "按规则应为 20.00" in item.message


def test_a_form_with_its_own_pack_is_held_to_it() -> None:
    text = "\n".join(
        [
            "| 项目支出绩效自评表(2023年度) |",
            "| 项目名称 | 普法宣传经费 |",
            "| 主管部门 | 长沙市司法局 |",  # a Hunan department: the form is Hunan's, under hunan-2023
            "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
            "| 年度资金总额 | 12.00 | 12.00 | 12.00 | 10 | 100% | 10 |",
            "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
            "| | 产出指标 | 数量指标 | 开展普法活动 | ≥10次 | 12次 | 90 | 85 |",
            "| 总分 | 100 | 95 |",
        ]
    )
    dossier = load_text(text, "t.txt")
    assert dossier.evaluations[0].template != "generic-project"
    (item,) = s002(dossier)
    assert (item.severity, item.outcome) == ("error", "finding")


def test_which_tables_are_scored_under_the_fallback() -> None:
    def fallback(template: str, override: str | None = None) -> bool:
        choice = choose_pack(template, 2023, override)
        scored = TableResult(kind="project", name="x", unit="万元", template=template, rules=choice.pack.id)
        return fallback_rules(msgspec.structs.replace(scored, rules_fallback=choice.fallback))

    assert fallback("generic-project")
    assert not fallback("sichuan-project")
    assert not fallback("hunan-project")
    assert not fallback("generic-project", "national-2020")  # a pack the user asked for


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_no_deduction_under_the_fallback_is_an_error(data: st.DataObject) -> None:
    weight = data.draw(st.integers(min_value=2, max_value=60))
    actual = data.draw(st.integers(min_value=0, max_value=200))
    full = actual >= 120
    rule = weight if full else weight * actual / 120
    below = [s for s in range(weight + 1) if s < rule - 1]
    if not below:
        return
    score = data.draw(st.sampled_from(below))
    (item,) = s002(generic_form(actual=actual, weight=weight, score=score))
    assert item.severity != "error"
    assert item.outcome == "could_not_check"


def test_the_total_of_deductions_under_the_fallback_is_not_an_error_either() -> None:
    # S002 says 无法核对 for the 5-point deduction; S003 must not report the same 5 points as an error
    text = "\n".join(
        [
            "| 项目支出绩效自评表(2023年度) |",
            "| 项目名称 | 农村道路养护 |",
            "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
            "| 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10 |",
            "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
            "| 产出指标 | 数量指标 | 养护里程 | ≥120公里 | 125公里 | 50 | 45 |",
            "| 效益指标 | 社会效益指标 | 道路通行率 | ≥90% | 95% | 30 | 30 |",
            "| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 10 | 10 |",
            "| 总分 | 100 | 95 |",
        ]
    )
    from jixiao.ingest.loader import load_text

    findings = audit_dossier(load_text(text, "t.txt")).findings
    assert not [f for f in findings if f.code in ("S002", "S003") and f.severity == "error"]
    assert any(f.code == "S003" and f.outcome == "could_not_check" for f in findings)
