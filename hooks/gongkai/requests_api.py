"""The register as open data: site/api/requests.json (every case) and <unit>/requests/lookup.json (the
unit's cases, read by the lookup on its page). No applicant identity: what kind of applicant, never who."""

from __future__ import annotations

import pathlib
from typing import Any

from .api import write_json
from .requests_model import Entry, status_sentence
from .requests_page import LOOKUP_FILE
from .requests_register import site_entries
from .site import Site
from .urls import requests_url


def record(found: Entry) -> dict[str, Any]:
    """{unit, kind, no, received, due, replied, status, days_late, result, reason, applicant_type}."""
    case, front = found.case, found.case.request
    return {"unit": case.unit, "kind": case.kind, "no": case.no, "received": case.received.isoformat(),
            "due": found.due.isoformat() if found.due else None,
            "replied": case.replied.isoformat() if case.replied else None,
            "status": found.status, "days_late": found.days_late,
            "result": front.result if front else None, "reason": front.reason if front else None,
            "applicant_type": front.applicant_type if front else None}


def lookup_record(found: Entry) -> dict[str, Any]:
    """The api record plus what the lookup shows: the status in words and, for an application, its subject."""
    front = found.case.request
    return {**record(found), "text": status_sentence(found), "subject": front.subject if front else None}


def write(site: Site, site_dir: pathlib.Path) -> None:
    """WRITER: api/requests.json and one lookup.json per unit page."""
    entries = site_entries(site.context)
    write_json(site_dir / "api" / "requests.json", [record(e) for e in entries])
    for unit in site.context.units.values():
        if site.context.scope is not None and unit.id not in site.context.scope:
            continue
        mine = [lookup_record(e) for e in entries if e.case.unit == unit.id]
        write_json(site_dir / requests_url(unit.id) / LOOKUP_FILE, mine)
