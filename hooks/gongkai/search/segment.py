"""jieba word boundaries, used to rank whole-word matches first.

Recall does not depend on segmentation (the index is made of character n-grams); jieba only
decides which matches are *whole words*: a match is a word match when jieba put a word boundary
right before it and right after it. rjieba (jieba-rs, the same dictionary and algorithm) is used
when it is installed, being about ten times faster; jieba otherwise.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from typing import Protocol

from .normalise import normalise

#: tokenize(text) -> [(word, start, end)], offsets in characters
Tokenize = Callable[[str], "list[tuple[str, int, int]]"]
#: what word_starts gives for a text
Words = tuple[bytearray, set[str]]


class WordCache(Protocol):
    """Word starts kept between builds (gongkai's cache), by segmenter (engine and terms) and text."""

    def get(self, segmenter: str, text: str) -> Words | None: ...

    def put(self, segmenter: str, text: str, words: Words) -> None: ...


def dictionary_terms(user_terms: Iterable[str]) -> list[str]:
    return sorted({t.strip() for t in user_terms if t and t.strip()})


def index_terms(user_terms: Iterable[str]) -> list[str]:
    """The words the index's tokenizer adds to jieba's dictionary: ``user_terms`` normalised, once each."""
    return dictionary_terms(normalise(t) for t in user_terms)


def engine_name() -> str:
    """The engine make_tokenizer will use, without loading its dictionary."""
    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


def make_tokenizer(user_terms: Iterable[str] = ()) -> tuple[str, Tokenize]:
    """A fresh tokenizer with ``user_terms`` added to the dictionary; returns (engine name, tokenize)."""
    terms = dictionary_terms(user_terms)
    try:
        import rjieba
    except ImportError:
        pass
    else:
        rj = rjieba.Jieba()
        for term in terms:
            rj.add_word(term, None, None)
        return "rjieba", lambda text: rj.tokenize(text)

    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    for term in terms:
        tk.add_word(term)
    return "jieba", lambda text: list(tk.tokenize(text))


def word_starts(tokenize: Tokenize, text: str) -> tuple[bytearray, set[str]]:
    """Where jieba's words start, and the characters it made words of their own.

    ``starts[i] == 1`` when a word starts at offset i; ``starts[len(text)] == 1`` (the end of the
    text ends a word), so "a word ends at offset i" is ``starts[i] == 1`` too.
    """
    starts = bytearray(len(text) + 1)
    singles: set[str] = set()
    for word, start, end in tokenize(text):
        starts[start] = 1
        if end - start == 1:
            singles.add(word)
    starts[len(text)] = 1
    return starts, singles
