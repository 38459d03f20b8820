"""The Ningxia 绩效目标自评表 as an OCR'd reprint runs it together: its total written in the heading
line (``…自评表(2022年度)项目总得分96分``), its indicator header ending in ``未完成原因及改进措施``, and
the national form's budget header naming the year's budget ``调整预算数(A)``. Small synthetic texts
and grids of the forms' shapes (written here, not copied from the corpus)."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import indicator_rows, num, only

from jixiao.forms.generic.reader import match_column, read, read_national
from jixiao.forms.generic.vocabulary import INDICATOR_COLUMNS
from jixiao.ingest.textlayout import read_text_layout
from jixiao.model.grid import GridCell, GridTable, Paragraph

TITLE = "乡村道路养护项目绩效目标自评表(2022年度)"
HEAD = "项目名称乡村道路养护项目项目实施单位某县公路段主管部门某县交通运输局资金情况(万元)"
BUDGET = "年度资金总额全年预算数(A)全年执行数(B)执行率(B/A)其中中央补助自治区补助120万元\n96.6万元\n80.5%"
INDICATORS = (
    "市县资金年度总体目标完成农村公路养护里程120公里绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分"
    "未完成原因及改进措施产出指标(50分)数量指标养护里程50120公里120公里50"
    "效益指标(50分)社会效益指标通行条件改善50明显改善明显改善46\n"
)


def _total(heading: str) -> Decimal | None:
    return num(only(heading + HEAD + BUDGET + INDICATORS).declared_total)


def test_the_total_written_in_the_heading_line_is_the_tables_total() -> None:
    assert _total(TITLE + "项目总得分96分") == Decimal("96")
    assert _total(TITLE + "自评总分：96") == Decimal("96")
    assert _total(TITLE) is None  # no total written: none read


def test_a_score_in_a_sentence_or_off_the_scale_is_no_heading_total() -> None:
    assert _total("本项目自评总得分96分，评价等级为优。\n" + TITLE) is None  # a narrative's sentence
    assert _total(TITLE + "项目总得分196分") is None  # no score of a 100-point form
    assert _total("乡村道路养护项目总得分96分") is None  # a line that names no form
    assert _total(TITLE + "总分100分") is None  # a bare 总分: the form's full marks, maybe


def test_the_heading_keeps_its_title() -> None:
    grid = read_text_layout(TITLE + "项目总得分96分" + HEAD + BUDGET + INDICATORS, "表.txt")
    assert grid is not None
    heading = next(b for b in grid.blocks if isinstance(b, Paragraph))
    table = next(b for b in grid.blocks if isinstance(b, GridTable))
    assert "自评表" in heading.text and "96" not in heading.text  # the title stays, the total moves
    assert [c.text for c in table.rows[0]] == ["总得分", "96分"]  # as the table's head row


def test_the_deviation_column_named_with_its_measures_ends_the_indicator_header() -> None:
    column = match_column("未完成原因及改进措施", INDICATOR_COLUMNS)
    assert column is not None and column.field == "deviation"
    # the header is not cut inside the word (``未完成原因`` | ``及改进措施`` stuck on the rows): rows read
    evaluation = only(TITLE + HEAD + BUDGET + INDICATORS)
    assert indicator_rows(evaluation) == [
        ("养护里程", Decimal("50"), Decimal("50")),
        ("通行条件改善", Decimal("50"), Decimal("46")),
    ]


def _grid(rows: list[list[str]]) -> GridTable:
    return GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in row) for row in rows))


def _national(adjusted_word: str) -> GridTable:
    return _grid(
        [
            ["项目名称", "初中公用经费", "主管部门", "某市教育局"],
            ["项目资金(万元)", "", "年初预算数", adjusted_word, "全年执行数(B)", "执行率(B/A)"],
            ["", "年度资金总额", "60", "64.8", "62", "95.68%"],
            ["一级指标", "二级指标", "三级指标", "分值", "指标值(A)", "全年实际值(B)", "得分"],
            ["产出指标", "数量指标", "保障人数", "100", "2370人", "2370人", "100"],
        ]
    )


def test_the_national_form_reads_the_years_budget_under_its_other_names() -> None:
    for word in ("全年预算数(A)", "调整预算数(A)", "调整后预算数(A)"):
        evaluation = read_national("表.docx", _national(word))
        assert evaluation is not None and evaluation.budget is not None
        total = evaluation.budget.total
        assert (num(total.initial), num(total.adjusted), num(total.executed)) == (
            Decimal("60"),
            Decimal("64.8"),
            Decimal("62"),
        )


def test_a_head_total_beside_a_budget_without_scores_is_read() -> None:
    # the budget block has no 分值/得分 (the form scores execution nowhere): it leaves no score unread
    table = _grid(
        [
            ["总得分", "96分"],
            ["项目名称", "乡村道路养护项目"],
            ["资金情况(万元)", "", "全年预算数(A)", "全年执行数(B)", "执行率(B/A)"],
            ["", "年度资金总额", "120", "96.6", "80.5%"],
            ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分"],
            ["产出指标", "数量指标", "养护里程", "50", "120公里", "120公里", "50"],
            ["效益指标", "社会效益指标", "通行条件改善", "50", "明显改善", "明显改善", "46"],
        ]
    )
    evaluation = read("表.docx", table)
    assert evaluation is not None and num(evaluation.declared_total) == Decimal("96")
    # a budget that has a 得分 column left unread keeps the head total unread
    scored = _grid(
        [
            ["总得分", "96分"],
            ["项目名称", "乡村道路养护项目"],
            ["资金情况(万元)", "", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"],
            ["", "年度资金总额", "120", "96.6", "10", "80.5%", ""],
            ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分"],
            ["产出指标", "数量指标", "养护里程", "45", "120公里", "120公里", "45"],
            ["效益指标", "社会效益指标", "通行条件改善", "45", "明显改善", "明显改善", "41"],
        ]
    )
    evaluation = read("表.docx", scored)
    assert evaluation is not None and evaluation.declared_total is None


def test_the_national_forms_head_score_written_as_a_label_value_pair_is_its_total() -> None:
    # 自评得分 | 98 among the head's label | value pairs, the budget with no 分值/得分 column
    head = ["主管部门", "某市教育局", "实施单位", "某中学", "自评得分", "98", "财政审核评分", ""]
    rows = [head, *[[c.text for c in row] for row in _national("调整预算数(A)").rows]]
    evaluation = read_national("表.docx", _grid(rows))
    assert evaluation is not None and num(evaluation.declared_total) == Decimal("98")
    # 总分 beside its figure may be the form's 100 points: not read as the score
    head = ["主管部门", "某市教育局", "总分", "100", "财政审核评分", ""]
    rows = [head, *[[c.text for c in row] for row in _national("调整预算数(A)").rows]]
    evaluation = read_national("表.docx", _grid(rows))
    assert evaluation is not None and evaluation.declared_total is None


def test_the_national_forms_head_score_waits_for_an_unread_budget_score() -> None:
    head = ["主管部门", "某市教育局", "自评得分", "98"]
    table = _grid(
        [
            head,
            ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["", "年度资金总额", "60", "64.8", "62", "10", "95.68%", ""],
            ["一级指标", "二级指标", "三级指标", "分值", "指标值(A)", "全年实际值(B)", "得分"],
            ["产出指标", "数量指标", "保障人数", "90", "2370人", "2370人", "88"],
        ]
    )
    evaluation = read_national("表.docx", table)
    assert evaluation is not None and evaluation.declared_total is None  # the budget's 得分 is blank
