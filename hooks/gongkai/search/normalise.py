"""Text normalisation shared by the index (Python) and the query (browser).

Search compares *normalised* text. The normalisation is one fixed map from a character to a
character, so it never changes the length of a text and an offset in the normalised text is the
same offset in the original (snippets highlight exactly what matched). For every character:

1. OpenCC ``t2s`` applied to the character alone (繁体 → 简体, e.g. 長 → 长, 乾 → 干),
2. full-width ASCII to half-width (Ａ → A, ２ → 2, the ideographic space to a space),
3. lower case, when that gives one character (Q → q).

OpenCC's ``t2s`` also has 477 context phrases (憑藉 → 凭借 but 慰藉 stays). They are left out on
purpose: a query is short and has no context, so applying phrases to the text but not to the
query would make the same characters normalise differently on the two sides and break recall.
With a per-character map, "the query occurs in the normalised text" means the same thing in
Python and in the browser, which receives the part of the map it needs (:func:`browser_map`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

#: Every character the map can change lies below this: OpenCC's t2s data reaches into the CJK
#: extension planes (up to U+30EDE); Unicode's last lower-case mapping is U+1E921.
_LAST = 0x40000

#: Characters that separate query terms and never belong to an indexed n-gram: exactly the
#: characters JavaScript's ``\s`` matches, so the browser splits a query the same way.
WHITESPACE = frozenset("\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                       "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")


def _t2s_single_chars() -> dict[int, str]:
    """Every code point that OpenCC t2s changes when converted on its own (about 5,000)."""
    import opencc  # imported lazily: only the build needs it

    converter = opencc.OpenCC("t2s")
    chars = [chr(c) for c in range(0x21, _LAST) if not 0xD800 <= c <= 0xDFFF and chr(c) not in WHITESPACE]
    # One call on all characters, one per line: lines keep OpenCC's phrase matching from
    # joining neighbours, so each character is converted as if alone.
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - would mean OpenCC changed its output shape
        raise RuntimeError("OpenCC t2s did not convert the character table one line per character")
    return {ord(c): out for c, out in zip(chars, converted, strict=True) if out != c and len(out) == 1}


@functools.lru_cache(maxsize=1)
def char_table() -> dict[int, str]:
    """The whole normalisation map as a ``str.translate`` table (only characters that change)."""
    table: dict[int, str] = {}
    for cp in range(_LAST):
        c = chr(cp)
        if 0xFF01 <= cp <= 0xFF5E:  # full-width ASCII
            c = chr(cp - 0xFEE0)
        elif cp == 0x3000:  # ideographic space
            c = " "
        lower = c.lower()
        if len(lower) == 1:
            c = lower
        if c != chr(cp):
            table[cp] = c
    for cp, simplified in _t2s_single_chars().items():
        lower = simplified.lower()
        table[cp] = lower if len(lower) == 1 else simplified
    return table


def normalise(text: str) -> str:
    """Normalise text for search: per-character t2s, half-width, lower case; same length."""
    return text.translate(char_table())


def browser_map(vocabulary: Iterable[str]) -> str:
    """The part of the map a browser needs, as one string of (from, to) character pairs.

    Only characters whose normalised form occurs in the index (``vocabulary`` is the set of
    characters of the normalised texts) are kept: any other character cannot match anything
    whether it is mapped or not. ASCII case is included, so the browser needs no rules of its own.
    """
    wanted = set(vocabulary)
    return "".join(chr(cp) + to for cp, to in sorted(char_table().items()) if to in wanted)
