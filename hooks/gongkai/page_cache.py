"""Item pages a build does not render again: their published body and final HTML, from the cache.

An item page's final HTML is a function of its Markdown (item_page.item_markdown), of what item_page.wrap
puts around it (header, board photos and attachments, footer: they name related items, so they are computed
for every item on every build and are part of the key), of
what the templates read from config.extra (the feed links every page's <head> carries, the preview's script),
the list of the site's files when the body links to another file (MkDocs resolves such links against it),
and of the shared inputs (cache.inputs_key: theme/, hooks/, mkdocs.yml …). When that key is in the cache,
MkDocs is handed an empty page with the CACHED_TEMPLATE (almost nothing to render) and `final` returns
the stored HTML instead; the page stays one of MkDocs' pages, so the site map and every link to it are
made exactly as in a clean build.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from . import item_evidence, item_page
from .cache import Store, digest
from .model import Bulletin
from .relations import Relations
from .site import Site

CACHED_TEMPLATE = "gk-cached.html"
# A body that may link to another file of the site (MkDocs rewrites such links against the file list).
_MAY_LINK = re.compile(r"\]\(|\]:|href=|src=", re.I)


@dataclass(frozen=True)
class CachedPage:
    body: str  # the published (sanitised) body: what search and feeds read (Site.rendered)
    html: str  # the page as MkDocs wrote it


@dataclass
class PageCache:
    """This build's item pages: the key of each, and the ones found in the cache."""

    store: Store
    inputs: str
    keys: dict[str, str] = field(default_factory=dict)  # src_uri → key
    found: dict[str, CachedPage] = field(default_factory=dict)  # src_uri → the cached page

    def plan(self, site: Site, rel: Relations, items: list[tuple[Bulletin, str]], template_extra: Any,
             file_listing: list[str]) -> None:
        """Key every item page (an item and its page's Markdown); look each up."""
        feeds = json.dumps(template_extra, ensure_ascii=False, sort_keys=True, default=str)
        listing = digest(*file_listing)
        for item, source in items:
            links = listing if _MAY_LINK.search(item.body) else ""
            key = digest(self.inputs, "page", item.src_uri, source, _surroundings(site, rel, item), feeds, links)
            self.keys[item.src_uri] = key
            cached = self.store.get("page", key)
            if isinstance(cached, CachedPage):
                self.found[item.src_uri] = cached

    def cached(self, src_uri: str) -> CachedPage | None:
        return self.found.get(src_uri)

    def remember(self, src_uri: str, body: str | None, html: str) -> None:
        """A page this build rendered: kept for the next build."""
        key = self.keys.get(src_uri)
        if key is not None and body is not None and src_uri not in self.found:
            self.store.put("page", key, CachedPage(body, html))


def _surroundings(site: Site, rel: Relations, item: Bulletin) -> str:
    """What item_page.wrap adds around the body."""
    return "\x00".join((item_page.header(site, rel, item), item_evidence.evidence_html(site.context.root, item),
                        item_page.footer(site, rel, item)))
