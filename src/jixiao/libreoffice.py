"""LibreOffice, when installed, as a converter: .doc -> .docx for ingest, .docx/.xlsx -> .pdf or .xls.

Each call runs ``soffice`` headless with a private profile in a temporary folder (so conversions can
run in parallel and never touch the user's own LibreOffice settings), no standard input, and a time
limit; on timeout the whole process group is killed. Several files go in one call, since starting
LibreOffice costs about a second.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

_WINDOWS_FOLDERS = (
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    / "LibreOffice"
    / "program"
    / "soffice.exe",
)


def find_soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for candidate in _WINDOWS_FOLDERS:
            if candidate.is_file():
                return str(candidate)
    return None


def convert(
    sources: Sequence[Path], to: str, outdir: Path, seconds: float, soffice: str | None = None
) -> None:
    """Convert ``sources`` to the format ``to`` (``pdf``, ``xls``, ``docx:MS Word 2007 XML``) into ``outdir``.

    Each output is named as its source with the new extension. Raises ``FileNotFoundError`` when
    LibreOffice is not installed, ``subprocess.TimeoutExpired`` after ``seconds``, ``OSError`` when it
    cannot start; a file LibreOffice could not convert is simply missing from ``outdir``.
    """
    program = soffice or find_soffice()
    if program is None:
        raise FileNotFoundError("soffice")
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as profile:
        command = [
            program,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ]
        _run(command, seconds)


def _run(command: list[str], seconds: float) -> None:
    """Run ``command`` with no input and a time limit, killing its whole process group on timeout."""
    if sys.platform == "win32":
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            creationflags=subprocess.CREATE_NEW_PROCESS_GROUP,
        )
    else:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    try:
        process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
