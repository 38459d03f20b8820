"""Reading a hand-written 年度指标值 (target) or 实际完成值 (actual) of a performance indicator.

``parse_value`` turns free text such as ``≥95%``, ``城镇新增就业5.9万人``, ``30天内完成``, ``2023年内完成``
or ``有效促进`` into a ``ParsedValue``: its kind, comparator, number and canonical unit, deadline or
duration, or its qualitative outcome. It never raises and always keeps the text exactly as given;
anything odd it met on the way is described in ``notes`` (in Chinese, for the reviewer).

The reading is in four steps, each a small function below:

1. ``compact``: full-width characters to ASCII, all whitespace removed;
2. ``_read_deadline``: the whole text is a date (``12月31日前``, ``2020年底前``, ``次年3月``);
3. ``_read_numeric``: a number with its unit and comparator, a range, or a duration;
4. ``_read_words``: no number at all: an outcome (``已完成``), a level (``正常运转``) or plain text.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

import msgspec

from jixiao.model.numbers import ZERO, parse_decimal


class ValueKind(StrEnum):
    NUMBER = "number"
    RANGE = "range"
    DEADLINE = "deadline"
    DURATION = "duration"
    QUALITATIVE = "qualitative"
    TEXT = "text"
    EMPTY = "empty"


class Comparator(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="  # also for a bare number


class ParsedValue(msgspec.Struct, frozen=True, omit_defaults=True):
    """One target or actual as read from its text.

    ``number`` is in ``unit``: ``%`` for rates (95 for 95%), ``万元`` for any money (元, 千元, 亿元 are
    converted), the time unit for a duration (天, 工作日, 周, 月, 年, 小时, 分钟), else the unit as written
    (人, 件, 起 ...). A number scaled by 万/亿 with no unit after it keeps the full magnitude and says so
    in ``scale`` (``≤28万`` -> 280000, scale 万). A unit written with a slash (``元/人/月``) is kept as
    written and its number is not converted.

    ``deadline`` is (year, month, day), each ``None`` when not written; ``year_offset`` says the year is
    relative to the evaluation year (``次年3月`` -> deadline (None, 3, None), year_offset 1). A deadline
    repeated every month (``每月月底前``) has no month: (None, None, 31).

    ``grade`` is the outcome a text states (``达成``, ``部分达成``, ``未达成``), ``None`` when it states
    none: ``按时办结`` or ``正常运转`` describe a level, not an outcome. ``measurable`` is False for vague
    wording (``有效促进``, ``进一步提升``).
    """

    text: str  # the original text, unchanged
    kind: ValueKind
    comparator: Comparator | None = None
    explicit_comparator: bool = False  # the text states the comparator (a bare "100%" is EQ, not explicit)
    number: Decimal | None = None
    upper: Decimal | None = None  # upper bound of a range (``number`` is the lower)
    unit: str | None = None
    scale: str | None = None  # "万" or "亿" for a bare scaled number
    deadline: tuple[int | None, int | None, int | None] | None = None
    year_offset: int = 0  # 次年 -> 1, 上年 -> -1, relative to the evaluation year
    days: int | None = None  # duration in days (天, 工作日; 周 × 7)
    months: int | None = None  # duration in months (月; 年 × 12)
    grade: str | None = None  # "达成" | "部分达成" | "未达成"
    measurable: bool = True
    notes: tuple[str, ...] = ()


GRADE_MET = "达成"
GRADE_PARTLY = "部分达成"
GRADE_MISSED = "未达成"

# --------------------------------------------------------------------------------------------------
# Normalisation

# Full-width ASCII (U+FF01..U+FF5E) to ASCII, ideographic space to space, look-alike signs to one form,
# zero-width characters dropped.
_NORMALISE = str.maketrans(
    {
        **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
        "\u3000": " ",
        "\u200b": None,
        "\ufeff": None,
        "﹦": "=",
        "≧": "≥",
        "≦": "≤",
        "≮": "≥",
        "≯": "≤",
        "〜": "~",
        "﹪": "%",
        "㎡": "平方米",
        "—": "-",
        "–": "-",
        "−": "-",
        "【": "(",
        "】": ")",
        "[": "(",
        "]": ")",
    }
)
_SPACE_RE = re.compile(r"\s+")


def compact(text: str) -> str:
    """The text normalised for reading: full-width to ASCII, every whitespace (also inside) removed."""
    return _SPACE_RE.sub("", text.translate(_NORMALISE))


def scaled(value: Decimal, factor: Decimal) -> Decimal:
    """``value × factor`` written plainly: 6.45 × 10000 -> ``64500`` (not ``64500.00``)."""
    if factor == 1:
        return value
    return Decimal(f"{(value * factor).normalize():f}")


# --------------------------------------------------------------------------------------------------
# Tables of words and units

_SYMBOL_COMPARATORS: dict[str, Comparator] = {
    ">=": Comparator.GE,
    "=>": Comparator.GE,
    "≥": Comparator.GE,
    "<=": Comparator.LE,
    "=<": Comparator.LE,
    "≤": Comparator.LE,
    ">": Comparator.GT,
    "<": Comparator.LT,
    "=": Comparator.EQ,
}
# Words written just before the number (an optional 在/为/到 may follow: 控制在, 达到, 不低于为).
_PREFIX_COMPARATORS: dict[str, Comparator] = {
    **dict.fromkeys(
        ("不低于", "不少于", "不小于", "大于等于", "大于或等于", "至少", "最少", "最低", "达"), Comparator.GE
    ),
    **dict.fromkeys(("超过", "多于", "高于", "大于"), Comparator.GT),
    **dict.fromkeys(
        ("不超过", "不超出", "不高于", "不大于", "不多于", "小于等于", "小于或等于", "最多", "最高", "控制"),
        Comparator.LE,
    ),
    **dict.fromkeys(("低于", "少于", "小于"), Comparator.LT),
}
# Words written just after the number and its unit.
_SUFFIX_COMPARATORS: dict[str, Comparator] = {
    **dict.fromkeys(("及以上", "或以上", "以上"), Comparator.GE),
    **dict.fromkeys(("及以下", "或以下", "以下", "及以内", "以内", "之内", "内"), Comparator.LE),
}
# Money units and their factor to 万元.
_MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "百万元": Decimal(100),
    "千万元": Decimal(1000),
    "亿元": Decimal(10000),
}
MONEY_UNIT = "万元"
# A bare 万 or 亿 after a number.
_SCALES: dict[str, Decimal] = {"万": Decimal(10000), "亿": Decimal(100000000)}
# Units kept as written.
_PLAIN_UNITS = (
    "人次", "户次", "车次", "批次", "架次", "场次", "课时", "学时", "小时", "分钟", "工作日", "平方公里", "平方米", "立方米", "公里",
    "千米", "公顷", "千克", "公斤", "吨", "亩", "米", "人", "件", "起", "个", "份", "家", "天", "周", "月", "年", "次",
    "户", "名", "位", "期", "项", "所", "场", "台", "套", "辆", "篇", "本", "册", "处", "座", "株", "棵", "头", "只",
    "条", "张", "部", "类", "门", "间", "栋", "幢", "床", "网点", "村", "镇", "站", "块", "宗", "笔", "单", "例", "种",
    "支", "队", "组", "班",
)  # fmt: skip
# Other units, as written -> canonical.
_UNITS: dict[str, str] = {
    "%": "%",
    "‰": "‰",
    "个百分点": "百分点",
    "百分点": "百分点",
    "m²": "平方米",
    "m2": "平方米",
    "平米": "平方米",
    "km": "公里",
    "kg": "千克",
    "个工作日": "工作日",
    "个月": "月",
    "日": "天",
    "星期": "周",
    "个小时": "小时",
    **{unit: unit for unit in _PLAIN_UNITS},
}
TIME_UNITS = frozenset(("天", "工作日", "周", "月", "年", "小时", "分钟"))

# Outcome words, most specific first: 未完成 must be read before 完成, 部分达成 before 达成.
_GRADE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        GRADE_MISSED,
        ("未达成", "未完成", "没有完成", "未能完成", "未达到", "未实现", "未达标", "未落实", "未按时", "未按期"),
    ),
    (
        GRADE_PARTLY,
        (
            "部分达成", "部分完成", "部分实现", "部分达到", "基本完成", "基本达成", "基本达到", "基本实现",
            "基本达标", "大部分完成", "未全部完成",
        ),
    ),
    (GRADE_MET, ("达成", "完成", "已实现", "达标", "达到预期", "已达到", "已落实")),
)  # fmt: skip
# Vague wording: a qualitative target nobody can measure.
_VAGUE_WORDS = (
    "有效", "明显", "显著", "进一步", "逐步", "不断", "持续", "稳步", "加强", "良好", "较好", "大幅",
    "提升", "提高", "改善", "增强", "促进",
)  # fmt: skip
# Words of a level or state: the text is a qualitative indicator rather than a name or a list.
_LEVEL_WORDS = (
    "按时", "按期", "如期", "及时", "正常", "规范", "全面", "落实", "保障", "满意", "合格", "优秀",
    "达到", "到位", "稳定", "安全", "办结", "运转", "运行", "符合", "实现",
)  # fmt: skip
# Texts that say "empty" with a sign only.
_PLACEHOLDER_MARK_RE = re.compile(r"[-/\\~_.。、]+")
# A single word meaning zero.
_ZERO_WORDS = frozenset(("无", "零", "没有"))


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first, so that 不超过 wins over 超过."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# --------------------------------------------------------------------------------------------------
# Regular expressions

# A written number: with thousands separators (1,234.5) or plain digits (1234.5). ASCII digits only.
_NUMBER_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
# 余/多 after a number: an approximate, "more than" (100余人, 5万多元).
_APPROX_RE = re.compile(r"余|多")
_MONEY_RE = re.compile(_alternation(_MONEY_UNITS))
_SCALE_RE = re.compile(_alternation(_SCALES))
_UNIT_RE = re.compile(_alternation(_UNITS))
# A per-unit tail of a compound unit: 元/人/月, 次/年.
_PER_UNIT_RE = re.compile(r"(?:/(?:人次|[人户次月年天日件个项亩周季]))+")
# What may stand between the two numbers of a range: 90%-95%, 90~95%, 90%至95%.
_RANGE_SEP_RE = re.compile(r"-{1,2}|~|至|到")
# A list number at the start of a line: 指标3：, 1、, 2., (1), 一、, ①. Not 1.5 (a decimal), not a lone "1.".
_ENUMERATOR_RE = re.compile(
    r"^(?:指标[0-9]+[:.、]?|[0-9]{1,2}[、)]|[0-9]{1,2}\.(?![0-9])|\([0-9]{1,2}\)|[一二三四五六七八九十]{1,3}、|[①-⑳])(?=.)"
)
# Text in brackets: an explanation (4（985/211院校3人）, ≥95%(含)).
_BRACKETS_RE = re.compile(r"\([^()]*\)")
# A single Latin letter an OCR left before the number (W100%), possibly after a comparator sign.
_OCR_JUNK_RE = re.compile(rf"(?P<sign>{_alternation(_SYMBOL_COMPARATORS)})?(?P<junk>[A-Za-z])")
_SYMBOL_RE = re.compile(rf"(?:{_alternation(_SYMBOL_COMPARATORS)})$")
_PREFIX_WORD_RE = re.compile(rf"(?P<word>{_alternation(_PREFIX_COMPARATORS)})[在为到]?$")
_SUFFIX_WORD_RE = re.compile(_alternation(_SUFFIX_COMPARATORS))
# Verbs that may follow a value without making it a phrase (30天内完成, 100%完成).
_BENIGN_TAIL_RE = re.compile(
    r"(?:全部|全面)?(?:完成|办结|完工|结束|到位|发放|支付|拨付|实施|验收|上线|完毕)+"
)

# A date, alone or with a year part. Every part is optional; ``_deadline_of`` rejects an empty one.
_DATE_CORE = r"""
(?:
    (?P<iso_y>(?:19|20)[0-9]{2})[-./](?P<iso_m>[0-9]{1,2})[-./](?P<iso_d>[0-9]{1,2})[日号]?  # 2023-12-31
  | (?:
        (?P<year>(?:19|20)[0-9]{2})年度?                                    # 2023年, 2023年度
      | (?P<rel>次年|翌年|明年|下一?年度?|当年|本年度?|今年|上一?年度?|去年)      # relative year
    )?
    (?:
        (?P<month>[0-9]{1,2})月份?
        (?:(?P<day>[0-9]{1,2})[日号]|(?P<part>底|末|初|上旬|中旬|下旬))?      # 12月31日, 12月底
      | (?P<period>年?(?:底|末|内|中)|年度内|上半年|下半年|第?(?P<quarter>[一二三四1-4])季度末?)
    )?
)
"""
# After a date: 前/之前/内 (a bound) and a verb (完成, 办结 ...).
_DATE_TAIL = r"(?P<before>之前|以前|前|以内|之内|内|止|为止)?(?:完成|办结|完工|结束|到位|发放|支付|拨付|实施|验收|启动|开工|上线|完毕)*"
# A whole text that is a date: an optional lead (计划于, 截至), the date, the tail.
_DEADLINE_RE = re.compile(
    rf"(?:(?:计划|预计|力争|确保|须|需|应)?[于在]|截至|截止到?|到|至)?{_DATE_CORE}{_DATE_TAIL}", re.VERBOSE
)
# A deadline repeated every month: 每月月底前, 每月10日前.
_MONTHLY_RE = re.compile(rf"每个?月(?:月?(?:底|末)|(?P<day>[0-9]{{1,2}})[日号]){_DATE_TAIL}")

_RELATIVE_YEARS: dict[str, int] = {
    **dict.fromkeys(("次年", "翌年", "明年", "下年", "下一年", "下年度", "下一年度"), 1),
    **dict.fromkeys(("当年", "本年", "本年度", "今年"), 0),
    **dict.fromkeys(("上年", "上一年", "上年度", "上一年度", "去年"), -1),
}
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTH_PARTS = {"初": 10, "上旬": 10, "中旬": 20}  # 底, 末, 下旬 -> the last day of the month


# --------------------------------------------------------------------------------------------------
# Entry point


# The plain shape most indicator texts have (≥95%, 374人, <3件, 12.5), read without the full grammar.
# tests/values/test_fast_path.py proves it gives exactly what the full grammar gives.
_FAST_RE = re.compile(
    r"(?P<sign>≥|≤|>=|<=|>|<|=)?(?P<num>[1-9][0-9]{0,8}(?:\.[0-9]{1,6})?)(?P<unit>%|人次|人|件|起|个|份|家|户|名|项)?"
)
_FAST_SIGNS = {
    "≥": Comparator.GE,
    ">=": Comparator.GE,
    "≤": Comparator.LE,
    "<=": Comparator.LE,
    ">": Comparator.GT,
    "<": Comparator.LT,
    "=": Comparator.EQ,
}


def _read_fast(text: str) -> ParsedValue | None:
    match = _FAST_RE.fullmatch(text)
    if match is None:
        return None
    sign = match["sign"]
    return ParsedValue(
        text=text,
        kind=ValueKind.NUMBER,
        comparator=_FAST_SIGNS[sign] if sign else Comparator.EQ,
        explicit_comparator=bool(sign),
        number=Decimal(match["num"]),
        unit=match["unit"],
    )


def parse_value(text: str | None) -> ParsedValue:
    """Read one target or actual. Never raises; ``text`` of the result is the input unchanged."""
    original = text if isinstance(text, str) else ""
    fast = _read_fast(original)
    if fast is not None:
        return fast
    try:
        return _read(original)
    except Exception as error:  # a reader of hand-written text must not fail
        return ParsedValue(text=original, kind=ValueKind.TEXT, notes=(f"解析异常：{type(error).__name__}",))


def _read(text: str) -> ParsedValue:
    lines = [compact(line) for line in text.splitlines()]
    unnumbered = [_ENUMERATOR_RE.sub("", line, count=1) for line in lines]
    body = "".join(unnumbered)
    value = _read_body(text, body)
    if unnumbered != lines:
        value = msgspec.structs.replace(value, notes=("行首序号已忽略", *value.notes))
    return value


def _read_body(text: str, body: str) -> ParsedValue:
    if not body:
        return ParsedValue(text=text, kind=ValueKind.EMPTY)
    if _PLACEHOLDER_MARK_RE.fullmatch(body):
        return ParsedValue(text=text, kind=ValueKind.EMPTY, notes=("仅有占位符号",))
    if body in _ZERO_WORDS:
        return ParsedValue(
            text=text,
            kind=ValueKind.NUMBER,
            comparator=Comparator.EQ,
            number=ZERO,
            notes=(f"“{body}”读作 0",),
        )
    return _read_deadline(text, body) or _read_numeric(text, body) or _read_words(text, body)


# --------------------------------------------------------------------------------------------------
# Deadlines


# Every date form names 年, 月, 日, 号, 底, 末, 初, 旬 or 季, or is an ISO-like 2024.5.30: a cheap test that spares the
# date patterns the plain figures (≥95%, 374人) that make up most indicator texts.
_DATE_HINT = re.compile(r"[年月日号底末初旬季]|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}")


def _read_deadline(text: str, body: str) -> ParsedValue | None:
    """A text that is a date, or a phrase around one date that holds all the text's digits."""
    if not _DATE_HINT.search(body):
        return None
    monthly = _MONTHLY_RE.fullmatch(body)
    if monthly:
        day = int(monthly["day"]) if monthly["day"] else 31
        if 1 <= day <= 31:
            return ParsedValue(
                text=text,
                kind=ValueKind.DEADLINE,
                comparator=Comparator.LE if monthly["before"] else Comparator.EQ,
                explicit_comparator=bool(monthly["before"]),
                deadline=(None, None, day),
                notes=("每月重复的期限",),
            )
    whole = _DEADLINE_RE.fullmatch(body)
    if whole:
        return _deadline_of(text, whole, ())
    digits = [m.span() for m in re.finditer(r"[0-9]+", body)]
    for match in _DEADLINE_RE.finditer(body):
        start, end = match.span()
        if digits and all(start <= a and b <= end for a, b in digits):
            return _deadline_of(text, match, ("日期前后有说明文字",))
    return None


