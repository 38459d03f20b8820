"""A draft of the 自评报告 filled with the figures the dossier states and the scorer computes.

Two outlines: the ten sections of a unit's 整体支出绩效自评报告 (seed 000), and the 决算情况说明 with its
预算绩效情况说明 (seed 004) for the Hubei forms. Every figure is computed from the dossier with
``Decimal`` (ROUND_HALF_UP, two decimals) and worded as such reports word it: 增加/增长, 减少/下降, 持平,
占比, 完成预算 X%. What only the unit can write (functions, causes, measures) is left as a marked gap
``【待填写：…】``; nothing is made up. The draft is a ``Grid`` of paragraphs, so every writer renders it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Literal

from jixiao.forms.registry import form_by_id
from jixiao.model.dossier import BasicData, Dossier, Evaluation, FigureRow, Val
from jixiao.model.grid import Block, Grid, Paragraph, ParagraphStyle
from jixiao.model.numbers import fmt, ratio_percent
from jixiao.score.result import IndicatorResult, TableResult
from jixiao.score.scorer import score_dossier

Outline = Literal["overall", "final_accounts"]
GAP = "【待填写：{}】"
_NUMERALS = "一二三四五六七八九十"


def gap(what: str) -> str:
    """A part only a person can write, marked so it cannot be mistaken for finished text."""
    return GAP.format(what)


def wan(value: Decimal) -> str:
    return f"{fmt(value)}万元"


def pct(value: Decimal) -> str:
    return f"{fmt(value)}%"


def change(previous: Decimal, current: Decimal) -> str:
    """``增加 12.00 万元，增长 5.00%`` / ``减少 …，下降 …%`` / ``持平``, against the earlier figure."""
    diff = current - previous
    if diff == 0:
        return "与上年持平"
    verb, rate_verb = ("增加", "增长") if diff > 0 else ("减少", "下降")
    text = f"比上年{verb}{wan(abs(diff))}"
    rate = ratio_percent(abs(diff), previous)
    return f"{text}，{rate_verb}{pct(rate)}" if rate is not None else text


def share(part: Decimal, whole: Decimal) -> str | None:
    """``占 34.87%`` of the whole; ``None`` when the whole is zero."""
    rate = ratio_percent(part, whole)
    return f"占{pct(rate)}" if rate is not None else None


def completion(actual: Decimal, budget: Decimal) -> str | None:
    rate = ratio_percent(actual, budget)
    return f"完成预算的{pct(rate)}" if rate is not None else None


def _num(value: Val | None) -> Decimal | None:
    return value.num if value is not None else None


class _Draft:
    """Paragraphs being written, with numbered headings."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def add(self, text: str, style: ParagraphStyle | None = None) -> None:
        self.blocks.append(Paragraph(text=text, style=style))

    def heading(self, number: int, text: str) -> None:
        self.add(
            f"{_NUMERALS[number - 1] if number <= 10 else '十' + _NUMERALS[number - 11]}、{text}", "heading1"
        )

    def sub(self, number: int, text: str) -> None:
        self.add(f"（{_NUMERALS[number - 1]}）{text}", "heading2")


# ---------------------------------------------------------------- facts the draft states


def _overall(dossier: Dossier) -> Evaluation | None:
    return next((e for e in dossier.evaluations if e.kind != "project" and e.budget is not None), None)


def _department_form(dossier: Dossier) -> Evaluation | None:
    """The unit or department form even without a budget block (the city report form, seed 002)."""
    return _overall(dossier) or next((e for e in dossier.evaluations if e.kind != "project"), None)


def _institution_total(dossier: Dossier, kind: str) -> dict[str, Decimal]:
    """The 汇总 (or only) row of a per-institution table, by column."""
    table = next((t for t in dossier.figure_tables if t.kind == kind and t.rows), None)
    if table is None:
        return {}
    row = next((r for r in table.rows if r.is_total), table.rows[0] if len(table.rows) == 1 else None)
    if row is None:
        return {}
    return {
        c: v.num
        for c, v in zip(table.columns[1:], row.values, strict=False)
        if v is not None and v.num is not None
    }


