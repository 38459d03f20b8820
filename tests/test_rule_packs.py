"""Run the YAML test cases that sit beside every rule pack (src/jixiao/rules/packs/tests/*.yaml)."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
import yaml

from jixiao.model.dossier import Budget, BudgetRow, Evaluation, Indicator, Val
from jixiao.rules import available, load_pack
from jixiao.rules.formulas import aggregate
from jixiao.rules.pack import PackError
from jixiao.score.measures import Measure
from jixiao.score.scorer import apply_rubric_rule, score_execution, score_indicator


def _cases() -> list[tuple[str, dict[str, Any]]]:
    found = []
    folder = resources.files("jixiao.rules.packs").joinpath("tests")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            found.extend((data["pack"], case) for case in data["cases"])
    return found


CASES = _cases()


def _val(text: Any) -> Val | None:
    if text is None:
        return None
    number = Decimal(str(text)) if str(text).replace(".", "", 1).isdigit() else None
    return Val(text=str(text), num=number)


@pytest.mark.parametrize(("pack_id", "case"), CASES, ids=[f"{p}: {c['name']}" for p, c in CASES])
def test_pack_case(pack_id: str, case: dict[str, Any]) -> None:
    pack = load_pack(pack_id)
    expect = case["expect"]
    if "indicator" in case:
        spec = case["indicator"]
        indicator = Indicator(
            level1="产出指标",
            level2="数量指标",
            name=case["name"],
            target=Val(text=spec["target"]),
            actual=Val(text=spec["actual"]),
            weight=_val(spec.get("weight")),
            score=_val(spec.get("declared")),
        )
        result = score_indicator(indicator, pack, "产出指标")
        score, span = result.computed_score, result.computed_range
        if "achievement" in expect:
            assert result.achievement == expect["achievement"]
    elif "execution" in case:
        spec = case["execution"]
        budget = Budget(
            total=BudgetRow(
                label="年度资金总额", adjusted=_val(spec["adjusted"]), executed=_val(spec["executed"])
            )
        )
        evaluation = Evaluation(kind="project", template="t", title="t", budget=budget)
        rate, outcome, _ = score_execution(evaluation, pack)
        score, span = (outcome.score if outcome else None), None
        if "rate" in expect:
            assert rate is not None and f"{rate:.2f}" == expect["rate"]
    elif "aggregate" in case:
        spec = case["aggregate"]
        value, explanation = aggregate(
            [Decimal(v) for v in spec["values"]], [Decimal(f) for f in spec["funds"]], spec["relative"]
        )
        assert f"{value:.2f}" == expect["value"] and explanation
        return
    elif "grade" in case:
        assert pack.grade_for(Decimal(case["grade"]["total"])) == expect["grade"]
        return
    else:
        spec = case["rubric"]
        assert pack.rubric is not None
        rule = next(r for r in pack.rubric.items if r.name == spec["item"])
        found = Measure(Decimal(spec["value"]), "测试值") if "value" in spec else None
        outcome = apply_rubric_rule(rule, rule.points, found)
        score, span = outcome.score, (None if outcome.exact else outcome.bounds)
    if "score" in expect:
        assert (None if score is None else f"{score:.2f}") == expect["score"], case["name"]
    if "range" in expect:
        assert span is not None and [f"{span[0]:.2f}", f"{span[1]:.2f}"] == expect["range"], case["name"]


def test_every_pack_loads_with_sources_and_grades() -> None:
    for pack_id in available():
        pack = load_pack(pack_id)
        assert pack.sources, pack_id
        assert pack.grades, pack_id
        assert pack.id == pack_id


def test_every_pack_has_test_cases() -> None:
    assert {p for p, _ in CASES} == set(available())


def test_yueyang_rubric_first_level_points_add_up_to_100() -> None:
    rubric = load_pack("yueyang-dept-2021").rubric
    assert rubric is not None
    assert sum(rubric.first_level.values()) == 100
    group_once = sum(r.points for r in rubric.items if "group" not in r.params) + sum(rubric.groups.values())
    assert group_once == 100


def test_extends_overrides_execution_and_keeps_parent_bands() -> None:
    hubei, national = load_pack("hubei-2022"), load_pack("national-2020")
    assert hubei.execution is not None and hubei.execution.weight == 20
    assert hubei.qualitative_bands["部分达成"].low == Decimal("0.5")
    assert national.qualitative_bands["部分达成"].low == Decimal("0.6")
    assert "满意度指标" not in hubei.first_level


def test_unknown_pack_is_a_clear_error() -> None:
    with pytest.raises(PackError, match="找不到评分规则包"):
        load_pack("atlantis-2099")
