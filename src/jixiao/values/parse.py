"""Read 年度指标值 and 实际完成值 as written by hand into structured values, keeping the text.

Forms seen: comparators as signs (≥ ≧ >= > ≤ ≦ <= < =) or words (以上 以下 以内 不低于 不少于 不超过
不高于 达到 控制在 至少 超过 低于); numbers with 万/亿 scaling, thousands separators and full-width
digits; units; ranges (90%-95%); durations (60天内, 12个月); deadlines (2023年内, 12月31日前, 年底前);
qualitative outcomes (达成预期指标, 部分达成, 未完成) and levels (有效促进, 正常运转). Anything else is
kept as text. Nothing raises and nothing is dropped: ``text`` is always the original.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum

import msgspec

from jixiao.model.numbers import parse_decimal


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
    EQ = "="


class ParsedValue(msgspec.Struct, frozen=True, omit_defaults=True):
    text: str
    kind: ValueKind
    comparator: Comparator | None = None
    explicit_comparator: bool = False
    number: Decimal | None = None
    upper: Decimal | None = None
    unit: str | None = None
    scale: str | None = None
    deadline: tuple[int | None, int | None, int | None] | None = None
    days: int | None = None
    months: int | None = None
    grade: str | None = None
    measurable: bool = True
    notes: tuple[str, ...] = ()


_NORMALISE = str.maketrans("０１２３４５６７８９．，％＜＞＝～－：", "0123456789.,%<>=~-:")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")

# Sign comparators, longest first.
_SIGNS = (
    ("≥", Comparator.GE),
    ("≧", Comparator.GE),
    (">=", Comparator.GE),
    ("≤", Comparator.LE),
    ("≦", Comparator.LE),
    ("<=", Comparator.LE),
    (">", Comparator.GT),
    ("<", Comparator.LT),
    ("=", Comparator.EQ),
)
# Word comparators before the number ...
_PREFIX_WORDS = (
    ("不低于", Comparator.GE),
    ("不少于", Comparator.GE),
    ("至少", Comparator.GE),
    ("达到", Comparator.GE),
    ("达", Comparator.GE),
    ("超过", Comparator.GT),
    ("不超过", Comparator.LE),
    ("不高于", Comparator.LE),
    ("不大于", Comparator.LE),
    ("控制在", Comparator.LE),
    ("低于", Comparator.LT),
    ("小于", Comparator.LT),
)
# ... and after it.
_SUFFIX_WORDS = (
    ("以上", Comparator.GE),
    ("及以上", Comparator.GE),
    ("以下", Comparator.LE),
    ("以内", Comparator.LE),
    ("之内", Comparator.LE),
    ("内", Comparator.LE),
)

_UNITS = (
    "平方米",
    "万元",
    "亿元",
    "人次",
    "批次",
    "个月",
    "公里",
    "万人",
    "元",
    "%",
    "‰",
    "人",
    "件",
    "起",
    "个",
    "份",
    "家",
    "天",
    "日",
    "月",
    "年",
    "次",
    "户",
    "名",
    "期",
    "项",
    "所",
    "台",
    "套",
    "场",
    "册",
    "条",
    "篇",
    "本",
    "辆",
    "座",
    "处",
    "亩",
    "米",
    "吨",
    "小时",
    "周",
    "批",
    "万",
    "亿",
)
_NUMBER = re.compile(
    r"(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<unit>" + "|".join(map(re.escape, _UNITS)) + r")?"
)
_RANGE = re.compile(
    r"(?P<a>\d+(?:\.\d+)?)\s*(?P<ua>%)?\s*[-~至到]\s*(?P<b>\d+(?:\.\d+)?)\s*(?P<unit>%|"
    + "|".join(map(re.escape, _UNITS[:-2]))
    + r")?"
)
_DURATION = re.compile(
    r"^(?:[≤<]|不超过|控制在)?\s*(?P<n>\d+)\s*(?P<u>天|日|个工作日|工作日|个月|月)\s*(?:内|以内|之内)?(?:完成|支付|办结|发放)?$"
)
_YEAR_END = re.compile(r"(?P<y>20\d{2})?\s*年?\s*(年内|年底前|年底|年末前|年末|全年)(完成)?")
_MONTH_DAY = re.compile(
    r"(?:(?P<y>20\d{2})\s*年)?\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?(?:\s*(前|之前|以前|底前|底))?(完成)?$"
)
_NEXT_YEAR = re.compile(r"次年|下一?年|翌年")
_OCR_JUNK = re.compile(r"^[A-Za-z](?=\d)")

_MET_WORDS = (
    "达成预期指标",
    "达成年度指标",
    "达成",
    "已完成",
    "全面完成",
    "完成",
    "100%完成",
    "按时完成",
    "按期完成",
    "已按时",
    "按时",
    "按期",
    "已达标",
    "达标",
    "合格",
    "是",
)
_PARTLY_WORDS = ("部分达成", "部分完成", "基本完成", "基本达成", "基本达标")
_MISSED_WORDS = ("未达成", "未完成", "未达标", "不合格", "否")
_VAGUE = (
    "有效",
    "明显",
    "进一步",
    "逐步",
    "加强",
    "提升",
    "提高",
    "改善",
    "促进",
    "良好",
    "显著",
    "优化",
    "较好",
    "稳步",
)
_LEVEL_WORDS = (
    "正常运转",
    "全面落实",
    "落实",
    "规范",
    "保障",
    "稳定",
    "无挪用",
    "专项专用",
    "按时",
    "及时",
    "计划标准",
    "管理规范",
    "满意",
    "优",
    "良",
)


def _clean(text: str) -> str:
    return _SPACES.sub("", text.translate(_NORMALISE))


def _grade(text: str) -> str | None:
    if any(w in text for w in _MISSED_WORDS):
        return "未达成"
    if any(w in text for w in _PARTLY_WORDS):
        return "部分达成"
    if any(text == w or text.startswith(w) or text.endswith(w) for w in _MET_WORDS):
        return "达成"
    return None


def _comparator(before: str, after: str) -> tuple[Comparator | None, bool]:
    for sign, sign_comparator in _SIGNS:
        if before.endswith(sign):
            return sign_comparator, True
    for word, comparator in sorted(_PREFIX_WORDS, key=lambda w: -len(w[0])):
        if word in before[-6:]:
            return comparator, True
    for word, comparator in sorted(_SUFFIX_WORDS, key=lambda w: -len(w[0])):
        if after.startswith(word):
            return comparator, True
    return None, False


def _scaled(number: Decimal, unit: str | None) -> tuple[Decimal, str | None, str | None]:
    """Apply 万/亿: money goes to 万元; counts are multiplied; a bare 万/亿 keeps its scale."""
    if unit == "万元":
        return number, "万元", None
    if unit == "元":
        return number / 10000, "万元", None
    if unit == "亿元":
        return number * 10000, "万元", None
    if unit in ("万", "亿"):
        return number * (10000 if unit == "万" else 100000000), None, unit
    if unit == "万人":
        return number * 10000, "人", None
    if unit == "日":
        return number, "天", None
    return number, unit, None


def parse_value(text: str | None) -> ParsedValue:
    original = text or ""
    try:
        return _parse(original)
    except (InvalidOperation, ValueError, IndexError):  # pragma: no cover - defensive: never raise
        return ParsedValue(text=original, kind=ValueKind.TEXT, notes=("无法解析，按文字保留",))


def _parse(original: str) -> ParsedValue:
    s = _clean(original)
    notes: list[str] = []
    if not s:
        return ParsedValue(text=original, kind=ValueKind.EMPTY)
    if _OCR_JUNK.match(s):
        s = s[1:]
        notes.append("数字前的 OCR 残字已忽略")
    if s in ("无", "零", "0起", "=0", "≤0", "0"):
        return ParsedValue(
            text=original,
            kind=ValueKind.NUMBER,
            comparator=Comparator.EQ if s != "≤0" else Comparator.LE,
            explicit_comparator=s.startswith(("=", "≤")),
            number=Decimal(0),
            unit="起" if "起" in s else None,
            notes=tuple(notes),
        )
    duration = _DURATION.match(s)
    if duration:
        n = int(duration["n"])
        unit = duration["u"]
        explicit = s[0] in "≤<" or s.startswith(("不超过", "控制在")) or "内" in s
        comparator = Comparator.LE if explicit else Comparator.EQ
        if "月" in unit:
            return ParsedValue(
                text=original,
                kind=ValueKind.DURATION,
                comparator=comparator,
                explicit_comparator=explicit,
                months=n,
                number=Decimal(n),
                unit="月",
                notes=tuple(notes),
            )
        return ParsedValue(
            text=original,
            kind=ValueKind.DURATION,
            comparator=comparator,
            explicit_comparator=explicit,
            days=n,
            number=Decimal(n),
            unit="天",
            notes=tuple(notes),
        )
    year_end = _YEAR_END.search(s)
    if year_end and len(s) <= 12:
        year = int(year_end["y"]) if year_end["y"] else None
        return ParsedValue(
            text=original,
            kind=ValueKind.DEADLINE,
            comparator=Comparator.LE,
            explicit_comparator=True,
            deadline=(year, 12, 31),
            notes=tuple(notes),
        )
    if "每月" in s and ("底前" in s or "前" in s):
        return ParsedValue(
            text=original,
            kind=ValueKind.DEADLINE,
            comparator=Comparator.LE,
            explicit_comparator=True,
            deadline=(None, None, None),
            notes=(*notes, "每月期限"),
        )
    month_day = _MONTH_DAY.search(s)
    if (
        month_day
        and len(s) <= 14
        and not _NUMBER.sub("", s.replace("月", "").replace("日", "")).strip("年前之以底完成次下翌")
    ):
        year = int(month_day["y"]) if month_day["y"] else None
        day = int(month_day["d"]) if month_day["d"] else None
        if _NEXT_YEAR.search(s):
            notes.append("次年")
        return ParsedValue(
            text=original,
            kind=ValueKind.DEADLINE,
            comparator=Comparator.LE,
            explicit_comparator=True,
            deadline=(year, int(month_day["m"]), day),
            notes=tuple(notes),
        )
    if _NEXT_YEAR.search(s) and re.search(r"\d+\s*月", s):
        m = re.search(r"(\d+)\s*月", s)
        assert m is not None
        return ParsedValue(
            text=original,
            kind=ValueKind.DEADLINE,
            comparator=Comparator.LE,
            explicit_comparator=True,
            deadline=(None, int(m.group(1)), None),
            notes=(*notes, "次年"),
        )
    rng = _RANGE.search(s)
    if rng and not re.search(r"\d{3}/\d{3}", s):
        unit = rng["unit"] or rng["ua"]
        return ParsedValue(
            text=original,
            kind=ValueKind.RANGE,
            number=Decimal(rng["a"]),
            upper=Decimal(rng["b"]),
            unit=unit,
            notes=tuple(notes),
        )
    numbers = list(_NUMBER.finditer(s))
    if numbers:
        match = numbers[-1] if len(numbers) == 1 else _pick(numbers, notes)
        number = parse_decimal(match["num"]) or Decimal(0)
        before, after = s[: match.start()], s[match.end() :]
        found, explicit = _comparator(before, after)
        value, unit, scale = _scaled(number, match["unit"])
        if before.strip("≥≧><=≤≦") and not any(w in before for w, _ in _PREFIX_WORDS):
            notes.append("数字前有说明文字")
        if unit is None and scale is None and after.startswith(("元/", "万/")):
            unit = None
        return ParsedValue(
            text=original,
            kind=ValueKind.NUMBER,
            comparator=found or Comparator.EQ,
            explicit_comparator=explicit,
            number=value,
            unit=unit,
            scale=scale,
            notes=tuple(notes),
        )
    grade = _grade(s)
    vague = any(w in s for w in _VAGUE)
    if grade is not None or vague or any(w in s for w in _LEVEL_WORDS):
        return ParsedValue(
            text=original, kind=ValueKind.QUALITATIVE, grade=grade, measurable=not vague, notes=tuple(notes)
        )
    return ParsedValue(text=original, kind=ValueKind.TEXT, notes=tuple(notes))


def _pick(numbers: list[re.Match[str]], notes: list[str]) -> re.Match[str]:
    """Several numbers: prefer one with a comparator or a unit; otherwise the first (e.g. 4（985…3人）)."""
    with_unit = [m for m in numbers if m["unit"] in ("%", "万元", "亿元", "元", "万", "亿", "万人")]
    chosen = with_unit[-1] if with_unit else numbers[0]
    notes.append(f"含多个数字，取“{chosen.group(0)}”")
    return chosen
