"""复核: reviewers settle the scores the rules leave as a range (within it, with a reason) or override a
score (with a reason); totals, grades, ranking, the API and the public pages use the settled score."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from tests.web.conftest import World, seed

# seed 000's 单位整体支出绩效自评表: the rows whose score the rules leave to a person
OPEN = {
    "evaluations.0.indicators.20": ("0", "6.00"),
    "evaluations.0.indicators.21": ("8.00", "10.00"),
    "evaluations.0.indicators.22": ("8.00", "10.00"),
    "evaluations.0.indicators.23": ("8.00", "10.00"),
}


def test_the_score_engine_takes_settled_scores_as_an_input() -> None:
    from jixiao.score.scorer import score_dossier

    dossier = seed("000")
    scored = score_dossier(dossier)
    plain = scored.tables[1]
    assert plain.computed_total is None and plain.computed_range is not None
    assert plain.settled_total is None
    low = plain.computed_range[0]
    settled = {p: Decimal(lo) for p, (lo, _) in OPEN.items()}
    assert score_dossier(dossier, settled=settled).tables[1].settled_total == low
    partly = dict(list(settled.items())[:2])
    assert score_dossier(dossier, settled=partly).tables[1].settled_total is None  # ranges still open
    top = {p: Decimal(hi) for p, (_, hi) in OPEN.items()}
    assert score_dossier(dossier, settled=top).tables[1].settled_total == plain.computed_range[1]
    # an override of an exact row moves the settled total by the difference
    exact = next(r for r in plain.indicators if r.computed_score is not None and r.computed_score > 1)
    path = next(p for p, r in _paths(dossier, scored).items() if r is exact)
    assert exact.computed_score is not None
    moved = score_dossier(dossier, settled={**settled, path: exact.computed_score - 1}).tables[1]
    assert moved.settled_total == low - 1
    # the other tables are untouched
    assert score_dossier(dossier, settled=settled).tables[2].settled_total is None


def _paths(dossier: Any, scored: Any) -> dict[str, Any]:
    from jixiao.web.review.scores import row_paths

    return row_paths(dossier, scored)


def _submit(world: World, record: Any) -> None:
    from jixiao.web.dossiers.workflow import finding_key, open_errors

    data = {f"explain-{finding_key(f)}": "已核实" for f in open_errors(record)}
    world.client("filler").post(f"/dossiers/{record.pk}/actions/submit/", data)


def _settle(
    client: Client, record: Any, path: str, score: str, reason: str = "按佐证材料评定", kind: str = "range"
) -> Any:
    return client.post(
        f"/review/dossiers/{record.pk}/scores/",
        {"path": path, "score": score, "reason": reason, "kind": kind},
        follow=True,
    )


def _fresh(record: Any) -> Any:
    from jixiao.web.dossiers.models import DossierRecord

    return DossierRecord.objects.get(pk=record.pk)


@pytest.mark.django_db
def test_reviewer_settles_every_range_and_the_total_and_grade_follow(world: World) -> None:
    from jixiao.web.review.models import ReviewScore

    record: Any = world.records["own"]
    assert _fresh(record).total is None and _fresh(record).total_range
    _submit(world, record)
    page = world.client("dept").get(f"/dossiers/{record.pk}/").content.decode()
    sheet = page.split('id="sheet-1"')[1].split('id="sheet-2"')[0]
    assert "复核评分" in sheet and 'name="score"' in sheet and "待复核 4 项" in sheet
    dept = world.client("dept")
    for path in OPEN:
        body = _settle(
            dept, record, path, "9分" if path.endswith(("21", "22", "23")) else "6"
        ).content.decode()
        assert "已复核" in body
    assert ReviewScore.objects.filter(record=record).count() == 4
    fresh = _fresh(record)
    assert fresh.total == Decimal("96.10") and fresh.total_range == ""
    assert fresh.grade == "优"
    page = dept.get(f"/dossiers/{record.pk}/").content.decode()
    sheet = page.split('id="sheet-1"')[1].split('id="sheet-2"')[0]
    assert "总分（复核）" in sheet and "96.10" in sheet and "复核人" in sheet and "待复核" not in sheet
    assert "87.10–99.10" not in page  # the range is shown only while it is open
    # changing one settled score, then withdrawing it, reopens the range
    _settle(dept, record, "evaluations.0.indicators.21", "8.5")
    assert _fresh(record).total == Decimal("95.60")
    dept.post(f"/review/dossiers/{record.pk}/scores/withdraw/", {"path": "evaluations.0.indicators.21"})
    fresh = _fresh(record)
    assert fresh.total is None and fresh.total_range


def _levels_table(page: str, sheet: int) -> str:
    """The 一级指标小计 table of one sheet of a dossier or public page."""
    part = page.split(f'id="sheet-{sheet}"')[1].split('id="sheet-')[0]
    return part.split('class="grid levels"')[1].split("</table>")[0]


@pytest.mark.django_db
def test_first_level_subtotals_follow_the_settled_scores(world: World) -> None:
    """Browser walk (issue #13): once every range was settled, the total said 99.10 (复核) while the
    一级指标小计 below it still showed the computed ranges (产出指标 43.10–49.10, 效益指标 24.00–30.00),
    on the reviewers' pages and on the public page."""
    record: Any = world.records["own"]
    _submit(world, record)
    dept = world.client("dept")
    levels = _levels_table(dept.get(f"/dossiers/{record.pk}/").content.decode(), 1)
    assert "43.10–49.10" in levels and "24.00–30.00" in levels and "复核" not in levels
    # one of the three 效益 rows settled: its group is still open, so its range stays
    _settle(dept, record, "evaluations.0.indicators.21", "9")
    levels = _levels_table(dept.get(f"/dossiers/{record.pk}/").content.decode(), 1)
    assert "24.00–30.00" in levels and "复核" not in levels
    _settle(dept, record, "evaluations.0.indicators.22", "8.5")
    _settle(dept, record, "evaluations.0.indicators.23", "10")
    levels = _levels_table(dept.get(f"/dossiers/{record.pk}/").content.decode(), 1)
    assert '<b class="level-settled">27.50</b>' in levels and "24.00–30.00" not in levels
    assert "43.10–49.10" in levels  # 产出指标's own range (总成本控制) is still open
    _settle(dept, record, "evaluations.0.indicators.20", "4")
    page = dept.get(f"/dossiers/{record.pk}/").content.decode()
    levels = _levels_table(page, 1)
    assert '<b class="level-settled">47.10</b>' in levels and "–" not in levels
    assert _fresh(record).total == Decimal("94.60")  # 47.10 + 27.50 + the exact groups' 20.00
    assert '<b class="level-settled">' not in _levels_table(page, 2)  # other tables untouched


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("score", "reason", "kind", "message"),
    [
        ("7", "理由", "range", "不在规则给出的区间 8.00–10.00 内"),
        ("很好", "理由", "range", "不是数字"),
        ("", "理由", "range", "不是数字"),
        ("9", "", "range", "必须填写理由"),
        ("11", "理由", "override", "应在 0–10.00 之间"),
        ("-1", "理由", "override", "应在 0–10.00 之间"),
        ("9", "理由", "whatever", "未知的复核方式"),
    ],
)
def test_a_score_outside_the_range_or_not_a_number_is_refused_and_nothing_saved(
    world: World, score: str, reason: str, kind: str, message: str
) -> None:
    from jixiao.web.review.models import ReviewScore

    record: Any = world.records["own"]
    _submit(world, record)
    before = _fresh(record)
    body = _settle(world.client("dept"), record, "evaluations.0.indicators.21", score, reason, kind)
    assert message in body.content.decode()
    assert not ReviewScore.objects.exists()
    assert (_fresh(record).total, _fresh(record).total_range) == (before.total, before.total_range)


