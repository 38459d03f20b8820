"""A parent row that writes its own 指标值 / 实际完成值 and is split by numbered rows under it (1、2、…,
(1)(2)…, ①②…) whose 分值 add up to its own is counted once: the sums (A006 总分, W001 一级指标分值,
W002 总分值) see either the parts or the parent, never both. Rows that merely follow a larger row, or
numbered rows that do not add up to it, are summed plainly, and a real total error is still found.
Forms written here, small and synthetic."""

from __future__ import annotations

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.forms.common.nesting import item_number as _item_number
from jixiao.forms.generic import detect, read
from jixiao.ingest.loader import load_text
from jixiao.model.dossier import Dossier, Evaluation
from jixiao.model.grid import GridCell, GridTable

HEAD = [
    "| 项目支出绩效自评表(2023年度) |",
    "| 项目名称 | 乡村道路养护经费 |",
    "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
    "| 年度资金总额 | 40.00 | 40.00 | 40.00 | 10 | 100% | 10 |",
    "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
]
TAIL = [
    "| | | 质量指标 | 养护路段合格率 | ≥95% | 97% | 20 | 20 |",
    "| | 效益指标(30分) | 社会效益指标 | 群众出行条件 | 明显改善 | 明显改善 | 30 | 30 |",
    "| | 满意度指标(10分) | 服务对象满意度指标 | 沿线群众满意度 | ≥90% | 94% | 10 | 10 |",
]


def form(rows: list[str], total: str = "100") -> str:
    return "\n".join([*HEAD, *rows, *TAIL, f"| 总分 | 100 | {total} |"])


def dossier(text: str) -> Dossier:
    return load_text(text, "t.txt")


def errors(text: str) -> list[Finding]:
    return [
        f for f in audit_dossier(dossier(text)).findings if f.outcome == "finding" and f.severity == "error"
    ]


def codes(text: str) -> set[str]:
    return {f.code for f in audit_dossier(dossier(text)).findings if f.outcome == "finding"}


def only(text: str) -> Evaluation:
    (evaluation,) = dossier(text).evaluations
    return evaluation


SPLIT = [
    "| | 产出指标(50分) | 数量指标 | 养护道路里程 | 30公里 | 30公里 | 30 | 30 |",
    "| | | | 1、县道养护里程 | 12公里 | 12公里 | 12 | 12 |",
    "| | | | 2、乡道养护里程 | 18公里 | 18公里 | 18 | 18 |",
]


def test_a_parent_with_its_own_figures_split_by_numbered_rows_counts_once() -> None:
    evaluation = only(form(SPLIT))
    assert [i.name for i in evaluation.indicators][:2] == ["1、县道养护里程", "2、乡道养护里程"]
    assert "养护道路里程" not in [i.name for i in evaluation.indicators]
    assert any("养护道路里程" in n.text and "下列各项之和" in n.text for n in evaluation.notes)
    assert errors(form(SPLIT)) == []
    assert not codes(form(SPLIT)) & {"A006", "W001", "W002"}


def test_bracketed_parts_with_blank_scores_leave_the_parent_scoring_the_whole() -> None:
    rows = [
        "| | 产出指标(50分) | 数量指标 | 养护道路里程 | 30公里 | 30公里 | 30 | 28 |",
        "| | | | （1）县道养护里程 | 12公里 | 12公里 | 12 | |",
        "| | | | （2）乡道养护里程 | 18公里 | 16公里 | 18 | |",
    ]
    evaluation = only(form(rows, "98"))
    names = [i.name for i in evaluation.indicators]
    assert names[0] == "养护道路里程" and not any("县道" in n or "乡道" in n for n in names)
    assert sum(1 for n in evaluation.notes if "计入上项" in n.text) == 2
    assert errors(form(rows, "98")) == []
    assert not codes(form(rows, "98")) & {"A006", "W001", "W002"}


def test_a_real_total_error_under_split_rows_is_still_found() -> None:
    found = [f for f in errors(form(SPLIT, "95")) if f.code == "A006"]
    assert len(found) == 1 and "100" in found[0].message


def test_numbered_rows_that_do_not_add_up_to_the_row_above_are_summed_plainly() -> None:
    rows = [
        "| | 产出指标(50分) | 数量指标 | 养护道路里程 | 30公里 | 30公里 | 20 | 20 |",
        "| | | | 1、县道养护里程 | 12公里 | 12公里 | 12 | 12 |",
        "| | | | 2、乡道养护里程 | 18公里 | 18公里 | 18 | 18 |",
    ]
    evaluation = only(form(rows))
    assert [i.name for i in evaluation.indicators][:3] == [
        "养护道路里程",
        "1、县道养护里程",
        "2、乡道养护里程",
    ]
    (a006,) = [f for f in errors(form(rows)) if f.code == "A006"]
    assert "120" in a006.message


def test_unnumbered_rows_that_happen_to_add_up_are_summed_plainly() -> None:
    rows = [
        "| | 产出指标(50分) | 数量指标 | 养护道路里程 | 30公里 | 30公里 | 30 | 30 |",
        "| | | | 县道养护里程 | 12公里 | 12公里 | 12 | 12 |",
        "| | | | 乡道养护里程 | 18公里 | 18公里 | 18 | 18 |",
    ]
    evaluation = only(form(rows))
    assert len(evaluation.indicators) == 6
    assert any(f.code == "A006" for f in errors(form(rows)))


def test_numbered_siblings_are_not_parts_of_the_first() -> None:
    rows = [
        "| | 产出指标(50分) | 数量指标 | 1、养护道路里程 | 30公里 | 30公里 | 30 | 30 |",
        "| | | | 2、县道养护里程 | 12公里 | 12公里 | 12 | 12 |",
        "| | | | 3、乡道养护里程 | 18公里 | 18公里 | 18 | 18 |",
    ]
    assert len(only(form(rows)).indicators) == 6


def test_numbering_that_goes_on_past_the_sum_is_not_a_split() -> None:
    rows = [
        "| | 产出指标(50分) | 数量指标 | 养护道路里程 | 30公里 | 30公里 | 30 | 30 |",
        "| | | | 1、县道养护里程 | 12公里 | 12公里 | 12 | 12 |",
        "| | | | 2、乡道养护里程 | 18公里 | 18公里 | 18 | 18 |",
        "| | | | 3、村道养护里程 | 5公里 | 5公里 | 5 | 5 |",
    ]
    assert len(only(form(rows)).indicators) == 7


def test_the_grid_reader_nests_the_same_parent() -> None:
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析"],
        ["产出指标(50分)", "数量指标", "培训人次", "300人次", "320人次", "30", "30", ""],
        ["", "", "①农技培训人次", "100人次", "110人次", "10", "10", ""],
        ["", "", "②电商培训人次", "200人次", "210人次", "20", "20", ""],
        ["", "质量指标", "培训合格率", "≥90%", "95%", "20", "20", ""],
        ["总分", "", "", "", "", "50", "50"],
    ]
    grid = GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in row) for row in rows))
    assert detect(grid)
    found = read("t.txt", grid, "")
    assert found is not None
    assert [i.name for i in found.indicators] == ["①农技培训人次", "②电商培训人次", "培训合格率"]


def test_item_numbers() -> None:
    assert _item_number("1、县道") == ("dot", 1)
    assert _item_number("2.乡道") == ("dot", 2)
    assert _item_number("（3）村道") == ("paren", 3)
    assert _item_number("(1)村道") == ("paren", 1)
    assert _item_number("②电商") == ("circled", 2)
    assert _item_number("1.5万亩农田") is None
    assert _item_number("10公里道路") is None
    assert _item_number("县道") is None
