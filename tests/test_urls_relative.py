"""urls.relative: its own relpath (no os.getcwd) gives what posixpath.relpath gives for site URLs."""

from __future__ import annotations

import posixpath

from gongkai.urls import _relpath, relative
from hypothesis import given
from hypothesis import strategies as st

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
