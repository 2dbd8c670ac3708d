"""Compliance records on hand-made calendars: every due date and deadline below is written out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from gongkai import deadlines
from gongkai.compliance import Record

D = dt.date
AS_OF = D(2026, 11, 15)

UNITS = """\
units:
  - id: cun
    name: 试点村
    kind: village
    code: 54610113MF0000001Y
    since: {since}
  - id: xiaocun
    name: 小村
    kind: village
    code: 54610113MF0000002Y
    since: {since}
    overrides:
      finance:
        cadence: quarterly
        due: 15
  - id: ju
    name: 试点局
    kind: department
    code: 11610113MB0000009X
  - id: xin
    name: 新村
    kind: village
    code: 54610113MF0000003Y
"""


@pytest.fixture
def site(project):
    """A project with the units above; call it with since and as_of to validate and compute."""

    def make(since: str = "2026-01-01", as_of: dt.date = AS_OF):
        project.write("bulletins/units.yml", UNITS.format(since=since))
        validated = project.validate(as_of)
        return validated, deadlines.compute(validated.bulletins, validated.context)

    return make


def of(report, unit: str, category: str) -> list[Record]:
    return [r for r in report.records if r.unit == unit and r.category == category]


def rows(records: list[Record]) -> list[tuple[str | None, dt.date | None, str, int | None]]:
    return [(str(r.period) if r.period else None, r.due, r.status, r.days_late) for r in records]


def finance(project, period: str, published: str, unit: str = "cun", extra: str = "") -> None:
    project.item(f"{unit}/{period[:4]}/finance-{period}.md", "finance", period=period, published=published,
                 extra=extra)


def test_monthly_due_dates_over_month_ends_28_30_31(project, site) -> None:
    finance(project, "2026-01", "2026-02-10")  # 01-31 + 10 = 02-10, published on the due date
    finance(project, "2026-02", "2026-03-11")  # 02-28 + 10 = 03-10: one day late
    finance(project, "2026-04", "2026-04-30")  # 04-30 + 10 = 05-10: published early, on the month's last day
    _, report = site(as_of=D(2026, 5, 20))
    assert rows(of(report, "cun", "finance")) == [
        ("2026-01", D(2026, 2, 10), "on_time", 0),
        ("2026-02", D(2026, 3, 10), "late", 1),
        ("2026-03", D(2026, 4, 10), "missing", 40),  # never published: 04-10 → 05-20 is 40 days
        ("2026-04", D(2026, 5, 10), "on_time", 0),
    ]


def test_leap_day_month_end(project, site) -> None:
    finance(project, "2024-02", "2024-03-10")  # 2024-02-29 + 10 = 03-10
    finance(project, "2024-01", "2024-02-11")  # 01-31 + 10 = 02-10: a day late
    _, report = site(since="2024-01-01", as_of=D(2024, 3, 11))
    assert rows(of(report, "cun", "finance")) == [
        ("2024-01", D(2024, 2, 10), "late", 1),
        ("2024-02", D(2024, 3, 10), "on_time", 0),
    ]


def test_a_period_is_missing_only_after_its_due_date(project, site) -> None:
    _, on_due_day = site(since="2024-02-01", as_of=D(2024, 3, 10))  # 2024-02 due 03-10: still today
    assert rows(of(on_due_day, "cun", "finance")) == []
    _, day_after = site(since="2024-02-01", as_of=D(2024, 3, 11))
    assert rows(of(day_after, "cun", "finance")) == [("2024-02", D(2024, 3, 10), "missing", 1)]


def test_counting_starts_with_the_first_period_starting_on_or_after_since(project, site) -> None:
    finance(project, "2026-01", "2026-02-05")  # before since: not counted
    _, report = site(since="2026-01-31", as_of=D(2026, 3, 11))
    assert rows(of(report, "cun", "finance")) == [("2026-02", D(2026, 3, 10), "missing", 1)]
    assert of(report, "cun", "general") == []  # 2026-Q2 is the first quarter, and it is not due yet


def test_yearly_due_31_days_and_an_item_for_a_period_not_yet_due(project, site) -> None:
    project.item("cun/2027/assets-2026.md", "assets", period="2026", published="2026-11-10")
    finance(project, "2026-11", "2026-11-12")  # November is not over: on time all the same
    _, report = site(since="2025-01-01", as_of=D(2026, 11, 15))
    assert rows(of(report, "cun", "assets")) == [
        ("2025", D(2026, 1, 31), "missing", 288),  # 2025-12-31 + 31 days; 2026-01-31 → 11-15
        ("2026", D(2027, 1, 31), "on_time", 0),
    ]
    assert rows(of(report, "cun", "finance"))[-1] == ("2026-11", D(2026, 12, 10), "on_time", 0)


def test_quarterly_override(project, site) -> None:
    finance(project, "2026-Q1", "2026-04-15", unit="xiaocun")  # 03-31 + 15 = 04-15, on the day
    finance(project, "2026-Q2", "2026-07-16", unit="xiaocun")  # 06-30 + 15 = 07-15, one day late
    _, report = site(as_of=D(2026, 10, 20))
    assert rows(of(report, "xiaocun", "finance")) == [
        ("2026-Q1", D(2026, 4, 15), "on_time", 0),
        ("2026-Q2", D(2026, 7, 15), "late", 1),
        ("2026-Q3", D(2026, 10, 15), "missing", 5),
    ]
    assert all(r.period and r.period.cadence == "monthly" for r in of(report, "cun", "finance"))


def test_withdrawn_does_not_count_but_its_correction_does(project, site) -> None:
    finance(project, "2026-01", "2026-02-05",
            extra="index_no: 54610113MF0000001Y/2026-00001\nstatus: withdrawn\nwithdrawn_reason: 金额有误")
    _, report = site(as_of=D(2026, 2, 20))
    assert rows(of(report, "cun", "finance")) == [("2026-01", D(2026, 2, 10), "missing", 10)]
    project.write("bulletins/cun/2026/finance-2026-01-fix.md", project.root.joinpath(
        "bulletins/cun/2026/finance-2026-01.md").read_text(encoding="utf-8").replace(
        "status: withdrawn\nwithdrawn_reason: 金额有误", "supersedes: 54610113MF0000001Y/2026-00001").replace(
        "index_no: 54610113MF0000001Y/2026-00001", "index_no: 54610113MF0000001Y/2026-00002").replace(
        "published: 2026-02-05", "published: 2026-02-12"))
    _, report = site(as_of=D(2026, 2, 20))
    [record] = of(report, "cun", "finance")
    assert (record.status, record.days_late) == ("late", 2)
    assert record.item.path == "bulletins/cun/2026/finance-2026-01-fix.md"


def test_superseded_original_keeps_its_date(project, site) -> None:
    """A correction of an item that was up in time does not make the period late."""
    finance(project, "2026-01", "2026-02-09",
            extra="index_no: 54610113MF0000001Y/2026-00001\nstatus: superseded")
    project.item("cun/2026/finance-2026-01-fix.md", "finance", period="2026-01", published="2026-03-01",
                 extra="supersedes: 54610113MF0000001Y/2026-00001")
    _, report = site(as_of=D(2026, 2, 20))
    assert rows(of(report, "cun", "finance")) == [("2026-01", D(2026, 2, 10), "on_time", 0)]


def test_items_published_after_as_of_do_not_exist_yet(project, site) -> None:
    finance(project, "2026-01", "2026-02-09")
    _, before = site(as_of=D(2026, 2, 8))
    assert rows(of(before, "cun", "finance")) == []
    _, after = site(as_of=D(2026, 2, 9))
    assert rows(of(after, "cun", "finance")) == [("2026-01", D(2026, 2, 10), "on_time", 0)]


def decision(project, event: str, published: str, name: str = "decision", extra: str = "") -> None:
    project.item(f"cun/2026/{name}.md", "decision", drop=("event_date", "published"),
                 extra=f"event_date: {event}\npublished: {published}\n{extra}")


def test_immediate_deadline_across_national_day(project, site) -> None:
    decision(project, "2026-09-30", "2026-10-13", "on-deadline")  # 10-08, 10-09, 10-10 (Sat), 10-12, 10-13
    decision(project, "2026-09-28", "2026-10-12", "late")  # 9-29, 9-30, 10-08, 10-09, 10-10 (Sat): due 10-10
    decision(project, "2026-02-12", "2026-02-20", "spring")  # 2-13, 2-14 (Sat), [春节], 2-24, 2-25, 2-26
    _, report = site()
    assert [(r.item.event_date, r.due, r.status, r.days_late) for r in of(report, "cun", "decision")] == [
        (D(2026, 2, 12), D(2026, 2, 26), "on_time", 0),
        (D(2026, 9, 28), D(2026, 10, 10), "late", 2),
        (D(2026, 9, 30), D(2026, 10, 13), "on_time", 0),
    ]


def test_government_information_has_20_working_days(project, site) -> None:
    # 20 working days after 9-15 across 中秋 and 国庆 (see test_workdays): 10-19
    project.item("ju/2026/doc.md", "normative-doc", extra="event_date: 2026-09-15\npublished: 2026-10-20",
                 drop=("event_date", "published"))
    _, report = site()
    assert rows(of(report, "ju", "normative-doc")) == [(None, D(2026, 10, 19), "late", 1)]


def test_unknown_year_is_a_status_not_a_guess(project, site) -> None:
    decision(project, "2026-12-28", "2026-12-29")
    _, report = site(as_of=D(2026, 12, 31))
    [record] = of(report, "cun", "decision")
    assert (record.status, record.due, record.unknown_year) == ("unknown", None, 2027)
    project.write("bulletins/calendar.yml", "holidays:\n  - 2027-01-01\n")
    _, report = site(as_of=D(2026, 12, 31))
    # 12-29, 12-30, 12-31, [01-01], 01-04 (Mon), 01-05
    assert rows(of(report, "cun", "decision")) == [(None, D(2027, 1, 5), "on_time", 0)]


def test_open_decision(project, site) -> None:
    decision(project, "2026-08-20", "2026-08-24", extra="complete_by: 2026-10-15\n"
                                                        "index_no: 54610113MF0000001Y/2026-90001")
    _, report = site()
    assert [(r.status, r.due, r.days_late) for r in of(report, "cun", "decision")] == [
        ("on_time", D(2026, 8, 27), 0), ("open", D(2026, 10, 15), 31)]
    _, on_the_day = site(as_of=D(2026, 10, 15))
    assert [r.status for r in of(on_the_day, "cun", "decision")] == ["on_time"]
    project.item("cun/2026/result.md", "decision-result", drop=("event_date", "published"),
                 extra="event_date: 2026-11-02\npublished: 2026-11-03")
    _, report = site()
    assert [r.status for r in of(report, "cun", "decision")] == ["on_time"]
    assert rows(of(report, "cun", "decision-result")) == [(None, D(2026, 11, 9), "on_time", 0)]


def test_standing_review_boundary(project, site) -> None:
    project.item("cun/2025/profile.md", "profile", extra="published: 2025-11-10\nreviewed_on: 2025-11-15",
                 drop=("published", "reviewed_on"))
    _, report = site(since="2025-01-01", as_of=D(2026, 11, 15))  # exactly 365 days
    assert rows(of(report, "cun", "profile")) == [(None, D(2026, 11, 15), "on_time", 0)]
    _, report = site(since="2025-01-01", as_of=D(2026, 11, 16))
    assert rows(of(report, "cun", "profile")) == [(None, D(2026, 11, 15), "stale", 1)]


def test_standing_without_review_counts_from_published_and_missing_from_since(project, site) -> None:
    project.item("cun/2025/profile.md", "profile", extra="published: 2024-02-29",
                 drop=("published", "reviewed_on"))
    _, report = site(since="2024-01-01", as_of=D(2025, 3, 2))
    assert rows(of(report, "cun", "profile")) == [(None, D(2025, 2, 28), "stale", 2)]  # 2024-02-29 + 365 days
    assert rows(of(report, "cun", "rules")) == [(None, D(2024, 1, 1), "missing", 426)]


def test_since_falls_back_to_the_earliest_item(project, site) -> None:
    finance(project, "2026-03", "2026-04-08", unit="xin")
    _, report = site(as_of=D(2026, 5, 11))
    assert report.starts["xin"] == D(2026, 3, 1)
    assert report.starts["ju"] is None  # no since, no item: nothing to count
    assert not [r for r in report.records if r.unit == "ju"]
    assert rows(of(report, "xin", "finance")) == [("2026-03", D(2026, 4, 10), "on_time", 0),
                                                  ("2026-04", D(2026, 5, 10), "missing", 1)]


def test_json_record_fields(project, site) -> None:
    finance(project, "2026-01", "2026-02-11", extra="index_no: 54610113MF0000001Y/2026-00001")
    _, report = site(as_of=D(2026, 3, 11))
    first, second = [r.to_json() for r in of(report, "cun", "finance")]
    assert first == {"unit": "cun", "category": "finance", "type": "periodic", "period": "2026-01",
                     "index_no": "54610113MF0000001Y/2026-00001", "due": "2026-02-10",
                     "published": "2026-02-11", "status": "late", "days_late": 1, "board_photo": None}
    assert second == {"unit": "cun", "category": "finance", "type": "periodic", "period": "2026-02",
                      "index_no": None, "due": "2026-03-10", "published": None, "status": "missing",
                      "days_late": 1, "board_photo": None}
