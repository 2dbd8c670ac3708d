"""The previous build's site kept in place: a file whose bytes would not change is not written again.

A 10,000-item site is 33,568 files in 21,400 folders; writing all of them again was most of an incremental
build. So a build updates the site/ it finds instead of starting from an empty one:

- MkDocs empties site/ before every build (`clean_directory`). `hide` (on_pre_build) renames site/ to a
  sibling `.<name>.gongkai-old-<pid>` for that moment and `restore` (on_files, after the clean) renames it back.
- The writers of most files (the stored pages, the item posters, the search index's documents and shards) write
  through a `Part`: it records, per file, a token naming the bytes (a page's cache key, or a digest of the bytes)
  with the size and mtime the file got and the digest of its bytes. When the previous build's record says the
  file was written with the same token and the file still has that size and mtime, it is left as it is; with
  another mtime (a site/ a CI cache restored) it is read, and left when its bytes have the recorded digest;
  otherwise it is written. The records are cache entries (one per part), so a build without a cache writes
  every file.
- Every other writer writes as before, so its files get this build's mtime.
- `sweep` (the end of on_post_build) removes every file this build neither wrote (mtime at or after the stamp
  taken in `hide`) nor kept (in a part's record), then the folders left empty: the site equals what a clean build
  writes. As MkDocs' clean does, it leaves hidden entries at the top of site/ (`.git` of a gh-pages checkout).

A build killed at any moment leaves either site/ (partly updated) or the hidden folder, which the next build
takes back as its site/ or removes. Nothing it wrote is trusted: a file written or touched since the records were
made no longer has the recorded mtime, so the next build writes it again, and the sweep removes what the next
build does not make.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .cache import Store, digest

MARK = ".gongkai-old-"
_REMOVE = "import shutil, sys\nfor folder in sys.argv[1:]:\n    shutil.rmtree(folder, ignore_errors=True)\n"
# The token, the size and mtime (ns) the file had after it was written, and the digest of its bytes.
Record = tuple[str, int, int, str]
#: The parts, each written by one writer (mkdocs_hooks' stored pages, search_output, the posters' writer).
PARTS = ("pages", "search", "posters")
RECORD_FORMAT = "2"  # a record of another format is another key: never read


def aside_name(site_dir: pathlib.Path) -> pathlib.Path:
    return site_dir.with_name(f".{site_dir.name}{MARK}{os.getpid()}")


def left_behind(site_dir: pathlib.Path) -> list[pathlib.Path]:
    """Sites hidden by earlier builds that were killed before they could bring them back."""
    if not site_dir.parent.is_dir():
        return []
    prefix = f".{site_dir.name}{MARK}"
    return sorted(p for p in site_dir.parent.iterdir() if p.name.startswith(prefix) and not p.is_symlink())


def remove_detached(folders: list[pathlib.Path]) -> None:
    """Remove the folders in a process of its own that outlives this one (a 10,000-item site is 33,000 files:
    seconds on a busy disk that nobody should wait for)."""
    if folders and os.name == "posix":
        subprocess.Popen([sys.executable, "-c", _REMOVE, *map(str, folders)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stamp(folder: pathlib.Path) -> int:
    """The file system's clock now: the mtime of a file made and removed in ``folder``."""
    handle, name = tempfile.mkstemp(prefix=".gongkai-stamp-", dir=folder)
    try:
        return os.fstat(handle).st_mtime_ns
    finally:
        os.close(handle)
        os.unlink(name)


@dataclass
class Hidden:
    """A site/ hidden from MkDocs' clean (`hide`), brought back by `restore`."""

    site_dir: pathlib.Path
    aside: pathlib.Path | None  # None: there was no site to keep (or it cannot be renamed: MkDocs cleans it)
    since_ns: int  # files with an mtime before this were not written by this build

    def restore(self) -> None:
        if self.aside is not None and not self.site_dir.exists():
            self.aside.rename(self.site_dir)
        remove_detached(left_behind(self.site_dir))


