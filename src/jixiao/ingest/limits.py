"""Size and time limits for reading untrusted files, and the zip check every Office (OOXML) reader runs.

A .docx or .xlsx is a zip archive. A hostile one (a "zip bomb") declares a few kilobytes and inflates
to gigabytes; ``check_zip`` refuses it from the archive's directory, before anything is inflated.
Python's zipfile stops inflating a member at its declared size, so the declared sizes are a real bound.

The limits are a ``Limits`` struct so a caller (a web upload, a batch on a big server) can pass its
own; ``DEFAULT_LIMITS`` is what the command line uses.
"""

from __future__ import annotations

import io
import time
import zipfile

import msgspec


class Limits(msgspec.Struct, frozen=True):
    max_uncompressed: int = 200 * 1024 * 1024  # sum of the members' sizes once inflated, bytes
    max_ratio: int = 200  # inflated / compressed, for members over ``ratio_floor`` bytes
    ratio_floor: int = 1024 * 1024  # small members may compress very well (repeated XML)
    max_members: int = 10_000
    max_seconds: float = 60.0  # reading one document, parsing and recognising excluded
    max_table_cells: int = 1_000_000
    max_bytes: int = 100 * 1024 * 1024  # a file read whole (PDF)
    max_pages: int = 1000  # pages of a PDF


DEFAULT_LIMITS = Limits()


class LimitExceeded(Exception):
    """A limit was hit; ``code`` and ``message`` are ready for an ``IngestError``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_zip(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise ``LimitExceeded`` for an archive that would inflate beyond the limits.

    ``zipfile.BadZipFile`` (and ``OSError``/``ValueError``/``EOFError`` from a damaged directory,
    ``NotImplementedError`` for a zip version Python cannot read) pass through for the caller, who
    knows which format it expected.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_archive(archive, limits)


def check_archive(archive: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS) -> None:
    """``check_zip`` for an archive already open (its directory read, nothing inflated yet)."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise LimitExceeded(
            "archive_too_large", f"压缩包内文件过多（{len(members)} 个，上限 {limits.max_members} 个）"
        )
    total = 0
    for info in members:
        total += info.file_size
        if total > limits.max_uncompressed:
            raise LimitExceeded(
                "archive_too_large",
                f"解压后内容过大（超过 {limits.max_uncompressed} 字节），可能是恶意构造的文件（zip 炸弹）",
            )
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise LimitExceeded(
                "archive_too_large",
                f"压缩包成员 {info.filename} 的压缩比异常（{info.file_size} / {info.compress_size}），"
                "可能是恶意构造的文件（zip 炸弹）",
            )


class Deadline:
    """A time limit checked between steps of a reader (library calls themselves are not interrupted)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise LimitExceeded("ingest_timeout", f"读取超时（超过 {self.seconds:g} 秒）")
