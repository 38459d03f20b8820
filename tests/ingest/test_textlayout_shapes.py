"""Shapes of published table text that defeated the readers (issue #10), each read from a small
synthetic text of that shape (written here, not copied from the corpus): the budget triple, the
execution columns and the indicator rows a reviewer would read, and, for each shape, a text of the
same shape that is not a table and must not be turned into one.
"""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import budget_figures, indicator_rows, num, only

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout import ColumnKind, Token, detect_layout, read_text_layout
from jixiao.ingest.textlayout.runs import _split_run

# --------------------------------------------------------------------------- flat, PDF reading order
# A spreadsheet printed to PDF and its text taken line by line: a header cell whose bracketed part
# wraps is cut at its spaces (``执行率(全年 执行数/全年 预算数)``), and the 得分 cell, merged down over
# the budget rows, comes after them in reading order.

FLAT_DISPLACED = "\n".join(
    [
        "项目支出绩效自评表",
        "项目名称 乡镇文化站免费开放 主管部门 某县文化旅游局",
        "实施单位 某镇综合文化站",
        "项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率(全年 执行数/全年 预算数)",
        "年度资金总额: 80.00万元 80.00万元 76.00万元 10 95% 9.5",
        "其中:当年财政拨款 80.00万元 80.00万元 76.00万元 — 95% —",
        "得分",
        "上年结转资金 — — —",
        "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
        "产出指标 数量指标 开放天数 ≥300天 310天 30 30",
        "质量指标 活动参与人次 ≥2000人次 2100人次 30 30",
        "效益指标 社会效益指标 群众满意度 ≥90% 92% 30 30",
        "总分 100 99.5",
    ]
)


def test_flat_header_cut_inside_its_brackets_and_a_score_column_after_the_rows() -> None:
    assert detect_layout(FLAT_DISPLACED) == "flat"
    grid = read_text_layout(FLAT_DISPLACED, "f.txt")
    assert grid is not None
    header = [c.text for c in grid.tables[0].rows[3] if c.text]
    assert header[-2:] == ["执行率(全年执行数/全年预算数)", "得分"]
    evaluation = only(FLAT_DISPLACED)
    assert budget_figures(evaluation) == (
        Decimal(80),
        Decimal(80),
        Decimal(76),
        Decimal(10),
        Decimal(95),
        Decimal("9.5"),
    )
    assert indicator_rows(evaluation) == [
        ("开放天数", Decimal(30), Decimal(30)),
        ("活动参与人次", Decimal(30), Decimal(30)),
        ("群众满意度", Decimal(30), Decimal(30)),
    ]


def test_a_bracket_opened_in_prose_is_not_joined_into_a_header_cell() -> None:
    """Bracketed pieces that do not make a header word together stay apart."""
    text = FLAT_DISPLACED.replace("实施单位 某镇综合文化站", "实施单位 某镇综合文化站(含 分站 两处)")
    grid = read_text_layout(text, "f.txt")
    assert grid is not None
    assert [c.text for c in grid.tables[0].rows[2]] == ["实施单位", "某镇综合文化站(含", "分站", "两处)"]


def test_a_header_word_after_rows_that_fill_the_header_is_a_row_label() -> None:
    """The displaced column is taken only when the rows hold one value more than the header has
    columns: after rows of the header's width, a lone 得分 is not added to the header."""
    text = FLAT_DISPLACED.replace("95% 9.5", "95%").replace("76.00万元 — 95% —", "76.00万元 — 95%")
    grid = read_text_layout(text, "f.txt")
    assert grid is not None
    header = [c.text for c in grid.tables[0].rows[3] if c.text]
    assert header[-1] == "执行率(全年执行数/全年预算数)"


# --------------------------------------------------------------------------- run-on text
# OCR'd and document-sharing reprints whose cells run together with nothing between them.

RUNON = (
    "2023年度项目支出绩效自评表项目名称农村公厕管护主管部门某县农业农村局实施单位某县环卫所"
    "项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分"
    "年度资金总额315.40315.40302.781096%9.6其中:当年财政拨款315.40315.40302.7896%其他资金"
    "年度总体目标预期目标实际完成情况完成公厕管护120座已完成"
    "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标公厕管护数量120座120座3030"
)


