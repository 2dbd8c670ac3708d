"""When each disclosure was due and whether it came: `compute(items, ctx)` makes every compliance record
(compliance.Record) of a site as of ctx.as_of, once per run (validate.validate_site stores it as
Site.compliance). The rules are listed in compliance.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from .board_photo_due import photo_state
from .compliance import Record, Report
from .model import Bulletin, Category, Unit
from .periods import Period
from .site import Context
from .workdays import UnknownYear, WorkCalendar


def _late(due: dt.date, published: dt.date) -> tuple[str, int]:
    days = (published - due).days
    return ("late", days) if days > 0 else ("on_time", 0)


def _about(item: Bulletin) -> dt.date:
    """The first date an item is about: its period's start, its event, else its publication."""
    period = item.period_obj
    return period.start if period else (item.event_date or item.published)


def _periodic(unit: Unit, cat: Category, series: list[Bulletin], start: dt.date,
              as_of: dt.date, required: bool = True) -> list[Record]:
    """One record per period published (any length: a monthly list in a quarterly category, a yearly
    公示 in a quarterly one, each due after its own period) and, when the unit must publish the
    category, one `missing` record per period of the cadence that no published period covers."""
    assert cat.cadence is not None
    by_period: dict[Period, list[Bulletin]] = defaultdict(list)
    for item in series:
        period = item.period_obj
        if period and item.status != "withdrawn" and period.start >= start:
            by_period[period].append(item)
    records = []
    for period, items in by_period.items():
        due = cat.deadline(period)
        first = min(items, key=lambda i: (i.published, i.path))
        status, days = _late(due, first.published)
        records.append(Record(unit.id, cat.id, cat.type, status, due, days, period, first))
    if required:
        records += _missing_periods(unit, cat, list(by_period), start, as_of)
    return sorted(records, key=lambda r: (r.period.start, r.period.end) if r.period else (start, start))


def _missing_periods(unit: Unit, cat: Category, published: list[Period], start: dt.date,
                     as_of: dt.date) -> list[Record]:
    """Periods of the cadence whose deadline has passed and that no published period overlaps."""
    assert cat.cadence is not None
    records = []
    spans = [(p.start, p.end) for p in published]
    period = Period.containing(start, cat.cadence)
    if period.start < start:
        period = period.next()
    while (due := cat.deadline(period)) < as_of:  # due has passed: expected, published or not
        first, last = period.start, period.end
        if not any(begin <= last and end >= first for begin, end in spans):
            records.append(Record(unit.id, cat.id, cat.type, "missing", due, (as_of - due).days, period))
        period = period.next()
    return records


def _chains(series: list[Bulletin]) -> list[list[Bulletin]]:
    """Items grouped with their corrections: each item joins the chain of what it supersedes."""
    by_index = {i.index_no: i for i in series if i.index_no}

    def root(item: Bulletin) -> Bulletin:
        seen = {id(item)}
        while item.supersedes in by_index and id(by_index[item.supersedes]) not in seen:
            item = by_index[item.supersedes]
            seen.add(id(item))
        return item

    chains: dict[int, list[Bulletin]] = defaultdict(list)
    for item in series:
        chains[id(root(item))].append(item)
    return list(chains.values())


def _immediate(unit: Unit, cat: Category, series: list[Bulletin], start: dt.date,
               calendar: WorkCalendar) -> list[Record]:
    records = []
    for chain in _chains(series):
        live = [i for i in chain if i.status != "withdrawn" and i.event_date and i.event_date >= start]
        if not live:
            continue
        first = min(live, key=lambda i: (i.published, i.path))
        assert first.event_date is not None
        try:
            deadline = calendar.add_working_days(first.event_date, cat.deadline_working_days or 0)
        except UnknownYear as gap:
            records.append(Record(unit.id, cat.id, cat.type, "unknown", None, None, None, first, gap.year))
            continue
        status, days = _late(deadline, first.published)
        records.append(Record(unit.id, cat.id, cat.type, status, deadline, days, None, first))
    return sorted(records, key=lambda r: (r.item.event_date, r.item.path) if r.item else (start, ""))


def _open(unit: Unit, cat: Category, series: list[Bulletin], start: dt.date, as_of: dt.date,
          followed: frozenset[str]) -> list[Record]:
    """Decisions past their `complete_by` that nothing follows yet (四议两公开: no result disclosed)."""
    records = []
    for chain in _chains(series):
        if any(i.index_no in followed for i in chain):
            continue
        live = [i for i in chain if i.status != "withdrawn" and i.complete_by and i.complete_by < as_of
                and (i.event_date or i.published) >= start]
        if live:
            item = max(live, key=lambda i: (i.published, i.path))  # the correction in force
            assert item.complete_by is not None
            records.append(Record(unit.id, cat.id, cat.type, "open", item.complete_by,
                                  (as_of - item.complete_by).days, None, item))
    return records


