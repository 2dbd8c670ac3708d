"""Reading tables and amounts: file lines of rows, units, and every way clerks write a number."""

from __future__ import annotations

import pathlib
from decimal import Decimal

import pytest
from gongkai import tables
from gongkai.tables import WAN, NotAnAmount, parse_amount
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

BODY = """\
# 标题

## 收入

单位：万元

| 项目 | 金额 |
|---|---:|
| 上级 \\| 补助 | **1.5** |
| `租金` | 2 |
正文里的一句话：本期结余：1,234.00元
"""


@pytest.mark.parametrize(("text", "expected"), [
    ("1,234.50", "1234.50"),
    ("1234.5", "1234.5"),
    ("１，２３４．５０", "1234.50"),  # full-width digits, comma and point
    ("1,234.50元", "1234.50"),
    ("¥1,234.50", "1234.50"),
    ("￥ 12", "12"),
    ("(1,234.50)", "-1234.50"),
    ("（200）", "-200"),  # full-width parentheses
    ("-200.00", "-200.00"),
    ("−200", "-200"),  # U+2212 minus sign
    ("－200", "-200"),  # full-width minus
    ("1.2万元", "12000.0"),  # the cell's own unit wins
    ("0", "0"),
])
def test_amounts_are_read_in_decimal(text, expected):
    assert parse_amount(text) == Decimal(expected)


def test_wan_column_scales_to_yuan():
    assert parse_amount("12.3456", WAN) == Decimal("123456.0000")
    assert parse_amount("3元", WAN) == Decimal(3)  # an explicit 元 in the cell is not 万元


@pytest.mark.parametrize("text", ["", "  ", "-", "—", "——", "/"])
def test_blank_marks_are_no_amount(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["五千元", "约1000", "1,23.00", "12,3456", "1.000.00", "10%", "无",
                                  "1 000 元x"])
def test_text_is_not_an_amount(text):
    with pytest.raises(NotAnAmount):
        parse_amount(text)


def test_rows_carry_their_file_line_and_plain_cell_text():
    doc = tables.parse(BODY, first_line=7)
    [table] = doc.tables
    assert table.line == 7 + 6
    assert [r.line for r in table.rows] == [7 + 8, 7 + 9]
    assert table.rows[0].cells == ["上级 | 补助", "1.5"]  # escaped pipe, bold removed
    assert table.rows[1].cells == ["租金", "2"]
    assert table.section == "收入" and table.name == "“收入”下的表格"
    # GFM lets a table run on to the next line; a line without a pipe is prose, with its line.
    assert (7 + 10, "正文里的一句话：本期结余：1,234.00元") in doc.prose


def test_caption_unit_applies_to_the_columns():
    [table] = tables.parse(BODY).tables
    assert tables.amount_columns(table) == {1: WAN}


def test_amount_columns_by_header_or_by_numbers():
    text = ("| 序号 | 项目 | 数量 | 单价（元） | 金额（元） | 增幅% | 备注 |\n|---|---|---|---|---|---|---|\n"
            "| 1 | 水泥 | 10 | 5.00 | 50.00 | 3 | 无 |\n")
    [table] = tables.parse(text).tables
    # 序号, 单价 and % are never added up; 数量 is a column of numbers; 金额（元） names money.
    assert sorted(tables.amount_columns(table)) == [2, 4]


def test_side_by_side_tables_give_each_amount_its_label_column():
    text = "| 收入项目 | 金额（元） | 支出项目 | 金额（元） |\n|---|---|---|---|\n| a | 1 | b | 2 |\n"
    [table] = tables.parse(text).tables
    columns = tables.amount_columns(table)
    assert tables.label_columns(table, columns) == {1: [0], 3: [2]}


def test_format_keeps_cents_and_separators():
    assert tables.fmt(Decimal("124659.12")) == "124,659.12"
    assert tables.fmt(Decimal("5")) == "5.00"
    assert tables.fmt(Decimal("123456"), WAN) == "12.3456"


# parse() reads most bodies with its own line scanner and the rest with markdown-it; the two must
# give the same Document, so markdown-it (parse_markdown_it) is the oracle for the scanner.

def _both_ways(body: str) -> tuple[tables.Document, tables.Document]:
    return tables.parse(body, first_line=5), tables.parse_markdown_it(body, first_line=5)


FINANCE_BODY = """\
根据村务公开有关规定，现将本月财务收支公开如下。

## 收入

| 项目 | 金额（元） |
|---|---:|
| 上级转移支付 | 120,000.50 |
| 合计 | 120,000.50 |

## 结余

| 项目 | 金额（元） |
|---|---:|
| 上期结余 | 1,000.00 |
| 本期结余 | 121,000.50 |

**监督意见**：经村务监督委员会审核，以上收支真实。
"""


def test_a_plain_finance_body_does_not_need_markdown_it(monkeypatch):
    expected = tables.parse_markdown_it(FINANCE_BODY, 9)

    def not_called(body: str, first_line: int = 1) -> tables.Document:
        raise AssertionError("markdown-it was used")

    monkeypatch.setattr(tables, "parse_markdown_it", not_called)
    doc = tables.parse(FINANCE_BODY, 9)
    assert doc == expected
    assert [t.section for t in doc.tables] == ["收入", "结余"]
    assert [r.line for r in doc.tables[1].rows] == [9 + 13, 9 + 14]
    assert (9 + 16, "**监督意见**：经村务监督委员会审核，以上收支真实。") in doc.prose