@pytest.mark.django_db
def test_only_the_reviewer_holding_the_dossier_settles(world: World) -> None:
    from jixiao.web.review.models import ReviewScore

    record: Any = world.records["own"]
    path = "evaluations.0.indicators.21"
    assert _settle(world.client("dept"), record, path, "9").status_code == 403  # still a draft
    _submit(world, record)
    for who in ("filler", "head", "bureau"):  # the unit, and the bureau before the department passes it
        assert _settle(world.client(who), record, path, "9").status_code == 403, who
    for who in ("other_dept", "far_bureau", "sibling_filler"):
        assert _settle(world.client(who), record, path, "9").status_code == 404, who
    assert not ReviewScore.objects.exists()
    page = world.client("filler").get(f"/dossiers/{record.pk}/").content.decode()
    assert 'name="score"' not in page


@pytest.mark.django_db
def test_an_override_of_an_exact_score_is_shown_as_an_override(world: World) -> None:
    from jixiao.web.dossiers.services import evaluate_record

    record: Any = world.records["own"]
    _submit(world, record)
    evaluated = evaluate_record(record)
    path, result = next(
        (p, r)
        for p, r in _paths(evaluated.dossier, evaluated.scored).items()
        if p.startswith("evaluations.0.")
        and r.computed_score is not None
        and r.weight
        and r.computed_score > 1
    )
    refused = _settle(world.client("dept"), record, path, "1", kind="range").content.decode()
    assert "不是区间" in refused
    _settle(
        world.client("dept"), record, path, str(result.computed_score - 1), "佐证不足，扣 1 分", "override"
    )
    page = world.client("dept").get(f"/dossiers/{record.pk}/").content.decode()
    assert "改定（规则" in page and "佐证不足，扣 1 分" in page


