"""Rebuild the CJK font bundled for PDF output: ``src/jixiao/render/fonts/jixiao-cjk.ttf``.

WeasyPrint subsets every font it embeds, once per document; a full CJK font (5-20 MB) makes that take
1-14 s a document, a font already cut down to the characters official forms use takes a third of a
second (docs: shared/docs/stack.md). So the package ships a subset of WenQuanYi Micro Hei
(文泉驿微米黑, Apache-2.0 or GPL-3+ with font exception; licence in ``fonts/LICENSE-wqy-microhei.txt``)
holding:

* every character of GB 2312 (6,763 hanzi, the full-width forms, CJK punctuation, Greek, Cyrillic),
* ASCII, Latin-1 punctuation, the full-width block U+FF01-FF5E, CJK symbols U+3000-303F,
* the signs forms use: ≥ ≤ × ÷ ％ ‰ ℃ √ □ ■ ☑ ☐ ○ ● △ ▲ ★ ※ → ← ↑ ↓ № … — – · • 、,
* every character of the seed documents (tests/fixtures/seeds) and of the package's own source, rule
  packs and templates (form labels, messages),
* Wingdings symbols Word leaves in private-use code points (U+F0FE ...), drawn as the sign they
  stand for (``PRIVATE_USE_ALIASES``).

Characters outside the subset (rare hanzi in a unit's name, say) are drawn by the system's fonts
when it has a CJK font (pango falls back per character). On a machine without one, the PDF writer
draws them as U+FFFD (a character no font draws would make the PDF's text unreadable to pdfminer),
so add such characters here and rebuild.

Usage (needs the source font once, on the build machine only)::

    apt-get install -y fonts-wqy-microhei
    .venv/bin/python tools/make_font_subset.py [--source /usr/share/fonts/truetype/wqy/wqy-microhei.ttc]
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "jixiao" / "render" / "fonts" / "jixiao-cjk.ttf"
SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FAMILY = "Jixiao CJK"

EXTRA = "≥≤≠±×÷％‰℃°√□■☑☐○●◎△▲☆★※→←↑↓№…—–·•、‘’“”《》〈〉「」『』【】〔〕①②③④⑤⑥⑦⑧⑨⑩\ufffd"

# Word documents keep Wingdings symbols as private-use code points (seed 004 ticks its options with
# U+F0FE). No font on a Linux machine draws them, and a character no font draws becomes glyph 0,
# which pdfminer (so pdfplumber) cannot read back. The bundled font draws them with the glyph of the
# sign they stand for, and the PDF's text keeps the code point the document had.
PRIVATE_USE_ALIASES = {
    0xF0FE: 0x221A,  # Wingdings checked box -> √ (the forms tick options with √)
    0xF0FC: 0x221A,  # Wingdings check mark -> √
    0xF0A8: 0x25A1,  # Wingdings empty box -> □
    0xF06F: 0x25A1,  # Wingdings ballot box -> □
    0xF0A1: 0x25CB,  # Wingdings circle -> ○
    0xF06C: 0x25CF,  # Wingdings filled circle -> ●
}


def gb2312() -> set[str]:
    chars: set[str] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def project_text() -> set[str]:
    chars: set[str] = set()
    patterns = ("tests/fixtures/seeds/*.txt", "src/jixiao/**/*.py", "src/jixiao/**/*.yaml")
    for pattern in patterns:
        for path in ROOT.glob(pattern):
            chars |= set(path.read_text(encoding="utf-8"))
    return chars


def wanted() -> str:
    chars = gb2312() | project_text() | set(EXTRA)
    chars |= {chr(c) for c in range(0x20, 0x7F)}
    chars |= {chr(c) for c in range(0xA0, 0x100)}
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}
    chars |= {chr(c) for c in range(0x3000, 0x3040)}
    return "".join(sorted(c for c in chars if c.isprintable() or c == "\u3000"))


def build(source: Path, out: Path) -> int:
    font = TTFont(
        source, fontNumber=0, recalcTimestamp=False
    )  # the .ttc's first face is the proportional Micro Hei
    # (the source font's own timestamp is kept, so rebuilding gives the same bytes)
    options = subset.Options()
    options.hinting = False  # PDF viewers rasterise without hints; saves a third of the size
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep copyright and licence records
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=wanted())
    subsetter.subset(font)
    _rename(font)
    _alias_private_use(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    font.save(tmp)
    tmp.replace(out)
    return len(font.getBestCmap())


def _alias_private_use(font: TTFont) -> None:
    """Each alias gets its own copy of the sign's glyph: a PDF maps glyphs (not characters) back to
    text, so a shared glyph would read back as the sign, not as the document's code point."""
    font.ensureDecompiled()  # every table read now, while the glyph order is the old one
    cmap = font.getBestCmap()
    glyf, hmtx = font["glyf"], font["hmtx"]
    order = list(font.getGlyphOrder())
    for code, sign in PRIVATE_USE_ALIASES.items():
        source = cmap.get(sign)
        if source is None:
            continue
        name = f"uni{code:04X}"
        glyf.glyphs[name] = copy.deepcopy(glyf[source])
        hmtx.metrics[name] = hmtx.metrics[source]
        if "vmtx" in font:
            font["vmtx"].metrics[name] = font["vmtx"].metrics[source]
        order.append(name)
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[code] = name
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    font["maxp"].numGlyphs = len(order)


def _rename(font: TTFont) -> None:
    """A family name of its own, so the bundled subset never shadows (or is shadowed by) a full install."""
    names = font["name"]
    for record in names.names:
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "")
        elif record.nameID == 3:
            record.string = f"{FAMILY} subset of WenQuanYi Micro Hei 0.2.0-beta"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    glyphs = build(args.source, args.out)
    print(f"{args.out}: {args.out.stat().st_size:,} bytes, {glyphs:,} characters mapped")


if __name__ == "__main__":
    main()
