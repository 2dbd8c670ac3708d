"""Answer a query from the index files, as the browser does (a reference for tests and the bench).

``gongkai-search.js`` implements the same steps; this module reads the same files from disk and
counts the bytes it read, so tests can check recall and the fetch budget without a browser.
"""

from __future__ import annotations

import json
import pathlib
import re
from dataclasses import dataclass
from typing import Any

from .build import ALPHABET
from .normalise import WHITESPACE
from .postings import decode_shard, read_varint, shard_of

MAX_TERMS = 8  # as in gongkai-search.js
_SEPARATORS = re.compile("[" + "".join(sorted(WHITESPACE)) + "]+")


@dataclass
class Match:
    """How one query term matches one item."""

    whole_word: bool = False  # some match starts and ends on jieba word boundaries
    in_title: bool = False
    count: int = 0


def cover(length: int) -> list[int]:
    """Offsets of the bigrams that cover a term of ``length`` ≥ 2 characters: 0, 2, 4 … length-2."""
    offsets = list(range(0, length - 1, 2))
    if offsets[-1] != length - 2:
        offsets.append(length - 2)
    return offsets


def decode_bigram(data: bytes) -> dict[int, dict[int, int]]:
    """Bigram postings → {item: {offset: flags}}."""
    out: dict[int, dict[int, int]] = {}
    count, pos = read_varint(data, 0)
    doc = 0
    for _ in range(count):
        delta, pos = read_varint(data, pos)
        doc += delta
        n, pos = read_varint(data, pos)
        offsets: dict[int, int] = {}
        at = 0
        for _ in range(n):
            value, pos = read_varint(data, pos)
            at += value >> 2
            offsets[at] = value & 3
        out[doc] = offsets
    return out


def decode_unigram(data: bytes) -> dict[int, int]:
    """Unigram postings → {item: flags}."""
    out: dict[int, int] = {}
    count, pos = read_varint(data, 0)
    doc = 0
    for _ in range(count):
        value, pos = read_varint(data, pos)
        doc += value >> 2
        out[doc] = value & 3
    return out


class IndexReader:
    """Reads ``index.json`` and shards from an index folder, counting the bytes read."""

    def __init__(self, folder: pathlib.Path) -> None:
        self.folder = folder
        blob = (folder / "index.json").read_bytes()
        self.fetched = len(blob)
        self.manifest = json.loads(blob)
        self._shards: dict[int, dict[str, bytes]] = {}
        table = self.manifest["charmap"]
        self.charmap = {ord(table[i]): table[i + 1] for i in range(0, len(table), 2)}
        rec = self.manifest["records"]
        self._widths: list[int] = rec["widths"]
        self._data: str = rec["data"]
        self._row = sum(self._widths)

    def record(self, item: int) -> list[int]:
        """The fixed-width record of an item: unit, category, kind, year offset, title length."""
        out, at = [], item * self._row
        for width in self._widths:
            value = 0
            for c in self._data[at:at + width]:
                value = value * len(ALPHABET) + ALPHABET.index(c)
            out.append(value)
            at += width
        return out

    def postings(self, gram: str) -> bytes | None:
        number = shard_of(gram, self.manifest["shards"])
        if number not in self._shards:
            path = self.folder / "p" / f"{number:x}.bin"
            blob = path.read_bytes() if path.exists() else b""
            self.fetched += len(blob)
            self._shards[number] = decode_shard(blob) if blob else {}
        return self._shards[number].get(gram)

    def item(self, number: int) -> dict:
        """The item's file: URL, title, date, period and the first part of its text."""
        return self._read_json(f"{number}.json", number)

    def text(self, number: int) -> str:
        """The item's whole text (title, line break, body), from all its files."""
        record = self.item(number)
        rest = [self._read_json(f"{number}-{k}.json", number) for k in range(1, record.get("chunks", 1))]
        return record["x"] + "".join(rest)

    def _read_json(self, name: str, number: int) -> Any:
        blob = (self.folder / "d" / str(number // 256) / name).read_bytes()
        self.fetched += len(blob)
        return json.loads(blob)

    def terms(self, query: str) -> list[str]:
        """Normalise with the browser's map, split on whitespace; duplicates dropped, at most 8 terms."""
        normal = query.translate(self.charmap)
        return list(dict.fromkeys(t for t in _SEPARATORS.split(normal) if t))[:MAX_TERMS]

    def match_term(self, term: str) -> dict[int, Match]:
        if len(term) == 1:
            data = self.postings(term)
            if data is None:
                return {}
            return {doc: Match(bool(flags & 1), bool(flags & 2), 1)
                    for doc, flags in decode_unigram(data).items()}
        offsets = cover(len(term))
        lists = []
        for k in offsets:
            data = self.postings(term[k:k + 2])
            if data is None:
                return {}
            lists.append(decode_bigram(data))
        out: dict[int, Match] = {}
        for doc in set(lists[0]).intersection(*lists[1:]):
            title_len = self.record(doc)[4]
            match = Match()
            for p, flags in sorted(lists[0][doc].items()):
                if all(p + k in found[doc] for k, found in zip(offsets, lists, strict=True)):
                    last = lists[-1][doc][p + offsets[-1]]
                    whole = bool(flags & 1 and last & 2)
                    title = p + len(term) <= title_len
                    match.count += 1
                    match.whole_word |= whole
                    match.in_title |= title
            if match.count:
                out[doc] = match
        return out

    def search(self, query: str) -> list[int]:
        """Item numbers whose text contains every term of ``query``, best first."""
        terms = self.terms(query)
        if not terms:
            return []
        per_term = [self.match_term(t) for t in terms]
        docs = set(per_term[0]).intersection(*per_term[1:])

        def rank(doc: int) -> tuple[int, int, int, int]:
            matches = [m[doc] for m in per_term]
            return (-sum(m.whole_word for m in matches), -sum(m.in_title for m in matches),
                    -sum(m.count for m in matches), doc)

        return sorted(docs, key=rank)


def search_files(folder: pathlib.Path, query: str, page: int = 10) -> tuple[list[str], int]:
    """(URLs found for ``query`` best first, bytes a browser fetches for the first ``page`` results).

    The bytes are those of ``index.json``, the shards and the first ``page`` item files.
    """
    reader = IndexReader(folder)
    found = reader.search(query)
    for number in found[:page]:
        reader.item(number)
    fetched = reader.fetched
    return [reader.item(n)["u"] for n in found], fetched
