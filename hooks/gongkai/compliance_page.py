"""The 公开情况 board: compliance/ (overview), compliance/<township>/ (one page per township, the filter
that works without JavaScript), compliance/no-board-photo/ (the 未见上墙照片 filter, where the site expects
board photos), the status block on each unit page, and api/compliance.json.

Everything is drawn from site.compliance, the one computation. Cells say the status in
words (按时 / 逾期 N 天 / 缺失 / 待复核 / 未完成) as well as in colour, and link to the item that
counted, or to the unit's status block where the missing periods are listed.
"""

from __future__ import annotations

import pathlib
from collections import defaultdict

from . import compliance, requests_page
from .api import write_json
from .board_photo_due import photo_due
from .compliance import STATUS_TEXT, Record, Report, describe, short_name, status_text, worst
from .markup import esc, page
from .model import KIND_NAMES, Category, Unit
from .periods import CADENCE_NAMES
from .phones import tel_links
from .relations import Relations
from .site import Context, Site
from .urls import compliance_url, no_board_photo_url, relative, status_anchor, unit_url

# Up to this many units the overview page shows every matrix; larger sites show one row per township.
FULL_BOARD_UNITS = 40
MAX_ATTENTION = 100
KIND_ORDER = ("county", "township", "department", "village", "community", "party", "institution")
NOTES = {"on_time": "在期限内公开", "late": "已公开，但晚于期限", "missing": "期限已过，尚未公开",
         "stale": "固定公开超过一年未复核", "open": "决议到期，未公开实施结果",
         "unknown": "缺少当年的节假日安排"}


def group_of(ctx: Context, unit_id: str) -> str:
    """The township a unit belongs to (itself, if it is one); units above townships: the top unit."""
    chain = ctx.ancestors(unit_id)
    township = next((u for u in reversed(chain) if u.kind == "township"), None)
    return (township or chain[0]).id


def groups(ctx: Context) -> dict[str, list[Unit]]:
    """Township id → its units (the township first), in units.yml order."""
    found: dict[str, list[Unit]] = defaultdict(list)
    for unit in ctx.units.values():
        found[group_of(ctx, unit.id)].append(unit)
    return {gid: sorted(units, key=lambda u: u.id != gid) for gid, units in found.items()}


def group_title(ctx: Context, group_id: str) -> str:
    unit = ctx.units[group_id]
    return unit.name if unit.kind == "township" else f"{unit.name}（本级及直属单位）"


def rule_text(cat: Category) -> str:
    """The timing rule of a category as it applies to one unit."""
    if cat.type == "periodic":
        return f"{CADENCE_NAMES.get(cat.cadence or '', '')}公开，{cat.due_rule()}"
    if cat.type == "immediate":
        return f"事项发生后 {cat.deadline_working_days or 0} 个工作日内公开"
    return f"至少每 {cat.review_days} 天复核一次"


def chip(status: str | None, text: str) -> str:
    css = (status or "none").replace("_", "-")
    return f'<span class="gk-chip gk-s-{css}">{esc(text)}</span>'


def cell_text(records: list[Record]) -> tuple[str | None, str, str]:
    """(worst status, its words, a small note) for one unit × category cell."""
    status = worst(records)
    if status is None:
        return None, "—", ""
    same = [r for r in records if r.status == status]
    if status == "missing" and len(same) > 1:
        return status, f"缺失 {len(same)} 期", ""
    if status == "late":
        longest = max(same, key=lambda r: r.days_late or 0)
        return status, status_text(longest), f"等 {len(same)} 项" if len(same) > 1 else ""
    if status in ("open", "stale", "unknown") and len(same) > 1:
        return status, STATUS_TEXT[status], f"{len(same)} 项"
    return status, status_text(same[0]), ""


def cell(records: list[Record], unit: Unit, category_id: str, here: str) -> str:
    status, text, note = cell_text(records)
    if status is None:
        return f'<td class="gk-c">{chip(None, text)}</td>'
    problems = [r for r in records if r.status != "on_time"]
    shown = problems[0] if len(problems) == 1 else records[-1] if not problems else None
    if shown is not None and shown.item is not None:
        target = relative(here, shown.item.url)
    else:
        target = relative(here, unit_url(unit.id)) + f"#{status_anchor(category_id)}"
    small = f"<small>{esc(note)}</small>" if note else ""
    return f'<td class="gk-c"><a href="{target}">{chip(status, text)}</a>{small}</td>'


