"""An item page with board photos and attachments, on a 390 px phone: the photos load (WebP where the browser
takes it), nothing breaks the CSP, nothing scrolls sideways, the files are listed."""

from __future__ import annotations

import os
import pathlib

import pytest
from browser_support import CHROMIUM, LAUNCH_ARGS, record_csp_violations, serve_directory

if not pathlib.Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)", allow_module_level=True)

from playwright import sync_api  # noqa: E402

ITEM = "yuhuazhai/2026/finance-2026-08/"


def test_item_page_with_board_photos_on_a_phone(example_site: pathlib.Path, tmp_path: pathlib.Path):
    with serve_directory(str(example_site)) as base, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        violations: list[str] = []
        record_csp_violations(page, violations)
        page.goto(base + ITEM)
        photos = page.locator(".gk-board-photo img")
        assert photos.count() == 2
        for index in range(2):
            photos.nth(index).scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                   arg=photos.nth(index).element_handle())
        sources = photos.evaluate_all(
            "imgs => imgs.map(i => [i.currentSrc, Math.max(i.naturalWidth, i.naturalHeight), i.alt])")
        assert all(src.endswith(".thumb.webp") and side == 480 for src, side, _ in sources), sources
        assert sources[0][2] == "上墙照片：鱼化寨村2026年8月财务收支公开，2026-09-09 拍摄"
        assert page.locator(".gk-board-photo figcaption").all_inner_texts() == [
            "上墙照片 · 2026-09-09 拍摄", "上墙照片 · 2026-09-10 拍摄"]
        names = page.locator(".gk-attachments li a").all_inner_texts()
        assert names == ["finance-2026-08-detail.xlsx", "finance-2026-08-board.large.jpg",
                         "finance-2026-08-board-2.large.jpg"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.locator(".gk-board-photos").scroll_into_view_if_needed()
        shot = pathlib.Path(os.environ.get("GONGKAI_SCREENSHOTS", tmp_path)) / "item-board-photos-390.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert violations == []


def test_the_boards_no_photo_filter_by_keyboard_on_a_phone(example_site: pathlib.Path, tmp_path: pathlib.Path):
    """Tab to 未见上墙照片 on the 公开情况 board, Enter: the list of items without a board photo, no script."""
    with serve_directory(str(example_site)) as base, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844}, java_script_enabled=False)
        page.goto(base + "compliance/")
        link = page.get_by_role("navigation", name="按上墙照片筛选").get_by_role("link")
        count = int(link.locator("small").inner_text())
        assert count > 0
        for _ in range(80):
            page.keyboard.press("Tab")
            if link.evaluate("a => a === document.activeElement"):
                break
        else:
            pytest.fail("the 未见上墙照片 link is not reached with Tab")
        page.keyboard.press("Enter")
        page.wait_for_url("**/compliance/no-board-photo/")
        assert page.locator("h1").inner_text() == "公开情况 · 未见上墙照片"
        current = page.get_by_role("navigation", name="按上墙照片筛选").locator("[aria-current=page]")
        assert current.inner_text().startswith("未见上墙照片")
        items = page.locator("ul.gk-attention > li")
        assert items.count() == count  # the count on the button is the length of the list
        assert "至今没有" in items.first.inner_text() and "finance-2026-08/" not in items.evaluate_all(
            "lis => lis.map(li => li.innerHTML).join()")  # the item that has its photos is not listed
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot = pathlib.Path(os.environ.get("GONGKAI_SCREENSHOTS", tmp_path)) / "compliance-no-board-photo-390.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
