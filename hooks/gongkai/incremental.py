"""What the validator reuses from the cache (cache.py): each file's checked form, each item's rule results.

One **snapshot** entry per project and shared inputs (its key: `inputs_key`, the rules switch and the shard
scope) holds, per file, its stat (size, mtime_ns) and the SHA-256 of its bytes, and names, per folder, two
"folder" entries: what read_all made of each file (the Bulletin or Case, with the raw rules' and the
conversion's diagnostics), and per item its ITEM_RULES' diagnostics and finance balance (`ItemResult`) with
what they were computed for (its 索引号 — generated ones depend on the other items of the unit — and the
register: 依申请公开 / 意见反馈, which the annual report's part 三 is compared with). A run that changed one
file writes the index and that file's folder entries, and removes the entries they replace. An unchanged
file costs one `os.stat`; a file whose stat changed is read and hashed, and reused when its bytes did not
change. A file whose mtime is not clearly older than the run that wrote the snapshot (it may have changed
within the file system's timestamp resolution) is always hashed.

What the snapshot does not answer falls back to the per-file entries ("read": path and SHA-256; "rules": the
file, its 索引号 and the register), then to computing. A snapshot that is absent, damaged or written for
other inputs is a miss like any entry (cache.Store checks its header and checksum), never a stale answer;
so is a folder entry (its files are checked again).
The SITE_RULES and the generated 索引号 always run again, over the items. A unit's compliance records
("compliance" entries, `Memo.unit_records`) are reused only under a key of everything they are made from:
the shared inputs, the path, SHA-256 and 索引号 of each of the unit's visible items, and the 索引号 that any
item follows; their items are this run's Bulletins. Nothing site-wide is read stale.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pathlib
import pickle
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from .cache import Store, digest, inputs_key
from .compliance import Record
from .deadlines import UnitRecords
from .diagnostics import Diagnostic
from .model import Bulletin
from .site import Balance

T = TypeVar("T")
Checked = tuple[T | None, list[Diagnostic]]
# A file modified this close (ns) before the snapshot's run started may share its mtime with a later edit.
RACY_NS = 3_000_000_000
FOLDER = "folder"  # the kind of the snapshot's entries of one folder's checked forms or rule results
COMPLIANCE = "compliance"  # the kind of the entries of one unit's compliance records
RECORD_FIELDS = tuple(f.name for f in dataclasses.fields(Record))


@dataclass(frozen=True)
class ItemResult:
    """What the ITEM_RULES found in one Bulletin: their diagnostics and its balance (finance.balance_of)."""

    problems: list[Diagnostic]
    balance: Balance | None = None


class Seen(NamedTuple):
    """What the snapshot remembers of one file (a tuple: ten thousand of them pickle in milliseconds)."""

    size: int
    mtime_ns: int
    sha: str  # SHA-256 of the bytes
    kind: str  # what read_all turned it into (the converter's name)


@dataclass
class Snapshot:
    """One project's files as the last run saw them: a small index. The checked forms and rule results are
    kept pickled by folder, each folder in a "folder" entry of its own (`Folders`): a run that changed one
    file writes the index and that folder's entries again, not the ten thousand other items' (25 MB)."""

    started_ns: int
    seen: dict[str, Seen] = field(default_factory=dict)
    checked: dict[str, str] = field(default_factory=dict)  # folder → key of its entry {path: Checked}
    results: dict[str, str] = field(default_factory=dict)  # folder → key of its entry {path: (depends, ItemResult)}


def _folder(path: str) -> str:
    """The folder of a project-relative POSIX path (posixpath.dirname, at a third of its cost)."""
    return path.rpartition("/")[0]


class Folders:
    """Values by file path, kept by folder in "folder" entries: a folder's entry is read when one of its values
    is first asked for, and a new one is written only when one of its values changed or one of its files came
    or went. An entry that is absent or damaged reads as an empty folder: its files' values are made again."""

    def __init__(self, store: Store | None, keys: dict[str, str], name: str) -> None:
        self.store = store
        self.old_keys = keys
        self.name = name  # what the entries are of (snapshot key, "checked" or "results", this run)
        self.old: dict[str, dict[str, Any]] = {}
        self.values: dict[str, Any] = {}  # this run's, by path
        self.dirty: set[str] = set()

    def old_value(self, path: str) -> Any | None:
        folder = _folder(path)
        if folder not in self.old:
            key = self.old_keys.get(folder)
            found = self.store.get(FOLDER, key) if key and self.store is not None else None
            self.old[folder] = found if isinstance(found, dict) else {}
        return self.old[folder].get(path)

    def keep(self, path: str, value: Any, changed: bool) -> None:
        self.values[path] = value
        if changed:
            self.dirty.add(_folder(path))

    def written(self, came_or_went: Iterable[str]) -> dict[str, str]:
        """Every folder's entry key: the unchanged folders' old ones, new entries for the others."""
        self.dirty |= {_folder(p) for p in came_or_went}
        by_folder: dict[str, dict[str, Any]] = {}
        for path, value in self.values.items():
            by_folder.setdefault(_folder(path), {})[path] = value
        keys = {}
        for folder, values in by_folder.items():
            if folder in self.old_keys and folder not in self.dirty:
                keys[folder] = self.old_keys[folder]
            else:
                keys[folder] = digest(self.name, folder)
                if self.store is not None:
                    self.store.put(FOLDER, keys[folder], values)
        return keys

    def replaced(self, keys: dict[str, str]) -> set[str]:
        """The old entries the new keys no longer name."""
        return set(self.old_keys.values()) - set(keys.values())


