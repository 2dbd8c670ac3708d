"""The shard plan: which shards a registry has, the CI matrix, and which shards a change touches."""

from __future__ import annotations

import pathlib
import subprocess
from dataclasses import dataclass
from typing import Any

from ..load import BULLETINS
from ..model import Unit
from ..registry import load_units

LEVELS = ("township", "county")
TOP = "_top"
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


def scope(root: pathlib.Path, shard_id: str, level: str | None = None) -> frozenset[str]:
    """The units a shard build (GONGKAI_SHARD, GONGKAI_SHARD_LEVEL) publishes."""
    units, _problems = load_units(root)
    return frozenset(find(units, shard_id, level or None).units)


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
