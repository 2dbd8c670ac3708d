"""Site URLs (directory style, site-relative: no leading slash) and links between them."""

from __future__ import annotations

import posixpath
from urllib.parse import quote


def unit_url(unit_id: str) -> str:
    return f"{unit_id}/"


def unit_year_url(unit_id: str, year: int) -> str:
    return f"{unit_id}/{year}/"


def requests_url(unit_id: str) -> str:
    """The unit's 依申请公开 / 意见反馈 page (requests_page.py)."""
    return f"{unit_id}/requests/"


def category_url(category_id: str) -> str:
    return f"categories/{category_id}/"


def category_year_url(category_id: str, year: int) -> str:
    return f"categories/{category_id}/{year}/"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at from_url to to_url, both site-relative directory URLs."""
    start = posixpath.dirname(from_url.rstrip("/") + "/x") if from_url else "."
    target = to_url.rstrip("/") or "."
    link = posixpath.relpath(target, start or ".")
    if link == ".":
        return "./"
    if to_url.endswith("/") or not to_url:
        link += "/"
    return quote(link, safe="/#?=&%.-_~")


def absolute(site_url: str | None, url: str) -> str | None:
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + quote(url, safe="/#?=&%.-_~")
