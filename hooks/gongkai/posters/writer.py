"""The build's poster WRITER: an item poster page for every item and a whole-board poster page for
every unit, as HTML in the built site (printable from any browser; no WeasyPrint needed)."""

from __future__ import annotations

import logging
import pathlib

from .. import kept_site
from ..model import Bulletin
from ..relations import Relations
from ..reuse import key_of, reused, reused_under
from ..site import Site
from ..urls import poster_url, unit_poster_url
from . import summary
from .model import board
from .render import board_html, item_html

log = logging.getLogger("mkdocs.plugins.gongkai")

NO_SITE_URL = ("mkdocs.yml 没有设置 site_url（网站的正式网址），海报上无法生成二维码。"
               "请在 mkdocs.yml 中写上 site_url: https://你的网站地址/ 后重新构建。")


def warn_without_site_url(site: Site) -> bool:
    """Warn once per build when QR codes cannot be made; True when they can."""
    if site.context.settings.site_url:
        return True
    log.warning(NO_SITE_URL)
    return False


def _item_posters(site: Site, kept: kept_site.Part) -> None:
    """An item's poster page depends on the item and the shared inputs (units, catalogue, settings, the as-of
    date, the templates): from the build's cache when both are unchanged (cache.py), and not even read from it
    when the kept site holds the poster of the same key (kept_site.py)."""
    for item in site.bulletins:
        key = key_of(site, "poster", item.model_dump_json())  # JSON: the same in every process

        def make(item: Bulletin = item, key: str | None = key) -> str:
            return reused_under(site, "poster", key, lambda: item_html(site, item))

        rel = _page(poster_url(item.url))
        if key is None:
            kept.write(rel, make())
        else:
            kept.write_lazily(rel, key, make)


def _board_poster(site: Site, rel: Relations, unit_id: str) -> str:
    """A unit's whole-board poster depends on the items on its board, its compliance summary and the shared
    inputs: reused from the cache while they are unchanged."""
    shown = board(site, rel, unit_id)
    parts = [repr(summary.for_unit(site, unit_id))]
    for group, items in shown.columns:
        parts += [group, *(item.model_dump_json() for item in items)]
    return reused(site, "board-poster", lambda: board_html(site, rel, shown), unit_id, *parts)


def _page(url: str) -> str:
    return f"{url}index.html"


def write(site: Site, site_dir: pathlib.Path) -> None:
    """Every poster page; the files that would not change are not written again (kept_site.py)."""
    warn_without_site_url(site)
    rel = Relations.of(site.bulletins)
    kept = kept_site.Part.open(site_dir, site.cache, "posters")
    _item_posters(site, kept)
    for unit_id in site.context.units:
        kept.write(_page(unit_poster_url(unit_id)), _board_poster(site, rel, unit_id))
    kept.save()
