"""Finance arithmetic (categories with `finance_tables: true`): 合计 and 小计 rows, the balance
上期结余 + 本期收入 − 本期支出 = 本期结余, and the chain of balances from one period to the next.

Villagers check the money first: a total that does not add up is reported with the table, the row,
the line, and the expected and found values. Every comparison is exact, in Decimal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .. import tables
from ..diagnostics import Code, Diagnostic, diag, register
from ..model import Bulletin
from ..site import Balance, Context, Site
from ..tables import WAN, YUAN, NotAnAmount, Row, Table, fmt

register(
    Code("GK601", "error", "合计（小计）与明细之和不符",
         "核对各行金额和合计行：有分项的项目（如“（一）伙食收入”下有“1、”“2、”）应等于其分项之和；"
         "合计应等于各项目之和（有分项的只计项目本身，不重复计入分项；小计行不重复计入合计；"
         "合计行写在明细上方的，与下方各行相加）；小计应等于本组明细之和；改正抄错的数字"),
    Code("GK602", "error", "结余不平",
         "核对上期结余、本期收入、本期支出和本期结余四个数：上期结余 + 本期收入 − 本期支出 应等于 本期结余"),
    Code("GK603", "error", "本期收入（支出）与收入（支出）表格的合计不符",
         "本期收入应等于“收入”表格的合计，本期支出应等于“支出”表格的合计；请核对"),
    Code("GK604", "error", "金额栏中有不是数字的内容",
         "金额栏只能写数字，如 1,234.50、-200.00 或 (200.00)，可以带“元”；没有金额的格子留空或写“—”；"
         "文字说明请写在另外一栏或表格下面"),
    Code("GK605", "warning", "上期结余与上一期公开的本期结余不符",
         "本期的“上期结余”应等于上一期公开的“本期结余”：请核对两期的数字；如果上一期公开有误，"
         "请发布更正事项（supersedes 写上一期的索引号）"),
    Code("GK606", "error", "同一个数前后写得不一样",
         "同一项金额（如本期结余）在表格和文字中只能有一个值：请核对后改成一致"),
    Code("GK607", "warning", "表格没有核对",
         "这张表格有合计（小计）行，但检查程序认不出哪一栏是金额，所以没有核对：请在金额栏的表头写明"
         "“金额（元）”“本月金额”或“……（万元）”，每行一个项目，合并单元格拆开写"),
)

NAMES = {"opening": "上期结余", "income": "本期收入", "expense": "本期支出", "closing": "本期结余"}
_NOW = r"本期|本月|本季度?|本半年|本年"
# The four figures of a balance, with the words clerks use for them (上月结余, 期末余额, 本季度收入 …).
_KEYS: dict[str, re.Pattern[str]] = {
    "opening": re.compile(r"^(?:上期|上月|上季度?|上半年|上年|期初)(?:结余|结存|余额)$"),
    "income": re.compile(rf"^(?:{_NOW})收入(?:合计|总计|共计)?$"),
    "expense": re.compile(rf"^(?:{_NOW})支出(?:合计|总计|共计)?$"),
    "closing": re.compile(rf"^(?:{_NOW}|期末)(?:结余|结存|余额)$"),
}
# The same figures stated in a sentence: "本期结余：1,234.00元", "上月结余为 5,000 元".
_STATED = re.compile(r"((?:上期|上月|上季度?|上半年|上年|期初|本期|本月|本季度?|本半年|本年|期末)"
                     r"(?:结余|结存|余额|收入|支出))(?:合计|总计|共计)?\s*(?:\((万元|元)\))?\s*(?:金额)?\s*"
                     r"[:为是]?\s*([(+-]?¥?\d(?:[\d,]*\d)?(?:\.\d+)?\)?)\s*(万元|元)?")
_ENUMERATOR = re.compile(r"^[(]?[一二三四五六七八九十\d]+[)、.]")  # 一、 (二) 3. — after NFKC
_TOTAL = re.compile(r"^(?:合计|总计)|(?:合计|总计)$")


@dataclass(frozen=True)
class Figure:
    key: str  # opening | income | expense | closing
    amount: Decimal  # in 元
    line: int
    scale: Decimal = YUAN  # the unit it was written in, for messages


@dataclass
class Figures:
    """What one item says about its money, and the problems found on the way."""

    stated: dict[str, list[Figure]] = field(default_factory=dict)
    totals: dict[str, Figure] = field(default_factory=dict)  # income/expense → 合计 of that section
    problems: list[Diagnostic] = field(default_factory=list)

    def first(self, key: str) -> Figure | None:
        found = self.stated.get(key)
        return found[0] if found else None


def _norm(text: str) -> str:
    """A row label as compared: no spaces, no numbering (一、 （二） 3.), no trailing colon."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return _ENUMERATOR.sub("", text).rstrip(":")


