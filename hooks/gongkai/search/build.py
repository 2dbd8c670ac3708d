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
import itertools
import json
import math
import multiprocessing
import os
import pathlib
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from .doc import SearchDoc
from .normalise import browser_map, char_table, normalise
from .postings import Part, Posting, add_document, as_part, encode_shard, finish, join, merge, shard_of
from .segment import Tokenize, WordCache, Words, engine_name, index_terms, make_tokenizer, word_starts

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
FileWriter = Callable[[pathlib.Path, bytes], None]  # writes one file of the index (build_search_index)


def indexed_text(doc: SearchDoc, text: str | None = None) -> str:
    """The text that search matches: the title, a line break, then the body (``text``, else the doc's).

    A body that starts with its own title (the Markdown ``# title``) is not repeated.
    """
    body = (doc.text if text is None else text).lstrip()
    if body.startswith(doc.title):
        body = body[len(doc.title):].lstrip()
    return f"{doc.title}\n{body}"


def year_of(doc: SearchDoc) -> int:
    """The year an item is filed under: its period's year, else the year it was published."""
    return int(str(doc.period or doc.date)[:4])


# --- building postings, possibly in several processes --------------------------------------------

_JOB: tuple[list[str], list[int], Tokenize, list[Words | None]] | None = None  # set before forking workers
Range = tuple[int, int]


def _postings_for(ranges: list[Range]) -> tuple[list[Part], dict[int, Words]]:
    """The postings of each range ``lo..hi-1`` of the job's items, numbered from ``lo`` (runs in the parent or
    in a forked worker), and the word starts it had to compute (those not known beforehand)."""
    assert _JOB is not None
    texts, title_lens, tokenize, known = _JOB
    parts: list[Part] = []
    learned: dict[int, Words] = {}
    for lo, hi in ranges:
        postings: dict[str, Posting] = {}
        for doc in range(lo, hi):
            words = known[doc]
            if words is None:
                words = learned[doc] = word_starts(tokenize, texts[doc])
            add_document(postings, doc - lo, texts[doc], words[0], words[1], title_lens[doc])
        parts.append(as_part(postings))
    return parts, learned


def _split(sizes: list[int], parts: int) -> list[Range]:
    """Cut ``len(sizes)`` things into ``parts`` consecutive ranges of about the same total size."""
    total = sum(sizes)
    ranges, lo, acc = [], 0, 0
    for i, size in enumerate(sizes):
        acc += size
        if acc >= total * (len(ranges) + 1) / parts and len(ranges) < parts - 1:
            ranges.append((lo, i + 1))
            lo = i + 1
    ranges.append((lo, len(sizes)))
    return [r for r in ranges if r[0] < r[1]]


def _workers(texts: list[str], workers: int | None) -> int:
    if workers is None:
        workers = 1 if sum(len(t) for t in texts) < PARALLEL_MIN_CHARS else min(os.cpu_count() or 1, 4)
    if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon:
        return 1  # workers inherit by forking; a daemonic process (the preview's writers) may not have children
    return workers


