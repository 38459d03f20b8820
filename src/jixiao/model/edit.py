"""Change one written value of an immutable dossier, re-read the way ingest reads that cell.

A path names a ``Val`` inside the dossier with dotted field names and tuple indexes, e.g.
``evaluations.0.indicators.3.actual``, ``evaluations.1.budget.total.executed``,
``basic_data.lines.2.values.1`` or ``evaluations.0.budget.by_nature.1.1`` (the value of a pair).
The new text is read by the same cell readers ingest uses (``jixiao.model.cells``): money cells are
converted to 万元, rates to %, points and counts as plain numbers, everything else kept as text. The
value keeps its location, so findings and scores stay attached to the cell the unit edited.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from typing import Any

import msgspec

from jixiao.model.cells import clean, money, number, rate, text_val
from jixiao.model.dossier import Dossier, FigureRow, Val
from jixiao.model.source import Location

MAX_CELL_CHARS = 4000

Reader = Callable[[str, Location | None], Val]

_MONEY_FIELDS = frozenset({"initial", "adjusted", "executed"})
_RATE_FIELDS = frozenset({"rate", "staffing_rate"})
_NUMBER_FIELDS = frozenset(
    {
        "weight",
        "score",
        "points",
        "declared_points",
        "declared_total",
        "level1_points",
        "level2_points",
        "group_points",
    }
)
_PEOPLE_FIELDS = frozenset({"staffing_quota", "staff_actual"})


class EditError(ValueError):
    """A path that names no value of the dossier, or a text that cannot be stored."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{message} [{code}]")
        self.code = code
        self.message = message


def _people(text: str, loc: Location | None) -> Val:
    return number(text, loc, "人")


def reader_for(parts: tuple[str, ...], parent: object) -> Reader:
    """The ingest reader for the value at ``parts`` (``parent`` is the object holding it)."""
    field = parts[-1]
    if isinstance(parent, FigureRow) or (len(parts) >= 2 and parts[-2] == "values"):
        return money
    if field in _MONEY_FIELDS:
        return money
    if field in _RATE_FIELDS:
        return rate
    if field in _NUMBER_FIELDS:
        return number
    if field in _PEOPLE_FIELDS:
        return _people
    if len(parts) >= 3 and parts[-3] in ("by_income", "by_nature") and field == "1":
        return money
    return text_val


def split_path(path: str) -> tuple[str, ...]:
    parts = tuple(p for p in path.split(".") if p)
    if not parts:
        raise EditError("edit_path_empty", "未指定要修改的单元格")
    return parts


def _index(part: str, size: int, path: str) -> int:
    # ASCII digits only: "²".isdigit() is true, and int() refuses it
    if not (part.isascii() and part.isdigit()) or int(part) >= size:
        raise EditError("edit_path_unknown", f"找不到要修改的单元格（{path}）")
    return int(part)


def _child(obj: object, part: str, path: str) -> object:
    if isinstance(obj, tuple):
        return obj[_index(part, len(obj), path)]
    if isinstance(obj, msgspec.Struct) and not isinstance(obj, Val) and part in obj.__struct_fields__:
        return getattr(obj, part)
    raise EditError("edit_path_unknown", f"找不到要修改的单元格（{path}）")


