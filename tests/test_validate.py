"""Every core validation rule: a bad file in, the code, file and line out."""

from __future__ import annotations

import pytest
from conftest import COMPLIANCE_PREFIX, codes, item_text

FILE = "bulletins/yuhuazhai/2026/finance-2026-07.md"


def errors_and_warnings(project):
    """Every diagnostic but the compliance board's (see conftest.codes)."""
    return [d for d in project.validate().diagnostics if not d.code.startswith(COMPLIANCE_PREFIX)]


def write(project, text: str | bytes, path: str = FILE) -> None:
    project.write(path, text)


def test_valid_items_of_every_category_pass(project):
    from gongkai.registry import load_catalogue

    catalogue, _ = load_catalogue(project.root)
    project.decision()
    for category in catalogue.values():
        if category.id == "decision":
            continue
        unit = ("yuhuazhai" if "village" in category.applies_to else
                "yuhua" if "township" in category.applies_to else "minzheng")
        project.item(f"{unit}/2026/{category.id}.md", category.id)
    site = project.validate()
    assert codes(site) == []
    assert len(site.bulletins) == len(catalogue)


def test_crlf_and_bom_are_accepted(project):
    text = item_text("finance").replace("\n", "\r\n").encode("utf-8")
    write(project, b"\xef\xbb\xbf" + text)
    site = project.validate()
    assert codes(site) == []
    assert site.bulletins[0].key_lines["category"] == 3


def test_gbk_file_is_reported_with_its_encoding(project):
    write(project, item_text("finance").encode("gbk"))
    [problem] = errors_and_warnings(project)
    assert (problem.code, problem.file, problem.line) == ("GK001", FILE, 2)
    assert "GBK" in problem.message and "UTF-8" in problem.message


@pytest.mark.parametrize("text, code, line", [
    ("", "GK002", 1),
    ("   \n\n", "GK002", 1),
    ("# 标题\n\n正文\n", "GK003", 1),
    ("---\ntitle: x\n\n正文没有结束标记\n", "GK003", 1),
    ("---\n- a\n- b\n---\n正文\n", "GK005", 2),
    ("---\n---\n正文\n", "GK005", 1),
])
def test_file_structure_problems(project, text, code, line):
    write(project, text)
    assert codes(project.validate()) == [(code, FILE, line)]


def test_full_width_colon_names_its_line(project):
    write(project, item_text("finance").replace("category: finance", "category：finance"))
    [problem] = errors_and_warnings(project)
    assert (problem.code, problem.line) == ("GK004", 3)
    assert "全角冒号" in problem.message


def test_tab_indentation_names_its_line(project):
    write(project, item_text("finance", extra="tags:\n\t- 财务"))
    [problem] = errors_and_warnings(project)
    assert problem.code == "GK004" and "Tab" in problem.message
    assert problem.line == 10


def test_yaml_syntax_error_names_its_line(project):
    write(project, item_text("finance").replace("title: 测试事项 finance", "title: [未闭合"))
    [problem] = errors_and_warnings(project)
    assert problem.code == "GK004" and problem.line in (2, 3)


def test_missing_required_field(project):
    write(project, item_text("finance", drop=("published",)))
    assert codes(project.validate()) == [("GK101", FILE, 1)]


def test_unknown_field_suggests_the_right_one(project):
    write(project, item_text("finance", extra="publised: 2026-08-05"))
    [problem] = errors_and_warnings(project)
    assert (problem.code, problem.line) == ("GK102", 9)
    assert "published" in problem.message


def test_unit_folder_not_registered(project):
    write(project, item_text("finance"), "bulletins/nosuchvillage/2026/x.md")
    assert codes(project.validate()) == [("GK006", "bulletins/nosuchvillage/2026/x.md", 1)]


def test_unknown_category_suggests(project):
    write(project, item_text("finance").replace("category: finance", "category: finanse"))
    [problem] = errors_and_warnings(project)
    assert (problem.code, problem.line) == ("GK103", 3)
    assert "finance" in problem.message


def test_type_not_allowed_for_category(project):
    write(project, item_text("finance").replace("type: periodic", "type: immediate"))
    found = codes(project.validate())
    assert ("GK104", FILE, 4) in found


def test_category_not_applicable_to_unit_kind(project):
    write(project, item_text("finance"), "bulletins/minzheng/2026/finance.md")
    assert codes(project.validate()) == [("GK105", "bulletins/minzheng/2026/finance.md", 3)]


@pytest.mark.parametrize("value", ["2026/08/05", "2026年8月5日", "2026-13-01", "'2026-02-30'"])
def test_invalid_dates(project, value):
    write(project, item_text("finance").replace("published: 2026-08-05", f"published: {value}"))
    assert codes(project.validate()) == [("GK106", FILE, 5)]


