"""`gongkai new`: the template fails check until its hints are replaced, then passes, for every category."""

from __future__ import annotations

import pathlib

import pytest
import yaml
from conftest import AS_OF, codes
from gongkai import cli, new
from gongkai.registry import load_catalogue

CATALOGUE, _ = load_catalogue(pathlib.Path("/nonexistent"))
# A unit of the fixture project (conftest.UNITS_YML) for each kind a category may apply to.
UNIT_OF_KIND = {"village": "yuhuazhai", "township": "yuhua", "department": "minzheng"}


def run(project, *args: str) -> int:
    return cli.main(["--root", str(project.root), "new", *args])


@pytest.fixture(autouse=True)
def as_of(monkeypatch):
    monkeypatch.setenv("GONGKAI_AS_OF", AS_OF.isoformat())


def unit_for(category_id: str) -> str:
    return next(UNIT_OF_KIND[k] for k in CATALOGUE[category_id].applies_to if k in UNIT_OF_KIND)


def sample(category_id: str):
    """Replace each hint with the sample text the guide shows for that section."""
    sections = CATALOGUE[category_id].sections

    def fill(match) -> str:
        section = next(s for s in sections if new.hint(category_id, s).strip() in match.group(0))
        return new.example(category_id, section) or "本栏内容已按规定如实填写。"
    return fill


@pytest.mark.parametrize("category_id", list(CATALOGUE))
def test_template_fails_until_hints_are_replaced_then_passes(project, capsys, category_id):
    if CATALOGUE[category_id].follows:
        project.decision()  # a result follows a decision: `new` finds the open one by itself
    unit = unit_for(category_id)
    assert run(project, "--unit", unit, "--category", category_id) == 0
    file = pathlib.Path(capsys.readouterr().out.strip())
    path = file.relative_to(project.root).as_posix()
    text = file.read_text(encoding="utf-8")
    assert path.startswith(f"bulletins/{unit}/") and path.endswith(".md")

    front = yaml.safe_load(text.split("---\n")[1])
    category = CATALOGUE[category_id]
    assert front["category"] == category_id and front["type"] == category.type
    if category.sign_off:
        assert front["reviewed_by"] and front["reviewed_on"] == AS_OF
    if category.follows:
        assert front["follows"] == "54610113MF0000001Y/2026-90001"

    # Untouched: one GK202 per required section, on the line of its heading, and no other error.
    site = project.validate()
    lines = text.split("\n")
    expected = [("GK202", path, lines.index(f"## {s}") + 1) for s in category.sections]
    errors = [(d.code, d.file, d.line) for d in site.diagnostics if d.severity == "error" and d.file == path]
    assert sorted(errors) == sorted(expected)

    file.write_text(new.fill_hints(text, sample(category_id)), encoding="utf-8")
    site = project.validate()
    assert [d for d in site.diagnostics if d.severity == "error"] == [], codes(site)


def test_plain_text_in_every_section_also_passes(project, capsys):
    assert run(project, "--unit", "yuhuazhai", "--category", "decision", "--event-date", "2026-11-02",
               "--title", "关于修建村道的决议") == 0
    file = pathlib.Path(capsys.readouterr().out.strip())
    assert file.name == "decision-2026-11-02.md"
    file.write_text(new.fill_hints(file.read_text(encoding="utf-8")), encoding="utf-8")
    site = project.validate()
    assert not [d for d in site.diagnostics if d.severity == "error"], codes(site)
    item = next(b for b in site.bulletins if b.path.endswith(file.name))
    assert (item.title, str(item.event_date), item.published) == ("关于修建村道的决议", "2026-11-02", AS_OF)


def test_refuses_to_overwrite(project, capsys):
    args = ("--unit", "yuhuazhai", "--category", "finance", "--period", "2026-07")
    assert run(project, *args) == 0
    file = pathlib.Path(capsys.readouterr().out.strip())
    file.write_text("已经写好的内容", encoding="utf-8")
    assert run(project, *args) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "已经存在" in captured.err and "finance-2026-07.md" in captured.err
    assert file.read_text(encoding="utf-8") == "已经写好的内容"


def _default_period(project, capsys, unit: str = "yuhuazhai") -> str:
    assert run(project, "--unit", unit, "--category", "finance") == 0
    file = pathlib.Path(capsys.readouterr().out.strip())
    period = yaml.safe_load(file.read_text(encoding="utf-8").split("---\n")[1])["period"]
    file.unlink()
    return str(period)


def test_default_period_is_the_first_one_not_yet_published(project, capsys):
    # yuhuazhai publishes finance monthly, counted from since: 2026-01-01.
    assert _default_period(project, capsys) == "2026-01"
    for month in ("01", "02", "03", "04", "06"):
        project.item(f"yuhuazhai/2026/finance-2026-{month}.md", "finance", period=f"2026-{month}",
                     published="2026-07-05")
    assert _default_period(project, capsys) == "2026-05"  # the gap comes first: it is overdue
    project.item("yuhuazhai/2026/finance-2026-05.md", "finance", period="2026-05", published="2026-07-05")
    assert _default_period(project, capsys) == "2026-07"
    # nanjiang's units.yml override makes finance quarterly.
    assert _default_period(project, capsys, "nanjiang") == "2026-Q1"


