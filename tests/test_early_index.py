"""The search index's own process (search_output.EarlyIndex): forked before the pages render, handed the bodies
after; what it writes equals what `write` writes in the build's process, and a stopped or failing one does not
leave a process or a half-told build behind."""

from __future__ import annotations

import dataclasses
import os
import pathlib

import pytest
from conftest import AS_OF, PROJECT
from gongkai import build_mode, search_output
from gongkai.background import BackgroundFailed
from gongkai.cache import Store
from gongkai.site import Site
from gongkai.validate import validate_site


@pytest.fixture(scope="module")
def example() -> Site:
    return validate_site(PROJECT, as_of=AS_OF)


def bodies(site: Site, edited: str = "") -> dict[str, str]:
    """A published body for every item (what the pages would record); ``edited``: one item's body changed."""
    return {item.src_uri: f"<h1>{item.title}</h1>\n<p>{item.title}的公开内容，宅基地审批结果。"
                          f"{'补充说明。' if item.src_uri == edited else ''}</p>" for item in site.bulletins}


def files_of(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def early(site: Site, site_dir: pathlib.Path, known: dict[str, str], rendered: dict[str, str]) -> None:
    index = search_output.EarlyIndex.start(site, site_dir, known, frozenset(rendered) - frozenset(known))
    assert index is not None
    index.hand_over(rendered)
    index.wait()


def inline(site: Site, site_dir: pathlib.Path, rendered: dict[str, str]) -> None:
    search_output.write(dataclasses.replace(site, rendered=rendered, cache=None), site_dir)


def test_the_early_index_equals_the_index_written_after_the_pages(example: Site, tmp_path: pathlib.Path) -> None:
    site = dataclasses.replace(example, cache=Store(tmp_path / "cache"))
    rendered = bodies(site)
    half = dict(list(rendered.items())[::2])
    early(site, tmp_path / "early", half, rendered)  # an empty cache: every block is made
    inline(site, tmp_path / "inline", rendered)
    assert files_of(tmp_path / "early" / "search") == files_of(tmp_path / "inline" / "search")

    edited = site.bulletins[len(site.bulletins) // 2].src_uri  # then one item rendered again, the cache warm
    again = bodies(site, edited)
    early(site, tmp_path / "again", {k: v for k, v in again.items() if k != edited}, again)
    inline(site, tmp_path / "clean", again)
    assert files_of(tmp_path / "again" / "search") == files_of(tmp_path / "clean" / "search")
    assert files_of(tmp_path / "again" / "search") != files_of(tmp_path / "early" / "search")


def test_a_build_stopped_before_its_pages_leaves_no_search_process(example: Site, tmp_path: pathlib.Path) -> None:
    index = search_output.EarlyIndex.start(example, tmp_path / "site", {}, frozenset())
    assert index is not None
    index.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(index.pid, os.WNOHANG)
    assert not (tmp_path / "site" / "search").exists()


def test_a_failing_search_process_fails_the_build(example: Site, tmp_path: pathlib.Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capfd: pytest.CaptureFixture[str]) -> None:
    def broken(site: Site, site_dir: pathlib.Path, prepared: object = None) -> None:
        raise OSError("磁盘已满")

    monkeypatch.setattr(search_output, "write", broken)  # the forked process has it too
    index = search_output.EarlyIndex.start(example, tmp_path / "site", {}, frozenset())
    assert index is not None
    index.hand_over(bodies(example))
    with pytest.raises(BackgroundFailed, match="搜索索引"):
        index.wait()
    assert "磁盘已满" in capfd.readouterr().err


def test_the_bodies_are_handed_over_once_the_last_item_is_rendered(example: Site) -> None:
    """The index's process gets the bodies as soon as MkDocs has rendered the last item it renders (the stored
    ones were recorded before), not after every page's template: once, and all of them."""
    items = [item.src_uri for item in example.bulletins]
    stored, rendered = items[:-2], items[-2:]
    site = dataclasses.replace(example, rendered={src_uri: "<p>存储的正文</p>" for src_uri in stored})  # on_files
    build = build_mode.Build(PROJECT, site)
    handed: list[dict[str, str]] = []

    class Index:
        handed = False

        def hand_over(self, bodies: dict[str, str]) -> None:
            handed.append(dict(bodies))
            self.handed = True

    build.early_search = Index()  # type: ignore[assignment]
    build.page_content("guide/index.md", "<p>指南</p>")  # not an item
    build.page_content(rendered[0], "<h1>一</h1><p>正文</p>")
    assert handed == []
    build.page_content(rendered[1], "<h1>二</h1><p>正文</p>")
    assert len(handed) == 1 and set(handed[0]) == set(items)
    assert handed[0][rendered[1]].startswith("<h1>二</h1>")
    build.page_content(rendered[1], "<h1>二</h1><p>正文</p>")  # never twice
    assert len(handed) == 1


def test_a_failing_background_writer_stops_the_search_process(example: Site, tmp_path: pathlib.Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A background writer fails before the index's process was waited for: the build's `stop` (MkDocs'
    on_build_error) still ends that process, which would otherwise write into a failed build's site."""
    build = build_mode.Build(PROJECT, example)

    class Index:
        handed, stopped = True, False

        def stop(self) -> None:
            self.stopped = True

    index = Index()
    build.early_search = index  # type: ignore[assignment]

    def failing(running: object) -> None:
        raise BackgroundFailed("海报生成失败")

    monkeypatch.setattr(build_mode.background, "wait", failing)
    with pytest.raises(BackgroundFailed):
        build.post_build(tmp_path / "site")
    build.stop()
    assert index.stopped
