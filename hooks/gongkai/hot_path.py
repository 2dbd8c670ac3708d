"""`gongkai preview`'s hot path: a saved item's page in well under a second, then the pages that show it.

The preview's first build, and every build after a change the hot path cannot take, is a whole in-process
MkDocs build (the hooks, build_mode.PreviewBuild); `Capture` keeps what it made: the config, the files, the
navigation and the template environment, and the hooks' Build. When only known item files under
bulletins/<unit>/ were saved (`saved_items`), `update` then:

1. checks each saved file alone with the validator's own functions (validate.recheck_item: the same rules),
   renders its page with MkDocs' own page functions and the kept config/files/nav/env (so the page equals
   what a build writes), writes it and wakes the browser (``show``); an error in the file shows the page of
   errors (preview.py) instead; then renders the listing pages that list the saved items by title (their
   units' boards, unit-year and category-year lists, the home page: pages.pages_listing) from the same
   state, and wakes the browser again;
2. runs the whole validator again (validate_site, with the cache: the site rules and compliance over every
   item), regenerates the listing pages (outputs.PAGE_GENERATORS) and renders again only those whose
   Markdown changed and the items whose header or footer changed (item_page.surroundings); then starts every
   writer (api, search, posters, feeds …) in a second process (background.py), as PreviewBuild does.
   Step 2 gives way to a newer save (``newer``): validate_site and the page sources are made in a thread of
   their own (`Checked`), which step 2 waits for only while no newer save waits; the next update runs step 1
   for the new save at once, then step 2 for every save since the last whole step 2 (`Kept.pending`), after
   the earlier check has ended (one check at a time).

Anything else — a new, deleted or renamed file, a category change, units.yml, the catalogue, calendar.yml,
mkdocs.yml, theme/, hooks/, docs/, an attachment, a register file, a listing page that appears or a page in
the navigation whose title changes — answers "whole build" (False), which is what `mkdocs serve` does.
"""

from __future__ import annotations

import dataclasses
import pathlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import background, cache, item_page, outputs, pages
from .build_mode import Build
from .diagnostics import Diagnostic
from .load import BULLETINS
from .model import Bulletin
from .relations import Relations
from .requests_load import is_register_file
from .settings import Settings
from .site import Site
from .timings import timed
from .validate import recheck_item, validate_site

# What the server does with a result: None → the pages (and wake the browser), a list → the page of errors.
Show = Callable[[list[Diagnostic] | None], None]
# Whether a newer save waits: step 2 then gives way to it.
Newer = Callable[[], bool]


class Capture(BasePlugin):
    """Put into a whole build's plugins: keeps MkDocs' files, navigation and template environment."""

    def __init__(self) -> None:
        self.files: Files | None = None
        self.nav: Any = None
        self.env: Any = None

    @event_priority(-100)  # after the hooks
    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        self.files, self.nav = files, nav
        return nav

    @event_priority(-100)
    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        self.env = env
        return env


@dataclass
class Kept:
    """What the last whole build made, which the hot path updates in place."""

    config: Any  # MkDocsConfig
    files: Files
    nav: Any  # mkdocs.structure.nav.Navigation
    env: Any  # jinja2.Environment
    build: Build
    # The site and relations the item pages were rendered with, except `stale` ones (written by step 1 from a
    # newer state, before step 2 made the pages around them agree).
    rendered_with: tuple[Site, Relations] = field(init=False)
    sources: dict[str, str] = field(init=False)  # src_uri → the Markdown each generated page was made from
    stale: set[str] = field(default_factory=set)
    error_files: set[str] = field(default_factory=set)  # the files whose errors the page of errors shows
    # The items saved since the last whole step 2 (src_uri → the item before the save): the next step 2's.
    pending: dict[str, Bulletin] = field(default_factory=dict)
    checking: threading.Thread | None = None  # step 2's Checked, which may outlive the update that started it

    def settle(self) -> None:
        """Wait for a step 2's check that a newer save left running."""
        if self.checking is not None:
            self.checking.join()

    def show_errors(self, show: Show, diagnostics: list[Diagnostic]) -> None:
        self.error_files = {d.file for d in diagnostics if d.severity == "error"}
        show(diagnostics)

    def __post_init__(self) -> None:
        self.rendered_with = (self.build.site, self.build.relations)
        self.sources = self.build.page_sources(self.config.nav)  # what the build's generators made

    @property
    def root(self) -> pathlib.Path:
        return self.build.root

    @property
    def site_dir(self) -> pathlib.Path:
        return pathlib.Path(self.config.site_dir)


