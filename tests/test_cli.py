"""`gongkai check`: exit codes, the JSON format and the human format."""

from __future__ import annotations

import json

from conftest import item_text
from gongkai.cli import main


def run(project, capsys, *args: str) -> tuple[int, str]:
    code = main(["--root", str(project.root), *args])
    return code, capsys.readouterr().out


def test_check_passes_on_valid_content(project, capsys, monkeypatch):
    monkeypatch.setenv("GONGKAI_AS_OF", "2026-11-15")
    project.item("yuhuazhai/2026/finance-2026-07.md", "finance")
    code, out = run(project, capsys, "check")
    assert code == 0
    assert "共 0 个错误" in out


def test_check_json_lists_every_problem(project, capsys, monkeypatch):
    monkeypatch.setenv("GONGKAI_AS_OF", "2026-11-15")
    project.write("bulletins/yuhuazhai/2026/a.md", item_text("finance", drop=("period",)))
    project.write("bulletins/yuhuazhai/2026/b.md", item_text("finance", extra="colour: red"))
    code, out = run(project, capsys, "check", "--format", "json")
    assert code == 1
    records = [r for r in json.loads(out) if r["severity"] == "error"]
    assert [(r["file"], r["line"], r["code"], r["severity"]) for r in records] == [
        ("bulletins/yuhuazhai/2026/a.md", 4, "GK107", "error"),
        ("bulletins/yuhuazhai/2026/b.md", 9, "GK102", "error")]
    assert set(records[0]) == {"file", "line", "code", "severity", "message"}


def test_check_human_format_groups_and_counts(project, capsys, monkeypatch):
    monkeypatch.setenv("GONGKAI_AS_OF", "2026-11-15")
    project.write("bulletins/yuhuazhai/2026/a.md", item_text("finance", drop=("period",)))
    code, out = run(project, capsys, "check")
    assert code == 1
    assert any(line.startswith("bulletins/yuhuazhai/2026/a.md:4: GK107 [错误]") for line in out.splitlines())
    assert "共 1 个错误" in out


def test_bad_as_of_is_a_clear_error(project, capsys, monkeypatch):
    monkeypatch.setenv("GONGKAI_AS_OF", "yesterday")
    code = main(["--root", str(project.root), "check"])
    assert code == 2
    assert "GONGKAI_AS_OF" in capsys.readouterr().err
