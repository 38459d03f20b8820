"""Yueyang (岳阳市 2021 年度表式, seeds 001–002): the 部门整体支出绩效评价评分表, the city form of the
部门整体支出绩效评价自评报告, and the per-institution figure tables that report holds."""

from jixiao.forms.registry import Form
from jixiao.forms.yueyang.layout import report_blocks
from jixiao.forms.yueyang.reader import (
    DEPT_REPORT,
    INSTITUTIONS,
    RUBRIC,
    has_institution_tables,
    is_dept_report,
    is_rubric,
    read_dept_report,
    read_institution_tables,
    read_rubric,
)

FORMS = [
    Form(
        id=RUBRIC,
        family="yueyang",
        kind="rubric",
        label="岳阳市部门整体支出绩效评价评分表",
        detect=is_rubric,
        read=read_rubric,
        pack="yueyang-dept-2021",
    ),
    Form(
        id=DEPT_REPORT,
        family="yueyang",
        kind="dept_report",
        label="岳阳市部门整体支出绩效评价自评报告（表）",
        detect=is_dept_report,
        read=read_dept_report,
        layout=report_blocks,
        pack="yueyang-dept-2021",
    ),
    Form(
        id=INSTITUTIONS,
        family="yueyang",
        kind="figures",
        label="所属机构收支、“三公”经费及固定资产情况表",
        detect=has_institution_tables,
        read=read_institution_tables,
    ),
]
