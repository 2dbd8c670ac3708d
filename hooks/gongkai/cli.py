"""The `gongkai` command line. Each command calls the same functions as the build."""

from __future__ import annotations

import argparse
import pathlib
import sys
from collections.abc import Callable

from . import asof, cache
from .diagnostics import format_human, has_errors, to_json
from .progress import progress_bar
from .validate import fewer_collections, validate_site

Command = Callable[[argparse.Namespace], int]


@fewer_collections()  # the report of 10,000 items' diagnostics is made after the validator's objects
def cmd_check(args: argparse.Namespace) -> int:
    with progress_bar("检查公开事项") as advance:
        store = None if args.no_cache else cache.open_store(args.root.resolve())
        site = validate_site(args.root, progress=advance, cache=store)
    if args.format == "json":
        print(to_json(site.diagnostics))
    else:
        print(format_human(site.diagnostics))
    return 1 if has_errors(site.diagnostics) else 0


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with command="check", that command only (its modules need no other)."""
    parser = argparse.ArgumentParser(prog="gongkai", description="公开栏：检查、发布政务公开 / 村务公开事项")
    parser.add_argument("--root", type=pathlib.Path, default=pathlib.Path("."),
                        help="项目根目录（含 bulletins/ 和 mkdocs.yml），默认当前目录")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    check = commands.add_parser("check", help="检查全部公开事项，报告所有问题")
    check.add_argument("--format", choices=["human", "json"], default="human")
    check.add_argument("--no-cache", action="store_true",
                       help="不用缓存，重新检查每一个文件（缓存在 .cache/gongkai/，见 GONGKAI_CACHE_DIR）")
    check.set_defaults(run=cmd_check)
    if command != "check":
        for add in extensions():
            add(commands)
    return parser


def extensions() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Other modules add their commands here: each function takes the subparsers object. Imported only when
    the command line is not `gongkai check`, which (a pre-commit hook) must not wait for their libraries."""
    from . import editor, mask, new, preview_server, report, schema_export, status
    from .posters import command as posters_command
    from .shards import commands as shard_commands

    return [status.add_command, new.add_command, schema_export.add_command, posters_command.add_command,
            report.add_command, mask.add_command, shard_commands.add_command, editor.add_command,
            preview_server.add_command]


def command_of(argv: list[str]) -> str | None:
    """The command named on the command line (the first word that is not an option or --root's value)."""
    words = iter(argv)
    for word in words:
        if word == "--root":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(command_of(argv))
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except asof.AsOfError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
