"""Type sizes in both modes, and the 大字 (适老模式) switch as a visitor uses it: a real button that
keyboards and screen readers work, large text and targets, one column, no animation, remembered from
page to page, applied before the first paint, and a site that reads fine without JavaScript."""

from __future__ import annotations

import pathlib

import pytest
from a11y_support import LARGE_KEY, PAGE_TYPES, open_page
from browser_support import CHROMIUM

if not pathlib.Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)", allow_module_level=True)


PHONE = {"width": 390, "height": 844}
# Text that may be smaller than body text (never under 12 px): dates, counts, crumbs, badges, chips.
METADATA = (".gk-meta, .gk-meta-inline, .gk-badge, .gk-crumbs, .gk-asof, small, .gk-search__meta, "
            ".gk-search__mark, .gk-chip, .gk-legend, .gk-detail, .gk-call, .gk-search__status, "
            ".gk-url, .gk-card-meta, .gk-card-foot")  # the last three: a poster's web address, dates, index number
# Every visible text node: its font size, whether it is body text (in the article, not metadata).
TEXT_SIZES = """meta => {
  const out = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.closest("[hidden], .md-visually-hidden, svg")) continue;
    const body = !!el.closest("article .md-typeset, article.md-typeset, .gk-body, .gk-sheet") && !el.closest(meta);
    out.push({text: node.textContent.trim().slice(0, 30), size: parseFloat(style.fontSize), body});
  }
  return out;
}"""
WIDER_THAN_SCREEN = "document.documentElement.scrollWidth - innerWidth"
BOX = "el => { const r = el.getBoundingClientRect(); return [r.width, r.height]; }"


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=PHONE)
    yield context
    context.close()


@pytest.mark.parametrize("url", [url for _, url in PAGE_TYPES], ids=[name for name, _ in PAGE_TYPES])
def test_type_sizes_on_a_phone(context, base, url):
    """Normal: body and table text (amounts too) 16 px or more, metadata 12 px or more.
    大字: every text on the page 18 px or more. In both, the page never scrolls sideways."""
    page = context.new_page()
    open_page(page, base + url, "normal")
    assert page.evaluate(WIDER_THAN_SCREEN) <= 0
    texts = page.evaluate(TEXT_SIZES, METADATA)
    assert len(texts) > 10
    assert [t for t in texts if t["size"] < (16 if t["body"] else 12) - 0.01] == []
    assert any(t["body"] for t in texts)
    page = context.new_page()
    open_page(page, base + url, "large")
    assert page.evaluate(WIDER_THAN_SCREEN) <= 0
    assert [t for t in page.evaluate(TEXT_SIZES, METADATA) if t["size"] < 18 - 0.01] == []


LARGE_PAGES = ["yuhuazhai/2026/finance-2026-09/", "compliance/", "yuhuazhai/", "search/?q=%E8%B4%A2%E5%8A%A1",
               "posters/yuhuazhai/2026/finance-2026-09/"]
MAIN_CONTROLS = (".md-header__button:not(.md-logo), .gk-search-header__link, .gk-large-toggle, .gk-poster-link a, "
                 "a.gk-tel, a.gk-board-print, .gk-search__box button, .gk-search__box input, .gk-toolbar a")
CONTROLS = ("button, input:not([type=checkbox]), select, .gk-list a, .gk-crumbs a, .gk-periods a, .gk-filter a, "
            "table.gk-matrix a, .gk-status-list a, .md-nav__link")


@pytest.mark.parametrize("url", LARGE_PAGES)
def test_large_mode_targets_spacing_and_motion(context, base, url):
    page = context.new_page()
    open_page(page, base + url, "large")
    main = [(el.evaluate("e => e.outerHTML.slice(0, 80)"), el.evaluate(BOX))
            for el in page.locator(MAIN_CONTROLS).all() if el.is_visible()]
    assert main and [(html, box) for html, box in main if min(box) < 60 - 0.5] == []
    others = [(el.evaluate("e => e.outerHTML.slice(0, 80)"), el.evaluate(BOX))
              for el in page.locator(CONTROLS).all() if el.is_visible()]
    assert [(html, box) for html, box in others if min(box) < 44 - 0.5] == []
    for paragraph in page.locator("article p:not([class]), .gk-body p").all()[:5]:  # prose, not status lines
        size, line, gap = paragraph.evaluate("p => { const s = getComputedStyle(p); return [parseFloat(s.fontSize),"
                                             " parseFloat(s.lineHeight), parseFloat(s.marginBottom)]; }")
        assert line >= 1.5 * size - 0.01 and gap > line - size and gap >= size
    assert page.evaluate("getComputedStyle(document.querySelector('.gk-large-toggle')).transitionDuration") == "0s"


