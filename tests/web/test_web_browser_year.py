"""Issue #13's acceptance walk of a finance bureau's year, in headless Chromium (the system's package,
driven by Playwright) as the three roles would do it:

the unit (填报) uploads a document that is not its own (warned, cancelled, nothing saved), then its own;
types a non-numeric figure into a money cell (refused at the cell, no new version); submits with open
errors (the browser will not send the form until each is explained); the department (审核/复核)
settles every score the rules leave as a range and passes it on; the bureau (通过/公开/下载) approves,
accepts the errors with reasons and publishes; the public page shows the settled scores and who
settled them; the bureau downloads the year's 审核意见 as one zip, a PDF per submitted dossier.

A screenshot is kept for every step, numbered in order: build/web-screenshots/year-NN-*.png.
"""

from __future__ import annotations

import datetime
import io
import re
import time
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from tests.web import test_web_browser as walk
from tests.web.conftest import PASSWORD, World, seed_path
from tests.web.test_web_browser import CHROMIUM, CONSOLE_ERRORS, SHOTS, _act_explaining, _edit

# the Chromium fixture and plain-HTTP cookies of the first walk, used here by name
browser = walk.browser
_plain_http = walk._plain_http

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="system Chromium not installed (apt-get install chromium)"
)

UNIT_NAME = "岳阳市岳阳楼区人力资源和社会保障局（本级）"  # the unit seed 000 names in its header
_RANGE = re.compile(r"(\d+\.\d{2})–(\d+\.\d{2})")


def _page(browser: Any, base: str, username: str) -> Any:
    return walk._page(browser, base, username)


def _shot(page: Any, number: int, name: str, full_page: bool = False) -> None:
    page.screenshot(path=str(SHOTS / f"year-{number:02d}-{name}.png"), full_page=full_page)


def _settle_every_range(page: Any, reason: str) -> list[tuple[str, str, str]]:
    """The department settles each indicator whose score the rules leave as a range, within it, one
    form at a time (each reloads the page): (indicator, range, score given)."""
    settled: list[tuple[str, str, str]] = []
    while True:
        summary = page.locator("details.settle > summary", has_text=re.compile("^复核评分$")).first
        if not summary.count():
            return settled
        row = summary.locator("xpath=ancestor::tr[1]")
        cell = summary.locator("xpath=ancestor::td[1]")
        shown = _RANGE.search(cell.inner_text())
        assert shown, cell.inner_text()
        low, high = Decimal(shown.group(1)), Decimal(shown.group(2))
        score = str(high if low == high else (low + high) / 2)  # inside the range, as a reviewer would
        name = row.locator("td").nth(2).inner_text().strip()
        summary.click()
        form = cell.locator("form[action$='/scores/']")
        form.locator("select[name=kind]").select_option("range")
        form.locator("input[name=score]").fill(score)
        form.locator("input[name=reason]").fill(reason)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert f"已复核“{name}”" in page.locator("ul.messages").inner_text()
        settled.append((name, shown.group(0), score))
        assert len(settled) < 100


def _accept_errors(page: Any, reason: str) -> int:
    """The bureau accepts each open error (not the 提示) with a reason, one form at a time."""
    accepted = 0
    while True:
        rows = page.locator("#all-findings tbody tr", has=page.locator("td:nth-child(2)", has_text="错误"))
        form = rows.locator("form").first
        if not form.count():
            return accepted
        form.locator("input[name=reason]").fill(reason)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "已确认审核发现" in page.locator("ul.messages").inner_text()
        accepted += 1
        assert accepted < 100


def _state(pk: int) -> str:
    from jixiao.web.dossiers.models import DossierRecord

    return str(DossierRecord.objects.get(pk=pk).state)


