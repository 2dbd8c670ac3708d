"""Shards: a province built as pieces on a CI matrix, then joined into one site.

A shard is a subtree of units.yml: a township (or county) and every unit under it. Units above that
level (the county itself, its departments) form one more shard, ``_top``, so every unit is in
exactly one shard. Item URLs start with the unit id, so shards never write the same file.

    gongkai shards [--level township] [--changed-since REF] --format json   the CI matrix
    gongkai build --shard ID -d out/ID      GONGKAI_SHARD=ID mkdocs build: the shard's own pages,
                                            api/*.json, search index, posters, feeds + shard.json
    gongkai join out/* -d site              GONGKAI_JOIN=out/a:out/b mkdocs build: the global pages
                                            (home, units, categories, compliance, search, guide) from
                                            the shards' JSON, the merged api/ and search index, and
                                            the shards' pages copied in

build_mode.py reads GONGKAI_SHARD / GONGKAI_JOIN and makes the build object; the plan, shard.json and the
join are here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from . import api, asof, compliance, feeds
from .load import BULLETINS
from .model import Bulletin, Unit
from .periods import Period
from .registry import load_catalogue, load_units
from .site import Context, Site
from .urls import FEED_DIR, POSTERS, feed_path
from .workdays import load_calendar

LEVELS = ("township", "county")
TOP = "_top"
MANIFEST = "shard.json"
SITEMAP = "sitemap.xml"
# Files outside bulletins/ whose change cannot affect a shard's output (the join always runs).
NOT_FOR_SHARDS = ("docs/", "tests/", "README.md", ".ci/", "scripts/")


class ShardError(Exception):
    """A problem with the shard plan or the shards to join, said in Chinese."""


@dataclass(frozen=True)
class Shard:
    id: str
    level: str
    units: tuple[str, ...]  # in units.yml order

    @property
    def paths(self) -> list[str]:
        return [f"{BULLETINS}/{unit}" for unit in self.units]


# --- the plan ---------------------------------------------------------------------------------

def shard_of(units: dict[str, Unit], unit_id: str, level: str) -> str:
    """The shard a unit belongs to: its nearest ancestor (or itself) of the level, else ``_top``."""
    seen: set[str] = set()
    current: str | None = unit_id
    while current and current in units and current not in seen:
        if units[current].kind == level:
            return current
        seen.add(current)
        current = units[current].parent
    return TOP


def plan(units: dict[str, Unit], level: str = "township") -> list[Shard]:
    """Every shard of the registry at this level, in units.yml order (``_top`` first when it has units)."""
    members: dict[str, list[str]] = {}
    for unit_id in units:
        members.setdefault(shard_of(units, unit_id, level), []).append(unit_id)
    ordered = sorted(members, key=lambda s: s != TOP)
    return [Shard(s, level, tuple(members[s])) for s in ordered]


def find(units: dict[str, Unit], shard_id: str, level: str | None = None) -> Shard:
    """The shard ``shard_id`` (a unit id of the level, or ``_top``)."""
    if level is None:
        level = units[shard_id].kind if shard_id in units and units[shard_id].kind in LEVELS else "township"
    for shard in plan(units, level):
        if shard.id == shard_id:
            return shard
    known = "、".join(s.id for s in plan(units, level))
    raise ShardError(f"没有分片“{shard_id}”（按{level}分）。可用的分片：{known}。运行 gongkai shards 查看。")


def changed_files(root: pathlib.Path, ref: str) -> list[str]:
    """Files changed since ``ref`` (committed or not) and new untracked files, relative to root."""
    def git(*args: str) -> list[str]:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        if done.returncode != 0:
            raise ShardError(f"git {' '.join(args)} 失败：{done.stderr.strip()}。"
                             "检查 --changed-since 的版本号（CI 中需要取回足够的历史，如 fetch-depth: 0）。")
        return [line for line in done.stdout.splitlines() if line]
    return sorted(set(git("diff", "--name-only", "--relative", ref, "--"))
                  | set(git("ls-files", "--others", "--exclude-standard")))


def changed(shards: list[Shard], files: list[str]) -> list[Shard]:
    """The shards whose output may differ: those owning a changed unit folder, or all of them when a
    registry, mkdocs.yml, the theme or the code changed."""
    owner = {unit: shard for shard in shards for unit in shard.units}
    hit: set[str] = set()
    for file in files:
        parts = file.split("/")
        if file.startswith(NOT_FOR_SHARDS):
            continue
        if parts[0] == BULLETINS and len(parts) > 2 and parts[1] in owner:
            hit.add(owner[parts[1]].id)
        else:  # units.yml, catalogue.yml, calendar.yml, mkdocs.yml, theme/, hooks/, an unknown folder …
            return shards
    return [s for s in shards if s.id in hit]


def matrix(shards: list[Shard]) -> dict[str, Any]:
    """What a GitHub Actions ``strategy.matrix`` (or a GitLab ``parallel:matrix``) takes."""
    return {"include": [{"shard": s.id, "level": s.level, "units": len(s.units), "paths": s.paths}
                        for s in shards]}


# --- what a shard and the join publish (build_mode.py) --------------------------------------------------------

def shard_scope(root: pathlib.Path, shard_id: str, level: str | None = None) -> frozenset[str]:
    """The units a shard build (GONGKAI_SHARD, GONGKAI_SHARD_LEVEL) publishes."""
    units, _problems = load_units(root)
    return frozenset(find(units, shard_id, level or None).units)


def nav_sources(nav: Any) -> set[str]:
    """Every page file named in mkdocs.yml's nav."""
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= nav_sources(value)
    elif isinstance(nav, list):
        for value in nav:
            found |= nav_sources(value)
    return found