@pytest.mark.django_db
def test_a_settled_score_stops_applying_when_the_unit_changes_the_row(world: World) -> None:
    record: Any = world.records["own"]
    _submit(world, record)
    for path in OPEN:
        _settle(world.client("dept"), record, path, OPEN[path][1])
    assert _fresh(record).total is not None
    world.client("dept").post(f"/dossiers/{record.pk}/actions/dept_return/", {"comment": "请补充佐证"})
    fresh = _fresh(record)
    assert fresh.total is not None  # returned: the settled total stands until the row changes
    response = world.client("filler").post(
        f"/dossiers/{record.pk}/cell/",
        {"path": "evaluations.0.indicators.21.actual", "text": "基本完成", "version": fresh.version},
    )
    assert response.status_code in (200, 302)
    fresh = _fresh(record)
    assert fresh.total is None and fresh.total_range
    page = world.client("filler").get(f"/dossiers/{record.pk}/").content.decode()
    assert "已失效" in page


@pytest.mark.django_db
def test_ranking_api_and_public_page_use_the_settled_score(world: World) -> None:
    from jixiao.web.api.models import ApiToken
    from jixiao.web.dossiers.workflow import finding_key, open_errors

    record: Any = world.records["own"]
    _submit(world, record)
    for path in OPEN:
        _settle(world.client("dept"), record, path, OPEN[path][1], "佐证齐全")
    # ranking: the settled total sorts among the numbers
    overview = world.client("dept").get("/review/?year=2023&sort=-total").content.decode()
    assert "99.10" in overview
    # API: declared, computed (or range) and settled per table and row
    token = ApiToken.issue(world.users["dept"], "test")[1]
    api = Client(headers={"Authorization": f"Bearer {token}"})
    data = api.get(f"/api/v1/dossiers/{record.pk}/scores").json()
    table = data["tables"][1]
    assert table["settled_total"] == "99.10" and table["computed_total"] is None
    assert table["computed_range"] == ["87.10", "99.10"]
    row = next(r for r in table["rows"] if r["path"] == "evaluations.0.indicators.21")
    assert row["declared"] == "9" or row["declared"].startswith("9")
    assert row["computed_range"] == ["8.00", "10.00"]
    assert row["settled"]["score"] == "10.00" and row["settled"]["by"] == "dept"
    assert row["settled"]["kind"] == "range" and row["settled"]["current"] is True
    summary = api.get(f"/api/v1/dossiers/{record.pk}/").json()
    assert summary["total"] == "99.10" and summary["total_range"] is None
    # public: the settled total and who settled it, no range
    dept, bureau = world.client("dept"), world.client("bureau")
    explained = {f"explain-{finding_key(f)}": "已核实" for f in open_errors(record)}
    dept.post(f"/dossiers/{record.pk}/actions/dept_pass/", explained)
    bureau.post(f"/dossiers/{record.pk}/actions/approve/", explained)
    for f in open_errors(record):
        bureau.post(
            f"/dossiers/{record.pk}/findings/accept/",
            {"code": f.code, "location": f.location or "", "reason": "确认"},
        )
    bureau.post(f"/dossiers/{record.pk}/actions/publish/")
    assert _fresh(record).state == "published"
    public = Client().get(f"/public/{record.pk}/").content.decode()
    assert "99.10" in public and "复核：dept" in public and "87.10–99.10" not in public
    assert "（填报" not in public.split('class="total"')[1][:80]
    assert "佐证齐全" not in public  # the reviewer's reasons stay internal
    index = Client().get("/public/").content.decode()
    assert "99.10" in index and "（复核）" in index


