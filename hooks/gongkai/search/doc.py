"""What the search index is made from: one published item as search sees it."""

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
    text: str  # plain text of the item body ("" when the index asks for it: see source)
    # A digest of what the text is made from (the published HTML), when the text is left to the index's
    # text_of: the index then makes it only for items not in its cache (build.build_search_index).
    source: str = ""
