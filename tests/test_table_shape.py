"""The shape of a table as units draw it (tables.layout) and its marks on the published HTML
(tables.annotate_tables): label column never 序号, levels of 一、/（一）/1、/其中, totals."""

from __future__ import annotations

import re

import markdown
from gongkai import tables
from gongkai.rules import sections
from hypothesis import given, settings
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


@settings(deadline=None, max_examples=60)  # markdown rendering is slow on a loaded machine
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


SANGONG = """| 项目 | 2023年预算数（万元） | 2022年预算数（万元） |
| --- | --- | --- |
| 合计 | 12.5 | 13.0 |
| 1.因公出国（境）费 | 0 | 0 |
| 2.公务接待费 | 3.5 | 4.0 |
| 3.公务用车购置及运行费 | 9.0 | 9.0 |
| 其中：公务用车购置费 | 0 | 0 |
| 公务用车运行费 | 9.0 | 9.0 |
"""


def finance_problems(body: str) -> list[tuple[str, int, str]]:
    from gongkai.rules import finance

    return [(p.code, p.line, p.message) for p in finance._figures("t.md", body, 1).problems]


def test_a_three_public_expenses_table_with_its_total_on_top_and_parts_under_a_numbered_row():
    """三公经费: 合计 above; “公务用车运行费” after “其中：” is a part of item 3, not a fourth item."""
    assert finance_problems(SANGONG) == []
    [(code, line, message)] = finance_problems(SANGONG.replace("| 2.公务接待费 | 3.5 |", "| 2.公务接待费 | 3.6 |"))
    assert (code, line) == ("GK601", 3) and "合计应为 12.60，实为 12.50（单位：万元）" in message


def test_under_an_unnumbered_row_the_row_after_its_part_is_the_next_item():
    names = ["厂房租赁收入", "其中：2号厂房", "商铺租赁收入", "小计"]
    assert tables.part_rows(names, [""] * 4, [False, False, False, True]) == [False, True, False, False]
    names = ["3.公务用车购置及运行费", "其中：公务用车购置费", "公务用车运行费", "合计"]
    assert tables.part_rows(names, [""] * 4, [False, False, False, True]) == [False, True, True, False]
