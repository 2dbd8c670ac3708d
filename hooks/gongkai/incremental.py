"""What the validator reuses from the cache (cache.py): each file's checked form, each item's rule results.

One **snapshot** entry per project and shared inputs (its key: `inputs_key`, the rules switch and the shard
scope) holds, per file, its stat (size, mtime_ns), the SHA-256 of its bytes and what read_all made of it (the
Bulletin or Case, with the raw rules' and the conversion's diagnostics), and per item its ITEM_RULES'
diagnostics and finance balance (`ItemResult`) with what they were computed for (its 索引号 — generated ones
depend on the other items of the unit — and the register: 依申请公开 / 意见反馈, which the annual report's
part 三 is compared with). An unchanged file costs one `os.stat`; a file whose stat changed is read and
hashed, and reused when its bytes did not change. A file whose mtime is not clearly older than the run that
wrote the snapshot (it may have changed within the file system's timestamp resolution) is always hashed.

What the snapshot does not answer falls back to the per-file entries ("read": path and bytes; "rules": the
file, its 索引号 and the register), then to computing. A snapshot that is absent, damaged or written for
other inputs is a miss like any entry (cache.Store checks its header and checksum), never a stale answer.
The SITE_RULES, the compliance records and the generated 索引号 always run again, over the items:
nothing site-wide is ever read from the cache.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import pickle
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .cache import Store, digest, inputs_key, loads
from .diagnostics import Diagnostic
from .model import Bulletin
from .site import Balance

T = TypeVar("T")
Checked = tuple[T | None, list[Diagnostic]]
# A file modified this close (ns) before the snapshot's run started may share its mtime with a later edit.
RACY_NS = 3_000_000_000


@dataclass(frozen=True)
class ItemResult:
    """What the ITEM_RULES found in one Bulletin: their diagnostics and its balance (finance.balance_of)."""

    problems: list[Diagnostic]
    balance: Balance | None = None


@dataclass(frozen=True)
class Seen:
    """What the snapshot remembers of one file."""

    size: int
    mtime_ns: int
    sha: str  # SHA-256 of the bytes
    kind: str  # what read_all turned it into (the converter's name)


@dataclass
class Snapshot:
    """One project's files as the last run saw them. Each file's checked form is kept pickled as it was made
    (the validator later fills in generated 索引号 in place, which must not be saved; and a run that changed
    one file pickles that one only)."""

    started_ns: int
    seen: dict[str, Seen] = field(default_factory=dict)
    checked: dict[str, bytes] = field(default_factory=dict)  # path → pickled Checked
    results: dict[str, tuple[tuple[str, str], ItemResult]] = field(default_factory=dict)


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
        self.rehashed = False  # a file's stat changed, or files came or went: the snapshot is saved again
        self.rechecked = False  # an item's rule results are not the snapshot's
        self.register_key = ""

    def _load_snapshot(self) -> Snapshot:
        found = self.store.get("snapshot", self.snapshot_key) if self.store is not None else None
        return found if isinstance(found, Snapshot) else Snapshot(started_ns=0)

    def read(self, file: pathlib.Path, kind: str, compute: Callable[[], Checked[T]]) -> Checked[T]:
        """What `compute` makes of the file, from the cache when the file and the shared inputs are unchanged."""
        if self.store is None:
            return compute()
        path = self.relative(file)
        try:
            stat = os.stat(file)  # before the read: a later edit changes the stat again
            seen = self.old.seen.get(path)
            if seen and seen.kind == kind and (stat.st_size, stat.st_mtime_ns) == (seen.size, seen.mtime_ns) \
                    and stat.st_mtime_ns < self.old.started_ns - RACY_NS and path in self.old.checked:
                return self._keep(path, seen, self.old.checked[path])
            data = file.read_bytes()
        except OSError:
            return compute()  # the reader reports it
        self.rehashed = True
        sha = hashlib.sha256(data).hexdigest()
        now = Seen(stat.st_size, stat.st_mtime_ns, sha, kind)
        if seen and seen.kind == kind and seen.sha == sha and path in self.old.checked:
            return self._keep(path, now, self.old.checked[path])  # touched, not changed
        key = digest(self.inputs, "read", kind, str(self.rules), path, sha)
        checked = self.store.get_or_make("read", key, compute)
        return self._keep(path, now, pickle.dumps(checked, protocol=pickle.HIGHEST_PROTOCOL))

    def relative(self, file: pathlib.Path) -> str:
        """The file's project-relative path (files come from load.scan_tree, under the root)."""
        text = file.as_posix()
        return text[len(self.prefix):] if text.startswith(self.prefix) else file.relative_to(self.root).as_posix()

    def _keep(self, path: str, seen: Seen, pickled: bytes) -> Checked[Any]:
        self.new.seen[path] = seen
        self.new.checked[path] = pickled
        return loads(pickled)  # a copy of its own: the validator changes Bulletins in place

    def seal_files(self, register: Iterable[str]) -> None:
        """Every file is read: the register files' bytes become part of every item's rules key."""
        self.register_key = digest(*(f"{p}:{self._sha(p)}" for p in sorted(register)))
        self.rehashed = self.rehashed or set(self.new.seen) != set(self.old.seen)

    def _sha(self, path: str) -> str:
        seen = self.new.seen.get(path)
        return seen.sha if seen else ""

    def item_result(self, item: Bulletin, compute: Callable[[], ItemResult]) -> ItemResult:
        """The item's rule results, from the cache when its file, 索引号 and the register are unchanged."""
        seen = self.new.seen.get(item.path)
        if self.store is None or seen is None:
            return compute()
        depends = (item.index_no or "", self.register_key)
        old = self.old.results.get(item.path)
        if old is not None and old[0] == depends and not self._file_changed(item.path, seen):
            result = old[1]
        else:
            key = digest(self.inputs, "rules", seen.kind, str(self.rules), item.path, seen.sha, *depends)
            result = self.store.get_or_make("rules", key, compute)
            self.rechecked = True
        self.new.results[item.path] = (depends, result)
        return result

    def _file_changed(self, path: str, seen: Seen) -> bool:
        old = self.old.seen.get(path)
        return old is None or old.sha != seen.sha

    def save(self) -> None:
        """Write the snapshot when this run saw anything the last one did not."""
        if self.store is None or not (self.rehashed or self.rechecked
                                      or set(self.new.results) != set(self.old.results)):
            return
        self.store.put("snapshot", self.snapshot_key, self.new)
