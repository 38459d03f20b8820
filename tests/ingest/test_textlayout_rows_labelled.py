"""Forms written a row per line with labelled cells, and pipe tables a cell a line with closed rows.

* Hebei's 预算项目绩效自评表 as its reporting system exports it to a web page: a row per line, cells
  separated by spaces, each budget figure beside its own label (``预算数 6.84 到位数 6.84 …``), the
  indicator header over two lines (``spaced``);
* a Word table pasted a cell a line, each row closed by a line of pipes bringing it to the table's
  width (``pipe``, ``_closed_rows``).

The texts are synthetic, in the forms' shapes; the figures are made up and differ between columns so
that a figure read into the wrong column shows.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.forms.generic.reader import read
from jixiao.ingest.textlayout import read_text_layout
from jixiao.ingest.textlayout.pipe import _closed_rows, _pipe_lines
from jixiao.ingest.textlayout.spaced import _numbered_form, _spaced
from jixiao.model.dossier import Evaluation
from jixiao.model.grid import Grid, GridTable

HEAD = [
    "某县民政局2021年度预算项目绩效自评表",
    "一、基本情况 项目名称: 高龄津贴发放 是否为专项资金: 实施(主管)单位 100001-某县民政局机关 金额单位: 万元",
    "二、预算执行情况 预算安排情况(调整后) 资金到位情况 资金执行情况 预算执行进度(%)",
    "预算数 12.50 到位数 12.00 执行数 11.25 90.00",
    "其中:财政资金 12.50 其中:财政资金 12.00 其中:财政资金 11.25",
    "其他 0.00 其他 0.00 其他 0.00",
]
INDICATORS = [
    "四、年度绩效指标完成情况 一级指标 二级指标 三级指标 指标分值 预期指标值 单项指标实际完成值 单项指标完成情况 自评得分",
    "符号 单位(文字描述) 单项指标得分 权重占比(%) 单项指标折算得分",
    "产出指标 数量指标 发放人数 享受津贴的老人人数 >= 120 人 126 完成 90.00 40.00 36.00",
    "时效指标 发放及时率 按月发放津贴的比例 >= 95 %(百分比) 100% 完成 100.00 30.00 30.00",
    "满意度指标 服务对象满意度指标 老人满意度 领取津贴老人的满意程度 >= 90 %(百分比) 96% 完成 80.00 20.00 16.00",
]


def _table(grid: Grid | None) -> GridTable:
    assert grid is not None
    tables = grid.tables
    assert len(tables) == 1
    return tables[0]


def _hebei(lines: list[str]) -> tuple[GridTable, Evaluation]:
    text = "\n".join(lines)
    assert _spaced(text.splitlines())
    table = _table(read_text_layout(text, "t.txt"))
    evaluation = read("t.txt", table, "某县民政局2021年度预算项目绩效自评表")
    assert evaluation is not None
    return table, evaluation


def test_each_budget_figure_is_read_beside_its_label_and_received_funds_fill_no_budget_column() -> None:
    table, evaluation = _hebei(HEAD + INDICATORS)
    header = next(row for row in table.rows if row[0].text.startswith("二、"))
    assert [c.colspan for c in header] == [1, 2, 2, 2, 1]  # each amount column: its label and figure
    assert evaluation.name is not None and evaluation.name.text == "高龄津贴发放"
    budget = evaluation.budget
    assert budget is not None
    assert budget.total.adjusted is not None and budget.total.adjusted.num == Decimal("12.50")
    assert budget.total.executed is not None and budget.total.executed.num == Decimal("11.25")
    assert budget.rate is not None and budget.rate.num == Decimal("90.00")
    assert [p.label for p in budget.parts] == ["其中:财政资金", "其他"]
    read_amounts = {
        v.text for row in (budget.total, *budget.parts) for v in (row.adjusted, row.executed) if v
    }
    assert "12.00" not in read_amounts  # 到位数 is no budget column


def test_indicator_rows_are_placed_by_their_count_and_the_name_keeps_no_explanation() -> None:
    table, evaluation = _hebei(HEAD + INDICATORS)
    rows = [(i.level1, i.level2, i.name, i.score and i.score.text) for i in evaluation.indicators]
    assert rows == [
        ("产出指标", "数量指标", "发放人数", "90.00"),
        ("产出指标", "时效指标", "发放及时率", "100.00"),  # its 一级 merged down from the row above
        ("满意度指标", "服务对象满意度指标", "老人满意度", "80.00"),
    ]
    target = evaluation.indicators[0].target
    assert target is not None and ">=" in target.text and "120" in target.text
    # the 指标分值 writes no figure (the explanation stands where it would): its cells stay empty, the
    # explanation in a column of its own, none of the three figures after the values moved into it
    texts = [[c.text for c in row] for row in table.rows]
    upper = next(row for row in texts if row[0].startswith("四、"))
    weight = upper.index("指标分值")
    first = next(row for row in texts if "发放人数" in row)
    assert first[weight] == "" and first[weight - 1] == "享受津贴的老人人数"
    assert first[-3:] == ["90.00", "40.00", "36.00"]
    notes = {n.text for n in evaluation.notes}
    assert "发放人数：权重占比 40.00" in notes and "发放人数：折算得分 36.00" in notes


def test_a_row_whose_cells_the_count_does_not_place_is_kept_as_written() -> None:
    short = "产出指标 数量指标 发放人数 >= 120 人 126 90.00 40.00 36.00"  # two cells fewer: not placed
    table, _ = _hebei([*HEAD, *INDICATORS[:2], short])
    last = [c.text for c in table.rows[-1]]
    assert last == short.split()


def test_a_block_after_the_budget_the_vocabulary_does_not_name_leaves_the_form_unread() -> None:
    # its figure (88.00) would be read as a funds line of the budget
    other = ["三、资金分配情况 分配方式 分配结果 分配比例(%)", "按人数分配 已分配 88.00"]
    text = "\n".join(HEAD + other + INDICATORS)
    assert _spaced(text.splitlines())
    assert read_text_layout(text, "t.txt") is None


def test_a_national_form_written_flat_is_not_this_layout() -> None:
    flat = [
        "项目支出绩效自评表",
        "项目名称 社区养老服务补助",
        "项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
        "年度资金总额 120.00 120.00 118.50 10 98.75% 9.88",
        "其中:当年财政拨款 120.00 120.00 118.50",
    ]
    assert not _spaced(flat)


def test_a_labelled_row_with_a_figure_left_blank_keeps_the_others_in_their_columns() -> None:
    lines = [*HEAD[:4], "其中:财政资金 12.50 其中:财政资金 其中:财政资金 11.25", *HEAD[5:], *INDICATORS]
    _, evaluation = _hebei(lines)
    budget = evaluation.budget
    assert budget is not None
    part = budget.parts[0]
    assert part.adjusted is not None and part.adjusted.num == Decimal("12.50")
    assert part.executed is not None and part.executed.num == Decimal("11.25")


# ---------------------------------------------------------------- pipe: a cell a line, rows closed

PIPE = [
    "一、项目基本情况",
    "附件1",
    "某项目绩效目标自评表 |",
    "|||||||",
    "项目名称 |",
    "某项目 |",
    "||||||",
    "项目资金 |",
    "|",
    "全年预算数 |",
    "全年执行数 |",
    "预算执行率 |",
    "|||",
    "年度资金总额: |",
    "60 |",
    "45 |",
    "75% |",
    "||||",
    "其中:县级财政资金 |",
    "60 |",
    "45 |",
    "75% |",
    "||||",
]


def test_rows_closed_by_lines_of_pipes_are_the_rows_between_them() -> None:
    lines = PIPE
    rows = _closed_rows(lines, _pipe_lines(lines))
    assert rows is not None
    written = [[t.text for t in row] for row in rows if row]
    assert written == [
        ["某项目绩效目标自评表"],
        ["项目名称", "某项目"],
        ["项目资金", "", "全年预算数", "全年执行数", "预算执行率"],
        ["年度资金总额:", "60", "45", "75%"],
        ["其中:县级财政资金", "60", "45", "75%"],
    ]
    table = _table(read_text_layout("\n".join(lines), "t.txt"))
    texts = [[c.text for c in row] for row in table.rows]
    assert ["项目名称", "某项目"] in texts  # the form's head is in the table with its budget
    total = next(row for row in texts if "年度资金总额:" in row)
    header = next(row for row in texts if "全年预算数" in row)
    assert total.index("60") == header.index("全年预算数")  # figures under their columns
    assert total.index("45") == header.index("全年执行数")


def test_closing_lines_of_different_counts_mark_no_rows() -> None:
    lines = [*PIPE[:-1], "|||||||"]  # the last row closed to another width: merged cells, not rows
    assert _closed_rows(lines, _pipe_lines(lines)) is None


def test_a_row_left_open_is_kept_only_as_the_tables_last() -> None:
    cut = [*PIPE, "其他资金 |", "资金来源说"]  # an excerpt that stops inside a row
    rows = _closed_rows(cut, _pipe_lines(cut))
    assert rows is not None and [t.text for t in rows[-2] or []] == ["其他资金"]
    inside = [*PIPE[:13], "年度资金总额: |", "说明文字", *PIPE[14:]]  # open, then the table goes on
    assert _closed_rows(inside, _pipe_lines(inside)) is None


# ---------------------------------------------------------------- 行次 / 列次: numbered rows and columns

NUMBERED_HEAD = [
    "某县2024年度某专项资金绩效评价表",
    "年度:2024年",
    "资金投入情况",
    "(万元)",
    "",
    "行次 全年预算数",
    "(A)",
    "统筹整合资金数",
    "(B)",
    "扣除统筹整合资金后预算金额",
    "(C)",
    "全年到位资金",
    "(D)",
    "预算到位",
    "(D/C×100%)",
    "全年执行资金",
    "(E)",
    "预算执行",
    "(E/C×100%)",
    "佐证材料",
    "列次 0 1 2 3 4 5 6 7 所需材料 上传端口",
]
NUMBERED_END = ["资金管理情况", "情况说明 存在问题 改进措施"]


def _numbered_table(rows: list[str]) -> list[list[str]]:
    lines = [*NUMBERED_HEAD, *rows, *NUMBERED_END]
    assert _numbered_form(lines)
    table = _table(read_text_layout("\n".join(lines), "t.txt"))
    return [[c.text for c in row] for row in table.rows]


def test_the_numbered_header_is_joined_with_its_qualifiers_and_the_row_number_is_no_figure() -> None:
    # 60 | 10 | 50 | 50 | 100.00% | 40 | (E/C not written): one placement only
    texts = _numbered_table(["年度资金总额(万元): 1 60.00", "10.00 50.00 50.00 100.00% 40.00 凭证"])
    header = texts[0]
    assert header[:3] == ["资金投入情况(万元)", "行次", "全年预算数(A)"]
    assert header[6] == "预算到位(D/C×100%)"
    assert texts[1][0] == "列次"  # the column numbers, a row of their own
    assert texts[2] == [
        "年度资金总额(万元):",
        "1",
        "60.00",
        "10.00",
        "50.00",
        "50.00",
        "100.00%",
        "40.00",
        "",
        "凭证",
    ]


def test_figures_that_fit_several_placements_are_kept_as_written() -> None:
    # one of 全年预算数(A) / 统筹整合资金数(B) is blank: the text does not say which
    row = "年度资金总额(万元): 1 52.80 52.80 52.80 100.00% 30.80 58.33%"
    texts = _numbered_table([row])
    assert texts[2] == row.split()


def test_a_placement_the_headers_quotient_disproves_is_not_taken() -> None:
    # the only placement by kinds puts 90.00% under 预算到位(D/C×100%), but D ÷ C = 50 ÷ 50 is 100%
    row = "年度资金总额(万元): 1 60.00 10.00 50.00 50.00 90.00% 40.00"
    texts = _numbered_table([row])
    assert texts[2] == row.split()


def test_rows_are_told_by_their_row_numbers_and_end_where_no_row_opens() -> None:
    texts = _numbered_table(
        [
            "年度资金总额(万元): 1 60 10 50 50 100.00% 40 80.00%",
            "其中:中央财政资金(万元) 2 60 10 50 50 100.00% 40 80.00%",
            "地方财政资金(万元) 3",
            "",
            "其他资金(万元) 4",
        ]
    )
    assert [row[:2] for row in texts[2:]] == [
        ["年度资金总额(万元):", "1"],
        ["其中:中央财政资金(万元)", "2"],
        ["地方财政资金(万元)", "3"],
        ["其他资金(万元)", "4"],
    ]
    assert texts[3][2:9] == ["60", "10", "50", "50", "100.00%", "40", "80.00%"]
    assert all(row[2:] == [""] * 8 for row in texts[4:])  # no figure written: empty cells
