"""The join: the Site of the whole province from the shards' shard.json (no Markdown), and the joined
site's files made from the shards' (their pages copied in, api/ and the search index merged)."""

from __future__ import annotations

import gzip
import json
import pathlib
import re
import shutil
from dataclasses import dataclass
from typing import Any

from .. import feeds, shard_search
from ..api import write_json
from ..compliance import Record, Report
from ..model import Unit
from ..registry import load_catalogue, load_units
from ..settings import Settings
from ..site import Context, Site
from ..urls import feed_path
from ..workdays import load_calendar
from . import manifest
from .plan import ShardError
from .publish import API_MERGED, MANIFEST, SITEMAP


@dataclass
class ShardOutput:
    dir: pathlib.Path
    manifest: manifest.Manifest


def read_shards(dirs: list[pathlib.Path], units: dict[str, Unit]) -> list[ShardOutput]:
    """Each shard's shard.json; every registered unit must come from exactly one shard."""
    shards = [ShardOutput(folder, manifest.read(folder)) for folder in dirs]
    owner: dict[str, str] = {}
    for shard in shards:
        for unit in shard.manifest.units:
            if unit in owner:
                raise ShardError(f"单位“{unit}”同时出现在分片 {owner[unit]} 和 {shard.manifest.shard} 中。")
            owner[unit] = shard.manifest.shard
    missing = [u for u in units if u not in owner]
    if missing:
        more = " 等" if len(missing) > 10 else ""
        raise ShardError(f"缺少这些单位的分片：{'、'.join(missing[:10])}{more}。"
                         "请先构建全部分片（gongkai shards 列出它们），或用上次发布的分片补齐。")
    unknown = [u for u in owner if u not in units]
    if unknown:
        raise ShardError(f"分片中的单位“{unknown[0]}”不在 units.yml 中："
                         "分片是用旧的 units.yml 构建的，请重新构建。")
    dates = {s.manifest.as_of.isoformat() for s in shards}
    if len(dates) > 1:
        raise ShardError(f"分片的统计日期不一致（{'、'.join(sorted(dates))}）："
                         "请用同一个 GONGKAI_AS_OF 构建所有分片。")
    return shards


def _scan_order(path: str) -> tuple[str, ...]:
    """The order a whole build reads the files in (load.scan_tree)."""
    return tuple(path.split("/"))


def joined_site(root: pathlib.Path, settings: Settings,
                dirs: list[pathlib.Path]) -> tuple[Site, list[ShardOutput]]:
    """The Site of the whole province, from units.yml, the catalogue and the shards' shard.json: items
    without bodies (listings need none), the shards' compliance records and their register."""
    units, problems = load_units(root)
    catalogue, more = load_catalogue(root)
    if problems or more:
        raise ShardError("units.yml 或 catalogue.yml 有错误，请先运行 gongkai check。")
    if not dirs:
        raise ShardError("没有给出要合并的分片目录。")
    shards = read_shards(dirs, units)
    as_of = shards[0].manifest.as_of
    items = sorted((i for s in shards for i in s.manifest.items), key=lambda i: _scan_order(i.path))
    register = sorted((c for s in shards for c in s.manifest.cases), key=lambda c: _scan_order(c.path))
    context = Context(root=root.resolve(), as_of=as_of, units=units, catalogue=catalogue, settings=settings,
                      register=register)
    by_url = {i.url: i for i in items}
    records = [Record.from_json(r, by_url.get(r["url"]) if r["url"] else None)
               for r in _in_unit_order(units, [r for s in shards for r in s.manifest.compliance])]
    starts = {u: s.manifest.starts.get(u) for s in shards for u in s.manifest.units}
    calendar, calendar_problems = load_calendar(context.root)
    report = Report(as_of, records, {u: starts.get(u) for u in units}, calendar, calendar_problems)
    return Site(context=context, bulletins=items, diagnostics=[], compliance=report), shards


def _in_unit_order(units: dict[str, Unit], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records of a whole build come unit by unit in units.yml order; within a unit, as computed."""
    order = {u: n for n, u in enumerate(units)}
    return sorted(records, key=lambda r: order.get(r["unit"], len(order)))


def copy_shard_files(shards: list[ShardOutput], site_dir: pathlib.Path) -> None:
    """Each shard's own pages, posters and feeds into the joined site (api/ and search/ are merged). Copied
    without their times: a copied file is one this build made (kept_site.sweep keeps files by their time)."""
    for shard in shards:
        for entry in shard.dir.iterdir():
            if entry.name in {"api", "search", MANIFEST, SITEMAP}:
                continue
            if entry.is_dir():
                shutil.copytree(entry, site_dir / entry.name, dirs_exist_ok=True, copy_function=shutil.copy)
            else:
                shutil.copy(entry, site_dir / entry.name)


def merged_json(shards: list[ShardOutput], name: str, units: dict[str, Unit]) -> list[dict[str, Any]]:
    """api/<name> of every shard as one list, in a whole build's order (by unit; records of one unit
    come from one shard, already in order)."""
    records = [r for s in shards for r in json.loads((s.dir / "api" / name).read_text(encoding="utf-8"))]
    if name == "compliance.json":
        return _in_unit_order(units, records)
    return sorted(records, key=lambda r: r["unit"])  # a whole build sorts by (unit, published, path)


def write_join(site: Site, shards: list[ShardOutput], site_dir: pathlib.Path) -> None:
    """After the join's own pages and writers: the shards' files, the merged api/*.json, search index
    and site feed."""
    copy_shard_files(shards, site_dir)
    units = site.context.units
    for name in API_MERGED:
        write_json(site_dir / "api" / name, merged_json(shards, name, units))
    shard_search.merge([s.dir / "search" for s in shards], site_dir / "search")
    keys = {f"urn:gongkai:{i.index_no}": (i.published, i.event_date or i.published, i.path)
            for i in site.bulletins}
    shard_search.merge_site_feed([s.dir / feed_path() for s in shards], site_dir / feed_path(),
                                 keys, feeds.FEED_LIMIT)
    merge_sitemaps([s.dir / SITEMAP for s in shards], site_dir / SITEMAP,
                   {u for s in shards for u in s.manifest.units}, site.context.settings.site_url or "")


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
