"""Phone numbers as tap-to-call links: the one place a number becomes `<a href="tel:…">`.

Generated pages render a unit's phones with `tel_links`; the hook runs `link_phones` over every
page's HTML so that numbers a clerk typed in a bulletin (电话029-84561234) can be tapped too. The
printed PDF poster keeps plain numbers (it never calls either)."""

from __future__ import annotations

import re
from collections.abc import Callable

from .markup import esc

# A Chinese landline with its area code (029-84561234, 0917-1234567, with or without the hyphen),
# a mobile number (13812345678), a 400/800 service line (400-123-4567) and the 12345 hotline.
# Digits or letters on either side mean it is part of something else (an index number, an amount);
# masked numbers (138****1234) have no run of digits long enough and stay plain text.
PHONE = re.compile(r"(?<![\w.,/])(?:0\d{2,3}-?\d{7,8}|1[3-9]\d{9}|[48]00-?\d{3}-?\d{4}|12345)(?![\w.,/-])",
                   re.ASCII)

_SKIP = re.compile(r"<(a|pre|code|script|style|textarea|title)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")


def tel_href(number: str) -> str:
    """`tel:` with the digits only (RFC 3966 local number); the visible text keeps the hyphen."""
    return "tel:" + re.sub(r"\D", "", number)


def tel_link(number: str) -> str:
    return f'<a class="gk-tel" href="{tel_href(number)}">{esc(number)}</a>'


def tel_links(numbers: list[str]) -> str:
    """A unit's phones (units.yml), each a link, separated by 、."""
    return "、".join(tel_link(n) if PHONE.fullmatch(n.strip()) else esc(n) for n in numbers)


def _between(pattern: re.Pattern[str], html: str, change: Callable[[str], str]) -> str:
    """`html` with `change` applied to the stretches between matches of `pattern` (kept as they are)."""
    out, pos = [], 0
    for match in pattern.finditer(html):
        out += [change(html[pos:match.start()]), match.group(0)]
        pos = match.end()
    out.append(change(html[pos:]))
    return "".join(out)


def _link_text(text: str) -> str:
    return PHONE.sub(lambda m: tel_link(m.group(0)), text)


def link_phones(html: str) -> str:
    """Every phone number in the text of `html` as a tel: link; tags, links, code and scripts untouched."""
    return _between(_SKIP, html, lambda part: _between(_TAG, part, _link_text))