def _deadline_of(text: str, match: re.Match[str], notes: tuple[str, ...]) -> ParsedValue | None:
    """The ``ParsedValue`` of a date match; ``None`` when the match holds no date or an impossible one."""
    year: int | None
    month: int | None
    day: int | None
    if match["iso_y"]:
        year, month, day = int(match["iso_y"]), int(match["iso_m"]), int(match["iso_d"])
    else:
        year = int(match["year"]) if match["year"] else None
        month = int(match["month"]) if match["month"] else None
        day = None
        period = match["period"]
        if month is not None:
            part = match["part"]
            if match["day"]:
                day = int(match["day"])
            elif part:
                day = _MONTH_PARTS.get(part) or (_last_day(year, month) if 1 <= month <= 12 else None)
        elif period:
            if match["quarter"]:
                month = 3 * _QUARTERS[match["quarter"]]
            elif period in ("上半年", "年中", "中"):
                month = 6
            else:
                month = 12
            day = _last_day(year, month)
            if not (period[0] in "年上下第" or match["quarter"] or year or match["rel"]):
                return None  # 内, 底 alone are no date
        elif year is None and not match["rel"]:
            return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= _last_day(year, month or 1, leap=True):
        return None
    bounded = bool(match["before"]) or (match["period"] or "").endswith("内")
    return ParsedValue(
        text=text,
        kind=ValueKind.DEADLINE,
        comparator=Comparator.LE if bounded else Comparator.EQ,
        explicit_comparator=bounded,
        deadline=(year, month, day),
        year_offset=_RELATIVE_YEARS.get(match["rel"] or "", 0),
        notes=notes,
    )


