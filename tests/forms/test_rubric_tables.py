"""评分表 (rubric) tables: a score sheet (指标 / 权重 / 评分结果, no 指标值 / 实际完成值) read as an
evaluation, from a grid (``jixiao.forms.generic.rubric``) and from flat text
(``jixiao.ingest.textlayout.rubric``)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit.run import audit_dossier
from jixiao.forms.generic import detect, read
from jixiao.forms.generic.rubric import is_rubric
from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout import read_text_layout
from jixiao.ingest.textlayout.rubric import rubric_blocks
from jixiao.model.dossier import Evaluation
from jixiao.model.grid import GridCell, GridTable


def _rows(evaluation: Evaluation) -> list[tuple[str, str, Decimal | None, Decimal | None]]:
    return [
        (
            i.level1,
            i.name.replace(" ", ""),
            i.weight.num if i.weight else None,
            i.score.num if i.score else None,
        )
        for i in evaluation.indicators
    ]


FLAT = (
    "网页转载 第1页 / 共2页\n\n"
    "2020 年度区级财政支出项目绩效评价评分表 项目名称 社区绿化 养护经费 单位 某区园林管理处 "
    "内容 指标 权重 评分结果 备注 投入 预算执行率 10.00 8.00 资金到位率 10.00 10.00 "
    "产出 新增绿化点位 30.00 24.00 目标值 5 个,完成值 4 个 养护质量 达标 率 20.00 20.00 "
    "效益 群众满意度 30.00 27.00 合计 100.00 89.00\n"
)


def test_flat_rubric_rows_are_cut_per_indicator() -> None:
    dossier = load_text(FLAT, "评分表.txt")
    assert len(dossier.evaluations) == 1
    evaluation = dossier.evaluations[0]
    assert evaluation.name is not None and evaluation.name.text == "社区绿化 养护经费"
    assert _rows(evaluation) == [
        ("投入", "预算执行率", Decimal("10.00"), Decimal("8.00")),
        ("投入", "资金到位率", Decimal("10.00"), Decimal("10.00")),
        ("产出", "新增绿化点位", Decimal("30.00"), Decimal("24.00")),
        ("产出", "养护质量达标率", Decimal("20.00"), Decimal("20.00")),  # the remark's 个 is its figure's
        ("效益", "群众满意度", Decimal("30.00"), Decimal("27.00")),
    ]
    remark = evaluation.indicators[2].deviation
    assert remark is not None and remark.text == "目标值 5 个,完成值 4 个"
    assert evaluation.declared_points is not None and evaluation.declared_points.num == Decimal("100.00")
    assert evaluation.declared_total is not None and evaluation.declared_total.num == Decimal("89.00")


def test_flat_rubric_audit_asks_for_no_indicator_values() -> None:
    """A 评分表 has no 指标值 / 实际完成值 columns: C003 has nothing to miss; the sums agree."""
    audit = audit_dossier(load_text(FLAT, "评分表.txt"))
    codes = {f.code for f in audit.findings if f.outcome == "finding"}
    assert "C003" not in codes
    assert not {f.code for f in audit.findings if f.outcome == "finding" and f.severity == "error"}


def test_two_rubrics_in_one_line_each_with_its_head() -> None:
    second = FLAT.replace("社区绿化 养护经费", "河道保洁经费").replace("网页转载 第1页 / 共2页\n\n", "")
    dossier = load_text(FLAT.rstrip("\n") + " " + second, "评分表.txt")
    names = [e.name.text if e.name else None for e in dossier.evaluations]
    assert names == ["社区绿化 养护经费", "河道保洁经费"]


def test_preview_chunks_are_joined_where_the_site_cut_them() -> None:
    """A sharing site's preview cut into ``1、`` ``2、`` chunks in the middle of a figure: joined back."""
    head = "项目名称 道路保洁经费 内容 指标 权重 评分结果 备注 投入 预算执行率 10.00 9.00 "
    rows = " ".join(f"指标甲{k} 5.00 5.00" for k in range(12))
    text = f"资源描述\n\n1、{head}{rows} 资产管理规范性 10.00 8\n\n2、.50 合计 80.00 77.50\n"
    blocks = rubric_blocks(text.splitlines())
    assert blocks is not None
    evaluation = load_text(text, "p.txt").evaluations[0]
    assert evaluation.indicators[-1].score is not None and evaluation.indicators[-1].score.text == "8.50"
    assert evaluation.declared_total is not None and evaluation.declared_total.text == "77.50"


