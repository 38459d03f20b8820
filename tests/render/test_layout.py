"""The layout writes every form in its official layout, and the recognisers read it back unchanged.

Round trip: dossier -> ``layout_dossier`` (a Grid) -> ``load_grid`` -> the same dossier, for every seed
and for generated dossiers. Locations differ by nature (the grid is a new document) and are left out
of the comparison; the other differences are inherent and listed in ``INHERENT`` with their reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import SEED_FILES

from jixiao.forms.hubei.layout import CHOICES
from jixiao.forms.yueyang.layout import INSTITUTION_HEADERS
from jixiao.ingest.loader import load_grid, load_path
from jixiao.model.cells import money, number, rate, text_val
from jixiao.model.dossier import (
    BasicData,
    Budget,
    BudgetRow,
    Dossier,
    Evaluation,
    FigureRow,
    FigureTable,
    Goal,
    Indicator,
    ListRow,
    Rubric,
    RubricItem,
    Section,
    Val,
)
from jixiao.model.grid import GridTable, Paragraph
from jixiao.model.serialize import to_builtins
from jixiao.render.layout import layout_dossier

# Fields where the round trip cannot hold, per seed, and why.
INHERENT: dict[str, dict[str, str]] = {
    "002": {
        "unread": "the recogniser keeps only a 60-character excerpt of a table it could not read (the report "
        "text pasted into one cell); the layout writes the report's sections, which are read as sections",
    },
}


def plain(dossier: Dossier) -> Any:
    """The dossier as plain data without locations (and without the source file name)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "loc"}
        if isinstance(value, list | tuple):
            return [strip(v) for v in value]
        return value

    data = strip(to_builtins(dossier))
    data.pop("source", None)
    return data


def round_trip(dossier: Dossier) -> Dossier:
    return load_grid(layout_dossier(dossier))


@pytest.fixture(scope="module")
def seeds() -> dict[str, Dossier]:
    return {key: load_path(path) for key, path in SEED_FILES.items()}


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_seed_round_trip(seeds: dict[str, Dossier], key: str) -> None:
    original = plain(seeds[key])
    back = plain(round_trip(seeds[key]))
    for field in INHERENT.get(key, {}):
        assert original.get(field) != back.get(field), f"{field} now round-trips: drop it from INHERENT"
        original.pop(field, None)
        back.pop(field, None)
    assert back == original


def test_seed_forms_all_present(seeds: dict[str, Dossier]) -> None:
    """Every form of every seed is laid out as one table (002's institution tables inside its report)."""
    expected = {"000": 10, "001": 6, "002": 2, "004": 8}
    for key, dossier in seeds.items():
        assert len(layout_dossier(dossier).tables) == expected[key], key


def _widths(table: GridTable) -> set[int]:
    return {sum(c.colspan for c in row) for row in table.rows}


def test_grid_convention(seeds: dict[str, Dossier]) -> None:
    """Every row covers the table's width; a vertical merge leaves one empty placeholder per row below it."""
    for dossier in seeds.values():
        for table in layout_dossier(dossier).tables:
            assert len(_widths(table)) == 1, table.index
            width = _widths(table).pop()
            assert not table.widths or len(table.widths) == width
            for r, row in enumerate(table.rows):
                col = 0
                for cell in row:
                    for below in range(1, cell.rowspan):
                        cover = _cell_at(table, r + below, col)
                        assert cover is not None and cover.text == "" and cover.colspan == cell.colspan
                    col += cell.colspan


def _cell_at(table: GridTable, r: int, col: int) -> Any:
    start = 0
    for cell in table.rows[r]:
        if start == col:
            return cell
        start += cell.colspan
    return None


def test_hunan_unit_form_merges(seeds: dict[str, Dossier]) -> None:
    """Seed 000's unit table: 产出指标(50 分) merged over its 21 rows, 数量指标 over 14, 绩效指标 over all."""
    grid = layout_dossier(seeds["000"])
    table = next(t for t in grid.tables if any(c.text == "年度预算申请（万元）" for r in t.rows for c in r))
    heads = {c.text: c.rowspan for row in table.rows for c in row if c.rowspan > 1}
    assert heads["产出指标(50分)"] == 21
    assert heads["数量指标"] == 14
    assert heads["绩效指标"] == 28  # header + 27 indicators
    assert heads["年度总体目标"] == 2
    title = grid.blocks[grid.blocks.index(table) - 1]
    assert isinstance(title, Paragraph) and title.style == "title"
    assert title.text == "2023年度预算单位整体支出绩效自评表"