def _institution_sentences(dossier: Dossier) -> list[str]:
    """收入 and 支出 of the department from its per-institution tables (seed 002)."""
    income = _institution_total(dossier, "institution_income")
    spent = _institution_total(dossier, "institution_expenditure")
    lines: list[str] = []
    if "收入合计" in income:
        lines.append(f"本年收入合计{wan(income['收入合计'])}。")
    total = spent.get("支出合计")
    if total is not None:
        parts = [f"本年支出合计{wan(total)}"]
        for column in ("基本支出", "项目支出"):
            if column in spent:
                portion = share(spent[column], total)
                parts.append(f"{column}{wan(spent[column])}" + (f"，{portion}" if portion else ""))
        lines.append("；".join(parts) + "。")
    return lines


def _projects(dossier: Dossier) -> list[Evaluation]:
    return [e for e in dossier.evaluations if e.kind == "project"]


def _staffing(dossier: Dossier) -> str | None:
    quota, actual = _num(dossier.fact("编制数")), _num(dossier.fact("在职人数"))
    if quota is None or actual is None:
        return None
    text = f"核定编制{fmt(quota, 0)}人，实际在职{fmt(actual, 0)}人"
    rate = ratio_percent(actual, quota)
    return f"{text}，在职人员控制率{pct(rate)}。" if rate is not None else f"{text}。"


def _budget_sentence(evaluation: Evaluation) -> str | None:
    budget = evaluation.budget
    if budget is None:
        return None
    adjusted, executed = _num(budget.total.adjusted), _num(budget.total.executed)
    initial = _num(budget.total.initial)
    if adjusted is None or executed is None:
        return None
    parts = []
    if initial is not None:
        parts.append(f"年初预算{wan(initial)}")
    parts.append(f"全年预算{wan(adjusted)}")
    parts.append(f"全年执行{wan(executed)}")
    rate = ratio_percent(executed, adjusted)
    tail = f"，预算执行率{pct(rate)}" if rate is not None else ""
    adjust = ""
    if initial is not None and initial != adjusted:
        diff = adjusted - initial
        adjust = f"；全年预算较年初{'增加' if diff > 0 else '减少'}{wan(abs(diff))}"
    return "，".join(parts) + tail + adjust + "。"


def _by_nature(evaluation: Evaluation, word: str) -> Decimal | None:
    budget = evaluation.budget
    if budget is None:
        return None
    return next((v.num for k, v in budget.by_nature if k == word and v.num is not None), None)


def _line(basic: BasicData | None, label: str) -> FigureRow | None:
    if basic is None:
        return None
    return next((row for row in basic.lines if row.label == label), None)


def _year_figures(basic: BasicData, row: FigureRow) -> str | None:
    """决算 this year against last year's 决算 and this year's 预算, when the 基础数据表 gives them."""
    columns = basic.year_columns
    values = dict(zip(columns, row.values, strict=False))

    def column(word: str, year_rank: int) -> Decimal | None:
        found = [(c, v) for c, v in values.items() if word in c and v is not None and v.num is not None]
        found.sort(key=lambda pair: pair[0])
        if len(found) <= year_rank:
            return None
        return found[-1 - year_rank][1].num

    current = column("决算", 0)
    previous = column("决算", 1)
    budget = column("预算", 0)
    if current is None:
        return None
    words = [f"{row.label}{wan(current)}"]
    if previous is not None:
        words.append(change(previous, current))
    if budget is not None and (done := completion(current, budget)) is not None:
        words.append(done)
    return "，".join(words) + "。"


def _score_of(results: Sequence[TableResult], evaluation: Evaluation) -> TableResult | None:
    name = evaluation.name.text if evaluation.name is not None else ""
    return next((r for r in results if r.kind == evaluation.kind and (not name or name in r.name)), None)


