"""The web editor end to end: Decap CMS (vendored) in Chromium at 390 px against `gongkai edit`'s local
backend (editor.py) on a copy of the example project.

Three new items (a village's 财务, a village's 村务 decision, a department's procurement with its 保密审查)
and one title edit, through the form as a clerk fills it: every file lands where `gongkai new` puts it,
`gongkai check` finds no error in it, the edit changes the title line only, and no request leaves
127.0.0.1. Screenshots of the flow (collection list, form, preview) go to $GONGKAI_SHOTS when set
(scripts/admin_screenshots.sh uses them for the guide).
"""

from __future__ import annotations

import difflib
import os
import pathlib
import shutil
import time
from urllib.parse import urlsplit

import pytest
from browser_support import CHROMIUM, serve_directory
from conftest import AS_OF, PROJECT
from gongkai import new
from gongkai.editor import serve_backend
from gongkai.validate import validate_site

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)", allow_module_level=True)

PHONE = {"width": 390, "height": 844}
BUILT_PORT = "127.0.0.1:8081"  # the example's editor.local_port (the default), in index.html and config.yml
SHOTS = os.environ.get("GONGKAI_SHOTS")


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("checkout")
    shutil.copytree(PROJECT / "bulletins", root / "bulletins")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def admin(example_site: pathlib.Path, checkout: pathlib.Path, tmp_path_factory):
    """The built site served on 127.0.0.1 with the backend on a free port (the built admin names the
    default port: the copy served here names the free one instead)."""
    site = tmp_path_factory.mktemp("admin-site") / "site"
    shutil.copytree(example_site, site)
    with serve_backend(checkout, 0) as api:
        port = urlsplit(api).netloc
        for name in ("index.html", "config.yml"):
            path = site / "admin" / name
            path.write_text(path.read_text("utf-8").replace(BUILT_PORT, port), "utf-8")
        with serve_directory(str(site)) as url:
            yield url


@pytest.fixture
def page(browser, admin):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="zh-CN")
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(admin + "admin/")
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("text=集合")
    yield page
    context.close()
    assert outside == [], f"requests outside 127.0.0.1: {outside}"
    assert errors == [], errors


