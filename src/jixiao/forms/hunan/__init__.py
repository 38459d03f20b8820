"""Hunan (湘财绩〔2023〕… 附件 forms, seed 000): 项目支出, 单位整体 and 部门整体支出绩效自评表.

``FORMS`` is data: the reader and the layout are named by path and imported on first use
(``registry.Form``). The ids are the ones ``reader.TEMPLATES`` writes, in its order
(``tests/forms/test_registry_lazy.py`` holds them equal)."""

from jixiao.forms.registry import Form

_READER = "jixiao.forms.hunan.reader"
_LAYOUT = "jixiao.forms.hunan.layout:layout"

# (id, label, rule pack), in the order of ``reader.TEMPLATES``: project, unit_overall, dept_overall.
_DECLARED = (
    ("hunan-project", "项目支出绩效自评表", "hunan-2023"),
    ("hunan-unit", "单位整体支出绩效自评表", "hunan-2023"),
    ("hunan-dept", "部门整体支出绩效自评表", None),
)

FORMS = [
    Form(
        id=template,
        family="hunan",
        kind="evaluation",
        label=f"湖南省{label}",
        detect_ref=f"{_READER}:detect",
        read_ref=f"{_READER}:read",
        layout_ref=_LAYOUT,
        pack=pack,
    )
    for template, label, pack in _DECLARED
]
