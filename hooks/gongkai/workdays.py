"""China's working-day calendar: the State Council's yearly holiday notice, with its 调休 make-up days.

The days come from the chinese-calendar package. A site adds a year the package does not know yet
(the notice comes out each November), or corrects a day, in bulletins/calendar.yml:

    holidays: [2027-01-01, 2027-02-16]   # days off on weekdays (public holidays, 调休 rest days)
    workdays: [2027-02-07]               # weekend days that are worked (调休 make-up days)

A year is known when the package covers it or calendar.yml lists a day of it (then the days the
file does not list follow the week: Monday to Friday worked). Asking about any other year raises
UnknownYear: a deadline there is reported, never guessed from weekends alone.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from dataclasses import dataclass, field
from functools import cache, cached_property

import chinese_calendar
import yaml

from .diagnostics import Diagnostic, diag
from .load import BULLETINS, decode

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

CALENDAR_FILE = f"{BULLETINS}/calendar.yml"
KEYS = {"holidays": "放假日", "workdays": "调休上班日"}

class UnknownYear(LookupError):
    """Neither the package nor calendar.yml knows the holidays of this year."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


@cache
def _package_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # the package's way of saying "no data for this year"
        raise UnknownYear(day.year) from None


@dataclass(frozen=True)
class WorkCalendar:
    """Working days: the package's calendar, with the site's own days on top."""

    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)
    _added: dict[tuple[dt.date, int], dt.date] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def site_years(self) -> frozenset[int]:
        return frozenset(d.year for d in self.holidays | self.workdays)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        try:
            return _package_workday(day)
        except UnknownYear:
            if day.year in self.site_years:  # a year only the site's file knows: weekends off
                return day.weekday() < 5
            raise

    def knows(self, year: int) -> bool:
        try:
            self.is_workday(dt.date(year, 1, 1))
        except UnknownYear:
            return False
        return True

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The count-th working day after start, start itself not counted (count 0: start); each (start,
        count) is counted once per calendar (thousands of items share a few hundred dates)."""
        key = (start, count)
        if key not in self._added:
            self._added[key] = self._count_working_days(start, count)
        return self._added[key]

    def _count_working_days(self, start: dt.date, count: int) -> dt.date:
        day = start
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day


def load_calendar(root: pathlib.Path) -> tuple[WorkCalendar, list[Diagnostic]]:
    """The site's calendar: the package's plus bulletins/calendar.yml (GK012 for what cannot be read)."""
    file = root / CALENDAR_FILE
    if not file.exists():
        return WorkCalendar(), []
    try:
        text, problems = decode(file.read_bytes(), CALENDAR_FILE)
    except OSError as err:
        return WorkCalendar(), [diag("GK012", CALENDAR_FILE, 1, f"文件无法读取（{err.strerror}）")]
    if text is None:
        return WorkCalendar(), problems
    return parse_calendar(text)


def parse_calendar(text: str) -> tuple[WorkCalendar, list[Diagnostic]]:
    """calendar.yml text → calendar; every wrong line is reported with its line number."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return WorkCalendar(), [diag("GK012", CALENDAR_FILE, line,
                                     f"第 {line} 行附近 YAML 写法有误（{getattr(err, 'problem', '')}）")]
    if node is None:
        return WorkCalendar(), []
    if not isinstance(node, yaml.MappingNode):
        return WorkCalendar(), [diag("GK012", CALENDAR_FILE, node.start_mark.line + 1,
                                     "文件应写成 holidays: 和 workdays: 两个列表")]
    days: dict[str, dict[dt.date, int]] = {"holidays": {}, "workdays": {}}
    problems: list[Diagnostic] = []
    for key_node, value_node in node.value:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key not in KEYS:
            problems.append(diag("GK012", CALENDAR_FILE, line, f"未知的字段“{key}”"))
            continue
        if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", "~", "null"):
            continue  # an empty list written as "holidays:"
        if not isinstance(value_node, yaml.SequenceNode):
            problems.append(diag("GK012", CALENDAR_FILE, line, f"{key} 应是日期列表（每行 - YYYY-MM-DD）"))
            continue
        for entry in value_node.value:
            entry_line = entry.start_mark.line + 1
            try:
                day = dt.date.fromisoformat(str(entry.value).strip())
            except (ValueError, TypeError):
                problems.append(diag("GK012", CALENDAR_FILE, entry_line,
                                     f"第 {entry_line} 行“{entry.value}”不是 YYYY-MM-DD 格式的日期"))
                continue
            days[key][day] = entry_line
    for day in sorted(days["holidays"].keys() & days["workdays"].keys()):
        problems.append(diag("GK012", CALENDAR_FILE, days["workdays"][day],
                             f"{day} 同时写在 holidays 和 workdays 中", fix="删掉其中一处"))
    return WorkCalendar(frozenset(days["holidays"]), frozenset(days["workdays"])), problems
