"""The search page and its index: the published (sanitised) text of every item → site/search/."""

from __future__ import annotations

import hashlib
import html
import os
import pathlib
import re
import signal
import sys
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, Pipe

from . import kept_site
from .background import BackgroundFailed
from .cache import Store, digest, files_digest, versions_key
from .markup import page
from .relations import Relations
from .search import SearchDoc, build_search_index
from .search.build import Block
from .search.normalise import char_table
from .search.postings import Part
from .search.segment import Tokenize, Words, index_terms, make_tokenizer
from .site import Site
from .timings import timed

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|div|table|blockquote|pre)>|<br\s*/?>", re.I)
_CELL_END = re.compile(r"</t[dh]>", re.I)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """Plain text of rendered HTML: blocks on their own lines, table cells separated by spaces."""
    text = _CELL_END.sub(" ", _BLOCK_END.sub("\n", markup))
    text = html.unescape(_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def search_pages(site: Site, rel: Relations) -> dict[str, str]:
    return {"search/index.md": page("搜索", '<div id="gk-search" data-index="./"></div>', script="search")}


def site_terms(site: Site) -> list[str]:
    """Words jieba must keep whole: unit and category names, section titles, 四议两公开."""
    terms = {u.name for u in site.context.units.values()} | {"四议两公开", "村务监督委员会"}
    for category in site.context.catalogue.values():
        terms.update(part.strip() for part in re.split(r"[/（）()]", category.name) if part.strip())
        terms.update(category.sections)
    return sorted(terms)


def search_docs(site: Site) -> tuple[list[SearchDoc], dict[str, str]]:
    """The published items as search sees them, and their bodies' published HTML by URL. A doc's text is
    left to :func:`text_of` (made only for the items the index does not have in its cache); its ``source``
    is the digest of the HTML it is made from."""
    ctx = site.context
    docs, bodies = [], {}
    for item in site.bulletins:
        body = site.rendered.get(item.src_uri)
        if body is None:  # not rendered by this build (never published): nothing to index
            continue
        bodies[item.url] = body
        docs.append(SearchDoc(
            url=item.url, title=item.title, unit=item.unit, unit_name=ctx.units[item.unit].name,
            units_path=tuple(u.id for u in ctx.ancestors(item.unit)), category=item.category,
            category_name=ctx.catalogue[item.category].name, type=item.type,
            date=item.published.isoformat(), period=item.period, status=item.status, text="",
            source=hashlib.sha256(body.encode("utf-8")).hexdigest()))
    return docs, bodies


@dataclass
class StoredWords:
    """Each text's word starts in the build's cache (cache.py): jieba runs only over new or changed texts."""

    store: Store
    versions: str = field(default_factory=versions_key)  # jieba's (and gongkai's) version

    def _key(self, segmenter: str, text: str) -> str:
        return digest(self.versions, "words", segmenter, text)

    def get(self, segmenter: str, text: str) -> Words | None:
        return self.store.get("words", self._key(segmenter, text))

    def put(self, segmenter: str, text: str, words: Words) -> None:
        self.store.put("words", self._key(segmenter, text), words)


def search_code_key() -> str:
    """The versions and the code a search block is made with: the search package and this module (the text of
    the HTML). Not the shared inputs: a theme or mkdocs.yml edit that leaves the items' HTML alone keeps them."""
    here = pathlib.Path(__file__).resolve()
    code = sorted((here.parent / "search").glob("*.py")) + [here]
    return digest(versions_key(), files_digest(here.parent, code))


@dataclass
class StoredBlocks:
    """Each month's part of the index in the build's cache (search.build.Block, by its block_key), and the join
    of the older months."""

    store: Store
    versions: str = field(default_factory=search_code_key)

    def get(self, key: str) -> Block | None:
        return self.store.get("search-block", digest(self.versions, key))

    def put(self, key: str, block: Block) -> None:
        self.store.put("search-block", digest(self.versions, key), block)

    def get_part(self, key: str) -> Part | None:
        return self.store.get("search-joined", digest(self.versions, key))

    def put_part(self, key: str, part: Part) -> None:
        self.store.put("search-joined", digest(self.versions, key), part)


def write(site: Site, site_dir: pathlib.Path, tokenizer: Tokenize | None = None) -> None:
    """The search index under site/search/; its files that would not change are not written again (kept_site).
    ``tokenizer``: the index's tokenizer, made already (`EarlyIndex`)."""
    docs, bodies = search_docs(site)
    kept = kept_site.Part.open(site_dir, site.cache, "search")
    folder = str(site_dir / "search")
    stats = build_search_index(docs, site_dir / "search", user_terms=site_terms(site),
                               unit_names={u.id: u.name for u in site.context.units.values()},
                               word_cache=StoredWords(site.cache) if site.cache else None,
                               block_cache=StoredBlocks(site.cache) if site.cache else None,
                               text_of=lambda doc: html_to_text(bodies[doc.url]),
                               write_file=lambda path, blob: kept.write("search" + str(path)[len(folder):], blob),
                               tokenizer=tokenizer)
    kept.save()
    for part in ("blocks", "merge", "writing"):
        timed.add(f"  search index: {part} ({stats['blocks_indexed']} of {stats['blocks']} blocks made)",
                  stats[f"seconds_{part}"])


@dataclass
class EarlyIndex:
    """`write` in a second process, forked once the pages are planned. While MkDocs renders them it loads what
    the index needs whatever the pages say: the normalisation table and, when some item is rendered again (its
    text will be segmented), jieba's dictionary (0.6 s). Then it receives the bodies as the pages recorded them
    (`hand_over`) and writes the index while this process finishes the site.

    A plain fork, not a multiprocessing.Process: the index may fork workers of its own, which a daemonic process
    may not, and a non-daemonic one would be waited for at exit even when the build stopped before `hand_over`."""

    pid: int
    connection: Connection
    known: dict[str, str]  # the bodies the process was forked with (src_uri → published HTML)

    @classmethod
    def start(cls, site: Site, site_dir: pathlib.Path, known: dict[str, str],
              rendered_again: bool) -> EarlyIndex | None:
        """None where a process cannot be forked (the index is then written by `write` after the pages)."""
        if not hasattr(os, "fork") or os.environ.get("GONGKAI_NO_FORK"):
            return None
        theirs, ours = Pipe(duplex=False)
        pid = os.fork()
        if pid == 0:  # the child
            ours.close()
            os._exit(_write_when_handed(site, site_dir, theirs, known, rendered_again))
        theirs.close()
        return cls(pid, ours, known)

    def hand_over(self, rendered: dict[str, str]) -> None:
        """The bodies the build's pages recorded (Site.rendered): only those the process does not have already."""
        changed = {src_uri: body for src_uri, body in rendered.items() if self.known.get(src_uri) != body}
        self.connection.send((list(rendered), changed))
        self.connection.close()

    def wait(self) -> None:
        """Raises background.BackgroundFailed when the index could not be written (the process printed why)."""
        _pid, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise BackgroundFailed(f"搜索索引生成失败，退出码 {os.waitstatus_to_exitcode(status)}")

    def stop(self) -> None:
        """The build stopped: end the process (it is waiting for the pages, or writing)."""
        self.connection.close()
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _write_when_handed(site: Site, site_dir: pathlib.Path, connection: Connection, known: dict[str, str],
                       rendered_again: bool) -> int:
    """EarlyIndex's process: its exit code."""
    timed.stages.clear()  # the parent's stages came along with the fork
    try:
        char_table()
        tokenizer = make_tokenizer(index_terms(site_terms(site)))[1] if rendered_again else None
        try:
            names, changed = connection.recv()
        except EOFError:  # the build stopped before its pages were rendered
            return 0
        site.rendered = {src_uri: changed[src_uri] if src_uri in changed else known[src_uri] for src_uri in names}
        with timed("gongkai.search_output.write (second process)"):
            write(site, site_dir, tokenizer)
        timed.report()
    except KeyboardInterrupt:  # Ctrl-C reached the whole process group: the parent reports it
        return 1
    except BaseException:  # noqa: BLE001 - reported to the parent through the exit code
        traceback.print_exc(file=sys.stderr)
        return 1
    finally:
        sys.stderr.flush()
    return 0
