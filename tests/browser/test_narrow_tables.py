"""Tables on narrow screens: a finance table (up to 3 columns) fits a 320 px phone with no sideways
scrolling; at 200 % zoom (a 390 px phone zoomed in: 195 CSS px) it scrolls inside its labelled region
and its amounts can be scrolled fully into view, never cut; the compliance matrix scrolls inside its
region with the unit column fixed."""

from __future__ import annotations

import pathlib

import pytest
from browser_support import CHROMIUM

if not pathlib.Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)", allow_module_level=True)


FINANCE = ["yuhuazhai/2026/finance-2026-09/", "yuhuazhai/2026/finance-2026-10/", "nanjiang/2026/finance-2026-q3/"]
# For each table region: its size, whether the page itself is wider than the screen, and how far the
# right edge of the last column lies beyond the region once the region is scrolled to its end.
MEASURE = """() => [...document.querySelectorAll('.gk-table')].map(region => {
  const table = region.querySelector('table');
  region.scrollLeft = region.scrollWidth;
  const last = [...table.querySelectorAll('tr > :last-child')];
  const cut = Math.max(...last.map(c => c.getBoundingClientRect().right)) - region.getBoundingClientRect().right;
  const columns = table.rows[0].cells.length;
  return {label: region.getAttribute('aria-label'), columns, overflow: region.scrollWidth - region.clientWidth,
          cut, focusable: region.tabIndex === 0, pageOverflow: document.documentElement.scrollWidth - innerWidth};
})"""


def measure(browser, url: str, width: int) -> list[dict]:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(url)
        return page.evaluate(MEASURE)
    finally:
        context.close()


@pytest.mark.parametrize("path", FINANCE)
def test_finance_tables_fit_a_320_px_phone(browser, base, path):
    regions = measure(browser, base + path, 320)
    assert regions and all(r["columns"] <= 3 for r in regions)
    assert [r for r in regions if r["overflow"] > 0 or r["pageOverflow"] > 0] == []


@pytest.mark.parametrize("path", FINANCE)
def test_at_200_percent_zoom_amounts_scroll_into_view(browser, base, path):
    regions = measure(browser, base + path, 195)
    assert regions and all(r["focusable"] and r["label"].startswith("表格") for r in regions)
    assert [r for r in regions if r["cut"] > 0.5] == []
    assert all(r["pageOverflow"] <= 0 for r in regions)  # the page does not scroll sideways, the region does


def test_the_matrix_scrolls_in_its_region_with_the_unit_column_fixed(browser, base):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + "compliance/")
    region = page.locator(".gk-matrix-wrap").last
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label")
    before = region.evaluate("r => r.querySelector('tbody th').getBoundingClientRect().left")
    region.focus()
    page.keyboard.press("ArrowRight")  # a keyboard scrolls the focused region (Chromium animates it)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle(), timeout=5_000)
    scrolled, after = region.evaluate("r => [r.scrollLeft, r.querySelector('tbody th').getBoundingClientRect().left]")
    wide = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    context.close()
    assert scrolled > 0 and abs(after - before) < 1 and wide <= 0
