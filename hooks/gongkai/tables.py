"""Tables in an item's body, with the file line of every row, and amounts read as Decimal.

Bodies are read as markdown-it-py reads them (GFM pipe tables, `.map` gives each row's line), so
escaped pipes, inline code and emphasis in cells behave as in any Markdown editor; a faster line
scanner gives the same result for the usual bodies. Amounts are read the way
clerks write them: thousands separators, full-width digits, a trailing 元 or 万元, ¥, negatives
in parentheses or with a minus sign. Everything is Decimal: money is never a float.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@functools.cache
def _markdown_it() -> MarkdownIt:
    """The full parser, made when the fast table scanner (`_scan`) cannot read a body (its import alone
    costs a run that reads nothing new a few hundredths of a second)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


YUAN = Decimal(1)
WAN = Decimal(10000)

# Marks clerks put in a cell that has no amount ("—", "-", "/"): read as blank, not as an error.
_BLANK_MARKS = {"", "-", "—", "——", "–", "/", "\\"}
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_CAPTION_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元)")
_HEADER_UNIT = re.compile(r"(万元|元)")
# A header that names money: 金额, or a unit in brackets / at the end: 收入（元）, 预算数(万元), 金额/元.
_AMOUNT_HEADER = re.compile(r"金额|[（(/]\s*万?元|万?元\s*[)）]?\s*$")
# Columns whose numbers are not added up: rates, prices, standards, balances, serial numbers, dates.
_NOT_SUMMED = re.compile(r"号$|号码|编码|代码|凭证|年份|日期|时间|月份|%|率|比例|单价|价格|标准|"
                         r"余额|结余|结存")


class NotAnAmount(ValueError):
    """A cell in an amount column that is not a number."""


@dataclass
class Row:
    cells: list[str]
    line: int  # file line


@dataclass
class Table:
    number: int  # 1-based position among the item's tables
    line: int  # file line of the header row
    header: list[str]
    rows: list[Row]
    heading: str | None = None  # the nearest heading above the table
    section: str | None = None  # the ## heading above the table
    caption: str = ""  # the paragraph just above (e.g. 单位：万元)
    # The header row comes right under a paragraph line, no blank line between: GFM reads a table, but
    # the page (Python-Markdown) shows the lines as one paragraph of text (GK203).
    follows_text: bool = False

    @property
    def name(self) -> str:
        """How messages name the table: by its section, else by its position."""
        where = self.heading or self.section
        return f"“{where}”下的表格" if where else f"第 {self.number} 张表格"


@dataclass
class Document:
    tables: list[Table] = field(default_factory=list)
    prose: list[tuple[int, str]] = field(default_factory=list)  # (file line, text) outside tables and code


def _plain(token: Token) -> str:
    """The text of an inline token without Markdown marks (**bold**, `code`, links)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def parse(body: str, first_line: int = 1) -> Document:
    """Tables and prose lines of a Markdown body whose first line is file line `first_line`.

    Most bodies take the line scanner below; a body it does not cover goes through markdown-it.
    Both give the same Document (tests/test_tables.py checks them against each other).
    """
    doc = _scan(body, first_line)
    return doc if doc is not None else parse_markdown_it(body, first_line)


def parse_markdown_it(body: str, first_line: int = 1) -> Document:
    """The reference reading of `parse`: markdown-it's tokens (block and inline parsing of the body)."""
    tokens = _markdown_it().parse(body)
    source = body.split("\n")
    doc = Document()
    heading: str | None = None
    section: str | None = None
    last_paragraph = ""
    paragraph_end = -1  # the source line after the last paragraph
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "paragraph_open" and token.map:
            paragraph_end = token.map[1]
        if token.type == "heading_open":
            text = _plain(tokens[i + 1])
            heading, last_paragraph = text, ""
            if token.tag in ("h1", "h2"):
                section = text if token.tag == "h2" else None
            i += 3
            continue
        if token.type == "table_open":
            i = _read_table(tokens, i, source, first_line, doc, heading, section, last_paragraph)
            doc.tables[-1].follows_text = token.map is not None and token.map[0] == paragraph_end
            last_paragraph = ""
            continue
        if token.type == "inline" and token.map:
            for offset, text in enumerate(token.content.split("\n")):
                doc.prose.append((first_line + token.map[0] + offset, text))
            last_paragraph = token.content
        i += 1
    return doc


