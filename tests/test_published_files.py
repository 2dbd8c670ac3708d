"""published_files: board photos processed by a pool of forked processes give exactly what one process gives
(two sources with the same bytes included), and the cache is used the second time."""

from __future__ import annotations

import pathlib

from conftest import Project
from gongkai import published_files
from photo_factory import board_photo

PHOTOS = [f"yuhuazhai/2026/board{n}.jpg" for n in range(5)]


def _project(root: pathlib.Path) -> Project:
    project = Project(root)
    for number, src in enumerate(PHOTOS):
        project.write(f"bulletins/{src}", board_photo(size=(1200, 900), seed=number % 4))  # board4 = board0
    return project


def _published(root: pathlib.Path) -> dict[str, bytes]:
    return {url: path.read_bytes() for url, path in published_files.prepare(root, PHOTOS, []).items()}


def test_a_pool_of_processes_publishes_the_same_bytes_as_one(tmp_path, monkeypatch):
    monkeypatch.setattr(published_files.os, "cpu_count", lambda: 2)
    pooled_root = _project(tmp_path / "pooled").root
    assert published_files._workers(len(PHOTOS)) == 2
    pooled = _published(pooled_root)
    monkeypatch.setenv("GONGKAI_NO_FORK", "1")
    assert published_files._workers(len(PHOTOS)) == 1
    alone = _published(_project(tmp_path / "alone").root)
    assert pooled == alone and len(pooled) == 4 * len(PHOTOS)
    assert pooled["yuhuazhai/2026/board-photos/board4.large.webp"] == pooled[
        "yuhuazhai/2026/board-photos/board0.large.webp"]
    cache = pooled_root / published_files.CACHE
    assert not list(cache.rglob("*.tmp"))  # every index written and renamed
    assert len(list(cache.rglob("index.json"))) == 4  # board0 and board4 share one entry


def test_the_second_run_takes_every_photo_from_the_cache(tmp_path, monkeypatch):
    root = _project(tmp_path).root
    first = _published(root)

    def refuse(data: bytes) -> dict[str, bytes]:
        raise AssertionError("a cached photo was processed again")
    monkeypatch.setattr(published_files, "_process_photo", refuse)
    monkeypatch.setenv("GONGKAI_NO_FORK", "1")
    assert _published(root) == first


def test_a_processed_photo_is_not_decoded_again_to_check_it(tmp_path, monkeypatch):
    """The rule (GK801) decodes a photo in full to refuse a cut file, unless its renditions are in the cache."""
    from gongkai import board_photos  # the rule (rules/evidence.py) imports it when it checks a photo

    project = _project(tmp_path)
    files = "\n".join(f"  - file: board{n}.jpg\n    taken: 2026-08-06" for n in range(len(PHOTOS)))
    project.item("yuhuazhai/2026/finance-2026-07.md", "finance", period="2026-07", extra=f"board_photos:\n{files}")
    checks: list[bool] = []
    real = board_photos.taken_date
    monkeypatch.setattr(board_photos, "taken_date",
                        lambda data, strict=False: checks.append(strict) or real(data, strict))
    assert [d for d in project.validate().diagnostics if d.code.startswith("GK80")] == []
    assert checks == [True] * len(PHOTOS)
    monkeypatch.setenv("GONGKAI_NO_FORK", "1")
    published_files.prepare(project.root, PHOTOS[:2], [])
    checks.clear()
    project.validate()
    assert checks == [False, False, True, True, False]  # board4 has board0's bytes: processed already
