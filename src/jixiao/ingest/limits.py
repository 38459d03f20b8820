"""Size and time limits for reading untrusted files, and the zip check every Office (OOXML) reader runs.

A .docx or .xlsx is a zip archive. A hostile one (a "zip bomb") declares a few kilobytes and inflates
to gigabytes; ``check_archive`` refuses it from the archive's directory, before anything is inflated.
The directory's sizes can lie, though: ``ZipExtFile.read()`` with no size asks zlib for up to 2 GiB
at once and only then cuts the result to the declared size, so a member declared as 1,000 bytes that
inflates to 1.9 GB costs 1.9 GB. Members are therefore read with ``read_member`` (bounded chunks,
never more than the declared size and the limit), and an archive handed to a library that inflates
on its own (python-calamine, whose Rust zip reader does not stop at the declared size) is first
inflated once here, in bounded chunks, by ``check_zip``: a member that inflates beyond its declared
size is refused before the library sees it.

Only stored and deflated members are accepted (all Office writers use these); bzip2 and LZMA members,
which zipfile inflates without an output bound, are refused.

The time and memory a whole read may take are enforced around it, in a worker process
(``jixiao.ingest.guarded``): ``max_seconds`` and ``max_memory``. ``Deadline`` checks between a
reader's steps are a cheaper first line.

The limits are a ``Limits`` struct so a caller (a web upload, a batch on a big server) can pass its
own; ``DEFAULT_LIMITS`` is what the command line uses.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib

import msgspec


class Limits(msgspec.Struct, frozen=True):
    max_uncompressed: int = 200 * 1024 * 1024  # sum of the members' sizes once inflated, bytes
    max_ratio: int = 200  # inflated / compressed, for members over ``ratio_floor`` bytes
    ratio_floor: int = 1024 * 1024  # small members may compress very well (repeated XML)
    max_members: int = 10_000
    max_seconds: float = 60.0  # reading one document (in the guarded worker: reading and recognising)
    max_memory: int = 1024 * 1024 * 1024  # address space the guarded worker may add to what it starts with
    max_table_cells: int = 1_000_000
    max_bytes: int = 100 * 1024 * 1024  # a file read whole (PDF)
    max_pages: int = 1000  # pages of a PDF
    max_text_lines: int = 200_000  # lines of a text file (the seeds and the corpus: at most 7,808)
    max_table_rows: int = 10_000  # rows of one table (a province's fund list has a few thousand)
    max_blocks: int = 50_000  # paragraphs and table rows of a document, once read (corpus: at most 4,028)


DEFAULT_LIMITS = Limits()


class LimitExceeded(Exception):
    """A limit was hit; ``code`` and ``message`` are ready for an ``IngestError``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


CHUNK = 1024 * 1024  # inflated bytes asked of zlib at a time
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then file name and extra field lengths
_ACCEPTED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def check_zip(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise ``LimitExceeded`` for an archive that would inflate beyond the limits, by its directory
    and then by inflating every member in bounded chunks (nothing kept): a member whose data inflates
    beyond its declared size is refused, whatever the directory says. Run it before handing ``data``
    to a library that inflates members itself.

    ``zipfile.BadZipFile`` (and ``OSError``/``ValueError``/``EOFError``/``zlib.error`` from a damaged
    directory or stream, ``NotImplementedError`` for a zip version Python cannot read) pass through for
    the caller, who knows which format it expected.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_archive(archive, limits)
        check_inflated(archive, data)


def check_inflated(archive: zipfile.ZipFile, data: bytes) -> None:
    """Inflate every member of ``archive`` (opened on ``data``) in bounded chunks, keeping nothing, and
    raise ``LimitExceeded`` for one whose data inflates beyond its declared size. (python-calamine's
    zip reader refuses such an archive too, "Cannot detect file format"; this does not rely on it.)"""
    view = memoryview(data)
    for info in archive.infolist():
        if info.flag_bits & 0x1:  # encrypted: the reader refuses it, nothing to inflate
            continue
        if _inflated_size(view, info, info.file_size) > info.file_size:
            raise _lying(info)


def _inflated_size(data: memoryview, info: zipfile.ZipInfo, cap: int) -> int:
    """The size a member's data inflates to, counted in bounded chunks; stops once past ``cap``."""
    try:
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    except struct.error as exc:
        raise zipfile.BadZipFile(f"no local header for {info.filename}") from exc
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    compressed = data[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(compressed)
    inflater = zlib.decompressobj(-15)
    total = position = 0
    pending: bytes | memoryview = b""
    while not inflater.eof:
        if not pending:
            if position >= len(compressed):
                break
            pending = compressed[position : position + CHUNK]
            position += CHUNK
        total += len(inflater.decompress(pending, CHUNK))
        pending = inflater.unconsumed_tail
        if total > cap:
            break
    return total


def _lying(info: zipfile.ZipInfo) -> LimitExceeded:
    return LimitExceeded(
        "archive_too_large",
        f"压缩包成员 {info.filename} 解压后超过其声明的大小（{info.file_size} 字节），"
        "可能是恶意构造的文件（zip 炸弹）",
    )


def read_member(archive: zipfile.ZipFile, name: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A member's content, inflated in bounded chunks: never more than its declared size (which
    ``check_archive`` bounded) nor ``limits.max_uncompressed``. ``KeyError`` when it is missing."""
    info = archive.getinfo(name)
    cap = min(info.file_size, limits.max_uncompressed)
    if info.compress_type not in _ACCEPTED_COMPRESSION:
        raise NotImplementedError(f"compression {info.compress_type}")
    parts: list[bytes] = []
    total = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            total += len(chunk)
            if total > cap:
                raise _lying(info)
            parts.append(chunk)
    return b"".join(parts)


def check_archive(archive: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS) -> None:
    """``check_zip`` for an archive already open (its directory read, nothing inflated yet)."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise LimitExceeded(
            "archive_too_large", f"压缩包内文件过多（{len(members)} 个，上限 {limits.max_members} 个）"
        )
    total = 0
    for info in members:
        if info.compress_type not in _ACCEPTED_COMPRESSION:
            raise LimitExceeded(
                "archive_unsupported",
                f"压缩包成员 {info.filename} 使用了 Office 文件不用的压缩方式（{info.compress_type}），无法读取",
            )
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
