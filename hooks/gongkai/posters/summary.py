"""The compliance summary at the foot of a whole-board poster: the same records as the site's
公开情况 (compliance.py), as plain text for paper (no links, no colours needed to read it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..compliance import Record, describe, short_name
from ..compliance_page import cell_text
from ..site import Site

MAX_PROBLEMS = 12  # a poster lists the first problems; the site lists them all


@dataclass
class Summary:
    start: str  # the date counting starts, ISO
    cells: list[tuple[str, str, str]]  # (category short name, worst status, its words)
    counts: dict[str, int]
    problems: list[str] = field(default_factory=list)
    more: int = 0


def _problem(record: Record, name: str) -> str:
    """One problem as plain text (compliance.describe): 财务收支2026年7月：逾期 3 天，应于 … 前公开，… 发布."""
    said = describe(record)
    what = f"{name}{said.what}" if record.period else (said.what or name)
    return f"{what}：{said.status}，{said.detail}" if said.detail else f"{what}：{said.status}"


def for_unit(site: Site, unit_id: str) -> Summary | None:
    """None when nothing is counted for the unit yet (no `since` and no items)."""
    report = site.compliance
    start = report.starts.get(unit_id)
    if start is None:
        return None
    ctx = site.context
    records = report.cells()
    cells: list[tuple[str, str, str]] = []
    problems: list[str] = []
    for base in ctx.applicable(unit_id):
        category = ctx.category_for(unit_id, base.id)
        assert category is not None
        own = records.get((unit_id, category.id), [])
        status, text, note = cell_text(own)
        cells.append((short_name(category), status or "none", f"{text} {note}".strip()))
        problems += [_problem(r, short_name(category)) for r in own if r.status != "on_time"]
    return Summary(start=start.isoformat(), cells=cells, counts=report.counts([unit_id]),
                   problems=problems[:MAX_PROBLEMS], more=max(0, len(problems) - MAX_PROBLEMS))