class Memo:
    """The validator's view of the cache for one run; `Memo(None, …)` computes everything."""

    def __init__(self, store: Store | None, root: pathlib.Path, as_of: str, attachments: Iterable[pathlib.Path],
                 rules: bool, scope: frozenset[str] | None = None) -> None:
        self.store = store
        self.inputs = inputs_key(root, as_of, attachments) if store is not None else ""
        self.root = root
        self.prefix = root.as_posix() + "/"
        self.rules = rules
        self.snapshot_key = digest(self.inputs, "snapshot", str(rules), *sorted(scope or ["*"]))
        self.new = Snapshot(started_ns=time.time_ns())
        self.old = self._load_snapshot()
        run = f"{self.new.started_ns}-{os.getpid()}"  # this run's folder entries: never another run's keys
        self.checked = Folders(store, self.old.checked, f"{self.snapshot_key} checked {run}")
        self.results = Folders(store, self.old.results, f"{self.snapshot_key} results {run}")
        self.rehashed = False  # a file's stat changed: the snapshot is saved again
        self.register_key = ""
        self.came_or_went: set[str] = set()  # files read by this run or the last one only
        self._followed: tuple[frozenset[str] | None, str] = (None, "")  # the 索引号 items follow, and their digest

    def _load_snapshot(self) -> Snapshot:
        found = self.store.get("snapshot", self.snapshot_key) if self.store is not None else None
        return found if isinstance(found, Snapshot) else Snapshot(started_ns=0)

    def read(self, file: pathlib.Path, kind: str, compute: Callable[[], Checked[T]]) -> Checked[T]:
        """What `compute` makes of the file, from the cache when the file and the shared inputs are unchanged."""
        if self.store is None:
            return compute()
        path = self.relative(file)
        seen = self.old.seen.get(path)
        try:
            stat = os.stat(file)  # before the read: a later edit changes the stat again
            if seen and seen.kind == kind and (stat.st_size, stat.st_mtime_ns) == (seen.size, seen.mtime_ns) \
                    and stat.st_mtime_ns < self.old.started_ns - RACY_NS:
                old = self.checked.old_value(path)
                if old is not None:
                    return self._keep(path, seen, old, changed=False)
            data = file.read_bytes()
        except OSError:
            return compute()  # the reader reports it
        self.rehashed = True
        now = Seen(stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest(), kind)
        old = self.checked.old_value(path) if seen and seen[2:] == now[2:] else None
        if old is not None:
            return self._keep(path, now, old, changed=False)  # touched, not changed
        key = digest(self.inputs, "read", kind, str(self.rules), path, now.sha)
        return self._keep(path, now, self.store.get_or_make("read", key, compute), changed=True)

    def relative(self, file: pathlib.Path) -> str:
        """The file's project-relative path (files come from load.scan_tree, under the root)."""
        text = file.as_posix()
        return text[len(self.prefix):] if text.startswith(self.prefix) else file.relative_to(self.root).as_posix()

    def _keep(self, path: str, seen: Seen, checked: Checked[T], changed: bool) -> Checked[T]:
        self.new.seen[path] = seen
        self.checked.keep(path, checked, changed)
        return checked

    def seal_files(self, register: Iterable[str]) -> None:
        """Every file is read: the checked forms are pickled now, before the validator changes Bulletins in
        place (generated 索引号); the register files' bytes become part of every item's rules key."""
        self.register_key = digest(*(f"{p}:{self._sha(p)}" for p in sorted(register)))
        self.came_or_went = set(self.new.seen) ^ set(self.old.seen)
        if self.store is not None:
            self.new.checked = self.checked.written(self.came_or_went)

    def _sha(self, path: str) -> str:
        seen = self.new.seen.get(path)
        return seen.sha if seen else ""

    def item_result(self, item: Bulletin, compute: Callable[[], ItemResult]) -> ItemResult:
        """The item's rule results, from the cache when its file, 索引号 and the register are unchanged."""
        seen = self.new.seen.get(item.path)
        if self.store is None or seen is None:
            return compute()
        depends = (seen.sha, item.index_no or "", self.register_key)
        old = self.results.old_value(item.path)
        if old is not None and old[0] == depends:
            self.results.keep(item.path, old, changed=False)
            return old[1]
        key = digest(self.inputs, "rules", seen.kind, str(self.rules), item.path, *depends)
        result = self.store.get_or_make("rules", key, compute)
        self.results.keep(item.path, (depends, result), changed=True)
        return result

    def unit_records(self, unit: str, items: list[Bulletin], followed: frozenset[str],
                     make: Callable[[], UnitRecords]) -> UnitRecords:
        """A unit's compliance records (deadlines.compute), from the cache when the files and 索引号 of its
        visible items, the 索引号 that items follow and the shared inputs (the as-of date, units, catalogue,
        calendar, settings: the snapshot key) are those of the run that made them. The records' items are
        this run's Bulletins (found by path): a title edit shows in the board."""
        seen = [self.new.seen.get(i.path) for i in items]
        if self.store is None or None in seen:
            return make()
        files = pickle.dumps([(i.path, s.sha, i.index_no) for i, s in zip(items, seen, strict=True)])  # one part
        if self._followed[0] is not followed:
            self._followed = (followed, digest(*sorted(followed)))
        key = digest(self.snapshot_key, COMPLIANCE, unit, self._followed[1], files)
        found = _records_of(self.store.get(COMPLIANCE, key), {i.path: i for i in items})
        if found is None:
            found = make()
            self.store.put(COMPLIANCE, key, _flat_records(found))
        return found

    def save(self) -> None:
        """Write the snapshot when this run saw anything the last one did not (its folder entries first: a run
        killed before the index is written leaves the old index, whose entries are still there), then remove
        the folder entries the new index no longer names."""
        if self.store is None:
            return
        self.new.results = self.results.written(self.came_or_went)
        if self.rehashed or self.checked.dirty or self.results.dirty:
            self.store.put("snapshot", self.snapshot_key, self.new)
            for key in self.checked.replaced(self.new.checked) | self.results.replaced(self.new.results):
                self.store.remove(FOLDER, key)


def _flat_records(made: UnitRecords) -> tuple[Any, ...]:
    """A unit's records as plain tuples, each item as its path (Records of Bulletins pickle slowly, and the
    Bulletins are this run's)."""
    records, start = made
    item_at = RECORD_FIELDS.index("item")
    return start, [tuple(r.item.path if n == item_at and r.item else getattr(r, name)
                         for n, name in enumerate(RECORD_FIELDS)) for r in records]


def _records_of(flat: Any, items: dict[str, Bulletin]) -> UnitRecords | None:
    """The records _flat_records flattened, each with this run's item of its path; None: not such records,
    or an item that is not there."""
    if not isinstance(flat, tuple) or len(flat) != 2:
        return None
    start, rows = flat
    item_at = RECORD_FIELDS.index("item")
    records = []
    for row in rows:
        path = row[item_at]
        if path is not None and path not in items:
            return None
        records.append(Record(*row[:item_at], items[path] if path else None, *row[item_at + 1:]))
    return records, start
