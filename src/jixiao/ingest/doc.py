"""Reader for Word 97-2003 documents (.doc): converted to .docx by LibreOffice, then read as .docx.

No maintained Python library reads .doc tables with their merges, and LibreOffice does it faithfully,
so a .doc is converted when LibreOffice is installed (``jixiao.libreoffice``: headless, a private
profile, a time limit). Without LibreOffice the user is asked to save the file as .docx in Word or
WPS, which every office suite can do.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from jixiao.ingest.docx import read_docx
from jixiao.ingest.limits import DEFAULT_LIMITS, Limits
from jixiao.libreoffice import convert, find_soffice
from jixiao.model.grid import Grid


def read_doc(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """Read a .doc (its bytes) into a grid through LibreOffice; ``file`` names it in errors."""
    from jixiao.ingest.errors import IngestError

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
        try:
            convert([source], "docx:MS Word 2007 XML", out, limits.max_seconds, soffice)
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


__all__ = ["find_soffice", "read_doc"]