def _last_day(year: int | None, month: int, *, leap: bool = False) -> int:
    """The last day of the month; with no year, February has 28 days (29 when ``leap`` admits it)."""
    return calendar.monthrange(year if year is not None else (2000 if leap else 2001), month)[1]


# --------------------------------------------------------------------------------------------------
# Numbers, ranges, durations


class _Quantity(NamedTuple):
    """A number in the text with the unit that follows it."""

    start: int  # where the number (or 百分之 before it) starts
    end: int  # where its unit ends
    raw: Decimal  # as written
    factor: Decimal  # raw × factor is the value in ``unit``
    unit: str | None
    scale: str | None
    approx: bool  # 余/多: "more than"


def _read_quantity(body: str, match: re.Match[str]) -> _Quantity | None:
    raw = parse_decimal(match.group())
    if raw is None:  # pragma: no cover - _NUMBER_RE admits only numbers parse_decimal reads
        return None
    start, pos = match.start(), match.end()
    factor, unit, scale, approx = Decimal(1), None, None, False
    if _APPROX_RE.match(body, pos):
        approx, pos = True, pos + 1
    if money := _MONEY_RE.match(body, pos):
        factor, unit, pos = _MONEY_UNITS[money.group()], MONEY_UNIT, money.end()
    else:
        if found := _SCALE_RE.match(body, pos):
            factor, scale, pos = _SCALES[found.group()], found.group(), found.end()
            if _APPROX_RE.match(body, pos):
                approx, pos = True, pos + 1
        if found := _UNIT_RE.match(body, pos):
            unit, scale, pos = _UNITS[found.group()], None, found.end()
    if (unit or scale) and (per := _PER_UNIT_RE.match(body, pos)):
        # A compound unit (元/人/月) is kept as written, and its number is not converted.
        unit = _APPROX_RE.sub("", body[match.end() : per.end()])
        factor, scale, pos = Decimal(1), None, per.end()
    if unit is None and body.endswith("百分之", 0, start):
        unit, start = "%", start - 3
    return _Quantity(start, pos, raw, factor, unit, scale, approx)


