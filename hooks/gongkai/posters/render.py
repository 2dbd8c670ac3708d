"""The HTML of a poster: Jinja2 templates (theme/posters/), the item body as Markdown rendered with
the site's own extensions, and a QR code back to the item's page online."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import pathlib
import re
import xml.etree.ElementTree as etree
from typing import Any

import jinja2
import markupsafe
import segno

from .. import sanitize, tables
from ..item_page import metadata_rows
from ..model import TYPE_NAMES, Bulletin
from ..page_html import finish as finish_html
from ..relations import Relations
from ..site import Site
from ..urls import absolute, poster_url, relative, unit_poster_url, unit_url
from . import summary
from .model import Board, Size, board_heading, display_label, poster_size

# The project's own theme: templates and stylesheet a site may override in its own theme/ folder.
PROJECT_ROOT = pathlib.Path(__file__).resolve().parents[3]
TEMPLATES = "theme/posters"
STYLESHEET = "assets/stylesheets/poster.css"  # site-relative; mkdocs copies it from theme/
# On screen only (the print pages; never in the PDF): the toolbar's 大字 switch and its large type.
SCREEN_STYLESHEET = "assets/stylesheets/gongkai-poster-screen.css"
LARGE_SCRIPT = "assets/javascripts/gongkai-large.js"

_LEADING_H1 = re.compile(r"^\s*#\s+[^\n]*\n?")


# ---- the item body ---------------------------------------------------------------------------

SHORT_HEADING = 6  # characters: a column heading this short (序号, 金额（元）) is never broken
_AMOUNT = re.compile(r"^[-−]?\d[\d,]*(\.\d+)?$")
_BLANK = {"", "-", "—", "——", "/"}


def _text_of(element: etree.Element) -> str:
    return "".join(element.itertext()).strip()


def _align_amounts(table: etree.Element) -> None:
    """A column of amounts (1,234.50) reads right-aligned even when the clerk wrote |---|."""
    rows = [[cell for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")]
    body = [row for row in rows if row and row[0].tag == "td"]
    for column in range(max((len(row) for row in body), default=0)):
        cells = [row[column] for row in body if column < len(row)]
        values = [_text_of(c) for c in cells if _text_of(c) not in _BLANK]
        if (not values or any(c.get("align") for c in cells)
                or not all(_AMOUNT.match(v) and ("." in v or "," in v) for v in values)):
            continue
        for row in rows:
            if column < len(row):
                row[column].set("align", "right")


def _on_paper(root: etree.Element) -> None:
    """What a poster changes in the body (before its links point to the same files from the poster page):
    heading anchors (toc) mean nothing on paper, and items sharing a board would repeat them; short column
    headings are marked so that a narrow column does not break them letter by letter, and columns of
    amounts right-aligned. The table semantics (label column, levels, totals) come from
    tables.annotate_tables, as on the page."""
    for element in root.iter():
        element.attrib.pop("id", None)
        if element.tag == "th" and len(_text_of(element)) <= SHORT_HEADING:
            element.set("class", "gk-nowrap")
        elif element.tag == "table":
            _align_amounts(element)


def body_html(site: Site, item: Bulletin, here: str) -> str:
    """The item's Markdown body as HTML for a poster page at `here`, without the leading # title: the
    site's one body renderer (markdown_body.py), then the same allow-list as the item pages (a poster
    shows nothing the page would not)."""
    body = _LEADING_H1.sub("", item.body.lstrip("\n"), count=1)
    html = site.context.markdown.html(body, source=item.src_uri, here=here, adjust=_on_paper)
    return tables.annotate_tables(sanitize.clean(html))


# ---- QR code ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)  # the board repeats the codes of its items' posters
def qr_svg(url: str | None) -> str | None:
    """An inline SVG QR code of the URL (error correction M survives a creased, sun-faded poster).

    The mask is fixed: segno's automatic choice scores all eight masks in pure Python (5.5 ms a code
    against 1.6 ms, most of the poster pages' build time on a 2,000-item site), and every mask decodes
    alike (checked with zxing-cpp on 300 site URLs at 2 px a module, sharp and blurred)."""
    if not url:
        return None
    code = segno.make(url, error="m", micro=False, mask=0)
    return code.svg_inline(scale=1, border=2, omitsize=True, svgclass="gk-qr", lineclass=None,
                           title="二维码：" + url)


# ---- templates -------------------------------------------------------------------------------

def _css_string(value: str) -> markupsafe.Markup:
    """A CSS string literal (for @page margin boxes), safe inside <style>."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return markupsafe.Markup(f'"{escaped}"')


def _csp_hash(text: str) -> str:
    """The CSP source that allows exactly this inline <style> (its text as the browser reads it)."""
    digest = base64.b64encode(hashlib.sha256(str(text).encode("utf-8")).digest()).decode()
    return markupsafe.Markup(f"'sha256-{digest}'")


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@functools.lru_cache(maxsize=4)
def environment(root: pathlib.Path) -> jinja2.Environment:
    """The site's own theme/posters/ first, then the project's."""
    folders = [str(root / TEMPLATES), str(PROJECT_ROOT / TEMPLATES)]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["css_string"] = _css_string
    env.filters["chinese_date"] = _chinese_date
    env.filters["csp_hash"] = _csp_hash
    return env


def stylesheet(root: pathlib.Path) -> pathlib.Path:
    """The poster stylesheet file (for WeasyPrint, which reads it from disk)."""
    own = root / "theme" / STYLESHEET
    return own if own.exists() else PROJECT_ROOT / "theme" / STYLESHEET


