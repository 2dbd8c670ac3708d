"""Finance arithmetic in one item: 合计, 小计, the balance, and the cells of amount columns."""

from __future__ import annotations

import pytest
from conftest import item_text

FILE = "bulletins/yuhuazhai/2026/finance-2026-07.md"
FINANCE_CODES = {"GK601", "GK602", "GK603", "GK604", "GK605", "GK606"}


def body(income: str, expense: str, balance: str, income_header: str = "| 项目 | 金额（元） |") -> str:
    return (f"## 收入\n\n{income_header}\n|---|---:|\n{income}\n\n"
            f"## 支出\n\n| 项目 | 金额（元） |\n|---|---:|\n{expense}\n\n"
            f"## 结余\n\n{balance}\n\n## 监督意见\n\n经村务监督委员会审核，以上收支真实、完整。\n")


INCOME = "| 上级转移支付 | 100,000.00 |\n| 集体经营收入 | 24,659.12 |\n| 合计 | 124,659.12 |"
EXPENSE = "| 办公经费 | 3,000.00 |\n| 公益事业支出 | 20,000.50 |\n| 合计 | 23,000.50 |"
BALANCE = ("| 项目 | 金额（元） |\n|---|---:|\n| 上期结余 | 10,000.00 |\n| 本期收入 | 124,659.12 |\n"
           "| 本期支出 | 23,000.50 |\n| 本期结余 | 111,658.62 |")


def check(project, text: str, category: str = "finance", path: str = FILE):
    project.write(path, item_text(category, body=text))
    site = project.validate()
    lines = (project.root / path).read_text(encoding="utf-8").split("\n")
    found = [d for d in site.diagnostics if d.code in FINANCE_CODES]
    return found, lines


def line_of(lines: list[str], text: str) -> int:
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_a_correct_finance_item_passes(project):
    found, _ = check(project, body(INCOME, EXPENSE, BALANCE))
    assert found == []


def test_wrong_total_names_table_row_line_and_values(project):
    found, lines = check(project, body(INCOME.replace("| 合计 | 124,659.12 |", "| 合计 | 124,695.12 |"),
                                       EXPENSE, BALANCE))
    [d] = [d for d in found if d.code == "GK601"]
    line = line_of(lines, "| 合计 | 124,695.12 |")
    assert (d.file, d.line, d.severity) == (FILE, line, "error")
    assert "“收入”下的表格“合计”行" in d.message and f"第 {line} 行" in d.message
    assert "合计应为 124,659.12，实为 124,695.12" in d.message
    # The stated 本期收入 now differs from the (wrong) 收入 合计 too.
    assert [x.code for x in found if x.code != "GK601"] == ["GK603"]


def test_wrong_balance_names_the_line_and_the_four_figures(project):
    found, lines = check(project, body(INCOME, EXPENSE, BALANCE.replace("111,658.62", "111,568.62")))
    assert [(d.code, d.line) for d in found] == [("GK602", line_of(lines, "| 本期结余 |"))]
    message = found[0].message
    assert "本期结余应为 111,658.62，实为 111,568.62" in message
    for figure in ("上期结余 10,000.00", "本期收入 124,659.12", "本期支出 23,000.50"):
        assert figure in message


def test_balance_stated_in_text(project):
    text = "上期结余：10,000.00元，本期收入：124,659.12元，本期支出：23,000.50元，本期结余：111,000.00元。"
    found, lines = check(project, body(INCOME, EXPENSE, text))
    assert [(d.code, d.line) for d in found] == [("GK602", line_of(lines, "上期结余：10,000.00元"))]
    assert "本期结余应为 111,658.62，实为 111,000.00" in found[0].message


def test_income_taken_from_the_section_total_when_not_stated(project):
    text = "上月结余 10,000.00 元。\n\n本月结余为 111,658.62 元。"
    found, _ = check(project, body(INCOME, EXPENSE, text))
    assert found == []
    found, _ = check(project, body(INCOME, EXPENSE, text.replace("111,658.62", "111,658.00")))
    assert [d.code for d in found] == ["GK602"]


def test_stated_income_must_match_the_income_total(project):
    balance = BALANCE.replace("| 本期收入 | 124,659.12 |", "| 本期收入 | 124,000.00 |").replace(
        "111,658.62", "110,999.50")
    found, lines = check(project, body(INCOME, EXPENSE, balance))
    assert [(d.code, d.line) for d in found] == [("GK603", line_of(lines, "| 本期收入 | 124,000.00 |"))]
    assert "本期收入 124,000.00 与“收入”表格的合计 124,659.12" in found[0].message


def test_subtotal_blocks_are_summed_and_not_counted_twice(project):
    income = ("| 一、经营收入 | |\n| 租金 | 1,000.00 |\n| 承包费 | 500.00 |\n| 小计 | 1,500.00 |\n"
              "| 二、补助收入 | |\n| 转移支付 | 2,000.00 |\n| 小计 | 2,000.00 |\n| 合计 | 3,500.00 |")
    balance = "本期收入：3,500.00元"
    found, _ = check(project, body(income, EXPENSE, balance))
    assert found == []


