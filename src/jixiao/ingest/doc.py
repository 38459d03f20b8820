"""Reader for Word 97-2003 documents (.doc): converted to .docx by LibreOffice, then read as .docx.

No maintained Python library reads .doc tables with their merges, and LibreOffice does it faithfully,
so a .doc is converted when LibreOffice is installed (``soffice`` on PATH, or in its usual Windows
folder). Each conversion runs headless with a private profile in a temporary folder (so conversions
can run in parallel and never touch the user's own LibreOffice settings), no standard input, and a
time limit; on timeout the whole process group is killed. Without LibreOffice the user is asked to
save the file as .docx in Word or WPS, which every office suite can do.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from jixiao.ingest.docx import read_docx
from jixiao.ingest.grid import Grid
from jixiao.ingest.limits import DEFAULT_LIMITS, Limits

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


def read_doc(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """Read a .doc (its bytes) into a grid through LibreOffice; ``file`` names it in errors."""
    from jixiao.ingest.loader import IngestError

    soffice = find_soffice()
    if soffice is None:
        raise IngestError(
            "doc_needs_libreoffice",
            "读取 Word 97-2003 文档（.doc）需要安装 LibreOffice；请在 Word 或 WPS 中打开此文件，"
            "另存为 .docx 后再导入",
            file,
        )
    with tempfile.TemporaryDirectory(prefix="jixiao-doc-") as tmp:
        folder = Path(tmp)
        source = folder / "input.doc"
        source.write_bytes(data)
        out = folder / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            _run(command, limits.max_seconds)
        except subprocess.TimeoutExpired as exc:
            raise IngestError(
                "ingest_timeout", f"LibreOffice 转换 .doc 超时（超过 {limits.max_seconds:g} 秒）", file
            ) from exc
        except OSError as exc:
            raise IngestError("doc_convert_failed", f"无法启动 LibreOffice（{exc.strerror}）", file) from exc
        converted = out / "input.docx"
        if not converted.is_file():
            raise IngestError(
                "doc_convert_failed",
                "LibreOffice 无法转换此 .doc 文件（文件可能已损坏）；请另存为 .docx 后再导入",
                file,
            )
        return read_docx(converted.read_bytes(), file, limits)


def _run(command: list[str], seconds: float) -> None:
    """Run ``command`` with no input and a time limit, killing its whole process group on timeout."""
    if sys.platform == "win32":
        flags = subprocess.CREATE_NEW_PROCESS_GROUP
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            creationflags=flags,
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
