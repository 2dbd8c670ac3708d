"""The item page's proof: its board photos (上墙照片, with the day each was taken) and its attachments list.

Shown on item pages only (posters are the board itself). Every clerk-written text is escaped.
"""

from __future__ import annotations

import datetime as dt
import pathlib

from . import attachments, published_files
from .board_photos import taken_date
from .load import BULLETINS
from .markup import esc
from .model import Bulletin
from .urls import relative


def photo_dates(root: pathlib.Path, item: Bulletin) -> list[dt.date | None]:
    """Each board photo's day: `taken:` if written, else the camera's EXIF date (validation made sure of one)."""
    return [photo.taken or taken_date((root / BULLETINS / source).read_bytes())
            for photo, source in zip(item.board_photos, item.board_photo_sources(), strict=True)]


def _figure(here: str, item: Bulletin, source: str, day: dt.date | None) -> str:
    def url(name: str) -> str:
        return esc(relative(here, published_files.photo_url(source, name)))
    when = f"{day.isoformat()} 拍摄" if day else "拍摄日期不详"
    alt = esc(f"上墙照片：{item.title}，{when}")
    return (f'<figure class="gk-board-photo"><a href="{url("large.jpg")}">'
            f'<picture><source type="image/webp" srcset="{url("thumb.webp")}">'
            f'<img src="{url("thumb.jpg")}" alt="{alt}" loading="lazy" decoding="async"></picture></a>'
            f"<figcaption>上墙照片 · {when}</figcaption></figure>")


def photos_html(root: pathlib.Path, item: Bulletin) -> str:
    if not item.board_photos:
        return ""
    sources = item.board_photo_sources()
    days = photo_dates(root, item)
    figures = "".join(_figure(item.url, item, source, day) for source, day in zip(sources, days, strict=True))
    return (f'<section class="gk-board-photos" aria-label="上墙照片"><h2>上墙照片</h2>'
            f'<div class="gk-photo-grid">{figures}</div></section>')


def attachments_html(root: pathlib.Path, item: Bulletin) -> str:
    files = attachments.item_attachments(root, item)
    if not files:
        return ""
    rows = "".join(f'<li><a href="{esc(relative(item.url, f.url))}">{esc(f.name)}</a> '
                   f'<span class="gk-file-meta">{esc(f.type)} · {attachments.size_text(f.bytes)}</span></li>'
                   for f in files)
    return f'<section class="gk-attachments" aria-label="附件"><h2>附件</h2><ul>{rows}</ul></section>'


def evidence_html(root: pathlib.Path, item: Bulletin) -> str:
    return photos_html(root, item) + attachments_html(root, item)
