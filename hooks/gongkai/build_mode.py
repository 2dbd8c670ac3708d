"""How this build runs: the whole site, one shard of it (GONGKAI_SHARD), or the join of shards (GONGKAI_JOIN).

`start(root, settings)` reads the environment once and gives one `Build`; the MkDocs hooks ask it for the
site, the pages, the writers and the finish step and never branch on the mode themselves. Each output
declares what it does in a join (outputs.Output.in_join); what the modes do with pages and files is in
the shards package (publish, manifest, join).
"""

from __future__ import annotations

import os
import pathlib
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any

from . import assets, background, cache, feeds, item_page, kept_site, outputs, page_html, preview, search_output
from .model import Bulletin
from .outputs import Output, Writer
from .page_cache import PageCache, PageSource
from .relations import Relations
from .settings import Settings
from .shards import join, manifest, plan, publish
from .site import Site
from .timings import timed
from .validate import validate_site


@dataclass
class Build:
    """A whole build: every unit's pages and every output."""

    root: pathlib.Path
    site: Site
    preview_base: str | None = None  # `mkdocs serve`: the site's path on the preview server
    relations: Relations = field(init=False)
    items: dict[str, Bulletin] = field(init=False)  # src_uri → the item whose page MkDocs renders
    background: BaseProcess | None = field(default=None, init=False)  # the BACKGROUND_WRITERS' process
    early_search: search_output.EarlyIndex | None = field(default=None, init=False)  # the search index's process
    # The items whose bodies the search index's process still waits for (None: not counted yet): once none is
    # left it is handed them, before MkDocs puts the pages into their templates.
    awaited: set[str] | None = field(default=None, init=False)
    after_pages: BaseProcess | None = field(default=None, init=False)  # PreviewBuild: the writers it does not wait for
    page_cache: PageCache | None = field(default=None, init=False)  # generated pages not rendered again
    hidden: kept_site.Hidden | None = field(default=None, init=False)  # the previous site/, during MkDocs' clean
    stored_pages: kept_site.Part | None = field(default=None, init=False)  # the generated pages' files
    # Generated pages MkDocs wrote: file → (key, digest of the bytes), recorded by `sweep`.
    rendered_pages: dict[str, tuple[str, str]] = field(default_factory=dict, init=False)
    shows_errors = False  # ErrorPreview: a site with errors, shown as its page of errors
    keeps_site = True  # whether the previous site/ is updated in place (kept_site.py) rather than made anew
    indexes_early = True  # whether the search index's process starts before the pages render (EarlyIndex)

    def __post_init__(self) -> None:
        self.relations = Relations.of(self.site.bulletins)
        self.items = {item.src_uri: item for item in self.site.bulletins}

    def hide_site(self, site_dir: pathlib.Path) -> None:
        """Before MkDocs empties site/: hide it, to update it in place after (kept_site.py)."""
        self.hidden = kept_site.hide(site_dir)

    def restore_site(self) -> None:
        """After MkDocs' clean: the previous site back, or (keeps_site False) removed."""
        if self.hidden is None:
            return
        if not self.keeps_site:
            kept_site.remove_detached(kept_site.left_behind(self.hidden.site_dir))
            self.hidden = None
            return
        self.hidden.restore()
        self.stored_pages = kept_site.Part.open(self.hidden.site_dir, self.site.cache, "pages")

    def plan_pages(self, generated: dict[str, str], template_extra: Any, file_listing: list[str],
                   nav_pages: set[str], site_dir: pathlib.Path) -> set[str]:
        """With a cache: the generated pages this build may not render (page_cache.py), all but the nav's: each
        is then either a `stored` page or rendered. Then the search index's process starts (EarlyIndex)."""
        if self.site.cache is None:
            return set()
        self.page_cache = PageCache(self.site.cache, self.site.inputs_key)
        sources = [PageSource(src_uri, text, self.items.get(src_uri))
                   for src_uri, text in generated.items() if src_uri not in nav_pages]
        self.page_cache.plan(self.site, self.relations, sources, template_extra, file_listing)
        if self.indexes_early and search_output.write in self.writers(outputs.WRITERS):
            pending = frozenset(s.src_uri for s in sources if s.item and s.src_uri not in self.page_cache.candidates)
            self.early_search = search_output.EarlyIndex.start(self.site, site_dir, self.page_cache.bodies, pending)
        return self.page_cache.candidates

    def stored(self, src_uri: str, dest_uri: str) -> str | None:
        """A planned page's final HTML from the cache; "" when the kept site already holds it (kept_site.py:
        nothing to read or write); None when it is not in the cache (MkDocs renders it)."""
        assert self.page_cache is not None
        key = self.page_cache.keys[src_uri]
        if self.stored_pages is not None and self.stored_pages.unchanged(dest_uri, key):
            html: str | None = ""
        else:
            html = self.page_cache.html(src_uri)
        if html is None:
            return None
        self.page_cache.stored.add(src_uri)
        body = self.page_cache.bodies.get(src_uri)
        if body is not None:
            self.site.rendered[src_uri] = body  # what search reads of the item
        return html

    def page_key(self, src_uri: str) -> str:
        """The cache key of a page plan_pages keyed: it names the page's bytes."""
        assert self.page_cache is not None
        return self.page_cache.keys[src_uri]

    def page_content(self, src_uri: str, html: str) -> str:
        """The body of a page as published: an item's wrapped in its header and footer (item_page.py)."""
        item = self.items.get(src_uri)
        if item is not None:
            html = item_page.wrap(html, self.site, self.relations, item)
            self._hand_over_when_all_rendered(src_uri)
        return page_html.finish(html)

    def _hand_over_when_all_rendered(self, src_uri: str) -> None:
        """Hand the search index's process the bodies as soon as the last item MkDocs renders has its body (the
        stored pages recorded theirs in on_files), not after every page's template: the index is written while
        MkDocs finishes the pages. An item never rendered (outside a shard) leaves it to `post_build`."""
        if self.early_search is None or self.early_search.handed:
            return
        if self.awaited is None:
            self.awaited = set(self.items) - set(self.site.rendered)
        self.awaited.discard(src_uri)
        if not self.awaited:
            self.early_search.hand_over(self.site.rendered)

    def page_output(self, src_uri: str, dest_uri: str, output: str) -> str:
        """The page's final HTML, stored in the cache for the next build (which keeps the file MkDocs writes
        from it: ``dest_uri``, recorded by `sweep`)."""
        if self.page_cache is not None:
            self.page_cache.remember(src_uri, self.site.rendered.get(src_uri), output)
            key = self.page_cache.keys.get(src_uri)
            if key is not None and self.stored_pages is not None:  # MkDocs writes it encoded so (write_file)
                data = output.encode("utf-8", errors="xmlcharrefreplace")
                self.rendered_pages[dest_uri] = (key, kept_site.token_of(data))
        return output

    def page_sources(self, nav: Any) -> dict[str, str]:
        """{src_uri: Markdown} of every page gongkai generates (listings, items …; ``nav``: mkdocs.yml's nav)."""
        return self.sources_of(self.site, self.relations, nav)

    def sources_of(self, site: Site, relations: Relations, nav: Any) -> dict[str, str]:
        """The page sources this build would write for ``site`` (the preview's step 2 makes them in a thread,
        before the site replaces the Build's)."""
        generated: dict[str, str] = {}
        for generate in outputs.PAGE_GENERATORS:
            generated.update(generate(site, relations))
        for item in site.bulletins:
            generated[item.src_uri] = item_page.item_markdown(item)
        return self.pages(generated, nav)

    def pages(self, generated: dict[str, str], nav: Any) -> dict[str, str]:
        """The generated pages this build writes (``nav``: mkdocs.yml's nav)."""
        return generated

    def keeps(self, src_uri: str, is_page: bool) -> bool:
        """Whether a file MkDocs found (docs/, the theme) goes into the site: the preview's script only
        into a preview."""
        return self.preview_base is not None or src_uri != preview.SCRIPT

    def template_extra(self) -> dict[str, Any]:
        """What the theme's templates read from config.extra (gk-extrahead.html)."""
        return {"gongkai_feed_units": feeds.feed_units(self.site),  # <head> feed links
                "gongkai_preview": self.preview_base is not None}  # the preview's reload script

    def writers(self, outputs: list[Output]) -> list[Writer]:
        return [output.write for output in outputs]

    def start_background(self, site_dir: pathlib.Path) -> None:
        """The BACKGROUND_WRITERS, in a second process while the pages are made."""
        self.background = background.start(self.writers(outputs.BACKGROUND_WRITERS), self.site, site_dir)

    def post_build(self, site_dir: pathlib.Path) -> None:
        """After the pages: the WRITERS (the search index by its process, when it was started), the background
        writers joined, then `finish`. Raises background.BackgroundFailed."""
        early = self.early_search  # kept until it is waited for: a failure before then stops it (`stop`)
        if early is not None and not early.handed:
            early.hand_over(self.site.rendered)
        for write in self.writers(outputs.WRITERS):
            if early is None or write is not search_output.write:
                with timed(f"{write.__module__}.{write.__name__}"):
                    write(self.site, site_dir)
        with timed("wait for background writers"):
            running, self.background = self.background, None
            background.wait(running)
        if early is None:
            self.finish(site_dir)
            self.sweep(site_dir)
            return
        self.sweep(site_dir, leaving=search_output.INDEX_FILES)  # while the index's process writes them
        with timed("wait for the search index"):
            early.wait()
        self.early_search = None
        self.finish(site_dir)

    def sweep(self, site_dir: pathlib.Path, leaving: tuple[str, ...] = ()) -> None:
        """Remove from the kept site/ what this build did not make (kept_site.sweep), but for the files and
        folders ``leaving`` names (their writer removes what it no longer makes)."""
        if self.hidden is None:
            return
        with timed("remove what this build did not make"):
            if self.stored_pages is not None:
                for rel, (key, content_digest) in self.rendered_pages.items():
                    self.stored_pages.record(rel, key, content_digest)
                self.stored_pages.save()
            kept = kept_site.kept_files(self.site.cache, self.hidden.since_ns)
            kept_site.sweep(site_dir, self.hidden.since_ns, kept, leaving)

    def stop(self) -> None:
        """Stop this build's second processes (a `mkdocs serve` rebuild starts, or the build failed)."""
        for running in (self.background, self.after_pages):
            background.stop(running)
        self.background = self.after_pages = None
        if self.early_search is not None:
            self.early_search.stop()
            self.early_search = None

    def finish(self, site_dir: pathlib.Path) -> None:
        """After every writer: nothing more for a whole build."""


