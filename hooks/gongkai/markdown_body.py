"""An item's Markdown body as HTML: the one renderer behind the posters and the feeds, configured once with
the site's markdown_extensions (`Settings.markdown_extensions` / `mdx_configs`: what MkDocs was given in a
build, mkdocs.yml read by settings.py in the CLI), and giving the HTML MkDocs gives for the item's page
(tests/test_markdown_body.py compares the two on every example item).

Links and images in a body are written relative to the item's source file; `html(..., source, here)`
points them at the same files from the page at ``here``, as MkDocs' own link rewriting does for the page.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from .urls import relative

# A page's own change to the tree before its links are rewritten (the posters': no heading ids, …).
Adjust = Callable[[etree.Element], None]


def link_target(value: str, source_dir: str, here: str) -> str:
    """A link or image source written in an item under bulletins/``source_dir``, as seen from the page at
    ``here``: another item's file (.md) becomes its page, any other file stays a file; external links,
    absolute links, anchors, links to a folder (MkDocs: "unrecognized relative link, left as is") and
    links out of bulletins/ are left as written."""
    parts = urlsplit(value)
    if (parts.scheme or parts.netloc or value.startswith(("/", "#"))
            or not posixpath.splitext(parts.path)[1]):
        return value
    target = posixpath.normpath(posixpath.join(source_dir, parts.path))
    if target.startswith("../"):
        return value
    if target.endswith(".md"):
        stem = target[:-3]
        target = stem[: -len("index")] if stem.endswith("/index") or stem == "index" else stem + "/"
    return relative(here, target) + (f"#{parts.fragment}" if parts.fragment else "")


class _Links(Treeprocessor):
    """Links and images relative to the page being made (MkDocs' "relpath" step, same priority); first the
    caller's own change to the tree, if any."""

    source_dir = ""
    here = ""
    adjust: Adjust | None = None

    def run(self, root: etree.Element) -> None:
        if self.adjust is not None:
            self.adjust(root)
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            value = element.get(key) if key else None
            if key and value:
                element.set(key, link_target(value, self.source_dir, self.here))


class BodyRenderer:
    """python-markdown set up once with the site's extensions; `html` converts one body at a time."""

    def __init__(self, extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]]) -> None:
        self._md = markdown.Markdown(extensions=list(extensions),
                                     extension_configs={k: dict(v) for k, v in configs.items()})
        self._links = _Links(self._md)
        self._md.treeprocessors.register(self._links, "gk_links", 0)

    def html(self, text: str, *, source: str = "", here: str = "", adjust: Adjust | None = None) -> str:
        """``text`` (Markdown of the item at bulletins/``source``) as HTML for the page at ``here``."""
        self._links.source_dir = posixpath.dirname(source)
        self._links.here = here
        self._links.adjust = adjust
        try:
            return self._md.reset().convert(text)
        finally:
            self._links.adjust = None
            self._md.reset()
