"""The one validator: bulletins/ → typed Bulletins + every Diagnostic, for the build and the CLI alike."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from pydantic import ValidationError

from . import asof, index_no
from .diagnostics import Diagnostic, diag, error_text
from .load import BULLETINS, RawItem, node_line, read_item, read_yaml_file, scan_tree
from .model import RESERVED_IDS, Bulletin, CatalogueFile, Category, Unit, UnitsFile
from .requests_load import is_register_file, to_case
from .requests_model import Case
from .rules import ITEM_RULES, RAW_RULES, SITE_RULES
from .rules.schema import check_front_matter
from .settings import Settings, read_settings


@dataclass
class Context:
    """What every rule may consult besides the item itself."""

    root: pathlib.Path
    as_of: dt.date
    units: dict[str, Unit]
    catalogue: dict[str, Category]
    settings: Settings = field(default_factory=Settings)
    # A shard build (shards.py) publishes only these units; None: every unit (a whole build).
    scope: frozenset[str] | None = None
    attachments: list[pathlib.Path] = field(default_factory=list)  # found by load.scan_tree
    # 依申请公开 and 意见反馈 (bulletins/<unit>/requests/, feedback/): read by read_register.
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


@dataclass
class Site:
    """The validated site: what every output (pages, api, search, posters, feeds) is made from."""

    context: Context
    bulletins: list[Bulletin]
    diagnostics: list[Diagnostic]
    attachments: list[pathlib.Path] = field(default_factory=list)
    # src_uri → the item body's published (sanitised) HTML, recorded by the build as pages render.
    rendered: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def load_units(root: pathlib.Path) -> tuple[dict[str, Unit], list[Diagnostic]]:
    path = f"{BULLETINS}/units.yml"
    file = root / path
    if not file.exists():
        return {}, [diag("GK010", path, 1, "找不到 bulletins/units.yml")]
    data, problems = read_yaml_file(file, path, "GK010")
    if problems:
        return {}, problems
    units, errors = _valid_units(data)
    text = file.read_text(encoding="utf-8-sig")
    problems += _unique(_registry_problem(e, data, path, "GK010", "units", text) for e in errors)
    found: dict[str, Unit] = {}
    for index, unit in units:
        line = node_line(text, ("units", index, "id"))
        if unit.id in found:
            problems.append(diag("GK010", path, line, f"第 {line} 行：单位 id“{unit.id}”登记了两次"))
        elif unit.id in RESERVED_IDS:
            problems.append(diag("GK010", path, line, f"第 {line} 行：单位 id“{unit.id}”是网站保留的名字",
                                 fix="换一个 id，并把文件夹改成同样的名字"))
        found[unit.id] = unit
    for index, unit in units:
        if unit.parent and unit.parent not in found:
            line = node_line(text, ("units", index, "parent"))
            problems.append(diag("GK010", path, line,
                                 f"第 {line} 行：单位“{unit.id}”的上级 parent: {unit.parent} 没有登记"))
    return found, problems


def _valid_units(data: Any) -> tuple[list[tuple[int, Unit]], list[Any]]:
    """The units that are valid, with their place in the list (one wrong unit does not hide the others), and
    the errors of the rest."""
    try:
        return list(enumerate(UnitsFile.model_validate(data).units)), []
    except ValidationError as err:
        if not (isinstance(data, dict) and isinstance(data.get("units"), list)):
            return [], err.errors(include_url=False)
    units, errors = [], []
    for index, entry in enumerate(data["units"]):
        try:
            units.append((index, Unit.model_validate(entry)))
        except ValidationError as err:
            errors += [{**e, "loc": ("units", index, *e["loc"])} for e in err.errors(include_url=False)]
    return units, errors


def _unique(problems: Iterable[Diagnostic]) -> list[Diagnostic]:
    """One diagnostic per line and field (a union type reports each of its alternatives)."""
    seen: dict[tuple[str, int, str], Diagnostic] = {}
    for problem in problems:
        seen.setdefault((problem.file, problem.line, problem.message.split("：")[0]), problem)
    return list(seen.values())


def _registry_problem(error: Any, data: Any, path: str, code: str, top: str, text: str = "") -> Diagnostic:
    loc = tuple(p for p in error["loc"] if not isinstance(p, str) or not p.startswith(("list[", "str", "function")))
    where = "、".join(str(p) for p in loc)
    if len(loc) >= 2 and loc[0] == top and isinstance(loc[1], int):
        entry = data[top][loc[1]] if isinstance(data, dict) else None
        name = entry.get("id") if isinstance(entry, dict) else None
        where = f"第 {loc[1] + 1} 项（{name or '无 id'}）的 " + ".".join(str(p) for p in loc[2:])
    value = error.get("input")
    shown = f"“{value}”" if isinstance(value, (str, int, float)) and error["type"] != "missing" else ""
    line = node_line(text, loc) if text else 1
    return diag(code, path, line, f"第 {line} 行 {where}{shown}：{error_text(error)}")


def load_catalogue(root: pathlib.Path) -> tuple[dict[str, Category], list[Diagnostic]]:
    """The default catalogue shipped in the package, plus a site's bulletins/catalogue.yml."""
    default = resources.files("gongkai").joinpath("catalogue.yml").read_text(encoding="utf-8")
    import yaml

    catalogue = {c.id: c for c in CatalogueFile.model_validate(yaml.safe_load(default)).categories}
    path = f"{BULLETINS}/catalogue.yml"
    file = root / path
    if not file.exists():
        return catalogue, []
    data, problems = read_yaml_file(file, path, "GK011")
    if problems:
        return catalogue, problems
    try:
        for category in CatalogueFile.model_validate(data).categories:
            catalogue[category.id] = category
    except ValidationError as err:
        text = file.read_text(encoding="utf-8-sig")
        return catalogue, _unique(_registry_problem(e, data, path, "GK011", "categories", text)
                                  for e in err.errors(include_url=False))
    return catalogue, []