def test_zhuzhou_grade_and_title_row(seeds: dict[str, Dossier]) -> None:
    table = layout_dossier(seeds["001"]).tables[0]
    assert table.rows[0][0].text == "2020年度部门整体支出绩效自评表" and table.rows[0][0].colspan == 9
    assert [c.text for c in table.rows[-1]] == ["总分", "100", "100", "等级：优"]


def test_hubei_form_from_grid(seeds: dict[str, Dossier]) -> None:
    """Seed 004's forms laid out as tables are read by the grid recogniser into the PDF reader's dossier."""
    grid = layout_dossier(seeds["004"], sections=False)
    back = load_grid(grid)
    assert [e.template for e in back.evaluations] == ["hubei-project"] * 8
    assert plain(back)["evaluations"] == plain(seeds["004"])["evaluations"]
    first = grid.tables[0]
    assert [c.text for c in first.rows[3]] == ["项目类别", "1、部门预算项目√ 2、省专项□ 3、中央转移支付项目□"]


# ---------------------------------------------------------------- generated dossiers

SAFE = "甲乙丙丁戊己庚辛壬癸春夏秋冬山川河湖松竹梅兰风雨雷电金木水火土东南西北"
words = st.text(alphabet=SAFE, min_size=1, max_size=8)
spaced = st.lists(words, min_size=1, max_size=3).map(" ".join)
amounts = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False).map(lambda d: f"{d}")
small = st.integers(min_value=1, max_value=60).map(str)
rates = st.decimals(min_value=0, max_value=200, places=2, allow_nan=False).map(lambda d: f"{d}%")
targets = st.one_of(words, st.sampled_from(["≥95%", "≤55%", "100%", "≥100人", "有效促进", "≤30万元"]))
years = st.integers(min_value=2018, max_value=2030)


def _money(text: str) -> Val:
    return money(text, None)


def _number(text: str) -> Val:
    return number(text, None)


def _text(text: str) -> Val:
    return text_val(text, None)


@st.composite
def indicator_rows(draw: st.DrawFn, hubei: bool = False) -> tuple[Indicator, ...]:
    level1s = draw(st.lists(st.sampled_from(["产出指标", "效益指标", "满意度指标"]), min_size=1, max_size=3))
    level1s = [name for i, name in enumerate(level1s) if i == 0 or name != level1s[i - 1]]
    rows: list[Indicator] = []
    for level1 in level1s:
        points = draw(st.integers(min_value=5, max_value=60))
        if hubei:
            declared = Val(text=f"{points}", num=Decimal(points))
        else:
            declared = Val(text=f"{level1}({points}分)", num=Decimal(points), unit="分")
        for level2 in draw(
            st.lists(st.sampled_from(["数量指标", "质量指标", "时效指标", "成本指标"]), min_size=1)
        ):
            for _ in range(draw(st.integers(min_value=1, max_value=3))):
                rows.append(
                    Indicator(
                        level1=level1,
                        level2=level2,
                        name=draw(spaced if hubei else words),
                        target=_text(draw(targets)),
                        actual=_text(draw(targets)),
                        weight=None if hubei else _number(draw(small)),
                        score=_number(draw(small)),
                        deviation=None if hubei else _text(draw(st.one_of(st.just(""), words))),
                        level1_points=declared,
                    )
                )
    return tuple(rows)


@st.composite
def budgets(draw: st.DrawFn, kind: str) -> Budget:
    total_label = draw(st.sampled_from(["年度资金总额", "合计"]))
    parts = tuple(
        BudgetRow(
            label=label, initial=_money(draw(amounts)), adjusted=_money(draw(amounts)), executed=_money("")
        )
        for label in draw(
            st.lists(st.sampled_from(["其中：当年财政拨款", "上年结转资金", "其他资金"]), unique=True)
        )
    )
    pairs: tuple[tuple[tuple[str, Val], ...], tuple[tuple[str, Val], ...]] = ((), ())
    if kind != "project" and draw(st.booleans()):
        pairs = (
            (
                ("按收入性质分", _money(draw(amounts))),
                ("一般公共预算", _money(draw(amounts))),
                ("其他资金", _money("")),
            ),
            (("按支出性质分", _money(draw(amounts))), ("基本支出", _money(draw(amounts)))),
        )
    return Budget(
        total=BudgetRow(
            label=total_label,
            initial=_money(draw(amounts)),
            adjusted=_money(draw(amounts)),
            executed=_money(draw(amounts)),
        ),
        parts=parts,
        weight=_number("10"),
        rate=rate(draw(rates), None),
        score=_number(draw(small)),
        by_income=pairs[0],
        by_nature=pairs[1],
    )


