"""Sub-unit dossiers -> a department dossier, every total computed with ``Decimal``.

Each sub-unit gives one row to each per-institution table (收入, 支出, 三公经费, 固定资产), taken from
what its documents state, in this order of preference:

1. its own per-institution table row (a sub-unit that filled the department's table for itself);
2. its forms: 收入 from the 整体支出绩效自评表 按收入性质分, 支出 from 按支出性质分 with 公用支出 from the
   基础数据表's 公用经费 决算, 三公经费 from the 基础数据表's 三公经费 lines (the latest 决算 column).

A figure no document states stays blank: nothing is estimated. The department row
(``局机关及二级机构汇总``) is the sum of the sub-unit rows, column by column; 编制数 and 在职人数 are summed
the same way. Every value of the result has its provenance: a copied value keeps its location in the
sub-unit's file (``Val.loc``), and ``Consolidation.provenance`` states, for each computed value, the
formula and the locations it adds up. Sub-units' 项目支出绩效自评表 are carried over unchanged.

Sub-units must agree on the year and the department (their forms' 主管部门, or the one given);
otherwise ``ConsolidationError`` names the files and what they say.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal

import msgspec

from jixiao.model.dossier import BasicData, Dossier, Evaluation, FigureRow, FigureTable, Val
from jixiao.model.numbers import fmt, q2
from jixiao.narrative.reader import goal_sections, read_facts

TOTAL_LABEL = "局机关及二级机构汇总"

KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "institution_income": (
        "年度收入情况（万元）",
        ("收入合计", "上年结转", "公共财政拨款", "政府基金拨款", "纳入专户管理的非税收入拨款", "其他收入"),
    ),
    "institution_expenditure": (
        "部门（单位）年度支出和结余情况（万元）",
        ("支出合计", "基本支出", "人员支出", "公用支出", "项目支出", "当年结余", "累计结余"),
    ),
    "institution_sangong": (
        "“三公”经费支出情况（万元）",
        ("三公经费合计", "公务接待费", "公务用车运维费", "公务用车购置费", "因公出国费"),
    ),
    "institution_assets": ("固定资产情况（万元）", ("固定资产合计", "在用固定资产", "出租固定资产", "其他")),
}

# Columns read from a unit's forms: column -> (where, the label the form gives it).
_FROM_INCOME = {
    "收入合计": "按收入性质分",
    "公共财政拨款": "一般公共预算",
    "政府基金拨款": "政府性基金拨款",
    "纳入专户管理的非税收入拨款": "纳入专户管理的非税收入拨款",
    "其他收入": "其他资金",
}
_FROM_NATURE = {"支出合计": "按支出性质分", "基本支出": "基本支出", "项目支出": "项目支出"}
_FROM_BASIC_EXPENDITURE: dict[str, tuple[str, ...]] = {"公用支出": ("公用经费",)}
_FROM_BASIC_SANGONG: dict[str, tuple[str, ...]] = {
    "三公经费合计": ("三公经费",),
    "公务接待费": ("公务接待",),
    "公务用车运维费": ("公车运行维护", "公务用车运行维护"),
    "公务用车购置费": ("公车购置", "公务用车购置"),
    "因公出国费": ("出国",),
}


class ConsolidationError(Exception):
    """Sub-units that cannot be consolidated; ``code`` is stable English, the message is Chinese."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{message} [{code}]")
        self.code = code
        self.message = message


class Provenance(msgspec.Struct, frozen=True):
    """Where one value of the department dossier comes from."""

    table: str  # the table's title, or "facts"
    row: str
    column: str
    value: str
    formula: str  # e.g. "Σ 7 个二级单位" or "照录"
    sources: tuple[str, ...]  # file:表N:行R:列C of each value added up (or copied)
    missing: tuple[str, ...] = ()  # sub-units whose documents state no figure for it


class Consolidation(msgspec.Struct, frozen=True):
    dossier: Dossier
    provenance: tuple[Provenance, ...]


class _Cell(msgspec.Struct, frozen=True):
    value: Val
    source: str  # provenance of the copied value


def _where(val: Val, what: str) -> str:
    place = val.loc.short() if val.loc is not None else "（无位置）"
    return f"{place}（{what}）"


