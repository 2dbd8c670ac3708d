"""The shard commands: `gongkai shards` (the CI matrix), `gongkai build [--shard]`, `gongkai join`."""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys

from ..registry import load_units
from .plan import LEVELS, ShardError, changed, changed_files, find, matrix, plan
from .publish import MANIFEST


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
