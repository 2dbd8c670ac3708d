"""Listing pages as Markdown (pure functions of the validated Site): home, unit tree, unit boards,
unit-year lists, the catalogue and category-year lists. Items are reached through these pages,
never through the navigation, so every page stays small however large the site grows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from . import compliance_page
from .markup import esc, page
from .model import GROUPS, KIND_NAMES, STATUS_NAMES, TYPE_NAMES, Bulletin, Unit
from .phones import tel_links
from .relations import Relations
from .site import Site
from .urls import category_url, category_year_url, relative, requests_url, unit_poster_url, unit_url, unit_year_url

LATEST_ON_HOME = 20
RECENT_IMMEDIATE = 10


def when(item: Bulletin) -> str:
    """所属期间 for periodic items, 事件日期 for immediate ones, 复核 date for standing ones."""
    period = item.period_obj
    if period:
        return period.label
    if item.event_date:
        return f"{item.event_date.isoformat()}"
    return f"复核 {(item.reviewed_on or item.published).isoformat()}"


def item_list(items: Iterable[Bulletin], site: Site, here: str, *, show_unit: bool = True) -> str:
    """A phone-friendly list: title on one line, unit · category · period · date below."""
    rows = []
    for item in items:
        unit = site.context.units[item.unit]
        category = site.context.catalogue[item.category]
        meta = [esc(unit.name)] if show_unit else []
        meta += [esc(category.name), esc(when(item)), f"发布 {item.published.isoformat()}"]
        mark = ("" if item.status == "active" else
                f' <span class="gk-badge gk-{item.status}">{STATUS_NAMES[item.status]}</span>')
        rows.append(f'<li><a href="{relative(here, item.url)}">{esc(item.title)}</a>{mark}'
                    f'<span class="gk-meta">{" · ".join(meta)}</span></li>')
    if not rows:
        return '<p class="gk-empty">暂无公开事项。</p>'
    return '<ul class="gk-list">\n' + "\n".join(rows) + "\n</ul>"


def unit_tree(site: Site, here: str, counts: dict[str, int]) -> str:
    """Nested list of units (county → township → village), each with its number of items."""
    children: dict[str | None, list[Unit]] = defaultdict(list)
    units = site.context.units
    for unit in units.values():
        children[unit.parent if unit.parent in units else None].append(unit)

    def branch(parent: str | None, depth: int) -> str:
        entries = []
        for unit in children.get(parent, []):
            sub = branch(unit.id, depth + 1)
            entries.append(f'<li><a href="{relative(here, unit_url(unit.id))}">{esc(unit.name)}</a>'
                           f' <span class="gk-meta-inline">{KIND_NAMES[unit.kind]} · {counts.get(unit.id, 0)} 项</span>'
                           f"{sub}</li>")
        return f'<ul class="gk-tree">{"".join(entries)}</ul>' if entries else ""

    return branch(None, 0)


def home(site: Site, rel: Relations) -> str:
    latest = sorted(site.bulletins, key=lambda i: (i.published, i.path), reverse=True)[:LATEST_ON_HOME]
    counts = {unit: len(items) for unit, items in rel.by_unit.items()}
    body = (f"本站公开 {len(site.context.units)} 个单位的 {len(site.bulletins)} 项政务、村务、财务、党务公开信息。"
            "扫描公开栏海报上的二维码可直接打开对应事项。\n\n"
            f"## 最新公开\n\n{item_list(latest, site, '')}\n\n"
            f"## 公开单位\n\n{unit_tree(site, '', counts)}\n")
    return page(site.context.settings.site_name, body)


def units_index(site: Site, rel: Relations) -> str:
    counts = {unit: len(items) for unit, items in rel.by_unit.items()}
    return page("公开单位", unit_tree(site, "units/", counts))


def unit_board(site: Site, rel: Relations, unit: Unit) -> str:
    """A unit's page reads like its board: what is current in each category, grouped 党务/村务/财务/政务."""
    here = unit_url(unit.id)
    ctx = site.context
    facts = [f"类型：{KIND_NAMES[unit.kind]}"]
    chain = ctx.ancestors(unit.id)[:-1]
    if chain:
        facts.append("上级：" + " › ".join(f'<a href="{relative(here, unit_url(u.id))}">{esc(u.name)}</a>'
                                           for u in chain))
    if unit.phones:
        facts.append("监督/咨询电话：" + tel_links(unit.phones))
    if unit.board:
        facts.append(f"公开栏位置：{esc(unit.board)}")
    facts.append(f'<a class="gk-board-print" href="{relative(here, unit_poster_url(unit.id))}">打印公开栏整栏海报</a>')
    facts.append(f'<a href="{relative(here, requests_url(unit.id))}">依申请公开与意见反馈（查询办理状态）</a>')
    parts = [f'<p class="gk-unit-facts">{"<br>".join(facts)}</p>']
    subunits = [u for u in ctx.units.values() if u.parent == unit.id]
    if subunits:
        links = "、".join(f'<a href="{relative(here, unit_url(u.id))}">{esc(u.name)}</a>' for u in subunits)
        parts.append(f'<p class="gk-subunits">下属单位：{links}</p>')
    parts.append(compliance_page.unit_status(site, unit))
    by_group: dict[str, list[str]] = defaultdict(list)
    for category, must in ctx.categories_for(unit.id):
        series = rel.series.get((unit.id, category.id), [])
        if not must and not series:
            continue  # a category the unit may publish shows once it has published one
        by_group[category.group].append(_category_block(site, rel, unit, category.id, series, here))
    for group in GROUPS:
        if by_group.get(group):
            parts.append(f"## {group}公开\n\n" + "\n\n".join(by_group[group]))
    years = sorted({i.year for i in rel.by_unit.get(unit.id, [])}, reverse=True)
    if years:
        parts.append("## 按年份查看\n\n" + " · ".join(
            f'<a href="{relative(here, unit_year_url(unit.id, y))}">{y}年</a>' for y in years))
    return page(unit.name, "\n\n".join(parts))