def test_short_numbered_lines_are_not_preview_chunks() -> None:
    text = (
        "内容 指标 权重 评分结果 投入 预算执行率 10 9 资金到位率 10 10 合计 20 19\n"
        "1、资金已全部拨付\n2、项目按期完工\n"
    )
    grid = read_text_layout(text, "n.txt")
    assert grid is not None
    assert [b.text for b in grid.blocks if not isinstance(b, GridTable)] == [
        "1、资金已全部拨付",
        "2、项目按期完工",
    ]


def test_a_header_with_indicator_values_is_no_rubric() -> None:
    text = "指标 分值 得分 年度指标值 实际完成值 投入 预算执行率 10 9 95% 90% 资金到位率 10 10 1 1\n"
    assert rubric_blocks(text.splitlines()) is None


def test_a_standard_between_the_name_and_the_figures_is_left_unread() -> None:
    text = "内容 指标 扣分说明 权重 评分结果 投入 预算执行率 未达标 10 9 资金到位率 全部到位 10 10\n"
    assert rubric_blocks(text.splitlines()) is None


def _grid(rows: list[list[str]]) -> GridTable:
    return GridTable(index=1, rows=tuple(tuple(GridCell(t) for t in row) for row in rows))


def test_grid_rubric_read_with_its_headings_carried_down() -> None:
    table = _grid(
        [
            ["项目名称", "农村公路养护", "", ""],
            ["一级指标", "三级指标", "分值", "得分", "备注"],
            ["决策", "立项依据充分性", "5", "5", ""],
            ["", "绩效目标合理性", "5", "4", "目标未细化"],
            ["产出", "养护里程", "40", "40", ""],
            ["总分", "", "50", "49", ""],
        ]
    )
    assert is_rubric(table) and detect(table)
    evaluation = read("t.docx", table, "")
    assert isinstance(evaluation, Evaluation)
    assert _rows(evaluation) == [
        ("决策", "立项依据充分性", Decimal(5), Decimal(5)),
        ("决策", "绩效目标合理性", Decimal(5), Decimal(4)),
        ("产出", "养护里程", Decimal(40), Decimal(40)),
    ]
    assert evaluation.declared_total is not None and evaluation.declared_total.num == Decimal(49)


def test_rubric_writing_its_standards_is_read_by_its_columns() -> None:
    """A 评分表 with a 评分标准 column no province claims: 分值 and 得分 are taken from their columns,
    never from the figures the standard writes (``扣1分``, ``计5分``)."""
    table = _grid(
        [
            ["一级指标", "二级指标", "三级指标", "分值", "评价标准", "自评得分"],
            ["投入", "预算配置", "人员控制率", "5", "≤100%计5分,每超1%扣1分", "4"],
            ["", "", "三公经费变动率", "5", "≤0计5分", "5"],
            ["合计", "", "", "10", "", "9"],
        ]
    )
    assert is_rubric(table) and detect(table)
    evaluation = read("t.docx", table, "")
    assert isinstance(evaluation, Evaluation)
    assert _rows(evaluation) == [
        ("投入", "人员控制率", Decimal(5), Decimal(4)),
        ("投入", "三公经费变动率", Decimal(5), Decimal(5)),
    ]
    assert evaluation.declared_total is not None and evaluation.declared_total.num == Decimal(9)


def test_rubric_a_province_reads_is_its_own() -> None:
    """Families are asked in order, the generic one last: a 评分表 Yueyang's reader claims stays a
    ``Rubric``, not an evaluation."""
    from jixiao.forms.registry import forms_for_grid

    table = _grid(
        [
            ["一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分"],
            ["投入", "预算配置", "人员控制率", "≤100%计5分", "5", "5"],
            ["", "", "三公经费变动率", "≤0计5分", "5", "5"],
        ]
    )
    first = next(f for f in forms_for_grid() if f.detect is not None and f.detect(table))
    assert first.kind == "rubric" and first.family != "generic"