def _current_build(config: Any) -> Build | None:
    for module in dict(config.hooks).values():
        current = getattr(module, "current_build", None)
        if current is not None:
            return current()
    return None


def whole_build(config: Any, serve_url: str) -> Kept | None:
    """A whole MkDocs build into config.site_dir (what `mkdocs serve` does); the Kept state when the site has no
    errors (else None: the build wrote the page of errors, build_mode.ErrorPreview)."""
    capture = Capture()
    config.plugins["gongkai-preview-capture"] = capture
    build(config, serve_url=serve_url)
    current = _current_build(config)
    if current is None or current.shows_errors or capture.files is None:
        return None
    return Kept(config, capture.files, capture.nav, capture.env, current)


def saved_items(kept: Kept, paths: Iterable[pathlib.Path]) -> list[Bulletin] | None:
    """The items whose files were saved, when the hot path can take the change; None: a whole build.

    A file under bulletins/ that no longer exists and was never part of the site (an editor's temporary or
    backup file: not Markdown, YAML or an attachment) is ignored."""
    root = kept.root
    site = kept.build.site
    known = {root / item.path: item for item in site.bulletins}
    bulletins = root / BULLETINS
    files = known.keys() | {pathlib.Path(a) for a in site.attachments}
    saved: dict[str, Bulletin] = {}
    for path in map(pathlib.Path, paths):
        if path in known and path.is_file() and not is_register_file(path, bulletins):
            saved[known[path].src_uri] = known[path]
        elif not _transient(path, bulletins, files):
            return None
    return list(saved.values())


def _transient(path: pathlib.Path, bulletins: pathlib.Path, known: set[pathlib.Path]) -> bool:
    return (not path.exists() and path not in known and path.is_relative_to(bulletins)
            and path.suffix.lower() not in {".md", ".yml", ".yaml"})


def update(kept: Kept, paths: Iterable[pathlib.Path], show: Show, newer: Newer = lambda: False) -> bool:
    """Take the saved files by the hot path (see the module's docstring); False: a whole build is needed."""
    before = saved_items(kept, paths)
    if before is None:
        return False
    if not before and not kept.pending:
        return True
    kept.build.stop()  # the writers of the last step 2 write an older site: they start again after this one
    try:
        if before:
            with timed("hot path 1: the saved page"):
                first = _saved_pages(kept, before, show)
            if first is False:
                return False
        for item in before:
            kept.pending.setdefault(item.src_uri, item)
        if newer():
            return True  # the newer save's update runs step 2
        with timed("hot path 2: the site and its listings"):
            return _site_pages(kept, list(kept.pending.values()), show, newer)
    finally:
        timed.report()


