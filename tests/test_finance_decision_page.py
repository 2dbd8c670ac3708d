"""四议两公开 on the item pages: a decision shows its result (or that it is not out yet and when it is due);
the result links back to its decision."""

from __future__ import annotations

import datetime as dt

from conftest import item_text
from gongkai import item_page
from gongkai.relations import Relations

DECISION_NO = "54610113MF0000001Y/2026-90001"


def pages(project, as_of: dt.date = dt.date(2026, 11, 15)) -> dict[str, str]:
    site = project.validate(as_of=as_of)
    assert site.ok, site.diagnostics
    rel = Relations.of(site.bulletins)
    return {item.category: item_page.header(site, rel, item) for item in site.bulletins}


def test_decision_page_links_its_result_and_the_result_links_back(project):
    project.decision()
    project.item("yuhuazhai/2026/road-result.md", "decision-result")
    headers = pages(project)
    decision = headers["decision"]
    link = '<a href="../road-result/">测试事项 decision-result</a>'
    assert f'<p class="gk-decision gk-done">重大事项实施结果：{link}' in decision
    assert "（2026-05-13 公开）" in decision
    result = headers["decision-result"]
    assert '对应的重大事项决议（四议两公开）：<a href="../decision/">测试事项 decision</a>' in result


def test_decision_without_result_says_so_and_when_it_is_due(project):
    project.write("bulletins/yuhuazhai/2026/decision.md",
                  item_text("decision", extra=f"index_no: {DECISION_NO}\ncomplete_by: 2026-12-31"))
    decision = pages(project)["decision"]
    assert '<p class="gk-decision gk-pending">尚未公开实施结果，应于 2026-12-31 前公开。</p>' in decision
    late = pages(project, as_of=dt.date(2027, 1, 5))["decision"]
    assert "尚未公开实施结果，应于 2026-12-31 前公开，已逾期。" in late


def test_decision_without_due_date_and_other_categories(project):
    project.decision()
    project.item("yuhuazhai/2026/finance-2026-07.md", "finance")
    headers = pages(project)
    assert '<p class="gk-decision gk-pending">尚未公开实施结果。</p>' in headers["decision"]
    assert "gk-decision" not in headers["finance"]