@dataclass
class ShardBuild(Build):
    """One subtree of units.yml: its units' pages (the nav's global pages as stubs), then shard.json."""

    shard_id: str = ""
    scope: frozenset[str] = frozenset()

    def pages(self, generated: dict[str, str], nav: Any) -> dict[str, str]:
        return publish.shard_pages(generated, self.scope, publish.nav_sources(nav))

    def finish(self, site_dir: pathlib.Path) -> None:
        manifest.write(self.site, site_dir, self.shard_id)
        publish.prune(site_dir, self.scope)


@dataclass
class JoinBuild(Build):
    """The global pages from the shards' JSON; the outputs that merge in a join come from the shards."""

    joined: list[join.ShardOutput] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.items = {}  # the item pages come from the shards

    def pages(self, generated: dict[str, str], nav: Any) -> dict[str, str]:
        return publish.global_pages(generated, self.site.context.units)

    def writers(self, outputs: list[Output]) -> list[Writer]:
        return [output.write for output in outputs if output.in_join == "run"]

    def finish(self, site_dir: pathlib.Path) -> None:
        join.write_join(self.site, self.joined, site_dir)


@dataclass
class PreviewBuild(Build):
    """`mkdocs serve` of a site without errors: the preview serves the pages as soon as they are written; the
    writers marked in_preview="later" (posters, feeds, the search index) finish in second processes. Its site is
    made anew each time (no sweep could wait for those writers)."""

    keeps_site = False
    indexes_early = False  # the search index is written by a process of its own after the pages (post_build)

    def start_background(self, site_dir: pathlib.Path) -> None:
        now = [o for o in outputs.BACKGROUND_WRITERS if o.in_preview == "wait"]
        self.background = background.start(self.writers(now), self.site, site_dir)
        later = [o for o in outputs.BACKGROUND_WRITERS if o.in_preview == "later"]
        self.after_pages = background.start(self.writers(later), self.site, site_dir)

    def post_build(self, site_dir: pathlib.Path) -> None:
        later = [o.write for o in outputs.WRITERS if o.in_preview == "later"]
        for write in (o.write for o in outputs.WRITERS if o.in_preview == "wait"):
            write(self.site, site_dir)
        background.wait(self.background)
        self.background = background.start(later, self.site, site_dir)  # forked now: it has the pages' HTML