def shot(page, name: str) -> None:
    if SHOTS:
        pathlib.Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png")


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def reachable(page, locator) -> None:
    """The control can be scrolled into view and sits inside the phone's width."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def open_route(page, route: str) -> None:
    """A fresh load of the editor at `route` (a hash change alone keeps the previous form a moment)."""
    page.goto(page.url.split("#")[0] + "#" + route)
    page.reload()


def fill_date(page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    reachable(page, field)
    field.fill(value)


def publish(page, checkout: pathlib.Path, expect: pathlib.Path) -> None:
    button = page.get_by_role("button", name="发布")
    reachable(page, button)
    button.click()
    page.get_by_text("立即发布").click()
    deadline = time.monotonic() + 20
    while not (checkout / expect).exists() and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert (checkout / expect).exists(), sorted(p.name for p in (checkout / expect).parent.glob("*"))


def new_item(page, checkout, unit: str, category_id: str, values: dict[str, str], dates: dict[str, str],
             name: str | None = None) -> pathlib.Path:
    ctx = validate_site(checkout, as_of=AS_OF).context
    category = ctx.category_for(unit, category_id)
    planned = new.plan(checkout, unit, category_id, period=values.get("所属期间"),
                       event_date=dates.get("事件日期"), as_of=AS_OF).path
    open_route(page, f"/collections/{unit}__{category_id}/new")
    title = page.get_by_label("标题", exact=True)
    title.wait_for()
    if name:
        shot(page, name)
    for label, value in values.items():
        field = page.get_by_label(label, exact=True)
        reachable(page, field)
        field.fill(value)
    for label, value in dates.items():
        fill_date(page, label, value)
    body = page.locator(".cms-editor-raw textarea, [class*='RawEditorContainer'] [contenteditable]").first
    reachable(page, body)
    body.fill(new.fill_hints(new.sections(category)))
    if name:
        shot(page, name + "-filled")
    no_sideways_scroll(page)
    publish(page, checkout, planned)
    return planned


def problems_in(checkout: pathlib.Path, path: pathlib.Path) -> list[str]:
    site = validate_site(checkout, as_of=AS_OF)
    return [d.human() for d in site.diagnostics if d.file == path.as_posix() and d.severity == "error"]


def test_collection_list_fits_a_phone(page):
    page.wait_for_selector("text=鱼化寨村 · 财务收支")
    shot(page, "1-collections")
    no_sideways_scroll(page)
    page.get_by_text("鱼化寨村 · 财务收支").click()
    page.wait_for_selector("text=鱼化寨村2026年4月财务收支公开")
    shot(page, "2-finance-list")
    no_sideways_scroll(page)


def test_new_items_of_three_categories_land_where_gongkai_new_puts_them(page, checkout):
    finance = new_item(page, checkout, "nanjiang", "finance",
                       {"标题": "南江村2026年第一季度财务收支公开", "所属期间": "2026-Q1"},
                       {"发布日期": "2026-04-15", "审核日期": "2026-04-14"}, name="3-form")
    decision = new_item(page, checkout, "yuhuazhai", "decision",
                        {"标题": "鱼化寨村关于修缮村委会办公用房的决议公开"},
                        {"发布日期": "2026-11-12", "事件日期": "2026-11-10", "审核日期": "2026-11-11"})
    procurement = new_item(page, checkout, "yanta-minzheng", "procurement",
                           {"标题": "雁塔区民政局办公设备采购结果公告", "审查机构": "办公室"},
                           {"发布日期": "2026-11-06", "事件日期": "2026-11-04", "审查日期": "2026-11-05"})
    assert [p.as_posix() for p in (finance, decision, procurement)] == [
        "bulletins/nanjiang/2026/finance-2026-q1.md", "bulletins/yuhuazhai/2026/decision-2026-11-10.md",
        "bulletins/yanta-minzheng/2026/procurement-2026-11-04.md"]
    for path in (finance, decision, procurement):
        assert problems_in(checkout, path) == []
    text = (checkout / finance).read_text("utf-8")
    assert text.startswith("---\ntitle: 南江村2026年第一季度财务收支公开\ncategory: finance\ntype: periodic\n"
                           "published: 2026-04-15\nperiod: 2026-Q1\nreviewed_by: 村务监督委员会\n"
                           "reviewed_on: 2026-04-14\n---\n\n## 收入\n"), text
    assert "_gk_" not in text


def test_preview_looks_like_the_item_page(page):
    open_route(page, "/collections/yuhuazhai__finance/entries/2026/finance-2026-04")
    page.get_by_label("标题", exact=True).wait_for()
    frame = page.frame_locator("iframe").first
    heading = frame.locator("article.md-typeset h1")
    heading.scroll_into_view_if_needed()
    assert heading.inner_text() == "鱼化寨村2026年4月财务收支公开"
    assert frame.locator("article.md-typeset table").count() >= 1
    shot(page, "4-preview")
    no_sideways_scroll(page)


def test_a_title_edit_changes_one_line(page, checkout):
    path = checkout / "bulletins/yuhuazhai/2026/finance-2026-04.md"
    before = path.read_text("utf-8")
    open_route(page, "/collections/yuhuazhai__finance/entries/2026/finance-2026-04")
    title = page.get_by_label("标题", exact=True)
    title.wait_for()
    title.fill("鱼化寨村2026年4月财务收支情况公开")
    mtime = path.stat().st_mtime_ns
    publish(page, checkout, path.relative_to(checkout))
    deadline = time.monotonic() + 20
    while path.stat().st_mtime_ns == mtime and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    diff = [line for line in difflib.unified_diff(before.splitlines(), path.read_text("utf-8").splitlines(),
                                                  lineterm="", n=0) if line[:1] in "+-" and line[:3] not in "+++---"]
    assert diff == ["-title: 鱼化寨村2026年4月财务收支公开", "+title: 鱼化寨村2026年4月财务收支情况公开"]


def test_a_wrong_field_is_named_in_the_form_and_nothing_is_written(page, checkout):
    before = sorted(p.as_posix() for p in (checkout / "bulletins").rglob("*.md"))
    open_route(page, "/collections/nanjiang__finance/new")
    page.get_by_label("标题", exact=True).fill("南江村2026年第二季度财务收支公开")
    page.get_by_label("所属期间", exact=True).fill("2026-3")
    page.get_by_role("button", name="发布").click()
    page.get_by_text("立即发布").click()
    message = page.get_by_text("写成 2026-Q3 这样的期间")
    message.wait_for()
    reachable(page, message)
    assert sorted(p.as_posix() for p in (checkout / "bulletins").rglob("*.md")) == before
