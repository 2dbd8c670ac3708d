"""`gongkai check` with the cache (issue 17): the same diagnostics as `gongkai check --no-cache`, after every
kind of change, on a project with errors and warnings of every family; a damaged, foreign or stale snapshot
(incremental.py) is never trusted, and a killed check leaves nothing a later one trusts.

The project is the shipped example with mistakes written into it (`MISTAKES`); `check` runs the command line
in-process (the same `cli.main` a clerk runs) with GONGKAI_CACHE_DIR pointing at the test's cache.
"""

from __future__ import annotations

import os
import pathlib
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import AS_OF, PROJECT, item_text
from gongkai import cache as cache_module
from gongkai import cli
from gongkai.validate import validate_site

FINANCE = "bulletins/yuhuazhai/2026/finance-2026-09.md"
ITEM = "bulletins/yuhuazhai/2026/general-2026-q3.md"
REQUEST = "bulletins/yuhua/requests/2026-004.md"

# One mistake (at least) of every family of codes, GK0xx … GK8xx; `test_the_project_has_every_family` checks.
MISTAKES = {
    "bulletins/yuhuazhai/2026/notes.txt": "会议记录\n",  # GK007: not published
    "bulletins/yuhuazhai/2026/broken-front.md": "---\ntitle: [未闭合\n---\n\n正文\n",  # GK0xx: front matter
    "bulletins/nanjiang/2026/general-2026-q1.md": item_text("general", period="2026-Q1", published="2026-04-10",
                                                            drop=("title",)),  # GK1xx: no title
    "bulletins/nanjiang/2026/relief-2026-q1.md": item_text("relief", period="2026-Q1", published="2026-04-10",
                                                           body="## 其他\n\n没有按要求写小标题。\n"),  # GK2xx
    "bulletins/yuhuazhai/2026/decision-copy.md": (PROJECT / "bulletins/yuhuazhai/2026/decision-2026-05-12-road.md"
                                                  ).read_text(encoding="utf-8"),  # GK3xx: the same 索引号
    "bulletins/nanjiang/2026/general-2026-q2.md": item_text(
        "general", period="2026-Q2", published="2026-10-30",  # GK4xx: published long after its deadline
        body="## 事项\n\n联系人张三，手机 13912345678，身份证号 610113199001011237。\n\n"  # GK5xx: personal data
             "## 办理情况\n\n<script>alert(1)</script>已办结。\n"),
    "bulletins/yuhua/requests/2026-099.md": (PROJECT / REQUEST).read_text(encoding="utf-8"),  # GK7xx: its number
    "bulletins/yuhua/requests/2026-098.md": "---\nrequest_no: 2026-098\nreceived: 2026-13-40\n---\n\n正文\n",
    "bulletins/nanjiang/2026/party-2026-q1.md": item_text(
        "party", period="2026-Q1", published="2026-04-10",
        extra="board_photos:\n  - file: no-such-photo.jpg"),  # GK8xx: the photo is not there
}


def _finance_mistake(root: pathlib.Path) -> None:
    """GK6xx: a total that does not add up (and so a balance and a chain that do not either)."""
    path = root / FINANCE
    path.write_text(path.read_text(encoding="utf-8").replace("| 合计 | 614,775.27 |", "| 合计 | 614,775.00 |"),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory) -> pathlib.Path:
    """The example's bulletins/ with MISTAKES written in (mtimes of the copied files kept, as a checkout's)."""
    root = tmp_path_factory.mktemp("check-cache") / "project"
    shutil.copytree(PROJECT / "bulletins", root / "bulletins")
    for relpath, text in MISTAKES.items():
        (root / relpath).write_text(text, encoding="utf-8")
    _finance_mistake(root)
    old = time.time() - 3600  # written an hour ago: the snapshot may trust their stat
    for relpath in [*MISTAKES, FINANCE]:
        os.utime(root / relpath, (old, old))
    return root


