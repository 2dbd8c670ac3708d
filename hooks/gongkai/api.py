"""Open data under site/api/: the catalogue of every item (bulletins.json) and the units (units.json)."""

from __future__ import annotations

import json
import pathlib
from typing import Any

from . import attachments
from .model import Bulletin
from .site import Site
from .urls import poster_url, unit_url


def bulletin_record(site: Site, item: Bulletin) -> dict[str, Any]:
    return {
        "index_no": item.index_no, "unit": item.unit, "unit_name": site.context.units[item.unit].name,
        "category": item.category, "type": item.type, "period": item.period,
        "event_date": item.event_date.isoformat() if item.event_date else None,
        "published": item.published.isoformat(), "title": item.title, "url": item.url, "status": item.status,
        "doc_no": item.doc_no, "supersedes": item.supersedes, "follows": item.follows,
    }


def _attachments(site: Site, item: Bulletin) -> list[dict[str, object]]:
    """Every file of the item as published: [{url, name, bytes, sha256}] (attachments.py)."""
    return [a.record() for a in attachments.item_attachments(site.context.root, item)]


def bulletins_json(site: Site) -> list[dict[str, Any]]:
    """Every item, with its files and the URL of its poster (documented in docs/guide/api.md, not in the
    schema yet)."""
    ordered = sorted(site.bulletins, key=lambda i: (i.unit, i.published, i.path))
    return [{**bulletin_record(site, item), "attachments": _attachments(site, item),
             "poster_url": poster_url(item.url)} for item in ordered]


def units_json(site: Site) -> list[dict[str, Any]]:
    return [{"id": u.id, "name": u.name, "kind": u.kind, "parent": u.parent, "code": u.code,
             "phone": u.phones, "board": u.board, "since": u.since.isoformat() if u.since else None,
             "url": unit_url(u.id)} for u in site.context.units.values()]


def write_json(path: pathlib.Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def write(site: Site, site_dir: pathlib.Path) -> None:
    write_json(site_dir / "api" / "bulletins.json", bulletins_json(site))
    write_json(site_dir / "api" / "units.json", units_json(site))