def _saved_pages(kept: Kept, before: list[Bulletin], show: Show) -> bool | None:
    """Step 1: each saved file checked alone; its page written, or the page of errors. None: only a whole run
    can type or number it; False: its category or its title in the navigation changed (a whole build)."""
    site = kept.build.site
    context = site.context
    with timed("hot path 1: recheck"):
        rechecked = [(old, *recheck_item(kept.root, kept.root / old.path, context, old)) for old in before]
    problems = [p for _old, _new, found in rechecked for p in found]
    if any(p.severity == "error" for p in problems):
        saved = {old.path for old in before}
        kept.show_errors(show, sorted([d for d in site.diagnostics if d.file not in saved] + problems,
                                      key=lambda d: (d.file, d.line, d.code)))
        return None
    if any(new is None for _old, new, _found in rechecked):
        return None
    if any(new.category != old.category for old, new, _found in rechecked):
        return False
    replaced = {old.src_uri: new for old, new, _found in rechecked}
    bulletins = [replaced.get(item.src_uri, item) for item in site.bulletins]
    with timed("hot path 1: relations"):
        _adopt(kept.build, dataclasses.replace(site, bulletins=bulletins))
    kept.stale.update(replaced)
    with timed("hot path 1: render"):
        if not _render(kept, {src_uri: item_page.item_markdown(item) for src_uri, item in replaced.items()}):
            return False
    if kept.error_files - {old.path for old in before}:  # errors in other files: step 2 decides
        return True
    show(None)
    with timed("hot path 1: the listings that show it"):
        if not _listings(kept, replaced.values()):
            return False
    show(None)
    return True


def _listings(kept: Kept, saved: Iterable[Bulletin]) -> bool:
    """The listing pages that list the saved items, as the Build's state (the saved items rechecked alone, the
    site rules and compliance of the last step 2) makes them; step 2 renders again those that it changes.
    False: a listing page that does not exist yet (a whole build)."""
    build = kept.build
    sources = pages.pages_listing(build.site, build.relations, saved)
    if not sources.keys() <= kept.sources.keys():
        return False
    return _render(kept, {src_uri: text for src_uri, text in sources.items() if kept.sources[src_uri] != text})


def _adopt(build: Build, site: Site, relations: Relations | None = None) -> None:
    """The hooks' Build now renders from ``site`` (the bodies rendered so far kept for search and feeds)."""
    site.rendered = build.site.rendered
    build.site = site
    build.relations = Relations.of(site.bulletins) if relations is None else relations
    build.items = {item.src_uri: item for item in site.bulletins}
    build.page_cache = None  # the cached pages are the last whole build's


@dataclass
class Checked:
    """Step 2's longest part, made in a thread from the files alone: the site as validate_site (with the cache)
    finds it, and when it has no error its relations and page sources."""

    site: Site
    relations: Relations | None = None
    sources: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, root: pathlib.Path, settings: Settings, build: Build, nav: Any, newer: Newer) -> Checked | None:
        """Reads only the files, the cache and what it is given (never the Kept the server's thread updates).
        None: a newer save came during validate_site (the sources would be thrown away)."""
        with timed("hot path 2: validate_site (cache)"):
            site = validate_site(root, settings=settings, cache=cache.open_store(root))
        if newer():
            return None
        if not site.ok:
            return cls(site)
        relations = Relations.of(site.bulletins)
        with timed("hot path 2: page sources"):
            return cls(site, relations, build.sources_of(site, relations, nav))


def _site_pages(kept: Kept, before: list[Bulletin], show: Show, newer: Newer) -> bool:
    """Step 2: the whole validator (site rules, compliance) over every item, then the pages that changed.
    It stops where a newer save waits (``newer``), before it changes anything; kept.pending stays."""
    build = kept.build
    with timed("hot path 2: the check (thread)"):
        checked = _checked(kept, newer)
    if checked is None:
        return True
    site, sources = checked.site, checked.sources
    if not site.ok or checked.relations is None:
        kept.show_errors(show, site.diagnostics)
        return True
    new = {item.src_uri: item for item in site.bulletins}
    if new.keys() != build.items.keys() or any(new[o.src_uri].category != o.category for o in before):
        return False
    if sources.keys() != kept.sources.keys():
        return False  # a listing page appears or goes: a whole build makes the site's links agree
    _adopt(build, site, checked.relations)
    changed = {src_uri: text for src_uri, text in sources.items() if kept.sources[src_uri] != text}
    with timed("hot path 2: related items"):
        related = _related(kept, before)
    changed.update({src_uri: sources[src_uri] for src_uri in related | kept.stale})
    with timed(f"hot path 2: render {len(changed)} pages"):
        if not _render(kept, changed):
            return False
    kept.rendered_with, kept.stale, kept.error_files = (build.site, build.relations), set(), set()
    kept.pending = {}
    _start_writers(kept)
    show(None)
    return True


