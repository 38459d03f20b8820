"""What kind of file this is, from its bytes rather than its name (users rename files; WPS saves
.xls content under .xlsx names, and web downloads lose their extensions).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Literal

FileKind = Literal["text", "docx", "xlsx", "ooxml", "zip", "ole", "pdf", "rtf", "html", "binary"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, Excel .xls, encrypted OOXML

# A PDF read by content under another extension says so (``extension_note``): it is laid out and read
# quite differently from the Word or Excel file its name promises. (A .docx under an .xlsx name and the
# like are read by content without a note: the same forms, the same reading.)
# Plain text up to this size is read in the calling process, without a worker process: its reader is
# linear and cheap (``jixiao.ingest.guarded`` and the command line both ask ``small_text``).
IN_PROCESS_BYTES = 1024 * 1024

_OTHER_FORMATS = (".docx", ".docm", ".dotx", ".doc", ".xlsx", ".xlsm", ".xls", ".txt", ".rtf", ".wps", ".et")


def sniff(data: bytes) -> FileKind:
    """The kind of a file from its content.

    ``ole`` covers .doc, .xls and password-protected .docx/.xlsx (Office encrypts OOXML into an OLE
    container); the reader of that kind tells them apart. ``ooxml`` is a zip with Office content that
    is neither a document nor a workbook (a .pptx, say); ``zip`` any other archive.
    """
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head == OLE_MAGIC:
        return "ole"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    lowered = data[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def _zip_kind(data: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):  # "zip file version 8.4"
        return "zip"  # damaged: the reader of the extension's kind reports it
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "[Content_Types].xml" in names:
        return "ooxml"
    return "zip"


def extension_note(suffix: str, kind: FileKind) -> str | None:
    """A note for the reviewer when PDF bytes were read under the extension of another document format
    (a PDF saved as .docx); ``None`` otherwise, and for no or a meaningless extension (web downloads
    lose theirs, mail gateways write .bin)."""
    suffix = suffix.lower()
    if kind != "pdf" or suffix not in _OTHER_FORMATS:
        return None
    return f"文件扩展名为 {suffix}，内容实为 PDF，已按 PDF 读取"


def small_text(path: Path) -> bool:
    """A plain text file of at most ``IN_PROCESS_BYTES`` (no zip, PDF or Office container to open), to
    be read in the calling process. A file that cannot be opened counts as one: the loader reports it,
    with its code."""
    try:
        if path.stat().st_size > IN_PROCESS_BYTES:
            return False
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return True
    return sniff(head) == "text"
