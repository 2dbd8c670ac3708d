"""The search page in a real browser: Debian's Chromium, driven by Playwright, over HTTP.

Builds an index from a few items into a temporary site with a minimal page that loads
gongkai-search.js under a strict Content-Security-Policy, then types queries as a visitor would.
"""

from __future__ import annotations

import pathlib
import shutil
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import CHROMIUM, LAUNCH_ARGS, serve_directory
from gongkai.search import SearchDoc, build_search_index

if not pathlib.Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

THEME = pathlib.Path(__file__).resolve().parents[2] / "theme" / "assets"

PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'">
<title>搜索</title><link rel="icon" href="../favicon.ico"></head>
<body><h1>搜索</h1><div id="gk-search" data-index="./"></div>
<script src="../assets/javascripts/gongkai-search.js"></script></body></html>
"""


def item(url: str, title: str, unit: str, unit_name: str, path: tuple[str, ...], text: str, *,
         category: str = "relief", category_name: str = "低保与救助补贴发放", date: str = "2026-10-10",
         period: str | None = "2026-Q3", status: str = "active") -> SearchDoc:
    return SearchDoc(url=url, title=title, unit=unit, unit_name=unit_name, units_path=path, category=category,
                     category_name=category_name, type="periodic" if period else "immediate", date=date,
                     period=period, status=status, text=text)


YUHUAZHAI = ("yuhuazhai", "鱼化寨村", ("yanta", "yuhua", "yuhuazhai"))
NANJIANG = ("nanjiang", "南江村", ("yanta", "yuhua", "nanjiang"))
DOCS = [
    item("yuhuazhai/2026/relief-2026-q3/", "鱼化寨村2026年第三季度低保发放", *YUHUAZHAI,
         "本季度共有低保户12户，发放标准按照市民政局规定执行。监督电话 029-84561234。"),
    item("nanjiang/2026/relief-2026-q3/", "南江村2026年第三季度低保發放", *NANJIANG,
         "本季度低保戶名單經村務監督委員會審核，發放標準見下表。"),
    item("nanjiang/2026/land-2026-08-03/", "南江村土地征收补偿方案", *NANJIANG,
         "宅基地及地上附着物补偿标准如下，异议渠道：村委会。", category="land",
         category_name="土地征收补偿及分配", date="2026-08-04", period=None),
    item("yuhuazhai/2026/relief-2026-q2/", "鱼化寨村2026年第二季度低保发放（已撤回）", *YUHUAZHAI,
         "因名单有误撤回，更正后的名单见第二季度更正公告。低保户10户。", date="2026-07-10", period="2026-Q2",
         status="withdrawn"),
    item("yanta/2025/annual-report-2025/", "雁塔区人民政府2025年政府信息公开工作年度报告", "yanta", "雁塔区",
         ("yanta",), "一、总体情况。" + "本年度主动公开政府信息，依法办理政府信息公开申请。" * 200
         + "四、因政府信息公开工作被申请行政复议3件。", category="annual-report",
         category_name="政府信息公开工作年度报告", date="2026-03-20", period="2025"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    build_search_index(DOCS, root / "search", user_terms=["鱼化寨村", "南江村"],
                       unit_names={"yanta": "雁塔区", "yuhua": "鱼化寨街道"})
    (root / "search" / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "favicon.ico").write_bytes(b"")
    for name in ("javascripts/gongkai-search.js", "stylesheets/gongkai-search.css"):
        (root / "assets" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(THEME / name, root / "assets" / name)
    with serve_directory(str(root)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site: str):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    page.close()


def results_for(page, query: str) -> list[str]:
    page.fill("#gk-search-q", query)
    page.wait_for_function(
        "q => { const r = document.getElementById('gk-search');"
        " return r.dataset.state === 'ready' && r.dataset.query === q; }", arg=query, timeout=10_000)
    return page.locator(".gk-search__title").all_inner_texts()


def open_search(page, site: str, query: str = "") -> None:
    page.goto(site + "search/" + query)
    page.wait_for_selector("#gk-search[data-state=ready]", timeout=10_000)


def test_simplified_and_traditional_queries_find_the_same(page, site: str) -> None:
    open_search(page, site)
    simplified = results_for(page, "低保发放")
    assert "鱼化寨村2026年第三季度低保发放" in simplified and "南江村2026年第三季度低保發放" in simplified
    assert results_for(page, "低保發放") == simplified
    snippet = page.locator(".gk-search__result").first.locator("mark").first.inner_text()
    assert snippet in {"低保", "低保发放", "低保發放"}
    assert not page.errors  # includes Content-Security-Policy violations


def test_substring_inside_a_word_and_withdrawn_mark(page, site: str) -> None:
    open_search(page, site)
    assert results_for(page, "基地") == ["南江村土地征收补偿方案"]
    assert len(results_for(page, "低保户")) == 3  # 低保戶 (traditional) included
    withdrawn = page.locator(".gk-search__result--withdrawn")
    assert withdrawn.count() == 1 and "已撤回" in withdrawn.inner_text()
    assert page.locator(".gk-search__status").inner_text().startswith("找到 3 条")


def test_filters_update_the_shareable_url(browser, page, site: str) -> None:
    open_search(page, site)
    results_for(page, "低保")
    page.select_option("select[name=unit]", "yuhua")  # the township includes its villages
    page.wait_for_function("() => location.search.includes('unit=yuhua')")
    page.wait_for_selector("#gk-search[data-state=ready]")
    assert len(page.locator(".gk-search__title").all_inner_texts()) == 3
    page.select_option("select[name=unit]", "nanjiang")
    page.wait_for_function("() => location.search.includes('unit=nanjiang')")
    page.wait_for_function("() => document.querySelectorAll('.gk-search__title').length === 1")
    assert parse_qs(urlparse(page.url).query) == {"q": ["低保"], "unit": ["nanjiang"]}

    shared = page.url  # opening the link again shows the same search
    other = browser.new_page()
    other.goto(shared)
    other.wait_for_selector("#gk-search[data-state=ready]")
    assert other.locator(".gk-search__title").all_inner_texts() == ["南江村2026年第三季度低保發放"]
    assert other.input_value("select[name=unit]") == "nanjiang"
    other.close()


def test_snippet_from_deep_inside_a_long_item(page, site: str) -> None:
    open_search(page, site)
    assert results_for(page, "行政复议") == ["雁塔区人民政府2025年政府信息公开工作年度报告"]
    snippet = page.locator(".gk-search__snippet").first
    assert snippet.locator("mark").inner_text() == "行政复议" and snippet.inner_text().startswith("…")


def test_browse_by_filter_without_a_query(page, site: str) -> None:
    open_search(page, site, "?category=land")
    assert page.locator(".gk-search__title").all_inner_texts() == ["南江村土地征收补偿方案"]
    assert page.get_attribute("#gk-search", "data-count") == "1"


def test_no_result_message(page, site: str) -> None:
    open_search(page, site)
    assert results_for(page, "没有这个词") == []
    assert "没有找到" in page.locator(".gk-search__status").inner_text()


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, pathlib.Path]]:
    from test_search import make_docs

    root = tmp_path_factory.mktemp("generated")
    build_search_index(make_docs(200), root / "search", user_terms=["财务收支", "四议两公开"])
    (root / "search" / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "favicon.ico").write_bytes(b"")
    (root / "assets" / "javascripts").mkdir(parents=True)
    shutil.copy(THEME / "javascripts/gongkai-search.js", root / "assets/javascripts/gongkai-search.js")
    with serve_directory(str(root)) as base:
        yield base, root / "search"


def test_browser_ranks_like_the_python_reader(page, generated_site) -> None:
    """The JavaScript decoder and ranking agree with query.py, which the recall tests check."""
    from gongkai.search.query import IndexReader
    from test_search import QUERIES

    base, folder = generated_site
    reader = IndexReader(folder)
    open_search(page, base)
    for query in QUERIES:
        titles = results_for(page, query)
        expected = reader.search(query)
        assert page.get_attribute("#gk-search", "data-count") == str(len(expected)), query
        assert titles == [reader.item(n)["t"] for n in expected[:10]], query