def test_header_wrapped_over_rows_is_read_as_a_stream_of_cells() -> None:
    """A page that cut every wrapped cell onto its own line: the header over three rows, each row
    spread over several. Rows are cut by their 序号 and read in the header's order; a row the page
    cuts before its 得分 is left out."""
    table = _grid(
        [
            ["单位", ""],
            ["序号", "一级 指标"],
            ["二级 指标", "三级 指标"],
            ["指标分值", "指标解释", "评分标准", "自评得分"],
            ["1", "决策 (10分)"],
            ["目标设定 (10分)", "目标 合理性", "6", "目标是否合理。", "每发现一处不合理扣2分"],
            ["4"],
            ["2", "目标 明确性", "4", "是否细化量化。", "细化、量化得4分", "4"],
            ["3", "过程 (5分)", "资金管理 (5分)", "资金 到位率", "5", "到位资金/预算资金。"],
        ]
    )
    assert is_rubric(table) and detect(table)
    evaluation = read("t.txt", table, "")
    assert isinstance(evaluation, Evaluation)
    assert _rows(evaluation) == [
        ("决策(10分)", "目标合理性", Decimal(6), Decimal(4)),
        ("决策(10分)", "目标明确性", Decimal(4), Decimal(4)),
    ]
    assert [i.level2 for i in evaluation.indicators] == ["目标设定(10分)", "目标设定(10分)"]
    assert evaluation.declared_total is None


RUNON = (
    "某县交通运输局项目绩效评价报告。评价结论:项目总体得分92分。2020年项目支出绩效评分表"
    "一级指标二级指标三级指标分值评价标准(每项扣分不超过分值)得分(20分)项目决策(10分)项目立项"
    "立项依据充分性6立项符合政策规定得6分,每发现一处不符扣1分6规范性4程序规范,资料齐全计4分,"
    "缺一项扣0.5分3(10)绩效目标合理性5目标设定合理5明确性5目标细化量化,"
    "未量化扣2分3(10分)项目管理(7分)资金管理资金到位率3到位资金"
)


def test_runon_rubric_places_points_after_the_standard() -> None:
    """A rubric run together without spaces: each row is read as lead, 分值, standard, 得分 — the
    figures the standards write (``得6分``, ``扣1分``, ``扣0.5分``) stay in their text. The row the text
    cuts before its 得分 is left out, and the 总分 the narrative writes is no declared total."""
    blocks = rubric_blocks([RUNON])
    assert blocks is not None
    evaluation = load_text(RUNON + "\n", "runon.txt").evaluations[0]
    read = [
        (i.level1, i.level2, *row[1:])
        for i, row in zip(evaluation.indicators, _rows(evaluation), strict=True)
    ]
    assert read == [
        ("项目决策", "项目立项", "立项依据充分性", Decimal(6), Decimal(6)),
        ("项目决策", "项目立项", "规范性", Decimal(4), Decimal(3)),
        ("项目决策", "绩效目标", "合理性", Decimal(5), Decimal(5)),
        ("项目决策", "绩效目标", "明确性", Decimal(5), Decimal(3)),
    ]
    standard = evaluation.indicators[0].deviation
    assert standard is not None and standard.text == "立项符合政策规定得6分,每发现一处不符扣1分"
    assert evaluation.declared_total is None and evaluation.declared_points is None
    audit = audit_dossier(load_text(RUNON + "\n", "runon.txt"))
    assert not {f.code for f in audit.findings if f.outcome == "finding"} & {"A006", "S003"}


def test_runon_rubric_row_scoring_above_its_points_ends_the_table() -> None:
    """Where the bare figures would give a 得分 above its 分值 the pairing is not certain: the table ends."""
    text = (
        "一级指标二级指标三级指标分值评价标准得分决策(10分)合理性5合理5明确性5细化量化5及时性2按时完成9完成"
    )
    evaluation = load_text(text + "\n", "r.txt").evaluations[0]
    assert [row[1] for row in _rows(evaluation)] == ["合理性", "明确性"]