@st.composite
def goals(draw: st.DrawFn) -> Goal:
    def items() -> tuple[Val, ...]:
        count = draw(st.integers(min_value=0, max_value=3))
        return tuple(Val(text=f"{i}、{draw(words)}") for i in range(1, count + 1))

    return Goal(expected=items(), achieved=items())


@st.composite
def evaluations(draw: st.DrawFn, year: int) -> Evaluation:
    family = draw(st.sampled_from(["hunan", "zhuzhou"]))
    kind = draw(st.sampled_from(["project", "unit_overall", "dept_overall"]))
    title = {
        "project": f"{year}年度项目支出绩效自评表",
        "unit_overall": f"{year}年度预算单位整体支出绩效自评表",
        "dept_overall": f"{year}年度部门整体支出绩效自评表",
    }[kind]
    suffix = {"project": "project", "unit_overall": "unit", "dept_overall": "dept"}[kind]
    header: tuple[tuple[str, Val], ...] = ()
    department = draw(st.one_of(st.none(), words.map(_text)))
    if family == "hunan":
        # the national layout is Hunan's only where the form names Hunan (forms/hunan/evidence.py)
        department = _text("长沙市" + (department.text if department else "财政局"))
    implementer = draw(st.one_of(st.none(), words.map(_text)))
    if kind == "project" and family == "zhuzhou" and draw(st.booleans()):
        header = (
            ("项目总投资（万元）", _money(draw(amounts))),
            ("支出方向名称（子项目）", _text(draw(words))),
            ("其中：财政拨款", _money(draw(amounts))),
            ("项目总实施期", _text("1年")),
        )
    signature = ()
    if draw(st.booleans()):
        signature = (
            ("单位负责人签字", _text("")),
            ("填表人", _text(draw(words))),
            ("填报日期", _text("2024.5.30")),
        )
    return Evaluation(
        kind=kind,  # type: ignore[arg-type]
        template=f"{family}-{suffix}",
        title=title,
        name=_text(draw(words)),
        department=department,
        implementer=implementer,
        header=header,
        budget=draw(st.one_of(st.none(), budgets(kind))),
        goal=draw(st.one_of(st.none(), goals())),
        indicators=draw(indicator_rows()),
        declared_points=_number("100"),
        declared_total=_number(draw(small)),
        grade=_text(draw(st.sampled_from(["优", "良", "中", "差"]))) if family == "zhuzhou" else None,
        signature=signature,
    )


@st.composite
def hubei_evaluations(draw: st.DrawFn, year: int) -> Evaluation:
    header = tuple(
        (field, _text(draw(st.sampled_from(options))))
        for field, options in CHOICES.items()
        if draw(st.booleans())
    )
    date = draw(st.one_of(st.none(), st.just("2023.5.30")))
    budget = Budget(
        total=BudgetRow(
            label="年度财政资金总额", adjusted=_money(draw(amounts)), executed=_money(draw(amounts))
        ),
        weight=draw(st.sampled_from([None, Val(text="20", num=Decimal(20))])),
        rate=rate(draw(rates), None),
        score=_number(draw(small)),
    )
    return Evaluation(
        kind="project",
        template="hubei-project",
        title=f"{year} 年度{draw(words)}项目绩效自评表",
        name=_text(draw(spaced)),
        department=draw(st.one_of(st.none(), words.map(_text))),
        implementer=draw(st.one_of(st.none(), words.map(_text))),
        header=header,
        budget=draw(st.sampled_from([None, budget])),
        indicators=draw(indicator_rows(hubei=True)),
        declared_points=draw(st.sampled_from([None, Val(text="100", num=Decimal(100))])),
        declared_total=_number(draw(small)),
        notes=tuple(_text(t) for t in draw(st.lists(spaced, max_size=3))),
        signature=(("填报日期", _text(date)),) if date else (),
    )


