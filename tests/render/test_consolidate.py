"""Consolidation: the department's 汇总 rows are computed from its sub-units, with their provenance."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import SEED_FILES
from tests.render.test_layout import plain

from jixiao.consolidate import ConsolidationError, consolidate
from jixiao.ingest.loader import load_grid, load_path
from jixiao.model.cells import money
from jixiao.model.dossier import Dossier, Evaluation, FigureRow, FigureTable, Val
from jixiao.render.layout import layout_dossier

DEPARTMENT = "岳阳市人力资源和社会保障局"


@pytest.fixture(scope="module")
def seed002() -> Dossier:
    return load_path(SEED_FILES["002"])


def _subunits(department: Dossier) -> list[Dossier]:
    """Seed 002's per-institution tables cut into the rows each sub-unit would hand in for itself."""
    tables = [t for t in department.figure_tables if t.kind.startswith("institution")]
    labels = [r.label for r in tables[0].rows if not r.is_total]
    out = []
    for label in labels:
        own = tuple(
            msgspec.structs.replace(t, rows=tuple(r for r in t.rows if r.label == label)) for t in tables
        )
        out.append(
            Dossier(source=f"{label}.json", unit=label.split("、", 1)[1], year=2021, figure_tables=own)
        )
    return out


def test_seed_002_totals_computed_equal_the_typed_ones(seed002: Dossier) -> None:
    result = consolidate(_subunits(seed002), department=DEPARTMENT)
    typed = [t for t in seed002.figure_tables if t.kind.startswith("institution")]
    assert [t.kind for t in result.dossier.figure_tables] == [t.kind for t in typed]
    for computed, original in zip(result.dossier.figure_tables, typed, strict=True):
        assert computed.columns == original.columns
        assert [r.label for r in computed.rows] == [r.label for r in original.rows]
        total, written = computed.rows[0], original.rows[0]
        assert total.is_total and total.label == "局机关及二级机构汇总"
        assert [v.num if v else None for v in total.values] == [v.num if v else None for v in written.values]
    income = result.dossier.figure_tables[0].rows[0].values[0]
    assert income.text == "7203.56" and income.loc is None  # computed, not copied


def test_every_computed_value_states_its_sources(seed002: Dossier) -> None:
    result = consolidate(_subunits(seed002), department=DEPARTMENT)
    total = next(p for p in result.provenance if p.row == "局机关及二级机构汇总" and p.column == "收入合计")
    assert total.value == "7203.56" and total.formula == "Σ 7 个单位"
    assert len(total.sources) == 7
    assert total.sources[0].startswith("002_d9a547e44ce7c678.txt:表1:行12:列2")
    fund = next(
        p for p in result.provenance if p.row == "局机关及二级机构汇总" and p.column == "政府基金拨款"
    )
    assert fund.value == "" and fund.formula == "无单位填报"  # blank everywhere: no zero is invented
    copied = next(p for p in result.provenance if p.row == "5、市劳保监察支队" and p.column == "其他收入")
    assert copied.formula == "照录" and copied.value == "56"


def _unit(source: str, unit: str, year: int = 2023, department: str | None = None) -> Dossier:
    base = load_path(SEED_FILES["000"])
    evaluations = base.evaluations
    if department is not None:
        evaluations = tuple(
            msgspec.structs.replace(e, department=Val(text=department)) if e.department else e
            for e in evaluations
        )
    return msgspec.structs.replace(base, source=source, unit=unit, year=year, evaluations=evaluations)


