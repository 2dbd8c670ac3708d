"""The shape of a table as units draw it (tables.layout) and its marks on the published HTML
(tables.annotate_tables): label column never 序号, levels of 一、/（一）/1、/其中, totals."""

from __future__ import annotations

import re

import markdown
from gongkai import tables
from gongkai.rules import sections
from hypothesis import given
from hypothesis import strategies as st


def html_of(body: str) -> str:
    return markdown.markdown(body, extensions=["tables"])


def rows_of(page: str) -> list[str]:
    return re.findall(r"<tr\b[^>]*>.*?</tr>", page, re.S)


CANTEEN = """| 项目 | 金额（元） |
| --- | --- |
| （一）伙食收入 | 2,408,841.00 |
| 1、学生伙食收入 | 2,087,580.00 |
| 其中：寄宿生 | 900,000.00 |
| 2、教职工伙食收入 | 321,261.00 |
| 收入合计 | 2,408,841.00 |
"""


def test_canteen_rows_get_levels_the_label_class_and_the_total():
    rows = rows_of(tables.annotate_tables(html_of(CANTEEN)))
    assert '<th class="gk-label">项目</th>' in rows[0]
    assert [re.search(r'data-level="(\d)"', r).group(1) for r in rows[1:]] == ["1", "2", "3", "2", "1"]
    assert '<td class="gk-label">（一）伙食收入</td>' in rows[1]
    assert '<td class="gk-num">2,408,841.00</td>' in rows[1]
    assert 'class="gk-total"' in rows[5] and "gk-total" not in "".join(rows[:5])


def test_the_label_column_is_never_the_serial_number():
    page = tables.annotate_tables(html_of("| 序号 | 项目 | 本月 | 本年累计 |\n| --- | --- | --- | --- |\n"
                                          "| 1 | 办公费 | 120.00 | 97 |\n| 2 | 水电费 | 80.00 | 300 |\n"
                                          "| | 合计 | 200.00 | 397 |\n"))
    assert '<td class="gk-label">办公费</td>' in page and '<td class="gk-label">1</td>' not in page
    assert "data-level" not in page  # a flat table has no hierarchy to show


def test_a_table_of_many_columns_is_wide():
    head = "| 项目 | " + " | ".join(f"列{n}" for n in range(10)) + " |\n"
    page = tables.annotate_tables(html_of(head + "|---" * 11 + "|\n| 甲 | " + " | ".join("0" * 10) + " |\n"))
    assert '<table data-wide="11">' in page  # no class: mkdocs-material styles `table:not([class])`


cell = st.text(alphabet="合计一二（）、1.其中收入0123456789,- 甲乙", max_size=8).map(str.strip)


@given(st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=8))
def test_annotating_never_changes_what_the_table_says(rows):
    body = "| 项目 | 金额 | 备注 |\n| --- | --- | --- |\n" + "".join(
        "| " + " | ".join(c.replace("|", "") or "-" for c in row) + " |\n" for row in rows)
    page = html_of(body)
    annotated = tables.annotate_tables(page)
    assert re.sub(r"<[^>]+>", "", annotated) == re.sub(r"<[^>]+>", "", page)
    assert len(rows_of(annotated)) == len(rows_of(page))


def test_row_levels_rank_the_numbering_styles_used():
    names = ["一、收入", "（一）经营收入", "1.租金", "2.发包", "（二）补助收入", "二、支出", "合计"]
    assert tables.row_levels(names, [""] * len(names)) == [1, 2, 3, 3, 2, 1, 1]
    assert tables.row_levels(["（一）甲", "1、乙", "（二）丙"], ["", "", ""]) == [1, 2, 1]


def test_a_heading_matches_after_numbering_and_prefixes_or_by_alias():
    assert sections.matches("五、政府信息公开工作存在的主要问题及改进情况", "五、存在的主要问题及改进情况", [])
    assert sections.matches("（二）本期收入情况", "收入", [])
    assert sections.matches("五、存在问题和改进措施", "五、存在的主要问题及改进情况", ["存在问题和改进措施"])
    assert not sections.matches("五、工作安排", "五、存在的主要问题及改进情况", ["存在问题和改进措施"])
    assert not sections.matches("支出", "收入", [])