def test_period_missing_for_periodic(project):
    write(project, item_text("finance", drop=("period",)))
    assert codes(project.validate()) == [("GK107", FILE, 4)]


@pytest.mark.parametrize("period", ["2026-7", "2026Q3", "26-07", "2026-13", "第三季度"])
def test_period_malformed(project, period):
    write(project, item_text("finance", period=period))
    assert codes(project.validate()) == [("GK108", FILE, 6)]


def test_period_must_match_cadence(project):
    write(project, item_text("finance", period="2026-Q3"))
    assert codes(project.validate()) == [("GK109", FILE, 6)]


def test_unit_override_changes_the_cadence(project):
    """nanjiang publishes finance quarterly: a quarter is fine, a month (finer) too, a year (coarser) is a warning."""
    path = "bulletins/nanjiang/2026/finance.md"
    write(project, item_text("finance", period="2026-Q3", published="2026-10-10"), path)
    write(project, item_text("finance", period="2026-07"), "bulletins/nanjiang/2026/finance-monthly.md")
    write(project, item_text("finance", period="2025", published="2026-01-10"),
          "bulletins/nanjiang/2026/finance-yearly.md")
    site = project.validate()
    assert codes(site) == [("GK109", "bulletins/nanjiang/2026/finance-yearly.md", 6)]
    warning = next(d for d in site.diagnostics if d.code == "GK109")
    assert warning.severity == "warning"
    assert "overrides: {finance: {cadence: yearly}}" in warning.message


def test_a_period_problem_never_hides_lateness(project):
    """A half-yearly 公示 in a quarterly category: GK109 warns, and its lateness is still counted
    from the end of its own period (2026-06-30 + 20 days = 2026-07-20)."""
    write(project, item_text("party", period="2026-H1", published="2026-11-10"))
    site = project.validate()
    late = [d for d in site.diagnostics if d.code == "GK401" and d.file == FILE]
    assert codes(site) == [("GK109", FILE, 6)]
    assert len(late) == 1 and "2026-07-20" in late[0].message and "逾期 113 天" in late[0].message, late


def test_event_date_missing_for_immediate(project):
    write(project, item_text("land", drop=("event_date",)))
    assert codes(project.validate()) == [("GK110", FILE, 4)]


def test_event_date_after_published(project):
    write(project, item_text("land").replace("event_date: 2026-05-12", "event_date: 2026-06-01"))
    assert codes(project.validate()) == [("GK111", FILE, 6)]


def test_required_section_missing(project):
    body = "## 收入\n\n有\n\n## 支出\n\n有\n\n## 监督意见\n\n无异议\n"
    write(project, item_text("finance", body=body))
    site = project.validate()
    assert codes(site) == [("GK201", FILE, 10)]
    assert "结余" in errors_and_warnings(project)[0].message


def test_required_section_empty(project):
    body = "## 收入\n\n有\n\n## 支出\n\n<!-- 提示：写支出 -->\n\n## 结余\n\n有\n\n## 监督意见\n\n无异议\n"
    write(project, item_text("finance", body=body))
    assert codes(project.validate()) == [("GK202", FILE, 15)]


def test_section_at_wrong_level_points_at_it(project):
    body = "## 收入\n\n有\n\n### 支出\n\n有\n\n## 结余\n\n有\n\n## 监督意见\n\n无异议\n"
    write(project, item_text("finance", body=body))
    assert codes(project.validate()) == [("GK201", FILE, 15)]


GLUED_TABLE = ("## 收入\n\n单位：元\n| 项目 | 金额（元） |\n|---|---:|\n| 租金 | 100.00 |\n| 合计 | 100.00 |\n\n"
               "## 支出\n\n有\n\n## 结余\n\n有\n\n## 监督意见\n\n无异议\n")


def test_a_table_right_under_text_names_its_header_line(project):
    text = item_text("finance", body=GLUED_TABLE)
    write(project, text)
    header = text.split("\n").index("| 项目 | 金额（元） |") + 1
    assert codes(project.validate()) == [("GK203", FILE, header)]
    message = errors_and_warnings(project)[0].message
    assert f"第 {header - 1} 行" in message and f"第 {header} 行（表头）的上面加一个空行" in message
    write(project, item_text("finance", body=GLUED_TABLE.replace("单位：元\n", "单位：元\n\n")))
    assert codes(project.validate()) == []


def test_the_page_shows_a_glued_table_as_text_and_a_separated_one_as_a_table():
    """GK203 is about what readers see: the item body as the site renders it (markdown_body)."""
    from gongkai.markdown_body import BodyRenderer
    from gongkai.settings import DEFAULT_EXTENSIONS, DEFAULT_MDX_CONFIGS

    renderer = BodyRenderer(DEFAULT_EXTENSIONS, DEFAULT_MDX_CONFIGS)
    assert "<table" not in renderer.html(GLUED_TABLE)
    assert "<table" in renderer.html(GLUED_TABLE.replace("单位：元\n", "单位：元\n\n"))


