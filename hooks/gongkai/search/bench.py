"""Measure the search index on a bench corpus (``shared/bench/make_corpus.py``).

    python -m gongkai.search.bench CORPUS_DIR OUT_DIR [--workers N]

Reads ``CORPUS_DIR/units.yml`` and ``CORPUS_DIR/<unit>/**/*.md`` with a small loader of its own
(front matter + Markdown stripped to text; no validation), builds the index into OUT_DIR and
prints the build figures, the size on disk, and a recall check: for each query, the items found
through the index equal the items whose normalised text contains the query.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys
import time
from collections.abc import Iterator

import yaml

from .build import build_search_index, indexed_text
from .doc import SearchDoc
from .normalise import normalise
from .query import search_files

CATALOGUE = pathlib.Path(__file__).resolve().parent.parent / "catalogue.yml"

#: Words, substrings, single characters and traditional forms, for the recall check.
BENCH_QUERIES = [
    "低保", "财务收支", "宅基地", "基地", "四议两公开", "村务监督委员会", "公开", "的", "網絡", "电子政务",
    "監督", "信息化", "2026-Q3", "政府信息公开", "土地征收补偿", "补偿标准", "國務院", "合计", "路灯安装",
    "工作会议精神",
]

_MARKUP = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def markdown_to_text(markdown: str) -> str:
    """Rough plain text of a Markdown body: headings, quotes, lists and table rules removed."""
    lines = []
    for line in markdown.splitlines():
        if _TABLE_RULE.match(line):
            continue
        line = _MARKUP.sub("", line)
        if line.lstrip().startswith("|"):
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        lines.append(re.sub(r"[*_`]", "", line))
    return "\n".join(lines).strip()


def _read_yaml(path: pathlib.Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_corpus(root: pathlib.Path) -> Iterator[SearchDoc]:
    """SearchDocs from a bench corpus folder."""
    units = {u["id"]: u for u in _read_yaml(root / "units.yml")["units"]}
    names = {c["id"]: c["name"] for c in _read_yaml(CATALOGUE)["categories"]} if CATALOGUE.exists() else {}

    def path_of(unit: str) -> tuple[str, ...]:
        parent = units[unit].get("parent")
        return (*path_of(parent), unit) if parent else (unit,)

    for file in sorted(root.glob("*/**/*.md")):
        unit = file.relative_to(root).parts[0]
        _, front, body = file.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        period = meta.get("period")
        yield SearchDoc(
            url=file.relative_to(root).with_suffix("").as_posix() + "/", title=str(meta["title"]), unit=unit,
            unit_name=units[unit]["name"], units_path=path_of(unit), category=meta["category"],
            category_name=names.get(meta["category"], meta["category"]), type=meta["type"],
            date=str(meta["published"]), period=None if period is None else str(period),
            status=meta.get("status", "active"), text=markdown_to_text(body))


def corpus_unit_names(root: pathlib.Path) -> dict[str, str]:
    """Unit id → name from the corpus's units.yml (townships have no items of their own)."""
    return {u["id"]: u["name"] for u in _read_yaml(root / "units.yml")["units"]}


def site_terms(docs: list[SearchDoc]) -> set[str]:
    """The user dictionary a site would pass: unit and category names and 四议两公开."""
    return {d.unit_name for d in docs} | {d.category_name for d in docs} | {"四议两公开"}


def disk_usage(folder: pathlib.Path) -> tuple[int, int, int]:
    """(files, bytes of content, bytes allocated on disk) under ``folder``."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files), sum(p.stat().st_blocks * 512 for p in files)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=pathlib.Path)
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--workers", type=int)
    args = ap.parse_args(argv)

    t = time.perf_counter()
    docs = list(load_corpus(args.corpus))
    loaded = time.perf_counter() - t
    chars = sum(len(indexed_text(d)) for d in docs)
    stats = build_search_index(docs, args.out, user_terms=site_terms(docs), workers=args.workers,
                               unit_names=corpus_unit_names(args.corpus))
    files, content, allocated = disk_usage(args.out)
    figures = {"items": len(docs), "characters": chars, "load_seconds": round(loaded, 2), **stats,
               "disk_files": files, "disk_bytes": content, "disk_allocated": allocated}
    print(json.dumps(figures, ensure_ascii=False))

    normalised = sorted((d.url, normalise(indexed_text(d))) for d in docs)
    failures = 0
    for query in BENCH_QUERIES:
        expected = {url for url, text in normalised if normalise(query) in text}
        found, fetched = search_files(args.out, query)
        ok = set(found) == expected and len(found) == len(expected)
        failures += not ok
        verdict = "ok" if ok else "DIFFERENT"
        print(f"{query}\tscan {len(expected)}\tindex {len(found)}\tfetched {fetched}\t{verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
