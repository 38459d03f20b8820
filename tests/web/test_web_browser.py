"""Browser test in headless Chromium (the system's package, driven by Playwright; never downloaded):
a unit imports a seed document, corrects a value and sees the score and findings update, submits; the
department returns it with a comment; the unit fixes and resubmits; the bureau approves and publishes;
the public page shows it. Screenshots are kept in build/web-screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.web.conftest import PASSWORD, World, seed_path

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "build" / "web-screenshots"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="system Chromium not installed (apt-get install chromium)"
)


@pytest.fixture
def browser() -> Iterator[object]:
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # the live server answers each request in a new thread: no persistent connections to leave behind
    db_settings = connections.settings["default"]
    kept_age = db_settings["CONN_MAX_AGE"]
    db_settings["CONN_MAX_AGE"] = 0

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
    db_settings["CONN_MAX_AGE"] = kept_age


@pytest.fixture(autouse=True)
def _plain_http(settings: object) -> None:
    """The live server speaks plain HTTP, as an intranet deployment with JIXIAO_HTTPS=0 does: cookies
    that only travel over TLS would never come back."""
    settings.SESSION_COOKIE_SECURE = False  # type: ignore[attr-defined]
    settings.CSRF_COOKIE_SECURE = False  # type: ignore[attr-defined]


CONSOLE_ERRORS: list[str] = []


def _page(browser: object, base: str, username: str) -> object:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    page.on("console", lambda m: CONSOLE_ERRORS.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def _score_input(page: object) -> object:
    row = page.locator("tr", has=page.locator("td", has_text=re.compile("^职称评定通过率$"))).first  # type: ignore[attr-defined]
    return row


def _edit(page: object, locator: object, text: str) -> None:
    with page.expect_response(re.compile(r"/cell/$")):  # type: ignore[attr-defined]
        locator.fill(text)  # type: ignore[attr-defined]
        locator.press("Tab")  # type: ignore[attr-defined]
    page.wait_for_timeout(150)  # type: ignore[attr-defined]


def _act_explaining(page: object, action: str, text: str) -> None:
    """Take a workflow action whose form asks for an explanation of each open error (the gate): the
    browser refuses to send it while one is empty, so each is filled first."""
    form = page.locator("form", has=page.locator(f"button[data-action={action}]"))  # type: ignore[attr-defined]
    boxes = form.locator("textarea[name^=explain-]")
    for index in range(boxes.count()):
        boxes.nth(index).fill(f"{text}（{index + 1}）")
    form.locator(f"button[data-action={action}]").click()
    page.wait_for_load_state()  # type: ignore[attr-defined]


def _accept_every_error(page: object, reason: str) -> int:
    """A reviewer accepts each open error with a reason, one form at a time (each reloads the page)."""
    accepted = 0
    while True:
        form = page.locator("#all-findings form").first  # type: ignore[attr-defined]
        if not form.count():
            return accepted
        form.locator("input[name=reason]").fill(reason)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()  # type: ignore[attr-defined]
        accepted += 1
        assert accepted < 200


@pytest.mark.django_db(transaction=True)
def test_import_correct_submit_return_resubmit_approve_publish(
    world: World, live_server: object, browser: object
) -> None:
    from django.db import connection

    from jixiao.web.dossiers.models import DossierRecord

    base = str(live_server.url)  # type: ignore[attr-defined]
    task = world.tasks["fund"]

    # the unit imports a seed document and confirms what was read
    unit = _page(browser, base, "filler")
    unit.click(f"a[href='/tasks/{task.pk}/upload/']")  # type: ignore[attr-defined]
    unit.set_input_files("input[type=file]", str(seed_path("000")))  # type: ignore[attr-defined]
    unit.click("button[type=submit]")  # type: ignore[attr-defined]
    unit.wait_for_load_state()  # type: ignore[attr-defined]
    assert "确认上传内容" in unit.content()  # type: ignore[attr-defined]
    unit.screenshot(path=str(SHOTS / "01-upload-confirm.png"))  # type: ignore[attr-defined]
    unit.click("button[name=confirm]")  # type: ignore[attr-defined]
    unit.wait_for_load_state()  # type: ignore[attr-defined]
    record = DossierRecord.objects.get(task=task)  # type: ignore[misc]
    errors_at_start = record.error_count

    # it corrects a score: the computed column agrees, the finding at the cell goes, the total's appears
    row = _score_input(unit)
    assert "S002" in row.inner_text()  # type: ignore[attr-defined]
    _edit(unit, row.locator("input[aria-label='自评得分']"), "1.10")  # type: ignore[attr-defined]
    row = _score_input(unit)
    assert "S002" not in row.inner_text()  # type: ignore[attr-defined]
    assert "总分填 97" in unit.content()  # type: ignore[attr-defined]
    assert "第 2 版" in unit.locator("#summary").inner_text()  # type: ignore[attr-defined]
    sheet = row.locator("xpath=ancestor::section[contains(@class,'sheet')]")  # type: ignore[attr-defined]
    _edit(unit, sheet.locator("input[aria-label='总分（填报）']"), "96.10")
    summary = unit.locator("#summary").inner_text()  # type: ignore[attr-defined]
    assert f"{errors_at_start - 1} 个错误" in summary
    unit.screenshot(path=str(SHOTS / "02-unit-corrected.png"), full_page=False)  # type: ignore[attr-defined]
    # submitting with open errors asks for an explanation of each (the gate)
    assert "须逐项说明原因" in unit.content()  # type: ignore[attr-defined]
    _act_explaining(unit, "submit", "已与主管部门核实")
    assert "已提交" in unit.locator("#summary").inner_text()  # type: ignore[attr-defined]
    assert unit.locator("input.cell").count() == 0  # type: ignore[attr-defined]

    # the department returns it with a comment
    dept = _page(browser, base, "dept")
    dept.goto(f"{base}/dossiers/{record.pk}/")  # type: ignore[attr-defined]
    form = dept.locator("form", has=dept.locator("button[data-action=dept_return]"))  # type: ignore[attr-defined]
    form.locator("textarea[name=comment]").fill("请补充偏差原因说明后重新提交")
    form.locator("button").click()
    dept.wait_for_load_state()  # type: ignore[attr-defined]
    dept.screenshot(path=str(SHOTS / "03-department-returned.png"))  # type: ignore[attr-defined]

    # the unit sees the comment, fixes and resubmits
    unit.goto(f"{base}/dossiers/{record.pk}/")  # type: ignore[attr-defined]
    assert "请补充偏差原因说明后重新提交" in unit.content()  # type: ignore[attr-defined]
    deviation = _score_input(unit).locator("[aria-label='偏差原因']")  # type: ignore[attr-defined]
    if deviation.count():
        _edit(unit, deviation.first, "反向指标按规则计分，已更正")
    _act_explaining(unit, "submit", "已与主管部门核实")

    dept.goto(f"{base}/dossiers/{record.pk}/")  # type: ignore[attr-defined]
    _act_explaining(dept, "dept_pass", "主管部门已核实")

    # the finance bureau approves and publishes
    bureau = _page(browser, base, "bureau")
    bureau.goto(f"{base}/review/?year=2023")  # type: ignore[attr-defined]
    bureau.wait_for_timeout(500)  # type: ignore[attr-defined]
    bureau.screenshot(path=str(SHOTS / "04-bureau-overview.png"), full_page=True)  # type: ignore[attr-defined]
    assert bureau.locator("#chart-scores svg").count() == 1  # type: ignore[attr-defined]
    bureau.goto(f"{base}/dossiers/{record.pk}/")  # type: ignore[attr-defined]
    _act_explaining(bureau, "approve", "财政局已核实")
    # publishing with an error no reviewer accepted is refused: the bureau accepts each with a reason
    bureau.goto(f"{base}/dossiers/{record.pk}/")  # type: ignore[attr-defined]
    assert "不能公开" in bureau.content()  # type: ignore[attr-defined]
    assert _accept_every_error(bureau, "经财政局复核，按规则处理") > 0
    bureau.click("button[data-action=publish]")  # type: ignore[attr-defined]
    bureau.wait_for_load_state()  # type: ignore[attr-defined]

    # anyone can read it now
    public = browser.new_context(locale="zh-CN").new_page()  # type: ignore[attr-defined]
    public.goto(f"{base}/public/")
    public.click("text=人社局本级")
    public.wait_for_load_state()
    text = public.content()
    assert "职称评定通过率" in text and "<input" not in text
    public.screenshot(path=str(SHOTS / "05-public.png"))
    assert not [e for e in CONSOLE_ERRORS if "Content Security Policy" in e or "Refused" in e], CONSOLE_ERRORS
    states = list(DossierRecord.objects.get(pk=record.pk).transitions.values_list("to_state", flat=True))
    assert states == ["submitted", "returned", "submitted", "bureau_review", "approved", "published"]
    connection.close()  # opened inside Playwright's context, so the test database's teardown cannot see it


@pytest.mark.django_db(transaction=True)
def test_two_people_editing_one_dossier_see_a_clear_message(
    world: World, live_server: object, browser: object
) -> None:
    from django.db import connection

    from jixiao.web.dossiers.models import DossierRecord

    base = str(live_server.url)  # type: ignore[attr-defined]
    record = world.records["own"]
    first = _page(browser, base, "filler")
    second = _page(browser, base, "head")
    for page in (first, second):
        page.goto(f"{base}/dossiers/{record.pk}/")  # type: ignore[attr-defined]
    _edit(first, _score_input(first).locator("input[aria-label='自评得分']"), "1.10")  # type: ignore[attr-defined]
    saved = DossierRecord.objects.get(pk=record.pk).dossier_json  # type: ignore[attr-defined]
    box = _score_input(second).locator("input[aria-label='自评得分']")  # type: ignore[attr-defined]
    _edit(second, box, "0.50")
    message = second.locator("#edit-message").inner_text()  # type: ignore[attr-defined]
    assert "您的修改未保存" in message and "filler" in message
    assert box.input_value() == "0.50"  # what the second person typed is still on their screen
    # and the refusal is said at the cell too, not only at the top of the page
    assert box.get_attribute("aria-invalid") == "true"
    assert "您的修改未保存" in second.locator(".refusal").inner_text()  # type: ignore[attr-defined]
    second.screenshot(path=str(SHOTS / "06-stale-edit.png"))  # type: ignore[attr-defined]
    fresh = DossierRecord.objects.get(pk=record.pk)  # type: ignore[attr-defined]
    assert fresh.dossier_json == saved and fresh.version == 2
    connection.close()
