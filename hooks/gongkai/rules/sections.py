"""Required sections: every `##` heading the category lists, each with something under it.

Real documents number and word their headings their own way: “五、政府信息公开工作存在的主要问题及改进情况”
(the 2019 annual-report template) is the section “五、存在的主要问题及改进情况”. A heading matches a required
section when, numbering and common prefixes removed, it contains the section's words, or when it is one
of the section's aliases in the catalogue. Which sections a kind of unit must have can differ
(`section_kinds`: 监督意见 only where a 村务监督委员会 exists); a one-off notice of the catch-all 一般事项
(`type: immediate`) has no required sections.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from .. import tables
from ..diagnostics import Diagnostic, diag
from ..model import Bulletin, Category, Heading
from ..site import Context

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SPACE = re.compile(r"[\s\u3000]+")
# Numbering in front of a heading (after NFKC): 一、 (二) 3. 3、 第四部分 附件1：
_NUMBERING = re.compile(r"^(?:第[一二三四五六七八九十\d]+(?:部分|章|节)[、.:]?|[(]?[一二三四五六七八九十\d]+[)、.．]|"
                        r"[(][一二三四五六七八九十\d]+[)])")
# Words real documents put before a section's name: 关于, 本期/本年度, 政府信息公开工作 (2019 template).
_PREFIX = re.compile(r"^(?:关于|本期|本月|本季度|本年度|本年|政府信息公开工作)")


def normalise(heading: str) -> str:
    """A heading as compared: NFKC, no spaces, no trailing colon, no numbering or common prefix."""
    text = _SPACE.sub("", unicodedata.normalize("NFKC", heading)).rstrip(":")
    text = _NUMBERING.sub("", text)
    return _PREFIX.sub("", text)


def matches(heading: str, section: str, aliases: list[str]) -> bool:
    """Whether a document heading stands for a required section."""
    text = normalise(heading)
    return any(text and normalise(name) in text for name in [section, *aliases])


def required(category: Category, item: Bulletin, kind: str) -> list[str]:
    if item.type == "immediate" and category.type != "immediate":
        return []  # a one-off notice (公示、公告、通知) of a periodic catch-all: free structure
    return category.sections_for(kind)


def check(item: Bulletin, ctx: Context) -> list[Diagnostic]:
    category = ctx.category_for(item.unit, item.category)
    unit = ctx.units.get(item.unit)
    if category is None or unit is None:
        return []
    lines = item.body.split("\n")
    problems: list[Diagnostic] = []
    sections = required(category, item, unit.kind)
    found_by = {s: [h for h in item.headings if matches(h.text, s, category.section_aliases.get(s, []))]
                for s in sections}
    used = {h.line for found in found_by.values() for h in found}
    for section in sections:
        found = found_by[section]
        level_two = [h for h in found if h.level == 2]
        if not level_two:
            problems.append(_missing(item, category, section, found, used))
            continue
        heading = level_two[0]
        if not _has_content(item, heading, lines):
            problems.append(diag("GK202", item.path, heading.line, f"“## {heading.text}”下面没有内容"))
    return problems


def _missing(item: Bulletin, category: Category, section: str, found: list[Heading], used: set[int]) -> Diagnostic:
    if found:
        fix = f"把第 {found[0].line} 行的标题改成二级标题：## {found[0].text}"
        return diag("GK201", item.path, found[0].line, f"“{section}”应是二级标题", fix=fix)
    closest = _closest(item, section, used)
    hint = (f"；最接近的标题是第 {closest.line} 行的“{closest.text}”，如果就是这一栏，请把它改成“## {section}”"
            if closest else "")
    return diag("GK201", item.path, item.body_line, f"缺少栏目“## {section}”（{category.name}必须有）{hint}")


def _closest(item: Bulletin, section: str, used: set[int]) -> Heading | None:
    """The heading most like the missing section among those no other required section took."""
    scored = [(difflib.SequenceMatcher(None, normalise(h.text), normalise(section)).ratio(), h)
              for h in item.headings if h.level >= 2 and h.line not in used]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best and best[0] >= 0.4 else None


def _has_content(item: Bulletin, heading: Heading, lines: list[str]) -> bool:
    start = heading.line - item.body_line + 1
    later = [h.line for h in item.headings if h.line > heading.line and h.level <= 2]
    end = (later[0] - item.body_line) if later else len(lines)
    text = _COMMENT.sub("", "\n".join(lines[start:end]))
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.split("\n"))


def check_tables(item: Bulletin, ctx: Context) -> list[Diagnostic]:
    """A table right under a line of text (no blank line between) shows as text on the page, pipes and all."""
    if "|" not in item.body:
        return []
    return [diag("GK203", item.path, table.line,
                 f"{table.name}紧接在第 {table.line - 1} 行的文字下面，网页上会把它们显示成一段文字",
                 fix=f"在第 {table.line} 行（表头）的上面加一个空行")
            for table in tables.parse(item.body, item.body_line).tables if table.follows_text]
