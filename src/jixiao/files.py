"""Writing files so that nothing is ever half-written: a whole new file or the old one untouched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder, then rename it.

    The data is flushed to disk before the rename, so a crash or a full disk leaves either the
    previous file or the new one, never a truncated mix; the temporary file is removed on failure.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(name, 0o666 & ~_umask())  # mkstemp makes it private; a document is as readable as any file
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