def _score_sentence(evaluation: Evaluation, result: TableResult | None) -> str:
    declared = evaluation.declared_total
    parts = [f"自评得分{declared.text}分" if declared is not None and declared.text else "自评得分未填写"]
    if evaluation.grade is not None and evaluation.grade.text:
        parts.append(f"等级为“{evaluation.grade.text}”")
    if result is not None:
        if result.settled_total is not None:  # reviewers settled the ranges (复核): their total
            parts.append(f"经复核评定为{fmt(result.settled_total)}分")
        elif result.computed_total is not None:
            parts.append(f"按评分规则复核为{fmt(result.computed_total)}分")
        elif result.computed_range is not None:
            low, high = result.computed_range
            parts.append(f"按评分规则复核为{fmt(low)}至{fmt(high)}分（定性指标得分由评价人在区间内确定）")
        if result.computed_grade and result.settled_total is None:
            parts.append(f"对应等级“{result.computed_grade}”")
        weights, points = result.weights_total, result.declared_points
        if weights is not None and points is not None and weights != points:
            parts.append(f"但各项分值合计{fmt(weights)}分，与总分{fmt(points)}分不符，须核对分值设置")
    return "，".join(parts) + "。"


def _achievements(result: TableResult | None) -> tuple[list[IndicatorResult], list[IndicatorResult]]:
    if result is None:
        return [], []
    met = [i for i in result.indicators if i.achievement == "met"]
    missed = [i for i in result.indicators if i.achievement in ("missed", "partly")]
    return met, missed


def _target_sentences(result: TableResult | None) -> list[str]:
    met, missed = _achievements(result)
    if result is None or not result.indicators:
        return []
    total = len(result.indicators)
    unknown = total - len(met) - len(missed)
    summary = f"共设三级指标{total}个，已完成{len(met)}个，未完成或部分完成{len(missed)}个"
    if unknown:
        summary += f"，另有{unknown}个无法按指标值与实际完成值判断（定性表述或未填写），须由评价人核实"
    lines = [summary + "。"]
    for item in missed:
        lines.append(
            f"“{item.name}”年度指标值{item.target or '未填写'}，实际完成{item.actual or '未填写'}，未达到目标。"
        )
    return lines


def _project_line(evaluation: Evaluation, result: TableResult | None) -> str:
    name = evaluation.name.text if evaluation.name is not None else "（未填写项目名称）"
    budget = _budget_sentence(evaluation) or "预算执行数未填写。"
    return f"{name}：{budget}{_score_sentence(evaluation, result)}"


# ---------------------------------------------------------------- the outlines