def _checked(kept: Kept, newer: Newer) -> Checked | None:
    """The Checked site, made in a thread once an earlier one has ended; None when a newer save came first (the
    thread goes on to the end of validate_site; the next step 2 waits for it, so the cache has one writer at a
    time)."""
    if not _waited(kept.checking, newer):
        return None
    found: list[Checked | BaseException | None] = []
    given = (kept.root, kept.build.site.context.settings, kept.build, kept.config.nav, newer)

    def check() -> None:
        try:
            found.append(Checked.of(*given))
        except BaseException as error:  # noqa: BLE001 - raised again in the server's thread
            found.append(error)

    kept.checking = threading.Thread(target=check, name="gongkai-preview-check", daemon=True)
    kept.checking.start()
    if not _waited(kept.checking, newer):
        return None
    if isinstance(found[0], BaseException):
        raise found[0]
    return found[0]  # None: the thread saw the newer save first


def _waited(thread: threading.Thread | None, newer: Newer) -> bool:
    """Whether the thread ended before a newer save came."""
    while thread is not None and thread.is_alive():
        if newer():
            return False
        thread.join(0.02)
    return True


def _related(kept: Kept, before: list[Bulletin]) -> set[str]:
    """The items whose header or footer (links to related items, periods, 索引号) is not what their page shows:
    among the saved units' items and the items that name the saved ones (follows, supersedes) or that they
    name (by their old and their new front matter)."""
    shown_site, shown_rel = kept.rendered_with
    build = kept.build
    old_items = {item.src_uri: item for item in shown_site.bulletins}
    saved = [build.items[old.src_uri] for old in before] + [old_items.get(o.src_uri, o) for o in before] + before
    units = {item.unit for item in saved}
    names = {n for item in saved for n in (item.index_no, item.follows, item.supersedes) if n}
    candidates = [item for item in build.site.bulletins
                  if item.unit in units or item.index_no in names or item.follows in names
                  or item.supersedes in names]
    return {item.src_uri for item in candidates
            if item.src_uri in old_items
            and item_page.surroundings(shown_site, shown_rel, old_items[item.src_uri])
            != item_page.surroundings(build.site, build.relations, item)}


def _render(kept: Kept, sources: dict[str, str]) -> bool:
    """Render and write these pages with MkDocs' own functions; False when a page in the navigation got
    another title (every page's navigation shows it: a whole build)."""
    config, files = kept.config, kept.files
    pages = []
    for src_uri, text in sorted(sources.items()):
        page = _markdown_page(kept, src_uri, text)
        title = page.title
        _populate_page(page, config, files)
        if page.title != title and page in kept.nav.pages:
            return False
        kept.sources[src_uri] = text
        pages.append(page)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for page in pages:
        _build_page(page, config, doc_files, kept.nav, kept.env, excluded=page.file.inclusion.is_excluded())
    return True


def _markdown_page(kept: Kept, src_uri: str, text: str) -> Page:
    """The page MkDocs renders from ``text``: its own Page when the build made one from Markdown (a page of the
    navigation keeps its place), else a new one in place of the file the build copied."""
    file = kept.files.get_file_from_path(src_uri)
    if file is not None and file.is_documentation_page() and file.page is not None:
        file.content_string = text
        return file.page
    if file is not None:
        kept.files.remove(file)
    file = File.generated(kept.config, src_uri, content=text)
    kept.files.append(file)
    return Page(None, file, kept.config)


def _start_writers(kept: Kept) -> None:
    """Every writer (api, search, posters, feeds …) in a second process; the next update stops it."""
    build = kept.build
    build.stop()
    writers = build.writers(outputs.WRITERS + outputs.BACKGROUND_WRITERS)
    build.background = background.start(writers, build.site, kept.site_dir)