@dataclass
class ErrorPreview(Build):
    """`mkdocs serve` while bulletins/ has errors: no page, only the page of errors (preview.py) as the
    server's 404.html, which it sends for every address. Never a `mkdocs build`: that stops on errors."""

    shows_errors = True
    keeps_site = False

    def __post_init__(self) -> None:
        super().__post_init__()
        self.items = {}

    def page_sources(self, nav: Any) -> dict[str, str]:
        return {}

    def keeps(self, src_uri: str, is_page: bool) -> bool:
        return not is_page

    def writers(self, outputs: list[Output]) -> list[Writer]:
        return []

    def finish(self, site_dir: pathlib.Path) -> None:
        assets.write(self.site, site_dir)  # the stylesheet and the page's script
        html = preview.error_page(self.site.diagnostics, self.site.context.settings.site_name,
                                  self.preview_base or "/")
        (site_dir / preview.ERROR_PAGE).write_text(html, encoding="utf-8")


def start(root: pathlib.Path, settings: Settings, preview_base: str | None = None) -> Build:
    """The build the environment asks for, with its Site (validated unless joined). Raises shards.plan.ShardError.

    ``preview_base`` (`mkdocs serve`: the site's path on the preview server): a site with errors gives the
    ErrorPreview instead of a build the hooks stop."""
    joining = os.environ.get("GONGKAI_JOIN")
    if joining:
        dirs = [pathlib.Path(p).resolve() for p in joining.split(os.pathsep) if p]
        site, joined = join.joined_site(root, settings, dirs)
        return JoinBuild(root, site, joined=joined)
    shard_id = os.environ.get("GONGKAI_SHARD")
    scope = plan.scope(root, shard_id, os.environ.get("GONGKAI_SHARD_LEVEL")) if shard_id else None
    with timed("validate"):
        site = validate_site(root, settings=settings, units_filter=scope, cache=cache.open_store(root))
    if preview_base is not None and not site.ok:
        return ErrorPreview(root, site, preview_base)
    if scope is None:
        return Build(root, site) if preview_base is None else PreviewBuild(root, site, preview_base)
    return ShardBuild(root, site, preview_base, shard_id=shard_id or "", scope=scope)