def _overall_draft(dossier: Dossier, results: Sequence[TableResult]) -> _Draft:
    draft = _Draft()
    unit = dossier.unit or gap("单位名称")
    year = f"{dossier.year}年度" if dossier.year is not None else ""
    draft.add(f"{year}{unit}整体支出绩效自评报告", "title")
    overall = _overall(dossier)
    basic = dossier.basic_data

    draft.heading(1, "单位基本情况")
    draft.add(gap("单位主要职能、内设机构及二级机构设置"))
    draft.add(_staffing(dossier) or gap("编制数与实际在职人数"))

    draft.heading(2, "一般公共预算支出情况")
    stated = _budget_sentence(overall) if overall is not None else None
    if stated is not None:
        draft.add(stated)
    for line in _institution_sentences(dossier) if stated is None else []:
        draft.add(line)
    if stated is None and not _institution_sentences(dossier):
        draft.add(gap("全年预算数与执行数"))
    executed = (
        _num(overall.budget.total.executed) if overall is not None and overall.budget is not None else None
    )
    draft.sub(1, "基本支出情况")
    basic_spent = _by_nature(overall, "基本支出") if overall is not None else None
    spent = _institution_total(dossier, "institution_expenditure")
    if basic_spent is not None:
        portion = share(basic_spent, executed) if executed else None
        draft.add(f"基本支出{wan(basic_spent)}" + (f"，{portion}" if portion else "") + "。")
    elif "基本支出" in spent:
        parts = [
            f"{column}{wan(spent[column])}"
            + (f"，{portion}" if (portion := share(spent[column], spent["基本支出"])) else "")
            for column in ("人员支出", "公用支出")
            if column in spent
        ]
        head = f"基本支出{wan(spent['基本支出'])}"
        draft.add(head + ("，其中" + "；".join(parts) if parts else "") + "。")
    else:
        draft.add(gap("基本支出金额"))
    public = _line(basic, "公用经费")
    if basic is not None and public is not None and (sentence := _year_figures(basic, public)):
        draft.add(sentence)
    draft.add(gap("人员经费、公用经费的主要用途"))
    draft.sub(2, "项目支出情况")
    project_spent = _by_nature(overall, "项目支出") if overall is not None else None
    if project_spent is not None:
        portion = share(project_spent, executed) if executed else None
        draft.add(f"项目支出{wan(project_spent)}" + (f"，{portion}" if portion else "") + "。")
    elif "项目支出" in spent:
        draft.add(f"项目支出{wan(spent['项目支出'])}。")
    for evaluation in _projects(dossier):
        draft.add(_project_line(evaluation, _score_of(results, evaluation)))
    if not _projects(dossier):
        draft.add(gap("各项目支出金额与用途"))

    for number, (title, word) in enumerate(
        (
            ("政府性基金预算支出情况", "政府性基金"),
            ("国有资本经营预算支出情况", "国有资本经营"),
            ("社会保险基金预算支出情况", "社会保险基金"),
        ),
        start=3,
    ):
        draft.heading(number, title)
        amount = None
        if overall is not None and overall.budget is not None:
            amount = next((v for k, v in overall.budget.by_income if word in k), None)
        if amount is not None and amount.num is not None:
            draft.add(f"{dossier.year or ''}年{word}预算支出{wan(amount.num)}。".lstrip("年"))
        else:
            draft.add(gap(f"{word}预算支出金额（无此类支出时写明“无”）"))

    draft.heading(6, "部门整体支出绩效情况")
    form = _department_form(dossier)
    form_result = _score_of(results, form) if form is not None else None
    if form is not None:
        draft.add("整体支出" + _score_sentence(form, form_result))
        for line in _target_sentences(form_result):
            draft.add(line)
    sangong_total = _institution_total(dossier, "institution_sangong").get("三公经费合计")
    sangong_budget = _num(dossier.fact("三公经费预算数"))
    if sangong_total is not None:
        done = completion(sangong_total, sangong_budget) if sangong_budget is not None else None
        draft.add(f"“三公”经费支出{wan(sangong_total)}" + (f"，{done}" if done else "") + "。")
    sangong = _line(basic, "三公经费")
    if basic is not None and sangong is not None and (sentence := _year_figures(basic, sangong)):
        draft.add(sentence)
    draft.add(gap("主要工作成效（以年度绩效目标的实际完成情况为线索）"))

    draft.heading(7, "存在的问题及原因分析")
    problems = list(_problems(dossier, results))
    for line in problems:
        draft.add(line)
    draft.add(gap("问题的原因分析" if problems else "存在的问题及原因分析"))
    draft.heading(8, "下一步改进措施")
    draft.add(gap("针对上述问题的改进措施"))
    draft.heading(9, "单位整体支出绩效自评结果拟应用和公开情况")
    draft.add(gap("自评结果在预算安排、管理改进中的应用，以及公开的方式和时间"))
    draft.heading(10, "其他需要说明的情况")
    draft.add(gap("其他需要说明的情况（没有时写明“无”）"))
    return draft


def _problems(dossier: Dossier, results: Sequence[TableResult]) -> Iterable[str]:
    """Facts a reader of the forms would raise: funds not spent, targets missed."""
    for evaluation in dossier.evaluations:
        budget = evaluation.budget
        name = (
            evaluation.name.text if evaluation.name is not None and evaluation.name.text else evaluation.title
        )
        if budget is not None:
            adjusted, executed = _num(budget.total.adjusted), _num(budget.total.executed)
            if adjusted and executed is not None and executed < adjusted:
                rate = ratio_percent(executed, adjusted)
                yield (
                    f"{name}全年预算{wan(adjusted)}，执行{wan(executed)}，执行率{pct(rate or Decimal(0))}，"
                    f"结余{wan(adjusted - executed)}未支出。"
                )
        _, missed = _achievements(_score_of(results, evaluation))
        for item in missed:
            yield f"{name}的“{item.name}”未达到年度指标值（目标{item.target}，实际{item.actual}）。"


