"""An indicator header written over two or three rows, the detailed row last: ``绩效指标 | 年度指标值 |
实际完成值 | 分值 | 得分 | 偏差…`` over ``一级指标`` over ``二级指标 | 三级指标 | 指标性质 | 指标值 |
度量单位`` (Yunnan's 公开表). The rows above the detailed one name what it lacks: 一级指标 goes before
its levels, 实际完成值 / 分值 / 得分 after its columns (年度指标值 is the group its 指标性质 | 指标值 |
度量单位 detail). A reviewer reads each row's 分值 and 得分 under those headings; so must the reader.
Grids written here, small and synthetic (a text layout's grid: no merged cells, each row as written).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.forms.generic.reader import read
from jixiao.model.dossier import Evaluation
from jixiao.model.grid import GridCell, GridTable

HEAD = [
    ["项目支出绩效自评表(2023年度)"],
    ["项目名称", "卫片执法补助经费"],
    ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "7.29", "7.29", "7.29", "10", "100%", "10"],
    ["年度总体目标", "预期目标", "实际完成情况"],
    ["完成卫片执法", "已完成"],
]
HEADER = [
    ["绩效指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["一级指标"],
    ["二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
]
ROWS = [
    ["产出指标", "数量指标", "核查图斑数", "﹦", "120", "个", "120", "40", "40"],
    ["质量指标", "验收合格率", "≥", "95", "%", "96", "30", "30"],
    ["效益指标", "社会效益指标", "违法行为制止率", "≥", "90", "%", "92", "10", "9"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "95", "10", "10"],
    ["总分", "100", "99"],
]


def grid(rows: list[list[str]]) -> GridTable:
    return GridTable(index=1, rows=tuple(tuple(GridCell(text=c) for c in row) for row in rows))


def evaluation(rows: list[list[str]]) -> Evaluation:
    result = read("t.txt", grid(rows))
    assert result is not None
    return result


def test_each_row_reads_its_weight_score_and_actual_under_the_header_above() -> None:
    found = evaluation(HEAD + HEADER + ROWS)
    rows = [
        (
            i.level1,
            i.level2,
            i.name,
            i.target.text if i.target else None,
            i.actual.text if i.actual else None,
            i.weight.num if i.weight else None,
            i.score.num if i.score else None,
        )
        for i in found.indicators
    ]
    assert rows == [
        ("产出指标", "数量指标", "核查图斑数", "=120个", "120个", 40, 40),
        ("产出指标", "质量指标", "验收合格率", "≥95%", "96%", 30, 30),
        ("效益指标", "社会效益指标", "违法行为制止率", "≥90%", "92%", 10, 9),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10),
    ]
    assert found.declared_points is not None and found.declared_points.num == 100
    assert found.declared_total is not None and found.declared_total.num == 99


def test_the_budget_block_above_the_header_is_still_read() -> None:
    found = evaluation(HEAD + HEADER + ROWS)
    assert found.budget is not None
    total = found.budget.total
    assert [v.num if v else None for v in (total.initial, total.adjusted, total.executed)] == [
        Decimal("7.29")
    ] * 3
    assert found.budget.score is not None and found.budget.score.num == 10
    assert found.budget.rate is not None and found.budget.rate.num == 100


def test_a_row_of_other_words_above_the_header_is_not_taken_for_its_beginning() -> None:
    # the detailed header alone, with 实际完成值 | 分值 | 得分 of its own; the line above is a sentence
    header = [
        ["绩效指标完成情况说明：各项指标均已完成"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ]
    rows = [["产出指标", "数量指标", "核查图斑数", "120个", "118个", "40", "39"], ["总分", "100", "99"]]
    (row,) = evaluation(HEAD + header + rows).indicators
    assert row.target is not None and row.target.text == "120个"
    assert row.actual is not None and row.actual.text == "118个"
    assert (row.weight and row.weight.num, row.score and row.score.num) == (40, 39)


def test_a_row_above_whose_order_is_not_written_is_not_merged() -> None:
    # 分值 written before the 指标值 the detailed row has: where it goes among the columns is unknown,
    # so the header stays the detailed row alone (no 分值 read rather than one read from a wrong cell)
    header = [["分值", "指标值"], ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"]]
    rows = [["产出指标", "数量指标", "核查图斑数", "120个", "118个"]]
    (row,) = evaluation(HEAD + header + rows).indicators
    assert row.weight is None


LEVEL2 = ("数量指标", "质量指标", "时效指标")  # 二级 under 产出指标 (成本指标 is a 一级 in some years)
SIGNS = {"﹦": "=", "=": "=", "≥": "≥", "≤": "≤"}


@st.composite
def indicator_rows(draw: st.DrawFn) -> list[tuple[str, str, int, str, int, int, int]]:
    count = draw(st.integers(min_value=1, max_value=len(LEVEL2)))
    rows = []
    for k in range(count):
        weight = draw(st.integers(min_value=1, max_value=30))
        rows.append(
            (
                LEVEL2[k],
                draw(st.sampled_from(sorted(SIGNS))),
                draw(st.integers(min_value=1, max_value=5000)),
                draw(st.sampled_from(["个", "%", "次", "户"])),
                draw(st.integers(min_value=0, max_value=5000)),
                weight,
                draw(st.integers(min_value=0, max_value=weight)),
            )
        )
    return rows


@settings(max_examples=40, deadline=None)
@given(indicator_rows())
def test_any_rows_under_a_header_begun_above_read_as_written(
    rows: list[tuple[str, str, int, str, int, int, int]],
) -> None:
    written = []
    for k, (level2, sign, target, unit, actual, weight, score) in enumerate(rows):
        first = ["产出指标"] if k == 0 else []
        written.append(
            [
                *first,
                level2,
                f"指标{'甲乙丙丁'[k]}完成情况",
                sign,
                str(target),
                unit,
                str(actual),
                str(weight),
                str(score),
            ]
        )
    found = evaluation(HEAD + HEADER + written)
    assert len(found.indicators) == len(rows)
    for indicator, (level2, sign, target, unit, actual, weight, score) in zip(
        found.indicators, rows, strict=True
    ):
        assert indicator.level1 == "产出指标"
        assert indicator.level2 == level2
        assert indicator.target is not None and indicator.target.text == f"{SIGNS[sign]}{target}{unit}"
        assert indicator.actual is not None and indicator.actual.text == f"{actual}{unit}"
        assert indicator.weight is not None and indicator.weight.num == Decimal(weight)
        assert indicator.score is not None and indicator.score.num == Decimal(score)


def test_value_columns_sharing_nothing_with_the_header_are_not_placed() -> None:
    # 偏差原因 over a detailed row it shares no column with: where it goes is not written, so the
    # header is not merged with it (a reviewer would rather see no 偏差原因 than 92 read as one)
    header = [
        ["绩效指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["一级指标", "偏差原因分析及改进措施"],
        ["二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
    ]
    rows = [["产出指标", "质量指标", "验收合格率", "≥", "95", "%", "92", "50%", "30"]]
    (row,) = evaluation(HEAD + header + rows).indicators
    assert row.name == "验收合格率"
    assert row.deviation is None or row.deviation.text != "92"
    assert row.actual is None or row.actual.text != "50%"
