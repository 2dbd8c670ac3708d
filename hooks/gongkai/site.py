"""The data every stage shares: `Context` (what rules consult besides the item) and `Site` (the validated
site every output is made from), with the data derived from them once per run.

A leaf: it imports the model, the settings, the diagnostics, the compliance types and the body renderer,
never a rule or an output, so any module can take a Site without importing the validator.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .cache import Store
from .compliance import Report
from .diagnostics import Diagnostic
from .model import Bulletin, Category, Unit
from .pii import mobile_key
from .requests_model import Case
from .settings import Settings
from .workdays import WorkCalendar, load_calendar

if TYPE_CHECKING:
    from .markdown_body import BodyRenderer


def official_mobiles(units: Iterable[Unit], settings: Settings) -> frozenset[str]:
    """Numbers published on purpose: every unit's phones in units.yml and the site's allowed_phones."""
    phones = [p for unit in units for p in unit.phones] + list(settings.allowed_phones)
    return frozenset(mobile_key(str(p)) for p in phones)


@dataclass
class Context:
    """What every rule may consult besides the item itself."""

    root: pathlib.Path
    as_of: dt.date
    units: dict[str, Unit]
    catalogue: dict[str, Category]
    settings: Settings = field(default_factory=Settings)
    # A shard build (the shards package) publishes only these units; None: every unit (a whole build).
    scope: frozenset[str] | None = None
    attachments: list[pathlib.Path] = field(default_factory=list)  # found by load.scan_tree
    # 依申请公开 and 意见反馈 (bulletins/<unit>/requests/, feedback/): read by validate.read_all.
    register: list[Case] = field(default_factory=list)
    _effective: dict[tuple[str, str], Category | None] = field(default_factory=dict, repr=False)

    def category_for(self, unit_id: str, category_id: str) -> Category | None:
        """The category as it applies to one unit: its `overrides` and per-kind `due` applied."""
        key = (unit_id, category_id)
        if key not in self._effective:
            self._effective[key] = self._resolve(unit_id, category_id)
        return self._effective[key]

    def _resolve(self, unit_id: str, category_id: str) -> Category | None:
        category = self.catalogue.get(category_id)
        unit = self.units.get(unit_id)
        if category is None or unit is None:
            return category
        update: dict[str, Any] = {"due": category.due_days(unit.kind)} if category.due is not None else {}
        if category.due_on is not None:
            update["due_on"] = category.due_on_for(unit.kind)
        override = unit.overrides.get(category_id)
        if override:
            update.update(override.model_dump(exclude_none=True))
            if override.due is not None:
                update["due_on"] = None  # a unit's own `due` replaces the calendar deadline
        return category.model_copy(update=update) if update else category

    def applicable(self, unit_id: str) -> list[Category]:
        """The categories the unit must publish (the compliance board counts them)."""
        kind = self.units[unit_id].kind
        return [c for c in self.catalogue.values() if kind in c.applies_to]

    def publishable(self, unit_id: str) -> list[Category]:
        """Every category the unit may publish: the ones it must, and the ones it may also."""
        kind = self.units[unit_id].kind
        return [c for c in self.catalogue.values() if c.publishable_by(kind)]

    def categories_for(self, unit_id: str) -> list[tuple[Category, bool]]:
        """Every category the unit may publish, as it applies to the unit (`category_for`), in catalogue
        order, with whether the unit must publish it."""
        kind = self.units[unit_id].kind
        return [(self._applied(unit_id, c.id), kind in c.applies_to) for c in self.publishable(unit_id)]

    def _applied(self, unit_id: str, category_id: str) -> Category:
        category = self.category_for(unit_id, category_id)
        assert category is not None  # the id comes from the catalogue and the unit is registered
        return category

    def ancestors(self, unit_id: str) -> list[Unit]:
        """The unit's chain from the top of the tree down to itself."""
        chain: list[Unit] = []
        seen: set[str] = set()
        current: str | None = unit_id
        while current and current in self.units and current not in seen:
            seen.add(current)
            chain.append(self.units[current])
            current = self.units[current].parent
        return chain[::-1]

    @cached_property
    def markdown(self) -> BodyRenderer:
        """The item body renderer, set up with the site's markdown_extensions (markdown_body.py: Python-Markdown,
        loaded when a body is rendered)."""
        from .markdown_body import BodyRenderer

        return BodyRenderer(self.settings.markdown_extensions, self.settings.mdx_configs)

    @cached_property
    def work_calendar(self) -> tuple[WorkCalendar, list[Diagnostic]]:
        """The site's working-day calendar (the package's and bulletins/calendar.yml), read once per run,
        and GK012 for what calendar.yml cannot say."""
        return load_calendar(self.root)

    @cached_property
    def official_mobiles(self) -> frozenset[str]:
        """The mobiles the privacy rule lets through (`official_mobiles` of the registry and settings)."""
        return official_mobiles(self.units.values(), self.settings)


@dataclass(frozen=True)
class Balance:
    """A finance item's 上期结余 and 本期结余 as (amount in 元, line), when stated: what the chain rule
    (rules/finance.check_chain) compares from one period to the next, found once per item by the item rules."""

    opening: tuple[Decimal, int] | None
    closing: tuple[Decimal, int] | None


@dataclass
class Site:
    """The validated site: what every output (pages, api, search, posters, feeds) is made from."""

    context: Context
    bulletins: list[Bulletin]
    diagnostics: list[Diagnostic]
    # Every compliance record as of context.as_of: computed once by the validator (deadlines.compute), or
    # the shards' records in a join. The rule, the board, the posters and `gongkai status` all read it.
    compliance: Report
    attachments: list[pathlib.Path] = field(default_factory=list)
    # src_uri → the item body's published (sanitised) HTML, recorded by the build as pages render.
    rendered: dict[str, str] = field(default_factory=dict)
    # The cache this run reads and fills (cache.py; None: off) and the digest of the shared inputs it keys on.
    cache: Store | None = None
    inputs_key: str = ""
    # src path → the balance of each item of a category with finance_tables (validate.validate_site).
    balances: dict[str, Balance] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)
