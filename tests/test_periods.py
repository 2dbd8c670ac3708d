"""Periods (periods.py): a period's first and last day, and its text read back, for every cadence and year."""

from __future__ import annotations

import calendar
import datetime as dt

from gongkai.periods import MONTHS, Period
from hypothesis import given
from hypothesis import strategies as st


@st.composite
def periods(draw: st.DrawFn) -> Period:
    cadence = draw(st.sampled_from(sorted(MONTHS)))
    return Period(draw(st.integers(1900, 2200)), draw(st.integers(1, 12 // MONTHS[cadence])), cadence)


@given(periods())
def test_a_period_ends_on_the_last_day_of_its_last_month(period: Period) -> None:
    last_month = period.index * MONTHS[period.cadence]
    assert period.end == dt.date(period.year, last_month, calendar.monthrange(period.year, last_month)[1])
    assert period.start == dt.date(period.year, last_month - MONTHS[period.cadence] + 1, 1)
    assert period.next().start == period.end + dt.timedelta(days=1)


@given(periods())
def test_a_period_written_as_text_is_read_back(period: Period) -> None:
    assert Period.parse(str(period)) == period
    assert Period.parse(f" {str(period).lower()} ") == period
    assert Period.parse(f"{period}x") is None
