"""Scoring rules as data: rule packs (YAML) and the named formulas they refer to."""

from jixiao.rules.pack import PackError, PackSpec, available, load_pack, pack_for_template

__all__ = ["PackError", "PackSpec", "available", "load_pack", "pack_for_template"]