def to_bulletin(raw: RawItem) -> tuple[Bulletin | None, list[Diagnostic]]:
    front, problems = check_front_matter(raw)
    if front is None:
        return None, problems
    stem = raw.src_uri[:-3]
    if stem.rsplit("/", 1)[-1].lower() == "index":
        return None, [diag("GK008", raw.path, 1, "文件名是 index.md，会和栏目页冲突")]
    item = Bulletin.model_construct(
        **dict(front), unit=raw.unit, path=raw.path, src_uri=raw.src_uri, url=stem + "/",
        body=raw.body, body_line=raw.body_line, headings=raw.headings, key_lines=raw.key_lines,
        index_no_generated=False)
    return item, []


def read_checked(root: pathlib.Path, file: pathlib.Path, context: Context,
                 rules: bool) -> tuple[RawItem | None, list[Diagnostic]]:
    """One file read, and the raw rules (personal data, unsafe HTML) when rules are on; None: unreadable."""
    raw, problems = read_item(root, file)
    if raw.front is None:
        return None, problems
    for raw_rule in (RAW_RULES if rules else ()):
        problems += raw_rule(raw, context)
    return raw, problems


def read_register(root: pathlib.Path, files: list[pathlib.Path], context: Context,
                  rules: bool) -> tuple[list[Case], list[Diagnostic]]:
    """The register's files (依申请公开, 意见反馈) → Cases, read and raw-checked as items are."""
    cases: list[Case] = []
    problems: list[Diagnostic] = []
    for file in files:
        raw, raw_problems = read_checked(root, file, context, rules)
        problems += raw_problems
        if raw is None:
            continue
        case, case_problems = to_case(raw)
        problems += case_problems
        cases += [case] if case else []
    return cases, problems


def validate_site(root: pathlib.Path, *, settings: Settings | None = None, as_of: dt.date | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  units_filter: frozenset[str] | None = None, rules: bool = True) -> Site:
    """Read and check everything under root/bulletins; never raises on content.

    ``units_filter`` (a shard build): read and check only these units' folders; units.yml is read whole.
    ``rules=False`` reads and types the items (front matter, 索引号) without the rule families
    (privacy, sections, finance, timeliness …): what `gongkai status` needs, in half the time.
    """
    root = root.resolve()
    units, problems = load_units(root)
    catalogue, catalogue_problems = load_catalogue(root)
    site_settings, settings_problems = read_settings(root)
    problems += catalogue_problems + settings_problems
    context = Context(root=root, as_of=as_of or asof.today(), units=units, catalogue=catalogue,
                      settings=settings or site_settings, scope=units_filter)
    tree = scan_tree(root, set(units), only=units_filter)
    context.attachments = tree.attachments
    problems += tree.problems
    register_files = [f for f in tree.items if is_register_file(f, root / BULLETINS)]
    context.register, register_problems = read_register(root, register_files, context, rules)
    problems += register_problems
    item_files = [f for f in tree.items if not is_register_file(f, root / BULLETINS)]
    bulletins: list[Bulletin] = []
    for number, file in enumerate(item_files, 1):
        raw, raw_problems = read_checked(root, file, context, rules)
        problems += raw_problems
        if raw is None:
            continue
        item, item_problems = to_bulletin(raw)
        problems += item_problems
        if item is not None:
            bulletins.append(item)
        if progress:
            progress(number, len(item_files))
    index_no.assign(bulletins, units)
    for item in bulletins:
        for item_rule in (ITEM_RULES if rules else ()):
            problems += item_rule(item, context)
    for site_rule in (SITE_RULES if rules else ()):
        problems += site_rule(bulletins, context)
    problems.sort(key=lambda d: (d.file, d.line, d.code))
    return Site(context=context, bulletins=bulletins, diagnostics=problems, attachments=tree.attachments)
