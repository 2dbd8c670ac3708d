"""urls.relative: its own relpath (no os.getcwd) gives what posixpath.relpath gives for site URLs; urls.canonical
gives what MkDocs' Page gives."""

from __future__ import annotations

import posixpath

from gongkai.urls import _any_relative, _relpath, canonical, relative
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.structure.pages import Page

SEGMENT = st.sampled_from(["a", "b", "town000-v00-yuyu", "2026", "finance-2026-01", "公开", "index.html", "."])
PATH = st.lists(SEGMENT, max_size=5).map(lambda parts: "/".join(parts) or ".")


@given(PATH, PATH)
def test_relpath_is_posixpath_relpath(target: str, start: str) -> None:
    assert _relpath(target, start) == posixpath.relpath(target, start)


def test_relative_links() -> None:
    assert relative("u/2026/item/", "u/") == "../../"
    assert relative("u/2026/item/", "u/2026/item/") == "./"
    assert relative("u/2026/item/", "v/2025/other/") == "../../../v/2025/other/"
    assert relative("", "u/2026/item/") == "u/2026/item/"
    assert relative("u/2026/item/", "assets/x.css") == "../../../assets/x.css"


URL_SEGMENT = st.sampled_from(["a", "b", "town000-v00-yuyu", "2026", "finance-2026-01", "公开", "index.html", ".",
                               "..", "", "x y", "v1.2", "-x", "~"])
URL = st.tuples(st.lists(URL_SEGMENT, max_size=5), st.booleans()).map(
    lambda t: "/".join(t[0]) + ("/" if t[1] and t[0] else ""))


@given(URL, URL)
def test_the_short_way_gives_what_the_long_way_gives(from_url: str, to_url: str) -> None:
    """Plain URLs take a short way (no normpath, no quote): the same link as the general one, for any URL."""
    assert relative(from_url, to_url) == _any_relative(from_url, to_url)


SITE_URL = st.sampled_from(["https://gongkai.example.gov.cn/", "https://x.cn", "https://x.cn/county/", "https://x.cn/a/./b/",
                            "https://x.cn/a//b/", "https://x.cn/a/../", "http://x.cn/?q=1", "https://x.cn/#top",
                            "https://x.cn/公开/", "//x.cn/"])


@given(SITE_URL, URL)
def test_canonical_urls_are_mkdocs_own(site_url: str, url: str) -> None:
    """The short way gives the canonical URL and path MkDocs' Page sets, for any site_url and page URL."""
    page = Page.__new__(Page)
    page.file = type("FileStub", (), {"url": url})()
    page._set_canonical_url(site_url)
    assert canonical(site_url, page.url) == (page.canonical_url, page.abs_url)