def _department_of(dossier: Dossier) -> str | None:
    names = Counter(
        e.department.text.strip() for e in dossier.evaluations if e.department and e.department.text
    )
    return names.most_common(1)[0][0] if names else None


def _check(subunits: Sequence[Dossier], department: str | None) -> tuple[int, str]:
    if not subunits:
        raise ConsolidationError("no_subunits", "没有可汇总的二级单位档案")
    years = {d.source: d.year for d in subunits}
    unknown = [s for s, y in years.items() if y is None]
    if unknown:
        raise ConsolidationError("year_unknown", f"无法确定年度：{'、'.join(unknown)}")
    if len(set(years.values())) > 1:
        listed = "；".join(f"{s}：{y}年" for s, y in years.items())
        raise ConsolidationError("year_mismatch", f"二级单位的年度不一致（{listed}）")
    stated = {d.source: _department_of(d) for d in subunits}
    named = {s: n for s, n in stated.items() if n is not None}
    if department is not None:
        other = {s: n for s, n in named.items() if n != department}
        if other:
            listed = "；".join(f"{s}：{n}" for s, n in other.items())
            raise ConsolidationError(
                "department_mismatch", f"二级单位的主管部门与“{department}”不一致（{listed}）"
            )
        chosen = department
    else:
        if len(set(named.values())) > 1:
            listed = "；".join(f"{s}：{n}" for s, n in named.items())
            raise ConsolidationError("department_mismatch", f"二级单位的主管部门不一致（{listed}）")
        if not named:
            raise ConsolidationError(
                "department_unknown", "各档案都未写明主管部门，请用 --department 指定部门名称"
            )
        chosen = next(iter(named.values()))
    units = Counter(d.unit for d in subunits)
    twice = [u for u, n in units.items() if n > 1 and u]
    if twice:
        raise ConsolidationError("duplicate_unit", f"同一单位出现多次：{'、'.join(twice)}")
    year = next(iter(years.values()))
    assert year is not None
    return year, chosen


def _overall(dossier: Dossier) -> Evaluation | None:
    return next((e for e in dossier.evaluations if e.kind != "project" and e.budget is not None), None)


def _latest_actual(basic: BasicData, words: tuple[str, ...]) -> tuple[Val, str] | None:
    """A 基础数据表 line's figure in its latest 决算 column."""
    columns = [(c, name) for c, name in enumerate(basic.year_columns) if "决算" in name]
    if not columns:
        return None
    col, name = max(columns, key=lambda pair: pair[1])
    for row in basic.lines:
        if any(row.label.endswith(w) or row.label == w for w in words) and col < len(row.values):
            value = row.values[col]
            if value is not None and value.num is not None:
                return value, f"基础数据表 {row.label} {name}"
    return None


def _from_forms(dossier: Dossier, kind: str) -> dict[str, _Cell]:
    cells: dict[str, _Cell] = {}
    overall = _overall(dossier)
    budget = overall.budget if overall is not None else None
    if kind == "institution_income" and budget is not None:
        stated = dict(budget.by_income)
        for column, label in _FROM_INCOME.items():
            value = stated.get(label)
            if value is not None:  # a line the form prints blank stays a (blank) column
                cells[column] = _Cell(value, _where(value, f"整体支出绩效自评表 按收入性质分 {label}"))
    if kind == "institution_expenditure" and budget is not None:
        stated = dict(budget.by_nature)
        for column, label in _FROM_NATURE.items():
            value = stated.get(label)
            if value is not None:  # a line the form prints blank stays a (blank) column
                cells[column] = _Cell(value, _where(value, f"整体支出绩效自评表 按支出性质分 {label}"))
    basic = dossier.basic_data
    wanted: dict[str, dict[str, tuple[str, ...]]] = {
        "institution_expenditure": _FROM_BASIC_EXPENDITURE,
        "institution_sangong": _FROM_BASIC_SANGONG,
    }
    if basic is not None and kind in wanted:
        for column, words in wanted[kind].items():
            found = _latest_actual(basic, words)
            if found is not None:
                cells[column] = _Cell(found[0], _where(found[0], found[1]))
    return cells


