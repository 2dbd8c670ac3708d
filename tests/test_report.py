"""`gongkai report`: the 2021-template draft, its known counts, its blanks, and that it checks once filled."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import item_text
from gongkai import report
from gongkai.cli import main

DRAFT_PATH = "bulletins/minzheng/2027/annual-report-2026.md"


@pytest.fixture
def published(project, monkeypatch):
    """雁塔区民政局: two 规范性文件 and a procurement in 2026, one 规范性文件 in 2025 (not counted)."""
    monkeypatch.setenv("GONGKAI_AS_OF", "2027-01-20")
    project.item("minzheng/2026/doc-a.md", "normative-doc")
    project.write("bulletins/minzheng/2026/doc-b.md", item_text("normative-doc").replace(
        "published: 2026-05-13\nevent_date: 2026-05-12", "published: 2026-06-02\nevent_date: 2026-06-01"))
    project.item("minzheng/2026/buy.md", "procurement")
    project.write("bulletins/minzheng/2025/doc-old.md", item_text("normative-doc").replace(
        "published: 2026-05-13\nevent_date: 2026-05-12", "published: 2025-05-13\nevent_date: 2025-05-12"))
    return project


def run(project, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(project.root), "report", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_draft_has_the_six_parts_and_the_template_tables(published, capsys):
    code, out, _ = run(published, capsys, "--unit", "minzheng", "--year", "2026")
    assert code == 0
    headings = re.findall(r"^## (.+)$", out, re.M)
    assert headings == list(report.SECTIONS)
    assert "title: 雁塔区民政局2026年政府信息公开工作年度报告" in out
    assert "category: annual-report" in out and "period: 2026" in out
    # Part 二: the four 第二十条 blocks; part 三: 7 applicant columns, 25 rows; part 四: 15 columns.
    for block in ("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
                  "本年收费金额（单位：万元）"):
        assert block in out
    assert "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |" in out
    assert "（六）其他处理 | 1.申请人无正当理由逾期不补正" in out
    assert "| 四、结转下年度继续办理 |" in out
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert "| " + " | ".join(results * 2) + " |" in out


def test_counts_the_site_knows_are_filled_in(published, capsys):
    _, out, _ = run(published, capsys, "--unit", "minzheng", "--year", "2026")
    assert "在本站主动公开政府信息 3 条" in out
    assert "| 规范性文件 | 2 |" in out and "| 政府采购 | 1 |" in out and "| 合计 | 3 |" in out
    assert f"| 行政规范性文件 | 2 | {report.CELL} | {report.CELL} |" in out
    assert f"| 规章 | {report.CELL} | {report.CELL} | {report.CELL} |" in out
    # The deadline of a department's report: 31 days after the year.
    assert "最迟 2027-01-31" in out
    assert "电话：029-85550000" in out


def test_out_file_and_summary(published, capsys):
    target = published.root / "draft.md"
    code, out, err = run(published, capsys, "--unit", "minzheng", "--year", "2026", "--out", str(target))
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    assert f"还有 {text.count(report.BLANK)} 处" in err
    assert "bulletins/minzheng/2027/annual-report-2026.md" in err


@pytest.mark.parametrize(("unit", "message"), [("minzhen", "没有 id 为“minzhen”的单位，是不是想写“minzheng”"),
                                               ("yuhuazhai", "鱼化寨村不编制政府信息公开工作年度报告")])
def test_unknown_unit_or_a_village_is_refused(project, capsys, unit, message):
    code, out, err = run(project, capsys, "--unit", unit, "--year", "2026")
    assert code == 2 and out == ""
    assert message in err


def fill(text: str) -> str:
    """What a clerk does: a date, 0 in the table cells (a few real counts), words elsewhere."""
    text = re.sub(r'published: ".*"', "published: 2027-01-15", text)
    text = re.sub(r"^> 草稿说明.*\n\n", "", text, flags=re.M)
    text = text.replace("| 一、本年新收政府信息公开申请数量 |  |  | " + " | ".join([report.CELL] * 7),
                        "| 一、本年新收政府信息公开申请数量 |  |  | 3 | 1 | 0 | 0 | 0 | 0 | 4")
    text = text.replace("| 三、本年度办理结果 | （一）予以公开 |  | " + " | ".join([report.CELL] * 7),
                        "| 三、本年度办理结果 | （一）予以公开 |  | 2 | 1 | 0 | 0 | 0 | 0 | 3")
    text = text.replace("| 四、结转下年度继续办理 |  |  | " + " | ".join([report.CELL] * 7),
                        "| 四、结转下年度继续办理 |  |  | 1 | 0 | 0 | 0 | 0 | 0 | 1")
    text = text.replace("|  | （七）总计 |  | " + " | ".join([report.CELL] * 7),
                        "|  | （七）总计 |  | 2 | 1 | 0 | 0 | 0 | 0 | 3")
    text = text.replace(report.CELL, "0")
    return re.sub(r"【待填：[^】]*】", "（已按实际情况填写）", text)


def test_draft_passes_the_checks_once_its_blanks_are_filled(published, capsys):
    _, draft, _ = run(published, capsys, "--unit", "minzheng", "--year", "2026")

    def diagnostics(text: str) -> list[tuple[str, int]]:
        published.write(DRAFT_PATH, text)
        site = published.validate(as_of=dt.date(2027, 1, 20))
        return [(d.code, d.line) for d in site.diagnostics if d.file == DRAFT_PATH]

    # As drafted: the date is not a date yet.
    assert {code for code, _ in diagnostics(draft)} == {"GK106"}
    # With a date: every line that still holds a blank is an error.
    dated = draft.replace('published: "', 'published: 2027-01-15\n# "')
    blank_lines = [n for n, line in enumerate(dated.split("\n"), 1)
                   if report.BLANK in line and not line.startswith("# ")]
    assert diagnostics(dated) == [("GK613", n) for n in blank_lines]
    # Filled in: nothing at all to report, the part 三 table included.
    assert diagnostics(fill(draft)) == []
    # And the part 三 check does read it: one wrong number is caught.
    carried = "| 四、结转下年度继续办理 |  |  | "
    wrong = fill(draft).replace(carried + "1 |", carried + "2 |")
    assert "GK611" in {code for code, _ in diagnostics(wrong)}