def test_runon_budget_figures_cut_where_one_cut_alone_agrees() -> None:
    assert detect_layout(RUNON) == "runon"
    evaluation = only(RUNON)
    assert budget_figures(evaluation) == (
        Decimal("315.40"),
        Decimal("315.40"),
        Decimal("302.78"),
        Decimal(10),
        Decimal(96),
        Decimal("9.6"),
    )
    assert evaluation.name is not None and evaluation.name.text == "农村公厕管护"
    # "公厕管护数量120座120座3030": 分值 and 得分 of 0–100 with 得分 ≤ 分值 cut 3030 one way alone
    assert indicator_rows(evaluation) == [("公厕管护数量", Decimal(30), Decimal(30))]


def test_runon_figures_that_no_single_cut_explains_are_left_unread() -> None:
    """A run whose 执行率 agrees with no cut (or with two) gives no figures rather than a guess."""
    text = RUNON.replace("315.40315.40302.781096%9.6", "315.40315.40302.781090%9.6")
    evaluation = only(text)
    budget = evaluation.budget
    assert budget is None or (num(budget.total.executed) is None and num(budget.rate) is None)


def test_split_run_needs_one_cut_only() -> None:
    kinds: list[ColumnKind] = ["amount", "amount", "points", "rate", "points"]
    # 20 | 20 | 10 | 100.00% | 10 ; 20201 | 0 | 10 | 0.00% | 10 also agrees with 执行数 ÷ 预算数 but
    # gives 得分 10 at 执行率 0
    assert [t.text for t in _split_run(Token("202010100.00%10", 1), kinds) or []] == [
        "20",
        "20",
        "10",
        "100.00%",
        "10",
    ]
    assert _split_run(Token("194.9194.9100%", 1), ["amount", "amount", "rate"]) is not None
    # amounts written to different precisions: no cut is certain
    assert _split_run(Token("12.51251.3100%", 1), ["amount", "amount", "rate"]) is None
    # no 执行率 to check a cut against
    assert _split_run(Token("2020", 1), ["amount", "amount"]) is None


def test_runon_prose_is_not_a_table() -> None:
    """A run-on paragraph that names the budget words in a sentence is no table."""
    text = (
        "本单位严格执行预算,年初预算数、全年预算数和全年执行数均已公开,执行率较上年提高。"
        "下一步将加强绩效目标管理。"
    )
    assert detect_layout(text) != "runon"
    assert load_text(text, "说明.txt").evaluations == ()


# --------------------------------------------------------------------------- pipe, shifted by a cell
# A pipe reprint whose budget lines are shifted by one cell: each line ends with the next row's label.

PIPE_SHIFTED = "\n".join(
    [
        "项目支出绩效自评表 |",
        "| 项目名称 | 校园安全设施改造 | 主管部门 | 某县教育局 | 实施单位 | 某县第二中学 | 项目资金 (万元) |",
        "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |",
        "| 48.60 | 48.60 | 10 | 100% | 10 | 其中:当年财政拨款 |",
        "| 48.60 | 48.60 | — |",
        "| — | 其他资金 |",
        "| — | — | — | — |",
        "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "| | 产出指标 | 数量指标 | 改造监控点位 | ≥40个 | 42个 | 40 | 40 |",
        "| | | 质量指标 | 验收合格率 | 100% | 100% | 30 | 30 |",
        "| | 满意度指标 | 服务对象满意度指标 | 师生满意度 | ≥90% | 96% | 20 | 20 |",
        "| 总分 | 100 | 100 |",
    ]
)


def test_pipe_budget_lines_shifted_by_a_cell_are_cut_at_their_labels() -> None:
    grid = read_text_layout(PIPE_SHIFTED, "p.txt")
    assert grid is not None
    rows = [[c.text for c in r if c.text] for r in grid.tables[0].rows]
    assert ["项目资金 (万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"] in rows
    assert ["年度资金总额", "48.60", "48.60", "10", "100%", "10"] in rows
    evaluation = only(PIPE_SHIFTED)
    # five figures under six columns: the 执行率 agrees with 执行数 ÷ 全年预算数, 年初预算数 is blank
    assert budget_figures(evaluation) == (
        None,
        Decimal("48.60"),
        Decimal("48.60"),
        Decimal(10),
        Decimal(100),
        Decimal(10),
    )
    assert indicator_rows(evaluation) == [
        ("改造监控点位", Decimal(40), Decimal(40)),
        ("验收合格率", Decimal(30), Decimal(30)),
        ("师生满意度", Decimal(20), Decimal(20)),
    ]