def _read_table(tokens: list[Token], i: int, source: list[str], first_line: int, doc: Document,
                heading: str | None, section: str | None, caption: str) -> int:
    header: list[str] = []
    rows: list[Row] = []
    line = first_line + (tokens[i].map or [0])[0]
    cells: list[str] = []
    row_start = 0
    in_head = False
    i += 1
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            cells, row_start = [], (token.map or [0])[0]
        elif token.type == "inline":
            cells.append(_plain(token))
        elif token.type == "tr_close":
            if in_head:
                header = cells
            elif "|" in source[row_start]:
                rows.append(Row(cells, first_line + row_start))
            else:
                # GFM lets a table swallow the next lines up to a blank one: they are prose, not rows.
                doc.prose.append((first_line + row_start, source[row_start]))
        i += 1
    doc.tables.append(Table(len(doc.tables) + 1, line, header, rows, heading, section, caption))
    return i + 1


# The line scanner: markdown-it-py spends ~0.5 ms per finance body on block parsing, which made
# it half of `gongkai check` on a large site. The scanner reads the blocks finance bodies are made
# of — paragraphs, ATX headings, fenced code, GFM tables — the way markdown-it's rules do (same
# table start test, row splitting, cell trimming and block ends) and hands cells and headings with
# inline marks to markdown-it's inline parser. A line that could start any other block (list,
# quote, HTML, thematic break, setext underline, link definition, indented code) sends the whole
# body to markdown-it, so an unusual body is read exactly as before, only slower.
_TRIM = "\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
        "\u2028\u2029\u202f\u205f\u3000"  # markdown-it's mdTrim: JavaScript's trim() without U+FEFF
# Starts of the blocks the scanner leaves to markdown-it: quote, link definition, HTML, list item,
# thematic break, setext underline. (A line opening with **bold** is a paragraph.)
_OTHER_BLOCK = re.compile(r"[>\[<]|[*+-](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)"
                          r"|([*_-])[ \t]*(?:\1[ \t]*){2,}$|(?:=+|-+)[ \t]*$")
_ATX = re.compile(r"(#{1,6})(?:[ \t]|$)")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)")
_DELIMITER_ROW = re.compile(r"[|:-][|: \t-]+")
_ALIGN = re.compile(r":?-+:?")
_INLINE_MARKS = re.compile(r"[\\`*_\[<&]")  # escapes, code, emphasis, links/images, HTML/autolinks, entities
# The first characters of every block but a paragraph or a table (a digit: an ordered list).
_BLOCK_MARKS = tuple("`~#>*+_=<[-0123456789")
_MAX_AUTOCOMPLETED_CELLS = 0x10000  # markdown-it stops a table that would pad more empty cells


class _Other(Exception):
    """The body has a block the scanner leaves to markdown-it."""


def _indent(line: str) -> tuple[str, int]:
    """The line without its leading spaces and tabs, and its indent in columns (tab stops of 4)."""
    if not line.startswith((" ", "\t")):
        return line, 0
    rest = line.lstrip(" \t")
    width = 0
    for char in line[:len(line) - len(rest)]:
        width += 4 - width % 4 if char == "\t" else 1
    return rest, width


def _fence_marker(rest: str) -> str | None:
    """The opening ``` or ~~~ run of a code fence (a backtick fence has no backtick after it)."""
    found = _FENCE.match(rest)
    if not found or (found.group(1)[0] == "`" and "`" in found.group(2)):
        return None
    return found.group(1)


def _after_fence(lines: list[str], start: int, end: int, marker: str) -> int:
    """The line after the fence opened at `start`: after its closing run, or the end of the body."""
    for i in range(start + 1, end):
        rest, width = _indent(lines[i])
        if width < 4 and rest.startswith(marker) and not rest.lstrip(marker[0]).strip(" \t"):
            return i + 1
    return end