def scroller(label: str) -> str:
    """The opening tag of a wide table's sideways-scrolling region: named, and a tab stop for keyboards."""
    return f'<div class="gk-matrix-wrap" role="region" tabindex="0" aria-label="{esc(label)}">'


def matrix(ctx: Context, report: Report, units: list[Unit], here: str) -> str:
    """One table per kind of unit (their categories differ): units down, categories across."""
    cells = report.cells()
    tables = []
    for kind in KIND_ORDER:
        members = [u for u in units if u.kind == kind]
        if not members:
            continue
        # what the kind must publish, and what its members may publish and did
        categories = [c for c in ctx.catalogue.values()
                      if kind in c.applies_to or any(cells.get((u.id, c.id)) for u in members)]
        if not categories:
            continue
        head = "".join(f'<th scope="col">{esc(short_name(c))}</th>' for c in categories)
        rows = []
        for unit in members:
            link = relative(here, unit_url(unit.id))
            name = f'<th scope="row"><a href="{link}">{esc(unit.name)}</a></th>'
            if report.starts.get(unit.id) is None:
                rows.append(f'<tr>{name}<td class="gk-c gk-uncounted" colspan="{len(categories)}">'
                            "未统计（没有 since，也没有事项）</td></tr>")
                continue
            row = "".join(cell(cells.get((unit.id, c.id), []), unit, c.id, here) for c in categories)
            rows.append(f"<tr>{name}{row}</tr>")
        tables.append(f'{scroller(f"公开情况表：{KIND_NAMES[kind]}")}<table class="gk-matrix">'
                      f'<caption>{KIND_NAMES[kind]}</caption>'
                      f'<thead><tr><th scope="col">单位</th>{head}</tr></thead>'
                      f'<tbody>{"".join(rows)}</tbody></table></div>')
    return "\n".join(tables)


def legend() -> str:
    items = "".join(f"<li>{chip(s, STATUS_TEXT[s])} {NOTES[s]}</li>" for s in ("on_time", "late", "missing",
                                                                                "stale", "open"))
    return f'<ul class="gk-legend">{items}<li>{chip(None, "—")} 暂无应公开的事项</li></ul>'


def summary(report: Report, units: list[Unit]) -> str:
    counts = report.counts(u.id for u in units)
    # a zero count is shown in grey: red "缺失 0" would read as an alarm
    parts = [f'<span class="gk-count">{chip(s if n else None, STATUS_TEXT[s])} {n}</span>'
             for s, n in counts.items() if n or s in compliance.PROBLEMS]
    return f'<p class="gk-summary">{" ".join(parts)}</p>'


def township_filter(ctx: Context, report: Report, grouped: dict[str, list[Unit]], here: str,
                    current: str | None) -> str:
    """Links to every township's page: the board's filter (static pages, so no script is needed)."""
    everything = " aria-current=page" if current is None else ""
    links = [f'<a href="{relative(here, compliance_url())}"{everything}>全部</a>']
    for gid, units in grouped.items():
        problems = sum(n for s, n in report.counts(u.id for u in units).items() if s in compliance.PROBLEMS)
        mark = f" <small>{problems}</small>" if problems else ""
        attr = " aria-current=page" if gid == current else ""
        name = esc(ctx.units[gid].name)
        links.append(f'<a href="{relative(here, compliance_url(gid))}"{attr}>{name}{mark}</a>')
    return f'<nav class="gk-filter" aria-label="按乡镇（街道）筛选">{"".join(links)}</nav>'


def no_photo_records(report: Report, grouped: dict[str, list[Unit]]) -> dict[str, list[Record]]:
    """Township id → the records whose item should show a board photo by now and does not (board_photo False)."""
    group_of_unit = {u.id: gid for gid, units in grouped.items() for u in units}
    found: dict[str, list[Record]] = defaultdict(list)
    for record in report.records:
        if record.board_photo is False and record.unit in group_of_unit:
            found[group_of_unit[record.unit]].append(record)
    return dict(found)


