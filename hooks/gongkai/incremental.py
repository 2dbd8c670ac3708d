"""What the validator reuses from the cache (cache.py): each file's checked form, each item's rule results.

`Memo.read` answers for one file (an item or a register file): what read_all made of it (the Bulletin or
Case, with the raw rules' and the conversion's diagnostics), keyed by the file's path and bytes and the
shared inputs. `Memo.item_rules` answers for one Bulletin: the ITEM_RULES' diagnostics, keyed by its file,
its 索引号 (generated ones depend on the other items of the unit) and the register (依申请公开 / 意见反馈,
which the annual report's part 三 is compared with). The SITE_RULES, the compliance records and the
generated 索引号 always run again, over the cached items: nothing site-wide is ever read from the cache.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from .cache import Store, digest, inputs_key
from .diagnostics import Diagnostic
from .model import Bulletin

T = TypeVar("T")
Checked = tuple[T | None, list[Diagnostic]]


class Memo:
    """The validator's view of the cache for one run; `Memo(None, …)` computes everything."""

    def __init__(self, store: Store | None, root: pathlib.Path, as_of: str, attachments: Iterable[pathlib.Path],
                 rules: bool) -> None:
        self.store = store
        self.inputs = inputs_key(root, as_of, attachments) if store is not None else ""
        self.root = root
        self.rules = rules
        self.file_keys: dict[str, str] = {}  # project-relative path → its key in this run
        self.register_key = ""

    def read(self, file: pathlib.Path, kind: str, compute: Callable[[], Checked[T]]) -> Checked[T]:
        """What `compute` makes of the file, from the cache when the file and the shared inputs are unchanged."""
        if self.store is None:
            return compute()
        path = file.relative_to(self.root).as_posix()
        try:
            data = file.read_bytes()
        except OSError:
            return compute()  # the reader reports it
        key = digest(self.inputs, "read", kind, str(self.rules), path, data)
        self.file_keys[path] = key
        return self.store.get_or_make("read", key, compute)

    def seal_register(self, paths: Iterable[str]) -> None:
        """The register files read this run: their keys are part of every item's rules key."""
        self.register_key = digest(*(f"{p}:{self.file_keys.get(p, '')}" for p in sorted(paths)))

    def item_rules(self, item: Bulletin, compute: Callable[[], list[Diagnostic]]) -> list[Diagnostic]:
        file_key = self.file_keys.get(item.path)
        if self.store is None or file_key is None:
            return compute()
        key = digest(self.inputs, "rules", file_key, item.index_no or "", self.register_key)
        return self.store.get_or_make("rules", key, compute)
