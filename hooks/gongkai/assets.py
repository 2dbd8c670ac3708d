"""The site's own scripts and stylesheets, minified in the built site (rjsmin and rcssmin, maintained
PyPI minifiers), so that a phone fetches less and waits for fewer render-blocking files.

- theme/assets/javascripts/gongkai-*.js stay readable in the repository; MkDocs copies them to
  site/assets/javascripts/ and this writer replaces each copy with its minified text (same name).
- The site's stylesheets (STYLESHEETS, in cascade order) become one file, gongkai.min.css, which
  mkdocs.yml lists as its only extra_css: one request that blocks rendering instead of six.

Deterministic: the same sources, the same bytes."""

from __future__ import annotations

import pathlib

import rcssmin
import rjsmin

from .site import Site

SCRIPTS = "assets/javascripts"
OURS = "gongkai-*.js"
STYLES = "assets/stylesheets"
# Cascade order: colours and type first (custom properties), then the components.
STYLESHEETS = ("gongkai-a11y.css", "gongkai.css", "gongkai-compliance.css", "gongkai-search.css",
               "gongkai-tables.css", "gongkai-requests.css", "gongkai-evidence.css")
BUNDLE = "gongkai.min.css"
# Poster print pages link their own (poster.css, gongkai-poster-screen.css): not in the bundle.
POSTER_STYLESHEETS = ("poster.css", "gongkai-poster-screen.css")


def minify(source: str) -> str:
    return rjsmin.jsmin(source, keep_bang_comments=False) + "\n"


def minify_css(source: str) -> str:
    return rcssmin.cssmin(source, keep_bang_comments=False) + "\n"


def bundle(folder: pathlib.Path) -> str:
    """The site's stylesheets from `folder`, minified, in one text."""
    return "".join(minify_css((folder / name).read_text("utf-8")) for name in STYLESHEETS)


def write(site: Site, site_dir: pathlib.Path) -> None:
    for script in sorted((site_dir / SCRIPTS).glob(OURS)):
        script.write_text(minify(script.read_text("utf-8")), encoding="utf-8")
    styles = site_dir / STYLES
    if all((styles / name).is_file() for name in STYLESHEETS):
        (styles / BUNDLE).write_text(bundle(styles), encoding="utf-8")
