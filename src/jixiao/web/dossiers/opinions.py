"""审核意见 from the web: one dossier's findings as the printable page the CLI writes
(``jixiao audit --format html``), as HTML or PDF, and a year's opinions for a reviewer's whole scope
as one zip (a PDF per dossier, named by unit and task).

A small batch is zipped while the reviewer waits; a larger one is a background job
(``jixiao.web.jobs``, kind ``opinions``): the worker writes each PDF whole into the job's folder
(``DATA_DIR/jobs/<id>/``) and logs it, so a restarted worker goes on where it stopped, then zips them;
the reviewer downloads the zip from the job once it is done."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings

from jixiao.audit.checks_facts import statements
from jixiao.audit.finding import AuditReport
from jixiao.audit.report import to_html
from jixiao.files import atomic_write
from jixiao.web.dossiers.models import DossierRecord
from jixiao.web.dossiers.services import DamagedDossier, evaluate_record

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def opinion_title(record: DossierRecord) -> str:
    return f"{record.task}审核意见"


def opinion_html(record: DossierRecord) -> str:
    evaluated = evaluate_record(record)
    facts = {evaluated.dossier.source: statements(evaluated.dossier)}
    return to_html(AuditReport(documents=(evaluated.audit,)), title=opinion_title(record), facts=facts)


def opinion_pdf(record: DossierRecord) -> bytes:
    from jixiao.render.pdf import html_pdf_bytes

    return html_pdf_bytes(opinion_html(record))


def file_name(record: DossierRecord, suffix: str) -> str:
    return _UNSAFE.sub("_", f"{record.task.year}年度{record.task}审核意见")[:120] + suffix


def opinions_zip(records: Iterable[DossierRecord]) -> tuple[bytes, int, list[str]]:
    """Every record's opinion as a PDF in one zip; damaged dossiers are listed, not included."""
    out = io.BytesIO()
    damaged: list[str] = []
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for record in records:
            try:
                data = opinion_pdf(record)
            except DamagedDossier as exc:
                damaged.append(f"{record.task}：{exc.message}")
                continue
            archive.writestr(f"{record.pk:06d}-{file_name(record, '.pdf')}", data)
            count += 1
        if damaged:
            archive.writestr("未能生成.txt", "\n".join(damaged).encode("utf-8"))
    return out.getvalue(), count, damaged


ZIP_NAME = "审核意见.zip"


def job_dir(job: Any) -> Path:
    return Path(settings.DATA_DIR) / "jobs" / str(job.pk)


def _member(record: DossierRecord) -> str:
    return f"{record.pk:06d}-{file_name(record, '.pdf')}"


def write_job_pdf(job: Any, record: DossierRecord) -> None:
    """One dossier's opinion, written whole into the job's folder (``DamagedDossier`` when it cannot be)."""
    atomic_write(job_dir(job) / f"{record.pk}.pdf", opinion_pdf(record))


def job_zip(job: Any) -> Path:
    """The zip of the job's opinions: every item written, in the order planned; damaged dossiers listed."""
    from jixiao.web.jobs.models import ItemState

    folder = job_dir(job)
    out = io.BytesIO()
    damaged: list[str] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in job.items.select_related("record__task__unit").order_by("pk"):
            if item.state == ItemState.DAMAGED:
                damaged.append(f"{item.record.task}：档案数据已损坏，未能生成审核意见")
                continue
            pdf = folder / f"{item.record_id}.pdf"
            if pdf.is_file():
                archive.write(pdf, _member(item.record))
        if damaged:
            archive.writestr("未能生成.txt", "\n".join(damaged).encode("utf-8"))
    target = folder / ZIP_NAME
    atomic_write(target, out.getvalue())
    return target