def test_large_mode_is_one_column_on_a_wide_screen(browser, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_page(page, base + "guide/fields/", "normal")
    assert page.locator(".md-sidebar--primary").is_visible()
    open_page(page, base + "guide/fields/", "large")
    visible = [s.is_visible() for s in page.locator(".md-sidebar").all()]
    width = page.locator(".md-content").evaluate(BOX)[0]
    context.close()
    assert visible and not any(visible) and width > 1000


def test_the_switch_by_keyboard_remembered_across_pages(context, base):
    page = context.new_page()
    page.goto(base + "yuhuazhai/2026/finance-2026-09/")
    button = page.get_by_role("button", name="大字")
    assert button.get_attribute("aria-pressed") == "false"
    small = page.locator("article p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate(f"localStorage.getItem({LARGE_KEY!r})") == "1"
    large = page.locator("article p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert large >= 18 > small - 0.1 or large > small
    page.goto(base + "compliance/")  # another page, then a poster print page: still 大字
    assert page.get_by_role("button", name="大字").get_attribute("aria-pressed") == "true"
    page.goto(base + "posters/yuhuazhai/2026/finance-2026-09/")
    poster_button = page.get_by_role("button", name="大字")
    assert poster_button.get_attribute("aria-pressed") == "true"
    poster_button.focus()
    page.keyboard.press("Space")  # and off again
    assert poster_button.get_attribute("aria-pressed") == "false"
    page.goto(base + "yuhuazhai/")
    assert not page.evaluate("document.documentElement.classList.contains('gk-large')")


def test_the_stored_mode_applies_before_the_deferred_script(context, base):
    """The hashed inline script in <head> sets 大字 on its own: no flash of small type on load."""
    page = context.new_page()
    page.route("**/gongkai-large.js", lambda route: route.abort())
    open_page(page, base + "yuhuazhai/2026/finance-2026-09/", "large")
    assert page.evaluate("document.documentElement.classList.contains('gk-large')")
    size = page.locator("article p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert size >= 18


def test_without_javascript_the_site_reads_and_the_switch_is_hidden(browser, base):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "yuhuazhai/2026/finance-2026-09/")
    assert not page.locator(".gk-large-toggle").is_visible()
    assert page.locator("article table").first.is_visible()
    assert page.locator("a.gk-tel").first.is_visible()
    page.goto(base + "posters/yuhuazhai/")
    assert not page.locator(".gk-large-toggle").is_visible()
    page.goto(base + "yuhuazhai/")
    page.locator(".gk-search-header__link").click()  # the header search is a plain link and form
    assert page.url.endswith("/search/")
    context.close()


@pytest.mark.parametrize("url", [url for _, url in PAGE_TYPES], ids=[name for name, _ in PAGE_TYPES])
def test_structure_for_screen_readers(context, base, url):
    page = context.new_page()
    open_page(page, base + url, "normal")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.locator("h1").count() == 1
    labels = page.evaluate("""() => [...document.querySelectorAll('nav')].filter(n => n.getClientRects().length)
      .map(n => n.getAttribute('aria-label') || (document.getElementById(n.getAttribute('aria-labelledby')) || {})
      .textContent || '').map(t => t.trim())""")
    assert labels and all(labels) and len(set(labels)) == len(labels), labels
    assert page.locator("th:not([scope])").count() == 0
    if not url.startswith("posters/"):
        assert page.locator("a.md-skip").count() == 1


def test_search_count_is_announced_and_the_script_loads_only_there(context, base):
    page = context.new_page()
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    open_page(page, base + "yuhuazhai/", "normal")
    assert not [s for s in scripts if "gongkai-search" in s]
    open_page(page, base + "search/?q=%E8%B4%A2%E5%8A%A1", "normal")
    assert [s for s in scripts if "gongkai-search" in s]
    status = page.locator("#gk-search [aria-live=polite]")
    assert status.count() == 1 and "条" in status.inner_text()
    assert page.locator("#gk-search input[type=search]").evaluate(
        "i => !!(i.labels.length || i.getAttribute('aria-label'))")
