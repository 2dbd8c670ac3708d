"""The register's legal deadlines and statuses, and the annual report's part 三 counted from it (pure).

Deadline of an application (条例 arts. 30–33), in the compliance calendar's working days (workdays.py):
- due = the 20th working day after `received` (that day not counted), or after `correction_received`;
- plus the working days d with third_party_sent < d ≤ third_party_replied (while a third party has not
  answered, the clock stands still up to the as-of date);
- plus 20 working days when `extended` is on or before that due date (a later one does not count and
  is reported, GK702).
A question (意见反馈) is due `feedback_days` working days after `received`.
Status as of a date: on_time (replied ≤ due), late (replied > due), overdue (no reply, as-of > due),
pending (no reply, not yet due). days_late counts working days after `due` (at least 1 when late).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .requests_model import (
    APPLICANT_TYPES,
    EXTENSION_WORKING_DAYS,
    FEEDBACK_DAYS,
    FEEDBACK_DAYS_DEFAULT,
    REPLY_WORKING_DAYS,
    RESULT_ROWS,
    Case,
    Entry,
    RequestFront,
    canonical_reason,
)
from .site import Context
from .workdays import UnknownYear, WorkCalendar, load_calendar


def working_days_between(calendar: WorkCalendar, after: dt.date, until: dt.date) -> int:
    """How many working days d with after < d ≤ until."""
    count, day = 0, after
    while day < until:
        day += dt.timedelta(days=1)
        count += calendar.is_workday(day)
    return count


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    extension_too_late: bool = False  # `extended` after the due date without it: not counted


def request_due(front: RequestFront, calendar: WorkCalendar, as_of: dt.date) -> Deadline:
    """The reply deadline of one application (raises UnknownYear when the calendar lacks a year)."""
    start = front.correction_received or front.received
    due = calendar.add_working_days(start, REPLY_WORKING_DAYS)
    if front.third_party_sent:
        until = front.third_party_replied or max(as_of, front.third_party_sent)
        due = calendar.add_working_days(due, working_days_between(calendar, front.third_party_sent, until))
    if front.extended is None:
        return Deadline(due)
    if front.extended > due:
        return Deadline(due, extension_too_late=True)
    return Deadline(calendar.add_working_days(due, EXTENSION_WORKING_DAYS))


def feedback_days(unit_kind: str, unit_days: int | None) -> int:
    """Working days to answer a question: the unit's own `feedback_days`, else its kind's default."""
    return unit_days if unit_days is not None else FEEDBACK_DAYS.get(unit_kind, FEEDBACK_DAYS_DEFAULT)


def status_of(due: dt.date, replied: dt.date | None, as_of: dt.date, calendar: WorkCalendar) -> tuple[str, int]:
    """(status, working days late) of a case due on `due`, as of `as_of`."""
    if replied is not None:
        if replied <= due:
            return "on_time", 0
        return "late", max(1, working_days_between(calendar, due, replied))
    if as_of > due:
        return "overdue", max(1, working_days_between(calendar, due, as_of))
    return "pending", 0


def entry(case: Case, calendar: WorkCalendar, as_of: dt.date, days_for_feedback: int) -> Entry:
    """One case with its deadline and its status as of `as_of`."""
    try:
        if case.request is not None:
            deadline = request_due(case.request, calendar, as_of)
        else:
            deadline = Deadline(calendar.add_working_days(case.received, days_for_feedback))
        replied = case.replied if case.replied and case.replied <= as_of else None  # not yet, as of then
        status, late = status_of(deadline.due, replied, as_of, calendar)
    except UnknownYear as gap:
        return Entry(case, None, "unknown", 0, unknown_year=gap.year)
    return Entry(case, deadline.due, status, late, deadline.extension_too_late)  # type: ignore[arg-type]


def entries(cases: Iterable[Case], calendar: WorkCalendar, as_of: dt.date,
            days_for: Callable[[str], int]) -> list[Entry]:
    """Every case's entry, in register order (unit, kind, received, number); days_for(unit) for questions."""
    ordered = sorted(cases, key=lambda c: (c.unit, c.kind != "request", c.received, c.no, c.path))
    return [entry(c, calendar, as_of, days_for(c.unit)) for c in ordered]


# --- the annual report's part 三 ---------------------------------------------------------------------

COLUMNS = (*APPLICANT_TYPES, "总计")


def row_keys() -> list[tuple[str, ...]]:
    """The part 三 rows in template order: new, carried in, every result (sub-)row, total, carried out."""
    keys: list[tuple[str, ...]] = [("new",), ("carried_in",)]
    for result, _, reasons in RESULT_ROWS:
        keys += [("result", result, r) for r in reasons] if reasons else [("result", result)]
    return keys + [("total",), ("carried_out",)]


@dataclass
class PartThree:
    """Counts by row key and applicant column (总计 included)."""

    year: int
    cells: dict[tuple[str, ...], dict[str, int]] = field(default_factory=dict)

    def add(self, key: tuple[str, ...], applicant: str) -> None:
        row = self.cells.setdefault(key, dict.fromkeys(COLUMNS, 0))
        row[applicant] += 1
        row["总计"] += 1

    def get(self, key: tuple[str, ...], column: str) -> int:
        return self.cells.get(key, {}).get(column, 0)


def result_key(front: RequestFront) -> tuple[str, ...] | None:
    """The part 三 row of a replied application: its result, and for four results its reason."""
    if front.result is None:
        return None
    if not dict((r, s) for r, _, s in RESULT_ROWS)[front.result]:
        return ("result", front.result)
    reason = canonical_reason(front.result, front.reason or "")
    return ("result", front.result, reason) if reason else None


def part_three(cases: Iterable[Case], year: int) -> PartThree:
    """The table from the register: 一 received in the year; 二 received before it and not replied before
    it; 三 replied in the year, by result; 四 received by the year's end and not replied within it.
    One + 二 = 三（七）总计 + 四 holds for every column by construction (replied ≥ received)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = PartThree(year)
    for case in cases:
        front = case.request
        if front is None or case.received > end or (case.replied and case.replied < start):
            continue
        column = front.applicant_type
        table.add(("new",) if case.received >= start else ("carried_in",), column)
        key = result_key(front) if case.replied and case.replied <= end else None
        if key is None:
            table.add(("carried_out",), column)
        else:
            table.add(key, column)
            table.add(("total",), column)
    return table


def days_for_unit(ctx: Context) -> Callable[[str], int]:
    """unit id → working days to answer a question there (units.yml `feedback_days`, else by kind)."""
    return lambda unit_id: feedback_days(ctx.units[unit_id].kind, ctx.units[unit_id].feedback_days)


def site_entries(ctx: Context) -> list[Entry]:
    """The whole register of a validated site, as of ctx.as_of (the calendar's own problems are
    reported by the compliance computation, GK012)."""
    calendar, _ = load_calendar(ctx.root)
    known = [c for c in ctx.register if c.received <= ctx.as_of]  # `--as-of` shows the past as it was
    return entries(known, calendar, ctx.as_of, days_for_unit(ctx))