def check(root: pathlib.Path, cache: pathlib.Path | None, capsys, monkeypatch, as_of: str = AS_OF.isoformat(),
          *extra: str) -> tuple[int, str]:
    """(exit status, output) of `gongkai check --format json`, with the cache in `cache` (None: --no-cache)."""
    monkeypatch.setenv("GONGKAI_AS_OF", as_of)
    monkeypatch.delenv(cache_module.OFF_ENV, raising=False)
    monkeypatch.setenv(cache_module.DIR_ENV, str(cache or root / "unused-cache"))
    capsys.readouterr()
    status = cli.main(["--root", str(root), "check", "--format", "json", *extra,
                       *(["--no-cache"] if cache is None else [])])
    return status, capsys.readouterr().out


@pytest.fixture
def warm(mistakes, tmp_path, capsys, monkeypatch) -> tuple[pathlib.Path, pathlib.Path]:
    """A private copy of the project and a cache filled by one `gongkai check`: (root, cache)."""
    root, cache = tmp_path / "project", tmp_path / "cache"
    shutil.copytree(mistakes, root)
    check(root, cache, capsys, monkeypatch)
    assert list((cache / "snapshot").rglob("*"))
    return root, cache


def test_the_project_has_every_family(mistakes) -> None:
    """The corpus is what the other tests claim: errors and warnings of every family of codes."""
    site = validate_site(mistakes, as_of=AS_OF)
    families = {d.code[:3] for d in site.diagnostics}
    assert families >= {f"GK{n}" for n in range(9)}, sorted(families)
    assert {d.severity for d in site.diagnostics} == {"error", "warning"}


