"""政府信息公开工作年度报告 (2019 template 国办公开办函〔2019〕60号 and 2021 template 国办公开办函〔2021〕30号,
whose part 三 tables have the same rows and columns): the part 三 table adds up.

Per column: 一、本年新收 + 二、上年结转 = 三、本年度办理结果（七）总计 + 四、结转下年度继续办理; also
（七）总计 = the sum of the result rows above it, and 总计 column = the sum of the applicant columns.
Any item still holding a 【待填】 blank of the `gongkai report` draft is an error: it is not finished.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .. import tables
from ..diagnostics import Code, Diagnostic, diag, register
from ..model import Bulletin
from ..site import Context
from ..tables import NotAnAmount, Row, Table

CATEGORY = "annual-report"
BLANK = "【待填"  # how the draft marks what the clerk must fill in
PART_THREE = "收到和处理政府信息公开申请情况"
# The applicant columns of the part 三 table, in template order.
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

register(
    Code("GK611", "error", "年度报告第三部分表格数字对不上",
         "按 2021 年年度报告格式，每一列：本年新收 + 上年结转 = 本年度办理结果总计 + 结转下年度继续办理；"
         "（七）总计 = （一）至（六）各项之和；总计列 = 各类申请人之和。请核对后改正"),
    Code("GK612", "error", "年度报告表格中有不是数字的内容",
         "统计表的格子只写数字（件数），没有的写 0；说明文字请写在表格下面"),
    Code("GK614", "error", "年度报告统计表有空白格",
         "年度报告格式要求统计表每一格都填数字，没有的填 0，不能空着（空白格不会当作 0）；"
         "请按实际填写件数"),
    Code("GK613", "error", "还有未填写的【待填】",
         "这是 gongkai report 生成的草稿中留给您填写的地方：按实际情况填写并删掉“【待填】”字样后再发布"),
)


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_blanks(item: Bulletin, ctx: Context) -> list[Diagnostic]:
    """ITEM_RULE: no 【待填】 left in any item (they come from the report draft)."""
    if BLANK not in item.body:
        return []
    return [diag("GK613", item.path, item.body_line + n,
                 f"第 {item.body_line + n} 行还有“【待填】”：{line.strip()[:40]}")
            for n, line in enumerate(item.body.split("\n")) if BLANK in line]


@dataclass
class _Rows:
    new: Row | None = None
    carried_in: Row | None = None
    results: list[Row] | None = None
    total: Row | None = None
    carried_out: Row | None = None


def _columns(table: Table) -> dict[int, str]:
    """Applicant columns by name, from the header and the two sub-header rows (later rows refine earlier)."""
    names: dict[int, str] = {}
    for cells in [table.header] + [r.cells for r in table.rows[:2]]:
        for index, cell in enumerate(cells):
            if _clean(cell) in APPLICANTS:
                names[index] = _clean(cell)
    return dict(sorted(names.items()))


def _classify(table: Table, columns: dict[int, str]) -> _Rows:
    found = _Rows()
    results: list[Row] = []
    for row in table.rows:
        label = "".join(_clean(c) for i, c in enumerate(row.cells) if i not in columns)
        if "本年新收" in label:
            found.new = row
        elif "上年结转" in label:
            found.carried_in = row
        elif "结转下年度" in label:
            found.carried_out = row
        elif "本年度办理结果" in label or (results and found.total is None):
            if "总计" in label:
                found.total = row
            else:
                results.append(row)
    found.results = results
    return found


def _label(row: Row, columns: dict[int, str]) -> str:
    texts = [_clean(c) for i, c in enumerate(row.cells) if i not in columns and _clean(c)]
    return texts[-1] if texts else f"第 {row.line} 行"


@dataclass
class _Blanks:
    """Blank cells met while reading the table: (row, column names)."""

    rows: list[tuple[Row, list[str]]]
    cells: int = 0  # every number cell read


def _values(path: str, row: Row, columns: dict[int, str], problems: list[Diagnostic],
            blanks: _Blanks) -> dict[int, Decimal] | None:
    """The row's numbers by column; None when a cell is blank (GK614), not a number (GK612) or 【待填】."""
    values: dict[int, Decimal] = {}
    empty: list[str] = []
    ok = True
    for index, name in columns.items():
        cell = row.cells[index] if index < len(row.cells) else ""
        blanks.cells += 1
        if BLANK in cell:
            ok = False  # reported once per line by check_blanks
            continue
        if tables.is_blank(cell):
            empty.append(name)
            continue
        try:
            values[index] = tables.parse_amount(cell) or Decimal(0)
        except NotAnAmount:
            ok = False
            problems.append(diag("GK612", path, row.line,
                                 f"第三部分表格“{_label(row, columns)}”行（第 {row.line} 行）“{name}”列写的是"
                                 f"“{cell}”，不是数字"))
    if empty:
        blanks.rows.append((row, empty))
    return values if ok and not empty else None


