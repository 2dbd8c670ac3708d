"""The previous site kept in place (kept_site.py): hidden from MkDocs' clean and brought back, unchanged files
not written again, and what a build did not make swept away. Whole builds over a kept site are compared with
clean builds in test_incremental.py."""

from __future__ import annotations

import os
import pathlib
import shutil
import time

import pytest
from gongkai import kept_site
from gongkai.cache import Store


def _site(folder: pathlib.Path) -> pathlib.Path:
    (folder / "unit/2026/item").mkdir(parents=True)
    (folder / "unit/2026/item/index.html").write_text("<p>页面</p>", encoding="utf-8")
    (folder / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    return folder


def test_the_site_is_hidden_from_the_clean_and_brought_back(tmp_path) -> None:
    site = _site(tmp_path / "site")
    hidden = kept_site.hide(site)
    assert not site.exists() and hidden.aside is not None and hidden.aside.is_dir()
    assert hidden.aside.name.startswith(f".site{kept_site.MARK}")
    hidden.restore()
    assert (site / "unit/2026/item/index.html").read_text(encoding="utf-8") == "<p>页面</p>"
    assert kept_site.left_behind(site) == []


def test_a_site_a_killed_build_left_hidden_is_taken_back(tmp_path) -> None:
    site = tmp_path / "site"
    left = _site(tmp_path / f".site{kept_site.MARK}1")
    hidden = kept_site.hide(site)  # no site/: the hidden one is the previous site
    assert hidden.aside == left
    hidden.restore()
    assert (site / "index.html").is_file() and not left.exists()


def test_other_leftovers_are_removed(tmp_path) -> None:
    site = _site(tmp_path / "site")
    left = _site(tmp_path / f".site{kept_site.MARK}1")
    kept_site.hide(site).restore()
    for _ in range(100):  # a detached process removes it
        if not left.exists():
            break
        time.sleep(0.05)
    assert not left.exists() and (site / "index.html").is_file()


def test_a_symbolic_link_or_no_site_is_left_to_mkdocs(tmp_path) -> None:
    target = _site(tmp_path / "served")
    link = tmp_path / "site"
    link.symlink_to(target, target_is_directory=True)
    assert kept_site.hide(link).aside is None
    assert kept_site.hide(tmp_path / "nothing").aside is None


def test_an_unchanged_file_is_not_written_again(tmp_path) -> None:
    site, store = tmp_path / "site", Store(tmp_path / "cache")
    first = kept_site.Part.open(site, store, "pages")
    first.write("a/index.html", "<p>甲</p>")
    first.write("b/index.html", "<p>乙</p>", token="key-b")
    first.save()
    times = {rel: (site / rel).stat().st_mtime_ns for rel in ("a/index.html", "b/index.html")}
    time.sleep(0.01)
    second = kept_site.Part.open(site, store, "pages")
    second.write("a/index.html", "<p>甲</p>")
    made: list[str] = []
    second.write_lazily("b/index.html", "key-b", lambda: made.append("b") or "<p>乙</p>")
    assert made == []  # not even made
    assert {rel: (site / rel).stat().st_mtime_ns for rel in times} == times
    assert set(second.now) == {"a/index.html", "b/index.html"}


@pytest.mark.parametrize("change", ["other bytes", "edited by hand", "deleted by hand", "no record"])
def test_a_changed_file_is_written(tmp_path, change) -> None:
    site, store = tmp_path / "site", Store(tmp_path / "cache")
    first = kept_site.Part.open(site, store, "pages")
    first.write("a/index.html", "<p>甲</p>")
    first.save()
    path = site / "a/index.html"
    new = "<p>甲</p>"
    if change == "other bytes":
        new = "<p>丙</p>"
    elif change == "edited by hand":  # same size, other bytes
        time.sleep(0.01)
        path.write_text("<p>丁</p>", encoding="utf-8")
    elif change == "deleted by hand":
        path.unlink()
    else:
        store = Store(tmp_path / "other-cache")
    second = kept_site.Part.open(site, store, "pages")
    second.write("a/index.html", new)
    assert path.read_text(encoding="utf-8") == new


def test_the_sweep_removes_what_the_build_did_not_make(tmp_path) -> None:
    site = _site(tmp_path / "site")
    (site / "old/deeper").mkdir(parents=True)
    (site / "old/deeper/gone.html").write_text("旧", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git/HEAD").write_text("ref", encoding="utf-8")
    time.sleep(0.01)
    since = kept_site.hide(site).since_ns
    (tmp_path / f".site{kept_site.MARK}{os.getpid()}").rename(site)
    (site / "new.html").write_text("新", encoding="utf-8")  # written by this build
    removed = kept_site.sweep(site, since, kept={"unit/2026/item/index.html"})  # kept by this build
    assert removed == 2  # index.html and old/deeper/gone.html
    remaining = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert remaining == [".git", ".git/HEAD", "new.html", "unit", "unit/2026", "unit/2026/item",
                         "unit/2026/item/index.html"]


def test_the_sweep_leaves_what_a_writer_still_at_work_cleans_itself(tmp_path) -> None:
    """The whole build sweeps while the search index's process writes: its files are left to it."""
    site = _site(tmp_path / "site")
    for stale in ("search/d/0/7.json", "search/index.json", "search/old.html", "other/d/0/7.json"):
        (site / stale).parent.mkdir(parents=True, exist_ok=True)
        (site / stale).write_text("旧", encoding="utf-8")
    time.sleep(0.01)
    since = kept_site.hide(site).since_ns
    (tmp_path / f".site{kept_site.MARK}{os.getpid()}").rename(site)
    kept_site.sweep(site, since, kept=set(), leaving=("search/d", "search/index.json"))
    remaining = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert remaining == ["search/d/0/7.json", "search/index.json"]


def test_only_this_builds_records_protect_files(tmp_path) -> None:
    site, store = tmp_path / "site", Store(tmp_path / "cache")
    part = kept_site.Part.open(site, store, "posters")
    part.write("posters/a/index.html", "<p>甲</p>")
    part.save()
    assert kept_site.kept_files(store, since_ns=0) == {"posters/a/index.html"}
    assert kept_site.kept_files(store, since_ns=time.time_ns() + 10**9) == set()  # an earlier build's record


def test_a_site_restored_without_its_times_is_kept(tmp_path) -> None:
    """A CI cache (or `cp -r`) restores site/ with new times: a file whose bytes have the recorded digest is
    still not written again; one whose bytes differ is."""
    site, store = tmp_path / "site", Store(tmp_path / "cache")
    first = kept_site.Part.open(site, store, "search")
    first.write("search/d/0/1.json", b'{"t":"one"}')
    first.write("search/d/0/2.json", b'{"t":"two"}')
    first.save()
    restored = tmp_path / "restored"
    shutil.copytree(site, restored, copy_function=shutil.copyfile)
    (restored / "search/d/0/2.json").write_bytes(b'{"t":"TWO"}')  # same size, other bytes
    second = kept_site.Part.open(restored, store, "search")
    made: list[str] = []
    for rel, data in (("search/d/0/1.json", b'{"t":"one"}'), ("search/d/0/2.json", b'{"t":"two"}')):
        second.write_lazily(rel, kept_site.token_of(data), lambda rel=rel, data=data: made.append(rel) or data)
    assert made == ["search/d/0/2.json"]
    assert (restored / "search/d/0/2.json").read_bytes() == b'{"t":"two"}'


def test_a_record_of_another_shape_is_not_trusted(tmp_path) -> None:
    """A record saved by an older gongkai (or otherwise not of this shape) makes the file be written."""
    site, store = tmp_path / "site", Store(tmp_path / "cache")
    first = kept_site.Part.open(site, store, "pages")
    first.write("a/index.html", "<p>甲</p>")
    stat = (site / "a/index.html").stat()
    token = kept_site.token_of("<p>甲</p>".encode())
    for old in [(token, stat.st_size, stat.st_mtime_ns), (token,), "x", None]:
        second = kept_site.Part(site, store, "pages", before={"a/index.html": old})
        made: list[str] = []
        second.write_lazily("a/index.html", token, lambda made=made: made.append("a") or "<p>甲</p>")
        assert made == ["a"]