def test_rows_from_the_unit_forms() -> None:
    """Units that hand in forms, not institution rows: 收入/支出 from the unit table, 三公 and 公用 from 基础数据表."""
    result = consolidate([_unit("a.txt", "局机关"), _unit("b.txt", "就业中心")])
    dossier = result.dossier
    assert dossier.unit == "岳阳楼区人力资源和社会保障局" and dossier.year == 2023
    income, expenditure, sangong = dossier.figure_tables
    assert income.columns == (
        "机构名称",
        "收入合计",
        "公共财政拨款",
        "政府基金拨款",
        "纳入专户管理的非税收入拨款",
        "其他收入",
    )
    assert income.rows[0].values[0].num == Decimal("2068.72")  # 2 × 1034.36
    assert expenditure.columns == ("机构名称", "支出合计", "基本支出", "公用支出", "项目支出")
    assert [v.text for v in expenditure.rows[1].values] == ["1034.36", "360.71", "61.05", "673.65"]
    assert sangong.rows[0].values[0].text == "0.00"
    assert dossier.fact("编制数") == Val(text="28人", num=Decimal(28), unit="人")
    public = next(p for p in result.provenance if p.row == "1、局机关" and p.column == "公用支出")
    assert "基础数据表 公用经费 2023年决算数" in public.sources[0]
    assert len(dossier.evaluations) == 14  # both units' 7 project tables carried over


@pytest.mark.parametrize(
    ("units", "department", "code"),
    [
        ([("a.txt", "甲", 2023, None), ("b.txt", "乙", 2022, None)], None, "year_mismatch"),
        ([("a.txt", "甲", 2023, None), ("b.txt", "乙", 2023, "别的局")], None, "department_mismatch"),
        ([("a.txt", "甲", 2023, None)], "别的局", "department_mismatch"),
        ([("a.txt", "甲", 2023, None), ("b.txt", "甲", 2023, None)], None, "duplicate_unit"),
    ],
)
def test_disagreeing_subunits_are_refused(
    units: list[tuple[str, str, int, str | None]], department: str | None, code: str
) -> None:
    with pytest.raises(ConsolidationError) as caught:
        consolidate([_unit(*u) for u in units], department=department)
    assert caught.value.code == code
    assert "a.txt" in caught.value.message or "甲" in caught.value.message or "别的局" in caught.value.message


def test_department_must_be_known() -> None:
    bare = Dossier(source="x.json", unit="甲", year=2021)
    with pytest.raises(ConsolidationError) as caught:
        consolidate([bare])
    assert caught.value.code == "department_unknown"


def test_consolidated_dossier_renders_and_reads_back(seed002: Dossier) -> None:
    dossier = consolidate(_subunits(seed002), department=DEPARTMENT).dossier
    back = load_grid(layout_dossier(dossier))
    assert plain(back) == plain(dossier)


def test_consolidated_units_render_with_their_headcount() -> None:
    """Headcounts summed from the units' 基础数据表 print in the city form's 基本概况 and read back."""
    dossier = consolidate([_unit("a.txt", "局机关"), _unit("b.txt", "就业中心")]).dossier
    grid = layout_dossier(dossier)
    rows = [[c.text for c in row] for table in grid.tables for row in table.rows]
    assert ["人员编制", "28人", "实有人数", "72人"] in rows
    back = load_grid(grid)
    assert plain(back) == plain(dossier)


amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(amounts, min_size=5, max_size=5), min_size=1, max_size=12))
def test_totals_are_exact_decimal_sums(figures: list[list[Decimal]]) -> None:
    columns = ("机构名称", "三公经费合计", "公务接待费", "公务用车运维费", "公务用车购置费", "因公出国费")
    subunits = [
        Dossier(
            source=f"{i}.json",
            unit=f"单位{i}",
            year=2021,
            evaluations=(
                Evaluation(kind="project", template="hunan-project", title="", department=Val(text="局")),
            ),
            figure_tables=(
                FigureTable(
                    kind="institution_sangong",
                    title="",
                    columns=columns,
                    rows=(FigureRow(label=f"单位{i}", values=tuple(money(f"{v}", None) for v in row)),),
                ),
            ),
        )
        for i, row in enumerate(figures)
    ]
    total = consolidate(subunits).dossier.figure_tables[0].rows[0]
    for column in range(5):
        assert total.values[column].num == sum((row[column] for row in figures), Decimal(0))
