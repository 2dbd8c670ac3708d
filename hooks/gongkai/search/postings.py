"""Character n-gram postings: the part of the index that answers "which items contain this string".

Every item's normalised text is cut into *unigrams* (each character) and *bigrams* (each pair of
neighbouring characters, never across whitespace). For each n-gram the postings list the items
that contain it, in item order:

* unigram entry: ``varint(delta << 2 | flags)``, flags = 1 if the character is a whole jieba
  word somewhere in the item, 2 if it occurs in the title;
* bigram entry: ``varint(delta)``, ``varint(count)``, then ``count`` times
  ``varint(gap << 2 | flags)``: every offset of the bigram in the item (the gap from the previous
  offset; the first from 0), flags = 1 if a word starts at the offset, 2 if a word starts right
  after the bigram (offset + 2).

``delta`` is the item number minus the previous item number in the list (the first is absolute).
With offsets, a query of any length is checked exactly: "基地" is found inside "宅基地", and a
query of n ≥ 3 characters matches at offset p only if its bigrams sit at p, p+2, p+4 … and
p+n-2; so the results are exactly the items whose normalised text contains the query (the
substring scan), with no text downloaded to verify them. The flags at the two ends of a match say
whether it is a whole word (or run of whole words): those rank first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalise import WHITESPACE

# bigram offsets
FLAG_WORD_START = 1  # a jieba word starts at the offset
FLAG_WORD_END = 2  # a jieba word ends right after the bigram
# unigram items
FLAG_WHOLE_WORD = 1  # jieba made the character a word of its own somewhere in the item
FLAG_IN_TITLE = 2  # the character occurs in the title


def put_varint(buf: bytearray, value: int) -> None:
    """Append an unsigned LEB128 varint."""
    while value >= 0x80:
        buf.append((value & 0x7F) | 0x80)
        value >>= 7
    buf.append(value)


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    """Decode the varint at ``pos``; return (value, next position)."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


@dataclass(slots=True)
class Posting:
    """The postings of one n-gram for a contiguous range of items (one worker's share)."""

    first_doc: int
    first_flags: int  # unigrams only: flags of the first entry, merged into its delta varint
    last_doc: int
    count: int = 1
    rest: bytearray = field(default_factory=bytearray)  # everything after the first delta varint


_CACHED = 1 << 16
_VARINTS: list[bytes] = []
for _value in range(_CACHED):
    _buf = bytearray()
    put_varint(_buf, _value)
    _VARINTS.append(bytes(_buf))


def varint(value: int) -> bytes:
    """The varint bytes of ``value`` (small values come from a table: this is the hot path)."""
    if value < _CACHED:
        return _VARINTS[value]
    buf = bytearray()
    put_varint(buf, value)
    return bytes(buf)


#: ``varint(1) + varint(v)``: the whole entry of a bigram that occurs once in an item (the usual case)
_ONCE: list[bytes] = [b"\x01" + v for v in _VARINTS]
_WHITESPACE_RUN = re.compile("[" + "".join(sorted(WHITESPACE)) + "]")


def add_document(postings: dict[str, Posting], doc: int, text: str, starts: bytearray,
                 single_words: set[str], title_len: int) -> None:
    """Add one item to ``postings`` (items in increasing order).

    ``text`` is normalised, ``starts`` its word starts (:func:`.segment.word_starts`),
    ``single_words`` the characters jieba made words of their own, ``title_len`` the length of the
    title at the start of ``text``. This is the hot loop of the build, hence written flat.
    """
    offsets: dict[str, list[int]] = {}
    for i, gram in enumerate(map(str.__add__, text, text[1:])):
        found = offsets.get(gram)
        if found is None:
            offsets[gram] = [i]
        else:
            found.append(i)
    for space in _WHITESPACE_RUN.finditer(text):  # no bigram holds whitespace
        i = space.start()
        offsets.pop(text[i - 1:i + 1] if i else "", None)
        offsets.pop(text[i:i + 2], None)

    varints, once, cached, get = _VARINTS, _ONCE, _CACHED, postings.get
    for gram, where in offsets.items():
        if len(where) == 1:
            p = where[0]
            value = p << 2 | starts[p] | starts[p + 2] << 1
            entry = once[value] if value < cached else b"\x01" + varint(value)
        else:
            parts = [varint(len(where))]
            prev = 0
            for p in where:
                value = (p - prev) << 2 | starts[p] | starts[p + 2] << 1
                parts.append(varints[value] if value < cached else varint(value))
                prev = p
            entry = b"".join(parts)
        posting = get(gram)
        if posting is None:
            postings[gram] = Posting(doc, 0, doc, 1, bytearray(entry))
        else:
            delta = doc - posting.last_doc
            rest = posting.rest
            rest += varints[delta] if delta < cached else varint(delta)
            rest += entry
            posting.last_doc = doc
            posting.count += 1

    title = set(text[:title_len])
    for char in set(text).difference(WHITESPACE):
        flags = (FLAG_WHOLE_WORD if char in single_words else 0) | (FLAG_IN_TITLE if char in title else 0)
        posting = get(char)
        if posting is None:
            postings[char] = Posting(doc, flags, doc, 1, bytearray())
        else:
            posting.rest += varint((doc - posting.last_doc) << 2 | flags)
            posting.last_doc = doc
            posting.count += 1


