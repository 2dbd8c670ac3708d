"""The compliance summary at the foot of a whole-board poster: the same records as the site's
公开情况 (compliance.py), as plain text for paper (no links, no colours needed to read it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..compliance import Record, short_name, status_text
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
    item = record.item
    what = f"{name}{record.period.label}" if record.period else (item.title if item else name)
    text = status_text(record)
    if record.status == "missing":
        return f"{what}：{text}，应于 {record.due} 前公开" if record.period else f"{what}：{text}"
    if record.status == "late" and item:
        return f"{what}：{text}（应于 {record.due} 前公开，{item.published} 发布）"
    if record.status == "stale":
        return f"{what}：{text}，应于 {record.due} 前复核"
    if record.status == "open":
        return f"{what}：{text}，应于 {record.due} 前公开实施结果"
    return f"{what}：{text}"


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
