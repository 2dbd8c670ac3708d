"""Write the search index: ``index.json``, postings shards ``p/*.bin`` and item files ``d/*/*.json``.

Layout of ``out_dir`` (``<site>/search/``):

``index.json``
    Fetched once: the number of items and of shards, the unit tree, the categories, one short
    fixed-width record per item (unit, category, type and status, year, title length) used to
    filter and rank without fetching anything else, and the traditional → simplified map for the
    query (:func:`normalise.browser_map`).
``p/<shard>.bin``
    Postings (:mod:`postings`) grouped by the hash of the n-gram; a query fetches the shards of
    its n-grams only.
``d/<item // 256>/<item>.json`` (and ``<item>-<k>.json`` for long texts)
    Title, URL, date, period and text of one item, fetched only for the results in view
    (title link and snippet).

Items are numbered newest first, so the item number is also the tie-breaking rank.
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import pathlib
import shutil
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from .doc import SearchDoc
from .normalise import browser_map, char_table, normalise
from .postings import Posting, add_document, encode_shard, merge, shard_of
from .segment import Tokenize, WordCache, Words, dictionary_terms, engine_name, make_tokenizer, word_starts

FORMAT_VERSION = 1
TYPES = ("standing", "periodic", "immediate")
STATUSES = ("active", "withdrawn", "superseded")
#: Fixed-width item records use this alphabet (URL-safe base64 digits: no JSON escaping needed).
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#: Aim for shards of about this many bytes; a shard holding a very common n-gram is larger.
SHARD_TARGET_BYTES = 12_000
#: Below this many characters the index is built in one process (forking costs more than it saves).
PARALLEL_MIN_CHARS = 1_500_000
ITEMS_PER_DIR = 256
#: Characters of an item's text per file (snippets of long items fetch only the part they show).
TEXT_CHUNK = 2048


def indexed_text(doc: SearchDoc) -> str:
    """The text that search matches: the title, a line break, then the body.

    A body that starts with its own title (the Markdown ``# title``) is not repeated.
    """
    body = doc.text.lstrip()
    if body.startswith(doc.title):
        body = body[len(doc.title):].lstrip()
    return f"{doc.title}\n{body}"


def year_of(doc: SearchDoc) -> int:
    """The year an item is filed under: its period's year, else the year it was published."""
    return int(str(doc.period or doc.date)[:4])


# --- building postings, possibly in several processes --------------------------------------------

_JOB: tuple[list[str], list[int], Tokenize, list[Words | None]] | None = None  # set before forking workers
Part = tuple[dict[str, tuple[int, int, int, int, bytes]], dict[int, Words]]


def _postings_for(lo: int, hi: int) -> Part:
    """Postings of items ``lo..hi-1`` (runs in the parent or in a forked worker), and the word starts it
    had to compute (those not known beforehand)."""
    assert _JOB is not None
    texts, title_lens, tokenize, known = _JOB
    postings: dict[str, Posting] = {}
    learned: dict[int, Words] = {}
    for doc in range(lo, hi):
        words = known[doc]
        if words is None:
            words = learned[doc] = word_starts(tokenize, texts[doc])
        add_document(postings, doc, texts[doc], words[0], words[1], title_lens[doc])
    # plain tuples pickle several times faster than dataclasses
    return {g: (p.first_doc, p.first_flags, p.last_doc, p.count, bytes(p.rest)) for g, p in postings.items()}, learned


def _split(texts: list[str], parts: int) -> list[tuple[int, int]]:
    """Cut the items into ``parts`` consecutive ranges of about the same number of characters."""
    total = sum(len(t) for t in texts)
    ranges, lo, acc = [], 0, 0
    for i, text in enumerate(texts):
        acc += len(text)
        if acc >= total * (len(ranges) + 1) / parts and len(ranges) < parts - 1:
            ranges.append((lo, i + 1))
            lo = i + 1
    ranges.append((lo, len(texts)))
    return [r for r in ranges if r[0] < r[1]]


def build_postings(texts: list[str], title_lens: list[int], tokenize: Tokenize,
                   workers: int | None = None, known: list[Words | None] | None = None,
                   learned: dict[int, Words] | None = None) -> dict[str, bytes]:
    """n-gram → postings bytes for the normalised ``texts`` (item number = position in the list).

    ``known``: the word starts of some texts, found in a cache (None: segment it); ``learned`` receives
    the ones segmented here."""
    global _JOB
    if workers is None:
        workers = 1 if sum(len(t) for t in texts) < PARALLEL_MIN_CHARS else min(os.cpu_count() or 1, 4)
    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1  # workers inherit the texts and the tokenizer by forking
    _JOB = (texts, title_lens, tokenize, known or [None] * len(texts))
    try:
        ranges = _split(texts, workers)
        if len(ranges) <= 1:
            parts = [_postings_for(0, len(texts))]
        else:
            # The parent builds the first range while forked workers build the others.
            with ProcessPoolExecutor(len(ranges) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
                futures = [pool.submit(_postings_for, lo, hi) for lo, hi in ranges[1:]]
                parts = [_postings_for(*ranges[0])] + [f.result() for f in futures]
    finally:
        _JOB = None
    for _, words in parts if learned is not None else ():
        learned.update(words)
    return merge([{g: Posting(a, b, c, d, bytearray(e)) for g, (a, b, c, d, e) in part.items()}
                  for part, _ in parts])


# --- the item table ----------------------------------------------------------------------------

def _unit_table(docs: list[SearchDoc], unit_names: Mapping[str, str]) -> list[tuple[str, str, int]]:
    """Every unit on the path of some item, parents before children: (id, name, parent index)."""
    names = dict(unit_names)
    for doc in docs:
        names.setdefault(doc.unit, doc.unit_name)
    paths: dict[str, tuple[str, ...]] = {}
    for doc in docs:
        path = doc.units_path or (doc.unit,)
        for depth in range(1, len(path) + 1):
            paths.setdefault(path[depth - 1], path[:depth])
    order = sorted(paths, key=lambda u: tuple(names.get(x, x) for x in paths[u]))
    index = {u: i for i, u in enumerate(order)}
    return [(u, names.get(u, u), index[paths[u][-2]] if len(paths[u]) > 1 else -1) for u in order]


def _width(largest: int) -> int:
    return max(1, math.ceil(math.log(largest + 1, len(ALPHABET))))


def _digits(value: int, width: int) -> str:
    out = []
    for _ in range(width):
        value, digit = divmod(value, len(ALPHABET))
        out.append(ALPHABET[digit])
    return "".join(reversed(out))


def item_records(fields: list[list[int]]) -> dict[str, object]:
    """Pack one row of small integers per item into a fixed-width string (see ``index.json``)."""
    widths = [_width(max(column, default=0)) for column in zip(*fields, strict=True)] if fields else []
    data = "".join("".join(_digits(v, w) for v, w in zip(row, widths, strict=True)) for row in fields)
    return {"widths": widths, "data": data}


def write_items(folder: pathlib.Path, items: list[SearchDoc], originals: list[str]) -> list[int]:
    """Write the files of every item; return their sizes.

    ``d/<item // 256>/<item>.json`` holds the URL, title, date, period and the first
    ``TEXT_CHUNK`` characters of the text (title, line break, body); a longer text continues in
    ``d/<item // 256>/<item>-<k>.json`` (a JSON string each), so a snippet deep inside an annual
    report fetches one more small file, not the whole report.
    """
    for start in range(0, len(items), ITEMS_PER_DIR):
        (folder / str(start // ITEMS_PER_DIR)).mkdir(parents=True)

    def dump(value: object) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def write(number: int) -> list[int]:
        doc, text = items[number], originals[number]
        chunks = [text[i:i + TEXT_CHUNK] for i in range(0, len(text), TEXT_CHUNK)] or [""]
        record = {"u": doc.url, "t": doc.title, "d": str(doc.date), "p": doc.period, "n": len(text),
                  "x": chunks[0]}
        if len(chunks) > 1:
            record["chunks"] = len(chunks)
        base = folder / str(number // ITEMS_PER_DIR)
        blobs = [(base / f"{number}.json", dump(record))]
        blobs += [(base / f"{number}-{k}.json", dump(chunk)) for k, chunk in enumerate(chunks) if k]
        for path, blob in blobs:
            path.write_bytes(blob)
        return [len(blob) for _path, blob in blobs]

    # Creating thousands of small files waits on the file system more than on Python: threads help.
    with ThreadPoolExecutor(8) as pool:
        return [size for sizes in pool.map(write, range(len(items)), chunksize=64) for size in sizes]


def write_shards(folder: pathlib.Path, grams: dict[str, bytes]) -> tuple[int, list[int]]:
    """Group the postings into shards by the hash of the n-gram; return (shard count, file sizes).

    The count is a power of two chosen from the total size, so a shard holds about
    ``SHARD_TARGET_BYTES`` whatever the size of the site. Empty shards are written too (a missing
    file would show as an error in the browser's console).
    """
    total = sum(len(v) for v in grams.values())
    shards = 1 << max(4, math.ceil(math.log2(max(1, total / SHARD_TARGET_BYTES))))
    buckets: list[list[tuple[str, bytes]]] = [[] for _ in range(shards)]
    for gram in sorted(grams):
        buckets[shard_of(gram, shards)].append((gram, grams[gram]))
    folder.mkdir(parents=True)
    sizes = []
    for number, bucket in enumerate(buckets):
        blob = encode_shard(bucket)
        (folder / f"{number:x}.bin").write_bytes(blob)
        sizes.append(len(blob))
    return shards, sizes


def build_id(grams: dict[str, bytes], items: list[SearchDoc]) -> str:
    """A short hash of the index's contents.

    The browser asks for ``index.json`` without trusting its cache and adds ``?v=<build id>`` to
    every other file, so after a rebuild it never mixes a cached shard with a new index.
    """
    digest = hashlib.sha1(str(FORMAT_VERSION).encode(), usedforsecurity=False)
    for gram in sorted(grams):
        digest.update(gram.encode("utf-8"))
        digest.update(grams[gram])
    meta = [(d.url, d.title, str(d.date), d.period, d.unit, d.category, d.type, d.status) for d in items]
    digest.update(json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:12]


def manifest(items: list[SearchDoc], texts: list[str], shards: int, build: str, unit_names: Mapping[str, str],
             site_root: str) -> dict[str, object]:
    """The contents of ``index.json``."""
    units = _unit_table(items, unit_names)
    unit_index = {u: i for i, (u, _n, _p) in enumerate(units)}
    category_names = {d.category: d.category_name for d in items}
    categories = sorted(category_names.items())
    category_index = {c: i for i, (c, _n) in enumerate(categories)}
    years = [year_of(d) for d in items]
    first_year = min(years, default=0)
    records = item_records([
        [unit_index[d.unit], category_index[d.category],
         TYPES.index(d.type) * len(STATUSES) + STATUSES.index(d.status), year - first_year, len(d.title)]
        for d, year in zip(items, years, strict=True)])
    return {
        "version": FORMAT_VERSION,
        "build": build,
        "items": len(items),
        "shards": shards,
        "root": site_root,
        "units": [[u, name, parent] for u, name, parent in units],
        "categories": [[c, name] for c, name in categories],
        "types": list(TYPES),
        "statuses": list(STATUSES),
        "first_year": first_year,
        "text_chunk": TEXT_CHUNK,
        "records": {"fields": ["unit", "category", "kind", "year", "title"], **records},
        "charmap": browser_map({c for t in texts for c in set(t)}),
    }


# --- entry point -------------------------------------------------------------------------------

def build_search_index(docs: Iterable[SearchDoc], out_dir: pathlib.Path, *, user_terms: Iterable[str] = (),
                       unit_names: Mapping[str, str] | None = None, site_root: str = "../",
                       workers: int | None = None, word_cache: WordCache | None = None) -> dict:
    """Write the whole index under ``out_dir`` (``<site_dir>/search/``); return stats.

    ``user_terms`` (unit and category names, catalogue section names, 四议两公开 …) are added to
    jieba's dictionary so they stay whole words. ``unit_names`` names units that have no item of
    their own (a township whose villages publish); ``site_root`` is the site root relative to
    ``out_dir``; ``workers`` overrides the number of processes; ``word_cache`` keeps each text's
    word starts between builds (jieba is loaded only when some text is not in it).
    """
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    items = sorted(sorted(docs, key=lambda d: d.url), key=lambda d: d.date, reverse=True)  # newest first
    originals = [indexed_text(d) for d in items]
    char_table()  # built once, before any fork
    texts = [normalise(t) for t in originals]
    terms = dictionary_terms(normalise(t) for t in user_terms)
    engine = engine_name()
    segmenter = "\n".join([engine, *terms])
    known = [word_cache.get(segmenter, t) if word_cache else None for t in texts]
    tokenize: Tokenize = make_tokenizer(terms)[1] if None in known else _unused
    learned: dict[int, Words] = {}
    grams = build_postings(texts, [len(d.title) for d in items], tokenize, workers, known, learned)
    for doc, words in sorted(learned.items()):
        if word_cache:
            word_cache.put(segmenter, texts[doc], words)
    indexed = time.perf_counter()

    # out_dir also holds the search page itself (search/index.html): replace only the index's own files.
    for old in (out_dir / "p", out_dir / "d"):
        shutil.rmtree(old, ignore_errors=True)
    shards, sizes = write_shards(out_dir / "p", grams)
    sizes += write_items(out_dir / "d", items, originals)
    contents = manifest(items, texts, shards, build_id(grams, items), unit_names or {}, site_root)
    blob = json.dumps(contents, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    (out_dir / "index.json").write_bytes(blob)
    sizes.append(len(blob))
    finished = time.perf_counter()
    return {"items": len(items), "files": len(sizes), "bytes": sum(sizes), "shards": shards,
            "grams": len(grams), "characters": sum(map(len, texts)), "segmenter": engine,
            "seconds": round(finished - started, 3), "seconds_indexing": round(indexed - started, 3),
            "seconds_writing": round(finished - indexed, 3),
            "cpu_seconds": round(_cpu_seconds() - cpu_started, 3)}


def _unused(text: str) -> list[tuple[str, int, int]]:
    raise AssertionError("every text's word starts were known")


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the forked workers)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Unix
        return time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime
