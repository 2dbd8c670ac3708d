"""References between items: unique 索引号, and `follows` / `supersedes` that name real items."""

from __future__ import annotations

from ..diagnostics import Code, Diagnostic, diag, register
from ..model import Bulletin
from ..site import Site

register(Code("GK305", "error", "follows 指向的事项类别或单位不对",
              "follows 应写本单位对应事项（如“重大事项实施结果”跟进本单位的“重大事项决议”）的索引号"))


def check(site: Site) -> list[Diagnostic]:
    items, ctx = site.bulletins, site.context
    problems: list[Diagnostic] = []
    by_index: dict[str, Bulletin] = {}
    for item in items:
        first = by_index.setdefault(item.index_no or "", item)
        if first is not item:
            problems.append(diag("GK301", item.path, item.line_of("index_no"),
                                 f"索引号 {item.index_no} 已被 {first.path} 使用"))
        unit = ctx.units[item.unit]
        if not item.index_no_generated and not (item.index_no or "").startswith(unit.code + "/"):
            problems.append(diag("GK304", item.path, item.line_of("index_no"),
                                 f"索引号 {item.index_no} 的前段不是 {unit.name} 的代码 {unit.code}"))
    for item in items:
        if item.supersedes and item.supersedes not in by_index:
            problems.append(diag("GK303", item.path, item.line_of("supersedes"),
                                 f"没有索引号为 {item.supersedes} 的事项"))
        if item.follows:
            target = by_index.get(item.follows)
            if target is None:
                problems.append(diag("GK302", item.path, item.line_of("follows"),
                                     f"没有索引号为 {item.follows} 的事项"))
                continue
            category = ctx.category_for(item.unit, item.category)
            wanted = category.follows if category else None
            if target.unit != item.unit or (wanted and target.category != wanted):
                problems.append(diag("GK305", item.path, item.line_of("follows"),
                                     f"{item.follows} 是 {ctx.units[target.unit].name} 的"
                                     f"“{target.category}”事项，不是本单位的“{wanted or item.category}”事项"))
    return problems
