"""What is drawn from the compliance records: build messages, board, unit blocks, JSON, `gongkai status`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from gongkai import cli, compliance_page
from gongkai.relations import Relations
from gongkai.validate import validate_site

AS_OF = dt.date(2026, 11, 15)
DECISION = "54610113MF0000001Y/2026-90001"


@pytest.fixture
def troubled(project):
    """yuhuazhai: finance 2026-09 late by 3 days, 2026-10 missing, a stale profile and an open decision."""
    project.item("yuhuazhai/2026/finance-2026-09.md", "finance", period="2026-09", published="2026-10-13")
    project.item("yuhuazhai/2025/profile.md", "profile", drop=("published", "reviewed_on"),
                 extra="published: 2025-03-01\nreviewed_on: 2025-10-01")
    project.item("yuhuazhai/2026/decision.md", "decision",
                 extra=f"index_no: {DECISION}\ncomplete_by: 2026-10-31")
    return project


def test_build_messages_say_where(troubled) -> None:
    site = troubled.validate(AS_OF)
    found = {(d.code, d.file, d.line, d.severity) for d in site.diagnostics if d.code.startswith("GK40")}
    # units.yml: yuhuazhai is the second unit, its "- id:" is line 8
    assert ("GK401", "bulletins/yuhuazhai/2026/finance-2026-09.md", 5, "warning") in found  # published
    assert ("GK402", "bulletins/units.yml", 8, "warning") in found
    assert ("GK403", "bulletins/yuhuazhai/2025/profile.md", 6, "warning") in found  # reviewed_on
    assert ("GK404", "bulletins/yuhuazhai/2026/decision.md", 10, "warning") in found  # complete_by
    late = next(d for d in site.diagnostics if d.code == "GK401")
    assert "2026-10-10" in late.message and "逾期 3 天" in late.message
    # one message per unit and category, naming every missing period (here January to August and October)
    [finance] = [d.message for d in site.diagnostics
                 if d.code == "GK402" and "鱼化寨村“财务收支”" in d.message]
    assert "2026年1月（应于 2026-02-10 前公开）" in finance and "等 9 期" in finance
    assert "bulletins/yuhuazhai/2026/finance-2026-01.md" in finance
    assert site.ok


def test_fail_on_turns_chosen_statuses_into_errors(troubled) -> None:
    troubled.write("mkdocs.yml", "site_name: t\nextra:\n  gongkai:\n    fail_on: [missing, bogus]\n")
    site = validate_site(troubled.root, as_of=AS_OF)
    severities = {d.code: d.severity for d in site.diagnostics if d.code.startswith("GK40")}
    assert severities["GK402"] == "error" and severities["GK401"] == "warning"
    assert [(d.file, d.line) for d in site.diagnostics if d.code == "GK406"] == [("mkdocs.yml", 4)]
    assert not site.ok


def test_unknown_year_warns_on_event_date(project) -> None:
    project.item("yuhuazhai/2026/decision.md", "decision", drop=("event_date", "published"),
                 extra="event_date: 2026-12-28\npublished: 2026-12-29")
    site = project.validate(dt.date(2026, 12, 31))
    [gap] = [d for d in site.diagnostics if d.code == "GK405"]
    # on the line of event_date
    assert (gap.file, gap.line, gap.severity) == ("bulletins/yuhuazhai/2026/decision.md", 7, "warning")
    assert "2027" in gap.message and "calendar.yml" in gap.message


def test_board_cells_say_and_link(troubled) -> None:
    site = troubled.validate(AS_OF)
    generated = compliance_page.board_pages(site, Relations.of(site.bulletins))
    assert set(generated) == {"compliance/index.md", "compliance/yuhua/index.md",
                              "compliance/minzheng/index.md"}
    board = generated["compliance/index.md"]
    # the late cell would say 逾期 3 天 but the missing October is worse: the finance cell says 缺失 and
    # links to the unit's status block, where both are listed
    assert '<a href="../yuhuazhai/#gk-status-finance"><span class="gk-chip gk-s-missing">缺失' in board
    assert 'href="../yuhuazhai/2025/profile/"><span class="gk-chip gk-s-stale">待复核</span>' in board
    assert '<span class="gk-chip gk-s-open">未完成</span>' in board
    assert 'href="yuhua/"' in board and 'href="minzheng/"' in board  # the township filter
    township = generated["compliance/yuhua/index.md"]
    assert ">雁塔区民政局</a></th>" not in township and ">南江村</a></th>" in township
    assert "逾期 3 天" in township  # listed under 需要关注 with its dates
    assert "应于 2026-10-10 前公开，2026-10-13 发布" in township


def test_unit_status_block(troubled) -> None:
    site = troubled.validate(AS_OF)
    block = compliance_page.unit_status(site, site.context.units["yuhuazhai"])
    assert block.startswith("## 公开情况 {#gk-status}")
    assert '<li id="gk-status-finance">' in block
    assert "2026年10月：<span class=\"gk-chip gk-s-missing\">缺失</span>" in block
    assert "应于 2026-11-10 前公开" in block
    page = troubled.root / "page.md"
    from gongkai import pages

    page.write_text(pages.unit_board(site, Relations.of(site.bulletins), site.context.units["yuhuazhai"]))
    assert "gongkai:unit-status" not in page.read_text() and "{#gk-status}" in page.read_text()


def test_json_writer_and_cli_print_the_same_records(troubled, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("GONGKAI_AS_OF", AS_OF.isoformat())
    site = validate_site(troubled.root)
    compliance_page.write(site, tmp_path / "site")
    written = json.loads((tmp_path / "site" / "api" / "compliance.json").read_text(encoding="utf-8"))
    assert written == [r.to_json() for r in site.compliance.records]
    assert cli.main(["--root", str(troubled.root), "status", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["compliance"] == written and printed["as_of"] == AS_OF.isoformat()
    fields = {"unit", "category", "type", "period", "index_no", "due", "published", "status", "days_late",
              "board_photo"}
    assert all(set(record) == fields for record in written)


def test_cli_exit_code_follows_fail_on(troubled, capsys) -> None:
    root = str(troubled.root)
    assert cli.main(["--root", root, "status", "--as-of", "2026-11-15", "--fail-on", "missing,late"]) == 1
    captured = capsys.readouterr()
    assert "逾期 3 天" in captured.out and "缺失" in captured.out
    assert cli.main(["--root", root, "status", "--as-of", "2026-11-15", "--unit", "minzheng",
                     "--fail-on", "late"]) == 0
    out = capsys.readouterr().out
    assert "雁塔区民政局" in out and "鱼化寨村" not in out
    assert cli.main(["--root", root, "status", "--unit", "nowhere"]) == 2
    assert "nowhere" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--root", root, "status", "--fail-on", "late,soon"])
    assert "soon" in capsys.readouterr().err


def test_cli_as_of_shows_the_past(troubled, capsys) -> None:
    assert cli.main(["--root", str(troubled.root), "status", "--as-of", "2026-10-11", "--unit", "yuhuazhai",
                     "--format", "json"]) == 0
    finance = [r for r in json.loads(capsys.readouterr().out)["compliance"] if r["category"] == "finance"]
    # on 2026-10-11 the September item (published 10-13) does not exist yet: missing by one day
    assert finance[-1] == {"unit": "yuhuazhai", "category": "finance", "type": "periodic",
                           "period": "2026-09", "index_no": None, "due": "2026-10-10", "published": None,
                           "status": "missing", "days_late": 1,
                           "board_photo": None}


def test_every_place_says_a_record_the_same_way(troubled, capsys, monkeypatch) -> None:
    """The build message, a unit's 公开情况 block, the poster summary and `gongkai status` all show each problem
    record as compliance.describe words it: its status and its detail."""
    from gongkai.compliance import describe
    from gongkai.posters import summary

    site = troubled.validate(AS_OF)
    problems = [r for r in site.compliance.records if r.unit == "yuhuazhai" and r.status in ("late", "stale", "open")]
    assert {r.status for r in problems} == {"late", "stale", "open"}
    block = compliance_page.unit_status(site, site.context.units["yuhuazhai"])
    monkeypatch.setattr(summary, "MAX_PROBLEMS", 100)  # a poster lists the first 12 problems
    poster = "\n".join(summary.for_unit(site, "yuhuazhai").problems)
    messages = "\n".join(d.message for d in site.diagnostics if d.code in ("GK401", "GK403", "GK404"))
    assert cli.main(["--root", str(troubled.root), "status", "--as-of", AS_OF.isoformat(), "--unit",
                     "yuhuazhai"]) == 0
    terminal = capsys.readouterr().out
    for record in problems:
        said = describe(record)
        assert said.detail and said.status
        for place, text in (("page", block), ("poster", poster), ("message", messages)):
            assert f"{said.status}" in text and said.detail in text, (place, said)
        assert f"{said.status}：{said.detail}" in terminal.replace("\n", ""), said
