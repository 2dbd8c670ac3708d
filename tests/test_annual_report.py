"""The part 三 table of an annual report adds up (2021 template), and no 【待填】 blank is published."""

from __future__ import annotations

import pytest
from conftest import item_text
from gongkai import report

FILE = "bulletins/minzheng/2026/annual-report-2025.md"
OURS = {"GK611", "GK612", "GK613"}


def part_three(values: dict[str, list[str]]) -> str:
    """The draft's part 三 table with numbers: values by a word of the row label, six applicant columns;
    the 总计 column is their sum unless a seventh value is given; unnamed rows are all 0."""
    lines = []
    for line in report.part_three().split("\n"):
        if report.CELL in line:
            label = next((k for k in values if k in line), None)
            cells = values.get(label, ["0"] * 6) if label else ["0"] * 6
            if len(cells) == 6:
                cells = [*cells, str(sum(int(c) for c in cells if c.isdigit()))]
            head = line.split(report.CELL)[0]
            line = head + " | ".join(cells) + " |"
        lines.append(line)
    return "\n".join(lines)


GOOD = {"本年新收": ["5", "1", "0", "0", "0", "0"], "上年结转": ["1", "0", "0", "0", "0", "0"],
        "予以公开": ["3", "1", "0", "0", "0", "0"], "本机关不掌握": ["1", "0", "0", "0", "0", "0"],
        "（七）总计": ["4", "1", "0", "0", "0", "0"], "结转下年度": ["2", "0", "0", "0", "0", "0"]}


def check(project, table: str):
    from gongkai.registry import load_catalogue

    sections = load_catalogue(project.root)[0]["annual-report"].sections
    body = "".join(f"## {s}\n\n{table if s.startswith('三') else '内容。'}\n\n" for s in sections)
    project.write(FILE, item_text("annual-report", body=body))
    site = project.validate()
    lines = (project.root / FILE).read_text(encoding="utf-8").split("\n")
    return [d for d in site.diagnostics if d.code in OURS], lines


def line_of(lines: list[str], text: str) -> int:
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_a_table_that_adds_up_passes(project):
    found, _ = check(project, part_three(GOOD))
    assert found == []


def test_new_plus_carried_must_equal_results_plus_carried_out(project):
    values = dict(GOOD, 结转下年度=["3", "0", "0", "0", "0", "0"])
    found, lines = check(project, part_three(values))
    line = line_of(lines, "（七）总计")
    assert [(d.code, d.line) for d in found] == [("GK611", line), ("GK611", line)]
    assert "“自然人”列：本年新收 5 + 上年结转 1 = 6，应等于本年度办理结果总计 4 + 结转下年度继续办理 3 = 7" \
        in found[0].message
    assert "“总计”列" in found[1].message


def test_results_total_is_the_sum_of_the_results(project):
    values = dict(GOOD, 予以公开=["2", "1", "0", "0", "0", "0"])
    found, lines = check(project, part_three(values))
    line = line_of(lines, "（七）总计")
    messages = [d.message for d in found if d.line == line]
    assert "“自然人”列：（七）总计应为 3（（一）至（六）各项之和），实为 4" in "".join(messages)


def test_the_sum_column_adds_the_applicants(project):
    values = dict(GOOD, 本年新收=["5", "1", "0", "0", "0", "0", "7"])
    found, lines = check(project, part_three(values))
    line = line_of(lines, "一、本年新收")
    assert ("GK611", line) in [(d.code, d.line) for d in found]
    [message] = [d.message for d in found if d.line == line]
    assert "“一、本年新收政府信息公开申请数量”行" in message
    assert "总计应为 6（各类申请人之和），实为 7" in message


def test_text_in_a_count_cell_names_row_column_and_line(project):
    values = dict(GOOD, 上年结转=["一件", "0", "0", "0", "0", "0", "1"])
    found, lines = check(project, part_three(values))
    line = line_of(lines, "二、上年结转")
    assert [(d.code, d.line) for d in found] == [("GK612", line)]
    assert "“二、上年结转政府信息公开申请数量”行" in found[0].message
    assert "“自然人”列写的是“一件”" in found[0].message


@pytest.mark.parametrize("mark", ["/", "—", ""])
def test_slash_dash_or_empty_counts_as_zero(project, mark):
    found, _ = check(project, part_three(dict(GOOD, 部分公开=[mark] * 7)))
    assert found == []


def test_blanks_are_errors_once_per_line(project):
    found, lines = check(project, report.part_three())
    blank_lines = [n for n, line in enumerate(lines, 1) if report.CELL in line]
    assert len(blank_lines) == len(report.part_three_rows()) == 25  # the template's 25 rows below the header
    assert sorted(d.line for d in found) == blank_lines
    assert {d.code for d in found} == {"GK613"}


def test_other_categories_tables_are_not_read_as_part_three(project):
    text = part_three(dict(GOOD, 结转下年度=["3", "0", "0", "0", "0", "0"]))
    sections = ("主要职能", "机构设置", "办公地址", "办公时间", "联系方式", "负责人")
    body = "".join(f"## {s}\n\n{text}\n\n" for s in sections)
    project.write("bulletins/minzheng/2026/functions.md", item_text("functions", body=body))
    assert [d for d in project.validate().diagnostics if d.code in OURS] == []
