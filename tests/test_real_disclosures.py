"""Real disclosures (tests/data/real, sources in its README): the checker's exact findings on them,
and the real problems it must catch when one of them is changed the way clerks get them wrong."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import shutil

import pytest
from gongkai.model import UnitKind
from gongkai.site import Site
from gongkai.validate import validate_site

REAL = pathlib.Path(__file__).parent / "data" / "real"
AS_OF = dt.date(2026, 6, 30)
UNIT_LEVEL = {"GK402", "GK403"}  # missing / stale: about the unit's other categories, not these items

EXPECTED = [
    ("GK201", "error", "bulletins/hutang/2019/annual-report-2018.md", 8),
    ("GK614", "error", "bulletins/qinglong/2020/annual-report-2019.md", 36),
    ("GK109", "warning", "bulletins/tongguan-zzb/2014/party-2013.md", 5),
    ("GK401", "warning", "bulletins/tongguan-zzb/2014/party-2013.md", 6),
    ("GK614", "error", "bulletins/wuqia/2024/annual-report-2023.md", 44),
]


def found(site: Site) -> list[tuple[str, str, str, int]]:
    return sorted((d.code, d.severity, d.file, d.line) for d in site.diagnostics if d.code not in UNIT_LEVEL)


@pytest.fixture(scope="module")
def real_site() -> Site:
    return validate_site(REAL, as_of=AS_OF)


@pytest.fixture
def copy(tmp_path: pathlib.Path) -> pathlib.Path:
    shutil.copytree(REAL, tmp_path / "real")
    return tmp_path / "real"


def edit(root: pathlib.Path, path: str, old: str, new: str) -> str:
    file = root / "bulletins" / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return f"bulletins/{path}"


def line_of(root: pathlib.Path, path: str, text: str) -> int:
    lines = (root / path).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_the_real_set_gives_exactly_the_expected_findings(real_site):
    assert found(real_site) == sorted(EXPECTED)


def test_the_remaining_errors_say_what_is_really_wrong(real_site):
    by_file = {d.file.split("/")[1]: d.message for d in real_site.diagnostics if d.severity == "error"}
    assert "缺少栏目“## 六、其他需要报告的事项”" in by_file["hutang"]
    assert "全部空白" in by_file["qinglong"]
    assert "空白" in by_file["wuqia"] and "实为 0" not in by_file["wuqia"]
    assert "等 19 行" in by_file["wuqia"]


def test_the_set_covers_every_kind_of_unit_and_twenty_documents(real_site):
    kinds = {u.kind for u in real_site.context.units.values()}
    assert kinds == set(UnitKind.__args__)  # type: ignore[attr-defined]
    assert len(real_site.bulletins) >= 20
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    for item in real_site.bulletins:
        assert item.src_uri in readme, f"{item.src_uri} has no source in the README"
    assert len(set(re.findall(r"\| (?:https?://\S+)", readme))) >= 20


def test_a_coarser_period_still_counts_its_lateness(real_site):
    late = [d for d in real_site.diagnostics if d.code == "GK401"]
    assert [d.file.split("/")[1] for d in late] == ["tongguan-zzb"]
    assert "应于 2014-01-20 前公开" in late[0].message and "逾期 297 天" in late[0].message


def test_annual_reports_are_due_on_calendar_dates(real_site):
    """条例 art. 49: the government's report by 3月31日 — in a leap year too (2023 + 90 days = 2024-03-30)."""
    records = {(r.unit, str(r.period)): r for r in real_site.compliance.records
               if r.category == "annual-report" and r.item}
    assert records[("wuqia", "2023")].due == dt.date(2024, 3, 31)
    assert records[("wuqia", "2023")].status == "on_time"
    assert records[("shanghai", "2022")].due == dt.date(2023, 3, 31)
    assert records[("daxing-zhen", "2024")].due == dt.date(2025, 1, 31)  # a township: 1月31日 by default


# ---- real problems caught when a real table is changed


def test_a_changed_cell_in_a_serial_numbered_table_is_caught(copy):
    """The 本年累计 column of a table with 序号: its 合计 row is found by the 项目 column, never the 序号 one."""
    path = edit(copy, "dongshu/2014/finance-2014-q2.md", "| 97.00 |", "| 99.00 |")
    site = validate_site(copy, as_of=AS_OF)
    [problem] = [d for d in site.diagnostics if d.file == path]
    assert (problem.code, problem.line) == ("GK601", line_of(copy, path, "| 合计 | 6,605.00"))
    assert "合计应为 10,406.00，实为 10,404.00" in problem.message