@st.composite
def rubrics(draw: st.DrawFn) -> Rubric:
    items: list[RubricItem] = []
    for level1, l1_points in draw(
        st.lists(st.sampled_from([("投入", 15), ("过程", 40), ("产出", 25)]), min_size=1)
    ):
        l1 = Val(text=f"{level1}（{l1_points}分）", num=Decimal(l1_points), unit="分")
        level2 = draw(words)
        l2 = Val(text=f"{level2}（{l1_points}分）", num=Decimal(l1_points), unit="分")
        grouped = draw(st.integers(min_value=0, max_value=3))
        group = _number(draw(small)) if grouped >= 2 else None
        for index in range(draw(st.integers(min_value=1, max_value=3)) + (grouped if group else 0)):
            in_group = group is not None and index < grouped
            items.append(
                RubricItem(
                    level1=level1,
                    level2=level2,
                    name=draw(words),
                    standard=draw(st.one_of(st.just(""), words)) if index else draw(words),
                    points=None if in_group else _number(draw(small)),
                    score=_number(draw(small)),
                    reason=_text(draw(st.one_of(st.just(""), words))),
                    level1_points=l1,
                    level2_points=l2,
                    group_points=group if in_group else None,
                )
            )
    return Rubric(
        title="部门整体支出绩效评价评分表",
        items=tuple(items),
        declared_points=_number("100"),
        declared_total=_number(draw(small)),
    )


@st.composite
def fund_lists(draw: st.DrawFn) -> tuple[ListRow, ...]:
    rows: list[ListRow] = []
    for n in range(1, draw(st.integers(min_value=1, max_value=5)) + 1):
        fund = draw(words)
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            rows.append(
                ListRow(
                    number=str(n), fund=fund, unit=draw(words), remark=draw(st.one_of(st.just(""), words))
                )
            )
    return tuple(rows)


@st.composite
def basic_data(draw: st.DrawFn, year: int) -> BasicData:
    columns = (f"{year - 1}年决算数", f"{year}年预算数", f"{year}年决算数")
    lines: list[FigureRow] = []
    # The form always prints its 三公经费 line (the recogniser knows the form by it).
    tops = [
        "三公经费",
        *draw(st.lists(st.sampled_from(["项目支出", "公用经费", "政府采购金额"]), unique=True)),
    ]
    for top in tops:
        lines.append(FigureRow(label=top, values=tuple(_money(draw(amounts)) for _ in columns)))
        for n in range(1, draw(st.integers(min_value=0, max_value=2)) + 1):
            lines.append(
                FigureRow(label=f"{n}、{draw(words)}", values=tuple(_money("") for _ in columns), level=1)
            )
            if draw(st.booleans()):
                lines.append(
                    FigureRow(
                        label=f"其中：{draw(words)}",
                        values=tuple(_money(draw(amounts)) for _ in columns),
                        level=2,
                    )
                )
    buildings: tuple[FigureRow, ...] = ()
    if draw(st.booleans()):
        heads = tuple(
            Val(text=t)
            for t in (
                "批复规模(m²)",
                "实际规模(m²)",
                "规模控制率",
                "预算投资(万元)",
                "实际投资(万元)",
                "投资概算控制率",
            )
        )
        buildings = (
            FigureRow(label="楼堂馆所控制情况(当年完工项目)", values=heads),
            FigureRow(label="", values=tuple(_money(draw(amounts)) for _ in heads)),
        )
    return BasicData(
        unit_name=_text(draw(words)),
        staffing_quota=number(draw(small), None, "人"),
        staff_actual=number(draw(small), None, "人"),
        staffing_rate=rate(draw(rates), None),
        year_columns=columns,
        lines=tuple(lines),
        buildings=buildings,
        measures=_text(draw(words)),
    )