def _key_of(label: str) -> str | None:
    return next((key for key, pattern in _KEYS.items() if pattern.match(label)), None)


@dataclass
class _Kind:
    kind: str  # detail | total | subtotal | part (其中) | stated
    name: str  # how the message names the row
    key: str | None = None  # the balance figure a stated row gives
    sign: int = 1  # 减： rows count negative


def _kind(row: Row, label_cols: list[int], number: int) -> _Kind:
    texts = [_norm(row.cells[c]) for c in label_cols if c < len(row.cells)]
    texts = [t for t in texts if t]
    name = next((t for t in texts if not re.fullmatch(r"[\d.]+", t)), f"第 {number} 行数据")
    for text in texts:
        key = _key_of(text)
        if key:
            return _Kind("stated", name, key)
    if any("小计" in t for t in texts):
        return _Kind("subtotal", name)
    if any(_TOTAL.search(t) for t in texts):
        return _Kind("total", name)
    if any(t.startswith("其中") for t in texts):
        return _Kind("part", name)
    sign = -1 if any(re.match(r"^减[:：]", t) for t in texts) else 1
    return _Kind("detail", name, sign=sign)


def _where(table: Table, kind: _Kind, row: Row) -> str:
    return f"{table.name}“{kind.name}”行（第 {row.line} 行）"


def _unit_note(scale: Decimal) -> str:
    return "（单位：万元）" if scale == WAN else ""


def _section_of(table: Table, kind: _Kind) -> str | None:
    """Which side a total belongs to: by its own label (收入合计), else by the heading above the table."""
    for text in (kind.name, table.heading or "", table.section or ""):
        if "收入" in text and "支出" not in text:
            return "income"
        if "支出" in text and "收入" not in text:
            return "expense"
    return None


def _check_table(path: str, table: Table, figures: Figures) -> None:
    columns = tables.amount_columns(table)
    if not columns:
        _not_checked(path, table, figures)
        return
    labels = tables.label_columns(table, columns)
    shape = tables.layout(table, columns)
    levels = shape.levels
    for column, scale in columns.items():
        kinds = [_kind(row, labels[column], n) for n, row in enumerate(table.rows, 1)]
        kinds = [_Kind("part", k.name) if part and k.kind == "detail" else k
                 for k, part in zip(kinds, shape.parts, strict=True)]
        values: list[Decimal | None] = []
        unreadable: set[int] = set()
        for n, (row, kind) in enumerate(zip(table.rows, kinds, strict=True)):
            cell = row.cells[column] if column < len(row.cells) else ""
            try:
                values.append(None if tables.is_percent(cell) else tables.parse_amount(cell, scale))
            except NotAnAmount:
                values.append(None)
                unreadable.add(n)
                figures.problems.append(diag(
                    "GK604", path, row.line,
                    f"{_where(table, kind, row)}“{table.header[column]}”一栏写的是“{cell}”，不是数字"))
        # The first amount column is this period's (| 本月 | 本年累计 |): it states the balance figures.
        primary = column == min(columns)
        rows = _Column(table, scale, kinds, values, unreadable, levels, primary)
        _check_parents(path, rows, figures)
        _check_totals(path, rows, figures)
        for row, kind, value in zip(table.rows, kinds, values, strict=True):
            if primary and kind.key and value is not None:
                figures.stated.setdefault(kind.key, []).append(Figure(kind.key, value, row.line, scale))


def _not_checked(path: str, table: Table, figures: Figures) -> None:
    """A table with a total the checker cannot add up says so (GK607), never silence."""
    total = next((r for r in table.rows if any(_TOTAL.search(_norm(c)) or "小计" in c for c in r.cells)), None)
    if total is not None:
        figures.problems.append(diag(
            "GK607", path, total.line,
            f"{table.name}（第 {table.line} 行）有合计行，但没有认出金额栏（表头：{' | '.join(table.header)}），"
            "这张表格没有核对"))