def test_a_total_above_its_details_is_checked(copy):
    path = edit(copy, "dongshu/2014/finance-2014-q2.md",
                "| --- | --- | --- |\n| 1 | 上级补助收入 | 150,000.00 |",
                "| --- | --- | --- |\n| | 合计 | 163,360.00 |\n| 1 | 上级补助收入 | 150,000.00 |")
    edit(copy, "dongshu/2014/finance-2014-q2.md", "| | 合计 | 163,360.00 |\n\n", "\n")
    assert [d for d in validate_site(copy, as_of=AS_OF).diagnostics if d.file == path] == []
    edit(copy, "dongshu/2014/finance-2014-q2.md", "| 2 | 发包及上交收入 | 12,000.00 |",
         "| 2 | 发包及上交收入 | 12,100.00 |")
    [problem] = [d for d in validate_site(copy, as_of=AS_OF).diagnostics if d.file == path]
    assert (problem.code, problem.line) == ("GK601", line_of(copy, path, "| | 合计 | 163,360.00"))
    assert "合计应为 163,460.00，实为 163,360.00" in problem.message


def test_a_canteen_child_row_that_does_not_add_up_is_named_on_its_parent(copy):
    path = edit(copy, "jiangbei-school/2025/finance-2025-10.md", "| 2、教职工伙食收入 | 321,261.00 |",
                "| 2、教职工伙食收入 | 321,216.00 |")
    [problem] = [d for d in validate_site(copy, as_of=AS_OF).diagnostics if d.file == path]
    assert (problem.code, problem.line) == ("GK601", line_of(copy, path, "（一）伙食收入"))
    assert "应为下面各项" in problem.message and "2,408,796.00，实为 2,408,841.00" in problem.message


def test_a_parent_that_does_not_match_the_total_is_caught_once(copy):
    """（一） changed together with its children: the 合计 (sum of the parents) catches it, once."""
    path = edit(copy, "jiangbei-school/2025/finance-2025-10.md",
                "| （二）其他收入 | 1,157.97 |\n| 1、利息收入 | 1,157.97 |",
                "| （二）其他收入 | 1,175.97 |\n| 1、利息收入 | 1,175.97 |")
    problems = [d for d in validate_site(copy, as_of=AS_OF).diagnostics if d.file == path]
    assert [(d.code, d.line) for d in problems] == [("GK601", line_of(copy, path, "收入合计"))]
    assert "合计应为 2,410,016.97，实为 2,409,998.97" in problems[0].message


def test_a_filled_in_annual_report_that_does_not_add_up_still_fails(copy):
    path = edit(copy, "daxing-zhen/2025/annual-report-2024.md",
                "| （一）予以公开 |  | 9 |", "| （一）予以公开 |  | 8 |")
    codes = [d.code for d in validate_site(copy, as_of=AS_OF).diagnostics if d.file == path]
    assert codes and set(codes) == {"GK611"}


def test_a_monthly_relief_list_of_a_district_bureau_and_a_street_normative_document(copy):
    """Publishers the search found no page of (README): a 民政局's monthly 低保 list, a 街道's 文件."""
    units = copy / "bulletins" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8") + (
        "  - id: minzheng\n    name: 某区民政局\n    kind: department\n    code: 11000000MB0000199Z\n"
        "  - id: jiedao\n    name: 某街道办事处\n    kind: township\n    code: 11000000MB0000198Y\n"),
        encoding="utf-8")
    relief = copy / "bulletins/minzheng/2026/relief-2026-05.md"
    relief.parent.mkdir(parents=True)
    relief.write_text("---\ntitle: 2026年5月城乡低保对象名单\ncategory: relief\ntype: periodic\nperiod: 2026-05\n"
                      "published: 2026-06-10\nreviewed_by: 区民政局\nreviewed_on: 2026-06-08\n---\n\n"
                      "## 发放对象\n\n共 312 户。\n\n## 发放标准\n\n每人每月 760 元。\n\n## 政策依据\n\n"
                      "社会救助暂行办法。\n\n## 监督电话\n\n见本单位公开电话。\n", encoding="utf-8")
    doc = copy / "bulletins/jiedao/2026/normative-doc-1.md"
    doc.parent.mkdir(parents=True)
    doc.write_text("---\ntitle: 关于加强物业管理的实施意见\ncategory: normative-doc\ntype: immediate\n"
                   "published: 2026-05-20\nevent_date: 2026-05-08\n---\n\n## 正文\n\n一、总体要求。\n",
                   encoding="utf-8")
    site = validate_site(copy, as_of=AS_OF)
    assert [d for d in site.diagnostics if "minzheng" in d.file or "jiedao" in d.file] == []


def test_the_board_shows_what_party_organs_and_institutions_published(real_site):
    from gongkai import compliance_page

    report = real_site.compliance
    board = compliance_page.matrix(real_site.context, report, list(real_site.context.units.values()), "compliance/")
    tables = dict(re.findall(r"<caption>(.*?)</caption>(.*?)</table>", board, re.S))
    assert "党务公开" in tables["党组织"] and "村干部报酬" in tables["党组织"]
    assert "财务收支" in tables["公共企事业单位"] and "党务公开" not in tables["公共企事业单位"]
    assert "逾期 297 天" in tables["党组织"]


def test_every_kind_of_unit_has_a_board_heading():
    from gongkai.model import Unit
    from gongkai.posters.model import board_heading

    for kind in UnitKind.__args__:  # type: ignore[attr-defined]
        assert board_heading(Unit(id="x", name="某单位", kind=kind, code="000000000")).endswith("公开栏")
