"""上墙照片 expected within N working days (extra.gongkai.board_photo_expected): GK807 with file and line, the
compliance records' board_photo (true / false / null), and the setting's own mistakes (GK013)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from gongkai.settings import BoardPhotoRule, Settings, read_settings
from gongkai.validate import validate_site
from photo_factory import board_photo

FINANCE = "yuhuazhai/2026/finance-2026-09.md"
PATH = f"bulletins/{FINANCE}"
VILLAGE_FINANCE = Settings(board_photo_expected=BoardPhotoRule(kinds=["village"], categories=["finance"],
                                                                working_days=5))


def _site(project, as_of: dt.date, settings: Settings = VILLAGE_FINANCE):
    return validate_site(project.root, as_of=as_of, settings=settings)


def _finance(project, published: str = "2026-09-30", photo: bool = False):
    extra = ""
    if photo:
        project.write("bulletins/yuhuazhai/2026/board.jpg", board_photo(taken="2026:10:09 09:00:00"))
        extra = "board_photos:\n  - file: board.jpg"
    project.item(FINANCE, "finance", period="2026-09", published=published, extra=extra)


def _photo_records(site):
    return {(r.unit, r.category, r.item.index_no if r.item else None): r.to_json()["board_photo"]
            for r in site.compliance.records if r.unit == "yuhuazhai"}


def _line_of(project, key: str) -> int:
    lines = (project.root / PATH).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:"))


def test_no_photo_after_five_working_days_is_a_warning_on_the_published_line(project):
    _finance(project)
    site = _site(project, dt.date(2026, 10, 14))  # 2026-10-13 is the 5th working day after 09-30 (国庆 off)
    [warning] = [d for d in site.diagnostics if d.code == "GK807"]
    assert (warning.file, warning.line, warning.severity) == (PATH, _line_of(project, "published"), "warning")
    assert "2026-09-30 发布" in warning.message and "5 个工作日内（2026-10-13）" in warning.message
    assert site.ok  # a warning: the build goes on
    [record] = [r for r in site.compliance.records if r.category == "finance" and r.item]
    assert record.to_json()["board_photo"] is False
    assert record.status == "on_time"  # the status is not changed by the photo


def test_working_days_follow_the_holiday_calendar(project):
    _finance(project)
    site = _site(project, dt.date(2026, 10, 13))  # 13 calendar days later, but the 国庆 week is not counted
    assert [d for d in site.diagnostics if d.code == "GK807"] == []
    [record] = [r for r in site.compliance.records if r.category == "finance" and r.item]
    assert record.board_photo is None  # not yet due: nothing to say


def test_a_photo_makes_it_true_and_quiet(project):
    _finance(project, photo=True)
    site = _site(project, dt.date(2026, 11, 15))
    assert [d for d in site.diagnostics if d.code in ("GK807", "GK801", "GK803")] == []
    [record] = [r for r in site.compliance.records if r.category == "finance" and r.item]
    assert record.board_photo is True


def test_null_where_not_expected(project):
    _finance(project)
    project.item("yuhuazhai/profile.md", "profile", published="2026-03-02")  # a category not listed
    project.item("yuhua/2026/functions.md", "functions", published="2026-03-02")  # a township: kind not listed
    site = _site(project, dt.date(2026, 11, 15))
    states = {(r.unit, r.category, r.status): r.to_json()["board_photo"] for r in site.compliance.records}
    assert states[("yuhuazhai", "finance", "on_time")] is False
    assert states[("yuhuazhai", "profile", "on_time")] is None
    assert states[("yuhua", "functions", "on_time")] is None
    assert all(v is None for (_, cat, status), v in states.items() if status == "missing")  # no item, no photo
    assert [d.file for d in site.diagnostics if d.code == "GK807"] == [PATH]


def test_the_setting_off_by_default_says_nothing(project):
    _finance(project)
    site = _site(project, dt.date(2026, 11, 15), Settings())
    assert [d for d in site.diagnostics if d.code == "GK807"] == []
    assert {r.board_photo for r in site.compliance.records} == {None}


def test_all_categories_of_a_kind_when_none_listed(project):
    _finance(project)
    project.item("yuhuazhai/profile.md", "profile", published="2026-03-02")
    settings = Settings(board_photo_expected=BoardPhotoRule(kinds=["village"]))
    site = _site(project, dt.date(2026, 11, 15), settings)
    assert sorted(d.file for d in site.diagnostics if d.code == "GK807") == [
        PATH, "bulletins/yuhuazhai/profile.md"]


@pytest.mark.parametrize(("value", "wrong"), [("{kinds: [villages]}", "kinds"),
                                               ("{kinds: [village], working_days: 100}", "working_days"),
                                               ("{kinds: [village], within: 5}", "within")])
def test_a_wrong_setting_is_gk013_with_its_line(project, value, wrong):
    project.write("mkdocs.yml", f"site_name: t\nextra:\n  gongkai:\n    board_photo_expected: {value}\n")
    settings, problems = read_settings(project.root)
    [problem] = problems
    assert (problem.code, problem.line) == ("GK013", 4)
    assert "board_photo_expected" in problem.message and "应上传上墙照片" in problem.message
    assert settings.board_photo_expected == BoardPhotoRule()  # the default stays: nothing expected


def test_compliance_json_has_board_photo_and_its_schema_says_so(project, tmp_path):
    from gongkai import compliance_page
    from gongkai.schema_export import API_FILES

    _finance(project)
    site = _site(project, dt.date(2026, 11, 15))
    compliance_page.write(site, tmp_path / "site")
    records = json.loads((tmp_path / "site/api/compliance.json").read_text(encoding="utf-8"))
    assert {r["board_photo"] for r in records} == {None, False}
    schema = API_FILES["compliance"].model_json_schema()
    assert "board_photo" in schema["required"]
    assert "上墙照片" in schema["properties"]["board_photo"]["description"]
    for record in records:
        API_FILES["compliance"].model_validate(record)


def _board(site):
    from gongkai import compliance_page
    from gongkai.relations import Relations

    return compliance_page.board_pages(site, Relations.of(site.bulletins))


def test_the_board_filters_items_without_a_board_photo(project):
    _finance(project)
    project.item("nanjiang/2026/finance-2026-09.md", "finance", period="2026-09", published="2026-09-30",
                 extra="index_no: 54610113MF0000002Y/2026-00009")
    project.write("bulletins/nanjiang/2026/board.jpg", board_photo(taken="2026:10:09 09:00:00"))
    text = (project.root / "bulletins/nanjiang/2026/finance-2026-09.md").read_text(encoding="utf-8")
    project.write("bulletins/nanjiang/2026/finance-2026-09.md",
                  text.replace("\n---\n", "\nboard_photos:\n  - file: board.jpg\n---\n", 1))
    pages = _board(_site(project, dt.date(2026, 11, 15)))
    filtered = pages["compliance/no-board-photo/index.md"]
    assert filtered.count("<li>") == 1  # yuhuazhai's item, not nanjiang's (it has its photo)
    assert "2026-09-30 发布，应于 2026-10-13 前上传上墙照片" in filtered
    assert 'href="../../yuhuazhai/2026/finance-2026-09/"' in filtered
    assert 'aria-current=page>未见上墙照片 <small>1</small>' in filtered
    assert 'aria-label="按上墙照片筛选"' in pages["compliance/index.md"]
    assert 'href="no-board-photo/">未见上墙照片 <small>1</small>' in pages["compliance/index.md"]
    township_id, township = next((k.split("/")[1], v) for k, v in pages.items()
                                 if k.count("/") == 2 and "no-board-photo" not in k)
    assert f'href="../no-board-photo/{township_id}/">未见上墙照片 <small>1</small>' in township
    own = pages[f"compliance/no-board-photo/{township_id}/index.md"]
    assert own.count("<li>") == 1 and 'href="../../../yuhuazhai/2026/finance-2026-09/"' in own
    assert f'href="../../{township_id}/">全部事项' in own  # back to the township's board


def test_a_long_no_photo_list_is_cut_and_points_at_the_open_data(project, monkeypatch):
    """A county that turns the rule on before its clerks upload photos: pages stay light on a phone."""
    from gongkai import compliance_page

    _finance(project)
    monkeypatch.setattr(compliance_page, "MAX_ATTENTION", 0)
    pages = _board(_site(project, dt.date(2026, 11, 15)))
    index = pages["compliance/no-board-photo/index.md"]
    assert "<li>" in index and "finance-2026" not in index  # each township's count, no item lines
    township = next(k for k in pages if k.startswith("compliance/no-board-photo/") and k.count("/") == 3)
    assert f'href="{township.split("/")[2]}/">' in index
    assert "另有 1 项未列出" in pages[township] and "compliance.json" in pages[township]


def test_no_filter_where_no_photo_is_expected(project):
    _finance(project)
    pages = _board(_site(project, dt.date(2026, 11, 15), Settings()))
    assert "compliance/no-board-photo/index.md" not in pages
    assert "上墙照片" not in pages["compliance/index.md"]


def test_an_empty_filter_says_so(project):
    _finance(project, photo=True)
    filtered = _board(_site(project, dt.date(2026, 11, 15)))["compliance/no-board-photo/index.md"]
    assert "没有期限已过仍未见上墙照片的事项" in filtered and "<li>" not in filtered
