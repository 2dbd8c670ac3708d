"""The content-addressed cache of what each bulletin produced (`.cache/gongkai/` by default).

An entry is found by a key: the SHA-256 of everything that can change what it holds (the file's bytes and
`inputs_key`: theme/, hooks/, mkdocs.yml, units.yml, the catalogue, calendar.yml, the attachments, the
versions of gongkai and of the libraries that render pages, the as-of date). A stale entry is never read:
its key no longer matches. A damaged entry is never trusted either: each file is written atomically
(a temporary file, then `os.replace`) and starts with a header — the format, the key it answers and the
SHA-256 of the payload — which is checked before the payload is unpickled; anything that does not match
(a build killed half-way, a truncated or corrupted file, an entry of another gongkai version or another
as-of date) reads as a miss, is removed, and is rebuilt.

GONGKAI_CACHE_DIR moves the cache (a relative path is taken from the project root); GONGKAI_NO_CACHE=1
(or `gongkai check --no-cache`) turns it off.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pathlib
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from . import __version__

T = TypeVar("T")
FORMAT = b"gongkai-cache 1\n"
DIR_ENV = "GONGKAI_CACHE_DIR"
OFF_ENV = "GONGKAI_NO_CACHE"
DEFAULT_DIR = ".cache/gongkai"
TEMPORARY = ".tmp-"  # an entry being written (left behind by a killed build: never read)
# Libraries whose output ends up in the site: a new version of any of them rebuilds everything.
RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "nh3", "jieba",
                      "pydantic", "markdown-it-py", "segno", "feedgen", "chinesecalendar", "opencc")
# Shared inputs besides the gongkai package: a change to any of them rebuilds everything.
SHARED_FILES = ("mkdocs.yml", "bulletins/units.yml", "bulletins/catalogue.yml", "bulletins/calendar.yml")
SHARED_TREES = ("theme", "hooks")


def digest(*parts: bytes | str) -> str:
    """SHA-256 of the parts, each length-prefixed (no two part lists give the same bytes)."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


def _files_under(folder: pathlib.Path) -> list[pathlib.Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix not in {".pyc", ".pyo"})


def files_digest(root: pathlib.Path, files: Iterable[pathlib.Path]) -> str:
    """The files' paths (relative to root) and bytes."""
    parts: list[bytes | str] = []
    for file in files:
        parts += [file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file),
                  hashlib.sha256(file.read_bytes()).digest()]
    return digest(*parts)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def installed() -> dict[str, str]:
    """Each installed distribution's metadata folder (`mkdocs-1.6.1.dist-info`: its name holds the version),
    by normalised name, the first on sys.path winning as for an import; a directory listing, not
    importlib.metadata, which took 0.05 s of every `gongkai check`."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as names:
                folders = sorted(n.name for n in names if n.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
        for folder in folders:
            found.setdefault(_normal(folder.split("-", 1)[0]), folder)
    return found


def versions_key() -> str:
    """The versions of gongkai and of the libraries whose output ends up in the site."""
    folders = installed()
    return digest(FORMAT, __version__, *(f"{p}={folders.get(_normal(p), '-')}" for p in RENDERING_PACKAGES))


def inputs_key(root: pathlib.Path, as_of: str, attachments: Iterable[pathlib.Path] = ()) -> str:
    """The key every entry shares: what, when it changes, changes every item's output."""
    package = pathlib.Path(__file__).resolve().parent
    shared = [root / name for name in SHARED_FILES if (root / name).is_file()]
    trees = [f for name in SHARED_TREES for f in _files_under(root / name)]
    return digest(versions_key(), as_of, files_digest(package, _files_under(package)),
                  files_digest(root, shared + trees), files_digest(root, sorted(attachments)))


def location(root: pathlib.Path) -> pathlib.Path | None:
    """Where the cache lives, or None when GONGKAI_NO_CACHE turns it off."""
    if os.environ.get(OFF_ENV, "").strip() not in ("", "0"):
        return None
    folder = pathlib.Path(os.environ.get(DIR_ENV, "").strip() or DEFAULT_DIR)
    return folder if folder.is_absolute() else root / folder


@dataclass
class Store:
    """Entries of several kinds ("item", "rules", "page", "search" …) under one folder."""

    folder: pathlib.Path
    hits: int = 0
    misses: int = 0
    kinds_read: set[str] = field(default_factory=set)  # the kinds of the entries found

    def _path(self, kind: str, key: str) -> pathlib.Path:
        return self.folder / kind / key[:2] / key[2:]

    def get(self, kind: str, key: str) -> Any | None:
        """The entry, or None when absent, damaged or not the one the key asks for (then it is removed)."""
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        value = _decode(data, key)
        if value is None:
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        self.kinds_read.add(kind)
        return value[0]

    def get_or_make(self, kind: str, key: str, make: Callable[[], T]) -> T:
        """The entry, or what `make` gives (then stored); `make` never gives None."""
        found = self.get(kind, key)
        if found is None:
            found = make()
            self.put(kind, key, found)
        return found

    def put(self, kind: str, key: str, value: Any) -> None:
        """Write the entry atomically; a cache that cannot be written is only slower, never an error."""
        path = self._path(kind, key)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        header = FORMAT + key.encode("ascii") + b"\n" + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n"
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY)
            with os.fdopen(handle, "wb") as out:
                out.write(header + payload)
            os.replace(temporary, path)
        except OSError:
            if temporary:
                pathlib.Path(temporary).unlink(missing_ok=True)

    def remove(self, kind: str, key: str) -> None:
        """Remove the entry, when it is there (an entry no run will ask for again)."""
        try:
            self._path(kind, key).unlink(missing_ok=True)
        except OSError:
            pass


def _decode(data: bytes, key: str) -> tuple[Any] | None:
    """(value,) when the header names this key and the payload's checksum matches; else None."""
    head = FORMAT + key.encode("ascii") + b"\n"
    if not data.startswith(head):
        return None
    checksum, newline, payload = data[len(head):].partition(b"\n")
    if not newline or hashlib.sha256(payload).hexdigest().encode("ascii") != checksum:
        return None
    try:
        return (loads(payload),)
    except Exception:  # a checksummed payload this code cannot read (another Python): a miss
        return None


def loads(payload: bytes) -> Any:
    """pickle.loads without the garbage collector, which otherwise runs over and over while the many small
    objects of an entry are made (a snapshot of 10,000 items loads 3× faster)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)
    finally:
        if enabled:
            gc.enable()


def open_store(root: pathlib.Path) -> Store | None:
    folder = location(root)
    return Store(folder) if folder is not None else None