def photo_filter(ctx: Context, here: str, count: int, group_id: str | None = None, current: bool = False) -> str:
    """The board's 未见上墙照片 filter (`count` of them): a link to the static page that lists them (no script
    needed; from a township's page, to its part). Nothing where the site expects no board photos."""
    if not ctx.settings.board_photo_expected.kinds:
        return ""
    target = relative(here, no_board_photo_url(group_id))
    mark = " aria-current=page" if current else ""
    links = [f'<a href="{target}"{mark}>未见上墙照片 <small>{count}</small></a>']
    if current:
        links.insert(0, f'<a href="{relative(here, compliance_url(group_id))}">全部事项</a>')
    return f'<nav class="gk-filter" aria-label="按上墙照片筛选">{"".join(links)}</nav>'


def _no_photo_line(ctx: Context, report: Report, record: Record, here: str) -> str:
    item = record.item
    assert item is not None  # board_photo is False only where there is an item
    unit = ctx.units[record.unit]
    link = f'<a href="{relative(here, item.url)}">{esc(item.title)}</a>'
    due = photo_due(item, ctx, report.calendar)
    return (f'<li><a href="{relative(here, unit_url(unit.id))}">{esc(unit.name)}</a> · '
            f'{esc(short_name(ctx.catalogue[record.category]))} · {link}：'
            f'<span class="gk-detail">{item.published} 发布，应于 {due} 前上传上墙照片，至今没有</span></li>')


def _photo_intro(ctx: Context) -> str:
    rule = ctx.settings.board_photo_expected
    kinds = "、".join(KIND_NAMES[k] for k in rule.kinds)
    categories = "、".join(short_name(ctx.catalogue[c]) for c in rule.categories if c in ctx.catalogue) or "全部类别"
    return (f'<p class="gk-asof">截至 {ctx.as_of.isoformat()}。本站要求{esc(kinds)}的{esc(categories)}'
            f'事项在发布后 {rule.working_days} 个工作日内上传公开栏的照片（上墙照片），以证明事项确实张贴在公开栏上。'
            f'下面列出期限已过、仍没有上墙照片的事项（公开情况所依据的事项），按乡镇（街道）分组。</p>')


def _photo_list(site: Site, found: list[Record], here: str) -> str:
    """At most MAX_ATTENTION lines, so a page stays light on a phone; the rest is in the open data."""
    lines = "".join(_no_photo_line(site.context, site.compliance, r, here) for r in found[:MAX_ATTENTION])
    more = len(found) - MAX_ATTENTION
    data = relative(here, "api/compliance.json")
    tail = (f'<p class="gk-more">另有 {more} 项未列出：完整名单见 <a href="{data}">compliance.json</a>'
            f'（board_photo 为 false 的记录）。</p>') if more > 0 else ""
    return f'<ul class="gk-problems gk-attention">{lines}</ul>{tail}'


def no_photo_pages(site: Site, grouped: dict[str, list[Unit]], missing: dict[str, list[Record]]) -> dict[str, str]:
    """compliance/no-board-photo/ (every township: their lists, or only their counts on a large site) and
    compliance/no-board-photo/<township>/ (one township's list): the board's 未见上墙照片 filter."""
    ctx = site.context
    here = no_board_photo_url()
    total = sum(map(len, missing.values()))
    parts = [_photo_intro(ctx), photo_filter(ctx, here, total, current=True)]
    pages: dict[str, str] = {}
    counts = []
    for gid in grouped:
        found = missing.get(gid, [])
        where = no_board_photo_url(gid)
        title = group_title(ctx, gid)
        body = [_photo_intro(ctx), photo_filter(ctx, where, len(found), gid, current=True),
                _photo_list(site, found, where) if found
                else '<p class="gk-empty">没有期限已过仍未见上墙照片的事项。</p>']
        pages[f"{where}index.md"] = page(f"公开情况 · 未见上墙照片 · {title}", "\n\n".join(body))
        if found and total <= MAX_ATTENTION:
            parts.append(f"## {esc(title)}（{len(found)} 项）\n\n{_photo_list(site, found, here)}")
        elif found:
            counts.append(f'<li><a href="{relative(here, where)}">{esc(title)}</a>：{len(found)} 项</li>')
    if counts:
        parts.append(f'## 各乡镇（街道）\n\n<ul class="gk-problems">{"".join(counts)}</ul>')
    if not total:
        parts.append('<p class="gk-empty">没有期限已过仍未见上墙照片的事项。</p>')
    pages[f"{here}index.md"] = page("公开情况 · 未见上墙照片", "\n\n".join(parts))
    return pages


