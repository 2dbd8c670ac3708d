"""Nothing lost: every .md under bulletins/ becomes a page or an error, and with GONGKAI_PREVIOUS every
索引号 published before is still there (withdrawn or superseded, never deleted)."""

from __future__ import annotations

import json
import pathlib

import pytest
from conftest import item_text
from gongkai import api


def error_files(site) -> set[str]:
    return {d.file for d in site.diagnostics if d.severity == "error"}


def assert_nothing_lost(site, root: pathlib.Path) -> None:
    """The invariant itself: each Markdown-looking file is a bulletin or has an error of its own."""
    published = {b.path for b in site.bulletins}
    for file in (root / "bulletins").rglob("*"):
        if file.is_file() and file.suffix.lower() in (".md", ".markdown", ".txt"):
            path = file.relative_to(root).as_posix()
            assert path in published or path in error_files(site), path


def test_every_markdown_file_is_a_page_or_an_error(project):
    project.item("yuhuazhai/2026/good.md", "general")
    project.write("bulletins/yuhuazhai/2026/empty.md", "")
    project.write("bulletins/yuhuazhai/2026/gbk.md", item_text("general").encode("gb18030"))
    project.write("bulletins/yuhuazhai/2026/no-front.md", "# 标题\n\n正文\n")
    project.write("bulletins/yuhuazhai/2026/bad-yaml.md", "---\ntitle: [\n---\n")
    project.write("bulletins/yuhuazhai/2026/index.md", item_text("general"))
    project.write("bulletins/yuhuazhai/2026/upper.MD", item_text("general"))
    project.write("bulletins/yuhuazhai/2026/long.markdown", item_text("general"))
    project.write("bulletins/yuhuazhai/2026/notes.txt", "---\n")
    project.write("bulletins/stray.md", item_text("general"))
    project.write("bulletins/unknown-village/2026/a.md", item_text("general"))
    project.write("bulletins/yuhuazhai/.drafts/draft.md", item_text("general"))
    project.write("bulletins/yuhuazhai/2026/._good.md", b"\x00\x05\x16\x07Mac OS X")
    project.write("bulletins/yuhuazhai/2026/finance-2026-07", item_text("general"))
    project.write("bulletins/yuhuazhai/2026/附件.pdf", b"%PDF-1.4\n")
    site = project.validate()
    assert [b.path for b in site.bulletins] == ["bulletins/yuhuazhai/2026/good.md"]
    assert_nothing_lost(site, project.root)
    hidden = [d for d in site.diagnostics if d.file in ("bulletins/yuhuazhai/.drafts/draft.md",
                                                          "bulletins/yuhuazhai/2026/._good.md")]
    assert [d.code for d in hidden] == ["GK007", "GK007"] and all("隐藏" in d.message for d in hidden)
    [bare] = [d for d in site.diagnostics if d.file == "bulletins/yuhuazhai/2026/finance-2026-07"]
    assert bare.code == "GK007" and "finance-2026-07.md" in bare.message


def test_two_items_on_one_address_are_an_error(project):
    project.item("yuhuazhai/2026/Finance-2026-07.md", "finance")
    project.item("yuhuazhai/2026/finance-2026-07.md", "finance")
    site = project.validate()
    clash = [(d.code, d.file) for d in site.diagnostics if d.code == "GK521"]
    assert clash == [("GK521", "bulletins/yuhuazhai/2026/finance-2026-07.md")]


def test_item_on_the_year_list_address_is_an_error(project):
    project.item("yuhuazhai/2026.md", "general")
    project.item("yuhuazhai/2026/general.md", "general", period="2026-Q2")
    site = project.validate()
    assert [(d.code, d.file) for d in site.diagnostics if d.code == "GK521"] == [
        ("GK521", "bulletins/yuhuazhai/2026.md")]


