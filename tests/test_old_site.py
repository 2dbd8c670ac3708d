"""The previous site set aside in one rename and removed by a detached process after the build (old_site.py)."""

from __future__ import annotations

import pathlib
import time

from gongkai import old_site


def _gone(path: pathlib.Path, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not path.exists()


def _site(folder: pathlib.Path) -> pathlib.Path:
    for n in range(50):
        page = folder / f"u{n % 5}" / f"item-{n}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<p>旧页面</p>", encoding="utf-8")
    return folder


def test_old_site_is_renamed_then_removed(tmp_path) -> None:
    site = _site(tmp_path / "site")
    aside = old_site.set_aside(site)
    assert aside == tmp_path / f".site{old_site.MARK}{aside.name.rsplit('-', 1)[1]}"
    assert not site.exists()  # MkDocs finds nothing to clean
    assert aside.is_dir()  # not removed while the build writes the new site
    old_site.remove_set_aside(site)
    assert _gone(aside)


def test_folders_a_killed_build_left_are_removed_too(tmp_path) -> None:
    left = _site(tmp_path / f".site{old_site.MARK}1")
    other = _site(tmp_path / ".site-keep")  # not ours: never touched
    site = _site(tmp_path / "site")
    assert old_site.left_behind(site) == [left]
    aside = old_site.set_aside(site)
    assert aside is not None and aside.is_dir() and left.is_dir()
    old_site.remove_set_aside(site)
    assert _gone(aside) and _gone(left)
    assert (other / "u0").is_dir()


def test_a_symlinked_or_missing_site_is_left_to_mkdocs(tmp_path) -> None:
    target = _site(tmp_path / "www")
    link = tmp_path / "site"
    link.symlink_to(target)
    assert old_site.set_aside(link) is None
    assert link.is_symlink() and (target / "u0").is_dir()
    assert old_site.set_aside(tmp_path / "nothing") is None