@functools.cache
def _field_types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _without_none(annotation: Any) -> Any:
    """``X | None`` -> ``X``; anything else unchanged."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


@functools.lru_cache(maxsize=4096)
def _declared(path: tuple[str, ...]) -> Any:
    """The type the model declares at ``path``, or ``None`` where it declares none."""
    annotation: Any = Dossier
    for part in path:
        annotation = _without_none(annotation)
        if typing.get_origin(annotation) is tuple:
            args = typing.get_args(annotation)
            if not part.isdigit():
                return None
            if len(args) == 2 and args[1] is Ellipsis:
                annotation = args[0]
            elif part.isdigit() and int(part) < len(args):
                annotation = args[int(part)]
            else:
                return None
        elif (
            isinstance(annotation, type) and issubclass(annotation, msgspec.Struct) and annotation is not Val
        ):
            hints = _field_types(annotation)
            if part not in hints:
                return None
            annotation = hints[part]
        else:
            return None
    return _without_none(annotation)


def check_editable(path: str) -> tuple[str, ...]:
    """The parts of ``path`` if it names a cell of the forms: a field the model declares as a written
    value (``Val``), never a part of one (``.num``, ``.unit``), a structure (a missing ``budget`` or
    ``goal``) or a plain field (``template``, ``kind``)."""
    parts = split_path(path)
    if any(not (p.isascii() and (p.isidentifier() or p.isdigit())) for p in parts):
        raise EditError("edit_path_unknown", f"找不到要修改的单元格（{path}）")
    declared = _declared(parts)
    if declared is None:
        raise EditError("edit_path_unknown", f"找不到要修改的单元格（{path}）")
    if declared is not Val:
        raise EditError("edit_path_not_value", f"该位置不是可填写的单元格（{path}）")
    return parts


def value_at(dossier: Dossier, path: str) -> Val | None:
    """The value at ``path`` (``None`` where the field exists but holds nothing)."""
    obj: object = dossier
    for part in check_editable(path):
        obj = _child(obj, part, path)
        if obj is None:
            return None
    if not isinstance(obj, Val):
        raise EditError("edit_path_not_value", f"该位置不是可填写的单元格（{path}）")
    return obj


def _replace(obj: object, parts: tuple[str, ...], new: Val, path: str) -> Any:
    part, rest = parts[0], parts[1:]
    current = _child(obj, part, path)
    if rest:
        if current is None:
            raise EditError("edit_path_unknown", f"找不到要修改的单元格（{path}）")
        current = _replace(current, rest, new, path)
    elif current is not None and not isinstance(current, Val):
        raise EditError("edit_path_not_value", f"该位置不是可填写的单元格（{path}）")
    else:
        current = new
    if isinstance(obj, tuple):
        index = _index(part, len(obj), path)
        return (*obj[:index], current, *obj[index + 1 :])
    assert isinstance(obj, msgspec.Struct)
    return msgspec.structs.replace(obj, **{part: current})


def _parent(dossier: Dossier, parts: tuple[str, ...], path: str) -> object:
    obj: object = dossier
    for part in parts[:-1]:
        obj = _child(obj, part, path)
        if obj is None:
            raise EditError("edit_path_unknown", f"找不到要修改的单元格（{path}）")
    return obj


def replace_text(dossier: Dossier, path: str, text: str) -> Dossier:
    """A new dossier with the value at ``path`` replaced by ``text``, read as ingest reads that cell.

    The value keeps its location (or gets none if the cell was empty and unlocated); everything else
    is shared with the original dossier, which is unchanged.
    """
    if len(text) > MAX_CELL_CHARS:
        raise EditError("edit_text_too_long", f"内容过长（{len(text)} 字，上限 {MAX_CELL_CHARS} 字）")
    parts = check_editable(path)
    parent = _parent(dossier, parts, path)
    old = value_at(dossier, path)
    read = reader_for(parts, parent)
    new = read(text, old.loc if old is not None else None)
    if read is not text_val and new.num is None and clean(text) not in _NO_FIGURE:
        raise EditError("edit_not_a_number", _NOT_A_NUMBER[read](new.text or text))
    result: Dossier = _replace(dossier, parts, new, path)
    return result


# What a person may type in a figure's cell to say it has none (as the forms themselves write it).
_NO_FIGURE = frozenset({"", "/", "／", "-", "－", "—", "--", "——", "无"})
_NOT_A_NUMBER: dict[Reader, Callable[[str], str]] = {
    money: lambda t: (
        f"「{t[:40]}」不是有效金额：请填写数字（万元，如 993.60；写明“元”或“亿元”的按该单位换算），未保存"
    ),
    rate: lambda t: f"「{t[:40]}」不是有效比率：请填写百分数（如 98.50%），未保存",
    number: lambda t: f"「{t[:40]}」不是有效数字：请填写数字（如 10 或 9.50），未保存",
    _people: lambda t: f"「{t[:40]}」不是人数：请填写整数（如 25），未保存",
}


def replace_value(dossier: Dossier, path: str, value: Val | None) -> Dossier:
    """A new dossier with the value at ``path`` set to ``value`` as given (used to restore a value)."""
    parts = check_editable(path)
    value_at(dossier, path)  # the path must name a value
    if value is None:
        parent = _parent(dossier, parts, path)
        if isinstance(parent, tuple):
            raise EditError("edit_path_not_value", f"该位置不能清空（{path}）")
        result_none: Dossier = _set_none(dossier, parts, path)
        return result_none
    result: Dossier = _replace(dossier, parts, value, path)
    return result


def _set_none(obj: Any, parts: tuple[str, ...], path: str) -> Any:
    part, rest = parts[0], parts[1:]
    if not rest:
        return msgspec.structs.replace(obj, **{part: None})
    current = _child(obj, part, path)
    updated = _set_none(current, rest, path)
    if isinstance(obj, tuple):
        index = _index(part, len(obj), path)
        return (*obj[:index], updated, *obj[index + 1 :])
    return msgspec.structs.replace(obj, **{part: updated})


def changed_values(before: Dossier, after: Dossier) -> list[tuple[str, str | None, str | None]]:
    """Every value whose text differs between two dossiers: ``(path, old text, new text)``.

    Used to record what a version changed; paths are the ones ``replace_text`` accepts. Locations are
    not compared: the same value read from a renamed file is the same value.
    """
    out: list[tuple[str, str | None, str | None]] = []
    _diff(before, after, "", out)
    return out


def _diff(a: object, b: object, prefix: str, out: list[tuple[str, str | None, str | None]]) -> None:
    if a is b:
        return
    if isinstance(a, Val) or isinstance(b, Val) or a is None or b is None:
        old = a.text if isinstance(a, Val) else (None if a is None else str(a))
        new = b.text if isinstance(b, Val) else (None if b is None else str(b))
        if old != new or (isinstance(a, Val) and isinstance(b, Val) and a.num != b.num):
            out.append((prefix, old, new))
        return
    if isinstance(a, tuple) and isinstance(b, tuple):
        for index in range(max(len(a), len(b))):
            _diff(
                a[index] if index < len(a) else None,
                b[index] if index < len(b) else None,
                f"{prefix}.{index}" if prefix else str(index),
                out,
            )
        return
    if isinstance(a, msgspec.Struct) and type(a) is type(b):
        for field in a.__struct_fields__:
            if field == "loc":  # where a value sits is not what it says
                continue
            _diff(getattr(a, field), getattr(b, field), f"{prefix}.{field}" if prefix else field, out)
        return
    if a != b:
        out.append((prefix, str(a), str(b)))
