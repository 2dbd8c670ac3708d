"""`gongkai preview` (issue 17): the hot path after a save writes the same pages a whole build writes for the
same tree (the saved item, its unit and listing pages, the related items); an error shows the page of errors
(the lines of `gongkai check`) and the fix brings the page back; a change the hot path cannot take asks for a
whole build. The server itself: a busy port is one Chinese line, Ctrl-C stops it without a traceback.

The hot path runs in this process (preview_server.Preview without its socket); the command in a subprocess.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from conftest import AS_OF, PROJECT, free_port
from gongkai import hot_path, preview_server
from gongkai.diagnostics import format_human
from gongkai.validate import validate_site

DECISION = "bulletins/yuhuazhai/2026/decision-2026-05-12-road.md"
RESULT_PAGE = "yuhuazhai/2026/decision-result-2026-10-15-road/index.html"  # links the decision by its title
QUARTER = "bulletins/yuhuazhai/2026/general-2026-q3.md"
QUARTER_PAGE = "yuhuazhai/2026/general-2026-q3/index.html"
OLD_TITLE = "鱼化寨村关于实施三组、五组巷道硬化及排水改造的决议公开"
NEW_TITLE = "鱼化寨村关于三组、五组巷道硬化的决议（改题）"


def _copy(target: pathlib.Path) -> pathlib.Path:
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "theme", "hooks", "bulletins"):
        (shutil.copytree if (PROJECT / name).is_dir() else shutil.copy2)(PROJECT / name, target / name)
    return target


def _edit(path: pathlib.Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def _retitle(path: pathlib.Path, title: str) -> str:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M), encoding="utf-8")
    return text


class Shown:
    """What the hot path asked the server to show, in order."""

    def __init__(self, preview: preview_server.Preview) -> None:
        self.preview = preview
        self.calls: list[list | None] = []

    def __call__(self, diagnostics: list | None) -> None:
        self.calls.append(diagnostics)
        self.preview.show(diagnostics)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """A Preview of a copy of the example project after its first (whole) build; its socket is never bound."""
    os.environ["GONGKAI_AS_OF"] = AS_OF.isoformat()
    os.environ["GONGKAI_NO_FORK"] = "1"  # the writers inline: the tests read what they wrote
    root = _copy(tmp_path_factory.mktemp("hot") / "project")
    os.environ["GONGKAI_CACHE_DIR"] = str(root / ".cache")
    shown = preview_server.Preview(root, "127.0.0.1", free_port())
    shown.whole_build()  # fills the cache: the next build takes the unchanged pages from it, as a clerk's does
    shown.whole_build()
    assert shown.kept is not None
    yield shown
    shown.close()
    for name in ("GONGKAI_AS_OF", "GONGKAI_NO_FORK", "GONGKAI_CACHE_DIR"):
        os.environ.pop(name, None)


def _page(preview: preview_server.Preview, page: str) -> str:
    return pathlib.Path(preview.site_dir, page).read_text(encoding="utf-8")


def _new_file(root: pathlib.Path) -> list[pathlib.Path]:
    new = root / "bulletins/yuhuazhai/2026/general-2026-q4.md"
    new.write_text((root / QUARTER).read_text(encoding="utf-8"), encoding="utf-8")
    return [new]


def _deleted(root: pathlib.Path) -> list[pathlib.Path]:
    (root / QUARTER).rename(root / "q3.bak")
    return [root / QUARTER]


def _units(root: pathlib.Path) -> list[pathlib.Path]:
    _edit(root / "bulletins/units.yml", "鱼化寨村", "鱼化寨社区")
    return [root / "bulletins/units.yml"]


def _theme(root: pathlib.Path) -> list[pathlib.Path]:
    css = next((root / "theme").rglob("*.css"))
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    return [css]


def _category(root: pathlib.Path) -> list[pathlib.Path]:
    """A 党务公开 item filed as 一般事项 instead (its headings as that category asks): no error."""
    path = root / "bulletins/nanjiang/2026/party-2026-q3.md"
    _edit(path, "category: party", "category: general")
    _edit(path, "## 组织建设", "## 事项")
    _edit(path, "## 党费收缴", "## 办理情况")
    return [path]


@pytest.mark.parametrize("change", [_new_file, _deleted, _units, _theme, _category])
def test_a_change_the_hot_path_cannot_take_asks_for_a_whole_build(preview, change) -> None:
    root = preview.root
    before = {p: p.read_bytes() for p in (root / "bulletins").rglob("*") if p.is_file()}
    before.update({p: p.read_bytes() for p in (root / "theme").rglob("*") if p.is_file()})
    page = _page(preview, QUARTER_PAGE)
    shown = Shown(preview)
    try:
        assert hot_path.update(preview.kept, change(root), shown) is False
        assert _page(preview, QUARTER_PAGE) == page  # nothing written: the whole build does it
    finally:
        (root / "q3.bak").unlink(missing_ok=True)
        for path in {p for p in (root / "bulletins").rglob("*") if p.is_file()} - set(before):
            path.unlink()
        for path, data in before.items():
            path.write_bytes(data)


def test_an_editors_temporary_file_is_ignored(preview) -> None:
    gone = preview.root / "bulletins/yuhuazhai/2026/.general-2026-q3.md.swx"
    assert hot_path.saved_items(preview.kept, [gone]) == []


def test_a_failing_hot_path_falls_back_to_a_whole_build(preview, monkeypatch, capsys) -> None:
    def broken(*args: object) -> bool:
        raise RuntimeError("a bug in the hot path")

    whole: list[bool] = []
    monkeypatch.setattr(hot_path, "update", broken)
    monkeypatch.setattr(preview, "whole_build", lambda: whole.append(True))
    preview.rebuild()
    assert whole == [True]
    assert "改为重新生成整个网站" in capsys.readouterr().err


def test_an_error_shows_the_page_of_errors_and_the_fix_brings_the_page_back(preview) -> None:
    root = preview.root
    page = _page(preview, QUARTER_PAGE)
    epoch = preview.server._visible_epoch
    shown = Shown(preview)
    good = _edit(root / QUARTER, "published: 2026-10-14", "published: 2026-13-14")
    try:
        assert hot_path.update(preview.kept, [root / QUARTER], shown) is True
        check = validate_site(root, cache=None)
        assert shown.calls and all(call is not None for call in shown.calls)
        assert format_human(shown.calls[-1]) == format_human(check.diagnostics)  # the words of gongkai check
        error_page = (preview.server.error_page or b"").decode("utf-8")
        error_line = next(d.human() for d in check.diagnostics if d.code == "GK106")
        assert f'<li class="gk-error">{error_line}</li>' in error_page.replace("&quot;", '"')
        assert preview.server._visible_epoch > epoch  # the open pages reload
    finally:
        (root / QUARTER).write_text(good, encoding="utf-8")
    shown.calls.clear()
    assert hot_path.update(preview.kept, [root / QUARTER], shown) is True
    assert shown.calls[-1] is None and preview.server.error_page is None
    assert _page(preview, QUARTER_PAGE) == page


def test_a_save_of_another_file_keeps_the_page_of_errors(preview) -> None:
    """While one file has an error, saving another (valid) file does not bring the pages back, not even for a
    moment: the page of errors stays until the error is fixed."""
    root = preview.root
    other = root / "bulletins/yuhuazhai/2026/relief-2026-q3.md"
    good = _edit(root / QUARTER, "published: 2026-10-14", "published: 2026-13-14")
    other_text = other.read_text(encoding="utf-8")
    shown = Shown(preview)
    try:
        assert hot_path.update(preview.kept, [root / QUARTER], shown) is True
        shown.calls.clear()
        other.write_text(other_text + "\n补充说明：已张贴。\n", encoding="utf-8")
        assert hot_path.update(preview.kept, [other], shown) is True
        assert shown.calls and None not in shown.calls
        assert preview.server.error_page is not None
    finally:
        (root / QUARTER).write_text(good, encoding="utf-8")
        other.write_text(other_text, encoding="utf-8")
    shown.calls.clear()
    assert hot_path.update(preview.kept, [root / QUARTER, other], shown) is True
    assert shown.calls[-1] is None and preview.server.error_page is None


def _served_files(site_dir: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in site_dir.rglob("*.html")}


def test_a_hot_update_writes_what_a_whole_build_writes(preview, tmp_path) -> None:
    """A title edit of a decision: its page, its result's page (which names it), the unit's and the listing pages
    equal those of a whole build of the same tree; and the saved page is written in step 1, before the site."""
    root = preview.root
    pages_before = _served_files(pathlib.Path(preview.site_dir))
    shown = Shown(preview)
    written_first: list[str] = []
    shown_calls = shown.__call__

    def record(diagnostics: list | None) -> None:
        if not written_first:
            written_first.append(_page(preview, "yuhuazhai/2026/decision-2026-05-12-road/index.html"))
        shown_calls(diagnostics)

    _edit(root / DECISION, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
    assert hot_path.update(preview.kept, [root / DECISION], record) is True
    assert NEW_TITLE in written_first[0]  # the saved page was shown first
    hot = _served_files(pathlib.Path(preview.site_dir))
    clean = _whole_build_pages(preview)
    assert hot.keys() == clean.keys()
    differing = sorted(name for name in clean if hot[name] != clean[name])
    assert differing == [], differing
    changed = sorted(name for name in clean if pages_before.get(name) != clean[name])
    assert "yuhuazhai/2026/decision-2026-05-12-road/index.html" in changed
    assert RESULT_PAGE in changed and "yuhuazhai/index.html" in changed  # the related item, the unit's page
    assert NEW_TITLE in clean[RESULT_PAGE].decode("utf-8")

    published = tmp_path / "published"  # `mkdocs build`: the site's own address, no preview script
    env = dict(os.environ, GONGKAI_NO_CACHE="1", NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(published)], cwd=root, env=env,
                   check=True, capture_output=True)
    site_url = "https://gongkai.example.gov.cn/"
    pages = [name for name in changed if not name.startswith("posters/")]  # a poster's QR code holds the address
    assert len(pages) >= 3
    for name in pages:
        assert _as_published(hot[name], preview.serve_url, site_url) == (published / name).read_bytes(), name


def _whole_build_pages(preview: preview_server.Preview) -> dict[str, bytes]:
    """The pages a whole build of the preview's tree writes, at the same address (the same links). The hooks
    then hold that build: the preview builds again, so that its next hot update renders with its own."""
    whole = preview_server.Preview(preview.root, "127.0.0.1", preview.server.server_address[1])
    whole.serve_url = preview.serve_url
    try:
        whole.whole_build()
        return _served_files(pathlib.Path(whole.site_dir))
    finally:
        whole.close()
        preview.whole_build()


# The listing pages that list the quarter's item by its title (pages.pages_listing).
QUARTER_LISTINGS = ("yuhuazhai/index.html", "yuhuazhai/2026/index.html", "categories/general/2026/index.html")


def test_the_unit_page_shows_the_save_before_the_site_rules_run(preview, monkeypatch) -> None:
    """Step 1 renders the saved item's unit page and the lists that show it; step 2's validator finds them
    already written, and the browser was woken for them."""
    root = preview.root
    before = {name: _page(preview, name) for name in QUARTER_LISTINGS}
    assert all("鱼化寨村2026年第三季度村务公开" in text for text in before.values())
    seen: dict[str, str] = {}
    shown = Shown(preview)
    site_rules = hot_path.validate_site

    def validate_later(*args: object, **kwargs: object) -> object:
        seen.update({name: _page(preview, name) for name in QUARTER_LISTINGS})
        seen["calls"] = str(len(shown.calls))
        return site_rules(*args, **kwargs)

    monkeypatch.setattr(hot_path, "validate_site", validate_later)
    good = _edit(root / QUARTER, "title: 鱼化寨村2026年第三季度村务公开", "title: 鱼化寨村第三季度村务公开（先显示）")
    try:
        assert hot_path.update(preview.kept, [root / QUARTER], shown) is True
        assert all("鱼化寨村第三季度村务公开（先显示）" in seen[name] for name in QUARTER_LISTINGS), seen
        assert seen["calls"] == "2" and shown.calls == [None, None, None]  # the item, its listings, the site
    finally:
        (root / QUARTER).write_text(good, encoding="utf-8")
    assert hot_path.update(preview.kept, [root / QUARTER], shown) is True
    assert {name: _page(preview, name) for name in QUARTER_LISTINGS} == before


def test_a_site_rule_error_shows_after_the_page_was_shown(preview) -> None:
    """A 索引号 another file has: the file alone is right, so step 1 shows its page; step 2's site rules find
    the duplicate and show the page of errors, which the fix takes away."""
    root = preview.root
    duplicate = "index_no: 54610113MF0000013J/2026-90002"  # relief-2026-q3.md's
    good = _edit(root / QUARTER, "period: 2026-Q3\n", f"period: 2026-Q3\n{duplicate}\n")
    shown = Shown(preview)
    try:
        assert hot_path.update(preview.kept, [root / QUARTER], shown) is True
        assert shown.calls[0] is None and shown.calls[-1] is not None
        check = validate_site(root, cache=None)
        assert not check.ok
        assert format_human(shown.calls[-1]) == format_human(check.diagnostics)
        assert "general-2026-q3.md" in (preview.server.error_page or b"").decode("utf-8")
    finally:
        (root / QUARTER).write_text(good, encoding="utf-8")
    shown.calls.clear()
    assert hot_path.update(preview.kept, [root / QUARTER], shown) is True
    assert shown.calls[-1] is None and preview.server.error_page is None


def test_step_2_gives_way_to_a_newer_save(preview) -> None:
    """While a newer save waits, step 2 does not run: the item and its unit's page are shown, the related
    item's page is not yet; the next update (a save in another unit) runs step 2 for both saves, and the site
    equals a whole build."""
    root = preview.root
    shown = Shown(preview)
    result = _page(preview, RESULT_PAGE)
    good = _retitle(root / DECISION, "鱼化寨村巷道硬化决议（先保存）")  # a test before may have retitled it
    other = root / "bulletins/nanjiang/2026/party-2026-q3.md"
    other_text = _retitle(other, "南江村三季度党务公开（后保存）")
    try:
        assert hot_path.update(preview.kept, [root / DECISION], shown, newer=lambda: True) is True
        assert "鱼化寨村巷道硬化决议（先保存）" in _page(preview, "yuhuazhai/index.html")
        assert _page(preview, RESULT_PAGE) == result  # step 2's: not yet
        assert set(preview.kept.pending) == {"yuhuazhai/2026/decision-2026-05-12-road.md"}
        assert hot_path.update(preview.kept, [other], shown) is True
        assert preview.kept.pending == {}
        assert "鱼化寨村巷道硬化决议（先保存）" in _page(preview, RESULT_PAGE)
        hot = _served_files(pathlib.Path(preview.site_dir))
        clean = _whole_build_pages(preview)
        assert sorted(name for name in clean if hot.get(name) != clean[name]) == []
    finally:
        (root / DECISION).write_text(good, encoding="utf-8")
        other.write_text(other_text, encoding="utf-8")
    assert hot_path.update(preview.kept, [root / DECISION, other], shown) is True
    assert _page(preview, RESULT_PAGE) == result


def test_a_save_during_the_site_check_does_not_wait_for_it(preview, monkeypatch) -> None:
    """A save while step 2's validate_site runs: the update returns at once (the check goes on in its thread);
    the next update waits for that check before its own, runs step 2 for both saves, and the site equals a
    whole build."""
    root = preview.root
    running, release = threading.Event(), threading.Event()
    site_rules = hot_path.validate_site

    def slow_check(*args: object, **kwargs: object) -> object:
        running.set()
        assert release.wait(60)
        return site_rules(*args, **kwargs)

    monkeypatch.setattr(hot_path, "validate_site", slow_check)
    shown = Shown(preview)
    good = _retitle(root / DECISION, "鱼化寨村巷道硬化决议（检查时又保存）")
    try:
        started = time.monotonic()
        assert hot_path.update(preview.kept, [root / DECISION], shown, newer=running.is_set) is True
        assert time.monotonic() - started < 30 and preview.kept.checking.is_alive()
        assert "鱼化寨村巷道硬化决议（检查时又保存）" in _page(preview, "yuhuazhai/index.html")
        assert set(preview.kept.pending) == {"yuhuazhai/2026/decision-2026-05-12-road.md"}
        release.set()
        monkeypatch.setattr(hot_path, "validate_site", site_rules)
        assert hot_path.update(preview.kept, [], shown) is True
        assert preview.kept.pending == {} and not preview.kept.checking.is_alive()
        assert "鱼化寨村巷道硬化决议（检查时又保存）" in _page(preview, RESULT_PAGE)
        hot = _served_files(pathlib.Path(preview.site_dir))
        clean = _whole_build_pages(preview)
        assert sorted(name for name in clean if hot.get(name) != clean[name]) == []
    finally:
        release.set()
        (root / DECISION).write_text(good, encoding="utf-8")
    assert hot_path.update(preview.kept, [root / DECISION], shown) is True


def _as_published(html: bytes, serve_url: str, site_url: str) -> bytes:
    """A preview page as `mkdocs build` writes it: without the preview's script, at the site's address."""
    script = re.compile(rb'\n?<script src="[^"]*gongkai-preview\.js" defer></script>')
    return script.sub(b"", html).replace(serve_url.encode(), site_url.encode())


def _start(root: pathlib.Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, GONGKAI_AS_OF=AS_OF.isoformat(), NO_MKDOCS_2_WARNING="1",
               GONGKAI_CACHE_DIR=str(root / ".cache"))
    return subprocess.Popen([sys.executable, "-m", "gongkai.cli", "--root", str(root), "preview", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def test_the_command_serves_a_save_and_stops_cleanly_on_ctrl_c(tmp_path) -> None:
    root = _copy(tmp_path / "project")
    port = free_port()
    server = _start(root, port)
    url = f"http://127.0.0.1:{port}/{QUARTER_PAGE.removesuffix('index.html')}"
    try:
        deadline = time.monotonic() + 180
        while "<title>" not in _get(url):
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read() if server.stderr else ""
            time.sleep(0.3)
        title = re.search(r"^title: (.*)$", (root / QUARTER).read_text(encoding="utf-8"), re.M)
        assert title is not None
        _edit(root / QUARTER, f"title: {title[1]}", "title: 鱼化寨村第三季度村务公开（已保存）")
        started = time.monotonic()
        while "（已保存）" not in _get(url):
            assert time.monotonic() - started < 60
            time.sleep(0.05)
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0
    assert "Traceback" not in err
    assert "已停止预览" in err


def test_a_busy_port_is_one_chinese_line(tmp_path) -> None:
    root = _copy(tmp_path / "project")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        server = _start(root, busy.getsockname()[1])
        out, err = server.communicate(timeout=120)
    assert server.returncode == 1
    assert "Traceback" not in err
    assert "已被占用" in err


def _recorded(server: preview_server.PreviewServer, path: pathlib.Path) -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if path in server.take_changes():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("inotify", [True, False])
def test_the_server_records_which_files_changed(tmp_path, monkeypatch, inotify) -> None:
    """The paths a save touched reach the hot path; without inotify watches left, MkDocs' polling is used."""
    server = preview_server.PreviewServer(builder=lambda: None, host="127.0.0.1", port=free_port(),
                                          root=str(tmp_path))
    (tmp_path / "bulletins").mkdir()
    server.watch(str(tmp_path / "bulletins"))
    if not inotify:
        def no_watch_left() -> None:
            raise OSError(28, "inotify watch limit reached")
        monkeypatch.setattr(server.observer, "start", no_watch_left)
    try:
        server.start_watching()
        saved = tmp_path / "bulletins" / "item.md"
        saved.write_text("---\ntitle: x\n---\n", encoding="utf-8")
        assert _recorded(server, saved)
        assert server._want_rebuild
        polling = isinstance(server.observer, preview_server.watchdog.observers.polling.PollingObserver)
        assert polling is not inotify
    finally:
        server.observer.stop()
        server.server_close()


def test_closing_removes_the_preview_site(tmp_path) -> None:
    root = _copy(tmp_path / "project")
    shown = preview_server.Preview(root, "127.0.0.1", free_port())
    site = pathlib.Path(shown.site_dir)
    (site / "page").mkdir()
    (site / "page" / "index.html").write_text("<!doctype html>", encoding="utf-8")
    shown.close()  # returns at once; a process of its own removes the files
    deadline = time.monotonic() + 30
    while site.exists():
        assert time.monotonic() < deadline, f"{site} is still there"
        time.sleep(0.1)