def _from_tables(dossier: Dossier, kind: str) -> dict[str, _Cell] | None:
    """The sub-unit's own row of a per-institution table (its one non-total row), if it has one."""
    for table in dossier.figure_tables:
        if table.kind != kind:
            continue
        rows = [r for r in table.rows if not r.is_total]
        if len(rows) != 1:
            continue
        row = rows[0]
        cells: dict[str, _Cell] = {}
        for column, value in zip(table.columns[1:], row.values, strict=False):
            if value is not None:  # a blank cell is stated blank: the column stays, nothing is added
                cells[column] = _Cell(value, _where(value, f"{table.title or kind} {row.label} {column}"))
        return cells
    return None


def _blank() -> Val:
    return Val(text="")


def _sum(cells: Iterable[Val]) -> Decimal:
    total = Decimal(0)
    for val in cells:
        assert val.num is not None
        total += val.num
    return total


def _consolidate_kind(
    kind: str, subunits: Sequence[Dossier], names: Sequence[str], provenance: list[Provenance]
) -> FigureTable | None:
    title, columns = KINDS[kind]
    per_unit = [_from_tables(d, kind) or _from_forms(d, kind) for d in subunits]
    used = [c for c in columns if any(c in cells for cells in per_unit)]
    if not used:
        return None
    rows: list[FigureRow] = []
    total_values: list[Val] = []
    for column in used:
        stated = [(names[i], cells[column]) for i, cells in enumerate(per_unit) if column in cells]
        numbers = [cell.value for _, cell in stated if cell.value.num is not None]
        value = q2(_sum(numbers)) if numbers else None
        total_values.append(Val(text=fmt(value), num=value, unit="万元") if value is not None else _blank())
        provenance.append(
            Provenance(
                table=title,
                row=TOTAL_LABEL,
                column=column,
                value=fmt(value) if value is not None else "",
                formula=f"Σ {len(numbers)} 个单位" if numbers else "无单位填报",
                sources=tuple(cell.source for _, cell in stated),
                missing=tuple(names[i] for i, cells in enumerate(per_unit) if column not in cells),
            )
        )
    rows.append(FigureRow(label=TOTAL_LABEL, values=tuple(total_values), is_total=True))
    for index, cells in enumerate(per_unit):
        label = f"{index + 1}、{names[index]}"
        values = []
        for column in used:
            cell = cells.get(column)
            values.append(cell.value if cell is not None else _blank())
            if cell is not None and cell.value.text:
                provenance.append(Provenance(title, label, column, cell.value.text, "照录", (cell.source,)))
        rows.append(FigureRow(label=label, values=tuple(values)))
    return FigureTable(kind=kind, title=title, columns=("机构名称", *used), rows=tuple(rows))


def _summed_fact(
    name: str, subunits: Sequence[Dossier], names: Sequence[str], provenance: list[Provenance]
) -> Val | None:
    """A headcount summed over the sub-units; only when every one states it (a partial sum would mislead)."""
    stated = [(names[i], d.fact(name)) for i, d in enumerate(subunits)]
    if not stated or any(v is None or v.num is None for _, v in stated):
        return None
    values = [v for _, v in stated if v is not None]
    total = _sum(values)
    provenance.append(
        Provenance(
            "facts", name, name, f"{total}", f"Σ {len(values)} 个单位", tuple(_where(v, name) for v in values)
        )
    )
    return Val(text=f"{total}人", num=total, unit="人")  # as the form writes it: 274人


def consolidate(
    subunits: Sequence[Dossier], department: str | None = None, source: str = "汇总"
) -> Consolidation:
    """The department dossier of ``subunits`` (the 局机关 first, as the forms list it, then the others)."""
    year, chosen = _check(subunits, department)
    names = [d.unit or d.source for d in subunits]
    provenance: list[Provenance] = []
    tables = [t for kind in KINDS if (t := _consolidate_kind(kind, subunits, names, provenance)) is not None]
    facts: list[tuple[str, Val]] = []
    for name in ("编制数", "在职人数"):
        value = _summed_fact(name, subunits, names, provenance)
        if value is not None:
            facts.append((name, value))
    projects = tuple(e for d in subunits for e in d.evaluations if e.kind == "project")
    dossier = Dossier(
        source=source,
        unit=chosen,
        year=year,
        evaluations=projects,
        figure_tables=tuple(tables),
        facts=tuple(facts),
        # the figures the carried projects' 年度总体目标 state, read as the loader reads them
        statements=read_facts(goal_sections(projects)),
    )
    return Consolidation(dossier=dossier, provenance=tuple(provenance))
