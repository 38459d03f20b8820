"""The canonical dossier: one unit (or department) and one fiscal year, as its documents state it.

Everything here is immutable and holds values *as written* (``Val.text``) beside their reading
(``Val.num``) and their place in the source (``Val.loc``). Nothing is computed here: scores, rates
and findings are derived by ``jixiao.score`` and ``jixiao.audit`` from this model.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import msgspec

from jixiao.model.source import Location

SCHEMA_VERSION = 1

TableKind = Literal["unit_overall", "dept_overall", "project"]


class Val(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """One written value.

    ``text`` is the cell or phrase exactly as written (outer whitespace trimmed). ``num`` is its reading
    in the canonical unit ``unit``: 万元 for money (a value written in 元 or 亿元 is converted and the
    written unit kept in ``orig_unit``), ``%`` for rates (``num`` = 93.5 for 93.5%), or the unit as
    written for counts. ``num`` is ``None`` when the text holds no single number.

    ``digits_lost`` marks an amount written with no digit before its decimal point (``.32``): a copy
    (a document-sharing site's preview, an OCR) lost its whole-number digits. ``num`` is what the text
    states (0.32), not the amount the form held; no check computes with it (无法核对).

    ``unread`` is the text a reader saw where this value stands but could not place (a run-on row whose
    target and actual cut more than one way, an OCR's ``≥90%`` written ``290%``): ``text`` is then
    empty, as the reader states no value, yet the cell is not blank on the page, and no check says it
    is missing (无法核对).
    """

    text: str
    num: Decimal | None = None
    unit: str | None = None
    orig_unit: str | None = None
    loc: Location | None = None
    digits_lost: bool = False
    unread: str = ""

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class BudgetRow(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """A funding line: 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金 (or 预算数/执行数)."""

    label: str
    initial: Val | None = None  # 年初预算数
    adjusted: Val | None = None  # 全年预算数 / 预算数(A)
    executed: Val | None = None  # 全年执行数 / 执行数(B)
    loc: Location | None = None
    # what a funding line writes in the 分值 / 执行率 / 得分 columns, when it writes any (the 年度资金总额
    # row's are Budget.weight / rate / score; a 其中 line often leaves them blank or writes ——)
    weight: Val | None = None
    rate: Val | None = None
    score: Val | None = None


class Budget(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """The budget block of an evaluation table with its declared execution points."""

    total: BudgetRow
    parts: tuple[BudgetRow, ...] = ()
    weight: Val | None = None  # 分值 (10 or 20)
    rate: Val | None = None  # 执行率 as written
    score: Val | None = None  # 得分 as written
    by_income: tuple[tuple[str, Val], ...] = ()  # 按收入性质分
    by_nature: tuple[tuple[str, Val], ...] = ()  # 按支出性质分


class Indicator(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """One third-level indicator row of an evaluation table."""

    level1: str
    level2: str
    name: str
    target: Val | None = None  # 年度指标值 / 年初目标值(A)
    actual: Val | None = None  # 实际完成值 (B)
    weight: Val | None = None  # 分值 (None where the form gives no per-row weight)
    score: Val | None = None  # 自评得分
    deviation: Val | None = None  # 偏差原因分析及改进措施
    level1_points: Val | None = None  # e.g. "产出指标(50分)" -> 50, as declared on the form
    loc: Location | None = None


class Goal(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """年度总体目标: expected and achieved, as numbered items when the text numbers them."""

    expected: tuple[Val, ...] = ()
    achieved: tuple[Val, ...] = ()
    # the block's own 得分 where the form scores its goal (the 区域 form: ``年度目标完成情况 | 预期目标 |
    # 目标实际完成情况 | 20``); part of the 自评得分, beside the execution and indicator scores
    score: Val | None = None


class Evaluation(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """An 整体支出绩效自评表 (unit or department) or a 项目支出绩效自评表."""

    kind: TableKind
    template: str  # the recognised form's id in the forms registry (jixiao.forms), e.g. hunan-project
    title: str
    name: Val | None = None  # 项目名称 / 预算单位名称 / 部门名称
    department: Val | None = None  # 主管部门
    implementer: Val | None = None  # 实施单位
    header: tuple[tuple[str, Val], ...] = ()  # 项目类别/属性/类型, 总投资, 实施期, 支出方向…
    budget: Budget | None = None
    goal: Goal | None = None
    indicators: tuple[Indicator, ...] = ()
    declared_points: Val | None = None  # 总分 column 分值 (100)
    declared_total: Val | None = None  # 总分 自评得分
    grade: Val | None = None  # 等级 / 评价等次
    notes: tuple[Val, ...] = ()  # 偏差大或目标未完成原因分析, 改进措施, 备注…
    signature: tuple[tuple[str, Val], ...] = ()  # 单位负责人, 填表人, 联系电话, 填报日期…
    loc: Location | None = None


class RubricItem(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """One row of a 部门整体支出绩效评价评分表."""

    level1: str
    level2: str
    name: str
    standard: str = ""  # 评分标准 as written
    points: Val | None = None  # 分值
    score: Val | None = None  # 自评得分
    reason: Val | None = None  # 扣分原因和其他说明
    level1_points: Val | None = None
    level2_points: Val | None = None
    group_points: Val | None = None  # a 分值 cell merged over several rows (written once)
    loc: Location | None = None


class Rubric(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    title: str
    items: tuple[RubricItem, ...] = ()
    declared_points: Val | None = None
    declared_total: Val | None = None
    loc: Location | None = None


class FigureRow(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """A labelled row of figures: an institution's line, an expense line, a 决算 line."""

    label: str
    values: tuple[Val | None, ...] = ()
    level: int = 0  # 0 = top line, 1 = 其中/sub-item, 2 = sub-sub-item
    is_total: bool = False
    loc: Location | None = None


class FigureTable(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """A table of figures with named columns (per-institution 收入/支出/三公/固定资产, 收支情况表…)."""

    kind: str  # "institution_income" | "institution_expenditure" | "institution_sangong" | …
    title: str
    columns: tuple[str, ...]
    rows: tuple[FigureRow, ...] = ()
    unit: str = "万元"
    loc: Location | None = None


class BasicData(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """基础数据表 of a unit's overall evaluation."""

    unit_name: Val | None = None
    staffing_quota: Val | None = None  # 编制数
    staff_actual: Val | None = None  # 实际在职人数
    staffing_rate: Val | None = None  # 控制率 as written
    year_columns: tuple[str, ...] = ()  # e.g. ("2022年决算数", "2023年预算数", "2023年决算数")
    lines: tuple[FigureRow, ...] = ()  # 三公经费, 项目支出, 公用经费, 政府采购金额, 预算调整…
    buildings: tuple[FigureRow, ...] = ()  # 楼堂馆所控制情况
    measures: Val | None = None  # 厉行节约保障措施
    signature: tuple[tuple[str, Val], ...] = ()
    loc: Location | None = None


class ListRow(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """One line of the 专项资金绩效自评清单."""

    number: str
    fund: str
    unit: str
    remark: str = ""
    loc: Location | None = None


class Section(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """A narrative section: its heading and its text, with the lines it spans."""

    heading: str
    text: str
    level: int = 1
    loc: Location | None = None


class Fact(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """One statement of a figure in the narrative, as ``jixiao.narrative`` reads it.

    ``value`` is the figure stated (``None`` when the statement gives only a change: "其中公务接待较上年
    减少 0.58 万元"). Changes and rates are signed: a decrease is negative. ``period`` and ``against`` are
    as written or resolved from the sentence (``2022年``, ``上年``, ``预算``). ``part_of`` is the index in
    ``Dossier.statements`` of the total this figure is stated as a part of (其中…).
    """

    subject: str  # 三公经费, 公务接待费, 一般公共预算收入, a named project or fund; "" when not tied
    measure: str = ""  # 决算 / 预算 / 执行数 / 收入 / 支出 / 人数 / 率 / 占比
    value: Val | None = None
    period: str = ""  # 2022年 / 上年 / 本年
    change: Val | None = None  # 比{against}增加/减少 D (signed)
    change_rate: Val | None = None  # 增长/下降 R% (signed)
    against: str = ""  # what the change compares with, as written: 上年, 2016年, 年初预算
    against_value: Val | None = None  # the compared figure when stated beside it
    ratio: Val | None = None  # 完成预算 X 的 Y% / 占 S%
    ratio_kind: Literal["", "completion", "share"] = ""
    whole: str = ""  # what the ratio is of, as named (预算, 本年收入)
    whole_value: Val | None = None  # the whole's figure when stated beside it
    part_of: int | None = None
    is_total: bool = False  # 合计 / 共计 / 总计, or a total followed by 其中
    not_comparable: bool = False  # 基数为0，不可比 / "--"
    section: str = ""  # the heading of the section stating it
    sentence: str = ""  # the sentence, whitespace removed
    loc: Location | None = None


class Dossier(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """Everything one document (or one unit's set of documents) states for one fiscal year."""

    source: str
    schema_version: int = SCHEMA_VERSION
    unit: str | None = None
    year: int | None = None
    report_date: Val | None = None
    fund_list: tuple[ListRow, ...] = ()
    basic_data: BasicData | None = None
    evaluations: tuple[Evaluation, ...] = ()
    rubrics: tuple[Rubric, ...] = ()
    figure_tables: tuple[FigureTable, ...] = ()
    facts: tuple[tuple[str, Val], ...] = ()  # named figures stated in forms and text (编制数, 三公预算…)
    sections: tuple[Section, ...] = ()
    unread: tuple[Val, ...] = ()  # tables or blocks seen but not recognised, kept verbatim
    notes: tuple[str, ...] = ()  # what reading did to the text (繁体转简体, 网页导航行), for the reviewer
    statements: tuple[Fact, ...] = ()  # every figure the narrative states, read by jixiao.narrative

    def fact(self, name: str) -> Val | None:
        for key, value in self.facts:
            if key == name:
                return value
        return None