@pytest.fixture
def published_before(project, tmp_path_factory, monkeypatch):
    """Three items validated and written to a previous bulletins.json; GONGKAI_PREVIOUS points at it."""
    project.item("yuhuazhai/2026/a.md", "general", period="2026-Q1", published="2026-04-10")
    project.item("yuhuazhai/2026/b.md", "general", period="2026-Q2", published="2026-07-10")
    project.item("yuhuazhai/2026/c.md", "general")
    site = project.validate()
    assert site.ok
    previous = tmp_path_factory.mktemp("previous") / "bulletins.json"
    previous.write_text(json.dumps(api.bulletins_json(site), ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("GONGKAI_PREVIOUS", str(previous))
    return {b.src_uri: b.index_no for b in site.bulletins}, previous


def test_unchanged_site_passes(project, published_before):
    assert project.validate().ok


def test_deleted_item_is_an_error(project, published_before):
    numbers, _ = published_before
    (project.root / "bulletins/yuhuazhai/2026/b.md").unlink()
    site = project.validate()
    [problem] = [d for d in site.diagnostics if d.code == "GK522"]
    assert problem.file == "bulletins/yuhuazhai/2026/b.md" and problem.severity == "error"
    assert numbers["yuhuazhai/2026/b.md"] in problem.message and "withdrawn" in problem.message


def test_withdrawn_or_superseded_item_passes(project, published_before):
    numbers, _ = published_before
    project.item("yuhuazhai/2026/b.md", "general", period="2026-Q2", published="2026-07-10",
                 extra="status: withdrawn\nwithdrawn_reason: 数据有误，已重新公开")
    project.item("yuhuazhai/2026/c.md", "general", extra="status: superseded")
    project.item("yuhuazhai/2026/c-fix.md", "general", published="2026-10-20",
                 extra=f"supersedes: {numbers['yuhuazhai/2026/c.md']}")
    site = project.validate()
    assert site.ok, [d.human() for d in site.diagnostics if d.severity == "error"]


def test_withdrawn_without_reason_is_still_an_error(project, published_before):
    project.item("yuhuazhai/2026/b.md", "general", period="2026-Q2", published="2026-07-10",
                 extra="status: withdrawn")
    assert [d.code for d in project.validate().diagnostics if d.severity == "error"] == ["GK113"]


def test_renamed_file_loses_its_generated_number(project, published_before):
    """A generated 索引号 comes from the file's path: renaming the file is an error until it is pinned."""
    numbers, _ = published_before
    folder = project.root / "bulletins/yuhuazhai/2026"
    (folder / "a.md").rename(folder / "a-renamed.md")
    [problem] = [d for d in project.validate().diagnostics if d.code == "GK522"]
    number = numbers["yuhuazhai/2026/a.md"]
    assert problem.file == "bulletins/yuhuazhai/2026/a.md" and number in problem.message
    text = (folder / "a-renamed.md").read_text(encoding="utf-8")
    pinned = text.replace("---\n\n", f"index_no: {number}\n---\n\n", 1)
    (folder / "a-renamed.md").write_text(pinned, encoding="utf-8")
    assert project.validate().ok


def test_changed_index_number_gets_the_pinning_fix(project, published_before):
    numbers, _ = published_before
    project.item("yuhuazhai/2026/c.md", "general", extra="index_no: 54610113MF0000001Y/2026-99999")
    [problem] = [d for d in project.validate().diagnostics if d.code == "GK522"]
    assert f"index_no: {numbers['yuhuazhai/2026/c.md']}" in problem.message


def test_previous_from_a_url(project, published_before, monkeypatch):
    _, previous = published_before
    monkeypatch.setenv("GONGKAI_PREVIOUS", previous.as_uri())
    (project.root / "bulletins/yuhuazhai/2026/a.md").unlink()
    assert [d.code for d in project.validate().diagnostics if d.severity == "error"] == ["GK522"]


@pytest.mark.parametrize("content, detail", [(None, "无法读取"), ("{not json", "不是 JSON"),
                                             ('{"a": 1}', "不是 gongkai 生成的")])
def test_unreadable_previous_is_an_error(project, monkeypatch, tmp_path_factory, content, detail):
    project.item("yuhuazhai/2026/a.md", "general")
    previous = tmp_path_factory.mktemp("p") / "bulletins.json"
    if content is not None:
        previous.write_text(content, encoding="utf-8")
    monkeypatch.setenv("GONGKAI_PREVIOUS", str(previous))
    [problem] = [d for d in project.validate().diagnostics if d.severity == "error"]
    assert problem.code == "GK523" and detail in problem.message