def _read_numeric(text: str, body: str) -> ParsedValue | None:
    notes: list[str] = []
    unbracketed = _without_brackets(body)
    if unbracketed != body and _NUMBER_RE.search(unbracketed):
        notes.append("括号内说明已忽略")
        body = unbracketed
    quantities = [q for m in _NUMBER_RE.finditer(body) if (q := _read_quantity(body, m)) is not None]
    if not quantities:
        return None
    if len(quantities) == 2 and (ranged := _read_range(text, body, quantities[0], quantities[1], notes)):
        return ranged
    if len(quantities) > 1:
        notes.append("多个数字，取最后一个")
    quantity = quantities[-1]
    prefix, suffix = body[: quantity.start], body[quantity.end :]
    negative = False
    if prefix.endswith(("-", "+")) and len(quantities) == 1:
        negative, prefix = prefix.endswith("-"), prefix[:-1]
    comparator, explicit = _comparator(prefix, suffix, quantity.approx, notes)
    value = scaled(quantity.raw, quantity.factor)
    value = -value if negative else value
    if quantity.unit in TIME_UNITS:
        return _duration(text, value, quantity.unit, comparator, explicit, notes)
    return ParsedValue(
        text=text,
        kind=ValueKind.NUMBER,
        comparator=comparator,
        explicit_comparator=explicit,
        number=value,
        unit=quantity.unit,
        scale=quantity.scale,
        notes=tuple(notes),
    )


