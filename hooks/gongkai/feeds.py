"""Atom feeds, made with feedgen: one for the whole site (feeds/all.xml) and one per unit
(feeds/<unit>.xml), newest first, so the public can follow a village without visiting every day.

Every page links the site feed in its <head>; a unit's pages also link the unit's feed
(theme/partials/gk-extrahead.html, from the `feed_units` mapping the build puts in `extra`).
"""

from __future__ import annotations

import datetime as dt
import html
import pathlib
import re
from collections.abc import Iterable

import nh3
from feedgen.feed import FeedGenerator

from .model import STATUS_NAMES, Bulletin
from .pages import when
from .reuse import reused, settings_json
from .site import Site
from .urls import FEED_DIR, absolute, feed_path, relative

FEED_LIMIT = 50  # entries per feed: readers only need what is new
SUMMARY_CHARS = 160
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")

_SKIP_BLOCK = re.compile(r"^\s*(#|\||<!--|```|~~~)")
_SPACE = re.compile(r"\s+")


def feed_units(site: Site) -> dict[str, str]:
    """{unit id: unit name} of the units that have a feed (every unit): for the <head> links."""
    return {unit.id: unit.name for unit in site.context.units.values()}


def newest_first(items: Iterable[Bulletin]) -> list[Bulletin]:
    return sorted(items, key=lambda i: (i.published, i.event_date or i.published, i.path), reverse=True)


def excerpt(site: Site, item: Bulletin, limit: int = SUMMARY_CHARS) -> str:
    """The first paragraph of prose (no heading, table or comment), as plain text (rendered by the site's
    body renderer, markdown_body.py)."""
    for block in re.split(r"\n\s*\n", item.body):
        if not block.strip() or _SKIP_BLOCK.match(block):
            continue
        text = _SPACE.sub(" ", html.unescape(nh3.clean(site.context.markdown.html(block), tags=set()))).strip()
        if text:
            return text if len(text) <= limit else text[: limit - 1] + "…"
    return ""


def summary(site: Site, item: Bulletin) -> str:
    unit = site.context.units[item.unit]
    category = site.context.catalogue[item.category]
    about = f"事件日期 {item.event_date.isoformat()}" if item.event_date else when(item)
    facts = f"{unit.name} · {category.name} · {about} · 发布于 {item.published.isoformat()}"
    text = excerpt(site, item)
    return f"{facts}。{text}" if text else f"{facts}。"


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=CHINA)


def build_feed(site: Site, items: list[Bulletin], *, title: str, unit_id: str | None = None) -> FeedGenerator:
    settings = site.context.settings
    here = FEED_DIR + "/"
    path = feed_path(unit_id)
    home = absolute(settings.site_url, f"{unit_id}/" if unit_id else "")
    fg = FeedGenerator()
    fg.id(absolute(settings.site_url, path) or f"urn:gongkai:feed:{unit_id or 'all'}")
    fg.title(title)
    fg.language("zh-CN")
    fg.author({"name": site.context.units[unit_id].name if unit_id else settings.site_name})
    fg.link(href=home or relative(here, f"{unit_id}/" if unit_id else ""), rel="alternate", type="text/html")
    if settings.site_url:
        fg.link(href=absolute(settings.site_url, path), rel="self", type="application/atom+xml")
    fg.generator("gongkai")
    shown = newest_first(items)[:FEED_LIMIT]
    fg.updated(_moment(shown[0].published if shown else site.context.as_of))
    for item in shown:
        unit = site.context.units[item.unit]
        category = site.context.catalogue[item.category]
        entry = fg.add_entry(order="append")
        entry.id(f"urn:gongkai:{item.index_no}")
        mark = "" if item.status == "active" else f"【{STATUS_NAMES[item.status]}】"
        entry.title(mark + item.title)
        entry.link(href=absolute(settings.site_url, item.url) or relative(here, item.url), rel="alternate")
        entry.author({"name": unit.name})
        entry.category(term=category.id, label=category.name)
        entry.published(_moment(item.published))
        entry.updated(_moment(item.published))
        entry.summary(summary(site, item))
    return fg


def feed_bytes(site: Site, items: list[Bulletin], *, title: str, unit_id: str | None = None) -> bytes:
    """The Atom file of ``items`` (newest FEED_LIMIT): reused from the cache while the items it shows, the
    title and the shared inputs are unchanged (a county has hundreds of unit feeds; one edit touches two)."""
    shown = newest_first(items)[:FEED_LIMIT]
    parts = [item.model_dump_json() for item in shown]  # JSON: the same bytes in every process
    return reused(site, "feed", lambda: build_feed(site, shown, title=title, unit_id=unit_id).atom_str(pretty=True),
                  title, unit_id or "", settings_json(site), *parts)


def write(site: Site, site_dir: pathlib.Path) -> None:
    """Writer: site/feeds/all.xml and site/feeds/<unit>.xml."""
    out = site_dir / FEED_DIR
    out.mkdir(parents=True, exist_ok=True)
    name = site.context.settings.site_name
    (out / "all.xml").write_bytes(feed_bytes(site, site.bulletins, title=f"{name} · 最新公开"))
    by_unit: dict[str, list[Bulletin]] = {unit: [] for unit in site.context.units}
    for item in site.bulletins:
        by_unit[item.unit].append(item)
    for unit_id, items in by_unit.items():
        unit = site.context.units[unit_id]
        (site_dir / feed_path(unit_id)).write_bytes(
            feed_bytes(site, items, title=f"{unit.name} · 公开信息", unit_id=unit_id))
    # mkdocs-material reads every <link rel="alternate"> as a language version of the site and
    # fetches sitemap.xml beside it; an empty one spares each page view a 404.
    (out / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                                     '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n',
                                     encoding="utf-8")