@st.composite
def institution_tables(draw: st.DrawFn) -> tuple[FigureTable, ...]:
    from jixiao.forms.yueyang.reader import _INSTITUTION_COLUMNS

    tables = []
    for kind in draw(st.lists(st.sampled_from(sorted(_INSTITUTION_COLUMNS)), unique=True, max_size=4)):
        vocab = _INSTITUTION_COLUMNS[kind]
        columns = ("机构名称", vocab[0], *[c for c in vocab[1:] if draw(st.booleans())])
        names = ["局机关及二级机构汇总", *draw(st.lists(words, min_size=1, max_size=4))]
        rows = tuple(
            FigureRow(
                label=name, values=tuple(_money(draw(amounts)) for _ in columns[1:]), is_total="汇总" in name
            )
            for name in names
        )
        tables.append(
            FigureTable(
                kind=kind,
                title=draw(st.one_of(st.just(""), words.map(lambda w: w + "（万元）"))),
                columns=columns,
                rows=rows,
            )
        )
    return tuple(tables)


@st.composite
def sections(draw: st.DrawFn) -> tuple[Section, ...]:
    numerals = "一二三四五六七八九十"
    out = []
    for i in range(draw(st.integers(min_value=0, max_value=4))):
        heading = f"{numerals[i]}、{draw(words)}"
        body = "\n".join(draw(st.lists(words.map(lambda w: w + "。"), max_size=3)))
        out.append(Section(heading=heading, text=body, level=1))
    return tuple(out)


@st.composite
def city_reports(draw: st.DrawFn, unit: str) -> tuple[Evaluation, list[tuple[str, Val]]]:
    """The city report form (seed 002) and the 基本概况 facts it prints."""
    indicators = []
    for level1 in draw(
        st.lists(st.sampled_from(["产出目标", "效益目标"]), min_size=1, max_size=2, unique=True)
    ):
        for level2 in draw(
            st.lists(st.sampled_from(["数量指标", "质量指标", "社会效益"]), min_size=1, unique=True)
        ):
            for n in range(1, draw(st.integers(min_value=1, max_value=3)) + 1):
                name = draw(words)
                target = _text(f"指标{n}：{name}")
                indicators.append(
                    Indicator(
                        level1=level1, level2=level2, name=name, target=target, actual=_text(draw(targets))
                    )
                )
    report = Evaluation(
        kind="dept_overall",
        template="yueyang-dept-report",
        title="部门（单位）整体支出绩效自评情况",
        name=Val(text=unit),
        goal=draw(goals()),
        indicators=tuple(indicators),
        declared_total=_number(draw(small)),
        grade=_text(draw(st.sampled_from(["优", "良"]))),
    )
    facts = [
        ("联系人", _text(draw(words))),
        ("联系电话", _text("8882378")),
        ("编制数", _number(f"{draw(small)}人")),
        ("在职人数", _number(f"{draw(small)}人")),
    ]
    return report, facts


@st.composite
def dossiers(draw: st.DrawFn) -> Dossier:
    year = draw(years)
    hubei = draw(st.booleans())
    evals = draw(st.lists(hubei_evaluations(year) if hubei else evaluations(year), max_size=3))
    basic = draw(st.one_of(st.none(), basic_data(year)))
    facts: list[tuple[str, Val]] = []
    if basic is not None:
        facts = [("编制数", basic.staffing_quota), ("在职人数", basic.staff_actual)]  # type: ignore[list-item]
    date = draw(st.one_of(st.none(), st.just("2024年5月30日")))
    unit = draw(words)
    figures = draw(institution_tables())
    if not hubei and draw(st.booleans()):
        report, stated = draw(city_reports(unit))
        evals.append(report)
        facts = stated + facts  # the loader reads the report's facts before the 基础数据表's
        if figures and not figures[0].title:
            # Inside the report form a table right under the 二、部门（单位）收支情况 row takes that row
            # as its title (the reading every such form gets): the form's first table is titled.
            title = INSTITUTION_HEADERS[figures[0].kind][0]
            figures = (msgspec.structs.replace(figures[0], title=title), *figures[1:])
    return Dossier(
        source="gen.txt",
        unit=unit,
        year=year,
        report_date=_text(date) if date else None,
        fund_list=draw(st.one_of(st.just(()), fund_lists())),
        basic_data=basic,
        evaluations=tuple(evals),
        rubrics=tuple(draw(st.lists(rubrics(), max_size=2))),
        figure_tables=figures,
        facts=tuple(facts),
        sections=draw(sections()),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dossiers())