def _heading(rest: str) -> tuple[int, str] | None:
    """Level and text of an ATX heading line (closing #s dropped)."""
    found = _ATX.match(rest)
    if not found:
        return None
    text = rest[len(found.group(1)):].rstrip(" \t")
    without_closing = text.rstrip("#")
    if without_closing and without_closing[-1] in " \t":
        text = without_closing
    return len(found.group(1)), text.strip(_TRIM)


def _split_row(text: str) -> list[str]:
    """markdown-it's escapedSplit: cut at pipes not preceded by a backslash, which `\\|` loses."""
    if "\\" in text:
        cells, current, last, escaped = [], "", 0, False
        for pos, char in enumerate(text):
            if char == "|":
                if escaped:
                    current += text[last:pos - 1]
                    last = pos
                else:
                    cells.append(current + text[last:pos])
                    current, last = "", pos + 1
            escaped = char == "\\"
        cells.append(current + text[last:])
    else:
        cells = text.split("|")
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _columns(lines: list[str], start: int, end: int) -> list[str] | None:
    """The header cells when a GFM table starts at line `start` (markdown-it's table test)."""
    if start + 2 > end:
        return None
    rest, width = _indent(lines[start + 1])
    if width >= 4 or not _DELIMITER_ROW.fullmatch(rest) or (rest[0] == "-" and rest[1] in " \t"):
        return None
    parts = rest.split("|")
    aligns = 0
    for index, part in enumerate(parts):
        part = part.strip(_TRIM)
        if not part and index in (0, len(parts) - 1):
            continue
        if not _ALIGN.fullmatch(part):
            return None
        aligns += 1
    header, width = _indent(lines[start])
    header = header.strip(_TRIM)
    if "|" not in header or width >= 4:
        return None
    cells = _split_row(header)
    return cells if cells and len(cells) == aligns else None


def _ends_block(rest: str) -> bool:
    """Whether a line (indent under 4) ends a paragraph or a table: a fence or an ATX heading.

    Lines that could start any other block raise _Other.
    """
    if not rest.startswith(_BLOCK_MARKS):
        return False
    if _fence_marker(rest) or _ATX.match(rest):
        return True
    if _OTHER_BLOCK.match(rest):
        raise _Other
    return False


def _inline_plain(text: str) -> str:
    """A cell or heading as plain text; markdown-it's inline parser only when it has marks."""
    if _INLINE_MARKS.search(text):
        return _plain(_markdown_it().parseInline(text)[0])
    return text.strip()


def _scan(body: str, first_line: int) -> Document | None:
    """`parse` by lines, or None when the body has a block the scanner leaves to markdown-it."""
    if "\r" in body or "\0" in body:  # markdown-it normalises these first
        return None
    lines = body.split("\n")
    end = len(lines) - (not lines[-1].strip(" \t"))  # markdown-it drops a last blank line
    doc = Document()
    heading: str | None = None
    section: str | None = None
    last_paragraph = ""
    paragraph_end = -1  # the line after the last paragraph
    i = 0
    try:
        while i < end:
            rest, width = _indent(lines[i])
            if not rest:
                i += 1
                continue
            header = _columns(lines, i, end)
            if header is not None:
                table_start = i
                i = _scan_table(lines, i, end, header, first_line, doc, heading, section, last_paragraph)
                doc.tables[-1].follows_text = table_start == paragraph_end
                last_paragraph = ""
                continue
            if width >= 4:
                return None  # indented code
            marker = _fence_marker(rest)
            if marker:
                i = _after_fence(lines, i, end, marker)
                continue
            if _OTHER_BLOCK.match(rest):
                return None
            found = _heading(rest)
            if found:
                level, text = found
                heading, last_paragraph = _inline_plain(text), ""
                if level <= 2:
                    section = heading if level == 2 else None
                i += 1
                continue
            stop = paragraph_end = _paragraph_end(lines, i, end)
            last_paragraph = "\n".join(lines[i:stop]).strip(_TRIM)
            doc.prose.extend((first_line + i + n, text) for n, text in enumerate(last_paragraph.split("\n")))
            i = stop
    except _Other:
        return None
    return doc


