"""Reading tables and amounts: file lines of rows, units, and every way clerks write a number."""

from __future__ import annotations

from decimal import Decimal

import pytest
from gongkai import tables
from gongkai.tables import WAN, NotAnAmount, parse_amount

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
