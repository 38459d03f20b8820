"""What scoring produces: per table and per indicator, the declared value beside the computed one.

This is also the JSON contract of ``jixiao score --format json`` (amounts in 万元 as JSON numbers).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import msgspec

ScoreKind = Literal["unit_overall", "dept_overall", "project", "dept_rubric", "basic_data"]


class Budget3(msgspec.Struct, frozen=True):
    initial: Decimal | None
    adjusted: Decimal | None
    executed: Decimal | None


class IndicatorResult(msgspec.Struct, frozen=True):
    level1: str
    level2: str
    name: str
    target: str | None
    actual: str | None
    weight: Decimal | None
    declared_score: Decimal | None
    computed_score: Decimal | None
    computed_range: tuple[Decimal, Decimal] | None
    explanation: str
    location: str | None
    direction: str | None = None
    achievement: str | None = None
    path: str | None = None  # the row's dossier path: evaluations.2.indicators.5, rubrics.0.items.3
    # Why the declared score cannot be held against the computed one (无法核对), when the form's own
    # numbers follow no rule the pack knows; None when the comparison stands
    unverifiable: str | None = None


class LevelResult(msgspec.Struct, frozen=True):
    level1: str
    declared_points: Decimal | None  # the points the form (or the pack) gives this group
    weights: Decimal  # Σ 分值 of its rows
    declared_scores: Decimal  # Σ 自评得分 of its rows
    computed_score: Decimal | None
    computed_range: tuple[Decimal, Decimal] | None
    # False when the form states no points for this group and ``declared_points`` is what the rule
    # pack prescribes for it (a rule to check against, not a figure the unit wrote)
    stated: bool = True


# what each kind of scored table is called on the forms (a table with no name of its own is called so)
TABLE_KIND_NAMES: dict[str, str] = {
    "unit_overall": "单位整体支出绩效自评表",
    "dept_overall": "部门整体支出绩效自评表",
    "project": "项目支出绩效自评表",
    "dept_rubric": "部门整体支出绩效评价评分表",
    "basic_data": "基础数据表",
}


class TableResult(msgspec.Struct, frozen=True):
    kind: ScoreKind
    name: str
    unit: str | None
    template: str
    rules: str | None = None
    budget: Budget3 | None = None
    execution_rate: Decimal | None = None  # %, rounded to 2 places
    execution_weight: Decimal | None = None
    execution_declared: Decimal | None = None
    execution_computed: Decimal | None = None
    execution_explanation: str | None = None
    # the 年度目标 block's own 得分 as written (the 区域 form scores its goal): part of the total, which
    # the rules cannot recompute, so the recomputed total takes it as written
    goal_declared: Decimal | None = None
    declared_total: Decimal | None = None
    computed_total: Decimal | None = None
    computed_range: tuple[Decimal, Decimal] | None = None
    weights_total: Decimal | None = None
    declared_points: Decimal | None = None
    grade: str | None = None  # declared
    computed_grade: str | None = None
    levels: tuple[LevelResult, ...] = ()
    indicators: tuple[IndicatorResult, ...] = ()
    location: str | None = None
    # the total once reviewers have settled every range (or overridden scores): ``score_dossier``'s
    # ``settled`` scores in place of the computed ones; None while any range is open or none is settled
    settled_total: Decimal | None = None
    path: str | None = None  # the table's dossier path: evaluations.2, rubrics.0, basic_data
    # Why ``rules`` was chosen: the form's own pack, a pack declaring the template, the one asked
    # for, or the national fallback for a form of no known family
    rules_reason: str | None = None
    # ``rules`` is the national pack, taken only because the form has no pack of its own (the audit
    # then says 无法核对 for deductions the national formula does not make)
    rules_fallback: bool = False
    # Why the recomputed total cannot be held against the declared one (rows 无法核对); None otherwise
    unverifiable: str | None = None


class DocumentResult(msgspec.Struct, frozen=True):
    source: str
    unit: str | None
    year: int | None
    rules: tuple[str, ...]
    tables: tuple[TableResult, ...]


class ScoreReport(msgspec.Struct, frozen=True):
    documents: tuple[DocumentResult, ...]