def _paragraph_end(lines: list[str], start: int, end: int) -> int:
    """The line after the paragraph starting at `start`: a blank line, a table, a fence or a heading."""
    stop = start + 1
    while stop < end:
        rest, width = _indent(lines[stop])
        if not rest:
            break
        # A line indented 4 or more continues the paragraph without any other test.
        if width < 4 and (_columns(lines, stop, end) is not None or _ends_block(rest)):
            break
        stop += 1
    return stop


def _scan_table(lines: list[str], start: int, end: int, header: list[str], first_line: int, doc: Document,
                heading: str | None, section: str | None, caption: str) -> int:
    """Read the table whose header is line `start`; the line after it."""
    count = len(header)
    rows: list[Row] = []
    padded = 0
    i = start + 2
    while i < end:
        rest, width = _indent(lines[i])
        text = rest.strip(_TRIM)
        if not text or width >= 4 or _ends_block(rest):
            break
        cells = _split_row(text)
        padded += count - len(cells)
        if padded > _MAX_AUTOCOMPLETED_CELLS:
            break
        if "|" in lines[i]:
            cells += [""] * (count - len(cells))
            rows.append(Row([_inline_plain(cell.strip(_TRIM)) for cell in cells[:count]], first_line + i))
        else:
            # GFM lets a table swallow the next lines up to a blank one: they are prose, not rows.
            doc.prose.append((first_line + i, lines[i]))
        i += 1
    header = [_inline_plain(cell.strip(_TRIM)) for cell in header]
    doc.tables.append(Table(len(doc.tables) + 1, first_line + start, header, rows, heading, section, caption))
    return i


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=8192)  # the table checks ask for the same cells many times over
def _clean(text: str) -> str:
    """Full-width → ASCII (NFKC: ０-９, ，, ．, （）, －), no spaces, U+2212 minus as '-'."""
    if text.isascii():  # most cells: NFKC and the minus sign cannot apply
        return _SPACES.sub("", text)
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).replace("\u2212", "-")


def is_blank(text: str) -> bool:
    return _clean(text) in _BLANK_MARKS


def parse_amount(text: str, scale: Decimal = YUAN) -> Decimal | None:
    """A cell → its amount in 元 (None when blank); `scale` is the column's unit (元 or 万元).

    Raises NotAnAmount for anything else, so a rule can name the cell.
    """
    value = _clean(text)
    if value in _BLANK_MARKS:
        return None
    if value.endswith("万元"):
        value, scale = value[:-2], WAN
    elif value.endswith("元"):
        value, scale = value[:-1], YUAN
    value = value.lstrip("¥")
    negative = value.startswith("(") and value.endswith(")")
    if negative:
        value = value[1:-1]
    if not _NUMBER.match(value):
        raise NotAnAmount(text)
    amount = Decimal(value.replace(",", "")) * scale
    return -amount if negative else amount


def column_scale(header: str, caption: str = "") -> Decimal:
    """元 unless the header (or a 单位：万元 line above the table) says 万元."""
    found = _HEADER_UNIT.search(_clean(header))
    if found:
        return WAN if found.group(1) == "万元" else YUAN
    caption_unit = _CAPTION_UNIT.search(_clean(caption))
    return WAN if caption_unit and caption_unit.group(1) == "万元" else YUAN


