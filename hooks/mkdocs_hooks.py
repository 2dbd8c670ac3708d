"""MkDocs hooks: a thin adapter from MkDocs events to the gongkai pipeline.

    on_config        validate bulletins/ (the same validator as `gongkai check`); stop on errors
    on_files         add one page per item, the listing pages and the attachments
    on_page_content  put the metadata header and related links around each item's body
    on_post_build    write api/*.json, the compliance data and the search index; wait for the
                     posters and feeds, written by a second process while the pages render
"""

from __future__ import annotations

import pathlib
import shutil
import sys

from gongkai import attachments, background, feeds, item_page, outputs, page_html, published_files, shards
from gongkai.diagnostics import format_human
from gongkai.relations import Relations
from gongkai.settings import load_settings
from gongkai.site import Site
from gongkai.timings import timed
from gongkai.validate import validate_site
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

_state: dict[str, object] = {}


def _site() -> Site:
    return _state["site"]  # type: ignore[return-value]


def on_config(config):
    root = pathlib.Path(config.config_file_path).parent
    settings = load_settings(root, {"extra": dict(config.extra), "site_url": config.site_url,
                                    "site_name": config.site_name})
    joining = shards.join_dirs()  # GONGKAI_JOIN: the global pages from the shards' JSON (shards.py)
    if joining is not None:
        return _join_config(config, root, settings, joining)
    try:
        scope = shards.shard_scope(root)  # GONGKAI_SHARD: one subtree of units.yml
    except shards.ShardError as err:
        raise Abort(str(err)) from None
    with timed("validate"):
        site = validate_site(root, settings=settings, units_filter=scope)
    if site.diagnostics:
        print(format_human(site.diagnostics), file=sys.stderr)
    if not site.ok:
        # Nothing may be published from content with errors: leave no site that could be deployed.
        shutil.rmtree(config.site_dir, ignore_errors=True)
        raise Abort("公开事项有错误，网站未生成。请按上面的提示修改后再构建（也可以先运行 gongkai check）。")
    _state.update(root=root, site=site, relations=Relations.of(site.bulletins),
                  items={item.src_uri: item for item in site.bulletins}, scope=scope, joined=None)
    config.extra["gongkai_feed_units"] = feeds.feed_units(site)  # <head> feed links (gk-extrahead.html)
    return config


def _join_config(config, root: pathlib.Path, settings, dirs: list[pathlib.Path]):
    try:
        site, joined = shards.joined_site(root, settings, dirs)
    except shards.ShardError as err:
        raise Abort(str(err)) from None
    _state.update(root=root, site=site, relations=Relations.of(site.bulletins), items={}, scope=None,
                  joined=joined)
    config.extra["gongkai_feed_units"] = feeds.feed_units(site)
    return config


def on_files(files: Files, config) -> Files:
    site, relations = _site(), _state["relations"]
    generated: dict[str, str] = {}
    for generate in outputs.PAGE_GENERATORS:
        generated.update(generate(site, relations))
    for item in site.bulletins:
        generated[item.src_uri] = item_page.item_markdown(item)
    generated = shards.pages_for(generated, site, _state["scope"], _state["joined"], config.nav)
    for src_uri in generated:
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
    for src_uri, content in generated.items():
        files.append(File.generated(config, src_uri, content=content))
    photos = attachments.board_photo_sources(site.bulletins)
    sources = attachments.published_sources(_state["root"], site.attachments, photos)
    with timed("board photos and attachments without metadata"):
        published = published_files.prepare(_state["root"], sorted(photos), sources)
    # Images and PDFs go out without metadata, board photos only as renditions (published_files.py).
    for src_uri, path in published.items():
        files.append(File.generated(config, src_uri, abs_src_path=str(path)))
    background.stop(_state.get("background"))  # a previous `mkdocs serve` build's, if still running
    in_background = shards.writers(outputs.BACKGROUND_WRITERS, _state["joined"])
    _state["background"] = background.start(in_background, site, pathlib.Path(config.site_dir))
    timed.mark("pages")
    return files


def on_page_content(html: str, page, config, files) -> str:
    item = _state["items"].get(page.file.src_uri)
    if item is not None:
        html = item_page.wrap(html, _site(), _state["relations"], item)
    return page_html.finish(html)


def on_post_build(config) -> None:
    timed.since("pages", "render pages (MkDocs)")
    site_dir = pathlib.Path(config.site_dir)
    for write in shards.writers(outputs.WRITERS, _state["joined"]):
        with timed(f"{write.__module__}.{write.__name__}"):
            write(_site(), site_dir)
    with timed("wait for background writers"):
        try:
            background.wait(_state.pop("background", None))
        except background.BackgroundFailed as err:
            raise Abort(str(err)) from None
    shards.finish(_site(), site_dir, _state["scope"], _state["joined"])
    timed.report()


def on_build_error(error) -> None:
    background.stop(_state.pop("background", None))
