"""Disclosure periods: 2026 (yearly), 2026-H1 (half-yearly), 2026-Q3 (quarterly), 2026-07 (monthly)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

Cadence = Literal["monthly", "quarterly", "half-yearly", "yearly"]

# How many months one period of each cadence covers.
MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}
CADENCE_NAMES: dict[str, str] = {"monthly": "每月", "quarterly": "每季度", "half-yearly": "每半年", "yearly": "每年"}
EXAMPLES: dict[str, str] = {"monthly": "2026-07", "quarterly": "2026-Q3", "half-yearly": "2026-H2", "yearly": "2026"}

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d{4})$"), "yearly"),
    (re.compile(r"^(\d{4})-H([12])$"), "half-yearly"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarterly"),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "monthly"),
]
_QUARTER_NAMES = "一二三四"


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> Period | None:
    """Period.parse, once per text: every item's period is read by several rules and outputs (a Period is
    immutable, so the same one can be handed to each)."""
    text = text.strip().upper()
    for pattern, cadence in _PATTERNS:
        match = pattern.match(text)
        if match:
            index = int(match.group(2)) if match.lastindex == 2 else 1
            return Period(int(match.group(1)), index, cadence)  # type: ignore[arg-type]
    return None


@dataclass(frozen=True, order=True)
class Period:
    year: int
    index: int  # 1-based: month, quarter, half or 1 for a year
    cadence: Cadence

    @staticmethod
    def parse(text: str) -> Period | None:
        """The period written as text, or None when the text is not a period."""
        return _parse(str(text))

    @classmethod
    def containing(cls, day: dt.date, cadence: Cadence) -> Period:
        return cls(day.year, (day.month - 1) // MONTHS[cadence] + 1, cadence)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.index - 1) * MONTHS[self.cadence] + 1, 1)

    @property
    def end(self) -> dt.date:
        month = self.index * MONTHS[self.cadence]  # the last month: the day before the next month's first
        return dt.date(self.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)

    def next(self) -> Period:
        per_year = 12 // MONTHS[self.cadence]
        if self.index < per_year:
            return Period(self.year, self.index + 1, self.cadence)
        return Period(self.year + 1, 1, self.cadence)

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.year, self.index - 1, self.cadence)
        return Period(self.year - 1, 12 // MONTHS[self.cadence], self.cadence)

    def __str__(self) -> str:
        if self.cadence == "yearly":
            return f"{self.year}"
        if self.cadence == "half-yearly":
            return f"{self.year}-H{self.index}"
        if self.cadence == "quarterly":
            return f"{self.year}-Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    @property
    def label(self) -> str:
        """Chinese label: 2026年、2026年上半年、2026年第三季度、2026年7月."""
        if self.cadence == "yearly":
            return f"{self.year}年"
        if self.cadence == "half-yearly":
            return f"{self.year}年{'上下'[self.index - 1]}半年"
        if self.cadence == "quarterly":
            return f"{self.year}年第{_QUARTER_NAMES[self.index - 1]}季度"
        return f"{self.year}年{self.index}月"


def pattern(coarsest: str) -> str:
    """A regular expression for the periods of cadence `coarsest` or finer (a quarterly category also
    takes a monthly list): the web editor's `pattern` for `period`."""
    return "|".join(regex.pattern for regex, cadence in _PATTERNS if MONTHS[cadence] <= MONTHS[coarsest])