def _is_number(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except NotAnAmount:
        return False


def amount_columns(table: Table) -> dict[int, Decimal]:
    """Columns holding money, each with its unit: a header naming money, or a column of numbers only.

    A header-named column is checked cell by cell (text there is an error); a column is also an
    amount column when every non-blank cell is a number, unless its header says it is not summed.
    """
    columns: dict[int, Decimal] = {}
    for index, title in enumerate(table.header):
        clean = _clean(title)
        if _NOT_SUMMED.search(clean):
            continue
        values = [row.cells[index] for row in table.rows if index < len(row.cells)]
        named = bool(_AMOUNT_HEADER.search(clean))
        numbers = [v for v in values if not is_blank(v)]
        if named or (numbers and all(_is_number(v) for v in numbers)):
            columns[index] = column_scale(title, table.caption)
    return columns


# ---- The shape of a table as units draw it: which column names the rows, which rows are parents,
# children and totals. The finance checks and the item pages (annotate_tables) both use it.

_SERIAL_HEADER = re.compile(r"^(?:序号|编号|序|行次|No\.?)$", re.I)
# Numbering of a row name, by depth (after NFKC): 一、 → 1, (一) → 2, 1、 or 1. → 3, (1) → 4.
_NUMBERED: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^[一二三四五六七八九十]+[、.]")),
    (2, re.compile(r"^\([一二三四五六七八九十]+\)")),
    (3, re.compile(r"^\d+[、.](?!\d)")),
    (4, re.compile(r"^\(\d+\)")),
)
# The same numbering alone in a 序号 cell: 一, (一), 1, (1).
_BARE: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^[一二三四五六七八九十]+[、.]?$")),
    (2, re.compile(r"^\([一二三四五六七八九十]+\)$")),
    (3, re.compile(r"^\d+[、.]?$")),
    (4, re.compile(r"^\(\d+\)$")),
)
TOTAL = re.compile(r"^(?:合计|总计)|(?:合计|总计)$")
_TOTAL_SHOWN = re.compile(r"^(?:合计|总计|小计|本期结余)|(?:合计|总计|小计)$")  # set in bold
_PART = re.compile(r"^其中")


@dataclass(frozen=True)
class Layout:
    """How a table names and nests its rows."""

    label: int | None  # the column with the row names (never 序号)
    serial: int | None  # a 序号 column, if any
    levels: list[int]  # per row: 1 = top; (一) under 一、, 1、 under (一), 其中 under the row above
    totals: list[bool]  # per row: a 合计 / 总计 / 小计 row
    parts: list[bool]  # per row: a part of the row above (其中 …), not counted in sums


def _is_serial(title: str, values: list[str]) -> bool:
    """A 序号 column: so headed, or holding only 1, 2, 3 … / 一, 二 …"""
    if _SERIAL_HEADER.match(_clean(title)):
        return True
    filled = [_clean(v) for v in values if not is_blank(v)]
    return bool(filled) and all(any(p.match(v) for _, p in _BARE) for v in filled)


def label_column(table: Table, skip: Container[int] = ()) -> int | None:
    """The column naming the rows: the first that is not an amount column nor a 序号 column."""
    free = [c for c in range(len(table.header)) if c not in skip]
    for column in free:
        values = [r.cells[column] for r in table.rows if column < len(r.cells)]
        if not _is_serial(table.header[column], values):
            return column
    return free[0] if free else None


def serial_column(table: Table, label: int | None, skip: Container[int]) -> int | None:
    """A 序号 column beside the label column, if the table has one."""
    for column in range(len(table.header)):
        values = [r.cells[column] for r in table.rows if column < len(r.cells)]
        if column != label and column not in skip and _is_serial(table.header[column], values):
            return column
    return None


def number_depth(name: str, serial: str = "") -> int | None:
    """The depth a row's numbering gives it (1-4), from its name or its 序号 cell; None when unnumbered."""
    text = _clean(name)
    for depth, pattern in _NUMBERED:
        if pattern.match(text):
            return depth
    mark = _clean(serial)
    for depth, pattern in _BARE:
        if mark and pattern.match(mark):
            return depth
    return None


def _depths(names: list[str], serials: list[str]) -> list[int | None]:
    plain_serials = all(not s or _clean(s).isdigit() for s in serials)
    return [number_depth(n, "" if plain_serials else s) for n, s in zip(names, serials, strict=True)]


def part_rows(names: list[str], serials: list[str], totals: list[bool] | None = None) -> list[bool]:
    """Rows that are a part of the row above (其中), not items of their own: a 其中 row, and the unnumbered
    rows right after it when the row they belong to is numbered (“3.公务用车购置及运行费 / 其中：公务用车
    购置费 / 公务用车运行费”). Under an unnumbered row (“厂房租赁收入 / 其中：2号厂房 / 商铺租赁收入”) the
    next unnumbered row is the next item."""
    depths = _depths(names, serials)
    totals = totals or [False] * len(names)
    parts: list[bool] = []
    owner_numbered = False
    for n, name in enumerate(names):
        if _PART.match(_clean(name)):
            if not (parts and parts[-1]):
                owner_numbered = n > 0 and depths[n - 1] is not None
            parts.append(True)
        else:
            parts.append(bool(parts and parts[-1] and owner_numbered and depths[n] is None and not totals[n]))
    return parts


