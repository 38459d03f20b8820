"""Hunan (湘财绩〔2023〕… 附件 forms, seed 000): 项目支出, 单位整体 and 部门整体支出绩效自评表."""

from jixiao.forms.hunan.layout import layout
from jixiao.forms.hunan.reader import TEMPLATES, detect, read
from jixiao.forms.registry import Form

_LABELS = {
    "project": "项目支出绩效自评表",
    "unit_overall": "单位整体支出绩效自评表",
    "dept_overall": "部门整体支出绩效自评表",
}
_PACKS = {"project": "hunan-2023", "unit_overall": "hunan-2023", "dept_overall": None}

FORMS = [
    Form(
        id=template,
        family="hunan",
        kind="evaluation",
        label=f"湖南省{_LABELS[kind]}",
        detect=detect,
        read=read,
        layout=layout,
        pack=_PACKS[kind],
    )
    for kind, template in TEMPLATES.items()
]
