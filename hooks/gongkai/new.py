"""`gongkai new`: a new item from its category's template, ready for a clerk to fill in.

The template has the front matter filled (type, period or event date, dates, sign-off) and every
required section as a `##` heading with a short hint in an HTML comment under it. A comment is not
content, so the untouched file fails `gongkai check` with GK202 until each hint is replaced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import pathlib
import re
import sys
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from . import asof
from .file_names import item_path
from .model import KIND_NAMES, Bulletin, Category, Unit
from .periods import CADENCE_NAMES, EXAMPLES, MONTHS, Period
from .progress import progress_bar
from .relations import Relations
from .rules.schema import suggest
from .site import Context
from .validate import validate_site

HINT_PREFIX = "提示："
_HINT = re.compile(r"<!--\s*" + HINT_PREFIX + r".*?-->", re.S)


class NewError(ValueError):
    """A request `new` cannot fulfil; the message says why and what to do, in Chinese."""


@functools.cache
def section_texts() -> dict[str, dict[str, str]]:
    """{section or "category/section": {"hint": ..., "example": ...}} from data/section_hints.yml."""
    text = resources.files("gongkai").joinpath("data/section_hints.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _section_entry(category_id: str, section: str) -> dict[str, str]:
    texts = section_texts()
    return texts.get(f"{category_id}/{section}") or texts.get(section) or {}


def hint(category_id: str, section: str) -> str:
    default = f"写明“{section}”的具体内容；确实没有的写“无”并说明原因。"
    return _section_entry(category_id, section).get("hint") or default


def example(category_id: str, section: str) -> str | None:
    """Sample content for the guide; None when the hints file has none for this section."""
    return _section_entry(category_id, section).get("example")


def fill_hints(text: str, fill: Any = None) -> str:
    """Replace every hint comment, e.g. with the sample texts (tests, the guide's examples)."""
    return _HINT.sub(fill or (lambda match: "本栏内容已按规定如实填写。"), text)


def short_name(category: Category, unit: Unit) -> str:
    """The category's name for a title: “村情概况 / 机构概况” → the one for this kind of unit."""
    names = [n.strip() for n in category.name.split("/")]
    name = names[0] if unit.kind == "village" or len(names) == 1 else names[-1]
    return re.sub(r"（.*?）|\(.*?\)", "", name).strip()


def default_title(category: Category, unit: Unit, period: Period | None) -> str:
    name = short_name(category, unit)
    suffix = "" if name.endswith(("公开", "报告")) else "公开"
    return f"{unit.name}{period.label if period else ''}{name}{suffix}"


def next_period(ctx: Context, series: list[Bulletin], unit_id: str, category: Category) -> Period:
    """The first period, from the unit's `since` on, that the unit has not yet published.

    Counting starts where compliance does (the first period that starts on or after `since`);
    without `since`, at the unit's first item of the series, or at the last period that has
    ended. So a missed period comes before the next one: it is overdue.
    """
    cadence = category.cadence or "yearly"
    done = {p for p in (Period.parse(b.period) for b in series if b.period and b.status != "withdrawn")
            if p and p.cadence == cadence}
    unit = ctx.units[unit_id]
    if unit.since:
        period = Period.containing(unit.since, cadence)
        if period.start < unit.since:
            period = period.next()
    elif done:
        period = min(done)
    else:
        period = Period.containing(ctx.as_of, cadence).previous()
    while period in done:
        period = period.next()
    return period


def open_decisions(rel: Relations, unit_id: str, decision_category: str) -> list[Bulletin]:
    """The unit's decisions with no result yet, newest first: what a `decision-result` follows."""
    decisions = rel.series.get((unit_id, decision_category), [])
    return [d for d in reversed(decisions)
            if d.status == "active" and not rel.followers.get(d.index_no or "")]


@dataclass
class NewItem:
    path: pathlib.Path  # relative to the project root
    text: str
    notes: list[str]  # what the clerk must still check, printed after the path


def _yaml_line(key: str, value: Any, comment: str = "") -> str:
    line = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    line = line.removeprefix("{").removesuffix("}")
    return f"{line}  # {comment}" if comment else line


def reviewer(unit: Unit) -> str:
    """Who signs an item off by default: the village's 村务监督委员会, else the unit's own office."""
    return "村务监督委员会" if unit.kind in ("village", "community") else "本单位政务公开工作机构"


def render(ctx: Context, unit: Unit, category: Category, *, period: Period | None = None,
           event_date: dt.date | None = None, title: str | None = None, follows: str | None = None) -> str:
    """The template text for one item (front matter and sections with hints)."""
    today = ctx.as_of
    lines = [_yaml_line("title", title or default_title(category, unit, period),
                        "" if title else "标题：请按实际事项修改"),
             _yaml_line("category", category.id, category.name),
             _yaml_line("type", category.type),
             _yaml_line("published", today, "上墙、上网的日期，请按实际填写")]
    if category.type == "periodic" and period:
        lines.append(_yaml_line("period", str(period), f"所属期间：{period.label}"))
    if category.type == "immediate":
        lines.append(_yaml_line("event_date", event_date or today, "事项决定或信息形成的日期"))
    if category.sign_off:
        lines.append(_yaml_line("reviewed_by", reviewer(unit), "审核机构"))
        lines.append(_yaml_line("reviewed_on", today, "审核日期，应在发布日期之前或同一天"))
    elif category.type == "standing":
        lines.append(_yaml_line("reviewed_on", today,
                                f"最近一次复核的日期，每 {category.review_days} 天至少复核一次"))
    if ctx.settings.secrecy_review_required.requires(unit.kind, category.id):
        # written by hand: YAML 1.1 reads a bare `on` key as true, and the guide writes it bare
        lines.append(f"secrecy_review: {{by: 办公室, on: {today}}}  # 保密审查：审查机构和日期，"
                     "应在发布日期之前或同一天")
    if category.follows:
        lines.append(_yaml_line("follows", follows or "请填写所跟进事项的索引号", "所跟进事项的索引号"))
    if any(other.follows == category.id for other in ctx.catalogue.values()):
        lines.append(f"# complete_by: {today.year}-12-31  # 可选：实施结果应在哪天前公开；需要时去掉行首的 #")
    lines.append("tags: []")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + sections(category)


def sections(category: Category) -> str:
    """The body of a new item: each required section as a `##` heading with its hint (also the web
    editor's starting body, admin_config.py)."""
    return "\n".join(f"## {section}\n\n<!-- {HINT_PREFIX}{hint(category.id, section).strip()} -->\n"
                     for section in category.sections)


def plan(root: pathlib.Path, unit_id: str, category_id: str, *, period: str | None = None,
         event_date: str | None = None, title: str | None = None, follows: str | None = None,
         as_of: dt.date | None = None) -> NewItem:
    """Check the request against the units and the catalogue; the file to write, or NewError."""
    with progress_bar("读取公开事项") as advance:
        site = validate_site(root, as_of=as_of, progress=advance)
    ctx = site.context
    if not ctx.units:
        raise NewError("没有读到 bulletins/units.yml 中的单位，请先登记单位（运行 gongkai check 查看原因）")
    unit = ctx.units.get(unit_id)
    if unit is None:
        raise NewError(f"没有“{unit_id}”这个单位{suggest(unit_id, list(ctx.units))}"
                       f"已登记的单位：{'、'.join(ctx.units)}")
    category = ctx.category_for(unit_id, category_id)
    if category is None:
        raise NewError(f"没有“{category_id}”这个公开类别{suggest(category_id, list(ctx.catalogue))}"
                       f"可用的类别：{'、'.join(c.id for c in ctx.publishable(unit_id))}")
    if not category.publishable_by(unit.kind):
        raise NewError(f"类别 {category.id}（{category.name}）不适用于{unit.name}"
                       f"（{KIND_NAMES[unit.kind]}）。"
                       f"适用于本单位的类别：{'、'.join(c.id for c in ctx.publishable(unit_id))}")
    rel = Relations.of(site.bulletins)
    notes: list[str] = []
    if category.also_immediate and event_date is not None:
        # a one-off 公示 / 公告 / 通知 of the catch-all category: immediate, free structure
        category = category.model_copy(update={"type": "immediate", "sections": []})
    the_period = _period(ctx, rel, unit, category, period)
    the_event = _event_date(category, event_date)
    if category.type == "immediate" and the_event is None:
        the_event = ctx.as_of
        notes.append(f"事件日期 event_date 暂按今天（{ctx.as_of}）填写，请改成事项决定或信息形成的日期")
    if category.follows and not follows:
        candidates = open_decisions(rel, unit_id, category.follows)
        if candidates:
            follows = candidates[0].index_no
            notes.append(f"follows 已填为最近一项尚无结果的决议：{candidates[0].title}（{follows}），"
                         "如不对请改正")
        else:
            notes.append("没有找到尚无结果的决议：请在 follows 中填写所跟进事项的索引号")
    if category.sign_off:
        notes.append("reviewed_by / reviewed_on 请按实际审核情况填写")
    if ctx.settings.secrecy_review_required.requires(unit.kind, category.id):
        notes.append("本单位（本类别）公开前必须经过保密审查：secrecy_review 的 by（审查机构）和 on（审查日期）"
                     "请按实际填写")
    path = pathlib.Path(item_path(unit_id, category.id, the_period, the_event, ctx.as_of))
    text = render(ctx, unit, category, period=the_period, event_date=the_event, title=title, follows=follows)
    return NewItem(path, text, notes)


def _period(ctx: Context, rel: Relations, unit: Unit, category: Category,
            period: str | None) -> Period | None:
    cadence = category.cadence or "yearly"
    if category.type != "periodic":
        if period:
            raise NewError(f"类别 {category.id}（{category.name}）不是定期公开，不用写 --period")
        return None
    if not period:
        return next_period(ctx, rel.series.get((unit.id, category.id), []), unit.id, category)
    parsed = Period.parse(period)
    if parsed is None:
        raise NewError(f"--period {period} 不是有效的期间：写成 2026、2026-H1、2026-Q3 或 2026-07")
    if MONTHS[parsed.cadence] > MONTHS[cadence]:  # finer periods (a monthly list) are fine
        raise NewError(f"{unit.name}的{category.name}{CADENCE_NAMES[cadence]}公开，"
                       f"--period 应写成 {EXAMPLES[cadence]} 这样的期间；本单位确实"
                       f"{CADENCE_NAMES[parsed.cadence]}公开一次的，先在 bulletins/units.yml 该单位下写 "
                       f"overrides: {{{category.id}: {{cadence: {parsed.cadence}}}}}")
    return parsed


def _event_date(category: Category, event_date: str | None) -> dt.date | None:
    if event_date is None:
        return None
    if category.type != "immediate" and not category.also_immediate:
        raise NewError(f"类别 {category.id}（{category.name}）不是及时公开，不用写 --event-date")
    try:
        return dt.date.fromisoformat(event_date)
    except ValueError:
        raise NewError(f"--event-date {event_date} 不是日期，请写成 YYYY-MM-DD，例如 2026-10-01") from None


def cmd_new(args: argparse.Namespace) -> int:
    root: pathlib.Path = args.root
    try:
        item = plan(root, args.unit, args.category, period=args.period, event_date=args.event_date,
                    title=args.title, follows=args.follows, as_of=asof.today())
    except NewError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2
    target = root / item.path
    if args.output:
        target = pathlib.Path(args.output)
    if target.exists():
        print(f"错误：{target.as_posix()} 已经存在，没有覆盖它。"
              "要写同一期间的另一项，请用 --output 指定新文件名；"
              "要更正已公开的事项，请新建一项并写 supersedes: <原事项的索引号>", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(item.text, encoding="utf-8")
    print(target.as_posix())
    for note in ["把每个“提示”注释换成实际内容后，运行 gongkai check 检查", *item.notes]:
        print(f"  · {note}", file=sys.stderr)
    return 0


def add_command(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser("new", help="按公开目录的模板新建一项公开事项",
                              description="按公开目录的模板新建一项公开事项：元数据已填好，每个必备栏目下有填写提示。")
    new.add_argument("--unit", required=True, help="单位 id（bulletins/ 下的文件夹名），如 yuhuazhai")
    new.add_argument("--category", required=True, help="公开类别 id，如 finance、decision")
    when = new.add_mutually_exclusive_group()
    when.add_argument("--period", help="定期公开的所属期间，如 2026-Q3；不写则取本单位下一个尚未公开的期间")
    when.add_argument("--event-date", help="及时公开的事件日期 YYYY-MM-DD；不写则为今天")
    new.add_argument("--title", help="标题；不写则按单位、期间和类别生成")
    new.add_argument("--follows", help="重大事项实施结果所跟进的决议的索引号；不写则取最近一项尚无结果的决议")
    new.add_argument("--output", help="写到这个文件（默认 bulletins/<单位>/<年份>/<类别>-<期间或日期>.md）")
    new.set_defaults(run=cmd_new)
