"""What a shard build and the join keep: of the generated pages, and of the files in the built site."""

from __future__ import annotations

import pathlib
import shutil
from typing import Any

from ..model import Unit
from ..urls import FEED_DIR, POSTERS, feed_path

MANIFEST = "shard.json"
SITEMAP = "sitemap.xml"
API_MERGED = ("bulletins.json", "compliance.json")  # the api files a shard keeps, for the join to merge
SEARCH_MERGED = ("index.json", "p", "d")  # the search index files a shard keeps


def nav_sources(nav: Any) -> set[str]:
    """Every page file named in mkdocs.yml's nav."""
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= nav_sources(value)
    elif isinstance(nav, list):
        for value in nav:
            found |= nav_sources(value)
    return found


def shard_pages(generated: dict[str, str], scope: frozenset[str], nav: set[str]) -> dict[str, str]:
    """A shard's generated pages: its units' own; the global pages the nav names become empty stubs
    (the join writes them), so the navigation on the shard's pages is the whole build's."""
    kept = {src: md for src, md in generated.items() if src.split("/", 1)[0] in scope}
    kept.update({src: "" for src in generated if src in nav and src not in kept})
    return kept


def global_pages(generated: dict[str, str], units: dict[str, Unit]) -> dict[str, str]:
    """The join's pages: every generated page that is not under a unit (those come from the shards)."""
    return {src: md for src, md in generated.items() if src.split("/", 1)[0] not in units}


def prune(site_dir: pathlib.Path, scope: frozenset[str]) -> None:
    """Leave in a shard's output only what is its own: its units' folders, posters and feeds, api/,
    search/ (the index files, for the join to merge) and shard.json."""
    own_feeds = {pathlib.Path(feed_path(u)).name for u in scope} | {pathlib.Path(feed_path()).name, SITEMAP}
    keep = {".": set(scope) | {"api", "search", POSTERS, FEED_DIR, MANIFEST, SITEMAP},
            POSTERS: set(scope), FEED_DIR: own_feeds, "search": set(SEARCH_MERGED), "api": set(API_MERGED)}
    for sub, own in keep.items():
        folder = site_dir / sub
        for entry in folder.iterdir() if folder.is_dir() else []:
            if entry.name not in own:
                remove(entry)


def remove(path: pathlib.Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()
