"""Compliance records: for every unit × applicable category, as of the as-of date, whether what was due
was published on time, late, or is missing; whether standing items are stale; which decisions are open.

One pure computation (`compute`) feeds everything: the build messages (rules/timeliness.py), the
公开情况 board and unit status blocks (compliance_page.py), api/compliance.json and `gongkai status`.

Rules (docs/guide/compliance.md says the same to clerks):
- counting starts at the unit's `since`, else at the earliest date one of its items is about;
- periodic: due = last day of the period + `due` calendar days (or the calendar date `due_on` of the
  next year: annual reports); every published period gets a record, due after its own end (a monthly
  list in a quarterly category, a yearly one); a period of the cadence whose due date has passed and
  that no published period covers is missing — only where the unit must publish the category;
- immediate: deadline = the N-th working day after `event_date` (China's calendar with 调休);
  a correction (`supersedes`) stands for the item it replaces, so one record per chain;
- standing: stale when the last review (`reviewed_on`, else `published`) is more than `review_days` ago;
- open: a decision whose `complete_by` has passed with no item that `follows` it;
- items published after the as-of date do not exist yet, so `--as-of` shows the past as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .diagnostics import Diagnostic
from .model import Bulletin, Category
from .periods import Period
from .workdays import WorkCalendar

# Every status, worst first (a board cell shows the worst of its records).
STATUSES = ("missing", "open", "late", "stale", "unknown", "on_time")
# The statuses a site may turn into build errors (`fail_on`, `gongkai status --fail-on`).
PROBLEMS = ("late", "missing", "stale", "open")
STATUS_TEXT = {"on_time": "按时", "late": "逾期", "missing": "缺失", "stale": "待复核", "open": "未完成",
               "unknown": "无法判定"}


@dataclass(frozen=True)
class Record:
    """One expected disclosure of one unit, and how it went."""

    unit: str
    category: str
    type: str
    status: str
    due: dt.date | None  # due date, deadline, review due date, or complete_by; None when unknown
    days_late: int | None  # 0 when on time; days past `due` (as of publication, else as of today)
    period: Period | None = None
    item: Bulletin | None = None  # the item that counted (the decision, for `open`)
    unknown_year: int | None = None  # status "unknown": the year no calendar knows
    board_photo: bool | None = None  # 上墙照片 (board_photo_due.photo_state): None where none is expected

    @property
    def published(self) -> dt.date | None:
        return self.item.published if self.item else None

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "category": self.category, "type": self.type,
                "period": str(self.period) if self.period else None,
                "index_no": self.item.index_no if self.item else None,
                "due": self.due.isoformat() if self.due else None,
                "published": self.published.isoformat() if self.published else None,
                "status": self.status, "days_late": self.days_late, "board_photo": self.board_photo}

    @classmethod
    def from_json(cls, data: dict[str, Any], item: Bulletin | None = None) -> Record:
        """The record `to_json` (plus ``unknown_year``, if given) describes; ``item``: the item behind it."""
        due = data.get("due")
        return cls(unit=data["unit"], category=data["category"], type=data["type"], status=data["status"],
                   due=dt.date.fromisoformat(due) if due else None, days_late=data["days_late"],
                   period=Period.parse(data["period"]) if data.get("period") else None, item=item,
                   unknown_year=data.get("unknown_year"), board_photo=data.get("board_photo"))


@dataclass
class Report:
    as_of: dt.date
    records: list[Record]
    starts: dict[str, dt.date | None]  # unit → date counting starts (None: nothing to count from)
    calendar: WorkCalendar
    calendar_problems: list[Diagnostic] = field(default_factory=list)

    def cells(self) -> dict[tuple[str, str], list[Record]]:
        """Records by (unit, category), in computation order."""
        return self._cells

    @cached_property
    def _cells(self) -> dict[tuple[str, str], list[Record]]:
        cells: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for record in self.records:
            cells[(record.unit, record.category)].append(record)
        return dict(cells)

    @cached_property
    def by_unit(self) -> dict[str, list[Record]]:
        found: dict[str, list[Record]] = defaultdict(list)
        for record in self.records:
            found[record.unit].append(record)
        return dict(found)

    def counts(self, units: Iterable[str] | None = None) -> dict[str, int]:
        """How many records have each status, over all units or the given ones."""
        records = self.records if units is None else [r for u in units for r in self.by_unit.get(u, [])]
        counts = dict.fromkeys(STATUSES, 0)
        for record in records:
            counts[record.status] += 1
        return counts


def status_text(record: Record) -> str:
    """按时 / 逾期 N 天 / 缺失 / 待复核 / 未完成: what the board and the terminal both say."""
    if record.status == "late":
        return f"逾期 {record.days_late} 天"
    if record.status == "unknown":
        return f"无法判定（缺 {record.unknown_year} 年日历）"
    return STATUS_TEXT[record.status]


@dataclass(frozen=True)
class Description:
    """One record as every place shows it (the board, a unit's page, the poster summary, `gongkai status`
    and the build message): what it is about, its status in words, and the dates behind the status."""

    what: str  # the period (2026年7月), else the item's title; "" for a standing category with no item
    status: str  # status_text: 按时 / 逾期 3 天 / 缺失 / …
    detail: str  # 应于 2026-08-20 前公开，2026-08-25 发布 / …; "" when on time


def describe(record: Record) -> Description:
    """What, status text and detail of one compliance record: the one wording of a record."""
    item = record.item
    what = record.period.label if record.period else (item.title if item else "")
    return Description(what, status_text(record), _detail(record))


def _detail(record: Record) -> str:
    item = record.item
    if record.status == "missing":
        return f"应于 {record.due} 前公开" if record.period else f"自 {record.due} 起应当公开，至今没有"
    if record.status == "late" and item:
        return f"应于 {record.due} 前公开，{item.published} 发布"
    if record.status == "stale" and item:
        return f"上次复核 {item.reviewed_on or item.published}，应于 {record.due} 前复核"
    if record.status == "open":
        return f"应于 {record.due} 前完成并公开实施结果"
    if record.status == "unknown":
        return f"工作日历中没有 {record.unknown_year} 年的节假日安排，无法计算期限"
    return ""


def short_name(category: Category) -> str:
    """A column-width name: 村情概况 / 机构概况 → 村情概况, 重大事项决议（四议两公开） → 重大事项决议."""
    return category.name.split(" / ")[0].split("（")[0]


def worst(records: Iterable[Record]) -> str | None:
    statuses = {r.status for r in records}
    return next((s for s in STATUSES if s in statuses), None)
