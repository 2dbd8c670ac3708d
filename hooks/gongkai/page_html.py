"""The last touch on every page's HTML (the hook runs it after item pages are wrapped): plain tables
in a labelled, keyboard-focusable scrolling region, and phone numbers as tel: links.

A wide table scrolls inside its region instead of widening the page; the region is a tab stop with
a name ("表格：收入", from the heading above the table) so a keyboard or screen-reader user can reach
and scroll it. Tables the generators style themselves (with a class) are left alone."""

from __future__ import annotations

import html as htmllib
import re

from .phones import link_phones

_PLAIN_TABLE = re.compile(r"<table(?![^>]*\bclass=)[^>]*>.*?</table>", re.S)
_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
_TAG = re.compile(r"<[^>]+>")
_THEAD = re.compile(r"<thead>.*?</thead>", re.S)
_TH_WITHOUT_SCOPE = re.compile(r"<th(?![^>]*\bscope=)(?=[\s>])")


def _label(before: str, number: int) -> str:
    headings = _HEADING.findall(before)
    text = htmllib.unescape(_TAG.sub("", headings[-1])).strip() if headings else ""
    return f"表格：{text}" if text else f"表格 {number}"


def _column_scopes(table: str) -> str:
    """Header cells of the head row name their column (scope="col") for screen readers."""
    return _THEAD.sub(lambda head: _TH_WITHOUT_SCOPE.sub('<th scope="col"', head.group(0)), table)


def wrap_tables(html: str) -> str:
    """Each plain <table> in <div class="gk-table" role="region" tabindex="0" aria-label="表格：…">,
    its column headers with scope="col"."""
    out, pos, seen = [], 0, {}
    for number, match in enumerate(_PLAIN_TABLE.finditer(html), start=1):
        label = _label(html[:match.start()], number)
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:  # region names must be unique on a page
            label += f"（{seen[label]}）"
        out += [html[pos:match.start()], f'<div class="gk-table" role="region" tabindex="0" '
                f'aria-label="{htmllib.escape(label)}">', _column_scopes(match.group(0)), "</div>"]
        pos = match.end()
    out.append(html[pos:])
    return "".join(out)


def finish(html: str) -> str:
    return link_phones(wrap_tables(html))