def _without_brackets(body: str) -> str:
    """The text with every bracketed part removed, innermost first."""
    previous = None
    while previous != body:
        previous, body = body, _BRACKETS_RE.sub("", body)
    return body


def _read_range(
    text: str, body: str, low: _Quantity, high: _Quantity, notes: list[str]
) -> ParsedValue | None:
    """Two numbers joined by 至/-/~, the first with the second's unit or none (90-95%, 90%~95%)."""
    if not _RANGE_SEP_RE.fullmatch(body[low.end : high.start]):
        return None
    if low.unit is None and low.scale is None:
        low = low._replace(factor=high.factor, unit=high.unit, scale=high.scale)
    if (low.unit, low.scale) != (high.unit, high.scale):
        return None
    bounds = sorted((scaled(low.raw, low.factor), scaled(high.raw, high.factor)))
    if low.raw > high.raw:
        notes.append("区间上下限颠倒，已调换")
    if body[: low.start]:
        notes.append("数字前有说明文字")
    if body[high.end :]:
        notes.append("数字后有说明文字")
    return ParsedValue(
        text=text,
        kind=ValueKind.RANGE,
        number=bounds[0],
        upper=bounds[1],
        unit=high.unit,
        scale=high.scale,
        notes=tuple(notes),
    )


def _comparator(prefix: str, suffix: str, approx: bool, notes: list[str]) -> tuple[Comparator, bool]:
    """The comparator a number's surroundings state, and whether they state one."""
    comparator: Comparator | None = None
    if junk := _OCR_JUNK_RE.fullmatch(prefix):
        notes.append(f"OCR 残字 {junk['junk']} 已忽略")
        prefix = junk["sign"] or ""
    if sign := _SYMBOL_RE.search(prefix):
        comparator, prefix = _SYMBOL_COMPARATORS[sign.group()], prefix[: sign.start()]
    elif word := _PREFIX_WORD_RE.search(prefix):
        comparator, prefix = _PREFIX_COMPARATORS[word["word"]], prefix[: word.start()]
    if prefix:
        notes.append("数字前有说明文字")
    if after := _SUFFIX_WORD_RE.match(suffix):
        stated = _SUFFIX_COMPARATORS[after.group()]
        if comparator is not None and comparator != stated:
            notes.append(f"比较符“{comparator}”与“{after.group()}”矛盾，取前者")
        comparator, suffix = comparator or stated, suffix[after.end() :]
    if suffix.startswith("左右"):
        notes.append("约数（左右）")
        suffix = suffix[2:]
    if suffix and not _BENIGN_TAIL_RE.fullmatch(suffix):
        notes.append("数字后有说明文字")
    if comparator is None and approx:
        notes.append("约数（余/多）按不少于读")
        comparator = Comparator.GE
    if comparator is None:
        return Comparator.EQ, False
    return comparator, True


