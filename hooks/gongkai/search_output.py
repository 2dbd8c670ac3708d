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
from .search.build import Block, read_ahead
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


def search_docs(site: Site, digests: dict[str, tuple[str, str]] | None = None,
                pending: frozenset[str] = frozenset()) -> tuple[list[SearchDoc], dict[str, str]]:
    """The published items as search sees them, and their bodies' published HTML by URL. A doc's text is
    left to :func:`text_of` (made only for the items the index does not have in its cache); its ``source``
    is the digest of the HTML it is made from (``digests``: src_uri → (body, digest) already taken, reused for the
    same body, and filled). The ``pending`` items (src_uri), whose bodies are not known yet, come with no source."""
    ctx = site.context
    digests = {} if digests is None else digests
    docs, bodies = [], {}
    units_paths: dict[str, tuple[str, ...]] = {}  # unit → its ancestors' ids (one walk per unit, not per item)
    for item in site.bulletins:
        body = site.rendered.get(item.src_uri)
        if body is None and item.src_uri not in pending:  # not rendered by this build (never published)
            continue
        if body is None:
            source = ""
        else:
            bodies[item.url] = body
            known = digests.get(item.src_uri)
            if known is None or known[0] is not body:
                known = digests[item.src_uri] = (body, hashlib.sha256(body.encode("utf-8")).hexdigest())
            source = known[1]
        units_path = units_paths.get(item.unit)
        if units_path is None:
            units_path = units_paths[item.unit] = tuple(u.id for u in ctx.ancestors(item.unit))
        docs.append(SearchDoc(
            url=item.url, title=item.title, unit=item.unit, unit_name=ctx.units[item.unit].name,
            units_path=units_path, category=item.category,
            category_name=ctx.catalogue[item.category].name, type=item.type,
            date=item.published.isoformat(), period=item.period, status=item.status, text="", source=source))
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
    of the older months. What it read is kept (search.build.read_ahead reads before the index asks)."""

    store: Store
    versions: str = field(default_factory=search_code_key)
    read: dict[tuple[str, str], object] = field(default_factory=dict)  # (kind, key) → the entry or None

    def _get(self, kind: str, key: str) -> object:
        if (kind, key) not in self.read:
            self.read[kind, key] = self.store.get(kind, digest(self.versions, key))
        return self.read[kind, key]

    def get(self, key: str) -> Block | None:
        block = self._get("search-block", key)
        return block if isinstance(block, Block) else None

    def put(self, key: str, block: Block) -> None:
        self.store.put("search-block", digest(self.versions, key), block)

    def get_part(self, key: str) -> Part | None:
        part = self._get("search-joined", key)
        return part if isinstance(part, dict) else None

    def put_part(self, key: str, part: Part) -> None:
        self.store.put("search-joined", digest(self.versions, key), part)


@dataclass
class Prepared:
    """What `EarlyIndex` made of the index before the pages were rendered."""

    tokenizer: Tokenize | None = None  # the index's tokenizer (jieba's dictionary loaded)
    blocks: StoredBlocks | None = None  # the blocks and joins read ahead
    digests: dict[str, tuple[str, str]] = field(default_factory=dict)  # search_docs' digests of the known bodies


# What `write` makes in site/ and keeps clean itself (search.build removes the files it no longer makes): the
# whole build's sweep may leave them while the index's process writes them. search/index.html is a page.
INDEX_FILES = ("search/d", "search/p", "search/index.json")


def write(site: Site, site_dir: pathlib.Path, prepared: Prepared | None = None) -> None:
    """The search index under site/search/; its files that would not change are not written again (kept_site).
    ``prepared``: what `EarlyIndex` made ahead."""
    prepared = prepared or Prepared()
    docs, bodies = search_docs(site, prepared.digests)
    kept = kept_site.Part.open(site_dir, site.cache, "search")  # over a kept index most files are unchanged
    folder = str(site_dir / "search")
    blocks = prepared.blocks or (StoredBlocks(site.cache) if site.cache else None)
    stats = build_search_index(docs, site_dir / "search", user_terms=site_terms(site),
                               unit_names={u.id: u.name for u in site.context.units.values()},
                               word_cache=StoredWords(site.cache) if site.cache else None,
                               block_cache=blocks,
                               text_of=lambda doc: html_to_text(bodies[doc.url]),
                               write_file=lambda path, blob: kept.write("search" + str(path)[len(folder):], blob),
                               tokenizer=prepared.tokenizer,
                               write_threads=1 if kept.before and (site_dir / "search" / "d").is_dir() else 8)
    kept.save()
    for part in ("blocks", "merge", "writing"):
        timed.add(f"  search index: {part} ({stats['blocks_indexed']} of {stats['blocks']} blocks made)",
                  stats[f"seconds_{part}"])


@dataclass
class EarlyIndex:
    """`write` in a second process forked once the pages are planned, so that the index costs the build little
    more than writing its files once the pages are rendered. While MkDocs renders them it makes what it can
    without the bodies of the ``pending`` items (those rendered again): the normalisation table, jieba's dictionary
    when there are such items (their texts will be segmented: 0.6 s), the digests of the ``known`` bodies (those
    the cache holds), and the blocks and joins the index will ask the cache for (search.build.read_ahead). Then it
    receives the bodies as the pages recorded them (`hand_over`) and writes the index while this process finishes
    the site. (Forked earlier, before the pages are planned, it cost the build more than it saved: the build's
    process then copies the memory it writes to, shared with the fork, for longer.)

    A plain fork, not a multiprocessing.Process: the index may fork workers of its own, which a daemonic process
    may not, and a non-daemonic one would be waited for at exit even when the build stopped before `hand_over`."""

    pid: int
    connection: Connection
    known: dict[str, str]
    handed: bool = False

    @classmethod
    def start(cls, site: Site, site_dir: pathlib.Path, known: dict[str, str],
              pending: frozenset[str]) -> EarlyIndex | None:
        """None where a process cannot be forked (the index is then written by `write` after the pages)."""
        if not hasattr(os, "fork") or os.environ.get("GONGKAI_NO_FORK"):
            return None
        theirs, ours = Pipe(duplex=False)
        pid = os.fork()
        if pid == 0:  # the child
            ours.close()
            os._exit(_index_when_handed(site, site_dir, theirs, known, pending))
        theirs.close()
        return cls(pid, ours, known)

    def hand_over(self, rendered: dict[str, str]) -> None:
        """The bodies the build's pages recorded (Site.rendered): only those the process does not have already."""
        changed = {src_uri: body for src_uri, body in rendered.items() if self.known.get(src_uri) != body}
        self.connection.send((list(rendered), changed))
        self.connection.close()
        self.handed = True

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


