"""The one validator: bulletins/ → typed Bulletins + every Diagnostic, for the build and the CLI alike."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import pathlib
from collections.abc import Callable, Iterator
from typing import TypeVar

from . import asof, deadlines, index_no
from .cache import Store
from .diagnostics import Diagnostic, diag
from .incremental import ItemResult, Memo
from .load import BULLETINS, RawItem, read_item, scan_tree
from .model import Bulletin
from .registry import load_catalogue, load_units
from .requests_load import is_register_file, to_case
from .rules import ITEM_RULES, RAW_RULES, SITE_RULES, finance
from .rules.schema import check_front_matter
from .settings import Settings, read_settings
from .site import Balance, Context, Site

T = TypeVar("T")


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


def read_all(root: pathlib.Path, files: list[pathlib.Path], context: Context, rules: bool,
             convert: Callable[[RawItem], tuple[T | None, list[Diagnostic]]],
             progress: Callable[[int, int], None] | None = None,
             memo: Memo | None = None) -> tuple[list[T], list[Diagnostic]]:
    """Files read and raw-checked one by one, each turned into what `convert` makes of it (a Bulletin for an
    item, a Case for a register file: 依申请公开, 意见反馈); from `memo` (the cache) when the file is unchanged."""
    made: list[T] = []
    problems: list[Diagnostic] = []
    for number, file in enumerate(files, 1):
        def check(file: pathlib.Path = file) -> tuple[T | None, list[Diagnostic]]:
            return _check_one(root, file, context, rules, convert)
        thing, file_problems = memo.read(file, convert.__name__, check) if memo else check()
        problems += file_problems
        made += [thing] if thing is not None else []
        if progress:
            progress(number, len(files))
    return made, problems


def _check_one(root: pathlib.Path, file: pathlib.Path, context: Context, rules: bool,
               convert: Callable[[RawItem], tuple[T | None, list[Diagnostic]]]) -> tuple[T | None, list[Diagnostic]]:
    raw, problems = read_checked(root, file, context, rules)
    if raw is None:
        return None, problems
    thing, convert_problems = convert(raw)
    return thing, problems + convert_problems


def check_item(item: Bulletin, context: Context, rules: bool) -> ItemResult:
    """The ITEM_RULES over one Bulletin, and its balance for the finance chain (the site rule compares it)."""
    if not rules:
        return ItemResult([])
    return ItemResult([p for rule in ITEM_RULES for p in rule(item, context)], finance.balance_of(item, context))


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """No garbage collection while the validator runs: a run makes hundreds of thousands of objects that live
    to its end (every item, its headings, its diagnostics) and makes no reference cycles worth freeing, and
    the collector scanned them again and again (a quarter of `gongkai check` with a warm cache at 10,000
    items with the default thresholds; still 0.1 s of it with a threshold of 50,000). The collector runs
    again as before afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def recheck_item(root: pathlib.Path, file: pathlib.Path, context: Context,
                 before: Bulletin) -> tuple[Bulletin | None, list[Diagnostic]]:
    """One saved item checked alone, as validate_site checks each item (the raw rules, the front matter, the
    item rules): the preview's hot path (hot_path.py). ``before``: the item as the last whole run made it; a
    generated 索引号 is kept when the date did not change. None: the file cannot be typed, or only a whole
    run can number it (a generated 索引号 with a new date) — the caller runs validate_site."""
    item, problems = _check_one(root.resolve(), file, context, True, to_bulletin)
    if item is None:
        return None, problems
    if not item.index_no:
        if not before.index_no_generated or before.published != item.published:
            return None, problems
        item.index_no, item.index_no_generated = before.index_no, True
    return item, problems + check_item(item, context, True).problems


@fewer_collections()
def validate_site(root: pathlib.Path, *, settings: Settings | None = None, as_of: dt.date | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  units_filter: frozenset[str] | None = None, rules: bool = True,
                  cache: Store | None = None) -> Site:
    """Read and check everything under root/bulletins; never raises on content.

    ``units_filter`` (a shard build): read and check only these units' folders; units.yml is read whole.
    ``rules=False`` reads and types the items (front matter, 索引号) without the rule families
    (privacy, sections, finance, timeliness …): what `gongkai status` needs, in half the time.
    ``cache``: reuse each unchanged file's checked form and rule results (incremental.py); the site-wide
    rules, the compliance records and the generated 索引号 always run again.
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
    bulletins_dir = root / BULLETINS
    register_files: list[pathlib.Path] = []
    item_files: list[pathlib.Path] = []
    for file in tree.items:
        (register_files if is_register_file(file, bulletins_dir) else item_files).append(file)
    memo = Memo(cache, root, context.as_of.isoformat(), tree.attachments, rules, units_filter)
    context.register, register_problems = read_all(root, register_files, context, rules, to_case, memo=memo)
    bulletins, item_problems = read_all(root, item_files, context, rules, to_bulletin, progress, memo)
    memo.seal_files(f.relative_to(root).as_posix() for f in register_files)
    problems += register_problems + item_problems
    index_no.assign(bulletins, units)
    balances: dict[str, Balance] = {}
    for item in bulletins:
        result = memo.item_result(item, lambda item=item: check_item(item, context, rules))
        problems += result.problems
        if result.balance is not None:
            balances[item.path] = result.balance
    memo.save()
    site = Site(context=context, bulletins=bulletins, diagnostics=[], attachments=tree.attachments,
                compliance=deadlines.compute(bulletins, context, memo.unit_records), cache=cache,
                inputs_key=memo.inputs, balances=balances)
    for site_rule in (SITE_RULES if rules else ()):
        problems += site_rule(site)
    site.diagnostics = sorted(problems, key=lambda d: (d.file, d.line, d.code))
    return site