def test_default_period_starts_with_the_first_period_after_since(project):
    ctx = project.validate().context
    since = AS_OF.replace(month=4, day=15)
    ctx.units["yuhuazhai"] = ctx.units["yuhuazhai"].model_copy(update={"since": since})
    finance = ctx.category_for("yuhuazhai", "finance")
    assert str(new.next_period(ctx, [], "yuhuazhai", finance)) == "2026-05"
    quarterly = finance.model_copy(update={"cadence": "quarterly"})
    assert str(new.next_period(ctx, [], "yuhuazhai", quarterly)) == "2026-Q3"


@pytest.mark.parametrize(("args", "message"), [
    (("--unit", "yuhuazhai", "--category", "financ"), "是不是想写“finance”"),
    (("--unit", "yuhuazai", "--category", "finance"), "是不是想写“yuhuazhai”"),
    (("--unit", "yuhuazhai", "--category", "functions"), "不适用于鱼化寨村"),
    (("--unit", "yuhuazhai", "--category", "finance", "--period", "2026-Q3"), "应写成 2026-07"),
    (("--unit", "yuhuazhai", "--category", "finance", "--period", "2026年7月"), "不是有效的期间"),
    (("--unit", "yuhuazhai", "--category", "decision", "--event-date", "2026/11/02"), "不是日期"),
    (("--unit", "yuhuazhai", "--category", "profile", "--period", "2026"), "不是定期公开"),
])
def test_wrong_requests_are_refused_in_chinese(project, capsys, args, message):
    assert run(project, *args) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""
    assert not list((project.root / "bulletins").rglob("*.md"))


def test_a_department_writes_a_one_off_notice_of_the_catch_all_category(project, capsys):
    """一般事项 for any kind of unit: with --event-date the template is a one-off notice (no sections)."""
    assert run(project, "--unit", "minzheng", "--category", "general", "--event-date", "2026-11-02",
               "--title", "关于召开价格听证会的公告") == 0
    file = pathlib.Path(capsys.readouterr().out.strip())
    front = yaml.safe_load(file.read_text(encoding="utf-8").split("---\n")[1])
    assert (front["type"], str(front["event_date"]), file.name) == ("immediate", "2026-11-02",
                                                                      "general-2026-11-02.md")
    file.write_text(file.read_text(encoding="utf-8") + "\n现将听证会有关事项公告如下。\n", encoding="utf-8")
    site = project.validate()
    assert [d for d in site.diagnostics if d.severity == "error"] == [], codes(site)


def test_a_finer_period_is_accepted_and_a_coarser_one_says_how_to_set_the_cadence(project, capsys):
    assert run(project, "--unit", "minzheng", "--category", "relief", "--period", "2026-05") == 0
    assert pathlib.Path(capsys.readouterr().out.strip()).name == "relief-2026-05.md"
    assert run(project, "--unit", "minzheng", "--category", "relief", "--period", "2026") == 2
    assert "overrides: {relief: {cadence: yearly}}" in capsys.readouterr().err


@pytest.mark.parametrize(("unit", "category_id"), [("minzheng", "service-guide"), ("yuhuazhai", "finance")])
def test_a_secrecy_review_is_written_where_the_site_requires_one(project, capsys, unit, category_id):
    project.write("mkdocs.yml", "site_name: t\nextra:\n  gongkai:\n    secrecy_review_required:\n"
                                "      kinds: [department]\n      categories: [finance]\n")
    assert run(project, "--unit", unit, "--category", category_id) == 0
    out, err = capsys.readouterr()
    file = pathlib.Path(out.strip())
    text = file.read_text(encoding="utf-8")
    assert f"secrecy_review: {{by: 办公室, on: {AS_OF}}}" in text
    assert "保密审查" in err and "secrecy_review" in err
    file.write_text(new.fill_hints(text, sample(category_id)), encoding="utf-8")
    site = project.validate()
    [item] = [b for b in site.bulletins if b.path == file.relative_to(project.root).as_posix()]
    assert (item.secrecy_review.by, item.secrecy_review.on) == ("办公室", AS_OF)
    assert [d for d in site.diagnostics if d.severity == "error"] == [], codes(site)


def test_no_secrecy_review_where_none_is_required(project, capsys):
    project.write("mkdocs.yml", "site_name: t\nextra:\n  gongkai:\n    secrecy_review_required:\n"
                                "      kinds: [department]\n")
    assert run(project, "--unit", "yuhuazhai", "--category", "finance") == 0
    out, err = capsys.readouterr()
    assert "secrecy_review" not in pathlib.Path(out.strip()).read_text(encoding="utf-8")
    assert "保密审查" not in err
