"""The Zhuzhou forms as printed (seed 001): the national table with the title as its first row, the
budget scored 得分（分值×执行率）, a project's header in the form's own places, and the form's notes."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.forms.common.evaluation_layout import Style, evaluation_blocks
from jixiao.model.dossier import Dossier, Evaluation, FigureTable
from jixiao.model.grid import Block

# The project header, in the order and places the form gives it.
PROJECT_HEADER = ("项目总投资（万元）", "支出方向名称（子项目）", "其中：财政拨款", "项目总实施期")
NOTES = (
    "备注：1.“执行率”=“全年执行数”/“全年预算数”；",
    "2.总分设置为100分，等级划分为：90分（含）—100分为优，80分（含）—90分为良，60分（含）—80分为中，60分以下为差。",
)
STYLE = Style(
    budget_side={
        "project": "年度项目资金（万元）",
        "unit_overall": "资金情况（万元）",
        "dept_overall": "资金情况（万元）",
    },
    budget_score={k: "得分（分值×执行率）" for k in ("project", "unit_overall", "dept_overall")},
    indicator_score={"project": "得分", "unit_overall": "得分", "dept_overall": "得分"},
    budget_total_label="年度资金总额",
    title_in_table=True,
    project_header=PROJECT_HEADER,
    notes=NOTES,
)


def layout(evaluation: Evaluation, dossier: Dossier, figures: Sequence[FigureTable]) -> list[Block]:
    return evaluation_blocks(evaluation, STYLE)