def _blank_problems(path: str, table: Table, columns: dict[int, str], blanks: _Blanks) -> list[Diagnostic]:
    empty = sum(len(names) for _, names in blanks.rows)
    if empty and empty == blanks.cells:
        return [diag("GK614", path, table.line,
                     f"第三部分表格（第 {table.line} 行）全部空白：没有一格填了数字，空白不能当作 0")]
    if not blanks.rows:
        return []
    first, names = blanks.rows[0]
    where = f"“{_label(first, columns)}”行（第 {first.line} 行）的{'、'.join(f'“{n}”' for n in names)}列"
    more = (f"等 {len(blanks.rows)} 行（第 {'、'.join(str(r.line) for r, _ in blanks.rows[:8])}"
            f"{' …' if len(blanks.rows) > 8 else ''} 行）共 {empty} 格" if len(blanks.rows) > 1 else "")
    return [diag("GK614", path, first.line,
                 f"第三部分表格{where}{more}是空白（没有的应填 0）；空白格没有当作 0，这些行没有参与核对")]


def _leaves(results: list[Row], columns: dict[int, str]) -> list[Row]:
    """The result rows that are counted: a row such as “（三）不予公开” on its own line above its
    “1.” … rows is their heading, not a count of its own (the counts are in the rows below)."""
    depths = [tables.number_depth(_label(r, columns)) for r in results]
    return [row for n, row in enumerate(results)
            if not (depths[n] is not None and n + 1 < len(results) and (depths[n + 1] or 0) > depths[n]
                    and all(tables.is_blank(row.cells[i]) for i in columns if i < len(row.cells)))]


def _n(value: Decimal) -> str:
    return f"{value.normalize():f}"


def check_part_three(path: str, table: Table) -> list[Diagnostic]:
    """The template's 勾稽关系 for one part 三 table."""
    columns = _columns(table)
    rows = _classify(table, columns)
    problems: list[Diagnostic] = []
    if not columns or not (rows.new and rows.carried_in and rows.total and rows.carried_out):
        return [diag("GK611", path, table.line,
                     "第三部分表格缺少“本年新收”“上年结转”“（七）总计”或“结转下年度继续办理”行，"
                     "或没有“自然人”“总计”等申请人列",
                     fix="按 2021 年年度报告格式写第三部分表格（可用 gongkai report 生成草稿）")]
    named = {k: r for k, r in (("new", rows.new), ("in", rows.carried_in), ("total", rows.total),
                               ("out", rows.carried_out))}
    blanks = _Blanks([])
    values = {k: _values(path, r, columns, problems, blanks) for k, r in named.items()}
    results = [_values(path, r, columns, problems, blanks) for r in _leaves(rows.results or [], columns)]
    problems += _blank_problems(path, table, columns, blanks)
    total_row = rows.total
    for index, name in columns.items():
        got = {k: v[index] for k, v in values.items() if v is not None}
        if len(got) == 4 and got["new"] + got["in"] != got["total"] + got["out"]:
            problems.append(diag(
                "GK611", path, total_row.line,
                f"“{name}”列：本年新收 {_n(got['new'])} + 上年结转 {_n(got['in'])} = "
                f"{_n(got['new'] + got['in'])}，应等于本年度办理结果总计 {_n(got['total'])} + "
                f"结转下年度继续办理 {_n(got['out'])} = "
                f"{_n(got['total'] + got['out'])}（第 {total_row.line} 行）"))
        if "total" in got and results and all(r is not None for r in results):
            expected = sum((r[index] for r in results if r is not None), Decimal(0))
            if expected != got["total"]:
                problems.append(diag(
                    "GK611", path, total_row.line,
                    f"“{name}”列：（七）总计应为 {_n(expected)}（（一）至（六）各项之和），"
                    f"实为 {_n(got['total'])}（第 {total_row.line} 行）"))
    sum_column = next((i for i, n in columns.items() if n == "总计"), None)
    if sum_column is not None:
        pairs = list(zip(named.values(), values.values(), strict=True))
        pairs += list(zip(_leaves(rows.results or [], columns), results, strict=True))
        for row, row_values in pairs:
            if row_values is None:
                continue
            expected = sum((v for i, v in row_values.items() if i != sum_column), Decimal(0))
            if expected != row_values[sum_column]:
                problems.append(diag(
                    "GK611", path, row.line,
                    f"“{_label(row, columns)}”行（第 {row.line} 行）：总计应为 {_n(expected)}"
                    f"（各类申请人之和），实为 {_n(row_values[sum_column])}"))
    return problems


def check(item: Bulletin, ctx: Context) -> list[Diagnostic]:
    """ITEM_RULE: the part 三 table of an annual report."""
    if item.category != CATEGORY:
        return []
    doc = tables.parse(item.body, item.body_line)
    part = [t for t in doc.tables if PART_THREE in _clean(t.section or "")]
    found = [t for t in part if any("本年新收" in _clean("".join(r.cells)) for r in t.rows)]
    # No table (e.g. the report is attached as a PDF): nothing to add up; a missing section is GK201.
    return [p for table in found for p in check_part_three(item.path, table)]