def _standing(unit: Unit, cat: Category, series: list[Bulletin], start: dt.date,
              as_of: dt.date) -> list[Record]:
    live = [i for i in series if i.status != "withdrawn"]
    if not live:
        if start >= as_of:
            return []
        return [Record(unit.id, cat.id, cat.type, "missing", start, (as_of - start).days)]
    item = max(live, key=lambda i: (i.reviewed_on or i.published, i.published, i.path))
    due = (item.reviewed_on or item.published) + dt.timedelta(days=cat.review_days)
    if as_of > due:
        return [Record(unit.id, cat.id, cat.type, "stale", due, (as_of - due).days, None, item)]
    return [Record(unit.id, cat.id, cat.type, "on_time", due, 0, None, item)]


def _records(unit: Unit, cat: Category, own: list[Bulletin], start: dt.date, as_of: dt.date,
             calendar: WorkCalendar, required: bool) -> list[Record]:
    """The records of one unit and category; a category the unit only may publish is never `missing`."""
    if cat.type == "periodic" and cat.cadence:
        periodic = [i for i in own if i.type != "immediate"]
        one_off = [i for i in own if i.type == "immediate"]  # 一般事项: one-off notices
        return (_periodic(unit, cat, periodic, start, as_of, required)
                + (_immediate(unit, cat, one_off, start, calendar) if one_off else []))
    if cat.type == "immediate":
        return _immediate(unit, cat, own, start, calendar)
    if cat.type == "standing" and (required or own):
        return _standing(unit, cat, own, start, as_of)
    return []


# One unit's records and the date counting starts from (None: nothing to count from).
UnitRecords = tuple[list[Record], dt.date | None]
# How compute reuses a unit's records: (unit id, its visible items, the 索引号 any item follows, make) → what
# make() gives, or the same records from an earlier run with the same inputs (incremental.Memo.unit_records).
Reuse = Callable[[str, list[Bulletin], frozenset[str], Callable[[], UnitRecords]], UnitRecords]


def compute(items: list[Bulletin], ctx: Context, reuse: Reuse | None = None) -> Report:
    """Every compliance record of the site as of ctx.as_of (pure: same inputs, same records). A unit's records
    depend on its own visible items, the 索引号 that items follow, and the shared inputs only: ``reuse``
    may answer them from the cache."""
    calendar, problems = ctx.work_calendar
    as_of = ctx.as_of
    by_unit: dict[str, list[Bulletin]] = defaultdict(list)
    for item in items:
        if item.published <= as_of:
            by_unit[item.unit].append(item)
    followed = frozenset(i.follows for units in by_unit.values() for i in units
                         if i.follows and i.status != "withdrawn")
    records: list[Record] = []
    starts: dict[str, dt.date | None] = {}
    for unit in ctx.units.values():
        if ctx.scope is not None and unit.id not in ctx.scope:  # a shard counts its own units only
            continue
        own = by_unit.get(unit.id, [])

        def make(unit: Unit = unit, own: list[Bulletin] = own) -> UnitRecords:
            return _unit_records(unit, own, followed, ctx, calendar)

        unit_records, starts[unit.id] = reuse(unit.id, own, followed, make) if reuse else make()
        records += unit_records
    return Report(as_of, records, starts, calendar, problems)


def _unit_records(unit: Unit, items: list[Bulletin], followed: frozenset[str], ctx: Context,
                  calendar: WorkCalendar) -> UnitRecords:
    """One unit's records (with their board photos' state) from its visible items."""
    start = unit.since or min((_about(i) for i in items), default=None)
    if start is None:
        return [], None
    series: dict[str, list[Bulletin]] = defaultdict(list)
    for item in items:
        series[item.category].append(item)
    followed_categories = {c.follows for c in ctx.catalogue.values() if c.follows}
    records: list[Record] = []
    for cat, must in ctx.categories_for(unit.id):
        own = sorted(series.get(cat.id, []), key=lambda i: (i.published, i.path))
        if not (must or own):
            continue
        records += _records(unit, cat, own, start, ctx.as_of, calendar, must)
        if cat.id in followed_categories:
            records += _open(unit, cat, own, start, ctx.as_of, followed)
    if ctx.settings.board_photo_expected.kinds:
        records = [_with_photo(r, ctx, calendar) for r in records]
    return records, start


def _with_photo(record: Record, ctx: Context, calendar: WorkCalendar) -> Record:
    state = photo_state(record.item, ctx, calendar)
    return record if state is None else dataclasses.replace(record, board_photo=state)
