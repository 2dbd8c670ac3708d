"""Writers' outputs reused from the build's cache (cache.py): a value made from the shared inputs and a few
parts, stored under the digest of both.

`site.inputs_key` covers what every output depends on (theme/, hooks/, mkdocs.yml, units.yml, the catalogue,
calendar.yml, the attachments, the versions, the as-of date); ``parts`` name what else the value is made
from (an item's JSON, the settings …). Without a cache (or without the shared key: a join) the value is made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .cache import digest
from .site import Site

T = TypeVar("T")


def key_of(site: Site, kind: str, *parts: str | bytes) -> str | None:
    """The key `reused` stores a value under (None: the site has no cache, or no shared key)."""
    if site.cache is None or not site.inputs_key:
        return None
    return digest(site.inputs_key, kind, *parts)


def reused(site: Site, kind: str, make: Callable[[], T], *parts: str | bytes) -> T:
    """``make()``, or what it gave a previous build for the same shared inputs and ``parts``."""
    return reused_under(site, kind, key_of(site, kind, *parts), make)


def reused_under(site: Site, kind: str, key: str | None, make: Callable[[], T]) -> T:
    """``make()``, or what it gave a previous build under ``key`` (`key_of`, taken already)."""
    if site.cache is None or key is None:
        return make()
    return site.cache.get_or_make(kind, key, make)


def settings_json(site: Site) -> str:
    """The settings as this build read them (mkdocs.yml, and what `mkdocs serve` changes in it)."""
    return site.context.settings.model_dump_json()