def test_wrong_subtotal_and_a_total_that_counts_subtotals(project):
    income = ("| 租金 | 1,000.00 |\n| 承包费 | 500.00 |\n| 小计 | 1,400.00 |\n"
              "| 转移支付 | 2,000.00 |\n| 小计 | 2,000.00 |\n| 合计 | 6,900.00 |")
    found, lines = check(project, body(income, EXPENSE, "无"))
    assert [(d.code, d.line) for d in found] == [("GK601", line_of(lines, "| 小计 | 1,400.00 |")),
                                                 ("GK601", line_of(lines, "| 合计 | 6,900.00 |"))]
    assert "小计应为 1,500.00，实为 1,400.00" in found[0].message
    assert "合计应为 3,500.00，实为 6,900.00" in found[1].message


def test_full_width_digits_and_thousands_separators(project):
    income = ("| 上级转移支付 | １００，０００．００ |\n| 集体经营收入 | 24,659.12元 |\n"
              "| 合计 | １２４，６５９．１２ |")
    found, _ = check(project, body(income, EXPENSE, BALANCE))
    assert found == []
    wrong = income.replace("１２４，６５９．１２", "１２４，６９５．１２")
    found, lines = check(project, body(wrong, EXPENSE, "无"))
    assert [(d.code, d.line) for d in found] == [("GK601", line_of(lines, "１２４，６９５．１２"))]
    assert "合计应为 124,659.12，实为 124,695.12" in found[0].message


def test_wan_yuan_header(project):
    income = "| 上级转移支付 | 10.5 |\n| 集体经营收入 | 2.4659 |\n| 合计 | 12.9659 |"
    header = "| 项目 | 金额（万元） |"
    found, _ = check(project, body(income, EXPENSE, "无", income_header=header))
    assert found == []
    wrong = income.replace("12.9659", "12.9695")
    found, lines = check(project, body(wrong, EXPENSE, "无", income_header=header))
    assert [(d.code, d.line) for d in found] == [("GK601", line_of(lines, "12.9695"))]
    assert "合计应为 12.9659，实为 12.9695（单位：万元）" in found[0].message


def test_wan_yuan_table_and_yuan_text_balance_compare_in_yuan(project):
    income = "| 上级转移支付 | 10 |\n| 合计 | 10 |"
    text = "上期结余：500.00元；本期支出：23,000.50元；本期结余：77,499.50元"
    found, _ = check(project, body(income, EXPENSE, text, income_header="| 项目 | 金额（万元） |"))
    assert found == []


def test_negative_amounts_parts_and_deductions(project):
    income = ("| 经营收入 | 1,000.00 |\n| 其中：租金 | 800.00 |\n| 退回多收款 | (200.00) |\n"
              "| 调整 | -100.00 |\n| 减：手续费 | 50.00 |\n| 合计 | 650.00 |")
    found, _ = check(project, body(income, EXPENSE, "无"))
    assert found == []


def test_text_in_an_amount_column_names_the_cell(project):
    # The 合计 cannot be checked while a row is unreadable: only the cell is reported.
    income = "| 上级转移支付 | 五千元 |\n| 集体经营收入 | 24,659.12 |\n| 合计 | 29,659.12 |"
    found, lines = check(project, body(income, EXPENSE, "无"))
    line = line_of(lines, "五千元")
    assert [(d.code, d.line, d.severity) for d in found] == [("GK604", line, "error")]
    assert f"“上级转移支付”行（第 {line} 行）“金额（元）”一栏写的是“五千元”，不是数字" in found[0].message


def test_dash_and_empty_cells_are_no_amount(project):
    income = "| 上级转移支付 | — |\n| 集体经营收入 |  |\n| 其他 | 10.00 |\n| 合计 | 10.00 |"
    found, _ = check(project, body(income, EXPENSE, "无"))
    assert found == []


def test_the_same_figure_stated_twice_differently(project):
    text = BALANCE + "\n\n本期结余：111,658.00元"
    found, lines = check(project, body(INCOME, EXPENSE, text))
    assert [(d.code, d.line) for d in found] == [("GK606", line_of(lines, "本期结余：111,658.00元"))]


def test_ledger_balance_column_is_not_summed(project):
    ledger = ("| 日期 | 摘要 | 收入（元） | 支出（元） | 余额（元） |\n|---|---|---:|---:|---:|\n"
              "| 7月1日 | 上月结余 | | | 1,000.00 |\n| 7月3日 | 租金 | 500.00 | | 1,500.00 |\n"
              "| 7月9日 | 办公用品 | | 200.00 | 1,300.00 |\n| | 合计 | 500.00 | 200.00 | 1,300.00 |")
    text = body(INCOME, EXPENSE, "见下表。") + "\n## 明细账\n\n" + ledger + "\n"
    found, _ = check(project, text)
    assert found == []


@pytest.mark.parametrize(("category", "unit", "checked"), [("assets", "yuhuazhai", True),
                                                             ("budget", "yuhua", True),
                                                             ("relief", "yuhuazhai", False)])
def test_only_categories_marked_finance_tables_are_checked(project, category, unit, checked):
    from gongkai.registry import load_catalogue

    catalogue, _ = load_catalogue(project.root)
    wrong = "| 项目 | 金额（元） |\n|---|---:|\n| 甲 | 1.00 |\n| 合计 | 3.00 |\n"
    sections = catalogue[category].sections
    text = "".join(f"## {s}\n\n{wrong if n == 0 else '内容。'}\n\n" for n, s in enumerate(sections))
    path = f"bulletins/{unit}/2026/{category}.md"
    found, _ = check(project, text, category=category, path=path)
    assert [d.code for d in found] == (["GK601"] if checked else [])
