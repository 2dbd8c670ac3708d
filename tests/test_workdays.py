"""The working-day calendar, against the State Council's 2026 holiday notice (国办发明电〔2025〕 of
2025-11-04), with every expected date written out by hand:

    元旦   01-01..01-03 off, Sunday 01-04 worked
    春节   02-15..02-23 off, Saturdays 02-14 and 02-28 worked
    中秋   09-25..09-27 off
    国庆   10-01..10-07 off, Sunday 09-20 and Saturday 10-10 worked
"""

from __future__ import annotations

import datetime as dt

import pytest
from gongkai.workdays import CALENDAR_FILE, UnknownYear, WorkCalendar, load_calendar, parse_calendar

D = dt.date
CAL = WorkCalendar()


@pytest.mark.parametrize("day, worked", [
    (D(2026, 10, 1), False), (D(2026, 10, 7), False),  # 国庆
    (D(2026, 10, 8), True),
    (D(2026, 10, 10), True),  # Saturday, 调休 make-up day
    (D(2026, 10, 11), False),  # an ordinary Sunday
    (D(2026, 9, 20), True),  # Sunday, make-up day before 国庆
    (D(2026, 9, 25), False),  # 中秋, a Friday
    (D(2026, 2, 14), True), (D(2026, 2, 28), True),  # 春节 make-up Saturdays
    (D(2026, 2, 16), False), (D(2026, 2, 23), False),  # 春节, Monday to Monday
    (D(2026, 2, 24), True),
    (D(2026, 1, 4), True),  # Sunday after 元旦
    (D(2026, 11, 13), True), (D(2026, 11, 14), False),  # an ordinary Friday and Saturday
])
def test_official_2026_days(day: dt.date, worked: bool) -> None:
    assert CAL.is_workday(day) is worked


@pytest.mark.parametrize("event, count, deadline", [
    (D(2026, 5, 12), 5, D(2026, 5, 19)),  # Tue → Tue: a plain week, weekend skipped
    (D(2026, 9, 30), 5, D(2026, 10, 13)),  # 10-08, 10-09, 10-10 (Sat, worked), 10-12, 10-13
    (D(2026, 9, 28), 5, D(2026, 10, 10)),  # 9-29, 9-30, 10-08, 10-09, 10-10: a worked Saturday
    (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Friday → the worked Sunday
    (D(2026, 2, 12), 5, D(2026, 2, 26)),  # 2-13, 2-14 (Sat, worked), [春节], 2-24, 2-25, 2-26
    (D(2026, 2, 23), 5, D(2026, 2, 28)),  # 2-24 .. 2-27, then the worked Saturday 2-28
    (D(2025, 12, 31), 1, D(2026, 1, 4)),  # across 元旦 to the worked Sunday
    # 20 working days (政府信息公开条例 art. 26) across 中秋 and 国庆:
    # 9-16,17,18 (3), 9-20 Sun (4), 9-21..24 (8), [中秋 9-25..27], 9-28,29,30 (11), [国庆],
    # 10-08, 09, 10 Sat (14), 10-12..16 (19), 10-19 (20)
    (D(2026, 9, 15), 20, D(2026, 10, 19)),
    (D(2026, 10, 10), 0, D(2026, 10, 10)),
])
def test_nth_working_day_after_event(event: dt.date, count: int, deadline: dt.date) -> None:
    assert CAL.add_working_days(event, count) == deadline


def test_a_year_nobody_knows_is_reported_not_guessed() -> None:
    with pytest.raises(UnknownYear) as err:
        CAL.add_working_days(D(2026, 12, 28), 5)  # 12-29, 12-30, 12-31, then 2027
    assert err.value.year == 2027
    assert not CAL.knows(2027) and CAL.knows(2026)


def test_site_calendar_adds_a_year() -> None:
    cal, problems = parse_calendar("holidays:\n  - 2027-01-01\nworkdays:\n  - 2027-01-02\n")
    assert problems == []
    assert cal.knows(2027)
    # 12-29, 12-30, 12-31, [01-01 off], 01-02 (Sat, worked), 01-04 (Mon)
    assert cal.add_working_days(D(2026, 12, 28), 5) == D(2027, 1, 4)
    assert cal.is_workday(D(2027, 1, 3)) is False  # a Sunday the file does not mention
    assert cal.is_workday(D(2027, 1, 5)) is True


def test_site_calendar_corrects_a_known_day() -> None:
    cal, _ = parse_calendar("holidays: [2026-11-13]\n")
    assert cal.is_workday(D(2026, 11, 13)) is False
    assert cal.is_workday(D(2026, 10, 10)) is True  # the package's days stay


def test_calendar_file_problems_have_lines() -> None:
    text = "holidays:\n  - 2027-01-01\n  - 2027-13-01\n  - 1月2日\nworkdays:\n  - 2027-01-01\nextra: 1\n"
    cal, problems = parse_calendar(text)
    assert [(p.code, p.file, p.line) for p in problems] == [
        ("GK012", CALENDAR_FILE, 3), ("GK012", CALENDAR_FILE, 4), ("GK012", CALENDAR_FILE, 7),
        ("GK012", CALENDAR_FILE, 6)]
    assert all(p.severity == "error" for p in problems)
    assert "2027-13-01" in problems[0].message and "同时" in problems[3].message
    assert D(2027, 1, 1) in cal.holidays


def test_calendar_file_yaml_error_and_empty(project) -> None:
    project.write(CALENDAR_FILE, "holidays: [2027-01-01\n")
    _, problems = load_calendar(project.root)
    assert [(p.code, p.line) for p in problems] == [("GK012", 2)]
    project.write(CALENDAR_FILE, "holidays:\nworkdays:\n")
    cal, problems = load_calendar(project.root)
    assert problems == [] and not cal.knows(2027)