def hide(site_dir: pathlib.Path) -> Hidden:
    """Before MkDocs' clean: rename a plain site/ folder aside (a symbolic link, a folder that cannot be renamed or
    a platform without a detached remover is left to MkDocs, which empties it). A site a killed build left
    hidden is taken back when there is no site/."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    since_ns = _stamp(site_dir.parent)
    if os.name != "posix" or site_dir.is_symlink():
        return Hidden(site_dir, None, since_ns)
    if not site_dir.exists():
        earlier = left_behind(site_dir)
        return Hidden(site_dir, earlier[-1] if earlier else None, since_ns)
    aside = aside_name(site_dir)
    try:
        site_dir.rename(aside)
    except OSError:
        return Hidden(site_dir, None, since_ns)
    return Hidden(site_dir, aside, since_ns)


def token_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Part:
    """The files one writer makes, kept when unchanged (see the module's docstring). Thread-safe for `write`
    (each call touches its own file and one dict item)."""

    site_dir: pathlib.Path
    store: Store | None
    name: str
    before: dict[str, Record] = field(default_factory=dict)
    now: dict[str, Record] = field(default_factory=dict)

    @classmethod
    def open(cls, site_dir: pathlib.Path, store: Store | None, name: str) -> Part:
        record = store.get("site-files", _record_key(name)) if store is not None else None
        return cls(site_dir, store, name, _files_of(record))

    def unchanged(self, rel: str, token: str) -> bool:
        """Whether the file at ``rel`` already holds the bytes ``token`` names (and is recorded as kept): it has
        the recorded size and mtime, or (a site restored by a CI cache or copied without its times) the
        recorded size and bytes of the recorded digest."""
        record = self.before.get(rel)
        if not isinstance(record, tuple) or len(record) != 4 or record[0] != token:
            return False
        path = os.path.join(self.site_dir, rel)
        try:
            stat = os.stat(path)
            if stat.st_size != record[1]:
                return False
            if stat.st_mtime_ns != record[2]:
                with open(path, "rb") as file:
                    if token_of(file.read()) != record[3]:
                        return False
        except OSError:
            return False
        self.now[rel] = (token, stat.st_size, stat.st_mtime_ns, record[3])
        return True

    def write(self, rel: str, data: bytes | str, token: str | None = None) -> None:
        """Write ``data`` to site/``rel`` unless the file already holds it (``token``: what names the bytes,
        by default their digest)."""
        content = data.encode("utf-8") if isinstance(data, str) else data
        self.write_lazily(rel, token or token_of(content), lambda: content)

    def write_lazily(self, rel: str, token: str, make: Callable[[], bytes | str]) -> None:
        """Like `write`, the bytes made only when the file must be written."""
        if self.unchanged(rel, token):
            return
        path = os.path.join(self.site_dir, rel)
        data = make()
        content = data.encode("utf-8") if isinstance(data, str) else data
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(content)
        stat = os.stat(path)
        self.now[rel] = (token, stat.st_size, stat.st_mtime_ns, token_of(content))

    def record(self, rel: str, token: str, content_digest: str) -> None:
        """A file another writer made in this build (MkDocs writing a page it rendered: ``content_digest`` is
        `token_of` the bytes it was given), as it is now: kept by the next build when ``token`` names its bytes
        again."""
        try:
            stat = os.stat(os.path.join(self.site_dir, rel))
        except OSError:
            return
        self.now[rel] = (token, stat.st_size, stat.st_mtime_ns, content_digest)

    def save(self) -> None:
        """Record what this build wrote and kept, for the next build and for this build's `sweep` (with the
        time: a record an earlier build saved protects nothing from this build's sweep)."""
        if self.store is not None:
            self.store.put("site-files", _record_key(self.name), (time.time_ns(), self.now))


def _record_key(name: str) -> str:
    """Not keyed by the site's path: a site/ copied (`cp -a`, a CI cache) is still kept. A record only ever
    vouches for a file with the recorded size and mtime or bytes, so another site built from the same cache is
    written where it differs, never trusted."""
    return digest("site-files", RECORD_FORMAT, name)


def _files_of(record: object) -> dict[str, Record]:
    if isinstance(record, tuple) and len(record) == 2 and isinstance(record[1], dict):
        return record[1]
    return {}


def kept_files(store: Store | None, since_ns: int) -> set[str]:
    """The files the parts wrote or kept in this build (records saved since ``since_ns``, by any process)."""
    kept: set[str] = set()
    for name in PARTS:
        record = store.get("site-files", _record_key(name)) if store is not None else None
        if isinstance(record, tuple) and len(record) == 2 and isinstance(record[0], int) and record[0] >= since_ns:
            kept.update(_files_of(record))
    return kept


def sweep(site_dir: pathlib.Path, since_ns: int, kept: set[str], leaving: tuple[str, ...] = ()) -> int:
    """Remove the files this build did not make (not in ``kept``, mtime before ``since_ns``) and the folders
    left empty; hidden entries at the top are left, as MkDocs' clean leaves them, and so are the files and
    folders ``leaving`` names (paths in site/: a writer still at work, which removes its own). The number
    removed."""
    removed = 0

    def visit(folder: str, rel: str) -> bool:
        """Sweep one folder; whether it is empty afterwards."""
        nonlocal removed
        empty = True
        with os.scandir(folder) as entries:
            for entry in entries:
                name = f"{rel}{entry.name}"
                if (not rel and entry.name.startswith(".")) or name in leaving:
                    empty = False
                elif entry.is_dir(follow_symlinks=False):
                    if visit(entry.path, f"{name}/"):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                elif name in kept or entry.stat(follow_symlinks=False).st_mtime_ns >= since_ns:
                    empty = False
                else:
                    os.unlink(entry.path)
                    removed += 1
        return empty

    if site_dir.is_dir():
        visit(str(site_dir), "")
    return removed
