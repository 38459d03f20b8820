"""Zhuzhou (株洲市 2020 年度表式, seed 001): 部门整体 and 项目支出绩效自评表, graded (等级)."""

from jixiao.forms.registry import Form
from jixiao.forms.zhuzhou.layout import layout
from jixiao.forms.zhuzhou.reader import TEMPLATES, detect, read

_LABELS = {
    "project": "项目支出绩效自评表",
    "unit_overall": "单位整体支出绩效自评表",
    "dept_overall": "部门整体支出绩效自评表",
}
_PACKS = {"project": "zhuzhou-2020", "unit_overall": None, "dept_overall": "zhuzhou-2020"}

FORMS = [
    Form(
        id=template,
        family="zhuzhou",
        kind="evaluation",
        label=f"株洲市{_LABELS[kind]}",
        detect=detect,
        read=read,
        layout=layout,
        pack=_PACKS[kind],
    )
    for kind, template in TEMPLATES.items()
]