def range_postings(texts: list[str], title_lens: list[int], tokenize: Tokenize, ranges: list[Range],
                   workers: int | None = None, known: list[Words | None] | None = None,
                   learned: dict[int, Words] | None = None) -> list[Part]:
    """The postings of each range of the normalised ``texts``, its items numbered from the range's start.

    ``known``: the word starts of some texts, found in a cache (None: segment it); ``learned`` receives
    the ones segmented here."""
    global _JOB
    _JOB = (texts, title_lens, tokenize, known or [None] * len(texts))
    try:
        groups = [ranges[lo:hi] for lo, hi in
                  _split([sum(len(t) for t in texts[a:b]) for a, b in ranges], _workers(texts, workers))]
        if len(groups) <= 1:
            results = [_postings_for(ranges)]
        else:
            # The parent builds the first group while forked workers build the others.
            with ProcessPoolExecutor(len(groups) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
                futures = [pool.submit(_postings_for, group) for group in groups[1:]]
                results = [_postings_for(groups[0])] + [f.result() for f in futures]
    finally:
        _JOB = None
    for _, words in results if learned is not None else ():
        learned.update(words)
    return [part for parts, _ in results for part in parts]


def build_postings(texts: list[str], title_lens: list[int], tokenize: Tokenize,
                   workers: int | None = None, known: list[Words | None] | None = None,
                   learned: dict[int, Words] | None = None) -> dict[str, bytes]:
    """n-gram → postings bytes for the normalised ``texts`` (item number = position in the list)."""
    ranges = _split([len(t) for t in texts], _workers(texts, workers))
    parts = range_postings(texts, title_lens, tokenize, ranges, workers, known, learned)
    return merge([(lo, part) for (lo, _hi), part in zip(ranges, parts, strict=True)])


# --- blocks: one month's items, kept between builds ---------------------------------------------

@dataclass
class Block:
    """What the index holds of one run of items (those published in one month): reused from the cache while
    their titles and texts are unchanged, wherever the run lands in the numbering."""

    originals: list[str]  # each item's indexed text (title, line break, body), as its d/ files show it
    chars: str  # the characters of the normalised texts (the query's 繁→简 map covers them)
    characters: int
    postings: Part  # item numbers relative to the block's first item


class BlockCache(Protocol):
    """Blocks kept between builds (gongkai's cache), by :func:`block_key`; and joins of consecutive blocks
    (:func:`joined_key`): the parts of the index an edit of one month leaves alone."""

    def get(self, key: str) -> Block | None: ...

    def put(self, key: str, block: Block) -> None: ...

    def get_part(self, key: str) -> Part | None: ...

    def put_part(self, key: str, part: Part) -> None: ...


def joined_key(keys: list[str]) -> str:
    """The key of the join of the blocks of ``keys`` (each key covers its items, hence their count too)."""
    return hashlib.sha256("\n".join(["joined", *keys]).encode("ascii")).hexdigest()


def joined_pieces(blocks: int, changed: int) -> list[Range]:
    """The runs of blocks `postings_of` joins: those before block ``changed``, it, and those after (non-empty)."""
    return [(lo, hi) for lo, hi in ((0, changed), (changed, changed + 1), (changed + 1, blocks)) if hi > lo]


def postings_of(blocks: list[Block], ranges: list[Range], keys: list[str], cache: BlockCache | None,
                changed: int = 0) -> Part:
    """All the blocks' postings joined, numbered from 0. The joins of the blocks before and after block
    ``changed`` (the one made again, else the newest) are kept in the cache: the next save of the same file, or a
    new item of the latest month, joins three parts instead of one per month."""
    parts = [(lo, block.postings) for (lo, _hi), block in zip(ranges, blocks, strict=True)]
    if cache is None or len(parts) < 3:
        return join(parts)
    pieces = []
    for lo, hi in joined_pieces(len(parts), changed):
        if hi - lo == 1:
            pieces.append(parts[lo])
        else:
            start, key = ranges[lo][0], joined_key(keys[lo:hi])
            part = cache.get_part(key)
            if part is None:
                part = join([(offset - start, postings) for offset, postings in parts[lo:hi]])
                cache.put_part(key, part)
            pieces.append((start, part))
    return join(pieces)


def month_blocks(items: list[SearchDoc]) -> list[Range]:
    """Consecutive items (newest first) published in the same month: an edit, or a new item, changes one."""
    ranges: list[Range] = []
    for number, doc in enumerate(items):
        if ranges and str(items[ranges[-1][0]].date)[:7] == str(doc.date)[:7]:
            ranges[-1] = (ranges[-1][0], number + 1)
        else:
            ranges.append((number, number + 1))
    return ranges


def block_key(segmenter: str, docs: list[SearchDoc]) -> str:
    """Everything a Block is made from: the format, the segmenter, each item's title and text (or its source)."""
    sha = hashlib.sha256(f"{FORMAT_VERSION}\n{segmenter}".encode())
    for doc in docs:
        for part in (doc.title, doc.source or doc.text):
            data = part.encode("utf-8")
            sha.update(len(data).to_bytes(8, "big"))
            sha.update(data)
    return sha.hexdigest()


def make_blocks(items: list[SearchDoc], ranges: list[Range], terms: list[str], segmenter: str,
                text_of: Callable[[SearchDoc], str], workers: int | None,
                word_cache: WordCache | None, tokenizer: Tokenize | None = None) -> list[Block]:
    """The blocks of ``ranges`` (none in a cache): texts extracted, segmented (jieba only for texts the word
    cache does not know; by ``tokenizer``, the tokenizer of ``terms``, when one was made already) and indexed."""
    docs = [doc for lo, hi in ranges for doc in items[lo:hi]]
    originals = [indexed_text(doc, text_of(doc)) for doc in docs]
    texts = [normalise(t) for t in originals]
    known = [word_cache.get(segmenter, t) if word_cache else None for t in texts]
    tokenize: Tokenize = _unused if None not in known else tokenizer or make_tokenizer(terms)[1]
    starts = list(itertools.accumulate([hi - lo for lo, hi in ranges], initial=0))
    local = list(itertools.pairwise(starts))
    learned: dict[int, Words] = {}
    parts = range_postings(texts, [len(d.title) for d in docs], tokenize, local, workers, known, learned)
    for doc, words in sorted(learned.items()):
        if word_cache:
            word_cache.put(segmenter, texts[doc], words)
    return [Block(originals[lo:hi], "".join(sorted(set().union(*map(set, texts[lo:hi])))),
                  sum(map(len, texts[lo:hi])), part) for (lo, hi), part in zip(local, parts, strict=True)]


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
    columns = list(zip(*fields, strict=True)) if fields else []
    widths = [_width(max(column, default=0)) for column in columns]
    # Each column's few distinct values written once (10,000 rows of 5 cells: 50,000 conversions otherwise).
    cells = [{v: _digits(v, w) for v in set(column)} for column, w in zip(columns, widths, strict=True)]
    data = "".join(cell[v] for row in fields for cell, v in zip(cells, row, strict=True))
    return {"widths": widths, "data": data}


def _write_new(path: pathlib.Path, blob: bytes) -> None:
    path.write_bytes(blob)


def _recording(write_file: FileWriter, written: set[str]) -> FileWriter:
    def write(path: pathlib.Path, blob: bytes) -> None:
        write_file(path, blob)
        written.add(str(path))
    return write


def _remove_others(folders: list[pathlib.Path], written: set[str]) -> None:
    """Remove the files under ``folders`` not ``written`` (an index written over an earlier one)."""
    for folder in folders:
        for parent, _dirs, names in os.walk(folder, topdown=False):
            for name in names:
                path = os.path.join(parent, name)
                if path not in written:
                    os.unlink(path)
            if parent != str(folder) and not os.listdir(parent):
                os.rmdir(parent)


def write_items(folder: pathlib.Path, items: list[SearchDoc], originals: list[str],
                write_file: FileWriter | None = None, threads: int = 8) -> list[int]:
    """Write the files of every item (by ``write_file``: see build_search_index); return their sizes.

    ``d/<item // 256>/<item>.json`` holds the URL, title, date, period and the first
    ``TEXT_CHUNK`` characters of the text (title, line break, body); a longer text continues in
    ``d/<item // 256>/<item>-<k>.json`` (a JSON string each), so a snippet deep inside an annual
    report fetches one more small file, not the whole report.
    """
    if write_file is None:
        write_file = _write_new
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
            write_file(path, blob)
        return [len(blob) for _path, blob in blobs]

    def write_range(numbers: range) -> list[int]:
        return [size for number in numbers for size in write(number)]

    # Creating thousands of small files waits on the file system more than on Python: threads help (a task per
    # 64 items: a thread pool's map makes a future per element, which cost more than the file). Files a
    # write_file finds unchanged cost Python only: there ``threads`` is 1 (threads only took turns).
    chunks = [range(start, min(start + 64, len(items))) for start in range(0, len(items), 64)]
    if threads <= 1:
        return [size for numbers in chunks for size in write_range(numbers)]
    with ThreadPoolExecutor(threads) as pool:
        return [size for sizes in pool.map(write_range, chunks) for size in sizes]


def write_shards(folder: pathlib.Path, grams: dict[str, bytes],
                 write_file: FileWriter | None = None) -> tuple[int, list[int]]:
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
    if write_file is None:
        write_file = _write_new
        folder.mkdir(parents=True)
    sizes = []
    for number, bucket in enumerate(buckets):
        blob = encode_shard(bucket)
        write_file(folder / f"{number:x}.bin", blob)
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


def manifest(items: list[SearchDoc], chars: set[str], shards: int, build: str, unit_names: Mapping[str, str],
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
        "charmap": browser_map(chars),
    }


# --- entry point -------------------------------------------------------------------------------

def index_plan(docs: Iterable[SearchDoc], user_terms: Iterable[str]
               ) -> tuple[list[SearchDoc], list[str], str, list[Range], list[str]]:
    """How build_search_index cuts ``docs`` into blocks: the items newest first, the dictionary terms, the
    segmenter (engine and terms), each month's range of items and its block_key."""
    items = sorted(sorted(docs, key=lambda d: d.url), key=lambda d: d.date, reverse=True)  # newest first
    terms = index_terms(user_terms)
    segmenter = "\n".join([engine_name(), *terms])
    ranges = month_blocks(items)
    return items, terms, segmenter, ranges, [block_key(segmenter, items[lo:hi]) for lo, hi in ranges]


def read_ahead(docs: Iterable[SearchDoc], pending: set[str], user_terms: Iterable[str], cache: BlockCache) -> None:
    """Ask ``cache`` now for what build_search_index will ask it for ``docs`` once the texts of the ``pending``
    ones (URLs; their ``source`` not known yet) are known: the blocks of the months without a pending doc and,
    when the pending docs are all in one month, the joins of the months before and after it. A cache that keeps
    what it read (search_output.StoredBlocks) then answers the index at once; a guess that turns out wrong only
    read an entry the index does not ask for."""
    items, _terms, _segmenter, ranges, keys = index_plan(docs, user_terms)
    months = [n for n, (lo, hi) in enumerate(ranges) if any(doc.url in pending for doc in items[lo:hi])]
    for n, key in enumerate(keys):
        if n not in months:
            cache.get(key)
    if len(months) == 1 and len(ranges) >= 3:
        for lo, hi in joined_pieces(len(ranges), months[0]):
            if hi - lo > 1:
                cache.get_part(joined_key(keys[lo:hi]))


def build_search_index(docs: Iterable[SearchDoc], out_dir: pathlib.Path, *, user_terms: Iterable[str] = (),
                       unit_names: Mapping[str, str] | None = None, site_root: str = "../",
                       workers: int | None = None, word_cache: WordCache | None = None,
                       block_cache: BlockCache | None = None,
                       text_of: Callable[[SearchDoc], str] | None = None,
                       write_file: FileWriter | None = None, tokenizer: Tokenize | None = None,
                       write_threads: int = 8) -> dict:
    """Write the whole index under ``out_dir`` (``<site_dir>/search/``); return stats.

    ``user_terms`` (unit and category names, catalogue section names, 四议两公开 …) are added to
    jieba's dictionary so they stay whole words. ``unit_names`` names units that have no item of
    their own (a township whose villages publish); ``site_root`` is the site root relative to
    ``out_dir``; ``workers`` overrides the number of processes; ``word_cache`` keeps each text's
    word starts between builds (jieba is loaded only when some text is not in it); ``block_cache`` keeps
    each month's Block (only the months with a new or changed item are indexed again); ``text_of`` gives
    a doc's text when the caller left it to be made only when needed (docs with a ``source``);
    ``write_file(path, bytes)`` writes each file of the index, making its folder (kept_site.Part: a file that
    would not change is not written again, and the caller removes the files no longer made); without it the
    index's folders are emptied and written anew; ``tokenizer``: ``make_tokenizer(index_terms(user_terms))`` made
    already (jieba's dictionary takes 0.6 s to load: search_output.EarlyIndex loads it while the pages render);
    ``write_threads``: 1 where ``write_file`` will find most files unchanged (see `write_items`).
    """
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    char_table()  # built once, before any fork
    items, terms, segmenter, ranges, keys = index_plan(docs, user_terms)
    blocks: list[Block | None] = [block_cache.get(key) if block_cache else None for key in keys]
    missing = [n for n, block in enumerate(blocks) if block is None]
    made = make_blocks(items, [ranges[n] for n in missing], terms, segmenter, text_of or (lambda d: d.text),
                       workers, word_cache, tokenizer)
    for n, block in zip(missing, made, strict=True):
        blocks[n] = block
        if block_cache:
            block_cache.put(keys[n], block)
    done = [block for block in blocks if block is not None]
    blocked = time.perf_counter()
    grams = finish(postings_of(done, ranges, keys, block_cache, missing[0] if len(missing) == 1 else 0))
    originals = [text for block in done for text in block.originals]
    indexed = time.perf_counter()

    # out_dir also holds the search page itself (search/index.html): replace only the index's own files.
    written: set[str] = set()
    if write_file is None:
        for old in (out_dir / "p", out_dir / "d"):
            shutil.rmtree(old, ignore_errors=True)
    else:
        write_file = _recording(write_file, written)
    shards, sizes = write_shards(out_dir / "p", grams, write_file)
    sizes += write_items(out_dir / "d", items, originals, write_file, write_threads)
    if write_file is not None:
        _remove_others([out_dir / "p", out_dir / "d"], written)
    chars = set().union(*(block.chars for block in done))
    contents = manifest(items, chars, shards, build_id(grams, items), unit_names or {}, site_root)
    blob = json.dumps(contents, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    (write_file or _write_new)(out_dir / "index.json", blob)
    sizes.append(len(blob))
    finished = time.perf_counter()
    return {"items": len(items), "files": len(sizes), "bytes": sum(sizes), "shards": shards,
            "grams": len(grams), "characters": sum(block.characters for block in done), "segmenter": engine_name(),
            "blocks": len(blocks), "blocks_indexed": len(missing),
            "seconds": round(finished - started, 3), "seconds_indexing": round(indexed - started, 3),
            "seconds_blocks": round(blocked - started, 3), "seconds_merge": round(indexed - blocked, 3),
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
