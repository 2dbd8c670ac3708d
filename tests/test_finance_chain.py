"""Across periods: this period's 上期结余 is the previous period's 本期结余 (same unit and category)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import item_text

BENCH = Path("/work/shared/bench/make_corpus.py")


def month(opening: str, income: str, expense: str, closing: str) -> str:
    table = "| 项目 | 金额（元） |\n|---|---:|\n"
    return (f"## 收入\n\n{table}| 收入 | {income} |\n| 合计 | {income} |\n\n"
            f"## 支出\n\n{table}| 支出 | {expense} |\n| 合计 | {expense} |\n\n"
            f"## 结余\n\n{table}| 上期结余 | {opening} |\n| 本期收入 | {income} |\n| 本期支出 | {expense} |\n"
            f"| 本期结余 | {closing} |\n\n## 监督意见\n\n无异议。\n")


def write_month(project, period: str, text: str, published: str, extra: str = "") -> str:
    path = f"bulletins/yuhuazhai/2026/finance-{period}.md"
    project.write(path, item_text("finance", period=period, published=published, body=text, extra=extra))
    return path


def chain(site):
    return [(d.code, d.file, d.line, d.severity) for d in site.diagnostics if d.code == "GK605"]


def test_balances_that_chain_month_to_month_pass(project):
    write_month(project, "2026-06", month("1,000.00", "500.00", "200.00", "1,300.00"), "2026-07-05")
    write_month(project, "2026-07", month("1,300.00", "100.00", "50.00", "1,350.00"), "2026-08-05")
    write_month(project, "2026-08", month("1,350.00", "0.00", "50.00", "1,300.00"), "2026-09-05")
    assert chain(project.validate()) == []


def test_a_broken_chain_is_a_warning_on_the_opening_line(project):
    write_month(project, "2026-06", month("1,000.00", "500.00", "200.00", "1,300.00"), "2026-07-05")
    path = write_month(project, "2026-07", month("1,030.00", "100.00", "50.00", "1,080.00"), "2026-08-05")
    site = project.validate()
    lines = (project.root / path).read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, 1) if "| 上期结余 |" in text)
    assert chain(site) == [("GK605", path, line, "warning")]
    message = next(d.message for d in site.diagnostics if d.code == "GK605")
    assert "上期结余 1,030.00 与上一期（2026年6月" in message and "本期结余 1,300.00" in message


def test_only_the_immediately_previous_period_and_the_same_unit_count(project):
    # A missing month: nothing to compare with. Another village's balance: not this chain.
    write_month(project, "2026-05", month("1,000.00", "500.00", "200.00", "1,300.00"), "2026-06-05")
    write_month(project, "2026-07", month("9,999.00", "1.00", "1.00", "9,999.00"), "2026-08-05")
    project.write("bulletins/nanjiang/2026/finance-2026-Q2.md",
                  item_text("finance", period="2026-Q2", published="2026-07-10",
                            body=month("5.00", "1.00", "1.00", "5.00")))
    project.write("bulletins/nanjiang/2026/finance-2026-Q3.md",
                  item_text("finance", period="2026-Q3", published="2026-10-10",
                            body=month("5.00", "1.00", "1.00", "5.00")))
    assert chain(project.validate()) == []


def test_a_correction_replaces_the_period_it_corrects(project):
    write_month(project, "2026-06", month("1,000.00", "500.00", "200.00", "1,300.00"), "2026-07-05",
                extra="index_no: 54610113MF0000001Y/2026-00006")
    project.write("bulletins/yuhuazhai/2026/finance-2026-06-fix.md",
                  item_text("finance", period="2026-06", published="2026-07-20",
                            body=month("1,000.00", "600.00", "200.00", "1,400.00"),
                            extra="supersedes: 54610113MF0000001Y/2026-00006"))
    write_month(project, "2026-07", month("1,400.00", "100.00", "50.00", "1,450.00"), "2026-08-05")
    assert chain(project.validate()) == []


@pytest.mark.skipif(not BENCH.exists(), reason="bench corpus generator not available")
def test_generated_corpus_has_no_finance_diagnostics(tmp_path):
    """The bench corpus writes correct tables whose balances chain: no error and no warning of ours."""
    from gongkai.rules.finance import figures_of
    from gongkai.validate import validate_site

    subprocess.run([sys.executable, str(BENCH), "150", str(tmp_path / "bulletins")], check=True,
                   capture_output=True)
    site = validate_site(tmp_path, as_of=dt.date(2026, 11, 15))
    finance = [b for b in site.bulletins if b.category == "finance"]
    assert len(finance) > 30
    # Every month states its four figures, so the balance and the chain were really checked.
    assert all(figures_of(b).first(k) for b in finance for k in ("opening", "income", "expense", "closing"))
    ours = [d for d in site.diagnostics if d.code.startswith("GK6")]
    assert ours == []