@pytest.mark.parametrize(("body", "count"), [
    (FINANCE_BODY, 2),
    (BODY, 1),
    ("说明\n| a | b |\n|---|---|\n| 1 | 2 |\n下一行没有竖线\n\n正文", 1),  # a table interrupts a paragraph
    ("| a | `x|y` |\n| --- | :-: | - |\n| `p|q` | \\\\| r |\n|1|2|3|4|\n|only|", 1),  # pipes in code split cells
    ("```\n| a | b |\n|---|---|\n```\n\n| c |\n|-|\n| d |", 1),  # a fenced table is no table
    ("~~~\n~~~ x\n    ~~~\n| a |\n|---|\n~~~~ \n| b |\n|---|", 1),  # only a bare, unindented run closes
    ("# 一 #\n\n## 收入 ##\n\n### 明细\n\n| a |\n|---|\n\n#不是标题\n####### 也不是", 1),
    ("## 收入##\n\n| a\x85 | \x85 |\n|---|---|\n", 1),  # no space before the closing #s; U+0085
    ("\u3000\u3000单位：万元\n| 金额 |\n|---|\n| 1 |\n\n\n", 1),
    ("| [链接](http://x) | *斜* | &amp; | <b>粗</b> | ![图](p.png) |\n|---|---|---|---|---|\n| a\\|b | c |", 1),
    ("| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n\t| 4 | 5 |\n    | 6 |", 1),  # short, long, indented rows
    ("1. 列表里的表格\n\n   | a |\n   |---|\n   | 1 |\n", 1),  # lists go to markdown-it
    ("> 引用\n\n| a |\n|---|\n", 1),
    ("标题\n---\n\n| a |\n|---|\n", 1),  # setext headings
    ("标题\n--\n\n| a |\n|---|\n", 1),
    ("    缩进代码 | a |\n    |---|\n", 0),
    ("[ref]: http://x\n\n| [ref] |\n|---|\n", 1),
    ("| a |\r\n|---|\r\n| 1 |\r\n", 1),
])
def test_scanner_and_markdown_it_agree(body, count):
    scanned, reference = _both_ways(body)
    assert scanned == reference
    assert len(scanned.tables) == count


def test_every_example_bulletin_parses_the_same_both_ways():
    files = sorted((pathlib.Path(__file__).parents[1] / "bulletins").rglob("*.md"))
    for file in files:
        text = file.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[-1]
        scanned, reference = _both_ways(body)
        assert scanned == reference, file


_PIECES = list("ab 中|\\`*_-:#~>=<[]!&1.)\t\u3000\v\xa0") + ["**", "\\|", "[x](y)", "&amp;", "<b>", "1. ", "- ", "```"]
_TEXT = st.builds(str.__add__, st.sampled_from(["", "x", "中", "| ", "**粗**", "-5", "+1"]),
                  st.lists(st.sampled_from(_PIECES), max_size=6).map("".join))
_INDENT = st.sampled_from(["", "", "", " ", "   ", "    ", "\t"])
_CELL = st.lists(st.sampled_from(list("ab 中`*_\\:-\t") + ["\\|", "**1**", "`a|b`", "[l](u)", "1,234.00", "&lt;",
                                                         "\u3000", "\x85", "<i>"]), max_size=4).map("".join)
_ALIGN = st.sampled_from(["---", "-", ":--", "--:", ":-:", " --- ", "- ", "---\t"])


@st.composite
def _table(draw: st.DrawFn) -> list[str]:
    def row(cells: list[str]) -> str:
        lead, trail = draw(st.booleans()), draw(st.booleans())
        return draw(_INDENT) + "|" * lead + "|".join(cells) + "|" * trail + draw(st.sampled_from(["", " "]))

    width = draw(st.integers(1, 4))
    aligns = draw(st.lists(_ALIGN, min_size=1, max_size=5)) if draw(st.integers(0, 5)) == 0 else \
        draw(st.lists(_ALIGN, min_size=width, max_size=width))
    rows = [row(draw(st.lists(_CELL, max_size=6))) for _ in range(draw(st.integers(0, 4)))]
    header = row(draw(st.lists(_CELL, min_size=width, max_size=width)))
    return [header, row(aligns), *rows, *draw(st.lists(_TEXT, max_size=1))]


_BLOCK = st.one_of(
    _table(), _table(),
    st.lists(st.builds(str.__add__, _INDENT, _TEXT), min_size=1, max_size=3),  # a paragraph
    st.builds(lambda hashes, text, closing: ["#" * hashes + text + closing], st.integers(1, 7),
              st.sampled_from(["", " 收入", "\t*b* ", " a #", "x"]), st.sampled_from(["", " #", "##"])),
    st.builds(lambda fence, lines, close: [fence, *lines, *close], st.sampled_from(["```", "~~~~", "``` `x`", "``"]),
              st.lists(_TEXT, max_size=2), st.sampled_from([[], ["```"], ["~~~~~"], ["    ```"]])),
    st.sampled_from([[""], [" "], ["\u3000"], ["---"], ["- 列表"], ["1. 列表"], ["> 引用"], ["==="], ["***"]]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks=st.lists(_BLOCK, max_size=8), end=st.sampled_from(["", "\n", "  "]))
@example(blocks=[["| a |", "|---|", "| 1 |"]], end="\n")
def test_scanner_agrees_with_markdown_it_on_generated_bodies(blocks, end):
    body = "\n".join(line for block in blocks for line in block) + end
    scanned, reference = _both_ways(body)
    assert scanned == reference
