"""The Content-Security-Policy and the sanitised page, end to end.

The policy allows mkdocs-material's inline scripts by hash: the hashes are recomputed here from the
installed theme, so a theme upgrade that changes a script fails this test instead of silently breaking
the site. A hostile item (script, iframe, event handlers, javascript: links, hiding styles, a title that
closes </title>) is built with a palette toggle, then opened in Chromium: nothing of it runs, the CSP
reports nothing, and the theme's own inline script (palette) still works.
"""

from __future__ import annotations

import base64
import hashlib
import os
import pathlib
import re
import subprocess
import sys

import material
import pytest
from conftest import Project, copy_site_files, item_text

PROJECT = pathlib.Path(__file__).resolve().parent.parent
EXTRAHEAD = PROJECT / "theme" / "partials" / "gk-extrahead.html"
THEME_SCRIPTS = pathlib.Path(material.__file__).parent / "templates" / "partials" / "javascripts"
CHROMIUM = "/usr/bin/chromium"
# Templated scripts: base.html runs before the policy's <meta> (it names each page's base URL);
# outdated.html belongs to versioned docs (mike), which this site does not use.
NOT_HASHED = {"base.html", "outdated.html"}


def policy() -> dict[str, list[str]]:
    content = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                        EXTRAHEAD.read_text("utf-8"))
    assert content, "no CSP <meta> in gk-extrahead.html"
    return {name: values for name, *values in (d.split() for d in content.group(1).split(";") if d.strip())}


def sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def theme_inline_scripts() -> dict[str, str]:
    scripts = {}
    for template in sorted(THEME_SCRIPTS.glob("*.html")):
        matches = re.finditer(r"<script>(.*?)</script>", template.read_text("utf-8"), re.S)
        for number, match in enumerate(matches):
            scripts[f"{template.name}#{number}"] = match.group(1)
    return scripts


def own_inline_scripts() -> dict[str, str]:
    """gongkai's own inline scripts in theme/ (the 大字 switch's first-paint script)."""
    scripts = {}
    for template in sorted((PROJECT / "theme").rglob("*.html")):
        for number, match in enumerate(re.finditer(r"<script>(.*?)</script>", template.read_text("utf-8"), re.S)):
            scripts[f"{template.relative_to(PROJECT).as_posix()}#{number}"] = match.group(1)
    return scripts


def test_policy_allows_exactly_the_themes_inline_scripts():
    hashed = {name: sha256(text) for name, text in theme_inline_scripts().items()
              if name.split("#")[0] not in NOT_HASHED}
    own = own_inline_scripts()
    assert list(own) == ["theme/partials/gk-extrahead.html#0"]
    assert all("{{" not in text and "{%" not in text for text in own.values())  # the same bytes on every page
    hashed.update({name: sha256(text) for name, text in own.items()})
    assert "palette.html#0" in hashed and "content.html#1" in hashed
    for name, text in theme_inline_scripts().items():
        assert name.split("#")[0] in NOT_HASHED or ("{{" not in text and "{%" not in text), name
    allowed = {v for v in policy()["script-src"] if v.startswith("'sha256-")}
    assert allowed == set(hashed.values())


def test_policy_is_strict():
    directives = policy()
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'" and all(
        v.startswith("'sha256-") for v in directives["script-src"][1:])
    assert directives["style-src"] == ["'self'"]  # tables align by attribute; nothing needs inline styles
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]
    assert "frame-ancestors" not in directives  # ignored (with a console error) when set in a <meta>


HOSTILE_BODY = """\
## 事项

<script>alert("script")</script>
<img src="x.png" onerror="alert('onerror')">
<iframe src="javascript:alert('iframe')"></iframe>
<object data="javascript:alert('object')"></object><embed src="javascript:alert('embed')">
[点我](javascript:alert('link')) <a href="data:text/html,<script>alert('data')</script>">数据</a>
<p style="display:none">隐藏的低保名单</p>
<style>.md-content{display:none}</style>

一段文字
{: onclick="alert('attr_list')" }

## 办理情况

已完成。
"""
HOSTILE_TITLE = "通知</title><script>alert('title')</script>"
PALETTE = """  palette:
    - scheme: default
      primary: red
      accent: red
      toggle: {icon: material/brightness-7, name: 深色模式}
    - scheme: slate
      primary: red
      accent: red
      toggle: {icon: material/brightness-4, name: 浅色模式}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[pathlib.Path, str]:
    project = Project(tmp_path_factory.mktemp("hostile"))
    text = item_text("general", body=HOSTILE_BODY)
    text = text.replace("title: 测试事项 general", f'title: "{HOSTILE_TITLE}"')
    project.write("bulletins/yuhuazhai/2026/notice.md", text)
    copy_site_files(project.root)
    config = (PROJECT / "mkdocs.yml").read_text("utf-8")
    config, replaced = re.subn(r"^  font: false\n", PALETTE + "  font: false\n", config, flags=re.M)
    assert replaced == 1
    (project.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = dict(os.environ, GONGKAI_AS_OF="2026-11-15")
    env.pop("GONGKAI_PREVIOUS", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project.root, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return project.root / "site", result.stderr


def test_build_warns_and_publishes_the_sanitised_page(hostile_site):
    site, log = hostile_site
    for code in ("GK511", "GK512", "GK513", "GK514"):
        assert re.search(rf"bulletins/yuhuazhai/2026/notice\.md:\d+(:\d+)?: {code} \[警告\]", log), code
    page = (site / "yuhuazhai/2026/notice/index.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", article).group(1)
    assert heading == "通知&lt;/title&gt;&lt;script&gt;alert('title')&lt;/script&gt;"  # shown as text
    article = article.replace(heading, "")
    for gone in ("alert(", "onerror", "onclick", "javascript:", "data:text", "<iframe", "<object", "<embed",
                 "display:none", "<style"):
        assert gone not in article, gone
    assert "隐藏的低保名单" in article  # the text itself stays visible
    assert "<title>通知&lt;/title&gt;&lt;script&gt;" in page and "<script>alert" not in page


@pytest.mark.skipif(not pathlib.Path(CHROMIUM).exists(), reason="chromium is not installed")
def test_nothing_runs_and_the_palette_script_still_works(hostile_site):
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser.browser_support import LAUNCH_ARGS, record_csp_violations, serve_directory

    site, _ = hostile_site
    events: list[str] = []
    with serve_directory(str(site)) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 1400})
        record_csp_violations(page, events)
        page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: events.append(f"script error: {e}"))
        page.goto(base + "yuhuazhai/2026/notice/index.html")
        page.click("a:has-text('点我')")
        page.click("text=一段文字")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
        page.click("label[for=__palette_1]")  # the theme's palette toggle
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        page.reload()  # on load, the theme's inline palette script (allowed by hash) restores the choice
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        browser.close()
    assert events == []