@pytest.mark.django_db(transaction=True)
def test_a_year_from_upload_to_published_scores_and_the_opinions_zip(
    world: World, live_server: Any, browser: Any
) -> None:
    from django.db import connection

    from jixiao.web.accounts.models import Department, Role, Unit, User
    from jixiao.web.dossiers.models import DossierRecord, Task
    from jixiao.web.review.models import ReviewScore

    started = time.monotonic()
    base = str(live_server.url)
    department = Department.objects.get(name="人社部门")
    unit = Unit.objects.create(department=department, name=UNIT_NAME)
    filler = User(username="ylq_filler", role=Role.FILLER, unit=unit)
    filler.set_password(PASSWORD)
    filler.save()
    task = Task.objects.create(year=2023, unit=unit, deadline=datetime.date(2024, 4, 30))
    for old in SHOTS.glob("year-*.png"):
        old.unlink()

    # 1 the unit uploads another unit's document of another year: warned before anything is saved
    page = _page(browser, base, "ylq_filler")
    assert "我的任务" in page.content()
    page.click(f"a[href='/tasks/{task.pk}/upload/']")
    page.set_input_files("input[type=file]", str(seed_path("002")))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    warning = page.locator(".msg.warning").inner_text()
    assert "上传的文档与任务" in warning and "不一致，请核对后再确认" in warning
    assert "文档年度为 2021 年，任务年度为 2023 年（可能沿用了往年材料）" in warning
    assert f"文档中的单位为“岳阳市人力资源和社会保障局”，任务单位为“{UNIT_NAME}”" in warning
    _shot(page, 1, "upload-mismatch-warned")
    page.click("button[name=cancel]")
    page.wait_for_load_state()
    assert "已取消上传，档案未改变" in page.content()
    assert not DossierRecord.objects.filter(task=task).exists()

    # 2 it uploads its own document: no warning; confirming creates the dossier's first version
    page.click(f"a[href='/tasks/{task.pk}/upload/']")
    page.set_input_files("input[type=file]", str(seed_path("000")))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "确认上传内容" in page.content() and "不一致" not in page.content()
    _shot(page, 2, "upload-own-document")
    page.click("button[name=confirm]")
    page.wait_for_load_state()
    record = DossierRecord.objects.get(task=task)
    assert record.version == 1 and "第 1 版" in page.locator("ul.messages").inner_text()

    # 3 a figure written in words in a money cell is refused at the cell; nothing is saved
    money = page.locator("table.budget input[aria-label='全年执行数']").first
    kept = money.input_value()
    _edit(page, money, "九百九十三点六")
    refusal = page.locator("#edit-message").inner_text()
    assert "未保存" in refusal and "[" in refusal, refusal
    assert money.get_attribute("aria-invalid") == "true"  # the refusal where the user typed
    note = page.locator(f"#{money.get_attribute('aria-describedby')}")
    assert note.inner_text() == refusal.strip() and "「九百九十三点六」不是有效金额" in note.inner_text()
    assert money.input_value() == "九百九十三点六"  # what was typed stays on screen, to be corrected
    assert "第 1 版" in page.locator("#summary").inner_text()
    fresh = DossierRecord.objects.get(pk=record.pk)
    assert fresh.version == 1 and fresh.versions.count() == 1
    _shot(page, 3, "non-numeric-refused")
    # typing the figure back re-renders the table from what is stored: the mark goes, no version is added
    _edit(page, money, kept)
    money = page.locator("table.budget input[aria-label='全年执行数']").first
    assert money.input_value() == kept and money.get_attribute("aria-invalid") is None
    assert page.locator(".refusal").count() == 0
    assert DossierRecord.objects.get(pk=record.pk).versions.count() == 1
    page.reload()
    assert page.locator("table.budget input[aria-label='全年执行数']").first.input_value() == kept

    # 4 submitting with open errors: the form names each and will not go without an explanation
    gate = page.locator("form", has=page.locator("button[data-action=submit]"))
    summary = gate.locator("details.gate summary").inner_text()
    assert re.search(r"尚有 \d+ 个未解决的错误，“提交”须逐项说明原因", summary), summary
    boxes = gate.locator("textarea[name^=explain-]")
    assert boxes.count() >= 1
    gate.locator("button[data-action=submit]").click()
    page.wait_for_timeout(300)
    assert _state(record.pk) == "draft"
    assert boxes.first.evaluate("e => e.validity.valueMissing")
    said = boxes.first.evaluate("e => e.validationMessage")  # in Chinese, whatever the browser's language
    assert said == "请说明此错误的原因：每个未解决的错误都须逐项说明，才能“提交”。", said
    _shot(page, 4, "submit-needs-explanations")
    _act_explaining(page, "submit", "已与主管部门核实，原表如此")
    assert _state(record.pk) == "submitted" and "已提交" in page.locator("#summary").inner_text()
    _shot(page, 5, "unit-submitted")

    # the neighbouring unit submits its dossier too (explaining its errors): two opinions in the zip
    neighbour = _page(browser, base, "filler")
    own = world.records["own"]
    neighbour.goto(f"{base}/dossiers/{own.pk}/")  # type: ignore[attr-defined]
    _act_explaining(neighbour, "submit", "已核实")
    assert _state(own.pk) == "submitted"  # type: ignore[attr-defined]

    # 5 the department opens it from its list, settles every range (复核) and passes it on
    dept = _page(browser, base, "dept")
    dept.goto(f"{base}/review/?year=2023")
    dept.locator("tr", has_text=UNIT_NAME).locator("a", has_text="查看").click()
    dept.wait_for_load_state()
    assert "待复核" in dept.content()
    open_total = DossierRecord.objects.get(pk=record.pk).total_range
    assert _RANGE.fullmatch(open_total), open_total
    settled = _settle_every_range(dept, "佐证材料齐全，按完成情况评定")
    assert settled and ReviewScore.objects.filter(record=record).count() == len(settled)
    assert "待复核" not in dept.content() and "总分（复核）" in dept.content()
    fresh = DossierRecord.objects.get(pk=record.pk)
    assert fresh.total is not None and fresh.total_range == ""
    assert "dept" in dept.locator("td.reviewers").first.inner_text()
    levels = dept.locator("table.levels").all_inner_texts()
    assert levels and not any("–" in t for t in levels), levels  # every group's subtotal is settled
    assert dept.locator("b.level-settled").count() >= 1
    dept.locator("td.total.settled").first.scroll_into_view_if_needed()
    _shot(dept, 6, "department-settled-ranges")
    _act_explaining(dept, "dept_pass", "主管部门已核实")
    assert _state(record.pk) == "bureau_review"

    # 6 the bureau approves (explaining each error), accepts them with reasons and publishes
    bureau = _page(browser, base, "bureau")
    bureau.goto(f"{base}/dossiers/{record.pk}/")
    _act_explaining(bureau, "approve", "财政局已核实")
    assert _state(record.pk) == "approved"
    bureau.goto(f"{base}/dossiers/{record.pk}/")
    assert "不能公开" in bureau.content()
    warnings = re.search(r"\d+ 个提示", bureau.locator("#summary").inner_text())
    assert warnings and warnings.group(0) != "0 个提示"
    assert _accept_errors(bureau, "经财政局复核，按规则处理") > 0
    after = bureau.locator("#summary").inner_text()
    assert "0 个错误" in after and warnings.group(0) in after  # the 提示 stay as they were
    bureau.click("button[data-action=publish]")
    bureau.wait_for_load_state()
    assert _state(record.pk) == "published"
    assert "已公开" in bureau.locator("ul.messages").inner_text()
    _shot(bureau, 7, "bureau-published")

    # 7 anyone reads the settled scores and who settled them; no range, no reviewer's reason
    public = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900}).new_page()
    public.goto(f"{base}/public/")
    public.click(f"text={UNIT_NAME}")
    public.wait_for_load_state()
    fresh = DossierRecord.objects.get(pk=record.pk)
    head = public.locator(".summary").inner_text()
    assert f"{fresh.total:.2f}" in head and "复核：dept" in head
    shown = public.locator("b.settled")
    assert shown.count() == len(settled)
    for index, (_name, _span, score) in enumerate(settled):
        assert shown.nth(index).inner_text() == f"{Decimal(score):.2f}"
    assert public.locator(".review", has_text="复核：dept").count() == len(settled)
    text = public.content()
    assert "<input" not in text and "佐证材料齐全" not in text and "待复核" not in text
    assert open_total not in text  # the total's range is shown only while it is open
    levels = public.locator("table.levels").all_inner_texts()
    assert levels and not any("–" in t for t in levels), levels
    public.locator("td.total.settled").first.scroll_into_view_if_needed()
    _shot(public, 8, "public-settled-scores")

    # 8 the bureau downloads the year's 审核意见: one PDF per submitted dossier, none for drafts
    bureau.goto(f"{base}/review/?year=2023")
    link = bureau.locator("a", has_text="下载本年度已提交档案的审核意见")
    link.scroll_into_view_if_needed()
    with bureau.expect_download() as caught:
        link.click()
    download = caught.value
    assert download.suggested_filename == "2023年度审核意见.zip"
    archive = zipfile.ZipFile(io.BytesIO(download.path().read_bytes()))
    names = sorted(archive.namelist())
    assert len(names) == 2, names
    assert all(n.endswith("审核意见.pdf") for n in names)
    assert any(UNIT_NAME in n for n in names) and any("人社局本级" in n for n in names)
    assert not any("就业服务中心" in n for n in names)  # the sibling's dossier is still a draft
    import pdfplumber

    own_task: Any = world.tasks["own"]
    pairs = [(n, t) for n in names for t in (task, own_task) if t.unit.name in n]
    assert len(pairs) == 2, pairs
    for name, titled in pairs:
        data = archive.read(name)
        assert data.startswith(b"%PDF-")
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            first = re.sub(r"\s+", "", pdf.pages[0].extract_text() or "")
        assert re.sub(r"\s+", "", f"{titled}审核意见") in first, first[:200]  # each PDF is its dossier's
    _shot(bureau, 9, "bureau-opinions-zip")

    assert not [e for e in CONSOLE_ERRORS if "Content Security Policy" in e or "Refused" in e], CONSOLE_ERRORS
    states = list(DossierRecord.objects.get(pk=record.pk).transitions.values_list("to_state", flat=True))
    assert states == ["submitted", "bureau_review", "approved", "published"]
    print(f"walk: {time.monotonic() - started:.1f} s, {len(settled)} ranges settled")
    connection.close()  # opened inside Playwright's context, so the test database's teardown cannot see it
