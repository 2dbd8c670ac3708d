"""Required sections: every `##` heading the category lists, each with something under it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, diag

if TYPE_CHECKING:
    from ..model import Bulletin, Heading
    from ..validate import Context

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SPACE = re.compile(r"[\s\u3000]+")


def normalise(heading: str) -> str:
    """Headings match by text, ignoring spaces and a trailing colon."""
    return _SPACE.sub("", heading).rstrip(":：")


def check(item: Bulletin, ctx: Context) -> list[Diagnostic]:
    category = ctx.category_for(item.unit, item.category)
    if category is None or not category.sections:
        return []
    lines = item.body.split("\n")
    problems: list[Diagnostic] = []
    by_text: dict[str, list[Heading]] = {}
    for heading in item.headings:
        by_text.setdefault(normalise(heading.text), []).append(heading)
    for section in category.sections:
        found = by_text.get(normalise(section), [])
        level_two = [h for h in found if h.level == 2]
        if not level_two:
            if found:
                fix = f"把第 {found[0].line} 行的标题改成二级标题：## {section}"
                problems.append(diag("GK201", item.path, found[0].line, f"“{section}”应是二级标题", fix=fix))
            else:
                problems.append(diag("GK201", item.path, item.body_line,
                                     f"缺少栏目“## {section}”（{category.name}必须有）"))
            continue
        heading = level_two[0]
        if not _has_content(item, heading, lines):
            problems.append(diag("GK202", item.path, heading.line, f"“## {section}”下面没有内容"))
    return problems


def _has_content(item: Bulletin, heading: Heading, lines: list[str]) -> bool:
    start = heading.line - item.body_line + 1
    later = [h.line for h in item.headings if h.line > heading.line and h.level <= 2]
    end = (later[0] - item.body_line) if later else len(lines)
    text = _COMMENT.sub("", "\n".join(lines[start:end]))
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.split("\n"))
