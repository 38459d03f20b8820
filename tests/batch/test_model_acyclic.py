"""The model's Structs opt out of the cyclic garbage collector (``gc=False``): safe only because none can
hold a cycle. Every field of every model Struct is checked to be immutable and acyclic by type
(str, int, bool, Decimal, None, Literal, tuples of those, or another such Struct), and a dossier
read from a seed is walked: every Struct in it untracked, nothing but Structs, tuples and atoms."""

from __future__ import annotations

import gc
import types
import typing
from decimal import Decimal
from typing import Any

import msgspec
from tests.conftest import SEED_FILES

from jixiao.ingest.loader import load_path
from jixiao.model import dossier as dossier_module
from jixiao.model import grid as grid_module
from jixiao.model import source as source_module

_ATOMS = (str, int, float, bool, Decimal, type(None))


def _model_structs() -> list[type[msgspec.Struct]]:
    found: list[type[msgspec.Struct]] = []
    for module in (dossier_module, grid_module, source_module):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, msgspec.Struct)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def _acyclic(annotation: Any, path: str) -> None:
    origin = typing.get_origin(annotation)
    if annotation in _ATOMS:
        return
    if origin is typing.Literal:
        assert all(isinstance(a, _ATOMS) for a in typing.get_args(annotation)), path
        return
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            _acyclic(arg, path)
        return
    if origin is tuple:
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis:
                _acyclic(arg, path)
        return
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        assert annotation.__struct_config__.frozen, f"{path}: {annotation.__name__} is not frozen"
        assert not annotation.__struct_config__.gc, f"{path}: {annotation.__name__} without gc=False"
        return
    raise AssertionError(f"{path}: {annotation!r} may hold a cycle (a mutable or unknown type)")


def test_every_model_struct_is_frozen_gc_free_and_acyclic_by_type() -> None:
    structs = _model_structs()
    assert {s.__name__ for s in structs} >= {"Dossier", "Val", "Location", "Grid", "GridCell", "Fact"}
    for struct in structs:
        config = struct.__struct_config__
        assert config.frozen and not config.gc, struct.__name__
        module = __import__(struct.__module__, fromlist=["_"])
        hints = typing.get_type_hints(struct, vars(module))
        for name in struct.__struct_fields__:
            _acyclic(hints[name], f"{struct.__name__}.{name}")


def test_a_read_dossier_is_untracked_by_the_cyclic_collector() -> None:
    dossier = load_path(SEED_FILES["000"])
    assert not gc.is_tracked(dossier)
    count = 0

    def walk(obj: object) -> None:
        nonlocal count
        if isinstance(obj, msgspec.Struct):
            count += 1
            assert not gc.is_tracked(obj), type(obj).__name__
            for field in obj.__struct_fields__:
                walk(getattr(obj, field))
        elif isinstance(obj, tuple):
            for item in obj:
                walk(item)
        else:
            assert isinstance(obj, _ATOMS), type(obj)

    walk(dossier)
    assert count > 100
