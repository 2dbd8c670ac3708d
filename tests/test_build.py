"""The site build: every item has a page, listings reach them, the nav stays small, errors stop it."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest
from conftest import copy_site_files, item_text

PROJECT = pathlib.Path(__file__).resolve().parent.parent


def build(root: pathlib.Path) -> subprocess.CompletedProcess[str]:
    copy_site_files(root)
    env = dict(os.environ, GONGKAI_AS_OF="2026-11-15")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import Project

    project = Project(tmp_path_factory.mktemp("site"))
    project.decision()
    project.item("yuhuazhai/2026/result.md", "decision-result")
    for month in ("06", "07", "08"):
        project.item(f"yuhuazhai/2026/finance-2026-{month}.md", "finance", period=f"2026-{month}",
                     published=f"2026-{int(month) + 1:02d}-05")
    # 附件.pdf is no real PDF: the privacy rule cannot read it, so the item that links it says who checked it.
    project.item("yuhuazhai/2026/old.md", "general", body="## 事项\n\n[附件](附件.pdf)\n\n## 办理情况\n\n已办理。\n",
                 extra="status: withdrawn\nwithdrawn_reason: 内容有误\nattachments_checked_by: 李文书")
    # The shipped mkdocs.yml requires a 保密审查 of government units (secrecy_review_required).
    project.item("minzheng/2026/guide.md", "service-guide", extra="secrecy_review: {by: 办公室, on: 2026-02-27}")
    project.write("bulletins/yuhuazhai/2026/附件.pdf", b"%PDF-1.4\n")
    result = build(project.root)
    assert result.returncode == 0, result.stderr
    return project.root / "site"


def test_every_item_has_a_page_listed_in_bulletins_json(built):
    records = json.loads((built / "api/bulletins.json").read_text(encoding="utf-8"))
    assert len(records) == 7
    for record in records:
        assert {"index_no", "unit", "unit_name", "category", "type", "period", "event_date", "published",
                "title", "url", "status"} <= set(record)
        assert (built / record["url"] / "index.html").is_file()
    withdrawn = [r for r in records if r["status"] == "withdrawn"]
    assert len(withdrawn) == 1 and (built / withdrawn[0]["url"] / "index.html").is_file()


def test_item_page_shows_its_metadata(built):
    page = (built / "yuhuazhai/2026/finance-2026-07/index.html").read_text(encoding="utf-8")
    for label in ("索引号", "发布机构", "主题分类", "公开类型", "所属期间", "发布日期", "有效性", "审核"):
        assert f'<th scope="row">{label}</th>' in page
    assert "54610113MF0000001Y/2026-" in page
    assert "2026年7月" in page
    assert "上一期" in page and "下一期" in page


def test_items_are_not_in_the_navigation(built):
    page = (built / "yuhuazhai/2026/finance-2026-07/index.html").read_text(encoding="utf-8")
    nav = page[page.find('<nav class="md-nav md-nav--primary'):page.find("md-nav--secondary")]
    assert "finance-2026-06" not in nav and "公开单位" in nav


def test_listings_link_every_item(built):
    unit_page = (built / "yuhuazhai/index.html").read_text(encoding="utf-8")
    year_page = (built / "yuhuazhai/2026/index.html").read_text(encoding="utf-8")
    assert "finance-2026-08/" in unit_page and "往期" in unit_page
    for name in ("finance-2026-06", "finance-2026-07", "finance-2026-08", "decision", "result", "old"):
        assert f'href="{name}/"' in year_page
    assert (built / "categories/finance/2026/index.html").is_file()
    assert (built / "units/index.html").is_file()


def test_withdrawn_item_is_marked(built):
    page = (built / "yuhuazhai/2026/old/index.html").read_text(encoding="utf-8")
    assert "本事项已撤回" in page and "内容有误" in page


def test_attachments_are_copied(built):
    assert (built / "yuhuazhai/2026/附件.pdf").read_bytes().startswith(b"%PDF")


def test_build_with_errors_fails_and_reports_them_all(tmp_path):
    from conftest import Project

    project = Project(tmp_path)
    project.write("bulletins/yuhuazhai/2026/a.md", item_text("finance", drop=("period",)))
    project.write("bulletins/yuhuazhai/2026/b.md", item_text("finance", extra="colour: red"))
    (tmp_path / "site").mkdir()
    (tmp_path / "site/stale.html").write_text("old")
    result = build(tmp_path)
    assert result.returncode != 0
    assert "bulletins/yuhuazhai/2026/a.md:4: GK107" in result.stderr
    assert "bulletins/yuhuazhai/2026/b.md:9: GK102" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_decision_and_result_link_each_other_once(built):
    decision = (built / "yuhuazhai/2026/decision/index.html").read_text(encoding="utf-8")
    result = (built / "yuhuazhai/2026/result/index.html").read_text(encoding="utf-8")
    assert decision.count('href="../result/"') == 1
    assert result.count('href="../decision/"') == 1
