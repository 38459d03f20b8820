"""The head of a project's 自评表 often names the filing unit before the project (``单位名称 | 某医院 |
填报日期 …`` over ``项目名称 | 东津院区建设补助``): the 项目名称 names the table, whichever comes first,
and the 单位名称 is kept as a head field. An overall table's 单位名称 is its name. Forms written here,
small and synthetic."""

from __future__ import annotations

from jixiao.forms.generic.reader import read
from jixiao.model.dossier import Evaluation
from jixiao.model.grid import GridCell, GridTable

BUDGET = [
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "100", "100", "90", "10", "90%", "9"],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "新建渠道长度", "10公里", "10公里", "90", "90"],
]


def evaluation(head: list[list[str]], title: str) -> Evaluation:
    rows = [*head, *BUDGET]
    found = read(
        "t.txt", GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in r) for r in rows)), title
    )
    assert found is not None
    return found


def test_a_project_is_named_by_its_项目名称_even_after_the_单位名称() -> None:
    found = evaluation(
        [["单位名称", "某市中心医院", "填报日期", "2022年3月18日"], ["项目名称", "东津院区建设补助"]],
        "2021年度财政项目绩效自评表",
    )
    assert found.name is not None and found.name.text == "东津院区建设补助"
    assert ("单位名称", "某市中心医院") in [(k, v.text) for k, v in found.header]


def test_a_project_head_with_only_a_单位名称_is_named_by_it() -> None:
    found = evaluation([["单位名称", "某市中心医院"]], "2021年度项目支出绩效自评表")
    assert found.name is not None and found.name.text == "某市中心医院"


def test_an_overall_table_is_named_by_its_单位名称() -> None:
    found = evaluation([["单位名称", "某县民政局"]], "2021年度部门整体支出绩效自评表")
    assert found.name is not None and found.name.text == "某县民政局"
