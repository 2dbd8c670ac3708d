"""axe-core 4.14 (npm, injected by Playwright into Debian Chromium) on one page of every type of the
built example site, at 390 px and 1280 px, in the normal and the 大字 mode: no violation of WCAG 2.2
A/AA or of axe's best practices (and, in 大字 mode, none of the 7:1 text contrast). No CSP report."""

from __future__ import annotations

import pathlib

import pytest
from a11y_support import AXE, MODES, PAGE_TYPES, VIEWPORTS, axe_violations, describe, open_page
from browser_support import CHROMIUM, record_csp_violations

if not pathlib.Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)", allow_module_level=True)


def test_axe_core_is_installed():
    """CI installs it (.ci/run: npm ci); a missing axe is a failure, never a skip."""
    assert AXE.is_file(), "run `npm ci` in the project folder (package.json: axe-core)"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("url", [url for _, url in PAGE_TYPES], ids=[name for name, _ in PAGE_TYPES])
def test_no_axe_violations(browser, base, url, viewport, mode):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    try:
        page = context.new_page()
        reports: list[str] = []
        record_csp_violations(page, reports)
        open_page(page, base + url, mode)
        assert page.evaluate("document.documentElement.classList.contains('gk-large')") == (mode == "large")
        violations = axe_violations(page, mode)
    finally:
        context.close()
    assert violations == [], describe(violations)
    assert reports == []