def _duration(
    text: str, value: Decimal, unit: str, comparator: Comparator, explicit: bool, notes: list[str]
) -> ParsedValue:
    """A number in a time unit: days for 天/工作日/周, months for 月/年, neither for 小时/分钟."""
    days = months = None
    if unit in ("天", "工作日"):
        days = _whole(value)
    elif unit == "周":
        days = _whole(value * 7)
    elif unit == "月":
        months = _whole(value)
    elif unit == "年":
        months = _whole(value * 12)
    if unit == "工作日":
        notes.append("工作日按天计")
    return ParsedValue(
        text=text,
        kind=ValueKind.DURATION,
        comparator=comparator,
        explicit_comparator=explicit,
        number=value,
        unit=unit,
        days=days,
        months=months,
        notes=tuple(notes),
    )


def _whole(value: Decimal) -> int | None:
    return int(value) if value == value.to_integral_value() else None


# --------------------------------------------------------------------------------------------------
# Words


def _read_words(text: str, body: str) -> ParsedValue:
    """A text without numbers: an outcome or a level (QUALITATIVE), or anything else (TEXT)."""
    grade = grade_of(body)
    vague = any(word in body for word in _VAGUE_WORDS)
    level = any(word in body for word in _LEVEL_WORDS)
    if grade is None and not vague and not level:
        return ParsedValue(text=text, kind=ValueKind.TEXT)
    return ParsedValue(text=text, kind=ValueKind.QUALITATIVE, grade=grade, measurable=not vague)


def grade_of(body: str) -> str | None:
    """The outcome a text states: ``达成``, ``部分达成``, ``未达成``; ``None`` when it states none."""
    for grade, words in _GRADE_WORDS:
        if any(word in body for word in words):
            return grade
    return None
