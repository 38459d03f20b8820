"""Dossier -> the official forms as a ``Grid`` (paragraphs and tables with merged cells).

``layout_dossier`` lays out every form a dossier holds, in its official layout (each form's layout
lives with its reader in ``jixiao.forms``), then the report's sections as written. Values are written
exactly as the documents state them (``Val.text``), so the loader's readers read the grid back into
the same dossier (locations aside): see ``tests/render/test_layout.py`` for the round trip and the
fields where it cannot hold.

``build`` (the table builder) is imported by the forms' layouts, and ``document`` imports the forms:
so this package imports ``document`` when one of its names is first asked for, not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.render.layout.document import layout_dossier, section_blocks

__all__ = ["layout_dossier", "section_blocks"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from jixiao.render.layout import document

        return getattr(document, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
