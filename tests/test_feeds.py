"""Atom feeds: they parse with feedparser, newest first, one for the site and one per unit."""

from __future__ import annotations

import feedparser
import pytest
from conftest import AS_OF
from gongkai import feeds
from gongkai.validate import validate_site

SECTIONS = ("收入", "支出", "结余", "监督意见")


@pytest.fixture
def site(project):
    # Three units, published on different days; a withdrawn item is still news.
    project.item("yuhuazhai/2026/finance-2026-07.md", "finance", period="2026-07", published="2026-08-05",
                 body="本月收支情况公开如下。\n\n" + "".join(f"## {s}\n\n有。\n\n" for s in SECTIONS))
    project.item("yuhuazhai/2026/finance-2026-08.md", "finance", period="2026-08", published="2026-09-04")
    project.item("nanjiang/2026/finance-2026-q3.md", "finance", period="2026-Q3", published="2026-10-12")
    project.item("minzheng/2026/procurement.md", "procurement",
                 extra="status: withdrawn\nwithdrawn_reason: 项目取消")
    return validate_site(project.root, as_of=AS_OF)


def parse(path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_site_feed_is_newest_first_with_every_field(site, tmp_path):
    site.context.settings.site_url = "https://gongkai.example.gov.cn/"
    feeds.write(site, tmp_path)
    feed = parse(tmp_path / "feeds/all.xml")
    assert feed.feed.title == "公开栏 · 最新公开"
    assert feed.feed.link == "https://gongkai.example.gov.cn/"
    titles = [e.title for e in feed.entries]
    assert titles == ["测试事项 finance"] * 3 + ["【已撤回】测试事项 procurement"]
    published = [e.published for e in feed.entries]
    days = ("2026-10-12", "2026-09-04", "2026-08-05", "2026-05-13")
    assert published == [f"{day}T00:00:00+08:00" for day in days]
    assert feed.feed.updated == "2026-10-12T00:00:00+08:00"  # the newest item, not the clock
    newest = feed.entries[0]
    assert newest.link == "https://gongkai.example.gov.cn/nanjiang/2026/finance-2026-q3/"
    assert newest.author == "南江村"
    assert [t.term for t in newest.tags] == ["finance"] and newest.tags[0].label == "财务收支"
    assert newest.summary.startswith("南江村 · 财务收支 · 2026年第三季度 · 发布于 2026-10-12。")
    oldest_finance = feed.entries[2]
    assert oldest_finance.summary.endswith("发布于 2026-08-05。本月收支情况公开如下。")
    assert len({e.id for e in feed.entries}) == 4


def test_unit_feeds_hold_only_their_units_items(site, tmp_path):
    feeds.write(site, tmp_path)
    assert sorted(p.name for p in (tmp_path / "feeds").iterdir()) == [
        "all.xml", "minzheng.xml", "nanjiang.xml", "sitemap.xml", "yuhua.xml", "yuhuazhai.xml"]
    feed = parse(tmp_path / "feeds/yuhuazhai.xml")
    assert feed.feed.title == "鱼化寨村 · 公开信息"
    assert [e.link for e in feed.entries] == ["../yuhuazhai/2026/finance-2026-08/",
                                              "../yuhuazhai/2026/finance-2026-07/"]  # no site_url: relative
    assert {e.author for e in feed.entries} == {"鱼化寨村"}
    empty = parse(tmp_path / "feeds/yuhua.xml")
    assert empty.entries == [] and empty.feed.updated == f"{AS_OF.isoformat()}T00:00:00+08:00"


def test_feeds_keep_only_the_newest(site, tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_LIMIT", 2)
    feeds.write(site, tmp_path)
    entries = parse(tmp_path / "feeds/all.xml").entries
    assert [e.published[:10] for e in entries] == ["2026-10-12", "2026-09-04"]


def test_excerpt_skips_headings_tables_and_comments(site):
    item = next(b for b in site.bulletins if b.path.endswith("finance-2026-07.md"))
    item.body = ("<!-- 提示 -->\n\n## 收入\n\n| 项目 | 金额 |\n|---|---|\n| a | 1 |\n\n"
                 "**本期**收支[详见附件](a.pdf)。\n")
    assert feeds.excerpt(site, item) == "本期收支详见附件。"
    item.body = "很长" * 200
    assert len(feeds.excerpt(site, item)) == feeds.SUMMARY_CHARS and feeds.excerpt(site, item).endswith("…")
