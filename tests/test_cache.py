"""The cache store (cache.py) and the validator over it (incremental.py): an entry is read back only when whole
and asked for by its own key; the site-wide rules over cached items say what a run without the cache says."""

from __future__ import annotations

import shutil
from importlib import metadata

from conftest import AS_OF, PROJECT
from gongkai import cache
from gongkai.validate import validate_site


def test_an_entry_is_read_back_only_whole_and_under_its_key(tmp_path) -> None:
    store = cache.Store(tmp_path)
    key, other = cache.digest("a"), cache.digest("b")
    store.put("page", key, {"html": "<p>页</p>"})
    assert store.get("page", key) == {"html": "<p>页</p>"}
    path = tmp_path / "page" / key[:2] / key[2:]
    assert path.read_bytes().startswith(cache.FORMAT + key.encode() + b"\n")
    (tmp_path / "page" / other[:2]).mkdir(parents=True, exist_ok=True)
    shutil.copy(path, tmp_path / "page" / other[:2] / other[2:])  # a valid entry under another name
    assert store.get("page", other) is None and not (tmp_path / "page" / other[:2] / other[2:]).exists()
    path.write_bytes(path.read_bytes()[:-1])  # truncated
    assert store.get("page", key) is None and not path.exists()
    assert store.get_or_make("page", key, lambda: "made") == "made" and store.get("page", key) == "made"
    assert not list(tmp_path.rglob(".tmp-*"))  # written through a temporary file, then moved


def test_the_key_changes_with_the_version_and_the_date(tmp_path, monkeypatch) -> None:
    (tmp_path / "bulletins").mkdir()
    first = cache.inputs_key(tmp_path, "2026-11-15")
    assert cache.inputs_key(tmp_path, "2026-11-16") != first
    monkeypatch.setattr(cache, "__version__", "9.9.9")
    assert cache.inputs_key(tmp_path, "2026-11-15") != first


def test_the_key_changes_with_a_rendering_library_s_version(tmp_path, monkeypatch) -> None:
    """The versions come from the installed distributions' metadata folders (a directory listing): the same
    versions importlib.metadata finds, and another version of a library (first on sys.path) changes the key."""
    folders = cache.installed()
    for package in cache.RENDERING_PACKAGES:
        name = folders[cache._normal(package)]
        assert name.removesuffix(".dist-info").split("-")[1] == metadata.version(package), (package, name)
    first = cache.versions_key()
    (tmp_path / "Markdown-99.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    assert cache.installed()["markdown"] == "Markdown-99.0.dist-info"
    assert cache.versions_key() != first


def test_cache_is_off_or_moved_by_the_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(cache.OFF_ENV, raising=False)
    monkeypatch.setenv(cache.DIR_ENV, "elsewhere")
    assert cache.location(tmp_path) == tmp_path / "elsewhere"
    monkeypatch.setenv(cache.OFF_ENV, "1")
    assert cache.open_store(tmp_path) is None


def test_site_rules_over_cached_items_are_those_of_a_full_run(tmp_path) -> None:
    """A copy of an item (same 索引号) added after the cache was filled: the duplicate is reported, as without
    the cache; the unchanged items came from the cache's snapshot (its index and folder entries), the new file
    was checked (its "read" and "rules" entries missed), its unit's compliance records made again."""
    root = tmp_path / "project"
    shutil.copytree(PROJECT / "bulletins", root / "bulletins")
    store = cache.Store(tmp_path / "cache")
    validate_site(root, as_of=AS_OF, cache=store)
    source = root / "bulletins/yuhuazhai/2026/decision-2026-05-12-road.md"
    shutil.copy(source, source.with_name("decision-2026-05-12-road-copy.md"))
    store.hits = store.misses = 0
    cached = validate_site(root, as_of=AS_OF, cache=store)
    full = validate_site(root, as_of=AS_OF)
    assert [d.human() for d in cached.diagnostics] == [d.human() for d in full.diagnostics]
    assert any(d.code == "GK301" and "decision-2026-05-12-road-copy.md" in d.message for d in cached.diagnostics)
    # the new file's "read" and "rules" entries, and its unit's compliance records; the other units' were reused
    assert store.misses == 3 and store.kinds_read == {"snapshot", "folder", "compliance"}
