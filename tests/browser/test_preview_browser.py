"""The preview (`gongkai preview`, issue 17): a save that introduces an error shows the diagnostics in the
browser, the same lines as `gongkai check`, instead of the stale page; fixing the file brings the page back by
itself. A `mkdocs build` of the same tree still stops and leaves no site. `mkdocs serve` (the whole site rebuilt
on every save) shows the same page of errors.

GONGKAI_SCREENSHOTS=folder keeps the screenshot of the page of errors (the guide's docs/guide/images/)."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from browser_support import CHROMIUM
from conftest import AS_OF, PROJECT, free_port

if not pathlib.Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)", allow_module_level=True)

ITEM = "bulletins/yuhuazhai/2026/general-2026-q3.md"
URL = "yuhuazhai/2026/general-2026-q3/"
TITLE = "鱼化寨村2026年第三季度村务公开"
SCREENSHOT = os.environ.get("GONGKAI_SCREENSHOTS")  # a folder to keep the screenshot in (for a reviewer)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return 0


SERVERS = {"gongkai preview": ["-m", "gongkai.cli", "preview", "--port"],
           "mkdocs serve": ["-m", "mkdocs", "serve", "-a", "127.0.0.1:"]}


@pytest.fixture(scope="module", params=list(SERVERS))
def preview(request, tmp_path_factory):
    """(project, base URL, env) of a preview server of a copy of the example project."""
    project = tmp_path_factory.mktemp("preview") / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "theme", "hooks", "bulletins"):
        (shutil.copytree if (PROJECT / name).is_dir() else shutil.copy2)(PROJECT / name, project / name)
    env = dict(os.environ, GONGKAI_AS_OF=AS_OF.isoformat(), NO_MKDOCS_2_WARNING="1",
               GONGKAI_CACHE_DIR=str(project / ".cache"))
    port = free_port()
    argv = SERVERS[request.param]
    argv = argv[:-1] + [argv[-1] + str(port)] if argv[-1].endswith(":") else argv + [str(port)]
    server = subprocess.Popen([sys.executable, *argv], cwd=project, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 180
        while _status(base + URL) != 200:
            assert server.poll() is None and time.monotonic() < deadline, f"{request.param} did not start"
            time.sleep(0.5)
        yield project, base, env, request.param
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_error_shows_in_the_browser_and_the_fix_brings_the_page_back(preview, browser, tmp_path) -> None:
    project, base, env, server_name = preview
    source = project / ITEM
    good = source.read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(base + URL)
        assert TITLE in page.title()
        source.write_text(good.replace("published: 2026-10-14", "published: 2026-13-14"), encoding="utf-8")
        page.wait_for_selector("h1:has-text('预览暂停')", timeout=120_000)  # the page reloaded by itself
        check = subprocess.run([sys.executable, "-m", "gongkai.cli", "check"], cwd=project, env=env,
                               capture_output=True, text=True)
        error_line = next(line for line in check.stdout.splitlines() if "GK106" in line)
        assert error_line.startswith(f"{ITEM}:5: GK106 [错误]")
        shown = page.locator("li.gk-error").all_inner_texts()
        assert shown == [error_line]  # the same words as gongkai check: file, line, code, the fix
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
        name = "preview-error.png" if server_name == "gongkai preview" else "preview-error-mkdocs-serve.png"
        shot = pathlib.Path(SCREENSHOT or tmp_path) / name
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))  # what the phone shows: the count, the first errors

        build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                               cwd=project, env=env, capture_output=True, text=True)
        assert build.returncode != 0 and not (tmp_path / "site").exists()  # no page of errors is ever published

        source.write_text(good, encoding="utf-8")
        page.wait_for_function(f"document.title.includes({TITLE!r})", timeout=120_000)
        assert page.locator("h1").first.inner_text() == TITLE
    finally:
        source.write_text(good, encoding="utf-8")
        context.close()
