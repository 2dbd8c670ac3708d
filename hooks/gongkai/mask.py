"""`gongkai mask PATH... [--write]`: show, then (with --write) apply, the masked form of every
身份证号, bank card and private mobile number that the privacy rule (GK501–GK503) reports.

Only the characters of each finding change: the byte-order mark, line endings and every other
character of the file stay exactly as they were.
"""

from __future__ import annotations

import argparse
import difflib
import pathlib
import sys

from . import asof
from .load import BULLETINS
from .pii import KIND_NAMES, Finding, find, mask, position
from .registry import load_units
from .settings import load_settings
from .site import official_mobiles

BOM = b"\xef\xbb\xbf"


def files_under(paths: list[pathlib.Path]) -> tuple[list[pathlib.Path], list[str]]:
    """The Markdown files named or under the folders named; and the paths that do not exist."""
    files: list[pathlib.Path] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".md"
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(str(path))
    return files, missing


def mask_file(data: bytes, allowed: frozenset[str]) -> tuple[bytes, str, str, list[Finding]] | None:
    """File bytes → (masked bytes, old text, new text, findings); None when not UTF-8."""
    bom = data.startswith(BOM)
    try:
        text = data[len(BOM) if bom else 0:].decode("utf-8")
    except UnicodeDecodeError:
        return None
    findings = find(text, allowed_mobiles=allowed, as_of=asof.today())
    new = mask(text, findings)
    return (BOM if bom else b"") + new.encode("utf-8"), text, new, findings


def run(args: argparse.Namespace) -> int:
    root: pathlib.Path = args.root
    units, _ = load_units(root.resolve()) if (root / BULLETINS / "units.yml").exists() else ({}, [])
    allowed = official_mobiles(units.values(), load_settings(root))
    files, missing = files_under(args.paths)
    for path in missing:
        print(f"错误：找不到 {path}", file=sys.stderr)
    total = changed = 0
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as err:
            print(f"{file}: 无法读取（{err.strerror}），已跳过", file=sys.stderr)
            continue
        result = mask_file(data, allowed)
        if result is None:
            print(f"{file}: 不是 UTF-8 编码，已跳过（先用编辑器另存为 UTF-8，见 GK001）", file=sys.stderr)
            continue
        masked, old, new, findings = result
        if not findings:
            continue
        total += len(findings)
        changed += 1
        name = file.as_posix()
        for finding in findings:
            line, column = position(old, finding.start)
            print(f"{name}:{line}:{column}: {KIND_NAMES[finding.kind]} → {finding.masked}")
        diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                    fromfile=name, tofile=f"{name}（遮盖后）")
        sys.stdout.writelines(diff)
        print()
        if args.write:
            file.write_bytes(masked)
    if not total:
        print("没有发现需要遮盖的身份证号、银行卡号或个人手机号。")
    elif args.write:
        print(f"已在 {changed} 个文件中遮盖 {total} 处个人信息。请再运行 gongkai check 确认。")
    else:
        print(f"共 {changed} 个文件中有 {total} 处个人信息需要遮盖。确认上面的改动无误后，"
              f"加上 --write 再运行一次即可改写文件。")
    if missing:
        return 2
    return 1 if total and not args.write else 0


def add_command(commands: argparse._SubParsersAction) -> None:
    mask_parser = commands.add_parser(
        "mask", help="遮盖身份证号、银行卡号、个人手机号（先显示改动，加 --write 改写文件）")
    mask_parser.add_argument("paths", nargs="+", type=pathlib.Path, metavar="PATH",
                             help="要检查的 .md 文件或文件夹（文件夹下的全部 .md 文件）")
    mask_parser.add_argument("--write", action="store_true", help="直接改写文件（只改动需要遮盖的数字）")
    mask_parser.set_defaults(run=run)