@dataclass
class _Column:
    """One amount column of a table, read row by row."""

    table: Table
    scale: Decimal
    kinds: list[_Kind]
    values: list[Decimal | None]
    unreadable: set[int]
    levels: list[int]
    primary: bool = True  # the period's own column, not a 本年累计 one

    def children(self, n: int) -> list[int]:
        """The rows directly under row n: the next level down, up to the next row at n's level or above."""
        under: list[int] = []
        for m in range(n + 1, len(self.kinds)):
            if self.levels[m] <= self.levels[n] or self.kinds[m].kind not in ("detail", "part"):
                break
            under.append(m)
        top = min((self.levels[m] for m in under), default=0)
        return [m for m in under if self.levels[m] == top and self.kinds[m].kind == "detail"]

    def top_details(self, rows: range) -> list[int] | None:
        """The top-level detail rows among `rows` (parents, not their children); None when one is unreadable."""
        details = [m for m in rows if self.kinds[m].kind == "detail"]
        if any(m in self.unreadable for m in details):
            return None
        top = min((self.levels[m] for m in details), default=0)
        return [m for m in details if self.levels[m] == top and self.values[m] is not None]

    def total(self, rows: list[int]) -> Decimal:
        return sum((self.kinds[m].sign * (self.values[m] or Decimal(0)) for m in rows), Decimal(0))


def _check_parents(path: str, col: _Column, figures: Figures) -> None:
    """（一）伙食收入 = 1、学生伙食收入 + 2、教职工伙食收入: a parent row is the sum of the rows under it."""
    for n, kind in enumerate(col.kinds):
        value = col.values[n]
        if kind.kind != "detail" or value is None:
            continue
        children = col.children(n)
        if not children or any(m in col.unreadable for m in children):
            continue
        if all(col.values[m] is None for m in children):
            continue  # the breakdown is left blank: nothing to add up
        expected = col.total(children)
        if expected != value:
            first, last = col.table.rows[children[0]], col.table.rows[children[-1]]
            row = col.table.rows[n]
            figures.problems.append(diag(
                "GK601", path, row.line,
                f"{_where(col.table, kind, row)}：应为下面各项（第 {first.line}—{last.line} 行）之和 "
                f"{fmt(expected, col.scale)}，实为 {fmt(value, col.scale)}{_unit_note(col.scale)}"))


def _is_total(col: _Column, n: int) -> bool:
    kind = col.kinds[n]
    return kind.kind == "total" or (kind.kind == "stated" and bool(_TOTAL.search(kind.name)))


def _check_totals(path: str, col: _Column, figures: Figures) -> None:
    """合计 = its parents above (or below, for a 合计 row on top); 小计 = its block. Never parents and children both."""
    count = len(col.kinds)
    block = sub = 0  # first row since the last 合计 / since the last 小计 or 合计
    for n, kind in enumerate(col.kinds):
        row, value = col.table.rows[n], col.values[n]
        if kind.kind == "subtotal":
            _compare(path, col, n, "小计", range(sub, n), figures)
            sub = n + 1
            continue
        if not _is_total(col, n):
            continue
        above = range(block, n)
        if any(col.kinds[m].kind == "detail" for m in above):
            checked = _compare(path, col, n, "总计" if "总计" in kind.name else "合计", above, figures)
        elif kind.kind == "total":  # a 合计 row above its details, as 附表 often have it
            end = next((m for m in range(n + 1, count) if _is_total(col, m) or col.kinds[m].kind == "subtotal"),
                       count)
            checked = _compare(path, col, n, "总计" if "总计" in kind.name else "合计", range(n + 1, end), figures)
        else:
            checked = False
        side = _section_of(col.table, kind)
        if checked and side and value is not None and col.primary:
            figures.totals[side] = Figure(side, value, row.line, col.scale)
        block = sub = n + 1


def _compare(path: str, col: _Column, n: int, word: str, rows: range, figures: Figures) -> bool:
    """Check row n against the top-level details of `rows`; whether there was something to check."""
    value = col.values[n]
    details = col.top_details(rows)
    if value is None or details is None or not details:
        return details is not None and bool(details)
    expected = col.total(details)
    if expected != value:
        figures.problems.append(_mismatch(path, col.table, col.kinds[n], col.table.rows[n], word, expected, value,
                                          col.scale))
    return True


def _mismatch(path: str, table: Table, kind: _Kind, row: Row, word: str, expected: Decimal, found: Decimal,
              scale: Decimal) -> Diagnostic:
    return diag("GK601", path, row.line,
                f"{_where(table, kind, row)}：{word}应为 {fmt(expected, scale)}，实为 {fmt(found, scale)}"
                f"{_unit_note(scale)}")


def _stated_in_text(prose: list[tuple[int, str]], figures: Figures) -> None:
    for line, text in prose:
        for match in _STATED.finditer(unicodedata.normalize("NFKC", text)):
            key = _key_of(match.group(1))
            if key is None:
                continue
            unit = match.group(4) or match.group(2) or ""
            try:
                amount = tables.parse_amount(match.group(3) + unit)
            except NotAnAmount:
                continue
            if amount is not None:
                scale = WAN if unit == "万元" else YUAN
                figures.stated.setdefault(key, []).append(Figure(key, amount, line, scale))


