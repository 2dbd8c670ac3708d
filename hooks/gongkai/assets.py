"""The site's own scripts, minified in the built site (rjsmin, a maintained PyPI minifier).

theme/assets/javascripts/gongkai-*.js stay readable in the repository; MkDocs copies them to
site/assets/javascripts/, and this writer replaces each copy with its minified text (the same
file name, so templates and the CSP need not know). Deterministic: the same source, the same bytes."""

from __future__ import annotations

import pathlib

import rjsmin

from .validate import Site

SCRIPTS = "assets/javascripts"
OURS = "gongkai-*.js"


def minify(source: str) -> str:
    return rjsmin.jsmin(source, keep_bang_comments=False) + "\n"


def write(site: Site, site_dir: pathlib.Path) -> None:
    for script in sorted((site_dir / SCRIPTS).glob(OURS)):
        script.write_text(minify(script.read_text("utf-8")), encoding="utf-8")
