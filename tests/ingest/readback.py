"""What the text-layout tests read back from a dossier: one evaluation, its budget figures and its
indicator rows, as the plain values a user checks on the form; and the synthetic forms several test
files write."""

from __future__ import annotations

from decimal import Decimal

from jixiao.ingest.loader import load_text
from jixiao.model.dossier import Dossier, Evaluation, Val


def num(val: Val | None) -> Decimal | None:
    """A read value's number (None when the cell is missing or holds none)."""
    return val.num if val is not None else None


def only_evaluation(dossier: Dossier) -> Evaluation:
    """The dossier's one evaluation table (a test text holds exactly one)."""
    assert len(dossier.evaluations) == 1
    return dossier.evaluations[0]


def only(text: str, file: str = "表.txt") -> Evaluation:
    """The one evaluation table read from a test text (saved as ``file``)."""
    return only_evaluation(load_text(text, file))


def budget_figures(evaluation: Evaluation) -> tuple[Decimal | None, ...]:
    """年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分 of the 年度资金总额 row."""
    budget = evaluation.budget
    assert budget is not None
    total = budget.total
    return (
        num(total.initial),
        num(total.adjusted),
        num(total.executed),
        num(budget.weight),
        num(budget.rate),
        num(budget.score),
    )


def indicator_rows(evaluation: Evaluation) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """Each indicator row as (name, 分值, 得分)."""
    return [(i.name, num(i.weight), num(i.score)) for i in evaluation.indicators]


def pasted_cells(*cells: str) -> str:
    """A Word table pasted into a page: one cell a line, a blank line between cells."""
    return "\n\n".join(cells) + "\n"


# A 自评报告 form copied as a pipe table (``一、项目基本概况 |`` opening it, no form's header): its head,
# up to the 项目负责人's telephone
PIPE_REPORT_HEAD = """某区财政支出项目绩效评价自评报告
项目名称 示例专项
报告日期:2017年 7月 15日
一、项 目 基 本 概 况 |
|||||||||||
项目负责人 |
张三 |
联系电话 |
12345678 |
|||||||||||
"""

# A Hubei-style 项目绩效自评表 a docx-preview site flattens onto one line: its budget part, its indicator
# header (目标值 | 实际值 | 得分, no 分值), whose 年度绩效目标(80分) and 一级指标 are each written one character
# a line and read back scrambled, its indicator rows (names holding figures) and its 总分
SCRAMBLED_HEAD = (
    "2022年度项目绩效自评表单位名称:某县公路段填报日期:2023年3月1日项目名称乡村道路养护补助"
    "主管部门某县交通运输局项目实施单位某县公路段项目类别1、部门预算项目√2、市直专项口3、市对下转移支付项目口"
    "预算执行情况(万元)(20分)预算数(A)执行数(B)执行率(B/A)得分(20分*执行率)年度财政资金总额50.0050.00100%20"
)
SCRAMBLED_HEADER = "度效标80)年绩目(分级标一指二级指标三级指标年初目标值(A)实际完成值(B)得分"
SCRAMBLED_ROWS = (
    "出标产指数量指标养护桥梁座数5530质量指标道路完好率95%96%20时效指标6月底前完成养护100%100%10"
    "益标效指社会效益指标群众出行条件改善改善改善10意指斥满度打服务对象满意度群众满意度90%95%10"
)
SCRAMBLED_TOTAL = "总分100偏差大或目标未完成原因分析无"

# A Beijing district 项目支出绩效自评表 run together by a document-sharing site's preview: its budget
# part and its indicator header, which has a 得分计算方法 column; and the scoring rule's sentence
METHOD_HEAD = (
    "1、项目支出绩效自评表(2016年度)项目名称某街道绿化养护经费主管部门某区某街道办事处"
    "实施单位:某街道城市服务中心项目资金(万元) 年初预算数(A)全年执行数(B)分值(10分)执行率(B/A)得分得分计算方法"
    "年度资金总额:200.00150.001075%7.5执行率*该指标分值,最高不得超过分值上限。其他资金"
    "年度总体目标完成辖区绿地养护,按年初设定目标完成了绿地养护\n"
    "2、绩效指标一级指标二级指标三级指标分值年度指标值(A)全年实际值(B)得分计算方法得分未完成原因分析"
)
SCORING_RULE = "完成值达到指标值,记满分;未达到指标值,按B/A或A/B*该指标分值记分。"
