"""A 指标性质 column holding the target's sign: the target reads as the form states it, sign, value and
度量单位 together (``≥`` ``95`` ``%`` is ``≥95%``). ``﹦`` (the small equals sign a converted page
writes) is an equals sign: ``=120个``, which the scorer reads as an 等于 target, not as a number with
words before it. Grids written here, small and synthetic."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.forms.generic.reader import read
from jixiao.model.grid import GridCell, GridTable
from jixiao.score.scorer import parse_text
from jixiao.values import Comparator

HEAD = [
    ["项目支出绩效自评表(2023年度)"],
    ["项目名称", "卫片执法补助经费"],
    ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "7.29", "7.29", "7.29", "10", "100%", "10"],
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分"],
]
SIGNS = {
    "﹦": ("=", Comparator.EQ),
    "=": ("=", Comparator.EQ),
    "≥": ("≥", Comparator.GE),
    "≤": ("≤", Comparator.LE),
}


def target_of(sign: str, value: int, unit: str) -> str:
    rows = [*HEAD, ["产出指标", "数量指标", "核查图斑数", sign, str(value), unit, str(value), "90", "90"]]
    evaluation = read(
        "t.txt", GridTable(index=1, rows=tuple(tuple(GridCell(text=c) for c in r) for r in rows))
    )
    assert evaluation is not None
    (row,) = evaluation.indicators
    assert row.target is not None
    return row.target.text


def test_the_small_equals_sign_is_an_equals_target() -> None:
    text = target_of("﹦", 120, "个")
    assert text == "=120个"
    parsed = parse_text(text)
    assert parsed.comparator == Comparator.EQ and parsed.explicit_comparator and not parsed.notes


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(sorted(SIGNS)),
    st.integers(min_value=1, max_value=100000),
    st.sampled_from(["个", "%", "次"]),
)
def test_any_sign_value_and_unit_read_as_one_target(sign: str, value: int, unit: str) -> None:
    written, comparator = SIGNS[sign]
    text = target_of(sign, value, unit)
    assert text == f"{written}{value}{unit}"
    assert parse_text(text).comparator == comparator
