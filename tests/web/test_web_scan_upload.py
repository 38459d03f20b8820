"""A scanned PDF uploaded in the web app reads as its text does, and the figures OCR read with low
confidence are marked on the dossier page for a person to compare with the original (issue #11)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, cast

import msgspec
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.ocr.make_scans import reference_pdf, scan_pdf
from tests.ocr.test_scans import tables
from tests.web.conftest import World, seed

from jixiao.audit.checks_ocr import REVIEW_BELOW, ocr_values
from jixiao.ingest import ocr
from jixiao.ingest.loader import load_path
from jixiao.model.dossier import Dossier, Val

needs_ocr = pytest.mark.skipif(
    not ocr.available(), reason="OCR extra not installed: pip install 'jixiao[ocr]'"
)


def _marked(page: str) -> list[str]:
    """The titles of the cells the page marks as read with low confidence."""
    return re.findall(r'class="(?:val|cell)[^"]*\bocr-low\b[^"]*"[^>]*title="([^"]*)"', page) + re.findall(
        r'title="([^"]*)"[^>]*class="(?:val|cell)[^"]*\bocr-low\b', page
    )


@needs_ocr
@pytest.mark.django_db
def test_a_scanned_pdf_uploads_reads_as_its_text_and_its_unsure_cells_are_marked(
    world: World, tmp_path: Path
) -> None:
    from jixiao.web.dossiers.models import DossierRecord, Task
    from jixiao.web.dossiers.services import evaluate_record, record_dossier

    reference = reference_pdf("000", "e1")
    scan = scan_pdf(reference, 200, seed=0, unit="岳阳市人力资源和社会保障局")
    task = cast("Task", world.tasks["other"])
    client = world.client("other_filler")
    response = client.post(
        f"/tasks/{task.pk}/upload/",
        {"file": SimpleUploadedFile("自评（扫描件）.pdf", scan, content_type="application/pdf")},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    confirm = client.post(response["Location"], {"confirm": "1"})
    assert confirm.status_code == 302
    record = DossierRecord.objects.get(task=task)
    stored = record_dossier(record)

    # the same forms, budgets, scores and rows as the PDF with a text layer
    text_pdf = tmp_path / "自评.pdf"
    text_pdf.write_bytes(reference)
    assert tables(stored) == tables(load_path(text_pdf))
    read = list(ocr_values(stored))
    assert read, "the scan's values carry their recognition confidence"

    page = client.get(f"/dossiers/{record.pk}/").content.decode()
    unsure = {v.loc.short() for _, v in read if v.loc is not None and (v.loc.confidence or 1) < REVIEW_BELOW}
    # a cell is marked only where OCR was unsure of it, with its confidence in the title
    marked = _marked(page)
    assert all(title.split("；")[0] in unsure and "请对照原件核对" in title for title in marked)
    # and each figure it was unsure of is put to the reviewer on the page (O001, at its cell or row)
    o001 = [f for f in evaluate_record(record).audit.findings if f.code == "O001"]
    assert o001 and page.count('data-code="O001"') == len(o001)


def _with_confidence(dossier: Dossier, path: str, confidence: float) -> Dossier:
    """The dossier with the value at ``path`` (``evaluations.0.indicators.2.score``) as if OCR had read
    it with ``confidence``."""
    parts = path.split(".")

    def replace(node: Any, rest: list[str]) -> Any:
        if not rest:
            assert isinstance(node, Val) and node.loc is not None
            return msgspec.structs.replace(node, loc=msgspec.structs.replace(node.loc, confidence=confidence))
        head, tail = rest[0], rest[1:]
        if isinstance(node, tuple):
            index = int(head)
            return (*node[:index], replace(node[index], tail), *node[index + 1 :])
        return msgspec.structs.replace(node, **{head: replace(getattr(node, head), tail)})

    return replace(dossier, parts)  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_only_the_cell_read_with_low_confidence_is_marked(world: World) -> None:
    from jixiao.web.dossiers.models import Task
    from jixiao.web.dossiers.services import create_record

    dossier = seed("000")
    evaluation = dossier.evaluations[0]
    index = next(i for i, row in enumerate(evaluation.indicators) if row.score is not None and row.score.num)
    path = f"evaluations.0.indicators.{index}.score"
    unsure = _with_confidence(dossier, path, 0.62)
    record = create_record(
        cast("Task", world.tasks["other"]), unsure, world.users["other_filler"], "导入", "扫描件.pdf"
    )

    page = world.client("other_filler").get(f"/dossiers/{record.pk}/").content.decode()
    marked = _marked(page)
    assert len(marked) == 1 and "置信度 0.62" in marked[0] and "请对照原件核对" in marked[0]
    assert "O001" in page  # the audit asks for the same check beside the cell

    # a value read at the threshold or above is not marked
    sure = _with_confidence(dossier, path, REVIEW_BELOW)
    task = Task.objects.create(
        year=2022, unit=cast("Task", world.tasks["other"]).unit, deadline=datetime.date(2023, 4, 30)
    )
    record2 = create_record(task, sure, world.users["other_filler"], "导入", "扫描件.pdf")
    page2 = world.client("other_filler").get(f"/dossiers/{record2.pk}/").content.decode()
    assert _marked(page2) == []


def test_the_public_never_sees_the_mark() -> None:
    from django.template import Context, Template

    from jixiao.web.dossiers.sheets import Cell

    unsure = Cell(
        path="evaluations.0.indicators.0.score", text="9.5", location="扫描件.pdf:表1:行5:列7", confidence=0.5
    )
    template = Template("{% load jixiao %}{% cell c '得分' %}")
    assert "ocr-low" in template.render(Context({"c": unsure}))
    shown = template.render(Context({"c": unsure, "public": True}))
    assert "ocr-low" not in shown and "置信度" not in shown and "9.5" in shown
