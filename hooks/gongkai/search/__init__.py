"""Chinese full-text search for the static site: a sharded character n-gram index.

The build writes ``<site>/search/``; ``theme/assets/javascripts/gongkai-search.js`` reads it in the
browser and fetches only the files a query needs. Design: ``docs/dev/search-design.md``.
"""

from __future__ import annotations

from .build import build_search_index
from .doc import SearchDoc
from .normalise import normalise

__all__ = ["SearchDoc", "build_search_index", "normalise"]
