"""Incremental builds (issue 17): a build that reuses the cache is byte-identical to a clean build of the
same tree, for every kind of change, and a damaged cache is never trusted.

Each test copies the example project and a cache warmed by one build of it, changes something, builds with
the cache and without it (GONGKAI_NO_CACHE=1), and compares the two sites file by file.
"""

from __future__ import annotations

import filecmp
import os
import pathlib
import pickle
import random
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
import yaml
from conftest import AS_OF, PROJECT

COPIED = ("mkdocs.yml", "docs", "theme", "hooks", "bulletins")


def _build(project: pathlib.Path, out: pathlib.Path, *, cache: pathlib.Path | None,
           as_of: str = AS_OF.isoformat()) -> subprocess.CompletedProcess:
    env = dict(os.environ, GONGKAI_AS_OF=as_of, NO_MKDOCS_2_WARNING="1")
    env.pop("GONGKAI_PREVIOUS", None)
    if cache is None:
        env["GONGKAI_NO_CACHE"] = "1"
    else:
        env.pop("GONGKAI_NO_CACHE", None)
        env["GONGKAI_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def built(project: pathlib.Path, out: pathlib.Path, *, cache: pathlib.Path | None, **kw: str) -> pathlib.Path:
    result = _build(project, out, cache=cache, **kw)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return out


def differences(left: pathlib.Path, right: pathlib.Path) -> list[str]:
    """Files that differ or exist on one side only (what `diff -r` would name), as relative paths."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, here: str) -> None:
        found.extend(f"{here}{name} (one side)" for name in cmp.left_only + cmp.right_only)
        found.extend(here + name for name in cmp.common_files
                     if not filecmp.cmp(pathlib.Path(cmp.left, name), pathlib.Path(cmp.right, name), shallow=False))
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{here}{name}/")

    walk(filecmp.dircmp(left, right, ignore=[]), "")
    return found


def entries(cache: pathlib.Path, kind: str) -> set[str]:
    return {p.relative_to(cache).as_posix() for p in (cache / kind).rglob("*") if p.is_file()
            and not p.name.startswith(".tmp-")}


def rendered_pages(cache: pathlib.Path, names: set[str]) -> tuple[set[str], set[str]]:
    """(item pages, other generated pages) that MkDocs rendered, named by their canonical URL's path, from
    the page entries ``names`` of the cache (a build stores each page it renders)."""
    from gongkai.page_cache import CachedPage
    items: set[str] = set()
    others: set[str] = set()
    for name in names:
        _, _, _, payload = (cache / name).read_bytes().split(b"\n", 3)
        page = pickle.loads(payload)
        assert isinstance(page, CachedPage)
        found = re.search(r'<link rel="canonical" href="https?://[^/"]+([^"]*)"', page.html)
        assert found, name
        (items if page.body is not None else others).add(found.group(1))
    return items, others


@pytest.fixture(scope="session")
def warmed(tmp_path_factory) -> tuple[pathlib.Path, pathlib.Path, pathlib.Path]:
    """(project, cache, site): the example project, its cache after one build, and that build's site (a
    clean build: the cache was empty)."""
    base = tmp_path_factory.mktemp("incremental")
    project = base / "project"
    project.mkdir()
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    cache = base / "cache"
    site = built(project, base / "site", cache=cache)
    assert entries(cache, "page") and entries(cache, "read")
    return project, cache, site


@pytest.fixture
def copy(warmed, tmp_path) -> tuple[pathlib.Path, pathlib.Path]:
    """A private copy of the warmed project and cache: (project, cache)."""
    project, cache, _ = warmed
    shutil.copytree(project, tmp_path / "project")
    shutil.copytree(cache, tmp_path / "cache")
    return tmp_path / "project", tmp_path / "cache"


def _edit(path: pathlib.Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ITEM = "bulletins/yuhuazhai/2026/general-2026-q3.md"


def body_edit(project: pathlib.Path) -> None:
    path = project / ITEM
    path.write_text(path.read_text(encoding="utf-8") + "\n补充说明：本期公开内容已在村委会公开栏同步张贴。\n",
                    encoding="utf-8")


def title_edit(project: pathlib.Path) -> None:
    _edit(project / ITEM, "title: ", "title: （更新）")


def date_edit(project: pathlib.Path) -> None:
    text = (project / ITEM).read_text(encoding="utf-8")
    published = re.search(r"^published: (\S+)$", text, re.M)
    assert published
    day = published.group(1)
    _edit(project / ITEM, published.group(0), f"published: {day[:-2]}{int(day[-2:]) - 1:02d}")


def new_file(project: pathlib.Path) -> None:
    (project / "bulletins/yuhuazhai/2026/notice-2026-11-02-water.md").write_text(
        "---\ntitle: 鱼化寨村关于11月停水检修的通知\ncategory: general\ntype: immediate\npublished: 2026-11-02\n"
        "event_date: 2026-11-01\n---\n\n## 事项\n\n11月5日上午8时至12时停水检修，请村民提前储水。\n\n"
        "## 办理情况\n\n已通知各村民小组。\n", encoding="utf-8")


def deleted_file(project: pathlib.Path) -> None:
    (project / "bulletins/yuhuazhai/2026/party-2026-q2.md").unlink()


def renamed_file(project: pathlib.Path) -> None:
    (project / ITEM).rename(project / "bulletins/yuhuazhai/2026/general-2026-q3-public.md")


def category_change(project: pathlib.Path) -> None:
    """A 党务公开 item filed as 一般事项 instead (its headings as that category asks)."""
    path = project / "bulletins/nanjiang/2026/party-2026-q3.md"
    _edit(path, "category: party", "category: general")
    _edit(path, "## 组织建设", "## 事项")
    _edit(path, "## 党费收缴", "## 办理情况")


def units_edit(project: pathlib.Path) -> None:
    _edit(project / "bulletins/units.yml", "村委会大门东侧三务公开栏", "村委会大门西侧三务公开栏")


def catalogue_edit(project: pathlib.Path) -> None:
    default = yaml.safe_load((project / "hooks/gongkai/catalogue.yml").read_text(encoding="utf-8"))
    rules = next(c for c in default["categories"] if c["id"] == "rules")
    rules["name"] = "村规民约（居民公约）"
    (project / "bulletins/catalogue.yml").write_text(
        yaml.safe_dump({"categories": [rules]}, allow_unicode=True), encoding="utf-8")


def mkdocs_edit(project: pathlib.Path) -> None:
    _edit(project / "mkdocs.yml", "site_description: ", "site_description: 鱼化寨街道")


def theme_edit(project: pathlib.Path) -> None:
    path = next((project / "theme").rglob("*.html"))
    path.write_text(path.read_text(encoding="utf-8") + "\n{#- edited -#}\n", encoding="utf-8")


def nothing(project: pathlib.Path) -> None:
    """No change at all: every generated page comes from the cache."""


SUPERSEDED = "bulletins/yuhuazhai/2026/relief-2026-q3.md"  # relief-2026-q3-correction.md supersedes it


def related_title_edit(project: pathlib.Path) -> None:
    """The title of an item another one supersedes: the correction's page names it (item_page.header)."""
    _edit(project / SUPERSEDED, "title: ", "title: （原）")