def _overview_row(client: Client, unit: str) -> str:
    """The year list's row of ``unit`` (its overall task), as HTML."""
    page = client.get("/review/?year=2023&kind=overall").content.decode()
    rows = [r for r in page.split("<tr")[1:] if f"<td>{unit}</td>" in r]
    assert len(rows) == 1, unit
    return rows[0]


@pytest.mark.django_db
def test_the_review_list_marks_a_settled_total_as_the_public_list_does(world: World) -> None:
    """Browser walk: the 汇总/审核 list showed 99.10 for a total the reviewers settled (复核) with nothing
    saying so, while the public list says “（复核）”. A range partly settled, or a dossier nobody
    reviewed, is not marked."""
    record: Any = world.records["own"]
    _submit(world, record)
    dept = world.client("dept")
    before = _overview_row(dept, "人社局本级")
    assert "87.10–99.10" in before and "（复核）" not in before
    paths = list(OPEN)
    _settle(dept, record, paths[0], OPEN[paths[0]][1])
    partly = _overview_row(dept, "人社局本级")
    assert _fresh(record).total is None and "（复核）" not in partly  # a range is not a settled total
    for path in paths[1:]:
        _settle(dept, record, path, OPEN[path][1])
    settled = _overview_row(dept, "人社局本级")
    assert "99.10" in settled and '<small class="reviewed">（复核）</small>' in settled
    assert "（复核）" not in _overview_row(dept, "就业服务中心")  # computed, never reviewed
    # the bureau's list of the same year says the same
    assert "（复核）" in _overview_row(world.client("bureau"), "人社局本级")


@pytest.mark.django_db
def test_a_live_edit_keeps_the_settled_scores_of_its_table(world: World) -> None:
    """Returned after 复核, the unit edits another row of the settled table: the table the edit sends
    back shows the settled total and who settled it, as the page does, not the computed range."""
    from tests.web.test_web_dossier import _edit

    record: Any = world.records["own"]
    _submit(world, record)
    for path in OPEN:
        _settle(world.client("dept"), record, path, OPEN[path][1])
    world.client("dept").post(f"/dossiers/{record.pk}/actions/dept_return/", {"comment": "请补充佐证"})
    fresh = _fresh(record)
    response: Any = _edit(
        world.client("filler"),
        fresh,
        "evaluations.0.indicators.0.deviation",
        "已说明",
        fresh.version,
        sheet=1,
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="sheet-1"' in body
    assert "总分（复核）" in body and "复核人" in body and "待复核" not in body
