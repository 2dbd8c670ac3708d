"""The annual report draft's part 一 counts the items that record a 保密审查 before publication."""

from __future__ import annotations

from gongkai import report


def test_part_one_counts_secrecy_reviews(project):
    project.item("minzheng/2026/guide.md", "service-guide", extra="secrecy_review: {by: 办公室, on: 2026-02-27}")
    project.item("minzheng/2026/doc.md", "normative-doc")
    site = project.validate()
    text = report.part_one(site, site.context.units["minzheng"], 2026)
    management = text[text.index("（三）政府信息管理"):text.index("（四）平台建设")]
    assert "本站2026年发布的 2 条公开事项中，1 条记录了发布前的保密审查" in management
    assert "保密审查" not in text[:text.index("（三）政府信息管理")]


def test_no_sentence_without_items(project):
    site = project.validate()
    assert "保密审查" not in report.part_one(site, site.context.units["minzheng"], 2026)