def shard_pages(generated: dict[str, str], scope: frozenset[str], nav: set[str]) -> dict[str, str]:
    """A shard's generated pages: its units' own; the global pages the nav names become empty stubs
    (the join writes them), so the navigation on the shard's pages is the whole build's."""
    kept = {src: md for src, md in generated.items() if src.split("/", 1)[0] in scope}
    kept.update({src: "" for src in generated if src in nav and src not in kept})
    return kept


def global_pages(generated: dict[str, str], units: dict[str, Unit]) -> dict[str, str]:
    """The join's pages: every generated page that is not under a unit (those come from the shards)."""
    return {src: md for src, md in generated.items() if src.split("/", 1)[0] not in units}


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


ITEM_FIELDS = ("title", "category", "type", "published", "period", "event_date", "reviewed_by", "reviewed_on",
               "display_until", "doc_no", "index_no", "status", "supersedes", "follows", "complete_by",
               "unit", "path", "src_uri", "url", "index_no_generated")
DATE_FIELDS = {"published", "event_date", "reviewed_on", "display_until", "complete_by"}


def write_manifest(site: Site, site_dir: pathlib.Path, shard_id: str) -> None:
    """shard.json: what the join needs that api/*.json does not say (paths, review dates, compliance
    starts and the item behind each record), so the join never reads Markdown."""
    def item_json(item: Bulletin) -> dict[str, Any]:
        out = {}
        for name in ITEM_FIELDS:
            value = getattr(item, name)
            out[name] = value.isoformat() if isinstance(value, dt.date) else value
        return out

    report = site.compliance
    records = [{**r.to_json(), "url": r.item.url if r.item else None, "unknown_year": r.unknown_year}
               for r in report.records]
    data = {"shard": shard_id, "as_of": site.context.as_of.isoformat(),
            "units": sorted(site.context.scope or ()),
            "items": [item_json(i) for i in site.bulletins],
            "starts": {u: d.isoformat() if d else None for u, d in report.starts.items()},
            "compliance": records}
    api.write_json(site_dir / MANIFEST, data)


def prune(site_dir: pathlib.Path, scope: frozenset[str]) -> None:
    """Leave in a shard's output only what is its own: its units' folders, posters and feeds, api/,
    search/ (the index files, for the join to merge) and shard.json."""
    keep_top = set(scope) | {"api", "search", POSTERS, FEED_DIR, MANIFEST, SITEMAP}
    for entry in site_dir.iterdir():
        if entry.name not in keep_top:
            _remove(entry)
    own_feeds = {pathlib.Path(feed_path(u)).name for u in scope}
    own_feeds |= {pathlib.Path(feed_path()).name, SITEMAP}
    for sub, own in ((POSTERS, set(scope)), (FEED_DIR, own_feeds)):
        for entry in (site_dir / sub).iterdir() if (site_dir / sub).is_dir() else []:
            if entry.name not in own:
                _remove(entry)
    for entry in (site_dir / "search").iterdir() if (site_dir / "search").is_dir() else []:
        if entry.name not in {"index.json", "p", "d"}:
            _remove(entry)
    for entry in (site_dir / "api").iterdir() if (site_dir / "api").is_dir() else []:
        if entry.name not in {"bulletins.json", "compliance.json"}:
            _remove(entry)