def _facts(site: Site, item: Bulletin) -> list[tuple[str, str]]:
    """The facts under the title; the unit, the review and the board period are shown elsewhere."""
    hidden = {"发布机构", "审核", "公开期限"} | ({"有效性"} if item.status == "active" else set())
    rows = [(label, value) for label, value in metadata_rows(site, item) if label not in hidden]
    rows.insert(next((n for n, (label, _) in enumerate(rows) if label == "发布日期"), len(rows)) + 1,
                ("公开期限", display_label(item, site.context)))
    return rows


def _card(site: Site, item: Bulletin, here: str) -> dict[str, Any]:
    """What the templates need of one item."""
    ctx = site.context
    category = ctx.catalogue[item.category]
    public_url = absolute(ctx.settings.site_url, item.url)
    period = item.period_obj
    return {
        "item": item, "title": item.title, "group": category.group, "category": category.name,
        "type_name": TYPE_NAMES[item.type], "when": period.label if period else (
            item.event_date.isoformat() if item.event_date else None),
        "facts": _facts(site, item), "display": display_label(item, ctx), "body": body_html(site, item, here),
        "public_url": public_url, "qr": qr_svg(public_url), "page_href": relative(here, item.url),
        "poster_href": relative(here, poster_url(item.url)),
    }


def _unit_context(site: Site, unit_id: str) -> dict[str, Any]:
    unit = site.context.units[unit_id]
    return {"unit": unit, "heading": board_heading(unit), "phones": unit.phones, "board_place": unit.board}


def _screen(here: str, for_pdf: bool) -> dict[str, Any]:
    """The print page on screen has a toolbar (back link, 大字 switch) and links its stylesheets and
    script; the PDF has none of them (WeasyPrint reads the print stylesheet from disk)."""
    if for_pdf:
        return {"toolbar": False, "css_href": None, "screen_css_href": None, "script_href": None}
    return {"toolbar": True, "css_href": relative(here, STYLESHEET),
            "screen_css_href": relative(here, SCREEN_STYLESHEET), "script_href": relative(here, LARGE_SCRIPT)}


def _finish(here: str, for_pdf: bool, html: str) -> str:
    """On screen, as on the site's pages, a phone number is a tap-to-call link and a table scrolls in
    a labelled region; the PDF keeps plain numbers and plain tables."""
    return html if for_pdf else finish_html(html)


def item_html(site: Site, item: Bulletin, *, size: Size | None = None, for_pdf: bool = False) -> str:
    """The item poster page. for_pdf: no screen toolbar and no stylesheet link (WeasyPrint gets the
    stylesheet from disk)."""
    here = poster_url(item.url)
    chosen = poster_size(item, site.context, size)
    template = environment(site.context.root).get_template("item.html")
    return _finish(here, for_pdf, template.render(
        **_unit_context(site, item.unit), card=_card(site, item, here), size=chosen, orientation="portrait",
        page_title=f"{item.title} · 公开栏海报", footer_left=f"{board_heading(site.context.units[item.unit])}"
        f"　索引号 {item.index_no or ''}",
        back_href=relative(here, item.url), back_label="返回网页版", **_screen(here, for_pdf)))


def board_orientation(board: Board, orientation: str | None = None) -> str:
    """Three or more columns need the width of landscape A3; one or two read better portrait."""
    if orientation in ("portrait", "landscape"):
        return orientation
    return "landscape" if len(board.columns) >= 3 else "portrait"


def column_widths(board: Board) -> list[int]:
    """Column widths in per cent, by how much each column holds, so that the columns end at about the
    same height and the board needs as few sheets as it can; no column narrower than a table needs."""
    weights = [300 + sum(600 + len(item.body) for item in items) for _, items in board.columns]
    if not weights:
        return []
    low = 75 / len(weights)  # three columns: at least 25 % each (a four-column table still fits)
    narrow: set[int] = set()
    while True:  # columns below the minimum get it; the others share the rest by weight
        rest = [i for i in range(len(weights)) if i not in narrow]
        room = 100 - low * len(narrow)
        shares = {i: room * weights[i] / sum(weights[j] for j in rest) for i in rest}
        below = {i for i, share in shares.items() if share < low}
        if not below:
            break
        narrow |= below
    widths = [round(low) if i in narrow else round(shares[i]) for i in range(len(weights))]
    widths[widths.index(max(widths))] += 100 - sum(widths)
    return widths


def board_html(site: Site, rel: Relations, board: Board, *, size: Size = "A3", orientation: str | None = None,
               for_pdf: bool = False) -> str:
    """The whole-board poster of a unit (三务公开栏), with its compliance summary at the foot."""
    unit = board.unit
    here = unit_poster_url(unit.id)
    columns = [(group, [_card(site, item, here) for item in items]) for group, items in board.columns]
    unit_public = absolute(site.context.settings.site_url, unit_url(unit.id))
    template = environment(site.context.root).get_template("board.html")
    return _finish(here, for_pdf, template.render(
        **_unit_context(site, unit.id), columns=columns, as_of=board.as_of, count=len(board.items),
        widths=column_widths(board), size=size, orientation=board_orientation(board, orientation),
        compliance=summary.for_unit(site, unit.id),
        unit_public_url=unit_public, unit_qr=qr_svg(unit_public),
        page_title=f"{board_heading(unit)} · 整栏海报", footer_left=f"{board_heading(unit)}　"
        f"截至 {_chinese_date(board.as_of)}", back_href=relative(here, unit_url(unit.id)),
        back_label=f"返回{unit.name}", **_screen(here, for_pdf)))
