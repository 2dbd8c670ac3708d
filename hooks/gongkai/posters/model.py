"""The poster model: how long an item stays on the board, its paper size, and what a unit's
whole board (三务公开栏) should show today. Pure functions of the validated Site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..model import GROUPS, Bulletin, Unit
from ..relations import Relations
from ..site import Context, Site

Size = Literal["A4", "A3"]
SIZES: tuple[Size, ...] = ("A4", "A3")

# An immediate item without display_until stays on the board this long after publication
# (村务公开 practice: 公示期一般不少于 30 日). Periodic items stay until the next period's item is
# due; standing items until they are replaced. docs/guide/posters.md says the same.
IMMEDIATE_DISPLAY_DAYS = 30

# The board heading of each kind of unit: a village's board is its 村务公开栏, the others' 政务公开栏.
BOARD_NAMES = {"village": "村务公开栏", "community": "居务公开栏", "township": "政务公开栏", "county": "政务公开栏",
               "department": "政务公开栏", "party": "党务公开栏", "institution": "信息公开栏"}


def board_heading(unit: Unit) -> str:
    """e.g. 鱼化寨村村务公开栏."""
    return unit.name + BOARD_NAMES[unit.kind]


def display_until(item: Bulletin, ctx: Context) -> dt.date | None:
    """The last day the item belongs on the board; None while it stands until replaced."""
    if item.display_until:
        return item.display_until
    if item.type == "immediate":
        return item.published + dt.timedelta(days=IMMEDIATE_DISPLAY_DAYS)
    period = item.period_obj
    if item.type == "periodic" and period:
        category = ctx.category_for(item.unit, item.category)
        return category.deadline(period.next()) if category else period.next().end
    return None


def display_label(item: Bulletin, ctx: Context) -> str:
    """公开期限 as printed on the poster."""
    until = display_until(item, ctx)
    if until is None:
        return "长期公开，内容变化时更新"
    if item.display_until:
        return f"至 {until.isoformat()}"
    if item.type == "immediate":
        return f"至 {until.isoformat()}（公示 {IMMEDIATE_DISPLAY_DAYS} 日）"
    return f"至 {until.isoformat()}（下期公开后撤换）"


def poster_size(item: Bulletin, ctx: Context, override: Size | None = None) -> Size:
    """--size, else the category's poster_size (catalogue.yml), else the site's (mkdocs.yml)."""
    if override:
        return override
    category = ctx.category_for(item.unit, item.category)
    return (category.poster_size if category else None) or ctx.settings.poster_size


@dataclass
class Board:
    """A unit's whole board today: one column per group (党务 / 村务 / 财务 / 政务)."""

    unit: Unit
    as_of: dt.date
    columns: list[tuple[str, list[Bulletin]]]

    @property
    def items(self) -> list[Bulletin]:
        return [item for _, items in self.columns for item in items]


def _in_window(item: Bulletin, ctx: Context) -> bool:
    until = display_until(item, ctx)
    return until is None or ctx.as_of <= until


def _current(items: list[Bulletin], ctx: Context) -> list[Bulletin]:
    return [i for i in items if i.status == "active" and i.published <= ctx.as_of]


def board(site: Site, rel: Relations, unit_id: str) -> Board:
    """Standing items, the latest period of each periodic category, immediate items in their window."""
    ctx = site.context
    unit = ctx.units[unit_id]
    order = {category_id: n for n, category_id in enumerate(ctx.catalogue)}
    type_order = {"standing": 0, "periodic": 1, "immediate": 2}
    chosen: dict[str, list[Bulletin]] = {group: [] for group in GROUPS}
    categories = {c.id for c in ctx.applicable(unit_id)} | {
        category for (u, category) in rel.series if u == unit_id}
    for category_id in categories:
        category = ctx.catalogue.get(category_id)
        if category is None:
            continue
        current = _current(rel.series.get((unit_id, category_id), []), ctx)
        if category.type == "periodic":
            # Series are oldest first: the latest period stays up until it is replaced, even when
            # the next one is late; only an explicit display_until takes it down earlier.
            latest = current[-1:]
            shown = [i for i in latest if not i.display_until or ctx.as_of <= i.display_until]
        else:
            shown = [i for i in current if _in_window(i, ctx)]
        chosen[category.group] += shown
    groups = {c.group for c in ctx.applicable(unit_id)} | {g for g, items in chosen.items() if items}
    columns = []
    for group in GROUPS:
        if group in groups:
            items = sorted(chosen[group], key=lambda i: (type_order[i.type], order.get(i.category, 99),
                                                         -i.published.toordinal(), i.path))
            columns.append((group, items))
    return Board(unit=unit, as_of=ctx.as_of, columns=columns)
