"""Site URLs (directory style, site-relative: no leading slash) and links between them."""

from __future__ import annotations

import functools
import posixpath
import re
from urllib.parse import quote, urljoin, urlsplit

POSTERS = "posters"
FEED_DIR = "feeds"
COMPLIANCE = "compliance/"


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


def poster_url(item_url: str) -> str:
    """The item poster's site-relative URL: posters/<item url>."""
    return f"{POSTERS}/{item_url}"


def unit_poster_url(unit_id: str) -> str:
    """The whole-board poster of a unit: posters/<unit id>/, which no item poster can take (item URLs
    always have a path below the unit: <unit>/<year>/<slug>/)."""
    return f"{POSTERS}/{unit_id}/"


def compliance_url(group_id: str | None = None) -> str:
    """The 公开情况 board: of every unit, or of one township (or other group) of units."""
    return f"{COMPLIANCE}{group_id}/" if group_id else COMPLIANCE


def no_board_photo_url(group_id: str | None = None) -> str:
    """The board's 未见上墙照片 filter: the items a board photo is expected for that have none (of every
    township, or of one)."""
    return f"{COMPLIANCE}no-board-photo/{group_id}/" if group_id else f"{COMPLIANCE}no-board-photo/"


def status_anchor(category_id: str) -> str:
    """The anchor of a category's line in a unit's 公开情况 block."""
    return f"gk-status-{category_id}"


def feed_path(unit_id: str | None = None) -> str:
    """Site-relative path of the site feed (None) or of a unit's feed."""
    return f"{FEED_DIR}/{unit_id or 'all'}.xml"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at from_url to to_url, both site-relative directory URLs."""
    if _PLAIN.match(from_url) and _PLAIN.match(to_url):
        return _plain_relative(from_url, to_url)
    return _any_relative(from_url, to_url)


def _any_relative(from_url: str, to_url: str) -> str:
    start = posixpath.dirname(from_url.rstrip("/") + "/x") if from_url else "."
    target = to_url.rstrip("/") or "."
    link = _relpath(target, start or ".")
    if link == ".":
        return "./"
    if to_url.endswith("/") or not to_url:
        link += "/"
    return quote(link, safe="/#?=&%.-_~")


# A URL of plain segments (no "." or ".." segment, no empty one, no leading "/", nothing to quote): most links
# (item pages to their unit, year, neighbours and poster) take the short way, `_plain_relative`.
_PLAIN = re.compile(r"(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*)?\Z")


def _plain_relative(from_url: str, to_url: str) -> str:
    at = from_url.rstrip("/").split("/") if from_url else []
    to = to_url.rstrip("/").split("/") if to_url else []
    common = 0
    while common < len(at) and common < len(to) and at[common] == to[common]:
        common += 1
    link = "/".join([".."] * (len(at) - common) + to[common:])
    if not link:
        return "./"
    return link + "/" if to_url.endswith("/") or not to_url else link


def _relpath(target: str, start: str) -> str:
    """posixpath.relpath of two site-relative paths, without its os.getcwd() (two system calls a link)."""
    to = [p for p in posixpath.normpath(target).split("/") if p != "."]
    at = [p for p in posixpath.normpath(start).split("/") if p != "."]
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def absolute(site_url: str | None, url: str) -> str | None:
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + quote(url, safe="/#?=&%.-_~")


def canonical(site_url: str, url: str) -> tuple[str, str]:
    """A page's canonical URL and its absolute path, as MkDocs' Page sets them (urljoin of mkdocs.yml's
    site_url and the page's URL), the short way for a plain URL: 10,000 urljoins were 0.2 s of a build."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    if _PLAIN.match(url) and _joins_plainly(base):
        return base + url, urlsplit(base).path + url
    joined = urljoin(base, url)
    return joined, urlsplit(joined).path


@functools.lru_cache(maxsize=8)
def _joins_plainly(base: str) -> bool:
    """Whether urljoin appends a plain URL to ``base`` as it is (no "." or empty segment, query or fragment)."""
    parts, probe = urlsplit(base), "a/b.c/"
    return not parts.query and not parts.fragment and urljoin(base, probe) == base + probe
