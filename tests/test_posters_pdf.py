"""PDF posters through `gongkai posters` (WeasyPrint): sheet sizes, real Chinese text, a QR code that
scans to the item's URL, and a long table that breaks between rows with its header repeated.
WeasyPrint is slow: two commands render everything the tests look at."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pdfplumber
import pytest
import zxingcpp
from conftest import Project, item_text
from gongkai import cli
from PIL import Image
from pypdf import PdfReader

pytest.importorskip("weasyprint")
pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")

A4 = (595, 842)
A3 = (842, 1191)
ROWS = 60
URL = "https://gongkai.example.gov.cn/yuhuazhai/2026/finance-2026-09/"


HEADER = "序号 项目 金额（元）"


def _amount(n: int) -> Decimal:
    return Decimal(1000 + 37 * n) + Decimal("0.50")


def _finance_body() -> str:
    """A 60-row income table of two-line rows: a row split between two sheets would put its first
    line (N 收入明细第N项 amount) and its second (凭证N号) on different pages."""
    rows = "".join(f"| {n} | 收入明细第{n}项<br>凭证{n}号 | {_amount(n):,.2f} |\n"
                   for n in range(1, ROWS + 1))
    total = sum(_amount(n) for n in range(1, ROWS + 1))
    return (f"## 收入\n\n| 序号 | 项目 | 金额（元） |\n|---|---|---:|\n{rows}| 合计 | | {total:,.2f} |\n\n"
            "## 支出\n\n| 项目 | 金额（元） |\n|---|---:|\n| 办公费 | 300.00 |\n| 合计 | 300.00 |\n\n"
            "## 结余\n\n本期结余见上表。\n\n## 监督意见\n\n经村务监督委员会审核，同意公开。\n")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """A finance poster (A4, 60-row table), a profile poster (A3 by its category) and the board."""
    project = Project(tmp_path_factory.mktemp("posters"))
    project.write("mkdocs.yml", "site_url: https://gongkai.example.gov.cn/\n")
    project.write("bulletins/catalogue.yml", """\
categories:
  - id: profile
    name: 村情概况 / 机构概况
    group: 村务
    applies_to: [village, township]
    type: standing
    sections: [基本情况, 组织机构, 联系方式]
    poster_size: A3
""")
    project.write("bulletins/yuhuazhai/2026/finance-2026-09.md", item_text(
        "finance", period="2026-09", published="2026-10-05", body=_finance_body(),
        extra="title: 鱼化寨村2026年9月财务收支公开", drop=("title",)))
    project.item("yuhuazhai/2026/profile.md", "profile", extra="title: 鱼化寨村村情概况", drop=("title",))
    out = project.root / "pdf"
    mp = pytest.MonkeyPatch()
    mp.setenv("GONGKAI_AS_OF", "2026-11-15")
    try:
        root = str(project.root)
        assert cli.main(["--root", root, "posters", "--unit", "yuhuazhai", "--out", str(out)]) == 0
        assert cli.main(["--root", root, "posters", "--board", "--unit", "yuhuazhai",
                         "--orientation", "portrait", "--out", str(out)]) == 0
    finally:
        mp.undo()
    return out


def _sizes(path) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(path).pages}


def test_sheet_sizes_are_exactly_a4_and_a3(pdfs):
    assert _sizes(pdfs / "yuhuazhai/2026/finance-2026-09.pdf") == {A4}  # the site's default
    assert _sizes(pdfs / "yuhuazhai/2026/profile.pdf") == {A3}  # the category's poster_size
    assert _sizes(pdfs / "yuhuazhai-board.pdf") == {A3}  # the board, portrait


def _pages_text(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() for page in pdf.pages]


def test_title_and_table_cells_are_chinese_text(pdfs):
    lines = _pages_text(pdfs / "yuhuazhai/2026/finance-2026-09.pdf")[0].splitlines()
    assert "鱼化寨村2026年9月财务收支公开" in lines and "鱼化寨村村务公开栏 财务公开" in lines
    assert HEADER in lines and "1 收入明细第1项 1,037.50" in lines  # a table row, cell by cell
    board = PdfReader(pdfs / "yuhuazhai-board.pdf").pages[0].extract_text().replace(" ", "")  # letter-spaced
    assert "鱼化寨村村务公开栏" in board and "党务公开村务公开财务公开" in board
    assert "鱼化寨村村情概况" in board


def test_long_table_breaks_between_rows_and_repeats_its_header(pdfs):
    pages = [text.splitlines() for text in _pages_text(pdfs / "yuhuazhai/2026/finance-2026-09.pdf")]

    def sheets(line: str) -> list[int]:
        return [number for number, lines in enumerate(pages) if line in lines]

    first = {n: sheets(f"{n} 收入明细第{n}项 {_amount(n):,.2f}") for n in range(1, ROWS + 1)}
    second = {n: sheets(f"凭证{n}号") for n in range(1, ROWS + 1)}
    # Every row is printed once, whole: both of its lines on the same sheet.
    assert all(len(first[n]) == 1 and first[n] == second[n] for n in first), (first, second)
    used = sorted({first[n][0] for n in first})
    assert len(used) >= 2  # the table spans sheets …
    for sheet in used:  # … and each sheet's part starts with the header row
        lines = pages[sheet]
        top = min(n for n in first if first[n] == [sheet])
        assert HEADER in lines
        assert lines.index(HEADER) < lines.index(f"{top} 收入明细第{top}项 {_amount(top):,.2f}")


def test_qr_code_scans_to_the_items_url(pdfs, tmp_path):
    pdf = pdfs / "yuhuazhai/2026/finance-2026-09.pdf"
    last = len(PdfReader(pdf).pages)
    subprocess.run(["pdftoppm", "-r", "150", "-f", str(last), "-l", str(last), "-png", str(pdf),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png")))
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [URL]


def test_missing_chinese_font_is_reported(monkeypatch):
    from gongkai.posters import pdf

    monkeypatch.setattr(pdf, "CJK_FAMILIES", ("No Such Font SC",))
    weasyprint = pdf.load_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    with pytest.raises(pdf.MissingDependency, match="没有找到海报使用的中文字体.*fonts-noto-cjk"):
        pdf.check_fonts(weasyprint, FontConfiguration())
