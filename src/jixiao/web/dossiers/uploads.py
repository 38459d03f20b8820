"""Uploads: checked, staged outside the web root under ``UPLOAD_DIR/<user>/<token>/``, read by ingest.

A staged file is never served and never replaces anything until its user confirms the extracted
values. Names are reduced to a plain file name (no directories, no ``..``), the extension must be one
ingest reads, the size is capped, and the first bytes must match the declared type.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from jixiao.ingest.errors import IngestError
from jixiao.ingest.guarded import load_path_guarded
from jixiao.ingest.limits import Limits
from jixiao.model.dossier import Dossier

_MAGIC = {
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".pdf": (b"%PDF-",),
}
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class UploadError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{message} [{code}]")
        self.code = code
        self.message = message


def safe_name(name: str) -> str:
    """A plain file name: the last path component, no control or reserved characters, bounded length."""
    base = re.split(r"[\\/]", name or "")[-1].strip().lstrip(".")
    base = _UNSAFE.sub("_", base)
    if not base or base in (".", ".."):
        raise UploadError("upload_bad_name", "文件名无效")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        raise UploadError("upload_bad_type", "文件缺少扩展名；支持 " + "、".join(settings.UPLOAD_EXTENSIONS))
    return f"{_bounded(stem, NAME_BYTES)}.{ext.lower()[:10]}"


# File systems limit a name to 255 bytes, and a Chinese character is three in UTF-8: 84 of them and the
# staging suffix ``.part`` used to fail with ENAMETOOLONG. Names are cut at a character boundary.
NAME_BYTES = 150


def _bounded(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore").rstrip()


def _user_dir(user_id: int) -> Path:
    return Path(settings.UPLOAD_DIR) / str(int(user_id))


def stage(upload: UploadedFile[bytes], user_id: int) -> tuple[str, Path]:
    """Check and store the upload; return its token and staged path."""
    name = safe_name(upload.name or "")
    ext = Path(name).suffix
    if ext not in settings.UPLOAD_EXTENSIONS:
        raise UploadError(
            "upload_bad_type", f"不支持的文件类型 {ext}；支持 " + "、".join(settings.UPLOAD_EXTENSIONS)
        )
    size = upload.size or 0
    if size == 0:
        raise UploadError("upload_empty", "文件为空")
    if size > settings.UPLOAD_MAX_BYTES:
        limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        raise UploadError("upload_too_large", f"文件过大（{size / 1048576:.1f} MB，上限 {limit} MB）")
    head = next(upload.chunks(64), b"")[:16]
    upload.seek(0)
    magic = _MAGIC.get(ext)
    if magic is not None and not head.startswith(magic):
        raise UploadError("upload_type_mismatch", f"文件内容与扩展名 {ext} 不符")
    _sweep(_user_dir(user_id))
    token = secrets.token_hex(16)
    folder = _user_dir(user_id) / token
    folder.mkdir(parents=True, exist_ok=False)
    target = folder / name
    if target.resolve().parent != folder.resolve():
        raise UploadError("upload_bad_name", "文件名无效")
    tmp = folder / (name + ".part")
    with tmp.open("wb") as out:
        written = 0
        for chunk in upload.chunks():
            written += len(chunk)
            if written > settings.UPLOAD_MAX_BYTES:
                out.close()
                shutil.rmtree(folder, ignore_errors=True)
                raise UploadError("upload_too_large", "文件过大")
            out.write(chunk)
    tmp.replace(target)
    return token, target


STAGED_FOR = 24 * 3600  # seconds an unconfirmed upload is kept


TEMPORARY_FOR = 3600  # seconds a request's own temporary upload file may outlive its request


def _sweep(folder: Path) -> None:
    """Remove this user's staged uploads that were never confirmed within a day, and the temporary
    files of uploads whose request never finished (a connection cut mid-upload)."""
    now = time.time()
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.is_dir() and _TOKEN.match(entry.name) and entry.stat().st_mtime < now - STAGED_FOR:
                shutil.rmtree(entry, ignore_errors=True)
    sweep_temporary(now)


def sweep_temporary(now: float | None = None) -> int:
    """Remove request temporary files (``FILE_UPLOAD_TEMP_DIR``, ours alone) older than an hour."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR or "")
    if not settings.FILE_UPLOAD_TEMP_DIR or not folder.is_dir():
        return 0
    limit = (time.time() if now is None else now) - TEMPORARY_FOR
    removed = 0
    for entry in folder.iterdir():
        try:
            if entry.is_file() and entry.stat().st_mtime < limit:
                entry.unlink()
                removed += 1
        except OSError:
            continue  # another process removed it first
    return removed


def staged_path(user_id: int, token: str) -> Path:
    """The staged file of ``token`` for this user; a token of another user or a bad token is not found."""
    if not _TOKEN.match(token or ""):
        raise UploadError("upload_not_found", "上传文件不存在或已过期，请重新上传")
    folder = _user_dir(user_id) / token
    files = (
        [p for p in folder.glob("*") if p.is_file() and not p.name.endswith(".part")]
        if folder.is_dir()
        else []
    )
    if len(files) != 1:
        raise UploadError("upload_not_found", "上传文件不存在或已过期，请重新上传")
    return files[0]


UPLOAD_LIMITS = Limits()  # the readers' defaults: 60 s and 1 GiB a file


def read_staged(path: Path) -> Dossier:
    """The staged file read in a worker bounded in time and memory (``jixiao.ingest.guarded``): a
    crafted upload answers with a coded message, and the server keeps neither the time nor the memory."""
    try:
        return load_path_guarded(path, UPLOAD_LIMITS)
    except IngestError as exc:
        raise UploadError(exc.code, f"{exc.file}：{exc.message}") from exc


def discard(user_id: int, token: str) -> None:
    if _TOKEN.match(token or ""):
        shutil.rmtree(_user_dir(user_id) / token, ignore_errors=True)


def extensions() -> tuple[str, ...]:
    """The file types an upload may have (what ``jixiao.ingest.loader`` reads)."""
    return tuple(settings.UPLOAD_EXTENSIONS)
