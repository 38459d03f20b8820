"""Write a ``Grid`` as PDF: the HTML of ``jixiao.render.html`` laid out by WeasyPrint.

Fonts. The PDF uses the CJK font bundled in ``fonts/jixiao-cjk.ttf`` (a pre-subset of WenQuanYi Micro
Hei, rebuilt by ``tools/make_font_subset.py``), loaded with ``@font-face`` from the installed package
by file URL, and embedded (subset again to the glyphs used) in every PDF. So a PDF comes out the same
on every machine, with or without CJK fonts installed, offline, in about a third of a second; a full
system CJK font would take WeasyPrint 1-14 s a document to subset. A character outside the bundled
subset is drawn from a system font when one has it (pango's per-character fallback through the rest
of the font stack), else as a box.

WeasyPrint needs the system's pango (>= 1.44) at run time; it is on the fresh Debian images.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from jixiao.files import atomic_write
from jixiao.model.grid import Grid
from jixiao.render.html import html_document

FONT_FILE = "jixiao-cjk.ttf"


def font_path() -> Path:
    """The bundled font on disk (the package is installed as files, never zipped)."""
    return Path(str(resources.files("jixiao.render") / "fonts" / FONT_FILE))


def pdf_bytes(grid: Grid, *, title: str | None = None) -> bytes:
    """The grid laid out as a PDF document."""
    # Imported here: WeasyPrint loads pango and fontconfig, which readers and the CLI do not need.
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    font = font_path()
    html = drawable(html_document(grid, title=title, font_url=font.as_uri()))
    fonts = FontConfiguration()
    document = HTML(string=html, base_url=font.parent.as_uri() + "/")
    result = document.write_pdf(font_config=fonts)
    assert isinstance(result, bytes)  # write_pdf without a target returns the bytes
    return result


@cache
def _bundled_characters() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(font_path(), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _private_use(code: int) -> bool:
    return 0xE000 <= code <= 0xF8FF or code >= 0xF0000


@cache
def _system_draws(code: int) -> bool:
    """Whether a font installed on this machine has the character (asked of fontconfig's ``fc-list``;
    where there is no ``fc-list``, as on Windows, the system is trusted to have one)."""
    if _private_use(code):
        return False
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    try:
        found = subprocess.run(
            [fc_list, f":charset={code:x}", "family"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return True
    return bool(found.stdout.strip())


def drawable(text: str) -> str:
    """``text`` with the characters no font here draws replaced by U+FFFD.

    A character no font draws becomes glyph 0, which makes the PDF's whole text unreadable to
    pdfminer (so to pdfplumber and to jixiao's own reader). The bundled font draws what official
    forms use, Word's Wingdings symbols as the sign they stand for; beyond it, a rare hanzi is drawn
    by a system CJK font when the machine has one (pango's fallback), else written as U+FFFD.
    """
    known = _bundled_characters()
    missing = {ch for ch in text if ord(ch) >= 0x80 and ord(ch) not in known}
    lost = {ch for ch in missing if not _system_draws(ord(ch))}
    if not lost:
        return text
    return "".join("\ufffd" if ch in lost else ch for ch in text)


def html_pdf_bytes(html: str) -> bytes:
    """A standalone HTML page (the audit's 审核意见, say) as a PDF, its Chinese drawn with the bundled
    font whatever fonts the machine has."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font = font_path()
    fonts = FontConfiguration()
    bundled = CSS(
        string=f"@font-face {{ font-family: 'jixiao-cjk'; src: url('{font.as_uri()}'); }}"
        " body, h1, h2, h3, table, th, td { font-family: 'jixiao-cjk', sans-serif !important; }"
        " @page { size: A4; margin: 18mm 15mm; }",
        font_config=fonts,
    )
    result = HTML(string=drawable(html), base_url=font.parent.as_uri() + "/").write_pdf(
        stylesheets=[bundled], font_config=fonts
    )
    assert isinstance(result, bytes)
    return result


def write_pdf(grid: Grid, out: Path | BinaryIO, *, title: str | None = None) -> None:
    """Write the grid as PDF to ``out``: a path (written atomically: a whole file or none) or a stream."""
    data = pdf_bytes(grid, title=title)
    if isinstance(out, (str, Path)):
        atomic_write(Path(out), data)
    else:
        out.write(data)


__all__ = ["drawable", "font_path", "html_pdf_bytes", "pdf_bytes", "write_pdf"]
