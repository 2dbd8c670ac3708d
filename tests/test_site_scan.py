"""The published example site, file by file: no valid 身份证号 anywhere (HTML, JSON, search index, feeds,
posters), no script the theme did not put there, and the theme still works under the CSP in Chromium.

Builds the project's own bulletins/ (GONGKAI_AS_OF=2026-11-15) into a temporary folder.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import io
import pathlib
import re
from html.parser import HTMLParser

import material
import pytest
from gongkai.rules.privacy import find
from stdnum.cn import ric

PROJECT = pathlib.Path(__file__).resolve().parent.parent
THEME_ASSETS = [pathlib.Path(material.__file__).parent / "templates" / "assets",
                PROJECT / "theme" / "assets"]
ADMIN = PROJECT / "theme" / "admin"
AS_OF = dt.date(2026, 11, 15)
_CANDIDATE = re.compile(r"(?=([0-9]{17}[0-9Xx]))")
_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
# The theme's first inline script (partials/javascripts/base.html) names the page's base URL and comes
# before the CSP meta; every other inline script must be allowed by hash.
_THEME_BASE_SCRIPT = re.compile(r'__md_scope=new URL\("[./]*",location\),__md_hash=e=>')


@pytest.fixture(scope="module")
def site(example_site) -> pathlib.Path:
    """The shipped example content, built once per test process (conftest.example_site)."""
    return example_site


def text_of(file: pathlib.Path) -> str:
    """What a reader (or a scraper) gets out of a published file."""
    data = file.read_bytes()
    if file.suffix == ".gz":
        data = gzip.decompress(data)
    if file.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", errors="replace")


def valid_ids(text: str) -> list[str]:
    """Every 18-character window with a right check digit and a real birth date (independent of the rule)."""
    found = []
    for match in _CANDIDATE.finditer(text):
        number = match.group(1).upper()
        if number[17] != ric.calc_check_digit(number):
            continue
        try:
            born = ric.get_birth_date(number)
        except Exception:  # noqa: BLE001 - not a date
            continue
        if dt.date(1890, 1, 1) <= born <= AS_OF:
            found.append(number)
    return found


def content_files(site: pathlib.Path) -> list[pathlib.Path]:
    binary = {".png", ".jpg", ".ico", ".woff2"}  # images: a poster's PNG would need OCR
    return sorted(f for f in site.rglob("*") if f.is_file() and f.suffix not in binary)


def is_theme_asset(site: pathlib.Path, file: pathlib.Path) -> bool:
    rel = file.relative_to(site)
    if rel.parts[0] == "admin":  # the web editor: byte for byte theme/admin/ (vendor/: test_admin.py, VENDOR.json)
        source = ADMIN / rel.relative_to("admin")
        return source.is_file() and source.read_bytes() == file.read_bytes()
    if rel.parts[0] != "assets":
        return False
    return any((root / rel.relative_to("assets")).is_file() for root in THEME_ASSETS)


def test_site_has_the_outputs_this_scan_is_about(site):
    assert (site / "index.html").is_file() and (site / "api" / "bulletins.json").is_file()
    assert len(list(site.rglob("*.html"))) > 20


def id_leaks(site: pathlib.Path) -> dict[str, list[str]]:
    leaks = {}
    for file in content_files(site):
        text = text_of(file)
        numbers = valid_ids(text)
        if not is_theme_asset(site, file):  # IDs written with spaces or hyphens, and cards and phones
            numbers += [text[f.start:f.end] for f in find(text, as_of=AS_OF) if f.kind == "id"]
        if numbers:
            leaks[file.relative_to(site).as_posix()] = sorted(set(numbers))
    return leaks


def test_no_valid_id_number_in_any_published_file(site):
    assert id_leaks(site) == {}


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str, int]] = []  # attrs, inline text, offset
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []
        self.csp_at: int | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp_at = self.getpos()[0]
        if tag == "script":
            self._open, self._text = attributes, []

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.scripts.append((self._open, "".join(self._text), self.getpos()[0]))
            self._open = None


def sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def foreign_scripts(site: pathlib.Path) -> list[str]:
    foreign = []
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        rel = file.relative_to(site).as_posix()
        if file.suffix in (".js", ".map"):
            if not is_theme_asset(site, file):
                foreign.append(f"{rel}: a script file the theme does not ship")
            continue
        text = text_of(file)
        if file.suffix != ".html":
            if re.search(r"<script|\\u003cscript|&lt;script", text, re.I):
                foreign.append(f"{rel}: contains <script")
            continue
        page = _Scripts()
        page.feed(text)
        policy = _CSP.search(text)
        allowed = set(policy.group(1).split()) if policy else set()
        for attrs, inline, line in page.scripts:
            src = attrs.get("src")
            if src is not None:
                path = src.split("?")[0]  # 404.html links from the site root (site_url's path is /)
                target = (site / path.lstrip("/") if path.startswith("/") else file.parent / path).resolve()
                if "://" in src or src.startswith("//") or not target.is_file() or \
                        not is_theme_asset(site, target):
                    foreign.append(f"{rel}:{line}: <script src={src}>")
            elif attrs.get("type") == "application/json" and attrs.get("id") == "__config":
                continue
            elif page.csp_at is not None and line < page.csp_at and _THEME_BASE_SCRIPT.match(inline):
                continue
            elif sha256(inline) not in allowed:
                foreign.append(f"{rel}:{line}: inline <script> not allowed by the page's CSP: {inline[:60]}")
        if page.scripts and page.csp_at is None:
            foreign.append(f"{rel}: scripts but no Content-Security-Policy")
    return foreign


def test_every_script_is_the_themes(site):
    assert foreign_scripts(site) == []


def test_the_scan_finds_what_it_looks_for(site, tmp_path):
    """The same scan over a copy of one page and a JSON file with a leak and a pasted script."""
    body = "61011319580301123"
    number = body + ric.calc_check_digit(body + "0")
    page = (site / "index.html").read_text(encoding="utf-8")
    (tmp_path / "index.html").write_text(page.replace("</article>", "<script>alert(1)</script></article>"),
                                         encoding="utf-8")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "bulletins.json").write_text(f'[{{"title": "{number[:6]} {number[6:]}"}}]')
    (tmp_path / "feed.xml").write_text(f"<entry>&lt;script&gt; {number}</entry>")
    assert id_leaks(tmp_path) == {"api/bulletins.json": [f"{number[:6]} {number[6:]}"], "feed.xml": [number]}
    problems = foreign_scripts(tmp_path)
    assert any("inline <script> not allowed" in p and "alert(1)" in p for p in problems)
    assert any(p.startswith("index.html") and "bundle" in p for p in problems)  # not copied: not the theme's
    assert "feed.xml: contains <script" in problems


def test_theme_pages_carry_the_policy_in_head(site):
    """Every page keeps the strict policy; the one exception is the web editor (admin/index.html, its own
    relaxed policy: tests/test_admin.py), and it is named here so that no other page can become one."""
    pages = [site / "index.html", *site.glob("*/index.html"), *site.glob("*/2026/*/index.html")]
    exceptions = [file for file in pages if _CSP.search(file.read_text("utf-8")) and
                  "'unsafe-eval'" in _CSP.search(file.read_text("utf-8")).group(1)]
    assert exceptions == [site / "admin" / "index.html"]
    for file in pages:
        if file in exceptions:
            continue
        text = file.read_text(encoding="utf-8")
        policy = _CSP.search(text)
        assert policy and policy.start() < text.index("</head>"), file
        assert "'unsafe-inline'" not in policy.group(1) and "'unsafe-eval'" not in policy.group(1)


# ---- the theme under the policy, in Chromium ----------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


def pages_to_visit(site: pathlib.Path) -> list[str]:
    items = sorted(site.glob("*/20*/*/index.html"))
    item_with_table = next(p for p in items if "<table>" in p.read_text("utf-8"))
    pages = ["index.html", "units/index.html", "categories/index.html", "guide/index.html",
             item_with_table.relative_to(site).as_posix()]
    pages += [p for p in ("compliance/index.html", "search/index.html") if (site / p).is_file()]
    return pages


@pytest.mark.skipif(not pathlib.Path(CHROMIUM).exists(), reason="chromium is not installed")
def test_theme_runs_under_the_policy_without_violations(site):
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser.browser_support import LAUNCH_ARGS, record_csp_violations, serve_directory

    problems: list[str] = []
    with serve_directory(str(site)) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 1400})
        record_csp_violations(page, problems)
        page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
        for path in pages_to_visit(site):
            page.goto(base + path)
            page.wait_for_load_state("load")
            # The theme's bundle ran: it swaps no-js for js and wraps content tables for scrolling.
            assert "js" in page.evaluate("document.documentElement.className.split(' ')"), path
            if path.count("/") >= 3:
                assert page.locator(".md-typeset__scrollwrap table").count() > 0, path
        # Navigation: the drawer opens from the header button on a phone.
        page.goto(base + "index.html")
        page.click("label.md-header__button[for=__drawer]")
        assert page.evaluate("document.getElementById('__drawer').checked")
        page.wait_for_timeout(300)
        assert page.locator("nav.md-nav--primary").first.is_visible()
        browser.close()
    assert problems == []
