"""A county's 项目绩效目标自评表 printed to PDF and flattened in reading order (``textlayout.countyform``):
the funds by source with their 合计 / 执行数 / 执行率, a 评分 part (name, 分值, 自评分; level labels where the
page centres them) and an indicator table whose wrapped cells are finished after the row's standard."""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout.countyform import county_form_blocks, fit_budget
from jixiao.model.dossier import Evaluation, Val

_HEAD = "某县财政预算支出项目绩效目标自评表 项目名称 项目主管单 位 自评总分: 26 项目实施单位 某县水利局 "
_BUDGET = (
    "中央 省、地 本级 其他 合计 执行数 执行 (万元) (万元) (万元) (万元) (万元) (万元) 率 "
    "120 120 来源 项目年度目 标 单位领导审签: 河道整治项目 项目属性 项目资金 日 114 95 % "
    "1.完成河道整治 20 公里; "
)
_RUBRIC = (
    "项目权重 评价内容 分值 自评分 项目决策 3 分 决策依据 3 3 复核分 评价标准及依据 有上级文件计 3 分,没有不得分。 "
    "1、单位财务管理制度 1 分; 财务制度 4 3 2、项目管理制度 1 分; 组织机构 项目管理 10 分 2 2 "
    "有专人负责 2 分。 运行监管 4 4 1、运行监管记录 3 分; 扣 0.5 分,扣完为止; — 1 — "
)
_INDICATORS = (
    "项目年度目标 1:河道整治项目 一级 指标 二级 指标名称 年初指 年终完 自评 复核 评价标准 指标 (三级指标) "
    "标值 成值 分 分 河道整治 20 公 18 公 14 1、提供佐证资料; 完成长度 里 里 数量指 标 15 分 产出 指标 40 分 "
)
_END = "总分 26 单位负责人: 张三"


def _read(text: str) -> Evaluation:
    dossier = load_text(text, "county.txt")
    assert len(dossier.evaluations) == 1
    return dossier.evaluations[0]


def _num(val: Val | None) -> Decimal | None:
    return None if val is None else val.num


def test_budget_total_executed_and_rate_from_the_one_placement() -> None:
    budget = _read(_HEAD + _BUDGET + _RUBRIC + _INDICATORS + _END).budget
    assert budget is not None
    assert (_num(budget.total.adjusted), _num(budget.total.executed), _num(budget.rate)) == (
        Decimal("120"),
        Decimal("114"),
        Decimal("95"),
    )
    assert budget.parts == ()


def test_placements_fit_only_part_total_executed() -> None:
    # 120 120 114 at 95%: a part, the 合计, the 执行数 (which source holds the part is not said)
    assert fit_budget([Decimal(120), Decimal(120), Decimal(114)], 4, Decimal(95)) == (1, 2)
    # two parts that do not add up to any 合计 written after them: no placement holds
    assert fit_budget([Decimal(50), Decimal(60), Decimal(120), Decimal(114)], 4, Decimal(95)) is None
    # a rate the amounts do not give: nothing is placed
    assert fit_budget([Decimal(120), Decimal(120), Decimal(114)], 4, Decimal(90)) is None


def test_rubric_rows_and_indicator_row() -> None:
    table = _read(_HEAD + _BUDGET + _RUBRIC + _INDICATORS + _END)
    rows = [(i.level1, i.name, _num(i.weight), _num(i.score)) for i in table.indicators]
    assert rows == [
        ("项目决策", "决策依据", Decimal(3), Decimal(3)),
        ("项目管理", "财务制度", Decimal(4), Decimal(3)),
        ("项目管理", "组织机构", Decimal(2), Decimal(2)),
        ("项目管理", "运行监管", Decimal(4), Decimal(4)),
        ("产出指标", "河道整治", None, Decimal(14)),
    ]
    last = table.indicators[-1]
    assert (last.target and last.target.text, last.actual and last.actual.text) == ("20公里", "18公里")
    assert _num(table.declared_total) == Decimal(26)