def test_generated_round_trip(dossier: Dossier) -> None:
    assert plain(round_trip(dossier)) == plain(dossier)


# ---------------------------------------------------------------- through files

# Differences a file format brings, beyond those of the grid itself (``INHERENT``).
FILE_INHERENT: dict[tuple[str, str], dict[str, str]] = {
    ("pdf", "000"): {
        "evaluations": "a PDF's text layer has no no-break space: the U+00A0 in 项目 4-1's 预期目标 "
        "(“1、 \\xa0承担…”) reads back as a plain space",
    },
    ("pdf", "002"): {
        "figure_tables": "the 整体收支情况表 is read from the report's text; printed as a table without that "
        "text it is kept as an unread table",
    },
}


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _file_round_trip(dossier: Dossier, fmt: str, tmp_path: Any, sections: bool) -> Dossier:
    from jixiao.cli.render import render_bytes

    path = tmp_path / f"{dossier.source}.{fmt}"
    path.write_bytes(render_bytes(layout_dossier(dossier, sections=sections), fmt))
    return load_path(path)  # as a user's file: its kind found from its bytes


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_file_round_trip(seeds: dict[str, Dossier], key: str, fmt: str, tmp_path: Any) -> None:
    """render .docx/.xlsx -> ingest gives back the seed's dossier (the grid's inherent differences aside)."""
    if not (_has(f"jixiao.render.{fmt}") and _has(f"jixiao.ingest.{fmt}")):
        pytest.skip(f"the {fmt} writer or reader is not installed yet")
    original = plain(seeds[key])
    back = plain(_file_round_trip(seeds[key], fmt, tmp_path, sections=True))
    for field in INHERENT.get(key, {}):
        original.pop(field, None)
        back.pop(field, None)
    assert back == original


FORM_FIELDS = ("unit", "year", "fund_list", "basic_data", "evaluations", "rubrics", "figure_tables")


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_pdf_round_trip_of_the_forms(seeds: dict[str, Dossier], key: str, tmp_path: Any) -> None:
    """render .pdf (forms) -> ingest gives back the seed's forms; the differences are listed and checked."""
    if not (_has("jixiao.render.pdf") and _has("jixiao.ingest.pdf")):
        pytest.skip("the PDF writer or reader is not installed yet")
    original = plain(seeds[key])
    back = plain(_file_round_trip(seeds[key], "pdf", tmp_path, sections=False))
    known = FILE_INHERENT.get(("pdf", key), {})
    for field in FORM_FIELDS:
        if field in known:
            assert back.get(field) != original.get(field), f"{field} now round-trips: update FILE_INHERENT"
        else:
            assert back.get(field) == original.get(field), field


