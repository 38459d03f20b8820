"""The words evaluation tables use, as data: header synonyms, row labels, units and form families.

Everything the generic reader knows about *which words mean what* is in the tables below, so a
reviewer can read (and extend) them without reading code. Matching is on a cell's **core**: the cell
without whitespace, with full-width brackets folded, with bracketed parts such as ``(万元)``, ``(A)``,
``(B/A)``, ``（20分*执行率）`` removed and trailing colons dropped (``年初\\n预算数（万元）`` -> ``年初预算数``).
A header cell names a field when its core equals one of the field's words, or starts with one of the
field's ``prefixes`` (for long headers such as ``得分（分值×执行率…``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from jixiao.model.cells import clean

# ---------------------------------------------------------------- cores

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "：": ":", "﹙": "(", "﹚": ")"})
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_UNCLOSED = re.compile(r"\([A-Za-z0-9/×*÷%\s]{1,8}$")  # column letters: (B/A1, (A
# a column's circled number and the formula it is computed by (``支出实现率(%)⑤=④/③``, ``③=①+②``), or a
# row's circled number (``① 项目支出``): markers, not words
_CIRCLED = re.compile(r"[①-⑳](?:=[①-⑳+\-/×*÷]+)?")


def fold(text: str) -> str:
    """A cell without whitespace, with full-width brackets and colons folded to ASCII."""
    return clean(text).translate(_BRACKETS)


def core(text: str) -> str:
    """The words of a header or label cell: folded, bracketed parts removed, ``其中:`` and colons dropped."""
    folded = fold(text)
    previous = None
    while previous != folded:  # nested brackets
        previous, folded = folded, _BRACKETED.sub("", folded)
    # a column's letters whose closing bracket was lost (an OCR'd ``执行率(B/A1``): the words before
    # them (not a bracket of words a layout cut at a space: ``执行率(全年`` is part of a longer cell)
    folded = _UNCLOSED.sub("", folded) if _UNCLOSED.sub("", folded) else folded
    folded = _CIRCLED.sub("", folded).replace("(", "").replace(")", "")
    folded = re.sub(r"^其中[:、,，]?", "", folded)
    return folded.strip(":：*＊")


# ---------------------------------------------------------------- column kinds

# What a column holds, for aligning a row's cells with its header (``jixiao.forms.generic.align``):
#   label   a row label (年度资金总额, 其中：财政拨款) or a section title spanning rows (项目资金（万元）)
#   section a block's title merged down over its rows (绩效指标); rows rarely put anything there
#   level1  a first-level indicator heading (产出指标（50分）)
#   level2  a second-level indicator heading (数量指标)
#   name    a third-level indicator's name
#   money   an amount (万元 or 元)
#   rate    a rate written with % (98.75%)
#   points  a weight or a score (0–100)
#   value   an indicator value (≥95%, 6000人, 及时, 30天内完成, 100)
#   sign    an indicator's sign (=, ≥, ≤) in its own column (指标性质 of the Sichuan form)
#   unit    a unit of measure in its own column (计量单位 / 度量单位)
#   text    free text (偏差原因, 备注)
ColumnKind = Literal[
    "label", "section", "level1", "level2", "name", "money", "rate", "points", "value", "sign", "unit", "text"
]


@dataclass(frozen=True)
class Column:
    """One header meaning: the field it fills, what its cells hold, and the words that name it."""

    field: str
    kind: ColumnKind
    words: tuple[str, ...]
    prefixes: tuple[str, ...] = ()
    note: str = ""


# The 复核分 column: the score a finance bureau's review gives beside the unit's own 自评分 (left empty on
# most published forms). Read as its own column, it never fills the 得分.
REVIEW_WORDS: tuple[str, ...] = ("复核分", "复核得分", "财政复核分", "复核评分")

# The budget block (项目资金 / 预算执行情况). ``label`` columns hold the row labels; fields without a
# place in ``jixiao.model.dossier.Budget`` (``reason``) are read but not stored there.
BUDGET_COLUMNS: tuple[Column, ...] = (
    Column(
        "label",
        "label",
        (
            "项目资金",
            "资金情况",
            "年度预算数",
            "年度预算申请",
            "预算执行情况",
            "资金来源",
            "项目资金情况",
            "资金投入情况",
            "预算资金",
            "年度资金",
        ),
        note="the header over the row labels, often merged down over the block",
    ),
    Column(
        "initial",
        "money",
        (
            "年初预算数",
            "年初预算",
            "年初预算金额",
            "年初预算安排",
            "年初批复预算",
            "年初部门预算安排金额",  # Fujian 部门整体支出绩效自评表: 年初部门预算安排金额(含历年结余结转)①
            "年初预算安排金额",
        ),
    ),
    Column(
        "adjusted",
        "money",
        (
            "全年预算数",
            "全年预算",
            "调整后预算数",
            "调整后预算",
            "调整预算数",
            "调整后全年预算数",
            "预算数",
            "全年预算安排",
            "全年调整预算数",
            "预算安排情况",  # Hebei: 预算安排情况(调整后) over 预算数
            "小计",  # Fujian: 年初① | 年中调整② | 小计③=①+②, the year's budget
        ),
    ),
    # Fujian: 年中调整金额②, the change made to the budget during the year (not the budget itself)
    Column("change", "money", ("年中调整金额", "年中调整数")),
    Column(
        "executed",
        "money",
        (
            "全年执行数",
            "执行数",
            "预算执行数",
            "实际支出",
            "实际支出数",
            "实际执行数",
            "全年实际支出",
            "全年支出数",
            "执行金额",
            "资金执行情况",  # Hebei: 资金执行情况 over 执行数
            "全年执行",
            "全年执行资金",
            "年度拨付金额",  # Fujian 部门整体支出绩效自评表: 年度拨付金额④, what was paid out
        ),
    ),
    # Hebei's 资金到位情况 / 到位数: funds received, not a budget of the national model (never 全年预算数);
    # read as its own column so that its figures fill no other.
    Column(
        "received",
        "money",
        ("资金到位情况", "到位数", "资金到位数", "实际到位资金", "到位资金", "全年到位资金"),
    ),
    Column("received_rate", "rate", ("资金到位率", "到位率", "预算到位率"), prefixes=("预算到位(D/C",)),
    # The transfer payments' 绩效评价表: 全年预算数(A) less 统筹整合资金数(B) is the budget the rates are
    # taken on, 扣除统筹整合资金后预算金额(C); where a header writes C, C is the budget (``net``) and A is
    # read as its own column (``gross``), never as the budget.
    Column("pooled", "money", ("统筹整合资金数", "统筹整合资金")),
    Column("net", "money", ("扣除统筹整合资金后预算金额", "扣除统筹整合资金后预算数")),
    Column("line", "points", ("行次", "栏次"), note="the form's row numbers (1, 2, 3 …)"),
    # (预算到位(D/C×100%) and 预算执行(E/C×100%) are that form's rates: ``D/C`` and ``E/C`` tell them from
    # a heading such as 预算执行(万元).)
    # Chongqing: 执行率权重 / 执行率得分 are the 分值 and 得分 of the execution rate, not rates. They are
    # prefixes, not words: a run-on text is never cut at them (``分值执行率得分`` is 分值 | 执行率 | 得分)
    Column("weight", "points", ("分值", "权重", "指标分值", "分值权重"), prefixes=("执行率权重",)),
    Column(
        "rate",
        "rate",
        ("执行率", "预算执行率", "资金执行率", "预算执行进度", "支出实现率"),
        prefixes=("预算执行(E/C",),
    ),
    Column(
        "score",
        "points",
        ("得分", "自评得分", "自评分", "单项指标得分", "评分"),
        prefixes=("得分", "自评得分", "执行率得分"),
    ),
    # the 复核分 a finance bureau writes beside the unit's 自评分: a score of its own, never the 得分
    Column("review", "points", REVIEW_WORDS),
    Column("evidence", "text", ("佐证材料", "佐证资料")),
    # Fujian: 本年度结余金额⑥=③-④ and 资金结余率(%)⑦=⑥/③, what was left of the budget
    Column("balance", "money", ("本年度结余金额", "年度结余金额", "结余金额")),
    Column("balance_rate", "rate", ("资金结余率", "结余率")),
    Column(
        "reason",
        "text",
        ("原因", "偏差原因", "备注", "说明", "执行偏差原因"),
        prefixes=("偏差原因", "未完成原因"),
    ),
)

# The indicator block (绩效指标). Fields without a place in ``Indicator`` are kept in the table's
# ``notes`` (see the reader) or left unread; they never fill another field.
INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column(
        "label",
        "section",
        ("绩效指标", "年度绩效指标", "年度绩效目标", "绩效目标"),
        note="the section title merged down over the indicator rows",
    ),
    Column("level1", "level1", ("一级指标",)),
    Column("level2", "level2", ("二级指标",)),
    Column("name", "name", ("三级指标", "指标名称", "三级指标名称", "具体指标")),
    Column(
        "target",
        "value",
        (
            "年度指标值",
            "指标值",
            "目标值",
            "年初设定目标",
            "预期指标值",
            "年初目标值",
            "年度目标值",
            "年初指标值",
            "计划指标值",
            "预期目标值",
            "绩效目标值",
        ),
    ),
    Column(
        "actual",
        "value",
        (
            "实际完成值",
            "完成值",
            "全年实际值",
            "单项指标实际完成值",
            "实际值",
            "全年完成值",
            "全年实际完成值",
            "实际完成情况",
            "年度实际完成值",
            "指标实际完成值",
            "实际完成指标值",
            "年终完成值",  # beside 年初指标值 (a county's 项目绩效目标自评表)
        ),
    ),
    Column(
        "weight",
        "points",
        # 参考分值: the 分值 column as some city forms head it (the points an indicator weighs)
        ("分值", "权重", "指标分值", "考核分值", "标准分值", "分值权重", "指标分值权重", "参考分值"),
    ),
    Column(
        "score",
        "points",
        ("得分", "自评得分", "自评分", "单项指标得分", "实际得分", "指标得分"),
        prefixes=("自评得分",),
    ),
    Column("review", "points", REVIEW_WORDS),  # 复核分: the bureau's review, never the 得分
    Column(
        "deviation",
        "text",
        (
            "偏差原因分析及改进措施",
            "未完成原因及拟采取的改进措施",
            "未完成原因分析",
            "偏差原因分析",
            "偏差原因",
            "未完成原因分析及改进措施",
            "未完成原因及改进措施",
            "未完成原因",
            "原因分析及改进措施",
            "备注",
        ),
        prefixes=("偏差原因", "未完成原因"),
    ),
    # Family columns the model has no field for: read, kept in notes, never mapped elsewhere.
    Column("nature", "sign", ("指标性质", "符号"), note="the sign of the target (=, ≥, ≤) in its own column"),
    Column("direction", "text", ("指标方向",)),
    Column("measure", "unit", ("计量单位", "度量单位", "单位")),
    Column("basis", "text", ("指标值设置依据", "设置依据")),
    Column("last_year", "value", ("上年完成值", "上年实际值", "上年指标值")),
    Column("completion", "rate", ("完成率", "指标完成率")),
    Column("coefficient", "rate", ("得分系数",)),  # 得分系数(%): 得分 = 权重 × 得分系数
    Column("core", "text", ("是否核心指标",)),
    Column("converted", "points", ("折算得分", "单项指标折算得分")),
    Column("share", "rate", ("权重占比",)),
    Column(
        "reference", "text", ("参考分", "评分标准", "评分要点", "指标赋分规则", "赋分规则", "得分计算方法")
    ),
    Column("evidence", "text", ("佐证资料", "佐证材料")),
)

# A 评分表 (rubric: each indicator scored against a standard, no 指标值 / 实际完成值 columns): its header
# words, read only in a table whose header names an indicator, a 分值 and a 得分 and no indicator value
# (``jixiao.forms.generic.rubric``). ``指标`` alone names the indicator there (elsewhere it is a label)
# and ``内容`` the 一级 column over 投入 / 产出 / 结果 ….
RUBRIC_COLUMNS: tuple[Column, ...] = (
    Column("level1", "level1", ("一级指标", "内容", "评价维度")),
    Column("level2", "level2", ("二级指标",)),
    Column("name", "name", ("三级指标", "指标名称", "三级指标名称", "指标", "评价指标")),
    Column("weight", "points", ("分值", "权重", "指标分值", "标准分值", "指标权重", "满分")),
    Column("score", "points", ("得分", "评分结果", "自评分", "自评得分", "评价得分", "实际得分", "评分")),
    Column(
        "reference",
        "text",
        (
            "评分标准",
            "评价标准",
            "指标评价内容",
            "指标解释",
            "评分要点",
            "评价要点",
            "评分细则",
            "考核内容",
            "指标说明及评分标准",
        ),
    ),
    Column("deviation", "text", ("备注", "扣分原因", "扣分说明", "评分说明", "说明")),
)


def rubric_field(text: str) -> str | None:
    """The field a 评分表 header cell names (``RUBRIC_COLUMNS``), or None."""
    words = core(text)
    for column in RUBRIC_COLUMNS:
        if words in column.words:
            return column.field
    return None


# The 一级 headings of 评分表s (决策 / 过程 / 产出 / 效益, the older 投入 / 产出 / 结果 / 影响力), as a
# row's first piece before its indicator's name.
RUBRIC_LEVEL1: tuple[str, ...] = (
    "投入",
    "过程",
    "产出",
    "效果",
    "效益",
    "结果",
    "影响力",
    "决策",
    "管理",
    "项目决策",
    "项目管理",
    "项目过程",
    "项目产出",
    "项目效益",
    "项目绩效",
)

# What a 指标性质 / 指标方向 column holds: the target's sign, written as a symbol or in words, and the
# indicator's nature or direction. A cell holding one of these alone is that column's value, never an
# indicator's name (``大于等于`` on a line of its own belongs to the row above).
SIGN_WORDS: tuple[str, ...] = (
    "=",
    "＝",
    "﹦",
    "≥",
    "≤",
    ">",
    "<",
    "＞",
    "＜",
    ">=",
    "<=",
    "≧",
    "≦",
    "═",
    "大于等于",
    "小于等于",
    "等于",
    "大于",
    "小于",
    "不低于",
    "不高于",
    "不少于",
    "不超过",
    "定性",
    "定量",
    "定性指标",
    "定量指标",
    "正向",
    "反向",
    "正向指标",
    "反向指标",
)

# ---------------------------------------------------------------- row labels

# Header cells as forms write them with a bracketed part inside a word (``全年(调整)预算数``): their core
# is a word of the columns above; a run-on text's cells are cut at them whole.
WRITTEN_WORDS: tuple[str, ...] = ("全年(调整)预算数", "全年（调整）预算数")

# The 年度资金总额 line of the budget block and its 其中 parts (matched on the label's core).
FUNDS_TOTAL: tuple[str, ...] = (
    "年度资金总额",
    "资金总额",
    "合计",
    "总额",
    "总计",
    "年度资金合计",
    "资金合计",
    "年度总金额",
)
FUNDS_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "财政拨款",
        (
            "财政拨款",
            "本年财政拨款",
            "当年财政拨款",
            "财政资金",
            "一般公共预算",
            "财政性资金",
            "本级财政资金",
            "上级财政资金",
        ),
    ),
    ("上年结转", ("上年结转", "上年结转资金", "上年结余结转", "结转资金")),
    ("财政专户", ("财政专户管理资金", "纳入专户管理的非税收入拨款", "政府性基金", "政府性基金拨款")),
    ("单位资金", ("单位资金", "自有资金", "单位自筹")),
    ("其他资金", ("其他资金", "其他", "社会资金", "自筹资金")),
)
# Where the funds come from, as other forms label their 其中 lines (中央财政资金, 省级补助 …): parts of
# the total that none of ``FUNDS_PARTS`` names; a text layout's row recovery knows them as row labels.
FUNDS_SOURCES: tuple[str, ...] = ("中央", "省级", "市级", "县级", "区级", "国有资本", "社会投入", "地方财政")
# A separate execution line: in the budget block, or an indicator row (一级 预算执行 / 三级 预算执行率).
EXECUTION_ROW: tuple[str, ...] = ("预算执行率", "预算资金执行率", "资金执行率", "项目预算执行率", "执行率")
EXECUTION_LEVEL1: tuple[str, ...] = ("预算执行", "预算执行情况", "资金执行")
# A row numbering the form's columns (``列次 | 0 | 1 | 2 …``) under the budget header: no figures.
NUMBERING_ROW: tuple[str, ...] = ("列次", "栏次", "行次")
# The 总分 line and the grade.
TOTAL_ROW: tuple[str, ...] = ("总分", "合计", "总计", "合计得分", "总得分", "自评总分", "综合得分")
# The labels that say a figure written in a form's head or heading is the table's own score (a bare
# 总分 there may be its full marks).
HEAD_SCORE_LABELS: tuple[str, ...] = ("自评得分", "自评总分", "总得分")
GRADE_LABELS: tuple[str, ...] = (
    "等级",
    "评价等次",
    "自评等级",
    "绩效等级",
    "评价等级",
    "自评等次",
    "评定等级",
)
# 年度总体目标 and its two columns.
GOAL_ROW: tuple[str, ...] = (
    "年度总体目标",
    "总体目标",
    "年度目标",
    "项目年度目标",
    "年度绩效目标",
    "当年绩效目标",  # the Chongqing 整体绩效自评表's goal row
)
GOAL_EXPECTED: tuple[str, ...] = (
    "预期目标",
    "年初设定目标",
    "年度目标",
    "项目年度目标",
    "年初目标",
    "年度预期目标",
)
GOAL_ACHIEVED: tuple[str, ...] = (
    "实际完成情况",
    "目标实际完成情况",
    "年度总体目标完成情况",
    "年度总体目标完成情况综述",
    "总体目标完成情况",
    "年度目标完成情况",
    "完成情况",
    "实际完成",
    "具体完成情况",
)
# First- and second-level headings (a cell naming one of them is a heading, not a third-level name).
LEVEL1_WORDS: tuple[str, ...] = (
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "产出",
    "效益",
    "满意度",
    "项目决策",
    "项目管理",
    "项目产出",
    "项目效益",
    "决策",
    "过程",
    "管理",
    "预算执行",
    "效果",
    "产出目标",  # the headings some forms name 目标 (Fujian: 产出目标 / 数量目标)
    "效益目标",
    "满意度目标",
)
LEVEL2_WORDS: tuple[str, ...] = (
    "数量指标",
    "质量指标",
    "时效指标",
    "进度指标",  # the 时效 heading some forms name by the work's progress
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "社会公众满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益",
    "社会效益",
    "生态效益",
    "环境效益指标",
    "环境效益",
    "可持续影响",
    "服务对象满意度",
    "满意度指标",
    "数量目标",
    "质量目标",
    "时效目标",
    "成本目标",
    "经济效益目标",
    "社会效益目标",
    "生态效益目标",
    "可持续影响目标",
    "服务对象满意度目标",
)
# Rows that end the indicator block.
BLOCK_END: tuple[str, ...] = (
    "评价结论",
    "存在问题",
    "改进措施",
    "偏差大或目标未完成原因分析",
    "改进措施及结果应用方案",
    "项目负责人",
    "财务负责人",
    "填表人",
    "单位负责人",
    "联系电话",
    "填报日期",
    "说明",
    "注",
    "备注",
    "主要问题及改进措施",
    "单位主要负责人签批意见",
)
# Rows that end the indicator rows but not the table: a 总分 row may still follow them.
INDICATORS_END: tuple[str, ...] = ("其他需要说明事项", "其他需要说明的事项", "其他说明事项")
# Rows of the national template left unfilled (指标1, 指标2：, ……).
TEMPLATE_ROW = re.compile(r"^(指标\d+[:：]?|…+|\.{3,}|—+)$")
# The words a qualitative indicator's 指标值 and 实际值 are written in (合格, 达标, 是, 及时 …): where a
# form's cells run together, a value in words is told from the name before it by being one of these.
VALUE_WORDS: tuple[str, ...] = (
    "合格", "不合格", "达标", "未达标", "是", "否", "有", "无", "及时", "按时", "按期", "按时完成",
    "按期完成", "完成", "已完成", "未完成", "基本完成", "全部完成", "良好", "优良", "优秀", "较好", "好",
    "一般", "高", "较高", "提高", "提升", "有效", "明显", "显著", "稳定", "满意", "基本满意", "达到预期",
    "符合", "符合要求", "符合标准", "正常", "规范", "到位", "落实", "长期", "持续",
)  # fmt: skip

# ---------------------------------------------------------------- header fields above the blocks

HEADER_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "name",
        (
            "项目名称",
            "项目支出名称",
            "专项名称",
            "预算单位名称",
            "单位名称",
            "资金名称",
            "项目名称子项目",
            "政策名称",  # 政策(项目)名称 of the transfer payments' 绩效目标自评表
            "转移支付名称",  # 转移支付(项目)名称 of the central transfers' 区域(项目)绩效目标自评表
        ),
    ),
    ("unit", ("部门名称", "部门")),  # the unit of an overall table, the department of a project's
    (  # (the central transfers' 区域绩效目标自评表 writes 中央主管部门, then 地方主管部门)
        "department",
        ("主管部门", "主管单位", "主管部门名称", "项目主管部门", "中央主管部门", "地方主管部门"),
    ),
    ("implementer", ("实施单位", "项目实施单位", "实施单位盖章", "预算单位", "资金使用单位")),
    (
        "other",
        (
            "项目类别",
            "项目属性",
            "项目类型",
            "项目负责人",
            "项目负责人及电话",
            "联系人",
            "联系电话",
            "自评得分",
            "财政审核评分",
            "总投资",
            "项目总投资",
            "支出方向名称",
            "财政拨款",
            "实施期",
            "项目总实施期",
            "评价方式",
            "资金用途",
        ),
    ),
)

# ---------------------------------------------------------------- units

# Where the amounts' unit is written: in the budget header, in the title or in a note above the table.
UNIT_WORDS: tuple[tuple[str, str], ...] = (
    ("金额单位:万元", "万元"),
    ("单位:万元", "万元"),
    ("(万元)", "万元"),
    ("万元", "万元"),
    ("金额单位:元", "元"),
    ("单位:元", "元"),
    ("(元)", "元"),
)


def stated_unit(texts: Iterable[str]) -> str:
    """The money unit the form states in the first of ``texts`` (title, budget header, notes above the
    table) that names one (``UNIT_WORDS``; a bare ``万元`` only in a short cell, not in a sentence);
    万元 when none does. Every reader reads its amounts in this unit (``jixiao.model.cells.money``)."""
    for text in texts:
        folded = fold(text)
        for word, unit in UNIT_WORDS:
            if fold(word) in folded and (word != "万元" or len(folded) < 20):
                return unit
    return "万元"


# ---------------------------------------------------------------- form families


@dataclass(frozen=True)
class Family:
    """A form family: the words that tell it (all of ``words`` in the table's header cells, labels or
    title), the provinces the corpus shows them in, and whether the corpus confirms it.

    ``confirmed`` is False for a family the project knows of only from hearsay: it is kept here for the
    reviewer, but the reader does not name it until documents of its provinces show its words
    (``tests/forms/test_generic.py`` checks each confirmed family against ``tests/corpus``).
    """

    id: str
    words: tuple[str, ...]
    provinces: tuple[str, ...]
    confirmed: bool
    note: str = ""


FAMILIES: tuple[Family, ...] = (
    Family(
        "sichuan",
        ("预算执行情况(10分)", "绩效指标(90分)"),
        ("sichuan",),
        True,
        "部门预算项目支出绩效自评表: 年初预算/调整后预算数/预算执行数, 权重, 指标性质/度量单位",
    ),
    Family(
        "xianjie",
        ("衔接资金", "全年实际值"),
        ("sichuan", "henan"),
        True,
        "财政衔接推进乡村振兴补助资金 绩效目标自评表: 全年预算数(A)/全年执行数(B), 年度指标值/全年实际值",
    ),
    Family(
        "chongqing",
        ("得分系数", "权重", "是否核心指标"),
        ("chongqing",),
        True,
        "得分系数 × 权重, 是否核心指标 (corpus: chongqing, OCR'd)",
    ),
    Family(
        "neimenggu",
        ("指标性质", "指标方向"),
        ("neimenggu",),
        True,
        "指标性质 (定量/定性) and 指标方向 (正向/反向) columns (corpus: neimenggu, pipe text)",
    ),
    Family(
        "xinjiang",
        ("指标值设置依据", "上年完成值"),
        ("xinjiang",),
        True,
        "指标值设置依据, 上年完成值, 指标赋分规则, 佐证资料, 完成率 columns (corpus: xinjiang, flat text)",
    ),
    Family("hebei", ("折算得分",), ("hebei",), True, "折算得分 beside 得分 (corpus: hebei, flat text)"),
    Family(
        "ningxia",
        ("产出指标(40分)", "效益指标(40分)", "满意度指标(20分)"),
        ("ningxia",),
        True,
        "no execution row; 产出40/效益40/满意度20 (corpus: ningxia, OCR'd)",
    ),
)
