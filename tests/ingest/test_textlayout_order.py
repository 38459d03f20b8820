"""Reading order of forms flattened onto one long line, whose cells wrap inside fixed-width columns
(the Hubei-style 项目自评表 printed from Word and reprinted on document-sharing sites): a cell's lines
are pieces cut at spaces, every piece but the last as wide as its column. The texts below are written
in that style (not copied from a document); the assertions are what a reviewer reads off the form."""

from __future__ import annotations

from decimal import Decimal

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout import read_text_layout
from jixiao.ingest.textlayout.aligner import _flat_tokens
from jixiao.ingest.textlayout.detect import _flattened
from jixiao.ingest.textlayout.order import _wrapped_rows
from jixiao.ingest.textlayout.tokens import Token
from jixiao.model.dossier import Evaluation, Val
from jixiao.model.grid import GridTable

# The name column is ten characters wide (``开展农产品质量安全抽`` wraps), the value columns five. The
# two 效益 rows are taller than the merged labels beside them: their last cells and their points are
# written after the 总分 label, then the 总分's own figure.
WRAPPED = (
    "7---【关于下达2021年农业发展资金的通知】项目自评表.doc\n"
    "2021 年农业发展资金项目自评表 单位名称:区农业农村局 填报日期:2022 年 3 月 8 日 项目名称 2021 "
    "年农业发展资金 主管部门 区农业农村局 项目属性 1、持续性项目 预算执行 情况(万元) (20 分) 一级指标 "
    "年度财政 资金总额 项目实施单位 区农技中心 预算数 (A) 执行数(B) 执行率(B/A) 得分 (20 分*执行率) "
    "120.50 120.50 100% 20 三级指标 年初目标值 (A) 实际完成值 (B) 得分 "
    "培训农技人员(人次) 300 320 20 开展农产品质量安全抽 检批次 150 156 20 "
    "农技推广覆盖面广 覆盖全部行 政村 全部行政村 已覆盖 20 社会效益 指标 带动农户增收方面发挥 的作用 "
    "带动作用明 显 可持续影 响指标 推动农业绿色发展方面 的作用 是否有利于 绿色发展 二级指标 "
    "数量指标 年度 绩效 目标 (80 分) 产出指标 (60 分) 效益指标 (40 分) 总分 质量指标 农户收入有 "
    "所提高 有利于绿色 发展 10 10 80 —1— 单位主要负责人 签批意见\n"
)


def _num(val: Val | None) -> Decimal | None:
    return val.num if val is not None else None


def _evaluation(text: str, name: str) -> Evaluation:
    dossier = load_text(text, name)
    assert len(dossier.evaluations) == 1
    return dossier.evaluations[0]


def test_a_budget_header_written_with_its_letters_makes_the_line_flat() -> None:
    assert _flattened(WRAPPED.splitlines())
    prose = "说明 " * 40 + "预算数为调整后财政资金总额, 执行数为资金使用单位财政资金实际支出数。"
    assert not _flattened([prose])  # the words without their letters and figures: prose


def test_a_header_word_and_its_bracketed_points_cut_by_spaces_are_one_cell() -> None:
    keys = [t.key for t in _flat_tokens(["预算数 (A) 执行数(B) 执行率(B/A) 得分 (20 分*执行率) 120.50"])]
    assert "得分(20分*执行率)" in keys
    assert "(20" not in keys


def test_wrapped_cells_are_read_into_rows_and_the_late_rows_finished_after_the_total() -> None:
    grid = read_text_layout(WRAPPED, "nongye.txt")
    assert grid is not None
    table = next(b for b in grid.blocks if isinstance(b, GridTable))
    rows = [[c.text for c in row] for row in table.rows]
    assert ["", "", "开展农产品质量安全抽 检批次", "150", "156", "20"] in rows
    assert ["", "", "农技推广覆盖面广", "覆盖全部行 政村", "全部行政村 已覆盖", "20"] in rows
    assert ["", "", "带动农户增收方面发挥 的作用", "带动作用明 显", "农户收入有 所提高", "10"] in rows
    assert ["", "", "推动农业绿色发展方面 的作用", "是否有利于 绿色发展", "有利于绿色 发展", "10"] in rows
    assert ["", "总分", "", "", "", "80"] in rows


def test_the_wrapped_form_reads_as_a_reviewer_reads_it() -> None:
    evaluation = _evaluation(WRAPPED, "nongye.txt")
    budget = evaluation.budget
    assert budget is not None and budget.total is not None
    assert _num(budget.total.adjusted) == Decimal("120.50")
    assert _num(budget.total.executed) == Decimal("120.50")
    assert _num(budget.score) == Decimal("20")
    names = [(i.name.replace(" ", ""), _num(i.score)) for i in evaluation.indicators]
    assert names == [
        ("培训农技人员(人次)", Decimal("20")),
        ("开展农产品质量安全抽检批次", Decimal("20")),
        ("农技推广覆盖面广", Decimal("20")),
        ("带动农户增收方面发挥的作用", Decimal("10")),
        ("推动农业绿色发展方面的作用", Decimal("10")),
    ]
    assert _num(evaluation.declared_total) == Decimal("80")


def _tokens(text: str) -> list[Token]:
    return [Token(piece, 1) for piece in text.split()]


def test_a_row_whose_cut_is_not_certain_leaves_the_block_unread() -> None:
    header = _tokens("三级指标 年初目标值 实际完成值 得分")
    # no row whose figures fill every value column: the name column's width is not known, and
    # ``质量提升 获得好评`` may be a name and a target or one wrapped name
    block = _tokens("服务质量 提升 获得好评 评价较好 10 服务效率 及时 及时 10")
    assert _wrapped_rows(header, block, None, []) is None
    # with a row that shows the name column wraps at four characters, the first row is certain
    block = _tokens("服务质量 提升 获得好评 评价较好 10 开展培训 次数 12次 12次 10")
    rows = _wrapped_rows(header, block, None, [])
    assert rows is not None
    assert [t.text for t in rows[0][1]] == ["", "服务质量 提升", "获得好评", "评价较好", "10"]


def test_figures_after_the_total_that_are_not_the_open_rows_points_leave_the_block_unread() -> None:
    header = _tokens("三级指标 年初目标值 实际完成值 得分")
    block = _tokens("培训人员数量统 计 300 320 20 培训合格率 95% 98% 20 带动增收 明显 二级指标")
    closing = Token("总分", 1)
    # one open row, but three figures after 总分: one more than its points and the 总分's
    assert _wrapped_rows(header, block, closing, _tokens("增收较多 10 10 80")) is None
    rows = _wrapped_rows(header, block, closing, _tokens("增收较多 10 80"))
    assert rows is not None
    read, taken = rows
    assert [t.text for t in read[-2]] == ["", "", "带动增收", "明显", "增收较多", "10"]
    assert [t.text for t in read[-1]] == ["", "总分", "", "", "", "80"]
    assert taken == 3