def _edit(root: pathlib.Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, (relpath, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def nothing(root: pathlib.Path) -> None:
    """No change."""


def touched(root: pathlib.Path) -> None:
    """Saved again without a change: a new mtime, the same bytes."""
    os.utime(root / ITEM)


def body_edit(root: pathlib.Path) -> None:
    path = root / ITEM
    path.write_text(path.read_text(encoding="utf-8") + "\n补充说明：联系电话 13912345678。\n", encoding="utf-8")


def title_edit(root: pathlib.Path) -> None:
    _edit(root, ITEM, "title: ", "title: （更新）")


def finance_fixed(root: pathlib.Path) -> None:
    _edit(root, FINANCE, "| 合计 | 614,775.00 |", "| 合计 | 614,775.27 |")


def balance_changed(root: pathlib.Path) -> None:
    """September's closing balance changed: its balance is off (GK602) and October's opening, in an unchanged
    file, no longer follows it (the chain rule over the items' balances, GK605)."""
    _edit(root, FINANCE, "| 本期结余 | 2,564,976.83 |", "| 本期结余 | 2,564,900.00 |")


def mistake_fixed(root: pathlib.Path) -> None:
    (root / "bulletins/nanjiang/2026/general-2026-q1.md").write_text(
        item_text("general", period="2026-Q1", published="2026-04-10"), encoding="utf-8")


def new_file(root: pathlib.Path) -> None:
    (root / "bulletins/yuhuazhai/2026/decision-2026-11-02-water.md").write_text(
        (root / "bulletins/yuhuazhai/2026/decision-2026-05-12-road.md").read_text(encoding="utf-8"),
        encoding="utf-8")


def deleted_file(root: pathlib.Path) -> None:
    (root / "bulletins/yuhuazhai/2026/party-2026-q2.md").unlink()


def renamed_file(root: pathlib.Path) -> None:
    (root / ITEM).rename(root / "bulletins/yuhuazhai/2026/general-2026-q3-public.md")


def moved_to_other_unit(root: pathlib.Path) -> None:
    (root / ITEM).rename(root / "bulletins/nanjiang/2026/general-2026-q3-moved.md")


def follows_other_unit(root: pathlib.Path) -> None:
    """yuhuazhai's result now follows nanjiang's decision: both units' `open` decisions change, though no file
    of nanjiang changed (its compliance records depend on the 索引号 that any item follows)."""
    _edit(root, "bulletins/yuhuazhai/2026/decision-result-2026-10-15-road.md",
          "follows: 54610113MF0000013J/2026-90001", "follows: 54610113MF0000021D/2026-90001")


def register_edit(root: pathlib.Path) -> None:
    _edit(root, REQUEST, "result: 不予公开", "result: 予以公开")


def units_edit(root: pathlib.Path) -> None:
    _edit(root, "bulletins/units.yml", "村委会大门东侧三务公开栏", "村委会大门西侧三务公开栏")


def catalogue_edit(root: pathlib.Path) -> None:
    (root / "bulletins/catalogue.yml").write_text("categories:\n  - id: finance\n    due: 3\n", encoding="utf-8")


CHANGES = [nothing, touched, body_edit, title_edit, finance_fixed, balance_changed, mistake_fixed, new_file,
           deleted_file, renamed_file, moved_to_other_unit, follows_other_unit, register_edit, units_edit,
           catalogue_edit]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_check_with_the_cache_equals_no_cache(warm, capsys, monkeypatch, change) -> None:
    root, cache = warm
    change(root)
    cached = check(root, cache, capsys, monkeypatch)
    assert cached == check(root, None, capsys, monkeypatch)
    assert check(root, cache, capsys, monkeypatch) == cached  # the snapshot this run wrote, read back


def test_a_follows_edit_changes_the_other_units_open_decisions(warm, capsys, monkeypatch) -> None:
    """The case follows_other_unit checks is a real one: nanjiang's decision is no longer open, yuhuazhai's is."""
    root, cache = warm
    before = check(root, cache, capsys, monkeypatch)[1]
    follows_other_unit(root)
    after = check(root, cache, capsys, monkeypatch)[1]
    nanjiang, yuhuazhai = "decision-2026-08-20-land-lease.md", "decision-2026-05-12-road.md"
    assert (nanjiang in before, yuhuazhai in before) != (nanjiang in after, yuhuazhai in after)


@pytest.mark.parametrize("change", [nothing, touched], ids=["nothing", "touched"])
def test_an_unchanged_project_is_answered_by_the_snapshot_alone(warm, change) -> None:
    root, cache = warm
    change(root)
    store = cache_module.Store(cache)
    validate_site(root, as_of=AS_OF, cache=store)
    assert store.misses == 0  # no file's entry was needed, no unit's compliance records made again
    assert store.kinds_read == {"snapshot", "folder", "compliance"}


def test_an_edit_within_the_timestamp_resolution_is_seen(warm, capsys, monkeypatch) -> None:
    """A file changed right after the snapshot was written, its size and mtime the same as before (as on a
    file system whose timestamps are coarser than the two writes): hashed again, not trusted by its stat."""
    root, cache = warm
    path = root / ITEM
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")  # a fresh mtime: recent
    check(root, cache, capsys, monkeypatch)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("period: 2026-Q3", "period: 2026-Q9"), encoding="utf-8")  # not a period
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    cached = check(root, cache, capsys, monkeypatch)
    assert cached == check(root, None, capsys, monkeypatch) and "2026-Q9" in cached[1]


def _snapshots(cache: pathlib.Path) -> list[pathlib.Path]:
    found = [p for p in (cache / "snapshot").rglob("*") if p.is_file() and not p.name.startswith(".tmp-")]
    assert len(found) == 1, found
    return found


def _truncate(path: pathlib.Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip(path: pathlib.Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _other_version(path: pathlib.Path) -> None:
    path.write_bytes(path.read_bytes().replace(cache_module.FORMAT, b"gongkai-cache 0\n", 1))


def _foreign(path: pathlib.Path) -> None:
    """A whole, valid snapshot of another project (one file different) in this one's place."""
    path.write_bytes(_foreign.snapshot)  # type: ignore[attr-defined]


DAMAGE = [_truncate, _flip, _other_version, _foreign]


@pytest.mark.parametrize("damage", DAMAGE, ids=[d.__name__[1:] for d in DAMAGE])
def test_a_damaged_snapshot_is_not_trusted(warm, tmp_path, capsys, monkeypatch, damage) -> None:
    """The snapshot damaged after a change to one item: never read (its header or checksum does not match),
    the per-file entries or a full run answer instead, and it is written again, whole."""
    root, cache = warm
    if damage is _foreign:
        other, other_cache = tmp_path / "other", tmp_path / "other-cache"
        shutil.copytree(root, other)
        body_edit(other)
        check(other, other_cache, capsys, monkeypatch)
        _foreign.snapshot = _snapshots(other_cache)[0].read_bytes()  # type: ignore[attr-defined]
    title_edit(root)
    snapshot = _snapshots(cache)[0]
    damage(snapshot)
    cached = check(root, cache, capsys, monkeypatch)
    assert cached == check(root, None, capsys, monkeypatch)
    name = snapshot.relative_to(cache / "snapshot").as_posix().replace("/", "")
    assert cache_module.Store(cache).get("snapshot", name) is not None  # rewritten whole under its key


def _folder_entries(cache: pathlib.Path) -> dict[pathlib.Path, bytes]:
    return {p: p.read_bytes() for p in (cache / "folder").rglob("*") if p.is_file()}


def _missing(path: pathlib.Path) -> None:
    path.unlink()


@pytest.mark.parametrize("damage", [*DAMAGE[:3], _missing], ids=["truncate", "flip", "other_version", "missing"])
def test_a_damaged_folder_entry_is_not_trusted(warm, capsys, monkeypatch, damage) -> None:
    """Every folder entry the snapshot names damaged (or gone) after a change to one item: its files are
    checked again (the per-file entries answer), the output equals --no-cache, and new entries are written."""
    root, cache = warm
    title_edit(root)
    entries = _folder_entries(cache)
    for path in entries:
        damage(path)
    cached = check(root, cache, capsys, monkeypatch)
    assert cached == check(root, None, capsys, monkeypatch)
    store = cache_module.Store(cache)
    validate_site(root, as_of=AS_OF, cache=store)
    assert store.misses == 0 and store.kinds_read == {"snapshot", "folder", "compliance"}


def test_one_changed_file_writes_only_its_folder_entries(warm, capsys, monkeypatch) -> None:
    """A title edit: the snapshot's entries of the edited file's folder are replaced (the old ones removed),
    every other folder's entry is left as it was, byte for byte."""
    root, cache = warm
    before = _folder_entries(cache)
    title_edit(root)
    check(root, cache, capsys, monkeypatch)
    after = _folder_entries(cache)
    assert len(after) == len(before) > 2
    gone, new = set(before) - set(after), set(after) - set(before)
    assert len(gone) == len(new) == 2  # the edited folder's checked forms and rule results
    assert all(after[path] == before[path] for path in set(before) & set(after))
    assert all(cache_module.Store(cache).get("folder", p.parent.name + p.name) is not None for p in new)


def test_a_snapshot_of_another_as_of_date_is_not_used(warm, capsys, monkeypatch) -> None:
    """The date changes what is late, missing or due (GK4xx, GK807): another as-of date, another snapshot."""
    root, cache = warm
    later = "2027-03-01"
    assert check(root, cache, capsys, monkeypatch, later) == check(root, None, capsys, monkeypatch, later)
    assert check(root, cache, capsys, monkeypatch) == check(root, None, capsys, monkeypatch)


def test_a_killed_check_leaves_nothing_a_later_check_trusts(mistakes, tmp_path, capsys, monkeypatch) -> None:
    """`gongkai check` killed (SIGKILL: no clean-up) at random moments while it fills the cache, with edits in
    between: every entry left is whole (or a temporary file no run reads), and the next check equals one
    without the cache."""
    root, cache = tmp_path / "project", tmp_path / "cache"
    shutil.copytree(mistakes, root)
    env = dict(os.environ, GONGKAI_AS_OF=AS_OF.isoformat(), GONGKAI_CACHE_DIR=str(cache))
    env.pop(cache_module.OFF_ENV, None)
    chance = random.Random(int(os.environ.get("GONGKAI_KILL_SEED", time.time())))
    for round_ in range(4):
        _edit(root, ITEM, "title: ", f"title: {round_}")
        run = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "--root", str(root), "check"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(chance.uniform(0.2, 2.5))
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    for entry in cache.rglob("*"):
        if entry.is_file() and not entry.name.startswith(cache_module.TEMPORARY):
            assert entry.read_bytes().startswith(cache_module.FORMAT), entry
    assert check(root, cache, capsys, monkeypatch) == check(root, None, capsys, monkeypatch)
