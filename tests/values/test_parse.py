"""Reading 年度指标值 / 实际完成值: every form met in the documents, the edge cases, and invariants."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.values import Comparator, ParsedValue, ValueKind, parse_value

D = Decimal
K = ValueKind
GE, GT, LE, LT, EQ = Comparator.GE, Comparator.GT, Comparator.LE, Comparator.LT, Comparator.EQ


def case(
    text: str,
    kind: ValueKind,
    comparator: Comparator | None = None,
    number: str | None = None,
    unit: str | None = None,
    **fields: Any,
) -> Any:
    """One row: the text and what its reading must hold (``fields`` are further ``ParsedValue`` fields)."""
    expected = {"kind": kind, "comparator": comparator, "number": D(number) if number else None, "unit": unit}
    return pytest.param(text, expected | fields, id=text.replace("\n", "⏎") or "(empty)")


# Every target and actual quoted from the documents, and the written forms the rules documents list.
REAL = [
    case("6000人", K.NUMBER, EQ, "6000", "人", explicit_comparator=False),
    case("≥100人", K.NUMBER, GE, "100", "人", explicit_comparator=True),
    case("374人", K.NUMBER, EQ, "374", "人"),
    case("≥5500份", K.NUMBER, GE, "5500", "份"),
    case("5500份", K.NUMBER, EQ, "5500", "份"),
    case("≥0起", K.NUMBER, GE, "0", "起"),
    case("509起", K.NUMBER, EQ, "509", "起"),
    case("100%", K.NUMBER, EQ, "100", "%", explicit_comparator=False),
    case("90%以上", K.NUMBER, GE, "90", "%", explicit_comparator=True),
    case("98%", K.NUMBER, EQ, "98", "%"),
    case("99%", K.NUMBER, EQ, "99", "%"),
    case("≤55%", K.NUMBER, LE, "55", "%"),
    case("≤4.5%", K.NUMBER, LE, "4.5", "%"),
    case("≤3.5%", K.NUMBER, LE, "3.5", "%", explicit_comparator=True),
    case("≤30天内", K.DURATION, LE, "30", "天", days=30, months=None),
    case("不超过预算投入", K.TEXT),
    case("1034.36万元", K.NUMBER, EQ, "1034.36", "万元"),
    case("有效促进", K.QUALITATIVE, measurable=False, grade=None),
    case("有效保障", K.QUALITATIVE, measurable=False),
    case("≥95%", K.NUMBER, GE, "95", "%"),
    case("≥5000份", K.NUMBER, GE, "5000", "份"),
    case("12个月", K.DURATION, EQ, "12", "月", months=12, days=None, explicit_comparator=False),
    case("≤57万元", K.NUMBER, LE, "57", "万元"),
    case("47.96万元", K.NUMBER, EQ, "47.96", "万元"),
    case("≤5万元 ", K.NUMBER, LE, "5", "万元"),
    case("5万元 ", K.NUMBER, EQ, "5", "万元"),
    case("正常运转", K.QUALITATIVE, measurable=True, grade=None),
    case("4012平方米", K.NUMBER, EQ, "4012", "平方米"),
    case("55件", K.NUMBER, EQ, "55", "件"),
    case("30天内完成", K.DURATION, LE, "30", "天", days=30, explicit_comparator=True),
    case("≤101万元", K.NUMBER, LE, "101", "万元"),
    case("101万元", K.NUMBER, EQ, "101", "万元"),
    case("无挪用\n专项专用", K.TEXT, measurable=True),
    case("2023年内", K.DEADLINE, LE, deadline=(2023, 12, 31)),
    case("三区两通道", K.TEXT),
    case("15天", K.DURATION, EQ, "15", "天", days=15, explicit_comparator=False),
    case("≤62.64万元", K.NUMBER, LE, "62.64", "万元"),
    case("2023年内完成", K.DEADLINE, LE, deadline=(2023, 12, 31)),
    case("12月31日\n前完成", K.DEADLINE, LE, deadline=(None, 12, 31), explicit_comparator=True),
    case("≤12万元", K.NUMBER, LE, "12", "万元"),
    case("11.04万", K.NUMBER, EQ, "110400", None, scale="万"),
    case("60天内", K.DURATION, LE, "60", "天", days=60, explicit_comparator=True),
    case("全面落实", K.QUALITATIVE, measurable=True),
    case("\u300037", K.NUMBER, EQ, "37", None, scale=None),
    case("\u300065", K.NUMBER, EQ, "65", None),
    case("\u3000≤4.5%", K.NUMBER, LE, "4.5", "%"),
    case("4.5%\u3000", K.NUMBER, EQ, "4.5", "%"),
    case("2020年底前", K.DEADLINE, LE, deadline=(2020, 12, 31)),
    case("≧95%", K.NUMBER, GE, "95", "%", explicit_comparator=True),
    case("\u300095%\u3000", K.NUMBER, EQ, "95", "%"),
    case("400元/人/月", K.NUMBER, EQ, "400", "元/人/月"),
    case("4（985/211院校3人）", K.NUMBER, EQ, "4", None, notes=("括号内说明已忽略",)),
    case("8月", K.DEADLINE, EQ, deadline=(None, 8, None), explicit_comparator=False),
    case("10月", K.DEADLINE, EQ, deadline=(None, 10, None)),
    case("1225.54万\u3000\u3000", K.NUMBER, EQ, "12255400", None, scale="万"),
    case("\u30001225.54万", K.NUMBER, EQ, "12255400", None, scale="万"),
    case("按时办结", K.QUALITATIVE, grade=None, measurable=True),
    case("计划标准", K.TEXT),
    case("管理规范", K.QUALITATIVE, grade=None),
    case("≤28万", K.NUMBER, LE, "280000", None, scale="万"),
    case("进一步提升", K.QUALITATIVE, measurable=False),
    case("各项支出不超出预算安排", K.TEXT),
    case("城镇调查失业率在5.5%以内", K.NUMBER, LE, "5.5", "%", notes=("数字前有说明文字",)),
    case("5.2%", K.NUMBER, EQ, "5.2", "%"),
    case("城镇新增就业5.9万人", K.NUMBER, EQ, "59000", "人", scale=None, notes=("数字前有说明文字",)),
    case("6.45万人", K.NUMBER, EQ, "64500", "人", scale=None),
    case("年内新发放创业担保贷款2亿元以上", K.NUMBER, GE, "20000", "万元", notes=("数字前有说明文字",)),
    case("3.53亿元", K.NUMBER, EQ, "35300", "万元", scale=None),
    case("结案率达99 %以上", K.NUMBER, GE, "99", "%", explicit_comparator=True, notes=("数字前有说明文字",)),
    case("服务对象满意率达到95%以上", K.NUMBER, GE, "95", "%", notes=("数字前有说明文字",)),
    case("达成预期指标", K.QUALITATIVE, grade="达成"),
    case("部分达成", K.QUALITATIVE, grade="部分达成"),
    case("未完成", K.QUALITATIVE, grade="未达成"),
    case("按期", K.QUALITATIVE, grade=None),
    case("每月月底前", K.DEADLINE, LE, deadline=(None, None, 31)),
    case("12月31日前", K.DEADLINE, LE, deadline=(None, 12, 31)),
    case("90%-95%", K.RANGE, None, "90", "%", upper=D(95)),
    case("90%~95%", K.RANGE, None, "90", "%", upper=D(95)),
    case("1,200人", K.NUMBER, EQ, "1200", "人"),
    case("W100%", K.NUMBER, EQ, "100", "%", explicit_comparator=False, notes=("OCR 残字 W 已忽略",)),
    case("=0", K.NUMBER, EQ, "0", None, explicit_comparator=True),
    case("0起", K.NUMBER, EQ, "0", "起", explicit_comparator=False),
    case("无", K.NUMBER, EQ, "0", None, notes=("“无”读作 0",)),
]

# Further forms: the rules documents' catalogue and what the seed documents hold besides.
MORE = [
    case("", K.EMPTY),
    case("　\n\t ", K.EMPTY),
    case("—", K.EMPTY, notes=("仅有占位符号",)),
    case("有效提升", K.QUALITATIVE, measurable=False),
    case("年底前", K.DEADLINE, LE, deadline=(None, 12, 31)),
    case("12月底前", K.DEADLINE, LE, deadline=(None, 12, 31)),
    case("11月", K.DEADLINE, EQ, deadline=(None, 11, None)),
    case("次年3月", K.DEADLINE, EQ, deadline=(None, 3, None), year_offset=1),
    case("2023-06-30前", K.DEADLINE, LE, deadline=(2023, 6, 30)),
    case("上半年", K.DEADLINE, EQ, deadline=(None, 6, 30)),
    case("第三季度末", K.DEADLINE, EQ, deadline=(None, 9, 30)),
    case("计划于10月底前完成", K.DEADLINE, LE, deadline=(None, 10, 31)),
    case("完成时间为2023年6月", K.DEADLINE, EQ, deadline=(2023, 6, None), notes=("日期前后有说明文字",)),
    case("２０２３年１２月３１日前", K.DEADLINE, LE, deadline=(2023, 12, 31)),
    case("≤15个工作日", K.DURATION, LE, "15", "工作日", days=15),
    case("2周内", K.DURATION, LE, "2", "周", days=14),
    case("3年", K.DURATION, EQ, "3", "年", months=36),
    case("1-2个月", K.RANGE, None, "1", "月", upper=D(2)),
    case("90-95%", K.RANGE, None, "90", "%", upper=D(95)),
    case("95%至90%", K.RANGE, None, "90", "%", upper=D(95), notes=("区间上下限颠倒，已调换",)),
    case("5000元", K.NUMBER, EQ, "0.5", "万元"),
    case("1,234,567.5元", K.NUMBER, EQ, "123.45675", "万元"),
    case("30千元", K.NUMBER, EQ, "3", "万元"),
    case("2亿", K.NUMBER, EQ, "200000000", None, scale="亿"),
    case("５００万元以下", K.NUMBER, LE, "500", "万元"),
    case("不低于９５％", K.NUMBER, GE, "95", "%"),
    case("不少于3个", K.NUMBER, GE, "3", "个"),
    case("超过50家", K.NUMBER, GT, "50", "家"),
    case("低于3‰", K.NUMBER, LT, "3", "‰"),
    case("< 5起", K.NUMBER, LT, "5", "起"),
    case("控制在5.5%以内", K.NUMBER, LE, "5.5", "%"),
    case("至少2次", K.NUMBER, GE, "2", "次"),
    case("100余人", K.NUMBER, GE, "100", "人", notes=("约数（余/多）按不少于读",)),
    case("220 人左右", K.NUMBER, EQ, "220", "人", notes=("约数（左右）",)),
    case("5人次以上", K.NUMBER, GE, "5", "人次"),
    case("提高2个百分点", K.NUMBER, EQ, "2", "百分点"),
    case("百分之九十五", K.TEXT),  # Chinese numerals are not read
    case("百分之95", K.NUMBER, EQ, "95", "%"),
    case("≥-5%", K.NUMBER, GE, "-5", "%"),
    case("100%完成", K.NUMBER, EQ, "100", "%", notes=()),
    case("指标3：强化人才支撑", K.TEXT, notes=("行首序号已忽略",)),
    case("指标2：城镇调查失业率在5.5%以内", K.NUMBER, LE, "5.5", "%"),
    case("2023年完成100户", K.NUMBER, EQ, "100", "户", notes=("多个数字，取最后一个", "数字前有说明文字")),
    case("已完成", K.QUALITATIVE, grade="达成"),
    case("全面完成", K.QUALITATIVE, grade="达成"),
    case("基本完成", K.QUALITATIVE, grade="部分达成"),
    case("未达成", K.QUALITATIVE, grade="未达成"),
    case("明显改善", K.QUALITATIVE, measurable=False),
]


@pytest.mark.parametrize(("text", "expected"), REAL + MORE)
def test_reading(text: str, expected: dict[str, Any]) -> None:
    value = parse_value(text)
    assert value.text == text
    got = {field: getattr(value, field) for field in expected}
    assert got == expected, value


def test_none_is_empty() -> None:
    assert parse_value(None) == ParsedValue(text="", kind=ValueKind.EMPTY)


def test_several_numbers_take_the_last_with_a_note() -> None:
    value = parse_value("省厅要求结案率 90%，调解率 60%")
    assert (value.number, value.unit) == (D(60), "%")
    assert "多个数字，取最后一个" in value.notes


def test_list_numbers_at_line_starts_are_not_values() -> None:
    value = parse_value("1、 离休老干护理人次：8人次。\n2、 配偶生活补助人次：4人次")
    assert (value.number, value.unit) == (D(4), "人次")
    assert value.notes[0] == "行首序号已忽略"


def test_a_reading_encodes_to_json_with_exact_decimals() -> None:
    value = parse_value("≤62.64万元")
    assert msgspec.json.decode(msgspec.json.encode(value), type=ParsedValue) == value


# ---------------------------------------------------------------------------------- properties


def _assert_sound(text: str) -> None:
    value = parse_value(text)
    assert value.text == text
    assert not any(note.startswith("解析异常") for note in value.notes), value.notes
    if value.kind in (ValueKind.NUMBER, ValueKind.DURATION, ValueKind.RANGE):
        assert value.number is not None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_read_without_error_and_kept(text: str) -> None:
    _assert_sound(text)


# Text made of the pieces the grammar looks for, so that odd combinations of them are tried.
_PIECES = st.sampled_from(
    [
        *"0123456789.,%-~/()（）万亿元年月日天前内底末次个人≥≤<>=＞＜Ww ",
        "以上",
        "以下",
        "不低于",
        "每月",
        "季度",
        "百分之",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_grammar_pieces_are_read_without_error(text: str) -> None:
    _assert_sound(text)


_FULL_WIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")
_FORMS = {
    GE: ["≥{n}", ">={n}", "≧{n}", "不低于{n}", "不少于{n}", "{n}以上", "{n}及以上", "达到{n}以上"],
    LE: ["≤{n}", "<={n}", "不超过{n}", "不高于{n}", "{n}以下", "{n}以内", "控制在{n}以内"],
    GT: [">{n}", "超过{n}"],
    LT: ["<{n}", "低于{n}"],
    EQ: ["{n}", "={n}"],
}
_COUNT_UNITS = ["人", "人次", "件", "起", "个", "份", "家", "户", "名", "期", "项", "次", "批次", "平方米"]


@st.composite
def written_values(draw: st.DrawFn) -> tuple[str, Decimal, str, Comparator, bool]:
    """A number, unit and comparator, one way of writing them by hand, and whether it states the comparator."""
    number = draw(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False))
    comparator = draw(st.sampled_from(list(_FORMS)))
    form = draw(st.sampled_from(_FORMS[comparator]))
    unit = draw(st.sampled_from([*_COUNT_UNITS, "%", "万元"]))
    style = draw(st.sampled_from(["plain", "thousands", "full-width", "万", "元"]))
    if style == "万" and unit not in ("%", "万元"):
        written = f"{number / 10000:f}万{unit}"  # 6.45万人
    elif style == "元" and unit == "万元":
        written = f"{number * 10000:f}元"  # money in 元, read back in 万元
    else:
        digits = f"{number:,f}" if style in ("thousands", "full-width") else f"{number:f}"
        written = (digits + unit).translate(_FULL_WIDTH) if style == "full-width" else digits + unit
    return form.format(n=written), number, unit, comparator, form != "{n}"


@settings(max_examples=400, deadline=None)
@given(written_values())
def test_written_forms_read_back(written: tuple[str, Decimal, str, Comparator, bool]) -> None:
    text, number, unit, comparator, explicit = written
    value = parse_value(text)
    assert (value.kind, value.number, value.unit, value.comparator) == (
        ValueKind.NUMBER,
        number,
        unit,
        comparator,
    ), value
    assert value.explicit_comparator is explicit


def test_the_small_equals_sign_is_an_equals_sign() -> None:
    # "﹦120个", as converted pages write it: an 等于 target, not a number with words before it
    parsed = parse_value("﹦120个")
    assert parsed.comparator == Comparator.EQ and parsed.explicit_comparator and not parsed.notes