#: One item range's postings of an n-gram, as plain tuples (they pickle several times faster than
#: dataclasses): (first item, its flags, last item, number of items, the bytes after the first delta).
Part = dict[str, tuple[int, int, int, int, bytes]]


def as_part(postings: dict[str, Posting], offset: int = 0) -> Part:
    """``postings`` as a Part, its item numbers made relative to ``offset`` (the range's first item)."""
    return {g: (p.first_doc - offset, p.first_flags, p.last_doc - offset, p.count, bytes(p.rest))
            for g, p in postings.items()}


def join(parts: list[tuple[int, Part]]) -> Part:
    """Join the postings of consecutive item ranges, each (its first item's number, its Part with item numbers
    relative to it), into one Part numbered from 0: each range's entries as they are, after the delta of its
    first item from the previous range's last (one pass over the ranges)."""
    joined: dict[str, list] = {}  # gram → [first item, its flags, last item, number of items, byte strings]
    get = joined.get
    for offset, part in parts:
        for gram, (first, flags, last, count, rest) in part.items():
            so_far = get(gram)
            if so_far is None:
                joined[gram] = [offset + first, flags, offset + last, count, [rest]]
                continue
            head = offset + first - so_far[2]
            so_far[2] = offset + last
            so_far[3] += count
            so_far[4] += (varint(head << 2 | flags if len(gram) == 1 else head), rest)
    return {gram: (first, flags, last, count, b"".join(pieces))
            for gram, (first, flags, last, count, pieces) in joined.items()}


def finish(part: Part) -> dict[str, bytes]:
    """The final bytes of every n-gram of a Part numbered from 0: ``varint(number of items)``, then its entries."""
    return {gram: b"".join((varint(count), varint(first << 2 | flags if len(gram) == 1 else first), rest))
            for gram, (first, flags, _last, count, rest) in part.items()}


def merge(parts: list[tuple[int, Part]]) -> dict[str, bytes]:
    """The final bytes of every n-gram of consecutive item ranges (see :func:`join`)."""
    return finish(join(parts))


def shard_of(gram: str, shards: int) -> int:
    """FNV-1a (32 bit) over the code points of ``gram``, modulo ``shards`` (a power of two).

    The browser computes the same hash (``gongkai-search.js``) to know which file to fetch.
    """
    h = 0x811C9DC5
    for char in gram:
        h = ((h ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return h & (shards - 1)


def encode_shard(entries: list[tuple[str, bytes]]) -> bytes:
    """One shard file: a directory (count, then each gram and its postings' length), then postings."""
    head = bytearray()
    put_varint(head, len(entries))
    for gram, data in entries:
        key = gram.encode("utf-8")
        put_varint(head, len(key))
        head += key
        put_varint(head, len(data))
    return bytes(head) + b"".join(data for _gram, data in entries)


def decode_shard(blob: bytes) -> dict[str, bytes]:
    """Inverse of :func:`encode_shard` (tests and tools)."""
    count, pos = read_varint(blob, 0)
    keys: list[tuple[str, int]] = []
    for _ in range(count):
        length, pos = read_varint(blob, pos)
        key = blob[pos:pos + length].decode("utf-8")
        pos += length
        size, pos = read_varint(blob, pos)
        keys.append((key, size))
    out: dict[str, bytes] = {}
    for key, size in keys:
        out[key] = blob[pos:pos + size]
        pos += size
    return out