def test_a_pipe_header_line_ending_in_a_text_cell_is_left_as_written() -> None:
    """A budget header whose last cell is no row label (a note) is not a shifted block."""
    text = PIPE_SHIFTED.replace("| 得分 | 年度资金总额 |", "| 得分 | 备注说明文字 |")
    grid = read_text_layout(text, "p.txt")
    assert grid is not None
    rows = [[c.text for c in r if c.text] for r in grid.tables[0].rows]
    assert ["48.60", "48.60", "10", "100%", "10", "其中:当年财政拨款"] in rows


# --------------------------------------------------------------------------- pipe, two forms in one run

FORM = "\n".join(
    [
        "| 项目名称 | {name} |",
        "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | {budget} | {budget} | {budget} | 10 | 100% | 10 |",
        "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "| | 产出指标 | 数量指标 | {indicator} | ≥10次 | 12次 | 90 | 90 |",
        "| 总分 | 100 | 100 |",
    ]
)


def test_two_forms_in_one_pipe_run_are_two_tables_at_the_second_title() -> None:
    text = "\n".join(
        [
            "| 项目支出绩效自评表(2023年度) |",
            FORM.format(name="普法宣传经费", budget="12.00", indicator="开展普法活动"),
            "| 项目支出绩效自评表(2023年度) |",
            FORM.format(name="法律援助经费", budget="30.00", indicator="办理援助案件"),
        ]
    )
    evaluations = load_text(text, "p.txt").evaluations
    assert [
        (e.name.text if e.name else None, budget_figures(e)[1], indicator_rows(e)) for e in evaluations
    ] == [
        ("普法宣传经费", Decimal("12.00"), [("开展普法活动", Decimal(90), Decimal(90))]),
        ("法律援助经费", Decimal("30.00"), [("办理援助案件", Decimal(90), Decimal(90))]),
    ]


def test_a_form_cut_before_its_budget_block_ends_at_the_next_title() -> None:
    """An excerpt that begins inside a form (its indicator block only) is a table of its own: it must
    not read the next form's budget block as its own, and the next form keeps its name and budget."""
    form = FORM.format(name="法律援助经费", budget="30.00", indicator="办理援助案件")
    text = "\n".join(
        [
            "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
            "| | 产出指标 | 数量指标 | 开展普法活动 | ≥10次 | 12次 | 90 | 90 |",
            "| 项目支出绩效自评表(2023年度) |",
            form,
        ]
    )
    grid = read_text_layout(text, "p.txt")
    assert grid is not None
    assert len(grid.tables) == 2
    first, second = load_text(text, "p.txt").evaluations
    assert first.budget is None and first.name is None
    assert indicator_rows(first) == [("开展普法活动", Decimal(90), Decimal(90))]
    assert second.name is not None and second.name.text == "法律援助经费"
    assert budget_figures(second)[1] == Decimal("30.00")
    assert indicator_rows(second) == [("办理援助案件", Decimal(90), Decimal(90))]


def test_a_title_row_above_a_forms_blocks_stays_with_the_form() -> None:
    """A title after rows that hold no block header (a unit's name line) does not split them off."""
    text = "\n".join(
        [
            "| 单位名称 | 某县司法局 |",
            "| 填报日期 | 2024年3月5日 |",
            "| 项目支出绩效自评表(2023年度) |",
            FORM.format(name="普法宣传经费", budget="12.00", indicator="开展普法活动"),
        ]
    )
    grid = read_text_layout(text, "p.txt")
    assert grid is not None
    assert len(grid.tables) == 1


# --------------------------------------------------------------------------- run-on, traditional
# A reprint in traditional characters, a pinyin gloss after some of them, the cells run together; the
# 20-point execution block states its points in its heading and its amounts in 萬 (万).

TRADITIONAL_RUNON = "\n".join(
    [
        "文檔簡介",
        "1、項目績效自評表單位名稱:某市檔案館項目名稱檔案數(shù)字化專項經費主管部門某市檔案局"
        "預算執行情況(萬元)(20分)預算數(A)執行數(B)執行率(B/A)得分(20分*執行率)"
        "年度財政資金總額45萬45萬100%20年度績效指標一級指標二級指標三級指標年初目標值(A)實際完成值(B)得分"
        "產出指標數量指標數字化檔案卷數3000卷3200卷20",
    ]
)