def _remove(path: pathlib.Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()


# --- the join -------------------------------------------------------------------------------------

@dataclass
class ShardOutput:
    dir: pathlib.Path
    manifest: dict[str, Any]


def read_shards(dirs: list[pathlib.Path], units: dict[str, Unit]) -> list[ShardOutput]:
    """Each shard's shard.json; every registered unit must come from exactly one shard."""
    shards = []
    owner: dict[str, str] = {}
    for folder in dirs:
        file = folder / MANIFEST
        if not file.is_file():
            raise ShardError(f"{folder} 里没有 {MANIFEST}：它不是 gongkai build --shard 生成的分片目录。")
        manifest = json.loads(file.read_text(encoding="utf-8"))
        for unit in manifest["units"]:
            if unit in owner:
                raise ShardError(f"单位“{unit}”同时出现在分片 {owner[unit]} 和 {manifest['shard']} 中。")
            owner[unit] = manifest["shard"]
        shards.append(ShardOutput(folder, manifest))
    missing = [u for u in units if u not in owner]
    if missing:
        more = " 等" if len(missing) > 10 else ""
        raise ShardError(f"缺少这些单位的分片：{'、'.join(missing[:10])}{more}。"
                         "请先构建全部分片（gongkai shards 列出它们），或用上次发布的分片补齐。")
    unknown = [u for u in owner if u not in units]
    if unknown:
        raise ShardError(f"分片中的单位“{unknown[0]}”不在 units.yml 中："
                         "分片是用旧的 units.yml 构建的，请重新构建。")
    dates = {s.manifest["as_of"] for s in shards}
    if len(dates) > 1:
        raise ShardError(f"分片的统计日期不一致（{'、'.join(sorted(dates))}）："
                         "请用同一个 GONGKAI_AS_OF 构建所有分片。")
    return shards


def _bulletin(data: dict[str, Any]) -> Bulletin:
    values = {k: _iso(v) if k in DATE_FIELDS else v for k, v in data.items()}
    return Bulletin.model_construct(**values, body="", body_line=1, headings=[], key_lines={}, tags=[],
                                    withdrawn_reason=None)


def joined_site(root: pathlib.Path, settings: Any,
                dirs: list[pathlib.Path]) -> tuple[Site, list[ShardOutput]]:
    """The Site of the whole province, from units.yml, the catalogue and the shards' JSON (no Markdown):
    items without bodies (listings need none) and the shards' compliance records."""
    units, problems = load_units(root)
    catalogue, more = load_catalogue(root)
    if problems or more:
        raise ShardError("units.yml 或 catalogue.yml 有错误，请先运行 gongkai check。")
    shards = read_shards(dirs, units)
    as_of = dt.date.fromisoformat(shards[0].manifest["as_of"]) if shards else asof.today()
    context = Context(root=root.resolve(), as_of=as_of, units=units, catalogue=catalogue, settings=settings)
    items = [_bulletin(d) for s in shards for d in s.manifest["items"]]
    items.sort(key=lambda i: tuple(i.path.split("/")))  # the order a whole build scans the files in
    by_url = {i.url: i for i in items}
    records = [compliance.Record(r["unit"], r["category"], r["type"], r["status"], _iso(r["due"]),
                                 r["days_late"], Period.parse(r["period"]) if r["period"] else None,
                                 by_url.get(r["url"]) if r["url"] else None, r["unknown_year"])
               for r in _in_unit_order(units, [r for s in shards for r in s.manifest["compliance"]])]
    starts = {u: _iso(s.manifest["starts"].get(u)) for s in shards for u in s.manifest["units"]}
    calendar, calendar_problems = load_calendar(context.root)
    report = compliance.Report(as_of, records, {u: starts.get(u) for u in units}, calendar, calendar_problems)
    return Site(context=context, bulletins=items, diagnostics=[], compliance=report), shards


def _in_unit_order(units: dict[str, Unit], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records of a whole build come unit by unit in units.yml order; within a unit, as computed."""
    order = {u: n for n, u in enumerate(units)}
    return sorted(records, key=lambda r: order.get(r["unit"], len(order)))


def copy_shard_files(shards: list[ShardOutput], site_dir: pathlib.Path) -> None:
    """Each shard's own pages, posters and feeds into the joined site (api/ and search/ are merged)."""
    for shard in shards:
        for entry in shard.dir.iterdir():
            if entry.name in {"api", "search", MANIFEST, SITEMAP}:
                continue
            if entry.is_dir():
                shutil.copytree(entry, site_dir / entry.name, dirs_exist_ok=True)
            else:
                shutil.copy2(entry, site_dir / entry.name)


def merged_json(shards: list[ShardOutput], name: str, units: dict[str, Unit]) -> list[dict[str, Any]]:
    """api/<name> of every shard as one list, in a whole build's order (by unit; records of one unit
    come from one shard, already in order)."""
    records = [r for s in shards for r in json.loads((s.dir / "api" / name).read_text(encoding="utf-8"))]
    if name == "compliance.json":
        return _in_unit_order(units, records)
    return sorted(records, key=lambda r: r["unit"])  # a whole build sorts by (unit, published, path)


def write_join(site: Site, shards: list[ShardOutput], site_dir: pathlib.Path) -> None:
    """After the join's own pages: the shards' files, the merged api/*.json, search index and site feed."""
    from . import shard_search

    copy_shard_files(shards, site_dir)
    units = site.context.units
    api.write_json(site_dir / "api" / "bulletins.json", merged_json(shards, "bulletins.json", units))
    api.write_json(site_dir / "api" / "compliance.json", merged_json(shards, "compliance.json", units))
    shard_search.merge([s.dir / "search" for s in shards], site_dir / "search")
    keys = {f"urn:gongkai:{i.index_no}": (i.published, i.event_date or i.published, i.path)
            for i in site.bulletins}
    shard_search.merge_site_feed([s.dir / feed_path() for s in shards], site_dir / feed_path(),
                                 keys, feeds.FEED_LIMIT)
    merge_sitemaps([s.dir / SITEMAP for s in shards], site_dir / SITEMAP,
                   {u for s in shards for u in s.manifest["units"]}, site.context.settings.site_url or "")


_URL_ENTRY = re.compile(r"\s*<url>\s*<loc>([^<]*)</loc>.*?</url>", re.S)


def merge_sitemaps(files: list[pathlib.Path], out: pathlib.Path, units: set[str], site_url: str) -> None:
    """sitemap.xml (and .gz) of the join: its own pages, then every shard's pages of its own units."""
    if not out.is_file():
        return
    own = []
    for file in files:
        for match in _URL_ENTRY.finditer(file.read_text(encoding="utf-8") if file.is_file() else ""):
            path = match.group(1).removeprefix(site_url.rstrip("/") + "/") if site_url else match.group(1)
            if path.split("/", 1)[0] in units:
                own.append(match.group(0))
    text = out.read_text(encoding="utf-8").replace("</urlset>", "".join(own) + "\n</urlset>", 1)
    out.write_text(text, encoding="utf-8")
    with gzip.open(out.with_name(out.name + ".gz"), "wb") as packed:
        packed.write(text.encode("utf-8"))


# --- commands ---------------------------------------------------------------------------------------

def _mkdocs(root: pathlib.Path, site_dir: pathlib.Path, env: dict[str, str]) -> int:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
               "-d", str(site_dir)]
    return subprocess.run(command, env={**os.environ, **env}).returncode


def cmd_shards(args: argparse.Namespace) -> int:
    units, problems = load_units(args.root)
    if problems:
        print("units.yml 有错误，请先运行 gongkai check。", file=sys.stderr)
        return 1
    shards = plan(units, args.level)
    try:
        if args.changed_since:
            shards = changed(shards, changed_files(args.root, args.changed_since))
    except ShardError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(matrix(shards), ensure_ascii=False))
    else:
        for shard in shards:
            print(f"{shard.id}\t{len(shard.units)} 个单位\t{' '.join(shard.paths)}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    env = {}
    if args.shard:
        units, _problems = load_units(root)
        try:
            shard = find(units, args.shard, args.level)
        except ShardError as err:
            print(f"错误：{err}", file=sys.stderr)
            return 2
        env = {"GONGKAI_SHARD": shard.id, "GONGKAI_SHARD_LEVEL": shard.level}
    site_dir = (args.site_dir or (root / "out" / args.shard if args.shard else root / "site")).resolve()
    return _mkdocs(root, site_dir, env)


def cmd_join(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    dirs = [d.resolve() for d in args.shards]
    missing = [str(d) for d in dirs if not (d / MANIFEST).is_file()]
    if missing:
        print(f"错误：这些目录不是分片输出（没有 {MANIFEST}）：{'、'.join(missing)}", file=sys.stderr)
        return 2
    return _mkdocs(root, args.site_dir.resolve(), {"GONGKAI_JOIN": os.pathsep.join(map(str, dirs))})


def add_command(commands: argparse._SubParsersAction) -> None:
    shards = commands.add_parser("shards", help="列出分片（CI 矩阵用），可只列出有改动的分片")
    shards.add_argument("--level", choices=LEVELS, default="township", help="按乡镇（默认）或按县分片")
    shards.add_argument("--changed-since", metavar="GIT版本", help="只列出自该版本以来文件有改动的分片")
    shards.add_argument("--format", choices=["human", "json"], default="human")
    shards.set_defaults(run=cmd_shards)
    build = commands.add_parser("build", help="构建网站；--shard 只构建一个分片")
    build.add_argument("--shard", metavar="分片", help="分片 id（gongkai shards 列出的 shard）")
    build.add_argument("--level", choices=LEVELS, default=None, help="分片层级（默认按分片 id 判断）")
    build.add_argument("-d", "--site-dir", type=pathlib.Path, help="输出目录（默认 out/<分片> 或 site/）")
    build.set_defaults(run=cmd_build)
    join = commands.add_parser("join", help="把各分片的输出合并成一个网站")
    join.add_argument("shards", nargs="+", type=pathlib.Path, metavar="分片目录")
    join.add_argument("-d", "--site-dir", type=pathlib.Path, required=True, help="合并后网站的输出目录")
    join.set_defaults(run=cmd_join)
