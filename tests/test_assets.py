"""The site's own scripts and stylesheets: minified in the built site, the search script only on the search
page, and no script that blocks rendering on the site's pages (mkdocs-material's bundle is deferred too)."""

from __future__ import annotations

import re

from conftest import PROJECT
from gongkai import assets

SOURCES = PROJECT / "theme" / "assets" / "javascripts"
_SCRIPT = re.compile(r"<script\b([^>]*)\bsrc=\"([^\"]+)\"([^>]*)>")


def test_built_scripts_are_the_minified_sources(example_site):
    from gongkai import preview

    assert not (example_site / preview.SCRIPT).exists()  # the preview's reload script: `mkdocs serve` only
    for source in sorted(SOURCES.glob("gongkai-*.js")):
        if preview.SCRIPT.endswith("/" + source.name):
            continue
        built = (example_site / "assets" / "javascripts" / source.name).read_text("utf-8")
        assert built == assets.minify(source.read_text("utf-8"))
        assert len(built) < 0.75 * source.stat().st_size, source.name  # comments and indentation gone
        assert "/*" not in built


def test_one_minified_stylesheet_holds_all_of_the_sites(example_site):
    styles = PROJECT / "theme" / "assets" / "stylesheets"
    ours = {p.name for p in styles.glob("*.css")} - set(assets.POSTER_STYLESHEETS)
    assert ours == set(assets.STYLESHEETS)  # a new stylesheet must be added to the bundle
    built = (example_site / "assets" / "stylesheets" / assets.BUNDLE).read_text("utf-8")
    assert built == assets.bundle(styles)
    assert len(built) < 0.85 * sum((styles / name).stat().st_size for name in assets.STYLESHEETS)
    home = (example_site / "index.html").read_text("utf-8")
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', home)
    assert len(stylesheets) == 2 and re.fullmatch(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css", stylesheets[0])
    assert stylesheets[1] == "assets/stylesheets/gongkai.min.css"  # material's palette.css is not loaded


def test_minifying_is_deterministic():
    text = (SOURCES / "gongkai-search.js").read_text("utf-8")
    assert assets.minify(text) == assets.minify(text)
    assert assets.minify(assets.minify(text)) == assets.minify(text)  # a shard join minifies copies again


def test_search_script_only_on_the_search_page_and_no_script_blocks_rendering(example_site):
    with_search = []
    for page in sorted(example_site.rglob("*.html")):
        rel = page.relative_to(example_site).as_posix()
        for before, src, after in _SCRIPT.findall(page.read_text("utf-8")):
            if "gongkai-search" in src:
                with_search.append(rel)
            if not rel.startswith("posters/"):  # poster print pages read 大字 in <head>
                assert "defer" in before + after, (rel, src)
    assert with_search == ["search/index.html"]