def listing_only(project: pathlib.Path) -> None:
    """A request case's subject (依申请公开, about no item): only the unit's page of requests shows it."""
    _edit(project / "bulletins/yuhua/requests/2026-001.md", "subject: 申请公开", "subject: 申请公开（补）")


LINKED = "yuhuazhai/2026/general-2026-q2"  # an item page the link_to_stored_page build takes from the cache


def link_to_stored_page(project: pathlib.Path) -> None:
    """A rendered item page links to another item's file, whose page this build does not render: MkDocs
    resolves the link against the stored page's file as in a clean build."""
    path = project / ITEM
    path.write_text(path.read_text(encoding="utf-8") + "\n上期公开内容见[二季度公开](general-2026-q2.md)。\n",
                    encoding="utf-8")


CHANGES = [body_edit, title_edit, date_edit, new_file, deleted_file, renamed_file, category_change, units_edit,
           catalogue_edit, mkdocs_edit, theme_edit, nothing, related_title_edit, link_to_stored_page, listing_only]
# How many (item pages, other generated pages) the incremental build may render again (None: any number: a
# shared input changed, or the list of the site's files did, which every page that links to a file reads).
RENDERED_AGAIN = {body_edit: (1, 1), title_edit: (8, 20), date_edit: (8, 20), new_file: (8, None),
                  deleted_file: (8, None), renamed_file: (8, None), category_change: (8, 20), nothing: (0, 0),
                  related_title_edit: (8, 20), link_to_stored_page: (1, 1), listing_only: (0, 1)}
# Pages that must be among those rendered again: the edited item's, a neighbour whose header names it.
MUST_RENDER = {body_edit: {"/yuhuazhai/2026/general-2026-q3/"}, listing_only: {"/yuhua/requests/"},
               related_title_edit: {"/yuhuazhai/2026/relief-2026-q3/", "/yuhuazhai/2026/relief-2026-q3-correction/"}}