def overview_table(ctx: Context, report: Report, grouped: dict[str, list[Unit]], here: str) -> str:
    head = "".join(f'<th scope="col">{STATUS_TEXT[s]}</th>' for s in ("on_time", *compliance.PROBLEMS))
    rows = []
    for gid, units in grouped.items():
        counts = report.counts(u.id for u in units)
        nums = "".join(f'<td class="gk-n{" gk-bad" if counts[s] and s != "on_time" else ""}">{counts[s]}</td>'
                       for s in ("on_time", *compliance.PROBLEMS))
        link = f'<a href="{relative(here, compliance_url(gid))}">{esc(group_title(ctx, gid))}</a>'
        rows.append(f'<tr><th scope="row">{link}</th><td class="gk-n">{len(units)}</td>{nums}</tr>')
    return (f'{scroller("各乡镇（街道）公开情况汇总")}<table class="gk-matrix gk-overview"><thead><tr>'
            f'<th scope="col">乡镇（街道）</th><th scope="col">单位</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def attention(ctx: Context, report: Report, units: list[Unit], here: str) -> str:
    """Every problem of these units, worst first, so a phone shows them before the wide tables."""
    wanted = {u.id for u in units}
    order = {s: n for n, s in enumerate(compliance.STATUSES)}
    problems = sorted((r for r in report.records if r.unit in wanted and r.status != "on_time"),
                      key=lambda r: (order[r.status], -(r.days_late or 0)))
    if not problems:
        return '## 需要关注\n\n<p class="gk-empty">没有逾期、缺失、待复核或未完成的事项。</p>'
    lines = []
    for record in problems[:MAX_ATTENTION]:
        unit = ctx.units[record.unit]
        cat = ctx.catalogue[record.category]
        target = relative(here, unit_url(unit.id)) + "#" + status_anchor(cat.id)
        prefix = f'<a href="{target}">{esc(unit.name)}</a> · {esc(short_name(cat))}'
        call = f'<span class="gk-call">监督电话：{tel_links(unit.phones)}</span>' if unit.phones else ""
        lines.append(_problem_line(record, here, prefix, call))
    more = len(problems) - MAX_ATTENTION
    tail = f'<p class="gk-more">另有 {more} 项，见各乡镇（街道）的页面。</p>' if more > 0 else ""
    listed = f'<ul class="gk-problems gk-attention">{"".join(lines)}</ul>'
    return f"## 需要关注（{len(problems)} 项）\n\n{listed}{tail}"


def intro(ctx: Context, here: str) -> str:
    return (f'<p class="gk-asof">截至 {ctx.as_of.isoformat()}。定期公开以期末后规定天数为限，'
            f'及时公开以事项发生后规定的工作日为限（按国务院节假日安排，含调休），固定公开须每年复核。'
            f'数据下载：<a href="{relative(here, "api/compliance.json")}">compliance.json</a>。</p>')


def board_pages(site: Site, rel: Relations) -> dict[str, str]:
    """compliance/index.md and one page per township."""
    ctx = site.context
    report = site.compliance
    grouped = groups(ctx)
    here = compliance_url()
    everyone = list(ctx.units.values())
    missing = no_photo_records(report, grouped) if ctx.settings.board_photo_expected.kinds else {}
    parts = [intro(ctx, here), legend(), summary(report, everyone),
             township_filter(ctx, report, grouped, here, None),
             photo_filter(ctx, here, sum(map(len, missing.values()))),
             attention(ctx, report, everyone, here),
             requests_page.overdue_section(site, everyone, here)]
    if len(ctx.units) <= FULL_BOARD_UNITS:
        for gid, units in grouped.items():
            parts.append(f"## {esc(group_title(ctx, gid))}\n\n{matrix(ctx, report, units, here)}")
    else:
        parts.append("## 各乡镇（街道）\n\n" + overview_table(ctx, report, grouped, here))
    result = {"compliance/index.md": page("公开情况", "\n\n".join(x for x in parts if x))}
    if ctx.settings.board_photo_expected.kinds:
        result.update(no_photo_pages(site, grouped, missing))
    for gid, units in grouped.items():
        where = compliance_url(gid)
        body = [intro(ctx, where), legend(), summary(report, units),
                township_filter(ctx, report, grouped, where, gid),
                photo_filter(ctx, where, len(missing.get(gid, [])), gid),
                attention(ctx, report, units, where),
                requests_page.overdue_section(site, units, where),
                "## 各单位\n\n" + matrix(ctx, report, units, where)]
        title = f"公开情况 · {group_title(ctx, gid)}"
        result[f"compliance/{gid}/index.md"] = page(title, "\n\n".join(x for x in body if x))
    return result


def _problem_line(record: Record, here: str, prefix: str = "", suffix: str = "") -> str:
    """One problem, said in full (compliance.describe): what, the status in words, and the dates behind it
    (then `suffix`)."""
    item = record.item
    said = describe(record)
    link = f'<a href="{relative(here, item.url)}">{esc(item.title)}</a>' if item else ""
    what = " · ".join(x for x in (prefix, esc(said.what) if record.period else link) if x)
    detail = esc(said.detail) + (f"：{link}" if record.status == "late" and record.period and link else "")
    return (f'<li>{what or "本类别"}：{chip(record.status, said.status)} '
            f'<span class="gk-detail">{detail}</span>{suffix}</li>')


def unit_status(site: Site, unit: Unit) -> str:
    """The 公开情况 block of a unit's page: one line per category, with every problem listed."""
    ctx = site.context
    report = site.compliance
    here = unit_url(unit.id)
    start = report.starts.get(unit.id)
    board = f'<a href="{relative(here, compliance_url(group_of(ctx, unit.id)))}">查看公开情况总表</a>'
    if start is None:
        return (f"## 公开情况 {{#gk-status}}\n\n<p class=\"gk-asof\">本单位没有设置起算日期（since），"
                f"也还没有公开事项，暂不统计。{board}</p>")
    cells = report.cells()
    troubled, fine = [], []
    for cat, must in ctx.categories_for(unit.id):
        records = cells.get((unit.id, cat.id), [])
        if not must and not records:
            continue  # may publish, has not: nothing to say
        status, text, _ = cell_text(records)
        on_time = sum(r.status == "on_time" for r in records)
        meta = rule_text(cat) + (f" · 按时 {on_time} 项" if on_time
                                 else "" if records else " · 暂无应公开的事项")
        problems = "".join(_problem_line(r, here) for r in records if r.status != "on_time")
        problems = f'<ul class="gk-problems">{problems}</ul>' if problems else ""
        row = (f'<li id="{status_anchor(cat.id)}">{chip(status, text)} <strong>{esc(cat.name)}</strong>'
               f'<span class="gk-meta">{esc(meta)}</span>{problems}</li>')
        (troubled if problems else fine).append(row)
    shown = (f'<ul class="gk-status-list">{"".join(troubled)}</ul>' if troubled
             else '<p class="gk-empty">各类别均按时公开。</p>')
    label = f'{"其余" if troubled else "全部"}类别（{len(fine)} 类）'
    rest = (f'<details class="gk-history"><summary>{label}</summary>'
            f'<ul class="gk-status-list">{"".join(fine)}</ul></details>' if fine else "")
    return (f"## 公开情况 {{#gk-status}}\n\n<p class=\"gk-asof\">截至 {ctx.as_of.isoformat()}，"
            f"自 {start.isoformat()} 起计算。{board}</p>\n{summary(report, [unit])}\n{shown}\n{rest}")


def write(site: Site, site_dir: pathlib.Path) -> None:
    """site/api/compliance.json: the same records as `gongkai status --format json`."""
    write_json(site_dir / "api" / "compliance.json", [r.to_json() for r in site.compliance.records])
