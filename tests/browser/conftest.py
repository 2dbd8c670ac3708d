"""Fixtures of the browser tests: the built example site served on 127.0.0.1, and one Chromium."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest
from browser_support import CHROMIUM, LAUNCH_ARGS, serve_directory


@pytest.fixture(scope="module")
def base(example_site: pathlib.Path) -> Iterator[str]:
    """The example site's base URL (ends in /)."""
    with serve_directory(str(example_site)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian Chromium under Playwright (the modules skip themselves when it is not installed)."""
    from playwright import sync_api

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()
