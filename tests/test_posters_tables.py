"""Real tables on A4 posters (WeasyPrint): the annual report of tests/data/real prints its part 三 table
on one page with whole row names, its 15-column part 四 within the sheet, and a canteen account never
leaves the sign-off and QR code alone on a last page. One `gongkai posters` run renders everything."""

from __future__ import annotations

import pathlib
import re
import shutil

import pdfplumber
import pytest
from conftest import Project
from gongkai import cli

pytest.importorskip("weasyprint")

REAL = pathlib.Path(__file__).parent / "data" / "real" / "bulletins"
REPORT = "daxing-zhen/2025/annual-report-2024.md"
UNITS = """\
units:
  - id: daxing-zhen
    name: 大兴区某镇人民政府
    kind: township
    code: 11110115MB0000121Y
    phone: 010-6000121
  - id: school
    name: 某中学
    kind: institution
    code: 12340700MB0000103C
    phone: 0562-2000103
"""
# Row counts that, with the stylesheet before #14, put the sign-off and QR code alone on a third page.
CANTEEN_ROWS = range(30, 35)


def canteen(rows: int) -> str:
    details = "".join(f"| {n}、食材明细第{n}项 | {1000 + n}.00 |\n" for n in range(1, rows + 1))
    total = sum(1000 + n for n in range(1, rows + 1))
    return (f"---\ntitle: 食堂收支公示（{rows}）\ncategory: finance\ntype: periodic\nperiod: 2025-{rows - 22:02d}\n"
            "published: 2026-01-05\nreviewed_by: 膳食委员会\nreviewed_on: 2026-01-04\n---\n\n"
            f"## 收入\n\n| 项目 | 金额（元） |\n| --- | --- |\n| （一）伙食收入 | {total}.00 |\n{details}"
            f"| 收入合计 | {total}.00 |\n\n## 支出\n\n本月支出见食材明细。\n\n"
            "## 结余\n\n本月结余全部用于改善伙食，膳食委员会同意公开。\n")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> pathlib.Path:
    project = Project(tmp_path_factory.mktemp("poster-tables"))
    project.write("mkdocs.yml", "site_url: https://gongkai.example.gov.cn/\nmarkdown_extensions:\n  - tables\n")
    project.write("bulletins/units.yml", UNITS)
    shutil.copy(REAL / REPORT, _target(project.root, REPORT))
    for rows in CANTEEN_ROWS:
        project.write(f"bulletins/school/2025/finance-{rows}.md", canteen(rows))
    out = project.root / "pdf"
    code = cli.main(["--root", str(project.root), "posters", "--size", "A4", "--out", str(out), "--jobs", "2"])
    assert code == 0
    return out


def _target(root: pathlib.Path, path: str) -> pathlib.Path:
    target = root / "bulletins" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def pages(pdf: pathlib.Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [re.sub(r"[ \t]+", "", page.extract_text() or "") for page in document.pages]


def test_the_annual_report_part_three_fits_one_page_with_whole_row_names(pdfs):
    text = pages(pdfs / "daxing-zhen/2025/annual-report-2024.pdf")
    assert len(text) <= 4  # 7 with the stylesheet before #14
    [page] = [p for p in text if "一、本年新收" in p]
    assert "四、结转下年度继续办理" in page and "（七）总计" in page
    lines = page.split("\n")
    for name in ("1.本机关不掌握相关政府信息", "4.无正当理由大量反复申请", "（三）不予公开"):
        assert any(name in line for line in lines), name  # never cut into four-character lines


def test_the_fifteen_column_part_four_stays_within_the_sheet(pdfs):
    with pdfplumber.open(pdfs / "daxing-zhen/2025/annual-report-2024.pdf") as document:
        for page in document.pages:
            if "结果维持" in (page.extract_text() or ""):
                assert max(char["x1"] for char in page.chars) <= page.width - 14 * 72 / 25.4 + 1
                return
    pytest.fail("part 四 not found")


@pytest.mark.parametrize("rows", CANTEEN_ROWS)
def test_the_sign_off_and_qr_code_never_stand_alone(pdfs, rows):
    text = pages(pdfs / f"school/2025/finance-{rows}.pdf")
    assert "公开单位" in text[-1]
    assert "同意公开" in text[-1], f"{len(text)} pages, the last holds only the sign-off and QR code"
