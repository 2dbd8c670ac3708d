"""Tables in an item's body, with the file line of every row, and amounts read as Decimal.

Parsing uses markdown-it-py (GFM pipe tables, `.map` gives each row's line), so escaped pipes,
inline code and emphasis in cells behave as in any Markdown editor. Amounts are read the way
clerks write them: thousands separators, full-width digits, a trailing 元 or 万元, ¥, negatives
in parentheses or with a minus sign. Everything is Decimal: money is never a float.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark").enable("table")

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
    """Tables and prose lines of a Markdown body whose first line is file line `first_line`."""
    tokens = _MD.parse(body)
    source = body.split("\n")
    doc = Document()
    heading: str | None = None
    section: str | None = None
    last_paragraph = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            text = _plain(tokens[i + 1])
            heading, last_paragraph = text, ""
            if token.tag in ("h1", "h2"):
                section = text if token.tag == "h2" else None
            i += 3
            continue
        if token.type == "table_open":
            i = _read_table(tokens, i, source, first_line, doc, heading, section, last_paragraph)
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


def _clean(text: str) -> str:
    """Full-width → ASCII (NFKC: ０-９, ，, ．, （）, －), no spaces, U+2212 minus as '-'."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("\u2212", "-")


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


def label_columns(table: Table, columns: dict[int, Decimal]) -> dict[int, list[int]]:
    """For each amount column, the text columns that name its rows: those since the previous amount column.

    `| 收入项目 | 金额 | 支出项目 | 金额 |` gives each amount column its own label column.
    """
    labels: dict[int, list[int]] = {}
    start = 0
    for index in sorted(columns):
        labels[index] = [c for c in range(start, index) if c not in columns] or \
            [c for c in range(len(table.header)) if c not in columns][:1]
        start = index + 1
    return labels


def fmt(amount: Decimal, scale: Decimal = YUAN) -> str:
    """1234.5 → '1,234.50' (in the given unit; more decimals only when the amount has them)."""
    value = amount / scale
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:,.{places}f}"
