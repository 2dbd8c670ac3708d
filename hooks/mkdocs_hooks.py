"""MkDocs hooks: a thin adapter from MkDocs events to the gongkai pipeline.

    on_config        validate bulletins/ (the same validator as `gongkai check`); stop on errors
    on_pre_build     hide the previous site from MkDocs' clean (kept_site.py: the build updates it in place)
    on_files         bring it back; start the posters, feeds and api in a second process; add one page per item,
                     the listing pages and the attachments; a generated page the cache holds goes in as a
                     StoredPage (its HTML copied, never rendered; not even copied when the kept site has it);
                     with a cache, the search index's process starts once the pages are planned
    on_env           write the site map (sitemap.xml and .gz), stored pages included
    on_page_content  put the metadata header and related links around each item's body
    on_post_build    hand the search index's process the published bodies (or write the index); wait for
                     the second processes; remove from the kept site what this build did not make
"""

from __future__ import annotations

import gc
import pathlib
import shutil
import sys
from urllib.parse import urlsplit

from gongkai import attachments, background, build_mode, kept_site, published_files, urls
from gongkai.diagnostics import format_human
from gongkai.settings import load_settings
from gongkai.shards import publish
from gongkai.shards.plan import ShardError
from gongkai.timings import timed
from mkdocs.commands.build import _build_theme_template
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

SITEMAP = "sitemap.xml"

# What the hooks keep between events: this build (whole, shard, join or the preview of errors), and whether
# MkDocs runs `serve` (the preview shows errors in the browser instead of stopping).
_build: build_mode.Build | None = None
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def _current() -> build_mode.Build:
    assert _build is not None, "on_config has not run"
    return _build


def current_build() -> build_mode.Build | None:
    """The last build (`gongkai preview` updates its pages in place: hot_path.py)."""
    return _build


def on_config(config):
    global _build
    gc.unfreeze()  # what a previous build of `mkdocs serve` froze (below) may be collected again
    root = pathlib.Path(config.config_file_path).parent
    settings = load_settings(root, {"extra": dict(config.extra), "site_url": config.site_url,
                                    "site_name": config.site_name, "mdx_configs": config.mdx_configs,
                                    "markdown_extensions": config.markdown_extensions})
    try:
        preview_base = urlsplit(config.site_url or "/").path or "/" if _serving else None
        build = build_mode.start(root, settings, preview_base)  # GONGKAI_SHARD / GONGKAI_JOIN: the shards package
    except ShardError as err:
        raise Abort(str(err)) from None
    gc.freeze()  # the validated site lives as long as the build: the collector need not walk it again and again
    site = build.site
    if site.diagnostics:
        print(format_human(site.diagnostics), file=sys.stderr)
    if not site.ok and not build.shows_errors:
        # Nothing may be published from content with errors: leave no site that could be deployed.
        shutil.rmtree(config.site_dir, ignore_errors=True)
        raise Abort("公开事项有错误，网站未生成。请按上面的提示修改后再构建（也可以先运行 gongkai check）。")
    if _build is not None:
        _build.stop()  # a previous `mkdocs serve` build's second processes, if still running
    _build = build
    config.extra.update(build.template_extra())  # <head> feed links, the preview's script (gk-extrahead.html)
    config.theme.static_templates.discard(SITEMAP)  # on_env writes it: it lists the stored pages too
    return config


def on_pre_build(config) -> None:
    _current().hide_site(pathlib.Path(config.site_dir))


