"""How items relate: by 索引号, the series of a unit's category, corrections and follow-ups."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Bulletin


def sort_key(item: Bulletin) -> tuple[object, ...]:
    """Oldest first: by what the item is about, then when it went up, then path."""
    return (item.period_obj.start if item.period_obj else item.date, item.published, item.path)


@dataclass
class Relations:
    by_index: dict[str, Bulletin] = field(default_factory=dict)
    by_url: dict[str, Bulletin] = field(default_factory=dict)
    series: dict[tuple[str, str], list[Bulletin]] = field(default_factory=dict)  # (unit, category) → oldest first
    followers: dict[str, list[Bulletin]] = field(default_factory=dict)  # index_no → items that follow it
    superseded_by: dict[str, list[Bulletin]] = field(default_factory=dict)  # index_no → its corrections
    by_unit: dict[str, list[Bulletin]] = field(default_factory=dict)  # unit → newest published first

    @classmethod
    def of(cls, items: list[Bulletin]) -> Relations:
        rel = cls()
        series: dict[tuple[str, str], list[Bulletin]] = defaultdict(list)
        followers: dict[str, list[Bulletin]] = defaultdict(list)
        superseded_by: dict[str, list[Bulletin]] = defaultdict(list)
        by_unit: dict[str, list[Bulletin]] = defaultdict(list)
        for item in items:
            rel.by_index.setdefault(item.index_no or "", item)
            rel.by_url[item.url] = item
            series[(item.unit, item.category)].append(item)
            by_unit[item.unit].append(item)
            if item.follows:
                followers[item.follows].append(item)
            if item.supersedes:
                superseded_by[item.supersedes].append(item)
        rel.series = {key: sorted(value, key=sort_key) for key, value in series.items()}
        rel.by_unit = {key: sorted(value, key=lambda i: (i.published, i.path), reverse=True)
                       for key, value in by_unit.items()}
        rel.followers, rel.superseded_by = dict(followers), dict(superseded_by)
        return rel

    def neighbours(self, item: Bulletin) -> tuple[Bulletin | None, Bulletin | None]:
        """The previous and next item of the same unit and category (periodic series)."""
        items = self.series.get((item.unit, item.category), [])
        try:
            position = next(i for i, other in enumerate(items) if other is item)
        except StopIteration:
            return None, None
        before = items[position - 1] if position > 0 else None
        after = items[position + 1] if position + 1 < len(items) else None
        return before, after

    def current(self, unit: str, category: str) -> Bulletin | None:
        """The newest active item of a series: what should be on the board now."""
        items = [i for i in self.series.get((unit, category), []) if i.status == "active"]
        return items[-1] if items else None
