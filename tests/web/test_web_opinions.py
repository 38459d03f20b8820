"""审核意见 from the web (issue #13): per dossier as HTML and PDF, and a year's as one zip."""

from __future__ import annotations

import io
import zipfile

import pytest
from tests.web.conftest import World


@pytest.mark.django_db
def test_a_dossiers_opinion_as_html_and_pdf(world: World) -> None:
    record = world.records["own"]
    client = world.client("filler")
    page = client.get(f"/dossiers/{record.pk}/opinion/html/")  # type: ignore[attr-defined]
    text = page.content.decode()
    assert page.status_code == 200 and "审核意见" in text
    assert "职称评定通过率" in text and "S002" in text  # the finding, with the row it is about
    pdf = client.get(f"/dossiers/{record.pk}/opinion/pdf/")  # type: ignore[attr-defined]
    data = b"".join(pdf.streaming_content)  # type: ignore[attr-defined]
    assert pdf.status_code == 200 and data.startswith(b"%PDF-")
    assert client.get(f"/dossiers/{record.pk}/opinion/docx/").status_code == 404  # type: ignore[attr-defined]
    outsider = world.client("other_filler")
    assert outsider.get(f"/dossiers/{record.pk}/opinion/html/").status_code == 404  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_years_opinions_in_one_zip_for_reviewers_only(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord, State

    record = world.records["own"]
    DossierRecord.objects.filter(pk=record.pk).update(state=State.BUREAU_REVIEW)  # type: ignore[attr-defined]
    answer = world.client("bureau").get("/review/opinions/?year=2023")
    assert answer.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))  # type: ignore[attr-defined]
    names = archive.namelist()
    assert len(names) == 1 and names[0].endswith("审核意见.pdf") and "人社局本级" in names[0]
    assert archive.read(names[0]).startswith(b"%PDF-")
    assert world.client("filler").get("/review/opinions/?year=2023").status_code == 403
    nothing = world.client("bureau").get("/review/opinions/?year=2019")
    assert nothing.status_code == 302