def test_rubric_not_adding_up_to_its_levels_is_not_read() -> None:
    # 财务制度 written 5: the rows (3, 5, 2, 4) no longer fall into 项目决策 3 / 项目管理 10
    text = _HEAD + _BUDGET + _RUBRIC.replace("财务制度 4 3", "财务制度 5 3") + _INDICATORS + _END
    assert county_form_blocks(text.splitlines()) is None


def test_score_above_its_points_is_not_read() -> None:
    text = _HEAD + _BUDGET + _RUBRIC.replace("运行监管 4 4", "运行监管 4 5") + _INDICATORS + _END
    assert county_form_blocks(text.splitlines()) is None


def test_amounts_without_a_single_fit_leave_the_form_unread() -> None:
    text = _HEAD + _BUDGET.replace("114 95 %", "114 90 %") + _RUBRIC + _INDICATORS + _END
    assert county_form_blocks(text.splitlines()) is None


def test_head_total_over_a_table_the_text_cuts_is_kept_and_not_checked() -> None:
    # the text stops inside the table: the total 90 counts rows the text does not hold — kept as
    # written, and the audit cannot check it against the rows read (26): 无法核对, no error
    cut = (
        _HEAD.replace("自评总分: 26", "自评总分: 90")
        + _BUDGET
        + _RUBRIC
        + _INDICATORS
        + "质量指 标 12 分 验收合格率"
    )
    dossier = load_text(cut, "县.txt")
    (table,) = dossier.evaluations
    assert table.declared_total is not None and table.declared_total.num == Decimal(90)
    assert [i.name for i in table.indicators][-1] == "河道整治"
    a006 = [f for f in audit_dossier(dossier).findings if f.code == "A006"]
    assert a006 and all(f.outcome == "could_not_check" for f in a006)


def test_head_total_below_the_scores_read_over_a_cut_table_is_not_kept() -> None:
    cut = (
        _HEAD.replace("自评总分: 26", "自评总分: 20")
        + _BUDGET
        + _RUBRIC
        + _INDICATORS
        + "质量指 标 12 分 验收合格率"
    )
    assert _read(cut).declared_total is None


def test_unjoinable_wrap_keeps_the_value_as_written() -> None:
    text = _HEAD + _BUDGET + _RUBRIC + _INDICATORS.replace("完成长度 里 里", "完成长度 其他说明") + _END
    last = _read(text).indicators[-1]
    assert (last.target and last.target.text, last.actual and last.actual.text) == ("20公", "18公")


def test_indicator_rows_under_two_level_labels_are_not_placed() -> None:
    # two 一级指标 labels and no 分值 to tell which row is under which: the indicator rows are left unread
    text = _HEAD + _BUDGET + _RUBRIC + _INDICATORS + "效益 指标 30 分 " + _END
    assert [i.name for i in _read(text).indicators] == ["决策依据", "财务制度", "组织机构", "运行监管"]


def test_head_total_the_rows_read_do_not_add_up_to_is_not_kept() -> None:
    # 自评总分 90 but the rows read give 3 + 3 + 2 + 4 + 14 = 26 (a row written in words not taken): a row
    # the reader skipped may hold the rest, so the total is left unread rather than compared
    table = _read(_HEAD.replace("自评总分: 26", "自评总分: 90") + _BUDGET + _RUBRIC + _INDICATORS + _END)
    assert table.declared_total is None
    assert _num(table.budget.total.adjusted if table.budget else None) == Decimal(120)


def test_the_flattened_form_is_no_paragraph_and_lines_after_it_are() -> None:
    text = "\n".join(
        ["某县项目自评表.pdf", _HEAD + _BUDGET + _RUBRIC + _INDICATORS + "总分 26", "单位负责人: 张三"]
    )
    blocks = county_form_blocks(text.splitlines())
    assert blocks is not None
    assert [getattr(b, "text", "table") for b in blocks] == [
        "某县项目自评表.pdf",
        "table",
        "单位负责人: 张三",
    ]
