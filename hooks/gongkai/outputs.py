"""What the build makes from the validated Site, besides one page per item.

PAGE_GENERATORS return {source path: Markdown} for generated pages (listings, compliance, search);
BACKGROUND_WRITERS and WRITERS write files into the built site (posters, feeds, api and compliance while
MkDocs renders the pages; the search index and minified scripts after). Each output module adds itself
here; mkdocs_hooks.py just runs the lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from . import (
    admin_config,
    api,
    assets,
    compliance_page,
    feeds,
    guide,
    pages,
    requests_api,
    requests_page,
    schema_export,
    search_output,
)
from .background import Writer
from .posters import writer as posters_writer
from .relations import Relations
from .site import Site

PageGenerator = Callable[[Site, Relations], dict[str, str]]

PAGE_GENERATORS: list[PageGenerator] = [pages.listing_pages, guide.guide_pages, compliance_page.board_pages,
                                        search_output.search_pages, requests_page.request_pages]


@dataclass(frozen=True)
class Output:
    """A writer, and what it does when shards are joined (build_mode.JoinBuild): "run" writes as in a whole
    build; "merge": the join does not run it but makes its files from the shards' (shards.join.write_join copies
    posters and feeds, merges api/compliance.json, the search index and the site feed)."""

    write: Writer
    in_join: Literal["run", "merge"] = "run"
    # In the preview (`mkdocs serve`, build_mode.PreviewBuild): "wait": the page is served once it is written;
    # "later": it is written in a second process after the pages, while the preview already serves them.
    in_preview: Literal["wait", "later"] = "wait"


# Writers that need only the validated Site: they run in a second process while MkDocs renders pages.
BACKGROUND_WRITERS: list[Output] = [Output(posters_writer.write, "merge", "later"),
                                    Output(feeds.write, "merge", "later"), Output(api.write),
                                    Output(schema_export.write_site), Output(compliance_page.write, "merge"),
                                    Output(requests_api.write)]
# Writers that run after the pages (search indexes the published HTML the pages recorded).
WRITERS: list[Output] = [Output(search_output.write, "merge", "later"), Output(assets.write),
                         Output(admin_config.write)]
