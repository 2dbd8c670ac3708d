"""Posters without PDFs: which items go on the board, 公开期限, sizes, the poster HTML and the writer."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys

import pytest
from conftest import item_text
from gongkai import api, cli
from gongkai.posters.model import IMMEDIATE_DISPLAY_DAYS, board, display_label, display_until, poster_size
from gongkai.posters.render import board_html, column_widths, item_html
from gongkai.posters.writer import write
from gongkai.relations import Relations
from gongkai.urls import poster_url, unit_poster_url

SITE_URL = "site_url: https://gongkai.example.gov.cn/\n"

PROFILE_A3 = """\
categories:
  - id: profile
    name: 村情概况 / 机构概况
    group: 村务
    applies_to: [village, township]
    type: standing
    review_days: 365
    sections: [基本情况, 组织机构, 联系方式]
    poster_size: A3
"""


def by_title(site, title):
    return next(i for i in site.bulletins if i.title == title)


@pytest.fixture
def village(project):
    """鱼化寨村 as of 2026-11-15: finance for three months, a standing profile, two immediate items
    (one still in its 30-day window, one out of it) and a withdrawn one."""
    for month in ("07", "08", "09"):
        project.item(f"yuhuazhai/2026/finance-2026-{month}.md", "finance", period=f"2026-{month}",
                     published=f"2026-{int(month) + 1:02d}-05",
                     extra=f"title: 鱼化寨村2026年{int(month)}月财务收支公开", drop=("title",))
    project.item("yuhuazhai/2026/profile.md", "profile", extra="title: 鱼化寨村村情概况", drop=("title",))
    project.item("yuhuazhai/2026/party.md", "party", extra="title: 党务公开三季度", drop=("title",))
    project.write("bulletins/yuhuazhai/2026/land-new.md", item_text(
        "land", extra="title: 新的征地补偿\nevent_date: 2026-11-01\npublished: 2026-11-02",
        drop=("title", "published", "event_date")))
    project.write("bulletins/yuhuazhai/2026/land-old.md", item_text(
        "land", extra="title: 旧的征地补偿\nevent_date: 2026-09-01\npublished: 2026-09-02",
        drop=("title", "published", "event_date")))
    project.write("bulletins/yuhuazhai/2026/land-kept.md", item_text(
        "land", extra="title: 延长张贴的征地补偿\nevent_date: 2026-09-01\npublished: 2026-09-02\n"
                      "display_until: 2026-12-31", drop=("title", "published", "event_date")))
    project.item("yuhuazhai/2026/general-old.md", "general",
                 extra="title: 撤回的村务\nstatus: withdrawn\nwithdrawn_reason: 内容有误", drop=("title",))
    return project


def test_display_until_defaults_per_type(village):
    site = village.validate()
    ctx = site.context
    july = by_title(site, "鱼化寨村2026年7月财务收支公开")
    # Periodic: until the next period's item is due (August ends 08-31, finance is due 10 days later).
    assert display_until(july, ctx) == dt.date(2026, 9, 10)
    assert display_label(july, ctx) == "至 2026-09-10（下期公开后撤换）"
    land = by_title(site, "新的征地补偿")
    assert display_until(land, ctx) == dt.date(2026, 11, 2) + dt.timedelta(days=IMMEDIATE_DISPLAY_DAYS)
    assert display_until(by_title(site, "延长张贴的征地补偿"), ctx) == dt.date(2026, 12, 31)
    profile = by_title(site, "鱼化寨村村情概况")
    assert display_until(profile, ctx) is None
    assert display_label(profile, ctx) == "长期公开，内容变化时更新"


def test_board_holds_standing_latest_period_and_immediate_items_in_their_window(village):
    site = village.validate()
    rel = Relations.of(site.bulletins)
    today = board(site, rel, "yuhuazhai")
    columns = {group: [i.title for i in items] for group, items in today.columns}
    assert list(columns) == ["党务", "村务", "财务"]
    assert columns["党务"] == ["党务公开三季度"]
    assert columns["财务"] == ["鱼化寨村2026年9月财务收支公开"]
    # Standing first, then immediate items newest first; the old land item's 30 days are over and
    # the withdrawn item is never on the board.
    assert columns["村务"] == ["鱼化寨村村情概况", "新的征地补偿", "延长张贴的征地补偿"]
    # A department has no 党务/村务 categories: its board has 财务 and 政务 only.
    assert [g for g, _ in board(site, rel, "minzheng").columns] == ["财务", "政务"]


def test_poster_size_from_site_category_and_command_line(village):
    village.write("bulletins/catalogue.yml", PROFILE_A3)
    village.write("mkdocs.yml", "extra:\n  gongkai:\n    poster_size: A3\n")
    site = village.validate()
    finance = by_title(site, "鱼化寨村2026年7月财务收支公开")
    assert poster_size(finance, site.context) == "A3"  # the site's setting
    assert poster_size(finance, site.context, "A4") == "A4"  # --size wins
    village.write("mkdocs.yml", "extra:\n  gongkai:\n    poster_size: A4\n")
    site = village.validate()
    assert poster_size(by_title(site, "鱼化寨村2026年7月财务收支公开"), site.context) == "A4"
    assert poster_size(by_title(site, "鱼化寨村村情概况"), site.context) == "A3"  # the category's
    assert "size: A3 portrait" in item_html(site, by_title(site, "鱼化寨村村情概况"))


def test_item_poster_shows_what_the_board_needs(village):
    village.write("mkdocs.yml", SITE_URL)
    site = village.validate()
    item = by_title(site, "鱼化寨村2026年9月财务收支公开")
    html = item_html(site, item)
    for text in ("鱼化寨村村务公开栏", "鱼化寨村2026年9月财务收支公开", "定期公开", "所属期间", "2026年9月",
                 "发布日期", "2026-10-05", "公开期限", "至 2026-11-10（下期公开后撤换）",
                 "审核：村务监督委员会", "审核日期：2026年1月10日", "监督/咨询电话", "029-84561234",
                 "村委会大门东侧公开栏", "索引号", item.index_no,
                 "https://gongkai.example.gov.cn/yuhuazhai/2026/finance-2026-09/"):
        assert text in html, text
    assert html.count("<svg") == 1 and 'class="gk-qr"' in html
    # Print rules: the sheet size, exact colours, and the header row repeated / rows kept whole.
    assert "size: A4 portrait" in html
    assert re.search(r'<link rel="stylesheet" href="(\.\./){4}assets/stylesheets/poster\.css">', html)


def test_poster_stylesheet_names_fonts_and_keeps_table_rows_whole():
    from gongkai.posters.render import PROJECT_ROOT, STYLESHEET

    css = (PROJECT_ROOT / "theme" / STYLESHEET).read_text(encoding="utf-8")
    families = re.findall(r"font-family:\s*([^;]+);", css)
    assert families and all('"Noto Sans CJK SC"' in f or '"Noto Serif CJK SC"' in f for f in families)
    generic = re.compile(r",\s*(sans-serif|serif|monospace|system-ui)\s*$")
    assert not any(generic.search(f.strip()) for f in families)  # never a bare generic family
    assert re.search(r"\.gk-body thead \{ display: table-header-group; \}", css)
    assert re.search(r"\.gk-body tr \{\s*break-inside: avoid;", css)
    assert "print-color-adjust: exact" in css


def test_no_qr_code_without_site_url(village):
    site = village.validate()
    html = item_html(site, by_title(site, "鱼化寨村2026年9月财务收支公开"))
    assert "<svg" not in html and "扫描二维码" not in html


def test_body_links_point_to_the_same_files_and_html_is_sanitised(project):
    body = ("## 基本情况\n\n![村委会](photo.jpg) 见[决议](decision.md)。\n\n<script>alert(1)</script>\n\n"
            "## 组织机构\n\n| 项目 | 金额（元） |\n|---|---:|\n| 办公费 | 1.00 |\n| 合计 | 1.00 |\n\n"
            "## 联系方式\n\n电话。\n")
    project.write("bulletins/yuhuazhai/2026/profile.md", item_text("profile", body=body))
    project.decision()
    project.write("bulletins/yuhuazhai/2026/photo.jpg", b"\xff\xd8\xff")
    site = project.validate()
    html = item_html(site, next(i for i in site.bulletins if i.category == "profile"))
    assert 'src="../../../../yuhuazhai/2026/photo.jpg"' in html
    assert 'href="../../../../yuhuazhai/2026/decision/"' in html
    assert "<script>" not in html and "alert(1)" not in html
    assert '<td align="right" class="gk-num">1.00</td>' in html  # alignment survives the sanitiser
    assert '<tr class="gk-total">' in html


def test_board_poster_has_columns_and_compliance_summary(village):
    village.write("mkdocs.yml", SITE_URL)
    site = village.validate()
    rel = Relations.of(site.bulletins)
    today = board(site, rel, "yuhuazhai")
    html = board_html(site, rel, today)
    assert "size: A3 landscape" in html  # three columns: landscape
    assert [m for m in re.findall(r'gk-band gk-group-(\S+?)"', html)] == ["党务", "村务", "财务"]
    assert "鱼化寨村村务公开栏" in html and "截至 2026年11月15日" in html
    assert "公开情况" in html and "财务收支" in html  # the compliance summary at the foot
    assert html.count('class="gk-card"') == len(today.items) == 5
    widths = column_widths(today)
    assert sum(widths) == 100 and min(widths) >= 25 and widths[1] == max(widths)  # 村务 holds the most
    assert "size: A3 portrait" in board_html(site, rel, today, orientation="portrait")


def test_writer_puts_poster_pages_in_the_site_and_poster_url_in_bulletins_json(village, tmp_path, caplog):
    site = village.validate()
    out = tmp_path / "site"
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.gongkai"):
        api.write(site, out)
        write(site, out)
    warnings = [r for r in caplog.records if r.name == "mkdocs.plugins.gongkai"]
    assert len(warnings) == 1
    assert "site_url" in warnings[0].getMessage() and "二维码" in warnings[0].getMessage()
    records = json.loads((out / "api" / "bulletins.json").read_text(encoding="utf-8"))
    assert len(records) == len(site.bulletins) == 9
    for record in records:
        assert record["poster_url"] == poster_url(record["url"]) == f"posters/{record['url']}"
        page = (out / record["poster_url"] / "index.html").read_text(encoding="utf-8")
        assert record["title"] in page
    for unit in site.context.units:
        assert (out / unit_poster_url(unit) / "index.html").is_file()


def test_writer_is_quiet_with_site_url(village, tmp_path, caplog):
    village.write("mkdocs.yml", SITE_URL)
    site = village.validate()
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.gongkai"):
        write(site, tmp_path)
    assert not [r for r in caplog.records if r.name == "mkdocs.plugins.gongkai"]


class _NoWeasyPrint:
    """An import hook that fails like a machine without WeasyPrint or without Pango."""

    def __init__(self, error: Exception):
        self.error = error

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise self.error
        return None


@pytest.mark.parametrize(("error", "expected"), [
    (ImportError("No module named 'weasyprint'"), "没有安装 WeasyPrint"),
    (OSError("cannot load library 'libpango-1.0-0'"), "找不到它需要的系统库"),
])
def test_posters_command_says_what_is_missing(village, monkeypatch, capsys, error, expected):
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_NoWeasyPrint(error), *sys.meta_path])
    monkeypatch.setenv("GONGKAI_AS_OF", "2026-11-15")
    code = cli.main(["--root", str(village.root), "posters", "--out", str(village.root / "pdf")])
    err = capsys.readouterr().err
    assert code == 3
    assert expected in err and "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in err
    assert "Traceback" not in err
    assert not (village.root / "pdf").exists()


def test_posters_command_rejects_an_unknown_unit(village, monkeypatch, capsys):
    monkeypatch.setenv("GONGKAI_AS_OF", "2026-11-15")
    assert cli.main(["--root", str(village.root), "posters", "--unit", "nosuch"]) == 2
    assert "nosuch" in capsys.readouterr().err


def test_amount_columns_are_right_aligned_without_the_clerk_asking(project):
    body = ("## 基本情况\n\n| 项目 | 人数 | 金额（元） |\n|---|---|---|\n| 上期结余 | 126 | 2,564,976.83 |\n"
            "| 本期收入 | 12 | — |\n| 本期结余 | 3 | 2,694,137.54 |\n\n"
            "## 组织机构\n\n略。\n\n## 联系方式\n\n略。\n")
    project.write("bulletins/yuhuazhai/2026/profile.md", item_text("profile", body=body))
    site = project.validate()
    html = item_html(site, site.bulletins[0], for_pdf=True)  # on screen the head cells also get scope="col"
    assert '<th align="right" class="gk-nowrap">金额（元）</th>' in html
    assert '<td align="right" class="gk-num">2,564,976.83</td>' in html
    assert '<td align="right" class="gk-num">—</td>' in html
    assert '<td class="gk-num">126</td>' in html  # a number column, but counts are not amounts: no align
    assert '<tr class="gk-total">' in html  # 本期结余
