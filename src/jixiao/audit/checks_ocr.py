"""Checks on values read by OCR from scanned pages (``jixiao.ingest.ocr``).

O001: every figure the recogniser read with less confidence than ``REVIEW_BELOW`` (its cell's
``Location.confidence``), and every cell left blank because a digit in it could not be read, asks the
reviewer to compare it with the original. Values read from a text layer carry no confidence and are
never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import msgspec

from jixiao.audit.finding import Check, Finding, check, finding
from jixiao.model.dossier import Dossier, Val
from jixiao.score.result import DocumentResult

REVIEW_BELOW = 0.9  # as jixiao.ingest.ocr.REVIEW_BELOW (the audit does not import the OCR extra)
_DIGIT = re.compile(r"\d")


def ocr_values(value: object, path: str = "") -> Iterator[tuple[str, Val]]:
    """Every ``Val`` in ``value`` (a dossier or any part of it) whose location has a confidence, with
    its dossier path (``evaluations.0.indicators.7.score``)."""
    if isinstance(value, Val):
        if value.loc is not None and value.loc.confidence is not None:
            yield path, value
        return
    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            yield from ocr_values(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from ocr_values(item, f"{path}.{index}" if path else str(index))


@check("O001", "completeness", "warning", "请核对识别结果")
def low_confidence_figures(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """A figure read by OCR below the confidence threshold, or a figure left blank as unreadable."""
    if b'"confidence"' not in msgspec.json.encode(dossier):
        return  # nothing was read by OCR (a confidence is the only trace it leaves): no walk needed
    seen: set[str] = set()
    for path, value in ocr_values(dossier):
        assert value.loc is not None and value.loc.confidence is not None
        where = value.loc.short()
        if where in seen:
            continue
        confidence = value.loc.confidence
        if value.blank and confidence < REVIEW_BELOW:
            seen.add(where)
            yield finding(
                spec,
                f"请核对识别结果：此格的数字无法可靠识别（置信度 {confidence:.2f}），已留空，请对照原件填写",
                where,
                path=path,
                confidence=f"{confidence:.2f}",
            )
        elif confidence < REVIEW_BELOW and (value.num is not None or _DIGIT.search(value.text)):
            seen.add(where)
            yield finding(
                spec,
                f"请核对识别结果：“{value.text.strip()}”为扫描件识别所得，置信度 {confidence:.2f}，请对照原件核对",
                where,
                path=path,
                value=value.text.strip(),
                confidence=f"{confidence:.2f}",
            )
