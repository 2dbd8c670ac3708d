"""Posters for the physical notice board (公开栏): one print page per item and one whole-board
poster per unit, as HTML in the built site and, through `gongkai posters`, as PDF (WeasyPrint).

model.py   what goes on a unit's board today, 公开期限, poster size
render.py  the HTML of a poster (Jinja2 templates in theme/posters/, body Markdown, QR code)
writer.py  the build's WRITER: poster pages into the site, poster_url into api/bulletins.json
pdf.py     PDFs with WeasyPrint (imported only by the command: the site build does not need it)
command.py `gongkai posters`
"""

from __future__ import annotations

from typing import Any

from .. import api

POSTERS = "posters"


def poster_url(item_url: str) -> str:
    """The item poster's site-relative URL: posters/<item url>."""
    return f"{POSTERS}/{item_url}"


def board_url(unit_id: str) -> str:
    """The whole-board poster of a unit: posters/<unit id>/, which no item poster can take (item URLs
    always have a path below the unit: <unit>/<year>/<slug>/)."""
    return f"{POSTERS}/{unit_id}/"


def _record_poster_url(site: Any, item: Any) -> str:
    return poster_url(item.url)


api.RECORD_FIELDS["poster_url"] = _record_poster_url