def test_traditional_runon_budget_read_with_its_heading_points() -> None:
    assert detect_layout(TRADITIONAL_RUNON) != "runon"  # the words are found once simplified
    dossier = load_text(TRADITIONAL_RUNON, "表.txt")
    assert len(dossier.evaluations) == 1
    evaluation = dossier.evaluations[0]
    assert budget_figures(evaluation) == (
        None,
        Decimal(45),
        Decimal(45),
        Decimal(20),
        Decimal(100),
        Decimal(20),
    )
    # the cells keep the text as written: the conversion is the normaliser's, and noted
    assert any("繁体" in note for note in dossier.notes)
    # the indicator row cut as the vocabulary reads it, under a header of 得分 alone (no 分值)
    assert [(i.name, i.weight, i.score.text if i.score else None) for i in evaluation.indicators] == [
        ("数字化档案卷数", None, "20")
    ]


def test_traditional_prose_is_not_a_runon_table() -> None:
    text = "\n".join(
        [
            "文檔簡介",
            "本館二〇二〇年度項目預算執行情況良好,預算數與執行數一致,執行率達到百分之百,"
            "檔案數字化工作按計劃完成,群眾滿意度較高,各項績效目標均已實現。",
        ]
    )
    assert load_text(text, "說明.txt").evaluations == ()


def test_runon_block_without_points_is_read_by_its_indicator_header() -> None:
    """A budget block of 预算数/执行数/执行率 only is an evaluation's when the indicator header follows:
    the header is kept (its words wrapped by spaces: ``一级 指标``), its rows run together are not."""
    text = (
        "2020年度县级专项资金绩效目标自评表专项资金名称乡镇敬老院运转补助主管部门某县民政局实施单位某县民政局"
        "项目资金(万元)全年预算数(A)全年执行数(B)执行率(B/A)年度资金总额86.486.4100%"
        "其中:中央、省补助资金86.486.4100%其他资金年度 总体 目标年初设定目标全年 实际完成情况保障敬老院运转已保障"
        "绩 效 指 标一级 指标二级 指标三级指标年度指标 值全年 完成值未完成原因和 改进措施"
        "产 出 指 标数量 指标入住老人数120人126人"
    )
    assert detect_layout(text) == "runon"
    evaluation = only(text)
    assert budget_figures(evaluation)[:3] == (None, Decimal("86.4"), Decimal("86.4"))
    assert budget_figures(evaluation)[4] == Decimal(100)
    assert evaluation.indicators == ()
    # without the indicator header the block is an evaluation table only where its head names it
    # (a 绩效目标自评表 cut before its indicators: its budget alone is read)
    cut = text[: text.index("绩 效 指 标")]
    (named,) = load_text(cut, "表.txt").evaluations
    assert budget_figures(named)[:3] == (None, Decimal("86.4"), Decimal("86.4")) and named.indicators == ()
    anonymous = cut[cut.index("项目资金(万元)") :]
    assert load_text(anonymous, "表.txt").evaluations == ()


def test_a_row_cut_after_its_value_keeps_the_value_after_its_sign() -> None:
    """The stored text ends inside an indicator row (``= | 100``): the 100 is its 指标值 (the sign
    qualifies it), never the 权重 the row did not reach."""
    text = "\n".join(
        [
            "| 项目支出绩效自评表(2023年度) |",
            "| 项目名称 | 设备购置补助 |",
            "| 预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 |",
            "| 总额 | 5.00 | 5.00 | 5.00 | 100.00% | 10 | 10 |",
            "| 绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 |",
            "| 产出指标 | 数量指标 | 购置设备台数 | ≥ | 12 | 台 | 12台 | 45 | 45 |",
            "| 产出指标 | 质量指标 | 设备验收合格率 | = | 100 |",
        ]
    )
    (evaluation,) = load_text(text, "p.txt").evaluations
    first, cut = evaluation.indicators
    assert (first.weight.num if first.weight else None, first.score.num if first.score else None) == (
        Decimal(45),
        Decimal(45),
    )
    assert cut.name == "设备验收合格率"
    assert cut.weight is None or cut.weight.num is None
    assert cut.target is not None and "100" in cut.target.text