def _check_balance(path: str, figures: Figures) -> None:
    for key, found in figures.stated.items():
        first = found[0]
        for other in found[1:]:
            if other.amount != first.amount:
                figures.problems.append(diag(
                    "GK606", path, other.line,
                    f"{NAMES[key]}在第 {first.line} 行是 {fmt(first.amount)}，在第 {other.line} 行却是 "
                    f"{fmt(other.amount)}（单位：元）"))
    opening, closing = figures.first("opening"), figures.first("closing")
    income = figures.first("income") or figures.totals.get("income")
    expense = figures.first("expense") or figures.totals.get("expense")
    if opening or closing:
        for key, side in (("income", "收入"), ("expense", "支出")):
            stated, total = figures.first(key), figures.totals.get(key)
            if stated and total and stated.amount != total.amount:
                figures.problems.append(diag(
                    "GK603", path, stated.line,
                    f"第 {stated.line} 行的{NAMES[key]} {fmt(stated.amount)} 与“{side}”表格的合计 "
                    f"{fmt(total.amount)}（第 {total.line} 行）不一致（单位：元）"))
    if not (opening and income and expense and closing):
        return
    expected = opening.amount + income.amount - expense.amount
    if expected != closing.amount:
        used = (opening, income, expense, closing)
        scale = WAN if all(f.scale == WAN for f in used) else YUAN
        unit = "万元" if scale == WAN else "元"
        figures.problems.append(diag(
            "GK602", path, closing.line,
            f"第 {closing.line} 行：本期结余应为 {fmt(expected, scale)}，实为 {fmt(closing.amount, scale)}"
            f"（上期结余 {fmt(opening.amount, scale)}〔第 {opening.line} 行〕 + 本期收入 "
            f"{fmt(income.amount, scale)}〔第 {income.line} 行〕 − 本期支出 {fmt(expense.amount, scale)}"
            f"〔第 {expense.line} 行〕，单位：{unit}）"))


@lru_cache(maxsize=8192)
def _figures(path: str, body: str, body_line: int) -> Figures:
    doc = tables.parse(body, body_line)
    figures = Figures()
    for table in doc.tables:
        _check_table(path, table, figures)
    _stated_in_text(doc.prose, figures)
    for found in figures.stated.values():
        found.sort(key=lambda f: f.line)
    _check_balance(path, figures)
    return figures


def figures_of(item: Bulletin) -> Figures:
    """The item's money figures (parsed once per item: the item rule and `balance_of` share them)."""
    return _figures(item.path, item.body, item.body_line)


def _checked(item: Bulletin, ctx: Context) -> bool:
    category = ctx.category_for(item.unit, item.category)
    return bool(category and category.finance_tables)


def check(item: Bulletin, ctx: Context) -> list[Diagnostic]:
    """ITEM_RULE: totals, 小计 blocks, amount cells and the balance of one finance item."""
    if not _checked(item, ctx):
        return []
    return list(figures_of(item).problems)


def balance_of(item: Bulletin, ctx: Context) -> Balance | None:
    """The item's 上期结余 and 本期结余 for the chain rule (None: not a finance item); the validator keeps
    it with the item's rule results, so an unchanged item is never parsed again."""
    if not _checked(item, ctx):
        return None
    figures = figures_of(item)
    ends = (figures.first("opening"), figures.first("closing"))
    return Balance(*((f.amount, f.line) if f else None for f in ends))


def check_chain(site: Site) -> list[Diagnostic]:
    """SITE_RULE: this period's 上期结余 = the previous period's 本期结余, same unit and category."""
    items, balances = site.bulletins, site.balances
    replaced = {i.supersedes for i in items if i.supersedes}
    current: dict[tuple[str, str, str], Bulletin] = {}
    for item in sorted((i for i in items if i.path in balances), key=lambda i: (i.published, i.path)):
        live = item.status == "active" and item.index_no not in replaced
        if live and item.period_obj:
            current[(item.unit, item.category, str(item.period_obj))] = item
    problems: list[Diagnostic] = []
    for (unit, category, _), item in current.items():
        period = item.period_obj
        previous = current.get((unit, category, str(period.previous()))) if period else None
        if previous is None:
            continue
        opening, closing = balances[item.path].opening, balances[previous.path].closing
        if opening and closing and opening[0] != closing[0]:
            label = previous.period_obj.label if previous.period_obj else previous.period
            problems.append(diag(
                "GK605", item.path, opening[1],
                f"第 {opening[1]} 行的上期结余 {fmt(opening[0])} 与上一期（{label}，{previous.path} "
                f"第 {closing[1]} 行）的本期结余 {fmt(closing[0])} 不一致（单位：元）"))
    return problems
