"""依申请公开 deadlines and statuses with dates counted by hand, and the part 三 table of a small register.

The 2026 days as chinese-calendar has them (国务院办公厅关于2026年部分节假日安排的通知):
- 春节: 2月15日（周日）至23日（周一）放假，2月14日（周六）、2月28日（周六）上班;
- 中秋 9月25日（周五）放假; 国庆: 10月1日至7日放假，9月20日（周日）、10月10日（周六）上班.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from gongkai.requests_model import Case, FeedbackFront, RequestFront
from gongkai.requests_register import entry, part_three, request_due, status_of
from gongkai.workdays import WorkCalendar

CAL = WorkCalendar()
D = dt.date


def request(applicant: str = "自然人", **fields: Any) -> Case:
    data = {"request_no": "2026-001", "channel": "当面", "applicant_type": applicant, "subject": "申请公开某事项",
            **fields}
    front = RequestFront.model_validate(data)
    return Case(kind="request", unit="yuhua", path="bulletins/yuhua/requests/x.md", no=front.request_no,
                received=front.received, channel=front.channel, replied=front.replied, body="", body_line=1,
                request=front)


def due(**fields: Any) -> dt.date:
    return request_due(request(**fields).request, CAL, D(2026, 12, 31)).due  # type: ignore[arg-type]


def test_the_calendar_is_the_one_counted_by_hand() -> None:
    # The test's hand counts rest on these days: if the package changes them, the counts below are void.
    assert not CAL.is_workday(D(2026, 9, 25))  # 中秋
    assert CAL.is_workday(D(2026, 9, 20)) and CAL.is_workday(D(2026, 10, 10))  # 调休 Sundays / Saturdays
    assert not any(CAL.is_workday(D(2026, 10, d)) for d in range(1, 8))
    assert CAL.is_workday(D(2026, 2, 14)) and CAL.is_workday(D(2026, 2, 28))
    assert not any(CAL.is_workday(D(2026, 2, d)) for d in range(15, 24))


def test_received_before_guoqing() -> None:
    # Received Mon 9-28 (not counted): 9-29 (1), 9-30 (2); 10-1..10-7 off; 10-8 (3), 10-9 (4),
    # Sat 10-10 调休 (5), 10-12..16 (6-10), 10-19..23 (11-15), 10-26..30 (16-20).
    assert due(received=D(2026, 9, 28)) == D(2026, 10, 30)


def test_received_before_chunjie() -> None:
    # Received Fri 2-6: 2-9..13 (1-5), Sat 2-14 调休 (6); 2-15..23 off; 2-24..27 (7-10),
    # Sat 2-28 调休 (11), 3-2..6 (12-16), 3-9..12 (17-20).
    assert due(received=D(2026, 2, 6)) == D(2026, 3, 12)


def test_replied_on_the_due_date_and_one_working_day_late() -> None:
    on_time = entry(request(received=D(2026, 9, 28), replied=D(2026, 10, 30), result="予以公开"),
                    CAL, D(2026, 12, 31), 10)
    assert (on_time.due, on_time.status, on_time.days_late) == (D(2026, 10, 30), "on_time", 0)
    # Due Fri 10-30; the weekend 10-31/11-1 is not counted: Mon 11-2 is one working day late.
    late = entry(request(received=D(2026, 9, 28), replied=D(2026, 11, 2), result="予以公开"),
                 CAL, D(2026, 12, 31), 10)
    assert (late.status, late.days_late) == ("late", 1)
    # Thu 11-5: 11-2, 11-3, 11-4, 11-5 → four working days late.
    assert entry(request(received=D(2026, 9, 28), replied=D(2026, 11, 5), result="予以公开"),
                 CAL, D(2026, 12, 31), 10).days_late == 4


def test_correction_restarts_the_clock() -> None:
    # 补正 received Mon 10-12: 10-13..16 (1-4), 10-19..23 (5-9), 10-26..30 (10-14), 11-2..6 (15-19), 11-9 (20).
    assert due(received=D(2026, 9, 28), correction_requested=D(2026, 9, 30),
               correction_received=D(2026, 10, 12)) == D(2026, 11, 9)


def test_third_party_pause() -> None:
    # Due 10-30 without the pause; sent Tue 10-13, answered Tue 10-20: the working days after 10-13 up to
    # 10-20 are 10-14, 15, 16, 19, 20 = 5; five working days after Fri 10-30: 11-2..11-6.
    assert due(received=D(2026, 9, 28), third_party_sent=D(2026, 10, 13),
               third_party_replied=D(2026, 10, 20)) == D(2026, 11, 6)


def test_the_issue_example_correction_pause_and_extension() -> None:
    # 11-9 (补正) + 5 (pause 10-14..10-20) = 11-10, 11, 12, 13, 16 → 11-16; extended 10-20 ≤ 11-16, so
    # + 20: 11-17..20 (1-4), 11-23..27 (5-9), 11-30..12-4 (10-14), 12-7..11 (15-19), 12-14 (20).
    found = entry(request(received=D(2026, 9, 28), correction_requested=D(2026, 9, 30),
                          correction_received=D(2026, 10, 12), third_party_sent=D(2026, 10, 13),
                          third_party_replied=D(2026, 10, 20), extended=D(2026, 10, 20),
                          replied=D(2026, 10, 27), result="部分公开"), CAL, D(2026, 11, 30), 10)
    assert (found.due, found.status, found.extension_too_late) == (D(2026, 12, 14), "on_time", False)


def test_extension_on_time_and_too_late() -> None:
    # Told on the due date itself (Fri 10-30): + 20 → 11-2..6 (1-5), 9-13 (6-10), 16-20 (11-15), 23-27 (16-20).
    assert due(received=D(2026, 9, 28), extended=D(2026, 10, 30)) == D(2026, 11, 27)
    too_late = request_due(request(received=D(2026, 9, 28), extended=D(2026, 11, 2)).request,  # type: ignore[arg-type]
                           CAL, D(2026, 12, 31))
    assert (too_late.due, too_late.extension_too_late) == (D(2026, 10, 30), True)


def test_still_open_within_and_past_the_deadline() -> None:
    # Received Mon 11-2: 11-3..6 (1-4), 11-9..13 (5-9), 11-16..20 (10-14), 11-23..27 (15-19), Mon 11-30 (20).
    case = request(received=D(2026, 11, 2))
    assert entry(case, CAL, D(2026, 11, 30), 10).status == "pending"
    past = entry(case, CAL, D(2026, 12, 1), 10)
    assert (past.due, past.status, past.days_late) == (D(2026, 11, 30), "overdue", 1)
    # As of Mon 12-7: 12-1..12-4 and 12-7 → five working days past the deadline.
    assert entry(case, CAL, D(2026, 12, 7), 10).days_late == 5


def test_answered_on_the_spot() -> None:
    found = entry(request(received=D(2026, 10, 12), replied=D(2026, 10, 12), result="予以公开"),
                  CAL, D(2026, 10, 12), 10)
    assert (found.status, found.days_late) == ("on_time", 0)


def test_a_question_is_due_after_the_units_working_days() -> None:
    front = FeedbackFront.model_validate({"feedback_no": "Y-1", "received": D(2026, 9, 28), "channel": "意见箱"})
    case = Case(kind="feedback", unit="yuhuazhai", path="x", no="Y-1", received=front.received,
                channel=front.channel, replied=None, body="", body_line=1, feedback=front)
    # 10 working days after Mon 9-28: 9-29, 9-30 (1-2), 10-8, 10-9, Sat 10-10 (3-5), 10-12..10-16 (6-10).
    found = entry(case, CAL, D(2026, 10, 19), 10)
    assert (found.due, found.status, found.days_late) == (D(2026, 10, 16), "overdue", 1)


@pytest.mark.parametrize(("replied", "as_of", "expected"), [
    (None, D(2026, 10, 30), ("pending", 0)),
    (None, D(2026, 10, 31), ("overdue", 1)),  # a Saturday: still at least one day overdue
    (D(2026, 10, 31), D(2026, 12, 1), ("late", 1)),
    (D(2026, 10, 1), D(2026, 12, 1), ("on_time", 0)),
])
def test_status_of(replied: dt.date | None, as_of: dt.date, expected: tuple[str, int]) -> None:
    assert status_of(D(2026, 10, 30), replied, as_of, CAL) == expected


def test_part_three_of_a_small_register_counted_by_hand() -> None:
    register = [
        request(received=D(2025, 12, 20), replied=D(2026, 1, 10), result="予以公开"),  # 二, 三 予以公开
        request(applicant="商业企业", received=D(2025, 11, 1), replied=D(2025, 11, 20), result="予以公开"),  # out
        request(received=D(2026, 3, 1), replied=D(2026, 3, 20), result="不予公开",
                reason="4.保护第三方合法权益"),  # 一, 三 不予公开 4
        request(applicant="法律服务机构", received=D(2026, 12, 20)),  # 一, 四
        request(received=D(2026, 5, 5), replied=D(2026, 5, 6), result="部分公开"),  # 一, 三 部分公开
        request(applicant="其他", received=D(2025, 12, 28)),  # 二, 四
        request(received=D(2027, 1, 3)),  # next year: out
        request(applicant="科研机构", received=D(2026, 12, 28), replied=D(2027, 1, 5), result="无法提供",
                reason="本机关不掌握相关政府信息"),  # 一, 四
    ]
    table = part_three(register, 2026)
    rows = {key: {c: n for c, n in row.items() if n} for key, row in table.cells.items()}
    assert rows == {
        ("new",): {"自然人": 2, "法律服务机构": 1, "科研机构": 1, "总计": 4},
        ("carried_in",): {"自然人": 1, "其他": 1, "总计": 2},
        ("result", "予以公开"): {"自然人": 1, "总计": 1},
        ("result", "部分公开"): {"自然人": 1, "总计": 1},
        ("result", "不予公开", "保护第三方合法权益"): {"自然人": 1, "总计": 1},
        ("total",): {"自然人": 3, "总计": 3},
        ("carried_out",): {"法律服务机构": 1, "其他": 1, "科研机构": 1, "总计": 3},
    }
    # 一 + 二 = 三（七）总计 + 四: 4 + 2 = 3 + 3.
    assert table.get(("new",), "总计") + table.get(("carried_in",), "总计") == \
        table.get(("total",), "总计") + table.get(("carried_out",), "总计")
