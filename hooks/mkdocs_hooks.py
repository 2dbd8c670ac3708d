"""MkDocs hooks: a thin adapter from MkDocs events to the gongkai pipeline.

    on_config        validate bulletins/ (the same validator as `gongkai check`); stop on errors
    on_files         add one page per item, the listing pages and the attachments
    on_page_content  put the metadata header and related links around each item's body
    on_post_build    write api/*.json and the other outputs (search, feeds, posters)
"""

from __future__ import annotations

import pathlib
import shutil
import sys

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from gongkai import feeds, item_page, outputs
from gongkai.diagnostics import format_human
from gongkai.load import BULLETINS
from gongkai.relations import Relations
from gongkai.settings import load_settings
from gongkai.timings import timed
from gongkai.validate import Site, validate_site

_state: dict[str, object] = {}


def _site() -> Site:
    return _state["site"]  # type: ignore[return-value]


def on_config(config):
    root = pathlib.Path(config.config_file_path).parent
    settings = load_settings(root, {"extra": dict(config.extra), "site_url": config.site_url,
                                    "site_name": config.site_name})
    with timed("validate"):
        site = validate_site(root, settings=settings)
    if site.diagnostics:
        print(format_human(site.diagnostics), file=sys.stderr)
    if not site.ok:
        # Nothing may be published from content with errors: leave no site that could be deployed.
        shutil.rmtree(config.site_dir, ignore_errors=True)
        raise Abort("公开事项有错误，网站未生成。请按上面的提示修改后再构建（也可以先运行 gongkai check）。")
    _state.update(root=root, site=site, relations=Relations.of(site.bulletins),
                  items={item.src_uri: item for item in site.bulletins})
    config.extra["gongkai_feed_units"] = feeds.feed_units(site)  # <head> feed links (gk-extrahead.html)
    return config


def on_files(files: Files, config) -> Files:
    site, relations = _site(), _state["relations"]
    generated: dict[str, str] = {}
    for generate in outputs.PAGE_GENERATORS:
        generated.update(generate(site, relations))
    for item in site.bulletins:
        generated[item.src_uri] = item_page.item_markdown(item)
    for src_uri in generated:
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
    for src_uri, content in generated.items():
        files.append(File.generated(config, src_uri, content=content))
    bulletins_dir = _state["root"] / BULLETINS
    for attachment in site.attachments:
        files.append(File(attachment.relative_to(bulletins_dir).as_posix(), str(bulletins_dir),
                          config.site_dir, config.use_directory_urls))
    timed.mark("pages")
    return files


def on_page_content(html: str, page, config, files) -> str:
    item = _state["items"].get(page.file.src_uri)
    if item is None:
        return html
    return item_page.wrap(html, _site(), _state["relations"], item)


def on_post_build(config) -> None:
    timed.since("pages", "render pages (MkDocs)")
    site_dir = pathlib.Path(config.site_dir)
    for write in outputs.WRITERS:
        with timed(f"{write.__module__}.{write.__name__}"):
            write(_site(), site_dir)
    timed.report()
