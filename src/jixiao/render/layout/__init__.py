"""Dossier -> the official forms as a ``Grid`` (paragraphs and tables with merged cells).

``layout_dossier`` lays out every form a dossier holds, in its official layout, then the report's
sections as written. Values are written exactly as the documents state them (``Val.text``), so the
loader's recognisers read the grid back into the same dossier (locations aside): see
``tests/render/test_layout.py`` for the round trip and the fields where it cannot hold.
"""

from jixiao.render.layout.document import layout_dossier, section_blocks

__all__ = ["layout_dossier", "section_blocks"]