def _category_block(site: Site, rel: Relations, unit: Unit, category_id: str, series: list[Bulletin],
                    here: str) -> str:
    category = site.context.category_for(unit.id, category_id)
    assert category is not None
    title = f'<h3 class="gk-cat">{esc(category.name)} <small>{TYPE_NAMES[category.type]}</small></h3>'
    if not series:
        return title + '\n<p class="gk-empty">尚未公开。</p>'
    if category.type == "immediate":
        recent = sorted(series, key=lambda i: (i.date, i.path), reverse=True)
        shown = item_list(recent[:RECENT_IMMEDIATE], site, here, show_unit=False)
        more = f'<p class="gk-more">共 {len(series)} 项，按年份查看全部。</p>' if len(series) > RECENT_IMMEDIATE else ""
        return f"{title}\n{shown}{more}"
    current = rel.current(unit.id, category_id) or series[-1]
    shown = item_list([current], site, here, show_unit=False)
    history = [i for i in reversed(series) if i is not current]
    if not history:
        return f"{title}\n{shown}"
    return (f"{title}\n{shown}\n<details class=\"gk-history\"><summary>往期（{len(history)} 项）</summary>\n"
            f"{item_list(history, site, here, show_unit=False)}\n</details>")


def unit_year(site: Site, unit: Unit, year: int, items: list[Bulletin]) -> str:
    here = unit_year_url(unit.id, year)
    ordered = sorted(items, key=lambda i: (i.published, i.path), reverse=True)
    back = f'<p><a href="{relative(here, unit_url(unit.id))}">← 返回{esc(unit.name)}</a></p>'
    return page(f"{unit.name} {year}年公开事项", back + "\n\n" + item_list(ordered, site, here, show_unit=False))


def catalogue_index(site: Site, years_by_category: dict[str, dict[int, int]]) -> str:
    here = "categories/"
    parts = []
    for group in GROUPS:
        rows = []
        for category in site.context.catalogue.values():
            if category.group != group:
                continue
            years = years_by_category.get(category.id, {})
            links = " · ".join(f'<a href="{relative(here, category_year_url(category.id, y))}">{y}年（{n}）</a>'
                               for y, n in sorted(years.items(), reverse=True)) or "暂无"
            rows.append(f'<li><a href="{relative(here, category_url(category.id))}">{esc(category.name)}</a>'
                        f' <span class="gk-meta-inline">{TYPE_NAMES[category.type]}</span>'
                        f'<span class="gk-meta">{links}</span></li>')
        if rows:
            parts.append(f"## {group}\n\n<ul class=\"gk-list\">\n" + "\n".join(rows) + "\n</ul>")
    return page("公开目录", "\n\n".join(parts))


