"""Rule packs: a jurisdiction's and year's scoring rules, declared as data in ``packs/<id>.yaml``.

A pack may ``extends`` another; its own keys replace the parent's (mappings are merged key by key, so
a pack can override one grade band or one formula and inherit the rest). The merged pack is checked
against ``PackSpec`` so that a mistyped key or a weight written as text fails loudly when loaded.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from jixiao import cache as _cache

if TYPE_CHECKING:
    import yaml

PACKS_PACKAGE = "jixiao.rules.packs"


class PackError(ValueError):
    code = "rule_pack_invalid"


class ExecutionRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    weight: Decimal
    formula: str = "proportional_capped"  # 分值 × min(执行率, 100%)
    basis: Literal["adjusted", "initial"] = "adjusted"  # 全年预算数 (调整后) or 年初预算数
    on_zero_base: Literal["not_applicable", "full"] = "not_applicable"


class IndicatorRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    positive: Literal["ratio"] = "ratio"  # 权重 × B/A
    reverse: Literal["ratio", "linear"] = "ratio"  # 权重 × A/B, or 权重 × (1 − (B−A)/A)
    equal: Literal["as_positive", "symmetric"] = "as_positive"
    cap_at_weight: bool = True
    overshoot_flag: Decimal = Decimal("1.3")
    # Where the form has no 分值 column (Hubei): "declared_if_met" reads a met indicator's stated
    # score as its weight; "unknown" leaves the weight open.
    missing_weight: Literal["unknown", "declared_if_met"] = "unknown"
    # A quantitative target whose 实际完成值 is written in words (达成预期指标): score it in the
    # qualitative band of the stated outcome, or accept the words as the number.
    text_actual: Literal["qualitative_band", "accept"] = "qualitative_band"
    # The form prints each row's own scoring (指标赋分规则, 得分系数): a declared score that differs
    # from the formulas above is 无法核对, not an error (a score above its 分值 still is one).
    row_rules_on_form: bool = False


class Band(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    low: Decimal
    high: Decimal


class Grade(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    grade: str
    min: Decimal


class RubricBand(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    points: Decimal
    min: Decimal | None = None  # lower bound, included ("80%（含）-90%")
    max: Decimal | None = None  # upper bound, included ("0-10%（含）")
    equals: Decimal | None = None  # exactly this value ("预算调整率=0")


class RubricRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: str
    points: Decimal
    formula: str
    level2: str | None = None  # to tell apart two rows of the same name (管理制度健全性)
    measure: str | None = None
    params: dict[str, Any] = {}
    bands: tuple[RubricBand, ...] = ()
    cases: dict[str, Decimal] = {}
    standard: str = ""


class RubricSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    first_level: dict[str, Decimal]
    items: tuple[RubricRule, ...]
    groups: dict[str, Decimal] = {}


class PackSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    title: str
    jurisdiction: str
    year: int
    status: str
    sources: tuple[str, ...]
    extends: str | None = None
    templates: tuple[str, ...] = ()
    rounding_places: int = 2
    execution: ExecutionRule | None = None
    first_level: dict[str, Decimal] = {}
    level2_groups: dict[str, tuple[str, ...]] = {}
    indicators: IndicatorRules = IndicatorRules()
    qualitative_bands: dict[str, Band] = {}
    grades: tuple[Grade, ...] = ()
    rubric: RubricSpec | None = None
    notes: tuple[str, ...] = ()

    def grade_for(self, total: Decimal) -> str | None:
        for band in sorted(self.grades, key=lambda g: g.min, reverse=True):
            if total >= band.min:
                return band.grade
        return None

    def level1_of(self, level1: str, level2: str) -> str:
        """The first-level group of an indicator: as written, or inferred from its 二级指标."""
        written = _norm(level1)
        for name in self.first_level:
            if written and (_norm(name) in written or written in _norm(name)):
                return name
        l2 = _norm(level2)
        for name, children in self.level2_groups.items():
            if l2 and any(_norm(child) in l2 or l2 in _norm(child) for child in children):
                return name
        return level1 or "（未注明一级指标）"


def _norm(text: str) -> str:
    return text.replace("指标", "").replace(" ", "").replace("\u3000", "")


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if (
            isinstance(value, dict)
            and isinstance(merged.get(key), dict)
            and key not in ("first_level", "level2_groups")
        ):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _loader() -> type[yaml.SafeLoader]:
    """libyaml's loader when PyYAML was built with it (the wheels are): about 7 times the pure-Python
    one. PyYAML is imported only when a pack is not in the cache."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _raw(pack_id: str) -> dict[str, Any]:
    """A pack's own YAML as a fresh mapping (the parsed file is cached; callers may change the copy)."""
    return copy.deepcopy(_parsed(pack_id))


# The parsed mapping of a pack file is kept in the user's cache (``jixiao.cache``) as MessagePack,
# keyed by the file's bytes: a one-document command then neither imports PyYAML nor parses YAML.
_CACHE_FORMAT = "pack-yaml-1"


@cache
def _parsed(pack_id: str) -> dict[str, Any]:
    """Each pack file is parsed once per process, however many packs extend it."""
    try:
        text = resources.files(PACKS_PACKAGE).joinpath(f"{pack_id}.yaml").read_bytes()
    except FileNotFoundError as exc:
        raise PackError(f"找不到评分规则包“{pack_id}”（可用：{', '.join(available())}）") from exc
    key = _cache.digest(_CACHE_FORMAT, text)
    stored = _cache.read(f"pack-{pack_id}", key)
    if stored is not None:
        try:
            data = msgspec.msgpack.decode(stored)
        except msgspec.DecodeError:
            data = None
        if isinstance(data, dict):
            return data
    import yaml

    try:
        data = yaml.load(text.decode("utf-8"), Loader=_loader())
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PackError(f"评分规则包“{pack_id}”格式错误：{exc}") from exc
    if not isinstance(data, dict):
        raise PackError(f"评分规则包“{pack_id}”格式错误：应为 YAML 映射")
    try:
        encoded = msgspec.msgpack.encode(data)
    except (TypeError, msgspec.EncodeError):
        return data
    if msgspec.msgpack.decode(encoded) == data:  # only what reads back the same (a YAML date would not)
        _cache.write(f"pack-{pack_id}", key, encoded)
    return data


def _resolved(pack_id: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if pack_id in seen:
        raise PackError(f"评分规则包继承成环：{' -> '.join((*seen, pack_id))}")
    data = _raw(pack_id)
    parent = data.get("extends")
    if parent:
        base = _resolved(parent, (*seen, pack_id))
        for key in ("templates", "notes", "sources"):
            base.pop(key, None)
        data = _merge(base, data)
    return data


@cache
def load_pack(pack_id: str) -> PackSpec:
    data = _resolved(pack_id)
    try:
        return msgspec.convert(data, PackSpec, strict=False)
    except msgspec.ValidationError as exc:
        raise PackError(f"评分规则包“{pack_id}”内容错误：{exc}") from exc


@cache
def available() -> tuple[str, ...]:
    return tuple(
        sorted(
            entry.name.removesuffix(".yaml")
            for entry in resources.files(PACKS_PACKAGE).iterdir()
            if entry.name.endswith(".yaml")
        )
    )


@cache
def pack_for_template(template: str, year: int | None = None) -> PackSpec | None:
    """The pack that declares the template; the one nearest the document's year when several do."""
    candidates = [load_pack(p) for p in available() if template in load_pack(p).templates]
    if not candidates:
        return None
    if year is None:
        return max(candidates, key=lambda p: p.year)
    return min(candidates, key=lambda p: (abs(p.year - year), -p.year))
