"""索引号: generated as <code>/<year>-<NNNNN>, unique, and stable when other files come and go."""

from __future__ import annotations

import re


def numbers(project) -> dict[str, str]:
    return {b.src_uri: b.index_no for b in project.validate().bulletins}


def test_generated_format(project):
    project.item("yuhuazhai/2026/finance-2026-07.md", "finance")
    [(uri, number)] = numbers(project).items()
    assert re.fullmatch(r"54610113MF0000001Y/2026-\d{5}", number)


def test_stable_when_files_are_added_and_removed(project):
    for month in range(1, 10):
        project.item(f"yuhuazhai/2026/finance-2026-{month:02d}.md", "finance", period=f"2026-{month:02d}")
    before = numbers(project)
    project.item("yuhuazhai/2026/aaa-first.md", "general")
    (project.root / "bulletins/yuhuazhai/2026/finance-2026-03.md").unlink()
    after = numbers(project)
    for uri, number in after.items():
        if uri in before:
            assert before[uri] == number
    assert len(set(after.values())) == len(after)


def test_collisions_resolve_to_unique_numbers(project, monkeypatch):
    from gongkai import index_no

    monkeypatch.setattr(index_no.zlib, "crc32", lambda data: 0)  # every path hashes to the same number
    project.item("yuhuazhai/2026/a.md", "general", published="2026-10-01")
    project.item("yuhuazhai/2026/b.md", "general", published="2026-10-02")
    result = numbers(project)
    assert result["yuhuazhai/2026/a.md"] == "54610113MF0000001Y/2026-00000"
    assert result["yuhuazhai/2026/b.md"] == "54610113MF0000001Y/2026-00001"


def test_explicit_numbers_are_kept(project):
    project.decision()
    assert numbers(project)["yuhuazhai/2026/decision.md"] == "54610113MF0000001Y/2026-90001"