def row_levels(names: list[str], serials: list[str], totals: list[bool] | None = None) -> list[int]:
    """Display levels 1, 2, 3 … of the rows: numbering depths ranked (a table that starts at (一)
    has (一) at level 1), 其中 rows (and the parts that follow them) one below the row they belong to,
    other unnumbered rows beside the row above."""
    depths = _depths(names, serials)
    parts = part_rows(names, serials, totals)
    ranks = {d: i for i, d in enumerate(sorted({d for d in depths if d is not None}), 1)}
    levels: list[int] = []
    for n, depth in enumerate(depths):
        previous = levels[-1] if levels else 1
        if parts[n]:
            levels.append(previous if n and parts[n - 1] else previous + 1)
        elif depth is not None:
            levels.append(ranks[depth])
        elif n and parts[n - 1]:
            levels.append(previous - 1)
        else:
            levels.append(previous if levels else 1)
    return levels


def layout(table: Table, amounts: Container[int] | None = None) -> Layout:
    """The table's label column, 序号 column, row levels and total rows."""
    skip = amount_columns(table) if amounts is None else amounts
    label = label_column(table, skip)
    serial = serial_column(table, label, skip)

    def cell(row: Row, column: int | None) -> str:
        return row.cells[column] if column is not None and column < len(row.cells) else ""

    names = [cell(r, label) for r in table.rows]
    serials = [cell(r, serial) for r in table.rows]
    totals = [bool(_TOTAL_SHOWN.search(_clean(n)) or _TOTAL_SHOWN.search(_clean(s)))
              for n, s in zip(names, serials, strict=True)]
    levels = [1 if total else level for level, total in zip(row_levels(names, serials, totals), totals,
                                                              strict=True)]
    return Layout(label, serial, levels, totals, part_rows(names, serials, totals))


def label_columns(table: Table, columns: dict[int, Decimal]) -> dict[int, list[int]]:
    """For each amount column, the text columns that name its rows: those since the previous amount column.

    `| 收入项目 | 金额 | 支出项目 | 金额 |` gives each amount column its own label column; an amount
    column right after another (`| 序号 | 项目 | 本月 | 本年累计 |`) shares the table's label column —
    never the 序号 column.
    """
    labels: dict[int, list[int]] = {}
    start = 0
    name = label_column(table, columns)
    for index in sorted(columns):
        own = [c for c in range(start, index) if c not in columns]
        labels[index] = own if any(not _is_serial(table.header[c], [r.cells[c] for r in table.rows
                                                                     if c < len(r.cells)]) for c in own) \
            else ([name] if name is not None else [])
        start = index + 1
    return labels


def is_percent(text: str) -> bool:
    """A rate in an amount column (营业利润率 −3.24%): not an amount, not an error, never summed."""
    value = _clean(text)
    return value.endswith("%") and _NUMBER.match(value[:-1].lstrip("(").rstrip(")")) is not None


def fmt(amount: Decimal, scale: Decimal = YUAN) -> str:
    """1234.5 → '1,234.50' (in the given unit; more decimals only when the amount has them)."""
    value = amount / scale
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:,.{places}f}"


# ---- The same shape on the published HTML (item pages and posters): semantics for the stylesheets.

_TABLE_HTML = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_TABLE_OPEN = re.compile(r"<table\b([^>]*)>")
_ROW_HTML = re.compile(r"<tr\b([^>]*)>(.*?)</tr>", re.S)
_CELL_HTML = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_CLASS = re.compile(r'\sclass="([^"]*)"')
WIDE_COLUMNS = 8  # a table with more columns is set in smaller type on paper (data-wide)