def test_sections_inside_code_fences_do_not_count(project):
    body = "## 收入\n\n有\n\n```\n## 支出\n```\n\n## 结余\n\n有\n\n## 监督意见\n\n无异议\n"
    write(project, item_text("finance", body=body))
    assert [c for c, _, _ in codes(project.validate())] == ["GK201"]


def test_sign_off_missing(project):
    write(project, item_text("finance", drop=("reviewed_by", "reviewed_on")))
    assert codes(project.validate()) == [("GK114", FILE, 1)]


def test_duplicate_index_no(project):
    project.decision()
    other = "bulletins/yuhuazhai/2026/decision-copy.md"
    project.item("yuhuazhai/2026/decision-copy.md", "decision", extra="index_no: 54610113MF0000001Y/2026-90001")
    # The first file in path order keeps the number; the other one is reported, at its index_no line.
    assert codes(project.validate()) == [("GK301", "bulletins/yuhuazhai/2026/decision.md", 9)]
    assert other < "bulletins/yuhuazhai/2026/decision.md"


def test_withdrawn_without_reason(project):
    write(project, item_text("finance", extra="status: withdrawn"))
    assert codes(project.validate()) == [("GK113", FILE, 9)]


def test_invalid_status_value(project):
    write(project, item_text("finance", extra="status: deleted"))
    [problem] = errors_and_warnings(project)
    assert (problem.code, problem.line) == ("GK112", 9)


def test_follows_names_no_item(project):
    path = "bulletins/yuhuazhai/2026/result.md"
    write(project, item_text("decision-result"), path)
    assert codes(project.validate()) == [("GK302", path, 9)]


def test_follows_must_name_a_decision_of_the_same_unit(project):
    project.decision(unit="nanjiang", index_no="54610113MF0000002Y/2026-90001")
    path = "bulletins/yuhuazhai/2026/result.md"
    write(project, item_text("decision-result").replace("MF0000001Y", "MF0000002Y"), path)
    assert codes(project.validate()) == [("GK305", path, 9)]


def test_supersedes_names_no_item(project):
    write(project, item_text("finance", extra="supersedes: 54610113MF0000001Y/2026-00001"))
    assert codes(project.validate()) == [("GK303", FILE, 9)]


def test_result_without_follows(project):
    path = "bulletins/yuhuazhai/2026/result.md"
    write(project, item_text("decision-result", drop=("follows",)), path)
    assert codes(project.validate()) == [("GK101", path, 1)]


def test_file_named_index_is_refused(project):
    write(project, item_text("finance"), "bulletins/yuhuazhai/2026/index.md")
    assert codes(project.validate()) == [("GK008", "bulletins/yuhuazhai/2026/index.md", 1)]


def test_strays_outside_units_and_wrong_extensions(project):
    write(project, item_text("finance"), "bulletins/loose.md")
    write(project, item_text("finance"), "bulletins/yuhuazhai/2026/a.markdown")
    write(project, item_text("finance"), "bulletins/yuhuazhai/2026/b.MD")
    write(project, "note", "bulletins/yuhuazhai/2026/c.txt")
    assert sorted(codes(project.validate())) == [
        ("GK007", "bulletins/loose.md", 1), ("GK007", "bulletins/yuhuazhai/2026/a.markdown", 1),
        ("GK007", "bulletins/yuhuazhai/2026/b.MD", 1), ("GK007", "bulletins/yuhuazhai/2026/c.txt", 1)]


def test_all_problems_are_reported_in_one_run(project):
    write(project, item_text("finance", drop=("period",)), "bulletins/yuhuazhai/2026/a.md")
    write(project, item_text("finance").replace("category: finance", "category: nope"),
          "bulletins/yuhuazhai/2026/b.md")
    write(project, b"\xb2\xe2\xca\xd4", "bulletins/yuhuazhai/2026/c.md")
    assert sorted(c for c, _, _ in codes(project.validate())) == ["GK001", "GK103", "GK107"]


def test_units_yml_problems(project):
    project.write("bulletins/units.yml", "units:\n  - id: a\n    name: 甲村\n    kind: hamlet\n    code: X\n")
    problems = errors_and_warnings(project)
    assert {d.code for d in problems} == {"GK010"}
    assert any("kind" in d.message for d in problems)


def test_published_in_the_future_is_a_warning(project):
    write(project, item_text("finance", published="2026-12-01"))
    [problem] = errors_and_warnings(project)
    assert (problem.code, problem.severity, problem.line) == ("GK116", "warning", 5)
