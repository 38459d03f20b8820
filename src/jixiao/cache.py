"""A per-user cache of what every process would otherwise compute again at start-up: the narrative
grammar's parse tables and the rule packs' parsed YAML. An entry is named by a digest of everything it
was made from (the grammar text, the pack file's bytes, the library versions), so a changed input is a
new entry, never a stale one.

Where: ``$JIXIAO_STARTUP_CACHE`` (``off`` turns the cache off), else ``$XDG_CACHE_HOME/jixiao``, else
``~/.cache/jixiao`` (``%LOCALAPPDATA%\\jixiao`` on Windows).

Safe when it cannot help: an entry is written to a temporary file in the same folder and renamed into
place, so a process starting at the same moment reads a whole entry or none; a folder that cannot be
made or written (a read-only installation, a server account without a home) only means each process
computes again; an entry that cannot be read back is a miss. Entries are read only from a folder that
this user owns and no one else can write (one of them is a pickle).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

_ENV = "JIXIAO_STARTUP_CACHE"


def folder() -> Path | None:
    """The cache folder, or ``None`` when the cache is turned off."""
    configured = os.environ.get(_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "0", "off", "no", "false") else Path(configured)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "jixiao"
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return (Path(base) if base else Path.home() / ".cache") / "jixiao"
    except RuntimeError:  # no home directory to be found
        return None


def digest(*parts: str | bytes) -> str:
    """A short name for the inputs an entry is made from."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:32]


def _trusted(where: Path) -> bool:
    """Only this user can have written the folder's files (POSIX; elsewhere the profile folder is private)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        st = where.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def read(kind: str, key: str) -> bytes | None:
    """The entry ``kind.key``, or ``None`` (no cache, no entry, or a folder it would be unsafe to read)."""
    where = folder()
    if where is None:
        return None
    try:
        data = (where / f"{kind}.{key}").read_bytes()
    except OSError:
        return None
    return data if _trusted(where) else None


def write(kind: str, key: str, data: bytes) -> None:
    """Store an entry whole or not at all; entries of the same kind under another key are removed."""
    where = folder()
    if where is None:
        return
    name = None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(where):
            return
        handle, name = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=where)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(name, where / f"{kind}.{key}")
        name = None
        for old in where.glob(f"{kind}.*"):
            if old.name != f"{kind}.{key}":
                old.unlink(missing_ok=True)
    except OSError:
        return  # not writable: every process computes it, as without a cache
    finally:
        if name is not None:
            Path(name).unlink(missing_ok=True)