def _with_class(attrs: str, name: str) -> str:
    found = _CLASS.search(attrs)
    if found:
        if name in found.group(1).split():
            return attrs
        return attrs[:found.start(1)] + found.group(1) + " " + name + attrs[found.end(1):]
    return f'{attrs} class="{name}"'


def _cells(row_html: str) -> list[tuple[str, str, str]]:
    """(tag, attributes, text) of each cell of a row."""
    return [(m.group(1), m.group(2), html.unescape(_TAG.sub("", m.group(3))).strip())
            for m in _CELL_HTML.finditer(row_html)]


def annotate_tables(page: str) -> str:
    """Mark every table's semantics for the stylesheets: `gk-label` on the cells of the column that
    names the rows (never 序号), `data-level` 1/2/3 on the rows of a numbered hierarchy (一、 （一） 1、
    其中), `gk-total` on 合计/总计 rows, `gk-num` on number cells, `data-wide` (the column count) on
    tables of many columns. The <table> itself gets no class (mkdocs-material styles `table:not([class])`).
    Text is never changed."""
    return _TABLE_HTML.sub(lambda m: _annotate(m.group(0)), page)


def _annotate(table_html: str) -> str:
    rows = [(m, _cells(m.group(2))) for m in _ROW_HTML.finditer(table_html)]
    body = [(m, cells) for m, cells in rows if cells and any(tag == "td" for tag, _, _ in cells)]
    head = next((cells for _, cells in rows if cells and all(tag == "th" for tag, _, _ in cells)), [])
    width = max((len(cells) for _, cells in rows), default=0)
    if not body:
        return table_html
    header = [text for _, _, text in head] + [""] * (width - len(head))
    table = Table(0, 0, header, [Row([text for _, _, text in cells], 0) for _, cells in body])
    shape = layout(table)
    marks = {id(m): (level, total) for (m, _), level, total in zip(body, shape.levels, shape.totals, strict=True)}
    nested = max(shape.levels, default=1) > 1
    numbers = _number_columns(table, shape.label)
    out, last = [], 0
    for match, _ in rows:
        out.append(table_html[last:match.start()])
        attrs = match.group(1)
        level, total = marks.get(id(match), (0, False))
        if total:
            attrs = _with_class(attrs, "gk-total")
        if nested and level:
            attrs += f' data-level="{min(level, 3)}"'
        out.append(f"<tr{attrs}>{_mark_cells(match.group(2), shape.label, numbers)}</tr>")
        last = match.end()
    out.append(table_html[last:])
    result = "".join(out)
    if width > WIDE_COLUMNS:  # an attribute, not a class: mkdocs-material styles `table:not([class])`
        result = _TABLE_OPEN.sub(lambda m: f'<table{m.group(1)} data-wide="{width}">', result, count=1)
    return result


def _number_columns(table: Table, label: int | None) -> set[int]:
    """Columns that hold counts or amounts: most of their filled body cells are numbers (a column of the
    annual report's part 三 has its applicant names in the first rows, then numbers)."""
    found = set()
    for column in range(len(table.header)):
        filled = [r.cells[column] for r in table.rows if column < len(r.cells) and not is_blank(r.cells[column])]
        numeric = [v for v in filled if _is_number(v) or is_percent(v)]
        if column != label and numeric and len(numeric) * 2 >= len(filled):
            found.add(column)
    return found


def _mark_cells(row_html: str, label: int | None, numbers: set[int]) -> str:
    """`gk-label` on the label cell, `gk-num` on the number (or empty) cells of number columns."""
    index = -1

    def mark(match: re.Match[str]) -> str:
        nonlocal index
        index += 1
        tag, attrs, inner = match.group(1), match.group(2), match.group(3)
        if index == label:
            attrs = _with_class(attrs, "gk-label")
        elif index in numbers and tag == "td":
            text = html.unescape(_TAG.sub("", inner)).strip()
            if is_blank(text) or _is_number(text) or is_percent(text):
                attrs = _with_class(attrs, "gk-num")
        return f"<{tag}{attrs}>{inner}</{tag}>"

    return _CELL_HTML.sub(mark, row_html)
