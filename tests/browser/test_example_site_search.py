"""The real built example site: a person opens 搜索, types Chinese, and finds the item."""

from __future__ import annotations

import pathlib

import pytest
from browser_support import CHROMIUM

if not pathlib.Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    page.close()


def search(page, base: str, query: str) -> list[str]:
    page.goto(base + "search/")
    page.wait_for_selector("#gk-search[data-state=ready]", timeout=15_000)
    page.fill("#gk-search-q", query)
    page.wait_for_function(
        "q => { const r = document.getElementById('gk-search');"
        " return r.dataset.state === 'ready' && r.dataset.query === q; }", arg=query, timeout=15_000)
    return page.locator(".gk-search__title").all_inner_texts()


def test_simplified_and_traditional_find_the_same_item(page, base):
    simplified = search(page, base, "低保")
    assert any("低保与救助补贴发放" in title for title in simplified[:5])
    traditional = search(page, base, "低保與救助")
    assert traditional and set(traditional) <= set(simplified)
    assert search(page, base, "機動地") == search(page, base, "机动地")
    assert page.errors == []


def test_header_search_link_leads_to_results(page, base):
    page.goto(base + "yuhuazhai/2026/")
    page.click(".gk-search-header__link")  # on a phone the header shows a 搜索 link, not a box
    page.wait_for_selector("#gk-search[data-state=ready]", timeout=15_000)
    page.fill("#gk-search-q", "财务收支")
    page.wait_for_function(
        "() => { const r = document.getElementById('gk-search');"
        " return r.dataset.state === 'ready' && r.dataset.query === '财务收支'; }", timeout=15_000)
    titles = page.locator(".gk-search__title").all_inner_texts()
    assert titles and all("财务收支" in t for t in titles[:3])
    assert "q=" in page.url  # the query is in the shareable address
