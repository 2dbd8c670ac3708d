"""Chinese full-text search for the static site: a sharded character n-gram index.

The build writes ``<site>/search/``; ``theme/assets/javascripts/gongkai-search.js`` reads it in the
browser and fetches only the files a query needs. Design: ``docs/dev/search-design.md``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchDoc:
    """One published item as search sees it (already validated and privacy-redacted)."""

    url: str  # site-relative page URL, e.g. "yuhuazhai/2026/finance-2026-07/"
    title: str
    unit: str  # unit id, e.g. "yuhuazhai"
    unit_name: str  # 鱼化寨村
    units_path: tuple[str, ...]  # ancestor unit ids from the top, incl. own id
    category: str  # catalogue id, e.g. "finance"
    category_name: str  # 财务收支
    type: str  # standing | periodic | immediate
    date: str  # published, ISO
    period: str | None  # e.g. "2026-Q3" or None
    status: str  # active | withdrawn | superseded
    text: str  # plain text of the item body


from .build import build_search_index  # noqa: E402  (SearchDoc first: build imports it)
from .normalise import normalise  # noqa: E402

__all__ = ["SearchDoc", "build_search_index", "normalise"]
