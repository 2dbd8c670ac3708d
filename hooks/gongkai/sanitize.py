"""The allow-list for a clerk's HTML: what Markdown (with the site's extensions) produces, nothing more.

`clean` runs over every rendered item body before it is published (item_page.wrap); the rule in
rules/unsafe_html.py warns about the same constructs at check time, from the Markdown source, so the
clerk learns what was removed and where. Both read the lists below, so they cannot disagree.
"""

from __future__ import annotations

import html
import re

import nh3

# Tags Markdown and its extensions (tables, attr_list, md_in_html, admonition, toc) emit, plus the
# harmless formatting a clerk may type by hand. Anything else is dropped (its text is kept).
TAGS: frozenset[str] = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var", "wbr",
})
# Dropped together with their content: their text is code, never something to read.
DROPPED_WITH_CONTENT: frozenset[str] = frozenset({"script", "style", "template", "noscript", "textarea",
                                                  "iframe", "object", "embed", "frame", "frameset", "applet"})
# Tags that can run code, load another page, or submit data: named in the clerk's warning as unsafe.
DANGEROUS_TAGS: frozenset[str] = DROPPED_WITH_CONTENT | {"form", "input", "button", "select", "link", "meta",
                                                         "base", "svg", "math", "audio", "video", "source",
                                                         "track", "portal", "frame"}
# No `style`: an allow-listed property could still hide text (font-size:0, color:white …). Tables
# align through the `align` attribute (mkdocs.yml: tables: use_align_attribute), which the theme styles.
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "p": {"align"},
    "div": {"align"},
    "ol": {"start", "type", "reversed"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "details": {"open"},
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES: frozenset[str] = frozenset({"href", "src", "action", "formaction", "xlink:href", "cite",
                                             "background", "poster", "data", "srcset", "ping"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    # The theme's own elements have ids starting with "__" (__drawer, __search, __config): a clerk's
    # element with such an id would take their place in the theme's scripts.
    if attribute == "id" and value.startswith("__"):
        return None
    # Images load only from this site (the CSP says img-src 'self'): another site's picture can change
    # after the item was reviewed, and it tells that site who reads the disclosure.
    if tag == "img" and attribute == "src" and external(value):
        return None
    return value


def clean(fragment: str) -> str:
    """Rendered Markdown → the same HTML without anything outside the allow-list."""
    return nh3.clean(fragment, tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
                     attributes={k: set(v) for k, v in ATTRIBUTES.items()}, attribute_filter=_keep_attribute,
                     url_schemes=set(URL_SCHEMES), strip_comments=True, link_rel=None)


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see, after entities and the blanks it ignores (java&#09;script:)."""
    match = _SCHEME.match(_INVISIBLE.sub("", html.unescape(url)))
    return match.group(1).lower() if match else None


def external(url: str) -> bool:
    """An address on another site (https://…, //host/…), as opposed to a file of this one."""
    return url_scheme(url) in ("http", "https") or _INVISIBLE.sub("", html.unescape(url)).startswith("//")


def unsafe_url(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme is not None and scheme not in URL_SCHEMES
