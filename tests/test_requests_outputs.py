"""The register published: api/requests.json, lookup.json, the unit pages, the 公开情况 board, items,
`gongkai status --fail-on overdue`, and that no applicant identity and no unescaped clerk text gets out."""

from __future__ import annotations

import datetime as dt
import json

from gongkai import cli, requests_page
from gongkai.relations import Relations

REQ = "bulletins/yuhua/requests/{}.md"
FB = "bulletins/yuhuazhai/feedback/{}.md"
FIELDS = {"unit", "kind", "no", "received", "due", "replied", "status", "days_late", "result", "reason",
          "applicant_type"}


def test_requests_json_has_the_records_and_no_identity(example_site):
    records = json.loads((example_site / "api" / "requests.json").read_text("utf-8"))
    assert records and all(set(r) == FIELDS for r in records)
    by_no = {(r["unit"], r["no"]): r for r in records}
    # As of 2026-11-15 (the example build): received 10-09, due 11-05, no reply → overdue 6 working days.
    assert by_no[("yuhua", "2026-007")] | {} == {
        "unit": "yuhua", "kind": "request", "no": "2026-007", "received": "2026-10-09", "due": "2026-11-05",
        "replied": None, "status": "overdue", "days_late": 6, "result": None, "reason": None,
        "applicant_type": "自然人"}
    assert by_no[("yuhuazhai", "YK-2026-011")]["kind"] == "feedback"
    lookup = json.loads((example_site / "yuhua" / "requests" / "lookup.json").read_text("utf-8"))
    assert {r["unit"] for r in lookup} == {"yuhua"} and all("text" in r for r in lookup)


def test_board_lists_the_overdue(example_site):
    board = (example_site / "compliance" / "index.html").read_text("utf-8")
    section = board.split("依申请公开与意见反馈：超期未答复（2 件）")[-1]  # the heading, not the toc
    assert "2026-007" in section and "NJ-2026-004" in section
    township = (example_site / "compliance" / "yuhua" / "index.html").read_text("utf-8")
    assert "超期未答复（2 件）" in township


def test_unit_page_links_its_register(example_site):
    unit = (example_site / "yuhua" / "index.html").read_text("utf-8")
    assert 'href="requests/"' in unit
    page = (example_site / "yuhua" / "requests" / "index.html").read_text("utf-8")
    assert "政府信息公开申请表" in page and 'href="tel:02984563100"' in page and "mailto:" in page
    assert "gongkai-requests.js" in page  # the lookup's script on this page only (CSP: tests/test_site_scan.py)
    assert "gongkai-requests.js" not in unit


def test_clerk_text_is_escaped_on_the_page_and_under_the_item(project):
    project.item("yuhuazhai/2026/general.md", "general", extra="index_no: 54610113MF0000001Y/2026-00042")
    project.write(REQ.format(1), "---\nrequest_no: 2026-001\nreceived: 2026-10-12\nchannel: 网络\n"
                  "applicant_type: 其他\nsubject: 申请<script>alert(1)</script>公开\nreplied: 2026-10-12\n"
                  "result: 予以公开\n---\n\n已提供<img src=x onerror=alert(1)>。\n")
    project.write(FB.format(1), "---\nfeedback_no: Y<b>1</b>\nabout: 54610113MF0000001Y/2026-00042\n"
                  "received: 2026-10-12\nchannel: 电话\n---\n\n## 问题\n\n村民王某某问：<i>几时</i>修路？\n")
    site = project.validate()
    pages = requests_page.request_pages(site, Relations.of(site.bulletins))
    html = pages["yuhua/requests/index.md"] + pages["yuhuazhai/requests/index.md"]
    item = requests_page.questions_html(site, site.bulletins[0])
    for text in (html, item):
        assert "<script>" not in text and "<img" not in text and "<b>1" not in text and "<i>" not in text
    assert "申请&lt;script&gt;alert(1)&lt;/script&gt;公开" in html
    assert "&lt;i&gt;几时&lt;/i&gt;" in item and "应于" in item  # not replied: when it is due


def test_status_fails_on_overdue_only_when_asked(project, capsys):
    project.write(REQ.format(1), "---\nrequest_no: 2026-001\nreceived: 2026-09-28\nchannel: 当面\n"
                  "applicant_type: 自然人\nsubject: 申请公开某事项\n---\n")
    root = str(project.root)
    # Due 2026-10-30 (test_requests_register): as of 10-30 pending, as of Mon 11-2 overdue by one working day.
    assert cli.main(["--root", root, "status", "--as-of", "2026-10-30", "--fail-on", "overdue"]) == 0
    assert cli.main(["--root", root, "status", "--as-of", "2026-11-02"]) == 0
    out = capsys.readouterr().out
    assert "政府信息公开申请 2026-001  收到 2026-09-28  期限 2026-10-30  已超期未答复（超过期限 1 个工作日）" in out
    assert cli.main(["--root", root, "status", "--as-of", "2026-11-02", "--fail-on", "overdue"]) == 1
    assert "超期未答复" in capsys.readouterr().err
    # Before it was received, it does not exist yet.
    assert cli.main(["--root", root, "status", "--as-of", "2026-09-01", "--fail-on", "overdue"]) == 0
    assert "2026-001" not in capsys.readouterr().out


def test_status_json_has_the_register_cases_the_text_lists(project, capsys):
    project.write(REQ.format(1), "---\nrequest_no: 2026-001\nreceived: 2026-09-28\nchannel: 当面\n"
                  "applicant_type: 自然人\nsubject: 申请公开某事项\n---\n")
    project.write(REQ.format(2), "---\nrequest_no: 2026-002\nreceived: 2026-10-26\nchannel: 网络\n"
                  "applicant_type: 商业企业\nsubject: 申请公开另一事项\n---\n")
    root = str(project.root)
    assert cli.main(["--root", root, "status", "--as-of", "2026-11-02"]) == 0
    text = capsys.readouterr().out
    assert cli.main(["--root", root, "status", "--as-of", "2026-11-02", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    cases = {c["no"]: c for c in printed["register"]}
    assert set(cases) == {"2026-001", "2026-002"}
    assert (cases["2026-001"]["status"], cases["2026-001"]["due"], cases["2026-001"]["days_late"]) == (
        "overdue", "2026-10-30", 1)
    assert cases["2026-002"]["status"] == "pending" and cases["2026-002"]["replied"] is None
    assert cases["2026-001"]["text"] in text  # the same words as the text output
    assert "办理中 1" in text and "超期未答复 1" in text
    assert FIELDS <= set(cases["2026-001"]) and "name" not in cases["2026-001"]
    # --unit keeps only that unit's cases
    assert cli.main(["--root", root, "status", "--as-of", "2026-11-02", "--format", "json", "--unit",
                     "yuhuazhai"]) == 0
    assert json.loads(capsys.readouterr().out)["register"] == []


def test_an_answer_after_the_as_of_date_is_not_known_yet(project):
    project.write(REQ.format(1), "---\nrequest_no: 2026-001\nreceived: 2026-09-28\nchannel: 当面\n"
                  "applicant_type: 自然人\nsubject: 申请公开某事项\nreplied: 2026-11-10\nresult: 予以公开\n---\n")
    from gongkai.requests_register import site_entries

    past = site_entries(project.validate(dt.date(2026, 11, 2)).context)
    now = site_entries(project.validate(dt.date(2026, 11, 15)).context)
    assert (past[0].status, now[0].status, now[0].days_late) == ("overdue", "late", 7)
