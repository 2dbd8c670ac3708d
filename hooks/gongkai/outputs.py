"""What the build makes from the validated Site, besides one page per item.

PAGE_GENERATORS return {source path: Markdown} for generated pages (listings, compliance, search);
WRITERS write files into the built site after MkDocs has rendered the pages (api, search index,
feeds, posters). Each output module adds itself here; mkdocs_hooks.py just runs the lists.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable

from . import api, compliance_page, feeds, guide, pages, schema_export, search_output
from .posters import writer as posters_writer
from .relations import Relations
from .validate import Site

PageGenerator = Callable[[Site, Relations], dict[str, str]]
Writer = Callable[[Site, pathlib.Path], None]

PAGE_GENERATORS: list[PageGenerator] = [pages.listing_pages, guide.guide_pages, compliance_page.board_pages,
                                        search_output.search_pages]
WRITERS: list[Writer] = [api.write, posters_writer.write, feeds.write, schema_export.write_site,
                         compliance_page.write, search_output.write]
