"""The unit's dossier page, live editing with optimistic locking, versions and the workflow."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from tests.web.conftest import World

from jixiao.model.serialize import loads


def _path_of(record: object, name: str, table: int) -> str:
    dossier = loads(record.dossier_json)  # type: ignore[attr-defined]
    for e, evaluation in enumerate(dossier.evaluations):
        for i, indicator in enumerate(evaluation.indicators):
            if indicator.name == name and indicator.loc and indicator.loc.table == table:
                return f"evaluations.{e}.indicators.{i}"
    raise AssertionError(name)


def _edit(client: Client, record: object, path: str, text: str, version: int, sheet: int = 0) -> object:
    return client.post(
        f"/dossiers/{record.pk}/cell/",  # type: ignore[attr-defined]
        {"path": path, "text": text, "version": str(version), "sheet": str(sheet)},
        HTTP_HX_REQUEST="true",
    )


@pytest.mark.django_db
def test_dossier_page_shows_declared_and_computed_scores_and_findings_at_their_cells(world: World) -> None:
    record = world.records["own"]
    page = world.client("filler").get(f"/dossiers/{record.pk}/").content.decode()
    assert "单位整体支出绩效自评表" in page and "基础数据表" in page
    # 职称评定通过率 (table 3): declared 2.00, the rules give 1.10; the finding sits at the score cell
    row = re.search(r"职称评定通过率</td>.*?</tr>", page, re.S)
    assert row is not None
    assert 'value="2"' in row.group(0) or 'value="2.00"' in row.group(0)
    assert "1.10" in row.group(0)
    assert "S002" in row.group(0)


@pytest.mark.django_db
def test_editing_a_score_rescores_and_clears_its_finding(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord

    record = world.records["own"]
    client = world.client("filler")
    errors_before = record.error_count
    path = _path_of(record, "职称评定通过率", 3) + ".score"
    response = _edit(client, record, path, "1.10", record.version, sheet=1)
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    fresh = DossierRecord.objects.get(pk=record.pk)
    assert fresh.version == record.version + 1
    # the score is right now, but the table's 总分 no longer adds up: the audit says so at once
    assert "S002" not in fresh.finding_codes or fresh.finding_codes.count(
        "S002"
    ) < record.finding_codes.count("S002")
    assert "A006" in body and "总分填 97" in body
    # the re-rendered table and the out-of-band summary, version and message
    assert 'id="sheet-1"' in body and 'hx-swap-oob="true"' in body
    assert f'value="{fresh.version}"' in body
    row = re.search(r"职称评定通过率</td>.*?</tr>", body, re.S)
    assert row is not None and "S002" not in row.group(0) and 'value="1.10"' in row.group(0)
    version = fresh.versions.get(number=fresh.version)
    assert [(c["path"], c["new"]) for c in version.changes] == [(path, "1.10")]
    assert version.created_by == world.users["filler"]
    # correcting the total too leaves one error fewer than the unit started with
    total_path = path.split(".indicators.")[0] + ".declared_total"
    response = _edit(client, record, total_path, "96.10", fresh.version, sheet=1)
    assert response.status_code == 200  # type: ignore[attr-defined]
    final = DossierRecord.objects.get(pk=record.pk)
    assert final.error_count == errors_before - 1


@pytest.mark.django_db
def test_a_stale_edit_is_refused_with_a_clear_message_and_overwrites_nothing(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord

    record = world.records["own"]
    path = _path_of(record, "职称评定通过率", 3) + ".score"
    first = _edit(world.client("head"), record, path, "1.10", record.version)
    assert first.status_code == 200  # type: ignore[attr-defined]
    saved = DossierRecord.objects.get(pk=record.pk).dossier_json
    second = _edit(world.client("filler"), record, path, "0.50", record.version)  # same, now old, version
    assert second.status_code == 409  # type: ignore[attr-defined]
    message = second.content.decode()  # type: ignore[attr-defined]
    assert "您的修改未保存" in message and "head" in message and "刷新" in message
    assert second["HX-Retarget"] == "#edit-message"  # type: ignore[index]
    fresh = DossierRecord.objects.get(pk=record.pk)
    assert fresh.dossier_json == saved and fresh.version == record.version + 1


@pytest.mark.django_db
def test_a_bad_path_is_a_named_error(world: World) -> None:
    record = world.records["own"]
    response = _edit(world.client("filler"), record, "evaluations.99.name", "x", record.version)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "edit_path_unknown" in response.content.decode()  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_versions_are_listed_and_restorable(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord

    record = world.records["own"]
    client = world.client("filler")
    original = record.dossier_json
    path = _path_of(record, "职称评定通过率", 3) + ".score"
    _edit(client, record, path, "1.10", 1)
    history = client.get(f"/dossiers/{record.pk}/history/").content.decode()
    assert "第 2 版" in history and "1.10" in history and "filler" in history
    response = client.post(f"/dossiers/{record.pk}/versions/1/restore/", {"version": "2"})
    assert response.status_code == 302
    fresh = DossierRecord.objects.get(pk=record.pk)
    assert fresh.version == 3 and loads(fresh.dossier_json) == loads(original)
    assert fresh.versions.count() == 3  # restoring adds a version, it never deletes one


def _act(client: Client, record: object, name: str, comment: str = "") -> object:
    """Take a workflow action, explaining each open error as the gates require (tests/web/test_web_gates.py)."""
    from jixiao.web.dossiers.workflow import finding_key, open_errors

    explained = {f"explain-{finding_key(f)}": "已核实" for f in open_errors(record)}  # type: ignore[arg-type]
    return client.post(f"/dossiers/{record.pk}/actions/{name}/", {"comment": comment, **explained})  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_workflow_return_fix_resubmit_approve_publish(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord

    record = world.records["own"]

    def state() -> str:
        return DossierRecord.objects.get(pk=record.pk).state

    _act(world.client("filler"), record, "submit")
    assert state() == "submitted"
    # submitted: the unit can no longer edit
    locked = _edit(world.client("filler"), record, "evaluations.0.name", "x", 1)
    assert locked.status_code == 403  # type: ignore[attr-defined]
    # a return needs a comment
    _act(world.client("dept"), record, "dept_return", "")
    assert state() == "submitted"
    _act(world.client("dept"), record, "dept_return", "职称评定通过率得分有误")
    assert state() == "returned"
    page = world.client("filler").get(f"/dossiers/{record.pk}/").content.decode()
    assert "职称评定通过率得分有误" in page
    path = _path_of(record, "职称评定通过率", 3) + ".score"
    assert _edit(world.client("filler"), record, path, "1.10", 1).status_code == 200  # type: ignore[attr-defined]
    _act(world.client("head"), record, "submit")
    _act(world.client("dept"), record, "dept_accept")
    assert state() == "dept_review"
    # the bureau cannot act for the department, the department cannot approve
    assert _act(world.client("bureau"), record, "dept_pass").status_code == 403  # type: ignore[attr-defined]
    assert _act(world.client("dept"), record, "approve").status_code == 403  # type: ignore[attr-defined]
    _act(world.client("dept"), record, "dept_pass")
    assert state() == "bureau_review"
    _act(world.client("bureau"), record, "approve")
    assert state() == "approved"
    assert Client().get(f"/public/{record.pk}/").status_code == 404
    from jixiao.web.dossiers.workflow import open_errors

    for f in open_errors(record):  # type: ignore[arg-type]  # publishing needs every error accepted
        world.client("bureau").post(
            f"/dossiers/{record.pk}/findings/accept/",  # type: ignore[attr-defined]
            {"code": f.code, "location": f.location or "", "reason": "已核实"},
        )
    _act(world.client("bureau"), record, "publish")
    assert state() == "published"
    public = Client().get(f"/public/{record.pk}/").content.decode()
    assert "人社局本级" in public and "职称评定通过率" in public and "<input" not in public
    pdf = Client().get(f"/public/{record.pk}/export/pdf/")  # type: ignore[attr-defined]
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    steps = list(
        DossierRecord.objects.get(pk=record.pk).transitions.values_list("to_state", "created_by__username")
    )
    assert steps == [
        ("submitted", "filler"),
        ("returned", "dept"),
        ("submitted", "head"),
        ("dept_review", "dept"),
        ("bureau_review", "dept"),
        ("approved", "bureau"),
        ("published", "bureau"),
    ]


@pytest.mark.django_db
def test_an_action_from_the_wrong_state_is_refused(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord

    record = world.records["own"]
    response = _act(world.client("bureau"), record, "publish")
    assert response.status_code == 403 or DossierRecord.objects.get(pk=record.pk).state == "draft"
    assert DossierRecord.objects.get(pk=record.pk).state == "draft"
    assert _act(world.client("filler"), record, "no_such_action").status_code == 404  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "magic"), [("docx", b"PK"), ("xlsx", b"PK"), ("json", b"{"), ("pdf", b"%PDF")]
)
def test_export_through_the_renderers_reads_back(
    world: World, fmt: str, magic: bytes, tmp_path: object
) -> None:
    from pathlib import Path

    from jixiao.ingest.loader import load_path

    record = world.records["own"]
    response = world.client("dept").get(f"/dossiers/{record.pk}/export/{fmt}/")  # type: ignore[attr-defined]
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert data.startswith(magic)
    assert "attachment" in response["Content-Disposition"]
    if fmt in ("docx", "xlsx"):
        target = Path(str(tmp_path)) / f"export.{fmt}"
        target.write_bytes(data)
        back = load_path(target)
        assert back.unit == loads(record.dossier_json).unit  # type: ignore[attr-defined]
        assert len(back.evaluations) == len(loads(record.dossier_json).evaluations)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_cell_text_is_escaped_everywhere(world: World) -> None:
    record = world.records["own"]
    path = _path_of(record, "职称评定通过率", 3) + ".actual"
    evil = '"><script>alert(1)</script>'
    response = _edit(world.client("filler"), record, path, evil, record.version, sheet=1)
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    page = world.client("dept").get(f"/dossiers/{record.pk}/").content.decode()  # read-only view
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.django_db
def test_reviewer_accepts_a_finding_with_a_reason(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.dossiers.services import evaluate_record

    record = world.records["own"]
    finding = next(
        f for f in evaluate_record(record).audit.findings if f.code == "S002" and f.severity == "error"
    )
    url = f"/dossiers/{record.pk}/findings/accept/"  # type: ignore[attr-defined]
    data = {"code": finding.code, "location": finding.location or "", "reason": "经主管部门确认，按满分计"}
    assert world.client("dept").post(url, data).status_code == 403  # a draft is still with the unit
    _act(world.client("filler"), record, "submit")
    assert world.client("filler").post(url, data).status_code == 403  # the unit cannot accept its own errors
    world.client("dept").post(url, {**data, "reason": ""})
    assert DossierRecord.objects.get(pk=record.pk).error_count == record.error_count  # a reason is required
    world.client("dept").post(url, data)
    fresh = DossierRecord.objects.get(pk=record.pk)
    assert fresh.error_count == record.error_count - 1
    page = world.client("bureau").get(f"/dossiers/{record.pk}/").content.decode()
    assert "已确认：经主管部门确认，按满分计（dept）" in page


@pytest.mark.django_db
def test_an_acceptance_covers_one_finding_and_survives_unrelated_edits(world: World) -> None:
    """Seed 000's narrative states two completions in one section (创业培训 149%, 职业技能培训 114%):
    one location, two findings. Accepting the first leaves the second open, and an edit elsewhere in
    the dossier keeps the acceptance (it joins on code, path and key, not on the location)."""
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.dossiers.services import edit_cell, evaluate_record

    record = world.records["own"]

    def k003(rec: object) -> tuple[object, object]:
        found = [f for f in evaluate_record(rec).audit.findings if f.code == "K003" and f.severity == "error"]  # type: ignore[arg-type]
        high = next(f for f in found if "149%" in str(f.evidence["sentence"]))
        low = next(f for f in found if "114%" in str(f.evidence["sentence"]))
        return high, low

    high, low = k003(record)
    assert high.location == low.location  # type: ignore[attr-defined]
    _act(world.client("filler"), record, "submit")
    page = world.client("dept").get(f"/dossiers/{record.pk}/").content.decode()
    assert f'name="path" value="{high.path}"' in page  # type: ignore[attr-defined]
    data = {
        "code": "K003",
        "location": high.location,  # type: ignore[attr-defined]
        "path": high.path,  # type: ignore[attr-defined]
        "key": high.key,  # type: ignore[attr-defined]
        "reason": "创业培训目标年中调整，已核实",
    }
    world.client("dept").post(f"/dossiers/{record.pk}/findings/accept/", data)
    fresh = DossierRecord.objects.get(pk=record.pk)
    high, low = k003(fresh)
    assert high.accepted == "创业培训目标年中调整，已核实（dept）"  # type: ignore[attr-defined]
    assert low.accepted is None  # type: ignore[attr-defined]
    assert fresh.error_count == record.error_count - 1
    [stored] = fresh.acceptances.all()
    assert (stored.path, stored.key) == (high.path, high.key)  # type: ignore[attr-defined]

    edited = edit_cell(
        fresh, _path_of(fresh, "职称评定通过率", 3) + ".score", "1.10", world.users["filler"], fresh.version
    )
    high, low = k003(DossierRecord.objects.get(pk=edited.pk))
    assert high.accepted is not None and low.accepted is None  # type: ignore[attr-defined]


def _section(html: str, marker: str, end: str) -> str:
    start = html.index(marker)
    return html[start : html.index(end, start) + len(end)]


def _squeeze(html: str) -> str:
    return re.sub(r"\s*\n\s*", "\n", html).strip()


@pytest.mark.django_db
def test_typing_a_cell_back_to_its_value_says_unchanged_and_stores_no_version(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord

    record = world.records["own"]
    client = world.client("filler")
    path = _path_of(record, "职称评定通过率", 3) + ".score"
    stored = loads(record.dossier_json)  # type: ignore[attr-defined]
    e, i = int(path.split(".")[1]), int(path.split(".")[3])
    text = stored.evaluations[e].indicators[i].score.text
    response = _edit(client, record, path, text, record.version, sheet=1)  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    message = _section(body, '<div id="edit-message"', "</div>")
    assert f"未改变（第 {record.version} 版）" in message and "已保存（" not in message  # type: ignore[attr-defined]
    fresh = DossierRecord.objects.get(pk=record.pk)
    assert fresh.version == record.version and fresh.versions.count() == 1  # type: ignore[attr-defined]
    # a real change still says it was saved, with its new version
    body = _edit(client, record, path, "1.10", record.version, sheet=1).content.decode()  # type: ignore[attr-defined]
    assert f"已保存（第 {record.version + 1} 版）" in body and "未改变" not in body  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize("sheet", [0, 1, 2, 8])
def test_an_edit_answers_with_its_table_as_the_page_then_shows_it(world: World, sheet: int) -> None:
    """The edit builds and renders only the edited table; it must be the page's table exactly, and
    the findings placed at no table the same list as the page's."""
    record = world.records["own"]
    client = world.client("filler")
    page = client.get(f"/dossiers/{record.pk}/").content.decode()  # type: ignore[attr-defined]
    marker = f'<section class="sheet" id="sheet-{sheet}">'
    first = _section(page, marker, "</section>")
    path = re.search(r"&quot;path&quot;: &quot;([^&]+)&quot;", first)
    assert path is not None
    if ".score" in first:  # a score cell where the table has one: the edit moves totals and findings
        path = re.search(r"&quot;path&quot;: &quot;([^&]+\.score)&quot;", first) or path
    body = _edit(client, record, path.group(1), "0.50", record.version, sheet=sheet).content.decode()  # type: ignore[attr-defined]
    assert 'value="0.50"' in body or ">0.50<" in body
    page = client.get(f"/dossiers/{record.pk}/").content.decode()  # type: ignore[attr-defined]
    assert _squeeze(_section(body, marker, "</section>")) == _squeeze(_section(page, marker, "</section>"))
    other = '<ul id="other-findings" class="findings"'
    assert _squeeze(_section(body, other, "</ul>").replace(' hx-swap-oob="true"', "")) == _squeeze(
        _section(page, other, "</ul>")
    )
    assert body.count('<section class="sheet"') == 1
