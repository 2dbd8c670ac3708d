"""The join's search index: the shards' indexes merged into the one a whole build writes.

Every shard numbers its items newest first, like a whole build; the merged numbering interleaves
them by the same key (date, then URL). An item's postings do not depend on the other items (jieba
segments each text alone, with the same site terms in every shard), so merging needs no text and
no segmentation: each n-gram's entries are renumbered and their deltas re-encoded; the bytes after
each delta (a bigram's offsets) are copied as they are. Item files are copied under their new
numbers; ``index.json`` is written by the same ``manifest()`` as a whole build.
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from operator import itemgetter
from typing import Any

from lxml import etree

from .search import SearchDoc
from .search.build import ALPHABET, ITEMS_PER_DIR, build_id, manifest, write_shards
from .search.postings import decode_shard, read_varint, varint

_SKIP: dict[int, re.Pattern[bytes]] = {}  # n → a pattern that matches n varints


def _skip(n: int) -> re.Pattern[bytes]:
    if n not in _SKIP:
        _SKIP[n] = re.compile(rb"(?:[\x80-\xff]*[\x00-\x7f]){%d}" % n)
    return _SKIP[n]


def _records(index: dict[str, Any]) -> list[list[int]]:
    """The fixed-width item records of an index.json, decoded (unit, category, kind, year, title length)."""
    rec = index["records"]
    widths, data = rec["widths"], rec["data"]
    row = sum(widths)
    if not row:  # no items
        return []
    digit = {c: n for n, c in enumerate(ALPHABET)}
    out = []
    for at in range(0, index["items"] * row, row):
        fields = []
        for width in widths:
            value = 0
            for c in data[at:at + width]:
                value = value * len(ALPHABET) + digit[c]
            fields.append(value)
            at += width
        out.append(fields)
    return out


def _docs(folder: pathlib.Path, index: dict[str, Any]) -> list[tuple[SearchDoc, int]]:
    """Each item of a shard's index as a SearchDoc (no text), with its number of text files."""
    units = index["units"]
    paths: list[tuple[str, ...]] = []
    for unit_id, _name, parent in units:
        paths.append((*(paths[parent] if parent >= 0 else ()), unit_id))
    docs = []
    for number, (unit, category, kind, year, _title) in enumerate(_records(index)):
        del year  # recomputed from the date and period by manifest()
        item = json.loads((folder / "d" / str(number // ITEMS_PER_DIR) / f"{number}.json").read_bytes())
        docs.append((SearchDoc(
            url=item["u"], title=item["t"], unit=units[unit][0], unit_name=units[unit][1],
            units_path=paths[unit],
            category=index["categories"][category][0], category_name=index["categories"][category][1],
            type=index["types"][kind // len(index["statuses"])], date=item["d"], period=item["p"],
            status=index["statuses"][kind % len(index["statuses"])], text=""), item.get("chunks", 1)))
    return docs


def _entries(gram: str, data: bytes, renumber: list[int]) -> list[tuple[int, bytes | int]]:
    """(new item number, what follows the delta) of every entry of one n-gram's postings."""
    count, pos = read_varint(data, 0)
    doc = 0
    out: list[tuple[int, bytes | int]] = []
    if len(gram) == 1:  # unigram entry: varint(delta << 2 | flags)
        for _ in range(count):
            value, pos = read_varint(data, pos)
            doc += value >> 2
            out.append((renumber[doc], value & 3))
        return out
    for _ in range(count):  # bigram entry: varint(delta), varint(n), n offset varints
        delta, pos = read_varint(data, pos)
        doc += delta
        start = pos
        n, pos = read_varint(data, pos)
        if n == 1:
            while data[pos] >= 0x80:
                pos += 1
            pos += 1
        else:
            pos = _skip(n).match(data, pos).end()  # type: ignore[union-attr]
        out.append((renumber[doc], data[start:pos]))
    return out


def _encode(gram: str, entries: list[tuple[int, bytes | int]]) -> bytes:
    buf = bytearray(varint(len(entries)))
    prev = 0
    if len(gram) == 1:
        for doc, flags in entries:
            buf += varint((doc - prev) << 2 | flags)  # type: ignore[operator]
            prev = doc
    else:
        for doc, rest in entries:
            buf += varint(doc - prev)
            buf += rest  # type: ignore[operator]
            prev = doc
    return bytes(buf)


def _charmap(indexes: list[dict[str, Any]]) -> str:
    """The union of the shards' traditional → simplified maps, in code point order (as browser_map)."""
    pairs: dict[str, str] = {}
    for index in indexes:
        table = index["charmap"]
        pairs.update((table[i], table[i + 1]) for i in range(0, len(table), 2))
    return "".join(k + pairs[k] for k in sorted(pairs, key=ord))


def merge(folders: list[pathlib.Path], out_dir: pathlib.Path) -> dict[str, int]:
    """Write into ``out_dir`` the index a whole build of all the shards' items would write."""
    indexes = [json.loads((f / "index.json").read_bytes()) for f in folders]
    shard_docs = [_docs(f, index) for f, index in zip(folders, indexes, strict=True)]
    everything = [(doc, chunks, s, local) for s, docs in enumerate(shard_docs)
                  for local, (doc, chunks) in enumerate(docs)]
    # the order of build_search_index(): newest first, then by URL
    everything = sorted(sorted(everything, key=lambda e: e[0].url), key=lambda e: e[0].date, reverse=True)
    renumber = [[0] * len(docs) for docs in shard_docs]
    for number, (_doc, _chunks, s, local) in enumerate(everything):
        renumber[s][local] = number

    pieces: dict[str, list[tuple[int, bytes]]] = {}
    for s, folder in enumerate(folders):
        for file in sorted((folder / "p").glob("*.bin")):
            for gram, data in decode_shard(file.read_bytes()).items():
                pieces.setdefault(gram, []).append((s, data))
    grams: dict[str, bytes] = {}
    for gram, parts in pieces.items():
        entries = [e for s, data in parts for e in _entries(gram, data, renumber[s])]
        if len(parts) > 1:
            entries.sort(key=itemgetter(0))
        grams[gram] = _encode(gram, entries)
    del pieces

    for old in (out_dir / "p", out_dir / "d"):
        shutil.rmtree(old, ignore_errors=True)
    shards, _sizes = write_shards(out_dir / "p", grams)
    _copy_items(folders, everything, out_dir / "d")
    items = [e[0] for e in everything]
    unit_names = {u: name for index in indexes for u, name, _parent in index["units"]}
    root = indexes[0]["root"] if indexes else "../"
    contents = manifest(items, set(), shards, build_id(grams, items), unit_names, root)
    contents["charmap"] = _charmap(indexes)
    (out_dir / "index.json").write_bytes(json.dumps(contents, ensure_ascii=False, separators=(",", ":"))
                                         .encode("utf-8"))
    return {"items": len(items), "grams": len(grams), "shards": shards}


def _copy_items(folders: list[pathlib.Path], everything: list[Any], out: pathlib.Path) -> None:
    for start in range(0, len(everything), ITEMS_PER_DIR):
        (out / str(start // ITEMS_PER_DIR)).mkdir(parents=True)

    def copy(number: int) -> None:
        _doc, chunks, s, local = everything[number]
        source = folders[s] / "d" / str(local // ITEMS_PER_DIR)
        target = out / str(number // ITEMS_PER_DIR)
        shutil.copyfile(source / f"{local}.json", target / f"{number}.json")
        for k in range(1, chunks):
            shutil.copyfile(source / f"{local}-{k}.json", target / f"{number}-{k}.json")

    with ThreadPoolExecutor(8) as pool:  # thousands of small files: the file system is the bottleneck
        list(pool.map(copy, range(len(everything)), chunksize=64))


# --- the site feed -----------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def merge_site_feed(files: list[pathlib.Path], out: pathlib.Path, keys: dict[str, tuple[Any, ...]],
                    limit: int) -> None:
    """feeds/all.xml: the newest ``limit`` entries of the shards' site feeds (each holds its newest).

    ``keys`` gives each entry id (urn:gongkai:<索引号>) the sort key of feeds.newest_first.
    """
    parser = etree.XMLParser(remove_blank_text=True)
    trees = [etree.parse(str(f), parser) for f in files if f.is_file()]
    if not trees:
        return
    entries = [e for t in trees for e in t.getroot().findall(f"{ATOM}entry")]
    entries.sort(key=lambda e: keys[e.findtext(f"{ATOM}id") or ""], reverse=True)
    feed = trees[0].getroot()
    for old in feed.findall(f"{ATOM}entry"):
        feed.remove(old)
    for entry in entries[:limit]:
        feed.append(entry)
    updated = feed.find(f"{ATOM}updated")
    if entries and updated is not None:
        updated.text = entries[0].findtext(f"{ATOM}published")
    out.parent.mkdir(parents=True, exist_ok=True)
    trees[0].write(str(out), pretty_print=True, xml_declaration=True, encoding="UTF-8")