def test_hubei_form_as_a_unit_types_it() -> None:
    """A Hubei form as a unit's Word file has it: title in the table, wrapped labels, ✓ and Wingdings boxes."""
    from jixiao.model.grid import Grid, GridCell

    def row(*cells: str | tuple[str, int, int]) -> tuple[GridCell, ...]:
        out = []
        for cell in cells:
            text, colspan, rowspan = cell if isinstance(cell, tuple) else (cell, 1, 1)
            out.append(GridCell(text=text, colspan=colspan, rowspan=rowspan))
        return tuple(out)

    table = GridTable(
        index=1,
        rows=(
            row(("2022 年度区劳动人事争议仲裁院项目绩效自评表", 6, 1)),
            row(("填报日期：2022.6.25   总 分：100 分", 6, 1)),
            row("项目名称", ("劳动争议调解仲裁经费", 5, 1)),
            row(
                "主管部门",
                ("曾都区人力资源和社会保障局", 2, 1),
                "项目实施单\n位",
                ("区劳动人事争议仲裁院", 2, 1),
            ),
            row("项目类别", ("1、部门预算项目✓ 2、省专项\uf0a8 3、中央转移支付项目\uf0a8", 5, 1)),
            row(
                "项目属性",
                ("1、持续性项目 √ 2、新增性项目 □", 2, 1),
                "项目类型",
                ("1、常年性项目√ 2、延续性项目□", 2, 1),
            ),
            row(
                ("预算执行情况\n（万元）\n（20 分）", 2, 1),
                "预算数（A)",
                "执行数(B)",
                "执行率\n（B/A）",
                "得分\n（20 分*执行率）",
            ),
            row(("年度财政\n资金总额", 2, 1), "45", "27.34", "61%%", "12.15"),
            row("一级指标", "二级指标", "三级指标", "年初目标值\n(A）", "实际完成值\n(B)", "得分"),
            row(
                ("产出指标\n（40 分）", 1, 2), "数量指标", "受理劳动争议 237 件", "受理案件", "计划标准", "10"
            ),
            row("", "时效指标", "审理期限", "45天", "计划标准", "10"),
            row(("总分", 5, 1), "82.15"),
            row(("偏差大或目标\n未完成原因分\n析", 2, 1), ("无", 4, 1)),
            row(("改进措施及结\n果应用方案", 2, 1), ("增加预算数额。", 4, 1)),
        ),
    )
    dossier = load_grid(Grid(file="仲裁院.docx", blocks=(table,)))
    (form,) = dossier.evaluations
    assert form.template == "hubei-project" and form.title == "2022年度区劳动人事争议仲裁院项目绩效自评表"
    assert (form.name.text, form.department.text, form.implementer.text) == (  # type: ignore[union-attr]
        "劳动争议调解仲裁经费",
        "曾都区人力资源和社会保障局",
        "区劳动人事争议仲裁院",
    )
    assert [(k, v.text) for k, v in form.header] == [
        ("项目类别", "部门预算项目"),
        ("项目属性", "持续性项目"),
        ("项目类型", "常年性项目"),
    ]
    budget = form.budget
    assert budget is not None and budget.weight is not None and budget.weight.num == 20
    assert (budget.total.adjusted.num, budget.total.executed.num) == (45, Decimal("27.34"))  # type: ignore[union-attr]
    assert budget.rate is not None and (budget.rate.text, budget.rate.num) == ("61%%", 61)
    assert [(i.level1, i.level2, i.name, i.score.text) for i in form.indicators] == [  # type: ignore[union-attr]
        ("产出指标", "数量指标", "受理劳动争议 237 件", "10"),
        ("产出指标", "时效指标", "审理期限", "10"),
    ]
    assert form.indicators[0].level1_points == Val(
        text="40", num=Decimal(40), loc=form.indicators[0].level1_points.loc
    )  # type: ignore[union-attr]
    assert form.declared_points is not None and form.declared_points.text == "100"
    assert form.declared_total is not None and form.declared_total.text == "82.15"
    assert [n.text for n in form.notes] == ["无", "增加预算数额。"]
    assert dict(form.signature)["填报日期"].text == "2022.6.25"


def test_pdf_round_trip_with_the_report_text(seeds: dict[str, Dossier], tmp_path: Any) -> None:
    """Seed 001 whole through PDF: forms and report text come back; one space is lost where it ends a line."""
    if not (_has("jixiao.render.pdf") and _has("jixiao.ingest.pdf")):
        pytest.skip("the PDF writer or reader is not installed yet")
    original = plain(seeds["001"])
    back = plain(_file_round_trip(seeds["001"], "pdf", tmp_path, sections=True))
    changed = [
        (a["heading"], a["text"], b["text"])
        for a, b in zip(original.pop("sections"), back.pop("sections"), strict=True)
        if a != b
    ]
    # Inherent to PDF text: a space that falls at the end of a printed line is not in the text layer.
    assert [(h, a.replace(" ", ""), b.replace(" ", "")) for h, a, b in changed] == [
        (h, a.replace(" ", ""), a.replace(" ", "")) for h, a, _ in changed
    ]
    assert len(changed) <= 1
    assert back == original


def test_forms_without_the_report_text_keep_its_tables(seeds: dict[str, Dossier]) -> None:
    """With the written report left out (``--narrative`` replaces it), 002's 整体收支情况表 is still printed."""
    grid = layout_dossier(seeds["002"], sections=False)
    table = grid.tables[-1]
    assert [c.text for c in table.rows[0]] == ["项目名称", "预算安排", "预算调整", "实际支出"]
    assert [c.text for c in table.rows[1]] == ["基本支出", "4821.87", "6263.53", "6067.24"]
    title = grid.blocks[grid.blocks.index(table) - 2]
    assert isinstance(title, Paragraph) and title.text == "2021年单位整体收支情况表"
