"""The built example site: a person types an application number on a unit's 依申请公开 page and sees its
status and due date (under the site's own Content-Security-Policy); an item shows a villager's question
and its reply. Screenshots go to $GONGKAI_SCREENSHOTS (default: the test's tmp folder)."""

from __future__ import annotations

import os
import pathlib

import pytest
from browser_support import CHROMIUM, record_csp_violations

if not pathlib.Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)", allow_module_level=True)


def _shots(tmp_path: pathlib.Path) -> pathlib.Path:
    folder = pathlib.Path(os.environ.get("GONGKAI_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_lookup_shows_status_and_due_date(browser, base, tmp_path):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    problems: list[str] = []
    record_csp_violations(page, problems)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(base + "yuhua/requests/")
    page.wait_for_selector("#gk-lookup:not([hidden])", timeout=15_000)
    page.fill("#gk-lookup-no", "２０２６－００７")  # typed on a full-width keyboard
    page.click("#gk-lookup button")
    hit = page.locator(".gk-lookup-hit")
    hit.wait_for(timeout=5_000)
    text = hit.inner_text()
    # Received 2026-10-09; due 11-05 (10-10 调休 Saturday counted); as of 11-15: six working days past.
    assert "2026-007" in text and "2026-11-05" in text and "已超期未答复（超过期限 6 个工作日）" in text
    assert "no=" in page.url
    hit.scroll_into_view_if_needed()
    page.screenshot(path=str(_shots(tmp_path) / "requests-lookup.png"), full_page=False)
    page.fill("#gk-lookup-no", "2026-999")
    page.click("#gk-lookup button")
    assert "没有找到" in page.locator("#gk-lookup-result").inner_text()
    assert problems == []
    page.close()


def test_lookup_from_the_address_and_without_script(browser, base):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "yuhua/requests/?no=2026-006")
    page.locator(".gk-lookup-hit").wait_for(timeout=15_000)
    assert "2026-12-14" in page.locator(".gk-lookup-hit").inner_text()
    page.close()
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(base + "yuhua/requests/")
    assert not plain.locator("#gk-lookup").is_visible()  # no script: no form that cannot answer
    row = plain.locator("#gk-no-2026-007").inner_text()
    assert "2026-11-05" in row and "已超期未答复" in row
    context.close()


def test_item_shows_its_question_and_reply(browser, base, tmp_path):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "yuhuazhai/2026/finance-2026-09/")
    questions = page.locator("#gk-questions")
    text = questions.inner_text()
    assert "YK-2026-011" in text and "张某某" in text and "2026-10-28 答复" in text and "按期答复" in text
    assert questions.locator('a[href^="tel:"]').count() >= 1
    questions.scroll_into_view_if_needed()
    page.screenshot(path=str(_shots(tmp_path) / "item-question.png"), full_page=False)
    page.close()
