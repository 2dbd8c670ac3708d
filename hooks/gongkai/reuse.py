"""Writers' outputs reused from the build's cache (cache.py): a value made from the shared inputs and a few
parts, stored under the digest of both.

`site.inputs_key` covers what every output depends on (theme/, hooks/, mkdocs.yml, units.yml, the catalogue,
calendar.yml, the attachments, the versions, the as-of date); ``parts`` name what else the value is made
from (an item's JSON, the settings …). Without a cache (or without the shared key: a join) the value is made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from .cache import digest
from .site import Site

T = TypeVar("T")
X = TypeVar("X")
#: Threads that read cache entries and write files at the same time (they wait on the file system, not Python).
IO_THREADS = 8
CHUNK = 64  # things per task (a future per file costs more than the file)


def reused(site: Site, kind: str, make: Callable[[], T], *parts: str | bytes) -> T:
    """``make()``, or what it gave a previous build for the same shared inputs and ``parts``."""
    if site.cache is None or not site.inputs_key:
        return make()
    return site.cache.get_or_make(kind, digest(site.inputs_key, kind, *parts), make)


def in_threads(read: Callable[[X], T], things: Sequence[X]) -> list[T]:
    """``[read(thing) for thing in things]`` by IO_THREADS threads (thousands of small cache entries: the threads
    wait on the file system together), in order."""
    def read_chunk(chunk: Sequence[X]) -> list[T]:
        return [read(thing) for thing in chunk]

    chunks = [things[start:start + CHUNK] for start in range(0, len(things), CHUNK)]
    with ThreadPoolExecutor(IO_THREADS) as pool:
        return [value for values in pool.map(read_chunk, chunks) for value in values]


def reuse_each(site: Site, kind: str, things: Sequence[X], parts_of: Callable[[X], Sequence[str]],
               make: Callable[[X], T], use: Callable[[X, T], None]) -> None:
    """``use(thing, reused(site, kind, lambda: make(thing), *parts_of(thing)))`` for every thing, faster: the
    entries are read and used by IO_THREADS threads (thousands of small files), the missing ones made and used
    afterwards in this thread, in order (a Markdown renderer is not thread-safe)."""
    store = site.cache
    if store is None or not site.inputs_key:
        for thing in things:
            use(thing, make(thing))
        return

    def key(thing: X) -> str:
        return digest(site.inputs_key, kind, *parts_of(thing))

    def missing_of(chunk: Sequence[X]) -> list[X]:
        missing = []
        for thing in chunk:
            value = store.get(kind, key(thing))
            if value is None:
                missing.append(thing)
            else:
                use(thing, value)
        return missing

    chunks = [things[start:start + CHUNK] for start in range(0, len(things), CHUNK)]
    with ThreadPoolExecutor(IO_THREADS) as pool:
        missing = [thing for found in pool.map(missing_of, chunks) for thing in found]
    for thing in missing:
        value = make(thing)
        store.put(kind, key(thing), value)
        use(thing, value)


def settings_json(site: Site) -> str:
    """The settings as this build read them (mkdocs.yml, and what `mkdocs serve` changes in it)."""
    return site.context.settings.model_dump_json()