def on_files(files: Files, config) -> Files:
    build = _current()
    site_dir = pathlib.Path(config.site_dir)
    build.restore_site()
    build.start_background(site_dir)  # posters, feeds, api … in a second process while the pages are made
    site = build.site
    generated = build.page_sources(config.nav)
    for file in list(files):
        if not build.keeps(file.src_uri, file.is_documentation_page()) or file.src_uri == SITEMAP:
            files.remove(file)  # the theme's sitemap.xml is a template (on_env renders it), not a file to copy
    for src_uri in generated:
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
    photos = attachments.board_photo_sources(site.bulletins)
    sources = attachments.published_sources(build.root, site.attachments, photos)
    with timed("board photos and attachments without metadata"):
        published = published_files.prepare(build.root, sorted(photos), sources)
    listing = sorted([f.src_uri for f in files] + list(generated) + list(published))
    with timed("plan pages (cache)"):
        candidates = build.plan_pages(generated, build.template_extra(), listing, publish.nav_sources(config.nav),
                                      site_dir)
        for src_uri, content in generated.items():
            stored = StoredPage.of(config, src_uri, build) if src_uri in candidates else None
            files.append(stored or File.generated(config, src_uri, content=content))
    # Images and PDFs go out without metadata, board photos only as renditions (published_files.py).
    for src_uri, path in published.items():
        files.append(File.generated(config, src_uri, abs_src_path=str(path)))
    timed.mark("pages")
    return files


class StoredPage(File):
    """A generated page whose final HTML the cache holds (page_cache.py): for MkDocs not a Markdown page (no
    rendering), a file it copies into the site, unless the kept site already has it (kept_site.py); the path,
    the URL and the Page (for the site map) are the page's, so links to it and the site map come out as in a
    clean build."""

    kept_as_is = False  # the kept site holds it: nothing to write
    kept: kept_site.Part | None = None  # where it is written (and recorded for the next build)
    key = ""  # the page's cache key, which names its bytes

    def is_documentation_page(self) -> bool:
        return False

    @classmethod
    def of(cls, config, src_uri: str, build: build_mode.Build) -> StoredPage | None:
        """The page as stored, or None when the cache does not have it after all (MkDocs renders it)."""
        dest_uri = File(src_uri, None, config.site_dir, config.use_directory_urls).dest_uri
        html = build.stored(src_uri, dest_uri)
        if html is None:
            return None
        stored = cls.generated(config, src_uri, content=html)
        stored.dest_uri = dest_uri
        stored.kept_as_is, stored.kept, stored.key = html == "", build.stored_pages, build.page_key(src_uri)
        _StoredPageOfSitemap(None, stored, config)
        return stored

    def copy_file(self, dirty: bool = False) -> None:
        if self.kept_as_is:
            return
        if self.kept is None:
            super().copy_file(dirty)
        else:
            self.kept.write_lazily(self.dest_uri, self.key, lambda: self.content_bytes)


class _StoredPageOfSitemap(Page):
    """A StoredPage's Page, which the site map reads: its canonical URL joined the short way (urls.canonical)."""

    def _set_canonical_url(self, base: str | None) -> None:
        if base:
            self.canonical_url, self.abs_url = urls.canonical(base, self.url)
        else:
            self.canonical_url = self.abs_url = None


class _SitemapPages(Files):
    """The pages the site map lists: MkDocs' Markdown pages and the StoredPages, in the files' order."""

    def documentation_pages(self, *, inclusion=InclusionLevel.is_included):
        return [f for f in self if (f.is_documentation_page() or isinstance(f, StoredPage)) and inclusion(f.inclusion)]


def on_env(env, config, files):
    """The site map by MkDocs' own template and writer (the theme's static template is turned off in
    on_config), for every build, whether pages came from the cache or not."""
    _build_theme_template(SITEMAP, env, _SitemapPages(files), config, None)
    return env


def on_page_content(html: str, page, config, files) -> str:
    return _current().page_content(page.file.src_uri, html)


def on_post_page(output: str, page, config) -> str:
    return _current().page_output(page.file.src_uri, page.file.dest_uri, output)


def on_post_build(config) -> None:
    timed.since("pages", "render pages (MkDocs)")
    try:
        _current().post_build(pathlib.Path(config.site_dir))
    except background.BackgroundFailed as err:
        raise Abort(str(err)) from None
    timed.report()
    if not _serving:
        gc.freeze()  # the process ends: its last collection would walk every object (0.4 s at 10,000 items)


def on_build_error(error) -> None:
    if _build is not None:
        _build.stop()
