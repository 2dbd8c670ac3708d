"""Where a clerk's item file goes: ``bulletins/<unit>/<year>/<category>-<period or event date>.md``.

The one naming rule, for `gongkai new` (new.py), the web editor's collections (admin_config.py) and the
file a GK402 message tells the clerk to create for a missing disclosure (rules/timeliness.py).
"""

from __future__ import annotations

import datetime as dt

from .load import BULLETINS
from .periods import Period


def file_stem(category_id: str, when: str | None) -> str:
    """`<category>-<period or event date>`, or `<category>` for a standing item. `gongkai new` fills `when`
    in; the web editor passes Decap's slug placeholders."""
    return f"{category_id}-{when}" if when else category_id


def file_name(category_id: str, period: Period | None, event_date: dt.date | None) -> str:
    when = str(period).lower() if period else event_date.isoformat() if event_date else None
    return file_stem(category_id, when) + ".md"


def item_path(unit_id: str, category_id: str, period: Period | None, event_date: dt.date | None,
              as_of: dt.date) -> str:
    """The file's path from the project root: the year folder is the period's, else the event's, else this year."""
    year = period.year if period else event_date.year if event_date else as_of.year
    return f"{BULLETINS}/{unit_id}/{year}/{file_name(category_id, period, event_date)}"
