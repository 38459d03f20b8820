"""Exports of a dossier's forms (Word, Excel, PDF, JSON), rendered once per content and kept.

A stored version never changes, so the bytes of its export never do either: they are kept under
``DATA_DIR/exports`` by a hash of what they are made from (the dossier's text, the format, the title)
and served from there afterwards. A PDF costs seconds of CPU; one export is rendered at a time per
server process, and an anonymous visitor who finds the renderer busy is asked to retry rather than
queued behind it, so a crowd of public downloads cannot starve the people working in the application.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from django.conf import settings

from jixiao.files import atomic_write
from jixiao.web.dossiers.models import DossierRecord

KEEP = 2000  # exports kept on disk; the oldest go first
_RENDERING = threading.BoundedSemaphore(1)


class ExportBusy(Exception):
    code = "export_busy"
    message = "正在为其他访问者生成文件，请稍后再试（约半分钟）"


def export_dir() -> Path:
    return Path(settings.DATA_DIR) / "exports"


def _key(record: DossierRecord, fmt: str) -> str:
    digest = hashlib.sha256()
    for part in (record.dossier_json, fmt, str(record.task)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:40]


def cached_export(record: DossierRecord, fmt: str, *, wait: bool) -> bytes:
    """The export's bytes: kept ones if this content was rendered before, else rendered now.

    ``wait``: a signed-in user waits for the renderer; an anonymous visitor gets ``ExportBusy``."""
    from jixiao.web.dossiers.views import export_bytes

    path = export_dir() / f"{_key(record, fmt)}.{fmt}"
    if path.is_file():
        return path.read_bytes()
    if not _RENDERING.acquire(blocking=wait):
        raise ExportBusy
    try:
        if path.is_file():  # rendered while this request waited
            return path.read_bytes()
        data = export_bytes(record, fmt)
        atomic_write(path, data)
        _prune(path.parent)
        return data
    finally:
        _RENDERING.release()


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.*"), key=lambda p: p.stat().st_mtime)
    for old in files[:-KEEP]:
        old.unlink(missing_ok=True)