def _final_accounts_draft(dossier: Dossier, results: Sequence[TableResult]) -> _Draft:
    """The 决算情况说明 outline (seed 004): the 决算 parts are gaps; 预算绩效情况说明 is filled."""
    draft = _Draft()
    unit = dossier.unit or gap("部门名称")
    year = f"{dossier.year}年度" if dossier.year is not None else ""
    draft.add(f"{unit}{year}部门决算情况说明", "title")
    outline = (
        "收入支出决算总体情况说明",
        "收入决算情况说明",
        "支出决算情况说明",
        "财政拨款收入支出决算总体情况说明",
        "一般公共预算财政拨款支出决算情况说明",
        "一般公共预算财政拨款基本支出决算情况说明",
        "政府性基金预算财政拨款收入支出决算情况说明",
        "国有资本经营预算财政拨款支出决算情况说明",
        "财政拨款“三公”经费支出决算情况说明",
        "机关运行经费支出说明",
        "政府采购支出说明",
        "国有资产占用情况说明",
    )
    for number, title in enumerate(outline, start=1):
        draft.heading(number, title)
        draft.add(gap(f"{title}（依据部门决算报表填写，增减变化须写明原因）"))
    draft.heading(13, "预算绩效情况说明")
    projects = _projects(dossier)
    if not projects:
        draft.add(gap("项目绩效自评情况"))
    total_budget = sum(
        (_num(e.budget.total.adjusted) or Decimal(0) for e in projects if e.budget), Decimal(0)
    )
    total_spent = sum((_num(e.budget.total.executed) or Decimal(0) for e in projects if e.budget), Decimal(0))
    if projects:
        rate = ratio_percent(total_spent, total_budget)
        draft.add(
            f"本年度对{len(projects)}个项目开展绩效自评，涉及财政资金{wan(total_budget)}，执行{wan(total_spent)}"
            + (f"，综合执行率{pct(rate)}。" if rate is not None else "。")
        )
    for evaluation in projects:
        result = _score_of(results, evaluation)
        draft.add(_project_line(evaluation, result))
        for line in _target_sentences(result):
            draft.add(line)
    draft.add(gap("绩效目标未完成的原因及改进措施"))
    return draft


def _outline(template: str) -> Outline:
    form = form_by_id(template)
    return form.outline if form is not None else "overall"


def outline_for(dossier: Dossier) -> Outline:
    """The 决算 outline when every form asks for it (Hubei's, seed 004), the unit report outline otherwise."""
    if dossier.evaluations and all(_outline(e.template) == "final_accounts" for e in dossier.evaluations):
        return "final_accounts"
    return "overall"


def narrative_grid(
    dossier: Dossier,
    outline: Outline | None = None,
    rules: str | None = None,
    settled: Mapping[str, Decimal] | None = None,
) -> Grid:
    """The report draft as a grid of paragraphs (title, headings, body, gaps). ``settled``: the scores
    reviewers settled (复核), by dossier path, as ``score_dossier`` takes them; a table they settled
    states their total."""
    results = score_dossier(dossier, rules, settled or None).tables
    chosen = outline or outline_for(dossier)
    draft = (
        _final_accounts_draft(dossier, results)
        if chosen == "final_accounts"
        else _overall_draft(dossier, results)
    )
    return Grid(file=dossier.source, blocks=tuple(draft.blocks))


__all__ = ["GAP", "change", "completion", "gap", "narrative_grid", "outline_for", "share"]


def report_with_forms(
    dossier: Dossier, rules: str | None = None, settled: Mapping[str, Decimal] | None = None
) -> Grid:
    """The draft report followed by the dossier's forms as its 附件 (the written report is replaced),
    amounts and scores printed with two decimals (``jixiao.render.figures``)."""
    from jixiao.render.layout import layout_dossier

    draft = narrative_grid(dossier, rules=rules, settled=settled)
    forms = layout_dossier(dossier, sections=False, printed=True)
    attachment = Paragraph(text="附件：绩效自评表", style="heading1")
    return Grid(file=dossier.source, blocks=(*draft.blocks, attachment, *forms.blocks))