def category_page(site: Site, category_id: str, years: dict[int, int]) -> str:
    category = site.context.catalogue[category_id]
    here = category_url(category_id)
    facts = [f"公开类型：{TYPE_NAMES[category.type]}",
             "必须公开的单位：" + "、".join(KIND_NAMES[k] for k in category.applies_to),
             "也可以公开的单位：" + ("、".join(KIND_NAMES[k] for k in category.may_publish) or "无"),
             "必备栏目：" + "、".join(category.sections)]
    links = " · ".join(f'<a href="{relative(here, category_year_url(category_id, y))}">{y}年（{n} 项）</a>'
                       for y, n in sorted(years.items(), reverse=True)) or "暂无公开事项。"
    return page(category.name, "<br>".join(esc(f) for f in facts) + f"\n\n## 按年份查看\n\n{links}")


def category_year(site: Site, category_id: str, year: int, items: list[Bulletin]) -> str:
    category = site.context.catalogue[category_id]
    here = category_year_url(category_id, year)
    ordered = sorted(items, key=lambda i: (i.unit, i.published, i.path))
    back = f'<p><a href="{relative(here, category_url(category_id))}">← {esc(category.name)}</a></p>'
    return page(f"{category.name} · {year}年", back + "\n\n" + item_list(ordered, site, here))


def listing_pages(site: Site, rel: Relations) -> dict[str, str]:
    """Every listing page, as {source path (.md, relative to the docs root): Markdown}."""
    by_unit_year, by_category_year = _grouped(site.bulletins)
    pages = {HOME: home(site, rel), "units/index.md": units_index(site, rel)}
    pages.update(_unit_pages(site, rel, site.context.units, by_unit_year, by_category_year))
    years_by_category: dict[str, dict[int, int]] = defaultdict(dict)
    for (category_id, year), items in by_category_year.items():
        years_by_category[category_id][year] = len(items)
    pages["categories/index.md"] = catalogue_index(site, years_by_category)
    for category_id in site.context.catalogue:
        pages[_source(category_url(category_id))] = category_page(site, category_id,
                                                                  years_by_category.get(category_id, {}))
    return pages


def pages_listing(site: Site, rel: Relations, shown: Iterable[Bulletin]) -> dict[str, str]:
    """The listing pages that list these items by title (the same Markdown listing_pages makes for them): the
    home page, their units' boards, unit-year and category-year lists. The catalogue's and the units' pages
    only count items: an edit that keeps an item's unit, category and year leaves them as they are."""
    shown = list(shown)
    by_unit_year, by_category_year = _grouped(site.bulletins)
    units = {item.unit: site.context.units[item.unit] for item in shown}
    return {HOME: home(site, rel)} | _unit_pages(
        site, rel, units, {key: by_unit_year[key] for key in {(i.unit, i.year) for i in shown}},
        {key: by_category_year[key] for key in {(i.category, i.year) for i in shown}})


HOME = "index.md"


def _source(url: str) -> str:
    """The source path of the page at a directory URL."""
    return f"{url}index.md"


Grouped = dict[tuple[str, int], list[Bulletin]]


def _grouped(items: Iterable[Bulletin]) -> tuple[Grouped, Grouped]:
    """The items by (unit, year) and by (category, year), in the site's order."""
    by_unit_year: Grouped = defaultdict(list)
    by_category_year: Grouped = defaultdict(list)
    for item in items:
        by_unit_year[(item.unit, item.year)].append(item)
        by_category_year[(item.category, item.year)].append(item)
    return by_unit_year, by_category_year


def _unit_pages(site: Site, rel: Relations, units: dict[str, Unit], by_unit_year: Grouped,
                by_category_year: Grouped) -> dict[str, str]:
    """The boards of these units, and the unit-year and category-year lists of these groups of items."""
    pages = {_source(unit_url(unit.id)): unit_board(site, rel, unit) for unit in units.values()}
    for (unit_id, year), items in by_unit_year.items():
        pages[_source(unit_year_url(unit_id, year))] = unit_year(site, site.context.units[unit_id], year, items)
    for (category_id, year), items in by_category_year.items():
        pages[_source(category_year_url(category_id, year))] = category_year(site, category_id, year, items)
    return pages
