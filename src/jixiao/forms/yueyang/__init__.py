"""Yueyang (岳阳市 2021 年度表式, seeds 001–002): the 部门整体支出绩效评价评分表, the city form of the
部门整体支出绩效评价自评报告, and the per-institution figure tables that report holds.

``FORMS`` is data: the readers and the layout are named by path and imported on first use
(``registry.Form``). The ids are ``reader.RUBRIC``, ``DEPT_REPORT`` and ``INSTITUTIONS``
(``tests/forms/test_registry_lazy.py`` holds them equal)."""

from jixiao.forms.registry import Form

RUBRIC = "yueyang-rubric"
DEPT_REPORT = "yueyang-dept-report"
INSTITUTIONS = "yueyang-institutions"

_READER = "jixiao.forms.yueyang.reader"

FORMS = [
    Form(
        id=RUBRIC,
        family="yueyang",
        kind="rubric",
        label="岳阳市部门整体支出绩效评价评分表",
        detect_ref=f"{_READER}:is_rubric",
        read_ref=f"{_READER}:read_rubric",
        pack="yueyang-dept-2021",
    ),
    Form(
        id=DEPT_REPORT,
        family="yueyang",
        kind="dept_report",
        label="岳阳市部门整体支出绩效评价自评报告（表）",
        detect_ref=f"{_READER}:is_dept_report",
        read_ref=f"{_READER}:read_dept_report",
        layout_ref="jixiao.forms.yueyang.layout:report_blocks",
        pack="yueyang-dept-2021",
    ),
    Form(
        id=INSTITUTIONS,
        family="yueyang",
        kind="figures",
        label="所属机构收支、“三公”经费及固定资产情况表",
        detect_ref=f"{_READER}:has_institution_tables",
        read_ref=f"{_READER}:read_institution_tables",
    ),
]