# How many entries of the writers' kinds an item change may add (made again): its month's search block (two
# for a date moved to another month), its poster, the unit's feed and the site's, the unit's board poster, no
# admin config.
WRITERS_AGAIN = {"search-block": 2, "poster": 1, "feed": 2, "board-poster": 1, "admin": 0}
ITEM_CHANGES = (body_edit, title_edit, date_edit, new_file, deleted_file, renamed_file, category_change)


def previous_site(warmed, tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of the warmed build's site, with its files' times (kept_site.py keeps its unchanged files)."""
    return pathlib.Path(shutil.copytree(warmed[2], tmp_path / "incremental"))


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_incremental_build_equals_clean_build(warmed, copy, tmp_path, change) -> None:
    """The incremental build updates the previous build's site in place (as `mkdocs build` does run after run)."""
    project, cache = copy
    pages_before = entries(cache, "page")
    writers_before = {kind: entries(cache, kind) for kind in WRITERS_AGAIN}
    change(project)
    incremental = built(project, previous_site(warmed, tmp_path), cache=cache)
    clean = built(project, tmp_path / "clean", cache=None)
    assert differences(incremental, clean) == []
    if change in ITEM_CHANGES or change is nothing:  # the writers reused what the change did not touch
        for kind, before in writers_before.items():
            assert before, kind
            made = entries(cache, kind) - before
            assert len(made) <= (0 if change is nothing else WRITERS_AGAIN[kind]), (kind, sorted(made))
    items, others = rendered_pages(cache, entries(cache, "page") - pages_before)
    limits = RENDERED_AGAIN.get(change, (None, None))  # the build did reuse the cache: only the touched pages
    for pages, limit in zip((items, others), limits, strict=True):  # were rendered again
        assert limit is None or len(pages) <= limit, (sorted(items), sorted(others))
    assert MUST_RENDER.get(change, set()) <= items | others, (sorted(items), sorted(others))


def test_a_site_restored_by_a_ci_cache_is_kept(warmed, copy, tmp_path) -> None:
    """CI restores site/ and the cache (guide: 发布网站): the files come back with new times. The build reads and
    keeps the unchanged ones instead of writing them, and the site equals a clean build."""
    project, cache = copy
    site = pathlib.Path(shutil.copytree(warmed[2], tmp_path / "restored", copy_function=shutil.copyfile))
    untouched = site / "nanjiang/2026/party-2026-q3/index.html"
    untouched_time = untouched.stat().st_mtime_ns
    title_edit(project)
    built(project, site, cache=cache)
    assert differences(site, built(project, tmp_path / "clean", cache=None)) == []
    assert untouched.stat().st_mtime_ns == untouched_time


def test_link_from_a_rendered_page_to_a_stored_one(copy, tmp_path) -> None:
    project, cache = copy
    pages_before = entries(cache, "page")
    link_to_stored_page(project)
    site = built(project, tmp_path / "incremental", cache=cache)
    items, _ = rendered_pages(cache, entries(cache, "page") - pages_before)
    assert items == {"/yuhuazhai/2026/general-2026-q3/"}  # the linked page came from the cache
    assert (site / LINKED / "index.html").is_file()
    page = (site / "yuhuazhai/2026/general-2026-q3/index.html").read_text(encoding="utf-8")
    assert 'href="../general-2026-q2/"' in page  # resolved to the stored page's URL, not left as a .md


def test_sitemap_lists_stored_pages(warmed, copy, tmp_path) -> None:
    """Every page comes from the cache (no change): the site map (and its .gz) still lists them all."""
    _, _, clean = warmed
    project, cache = copy
    site = built(project, tmp_path / "incremental", cache=cache)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/{LINKED}/</loc>" in sitemap
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        assert (site / name).read_bytes() == (clean / name).read_bytes()


def test_two_clean_builds_are_identical(warmed, tmp_path) -> None:
    project, _, site = warmed
    assert differences(built(project, tmp_path / "again", cache=None), site) == []


def _damage_truncate(path: pathlib.Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _damage_flip(path: pathlib.Path) -> None:
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))


def _damage_other_version(path: pathlib.Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"gongkai-cache 1\n", b"gongkai-cache 0\n", 1))


def _damage_swap(path: pathlib.Path) -> None:
    """Another entry's (valid) content under this entry's name."""
    cache = path.parent.parent.parent
    others = sorted(p for p in cache.rglob("*") if p.is_file() and p != path and p.parent.parent.name != "snapshot")
    path.write_bytes(others[0].read_bytes())


DAMAGE = [_damage_truncate, _damage_flip, _damage_other_version, _damage_swap]


