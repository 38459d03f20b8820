"""Zhuzhou (株洲市 2020 年度表式, seed 001): 部门整体 and 项目支出绩效自评表, graded (等级).

``FORMS`` is data: the reader and the layout are named by path and imported on first use
(``registry.Form``). The ids are the ones ``reader.TEMPLATES`` writes, in its order
(``tests/forms/test_registry_lazy.py`` holds them equal)."""

from jixiao.forms.registry import Form

_READER = "jixiao.forms.zhuzhou.reader"
_LAYOUT = "jixiao.forms.zhuzhou.layout:layout"

# (id, label, rule pack), in the order of ``reader.TEMPLATES``: project, unit_overall, dept_overall.
_DECLARED = (
    ("zhuzhou-project", "项目支出绩效自评表", "zhuzhou-2020"),
    ("zhuzhou-unit", "单位整体支出绩效自评表", None),
    ("zhuzhou-dept", "部门整体支出绩效自评表", "zhuzhou-2020"),
)

FORMS = [
    Form(
        id=template,
        family="zhuzhou",
        kind="evaluation",
        label=f"株洲市{label}",
        detect_ref=f"{_READER}:detect",
        read_ref=f"{_READER}:read",
        layout_ref=_LAYOUT,
        pack=pack,
    )
    for template, label, pack in _DECLARED
]
