"""Pages a build does not render again: an item page's published body and the final HTML of any generated
page, from the cache.

A generated page's final HTML is a function of its Markdown (item_page.item_markdown, the listings'
generators), of what item_page.wrap puts around an item's body (header, board photos and attachments,
footer: they name related items, so they are computed for every item on every build and are part of the
key), of what the templates read from config.extra (the feed links every page's <head> carries, the
preview's script), the list of the site's files when the Markdown links to another file (MkDocs resolves
such links against it), and of the shared inputs (cache.inputs_key: theme/, hooks/, mkdocs.yml with its
nav …). A page named in mkdocs.yml's nav is never taken from the cache (MkDocs needs its Page for the nav).

When the key is in the cache the page never reaches MkDocs' page loop: the hooks hand MkDocs a file that
is not a Markdown page, holding the stored HTML, which MkDocs copies into the site like any static file;
links to it resolve as to any page (same path, same URL) and gongkai's site map lists it
(mkdocs_hooks.on_env). When the kept site/ already holds the page (kept_site.py: its record names the same key)
its HTML is not even read. An item's published body (what search indexes) is stored apart, small, and read for
every stored item page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import item_page
from .cache import Store, digest
from .model import Bulletin
from .relations import Relations
from .site import Site

# Markdown that may link to another file of the site (MkDocs rewrites such links against the file list).
_MAY_LINK = re.compile(r"\]\(|\]:|href=|src=", re.I)


@dataclass(frozen=True)
class CachedPage:
    body: str | None  # an item's published (sanitised) body: what search and feeds read (Site.rendered)
    html: str  # the page as MkDocs wrote it


@dataclass(frozen=True)
class PageSource:
    """A generated page this build writes: its Markdown, and the item when it is an item's page."""

    src_uri: str
    markdown: str
    item: Bulletin | None


@dataclass
class PageCache:
    """This build's generated pages: the key of each, and those that may come from the cache."""

    store: Store
    inputs: str
    keys: dict[str, str] = field(default_factory=dict)  # src_uri → key
    bodies: dict[str, str] = field(default_factory=dict)  # src_uri → a stored item page's published body
    candidates: set[str] = field(default_factory=set)  # pages whose key the cache may hold
    stored: set[str] = field(default_factory=set)  # pages this build took from the cache (or the kept site)

    def plan(self, site: Site, rel: Relations, pages: Iterable[PageSource], template_extra: Any,
             file_listing: list[str]) -> None:
        """Key every page (its Markdown, an item's surroundings); an item page is a candidate when its body is
        stored, any other page always (`html` tells)."""
        extra = json.dumps(template_extra, ensure_ascii=False, sort_keys=True, default=str)
        listing = digest(*file_listing)
        items: list[str] = []
        for page in pages:
            surroundings = item_page.surroundings(site, rel, page.item) if page.item is not None else ""
            links = listing if _MAY_LINK.search(page.markdown) else ""
            key = digest(self.inputs, "page", page.src_uri, page.markdown, surroundings, extra, links)
            self.keys[page.src_uri] = key
            if page.item is None:
                self.candidates.add(page.src_uri)
            else:
                items.append(page.src_uri)
        # One thread: the entries are small and mostly in the OS's page cache, where threads only contend for the
        # interpreter lock (8 threads read 10,000 of them 3-4 times slower than one).
        for src_uri in items:
            body = self.store.get("page-body", self.keys[src_uri])
            if isinstance(body, str):
                self.bodies[src_uri] = body
                self.candidates.add(src_uri)

    def html(self, src_uri: str) -> str | None:
        """A candidate's stored final HTML (None: not in the cache, or damaged: the page is rendered)."""
        cached = self.store.get("page", self.keys[src_uri])
        if not isinstance(cached, CachedPage) or (cached.body is not None) != (src_uri in self.bodies):
            return None
        return cached.html

    def remember(self, src_uri: str, body: str | None, html: str) -> None:
        """A page this build rendered (``body``: an item's published body): kept for the next build."""
        key = self.keys.get(src_uri)
        if key is not None and src_uri not in self.stored:
            self.store.put("page", key, CachedPage(body, html))
            if body is not None:
                self.store.put("page-body", key, body)