def _index_when_handed(site: Site, site_dir: pathlib.Path, connection: Connection, known: dict[str, str],
                       pending: frozenset[str]) -> int:
    """EarlyIndex's process: its exit code."""
    timed.stages.clear()  # the parent's stages came along with the fork
    try:
        with timed("search index: made ahead"):
            prepared = _prepare(site, known, pending)
        try:
            names, changed = connection.recv()
        except EOFError:  # the build stopped before its pages were rendered
            return 0
        site.rendered = {src_uri: changed[src_uri] if src_uri in changed else known[src_uri] for src_uri in names}
        with timed("gongkai.search_output.write (second process)"):
            write(site, site_dir, prepared)
        timed.report()
    except KeyboardInterrupt:  # Ctrl-C reached the whole process group: the parent reports it
        return 1
    except BaseException:  # noqa: BLE001 - reported to the parent through the exit code
        traceback.print_exc(file=sys.stderr)
        return 1
    finally:
        sys.stderr.flush()
    return 0


def _prepare(site: Site, known: dict[str, str], pending: frozenset[str]) -> Prepared:
    """The normalisation table; jieba's dictionary when an item is rendered again (its text will be segmented); the
    digests of the known bodies, and the blocks and joins the index will ask the cache for."""
    char_table()
    terms = site_terms(site)
    prepared = Prepared(make_tokenizer(index_terms(terms))[1] if pending else None)
    if site.cache is not None:
        site.rendered = known
        docs, _bodies = search_docs(site, prepared.digests, pending)
        prepared.blocks = StoredBlocks(site.cache)
        read_ahead(docs, {item.url for item in site.bulletins if item.src_uri in pending}, terms, prepared.blocks)
    return prepared