@pytest.mark.parametrize("damage", DAMAGE, ids=[d.__name__[8:] for d in DAMAGE])
def test_damaged_entries_are_rebuilt(warmed, copy, tmp_path, damage) -> None:
    _, _, clean = warmed
    project, cache = copy
    damaged = []
    # The snapshot (the validator's one entry for the whole project) too: the build falls back to the
    # per-file entries, five of which are damaged as well. Every search block: the word starts are read only for
    # the blocks made again.
    for kind, count in (("snapshot", 5), ("read", 5), ("rules", 5), ("page", 5), ("words", 5), ("search-block", None),
                        ("poster", 5), ("board-poster", 5), ("feed", 5), ("admin", 1)):
        for name in sorted(entries(cache, kind))[:count]:
            damage(cache / name)
            damaged.append(name)
    result = _build(project, tmp_path / "site", cache=cache)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert differences(tmp_path / "site", clean) == []
    from gongkai.cache import Store
    for name in damaged:  # each damaged entry was detected and written again, whole, under its own key
        kind, folder, rest = name.split("/")
        assert Store(cache).get(kind, folder + rest) is not None, name


def test_cache_of_another_as_of_date_is_not_used(copy, tmp_path) -> None:
    project, cache = copy
    later = "2026-12-20"  # the compliance board, overdue notices and statuses change with the date
    incremental = built(project, tmp_path / "incremental", cache=cache, as_of=later)
    clean = built(project, tmp_path / "clean", cache=None, as_of=later)
    assert differences(incremental, clean) == []


@pytest.mark.parametrize("warm", [False, True], ids=["empty cache", "warm cache and site"])
def test_killed_builds_leave_a_cache_the_next_build_can_use(warmed, tmp_path, warm) -> None:
    """Builds killed at random moments (SIGKILL: no clean-up runs), each after an edit, then a build with the
    cache into the same site/: the same site as a clean build. What a killed build leaves: whole entries and,
    at most, temporary files (`.tmp-*`) that no build reads; site/ partly updated or hidden beside it
    (kept_site.py), which the next build takes back."""
    project, warm_cache, warm_site = warmed
    work = tmp_path / "project"
    shutil.copytree(project, work)
    cache, site = tmp_path / "cache", tmp_path / "killed"
    if warm:  # killed while updating a kept site whose files the cache's records vouch for
        shutil.copytree(warm_cache, cache)
        shutil.copytree(warm_site, site)
    env = dict(os.environ, GONGKAI_AS_OF=AS_OF.isoformat(), NO_MKDOCS_2_WARNING="1", GONGKAI_CACHE_DIR=str(cache))
    env.pop("GONGKAI_NO_CACHE", None)
    chance = random.Random(int(os.environ.get("GONGKAI_KILL_SEED", time.time())))
    for _ in range(3):
        body_edit(work)
        build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
                                 cwd=work, env=env, start_new_session=True,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.3, 3.0))
        os.killpg(build.pid, signal.SIGKILL)  # the build and its background writer
        build.wait()
    from gongkai.cache import FORMAT
    for entry in cache.rglob("*"):
        if entry.is_file() and not entry.name.startswith(".tmp-"):
            assert entry.read_bytes().startswith(FORMAT), entry
    incremental = built(work, site, cache=cache)
    clean = built(work, tmp_path / "clean", cache=None)
    assert differences(incremental, clean) == []


def test_incremental_build_over_the_previous_site(warmed, copy, tmp_path) -> None:
    """site/ holds the previous build, with what no build makes and what someone changed by hand: the build
    writes only what changed (kept_site.py), and the site equals a clean build (a hidden .git is left, as
    MkDocs' clean leaves it)."""
    project, cache = copy
    site = previous_site(warmed, tmp_path)
    (site / "stale.html").write_text("旧文件", encoding="utf-8")
    (site / "gone/deeper").mkdir(parents=True)
    (site / "gone/deeper/page.html").write_text("旧文件", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git/HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    edited_by_hand = site / LINKED / "index.html"  # same size, other bytes, a new time
    data = edited_by_hand.read_bytes()
    edited_by_hand.write_bytes(data.replace("公开".encode(), "公示".encode(), 1))
    deleted_by_hand = site / "posters" / LINKED / "index.html"
    deleted_by_hand.unlink()
    untouched = site / "nanjiang/2026/party-2026-q3/index.html"
    untouched_time = untouched.stat().st_mtime_ns
    title_edit(project)
    built(project, site, cache=cache)
    clean = built(project, tmp_path / "clean", cache=None)
    assert (site / ".git/HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    shutil.rmtree(site / ".git")
    assert differences(site, clean) == []
    assert untouched.stat().st_mtime_ns == untouched_time  # kept, not written again
    assert (site / ITEM.removeprefix("bulletins/").removesuffix(".md") / "index.html").stat().st_mtime_ns \
        > untouched_time  # the edited item's page was written
