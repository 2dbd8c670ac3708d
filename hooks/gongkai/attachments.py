"""Which published files belong to an item: the attachments its text links or shows, and its board photos,
each with its name, type, size and SHA-256 as published (after published_files removed the metadata)."""

from __future__ import annotations

import pathlib
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from . import published_files
from .load import ATTACHMENTS, BULLETINS
from .model import Bulletin
from .rules.privacy import linked_attachments

TYPE_NAMES = {".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".wps": "WPS 文字", ".xls": "Excel", ".xlsx": "Excel",
              ".et": "WPS 表格", ".csv": "CSV 表格", ".ofd": "OFD", ".zip": "压缩包", ".jpg": "JPEG 图片",
              ".jpeg": "JPEG 图片", ".png": "PNG 图片", ".gif": "GIF 图片", ".webp": "WebP 图片", ".svg": "SVG 图片"}
PHOTO_LINK = "large.jpg"  # the rendition a board photo is listed (and linked) by: every browser opens a JPEG


@dataclass(frozen=True)
class Attachment:
    url: str  # site-relative
    name: str
    type: str  # 中文 type name
    bytes: int
    sha256: str
    photo: bool = False

    def record(self) -> dict[str, object]:
        return {"url": self.url, "name": self.name, "bytes": self.bytes, "sha256": self.sha256}


def board_photo_sources(items: Iterable[Bulletin]) -> set[str]:
    return {source for item in items for source in item.board_photo_sources()}


def published_sources(root: pathlib.Path, files: Iterable[pathlib.Path], photos: set[str]) -> list[str]:
    """The attachments published as files of their own (paths under bulletins/): all but the board photos."""
    base = root / BULLETINS
    return [src for src in (f.relative_to(base).as_posix() for f in files) if src not in photos]


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _linked_files(root: pathlib.Path, item: Bulletin) -> list[str]:
    """Attachments the item's text links or shows that are published: present, of a published type, not a photo."""
    linked = linked_attachments(item)
    if not linked:
        return []
    base, own_photos = root / BULLETINS, set(item.board_photo_sources())
    return sorted(src for src in linked
                  if posixpath.splitext(src)[1].lower() in ATTACHMENTS and src not in own_photos
                  and not src.startswith("../") and (base / src).is_file())


def item_attachments(root: pathlib.Path, item: Bulletin) -> list[Attachment]:
    """The item's attachments (in the order of their names), then its board photos (in the order listed)."""
    found = []
    for src in _linked_files(root, item):
        out = published_files.attachment_output(root, src)
        found.append(Attachment(out.url, out.name, TYPE_NAMES.get(posixpath.splitext(src)[1].lower(), "文件"),
                                out.bytes, out.sha256))
    for src in item.board_photo_sources():
        out = next(o for o in published_files.photo_outputs(root, src) if o.name == PHOTO_LINK)
        found.append(Attachment(out.url, posixpath.basename(out.url), "上墙照片（JPEG）", out.bytes, out.sha256,
                                photo=True))
    return found
