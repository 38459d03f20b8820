"""Tell apart the files that share the OLE (Compound File Binary) container.

Word 97-2003 (.doc), Excel 97-2003 (.xls) and password-protected .docx/.xlsx (Office encrypts the
whole OOXML package into an OLE file with an ``EncryptionInfo`` and an ``EncryptedPackage`` stream)
all start with the same eight bytes. Which one a file is shows in the names of its streams, so this
reads the container's directory -- and nothing else -- following [MS-CFB]:

* the 512-byte header gives the sector size, the FAT sectors (the first 109 in the header, the rest
  in the DIFAT chain) and the first directory sector;
* the directory is a chain of sectors in the FAT, each holding 128-byte entries whose first 64 bytes
  are the UTF-16 name.

Every offset is bounds-checked and every chain is followed at most once per sector, so a damaged or
hostile file gives ``"unknown"``, never an exception. A .doc whose FIB says it is encrypted (Word's
own password protection) is ``"encrypted"`` too, and so is a .xls whose Workbook stream has a FILEPASS
record (0x002F) after its first BOF ([MS-XLS] 2.4.117: Excel's password to open, any of its
encryptions), with at most a WRITEPROT record (0x0086) between them.
"""

from __future__ import annotations

import struct
from typing import Literal

OleKind = Literal["doc", "xls", "encrypted", "unknown"]

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_MAX_ENTRIES = 100_000


class _Damaged(Exception):
    pass


class _Container:
    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(MAGIC):
            raise _Damaged
        shift = _u16(data, 0x1E)
        if shift not in (9, 12):
            raise _Damaged
        self.data = data
        self.size = 1 << shift
        self.mini_cutoff = _u32(data, 0x38)
        self.fat = self._read_fat()

    def sector(self, number: int) -> bytes:
        if number > _MAX_REGULAR_SECTOR:
            raise _Damaged
        start = (number + 1) * self.size
        if start >= len(self.data):  # the last sector may be cut short by writers that do not pad
            raise _Damaged
        return self.data[start : start + self.size]

    def _read_fat(self) -> list[int]:
        fat_sectors = [s for s in struct.unpack_from("<109I", self.data, 0x4C) if s <= _MAX_REGULAR_SECTOR]
        difat = _u32(self.data, 0x44)
        seen: set[int] = set()
        per_sector = self.size // 4 - 1
        while difat <= _MAX_REGULAR_SECTOR and difat not in seen:
            seen.add(difat)
            block = self.sector(difat)
            values = struct.unpack_from(f"<{len(block) // 4}I", block)
            fat_sectors.extend(s for s in values[:per_sector] if s <= _MAX_REGULAR_SECTOR)
            difat = values[per_sector] if len(values) > per_sector else _END_OF_CHAIN
        fat: list[int] = []
        for number in fat_sectors:
            block = self.sector(number)
            fat.extend(struct.unpack_from(f"<{len(block) // 4}I", block))
        return fat

    def chain(self, start: int) -> list[int]:
        sectors: list[int] = []
        seen: set[int] = set()
        current = start
        while current <= _MAX_REGULAR_SECTOR:
            if current in seen or current >= len(self.fat):
                raise _Damaged
            seen.add(current)
            sectors.append(current)
            current = self.fat[current]
        return sectors

    def entries(self) -> list[tuple[str, int, int]]:
        """(name, start sector, size) of every directory entry in use."""
        found: list[tuple[str, int, int]] = []
        for number in self.chain(_u32(self.data, 0x30)):
            block = self.sector(number)
            for offset in range(0, len(block) - 127, 128):
                name_len = _u16(block, offset + 0x40)
                kind = block[offset + 0x42]
                if kind == 0 or not 2 <= name_len <= 64:
                    continue
                name = block[offset : offset + name_len - 2].decode("utf-16-le", errors="replace")
                found.append((name, _u32(block, offset + 0x74), _u32(block, offset + 0x78)))
                if len(found) > _MAX_ENTRIES:
                    raise _Damaged
        return found


def _u16(data: bytes, offset: int) -> int:
    if offset + 2 > len(data):
        raise _Damaged
    value: int = struct.unpack_from("<H", data, offset)[0]
    return value


def _u32(data: bytes, offset: int) -> int:
    if offset + 4 > len(data):
        raise _Damaged
    value: int = struct.unpack_from("<I", data, offset)[0]
    return value


def _doc_encrypted(container: _Container, start: int, size: int) -> bool:
    """The FIB at the start of the WordDocument stream: wIdent 0xA5EC, fEncrypted is bit 8 of flags."""
    if size < container.mini_cutoff or size < 12:
        return False  # a real WordDocument stream is never this small; let the converter judge it
    head = container.sector(start)
    return len(head) >= 12 and _u16(head, 0) == 0xA5EC and bool(_u16(head, 0x0A) & 0x0100)


_BOF_RECORDS = frozenset({0x0809, 0x0409, 0x0209, 0x0009})  # BIFF8/5, BIFF4, BIFF3, BIFF2
_WRITEPROT, _FILEPASS = 0x0086, 0x002F


def _xls_encrypted(container: _Container, start: int, size: int) -> bool:
    """The Workbook stream's globals open with BOF, then (after an optional WRITEPROT) FILEPASS."""
    if size < container.mini_cutoff or size < 8:
        return False  # in the mini stream, which this reader does not follow; let xlrd judge it
    try:
        head = container.sector(start)
        if _u16(head, 0) not in _BOF_RECORDS:
            return False
        offset = 4 + _u16(head, 2)
        for _ in range(2):
            record = _u16(head, offset)
            if record == _FILEPASS:
                return True
            if record != _WRITEPROT:
                return False
            offset += 4 + _u16(head, offset + 2)
    except _Damaged:  # a damaged stream is still a workbook: xlrd says what is wrong with it
        return False
    return False


def ole_kind(data: bytes) -> OleKind:
    """Which kind of OLE file ``data`` is: a Word or Excel 97-2003 file, an encrypted one, or other."""
    try:
        container = _Container(data)
        entries = container.entries()
        names = {name for name, _, _ in entries}
        if "EncryptedPackage" in names or "EncryptionInfo" in names:
            return "encrypted"
        for name, start, size in entries:
            if name == "WordDocument":
                return "encrypted" if _doc_encrypted(container, start, size) else "doc"
        for name, start, size in entries:
            if name in ("Workbook", "Book", "WORKBOOK", "BOOK"):
                return "encrypted" if _xls_encrypted(container, start, size) else "xls"
    except (_Damaged, struct.error, IndexError):
        return "unknown"
    return "unknown"
