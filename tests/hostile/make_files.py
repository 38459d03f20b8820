"""Crafted hostile inputs for the readers (jixiao issue #15): each generator writes one file into a folder
and returns its path. Sizes are parameters, so the tests can keep them small and pass lower limits
while the limits still bite; run as a script to write full-size ones for measuring by hand:

    python tests/hostile/make_files.py /tmp/hostile [--full]
"""

from __future__ import annotations

import argparse
import io
import random
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SEED_000 = SEEDS / "000_1afaa083905f87c4.txt"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def _docx(document_xml: bytes, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document_xml)
    return out.getvalue()


def _document(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'.encode()


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """The archive with ``member``'s declared size (local header and central directory) set to
    ``declared`` and its CRC to that of its first ``declared`` bytes: a reader that trusts the
    directory and stops there sees a consistent member, one that inflates everything does not."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
        content = archive.read(member)
    crc = zlib.crc32(content[:declared])
    buf = bytearray(data)
    offset = info.header_offset
    assert buf[offset : offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", buf, offset + 14, crc)
    struct.pack_into("<I", buf, offset + 22, declared)
    name = member.encode()
    position = 0
    while True:
        position = buf.find(b"PK\x01\x02", position)
        assert position >= 0, "member not in the central directory"
        length = struct.unpack_from("<H", buf, position + 28)[0]
        if bytes(buf[position + 46 : position + 46 + length]) == name:
            break
        position += 4
    struct.pack_into("<I", buf, position + 16, crc)
    struct.pack_into("<I", buf, position + 24, declared)
    return bytes(buf)


def lying_docx(folder: Path, inflated: int = 400 * 1024 * 1024) -> Path:
    """A .docx whose ``word/document.xml`` is declared as 1,000 bytes and inflates to ``inflated``
    (valid XML, then spaces): compressed, a few hundred kilobytes."""
    head = _document(_paragraph("标题") * 20)
    xml = head + b" " * max(inflated - len(head), 0)
    path = folder / "lying.docx"
    path.write_bytes(lie_about_size(_docx(xml), "word/document.xml", 1000))
    return path


def lying_xlsx(folder: Path, inflated: int = 400 * 1024 * 1024) -> Path:
    """A workbook whose ``xl/sharedStrings.xml`` -- read whole by calamine, only its head by our own
    code -- is declared as its honest small size and inflates to ``inflated`` bytes."""
    honest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        "<si><t>项目名称</t></si></sst>"
    ).encode()
    padded = honest[: -len(b"</sst>")] + b"<si><t>" + b"a" * inflated + b"</t></si></sst>"
    sheet = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row>'
    data = _xlsx(sheet, padded)
    path = folder / "lying.xlsx"
    path.write_bytes(lie_about_size(data, "xl/sharedStrings.xml", len(honest)))
    return path


def bomb_docx(folder: Path, xml_bytes: int = 190 * 1024 * 1024, seed: int = 1, runs: int = 40) -> Path:
    """A .docx holding ``xml_bytes`` of valid XML: paragraphs of ``runs`` runs of varied text each
    (many elements, few paragraphs, so no count limit refuses it), the compression ratio near 5,
    under every directory limit."""
    rng = random.Random(seed)
    words = [f"第{i}项工作完成{rng.randrange(1000)}件" for i in range(500)]
    parts: list[str] = []
    size = 0
    while size < xml_bytes:
        paragraph = (
            "<w:p>" + "".join(f"<w:r><w:t>{rng.choice(words)}</w:t></w:r>" for _ in range(runs)) + "</w:p>"
        )
        parts.append(paragraph)
        size += len(paragraph.encode())
    path = folder / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", _document("".join(parts)))
    return path


def deep_docx(folder: Path, depth: int = 100_000) -> Path:
    """A .docx whose body nests ``depth`` tables inside each other's first cell, stored uncompressed
    (so that no compression ratio gives it away)."""
    body = "<w:tbl><w:tr><w:tc>" * depth + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth
    path = folder / "deep.docx"
    path.write_bytes(_docx(_document(body), zipfile.ZIP_STORED))
    return path


def _pdf(content: bytes, pages: int = 1) -> bytes:
    """A minimal PDF: ``pages`` pages sharing one content stream, Helvetica as F1."""
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
        for _ in range(pages)
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def many_rects_pdf(folder: Path, rects: int = 6000, layout: str = "grid", seed: int = 5) -> Path:
    """One page with ``rects`` stroked rectangles, and text in and around them. ``grid``: a ruled
    table of tiny cells; ``apart``: rectangles not touching (as many one-cell tables); ``random``:
    overlapping rectangles anywhere (as a fuzzer makes them)."""
    rng = random.Random(seed)
    columns = 60
    rows = max(rects // columns, 1)
    width, height = 500 / columns, 700 / rows
    lines = [b"0.5 w"]
    for i in range(rects):
        r, c = divmod(i, columns)
        if layout == "grid":
            box = (40 + c * width, 60 + r * height, width, height)
        elif layout == "apart":
            box = (40 + c * width, 60 + r * height, width * 0.6, height * 0.6)
        else:
            box = (rng.uniform(20, 560), rng.uniform(20, 800), rng.uniform(2, 200), rng.uniform(2, 200))
        lines.append(b"%.2f %.2f %.2f %.2f re S" % box)
    text = b" ".join(b"(%d) Tj" % i for i in range(40))
    for r in range(0, 60):
        lines.append(b"BT /F1 6 Tf 40 %d Td %s ET" % (60 + r * 12, text))
    lines.append(b"BT /F1 8 Tf 40 780 Td (Project budget execution 2023) Tj ET")
    path = folder / f"rects-{layout}.pdf"
    path.write_bytes(_pdf(b"\n".join(lines)))
    return path


def huge_tsv(folder: Path, megabytes: float = 40, blank_lines: float = 0.05) -> Path:
    """Tab-separated lines (a spreadsheet pasted as text): every line starts with a tab, as Word's
    export writes table cells, and rows are separated by blank lines now and then (a share
    ``blank_lines`` of the lines; with none, the whole file is one row of cells)."""
    rng = random.Random(3)
    target = int(megabytes * 1024 * 1024)
    lines: list[str] = []
    size = 0
    while size < target:
        line = "\t" + "\t".join(f"{rng.randrange(100000)}.{rng.randrange(100):02d}" for _ in range(8))
        lines.append(line)
        size += len(line) + 1
        if rng.random() < blank_lines:
            lines.append("")
    path = folder / f"huge-{blank_lines:g}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def huge_digits_txt(folder: Path, digits: int = 40) -> Path:
    """Seed 000 with every number cell (weights, amounts, rates) written with ``digits`` digits."""
    text = SEED_000.read_text(encoding="utf-8")
    huge = re.sub(r"(?m)^\t(\d+(\.\d+)?)(%?)$", lambda m: "\t" + "9" * digits + m.group(3), text)
    path = folder / "digits.txt"
    path.write_text(huge, encoding="utf-8")
    return path


def big5_txt(folder: Path) -> Path:
    """Seed 000 in traditional characters, encoded as Big5 (as Taiwanese and Hong Kong tools save)."""
    import opencc

    traditional = opencc.OpenCC("s2t").convert(SEED_000.read_text(encoding="utf-8"))
    path = folder / "big5.txt"
    path.write_bytes(traditional.encode("big5", errors="replace"))
    return path


def pdf_as_docx(folder: Path) -> Path:
    """A PDF (seed 000 rendered by ``jixiao render``) saved under a .docx name."""
    from jixiao.cli.main import main

    rendered = folder / "rendered.pdf"
    main(["render", str(SEED_000), "--to", "pdf", "-o", str(rendered)])
    path = folder / "pdf-named.docx"
    path.write_bytes(rendered.read_bytes())
    rendered.unlink()
    return path


def _xlsx(rows_xml: str, shared_strings: bytes | None = None) -> bytes:
    """A minimal workbook of one sheet (raw XML, as any writer could produce it)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    types = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{types}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{types}.worksheet+xml"/>'
            + (
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{types}.sharedStrings+xml"/>'
                if shared_strings is not None
                else ""
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Target="xl/workbook.xml" Type="{rel}/officeDocument"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{rel}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{rel}/worksheet"/>'
            + (
                f'<Relationship Id="rId2" Target="sharedStrings.xml" Type="{rel}/sharedStrings"/>'
                if shared_strings is not None
                else ""
            )
            + "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}"><sheetData>{rows_xml}'
            "</sheetData></worksheet>"
        ),
    }
    if shared_strings is not None:
        members["xl/sharedStrings.xml"] = shared_strings
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def huge_xlsx(folder: Path, rows: int = 999_000, columns: int = 1) -> Path:
    """A workbook with ``rows`` rows of ``columns`` number cells (999,000 x 1 stays under the
    1,000,000-cell limit)."""
    letters = [chr(ord("A") + c) for c in range(columns)]
    body = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{x}{r}"><v>{r * 7 + i}</v></c>' for i, x in enumerate(letters))
        + "</row>"
        for r in range(1, rows + 1)
    )
    path = folder / "huge.xlsx"
    path.write_bytes(_xlsx(body))
    return path


GENERATORS = {
    "lying_docx": lying_docx,
    "lying_xlsx": lying_xlsx,
    "bomb_docx": bomb_docx,
    "deep_docx": deep_docx,
    "many_rects_pdf": many_rects_pdf,
    "huge_tsv": huge_tsv,
    "huge_xlsx": huge_xlsx,
    "huge_digits_txt": huge_digits_txt,
    "big5_txt": big5_txt,
    "pdf_as_docx": pdf_as_docx,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", nargs="*", choices=sorted(GENERATORS))
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    for name in args.only or GENERATORS:
        print(GENERATORS[name](args.folder))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
