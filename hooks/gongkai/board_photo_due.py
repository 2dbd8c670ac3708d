"""Whether an item should by now show a 上墙照片 (photo of the physical board), and whether it does.

The site setting `board_photo_expected: {kinds, categories, working_days}` names the items: those of units of
these kinds in these categories should have a board photo within `working_days` working days (China's
calendar, workdays.py) of `published`. One pure function serves the warning (rules/evidence.py, GK807),
the compliance records' `board_photo` (deadlines.py → api/compliance.json) and the board's filter
(compliance_page.py).
"""

from __future__ import annotations

import datetime as dt

from .model import Bulletin
from .site import Context
from .workdays import UnknownYear, WorkCalendar


def photo_due(item: Bulletin, ctx: Context, calendar: WorkCalendar) -> dt.date | None:
    """The last day the item's board photo is expected by, or None when the site expects none for it
    (or the calendar lacks the year: then nothing can be said)."""
    rule = ctx.settings.board_photo_expected
    unit = ctx.units.get(item.unit)
    if unit is None or item.status == "withdrawn" or not rule.expects(unit.kind, item.category):
        return None
    try:
        return calendar.add_working_days(item.published, rule.working_days)
    except UnknownYear:
        return None


def photo_state(item: Bulletin | None, ctx: Context, calendar: WorkCalendar) -> bool | None:
    """True: expected and shown; False: expected, its working days have passed (as of ctx.as_of) and there is
    none; None: not expected for this item (or not yet due and not yet there)."""
    if item is None:
        return None
    due = photo_due(item, ctx, calendar)
    if due is None:
        return None
    if item.board_photos:
        return True
    return False if ctx.as_of > due else None
