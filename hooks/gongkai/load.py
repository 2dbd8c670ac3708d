"""Files → RawItem: read bytes, decode, split front matter, keep the line of every key and heading.

Nothing here raises on a clerk's file: every problem becomes a Diagnostic.
"""

from __future__ import annotations

import os
import pathlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Diagnostic, diag
from .model import Heading

try:  # libyaml is ~10x faster; the pure-Python loader is the fallback
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

BULLETINS = "bulletins"
REGISTRY_FILES = {"units.yml", "catalogue.yml", "calendar.yml"}
# Extensions that look like a bulletin but would not be published.
LOOKS_LIKE_BULLETIN = {".markdown", ".mdown", ".txt", ".text", ".md"}
# Attachments a unit folder may hold; they are copied to the site as they are.
ATTACHMENTS = {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".doc", ".docx", ".xls", ".xlsx",
               ".ofd", ".wps", ".et", ".zip", ".csv"}

_FULL_WIDTH_KEY = re.compile(r"^\s*[A-Za-z_][\w-]*\s*：")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class RawItem:
    """One Markdown file, decoded and split; `front` is None when it could not be read."""

    path: str  # relative to the project root
    src_uri: str  # relative to bulletins/
    text: str = ""
    front: dict[str, Any] | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    front_end_line: int = 0  # line of the closing ---
    body: str = ""
    body_line: int = 1
    headings: list[Heading] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return self.src_uri.split("/", 1)[0]


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 with or without BOM, any line endings → text with \\n; anything else → GK001."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        guess = ""
        try:
            data.decode("gb18030")
            guess = "，看起来是 GBK/GB2312（ANSI）编码"
        except UnicodeDecodeError:
            pass
        return None, [diag("GK001", path, line, f"第 {line} 行起有无法按 UTF-8 读取的字节{guess}")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def scan_headings(lines: list[str], first_line: int) -> list[Heading]:
    """ATX headings outside fenced code, with their file line numbers."""
    headings: list[Heading] = []
    in_fence = False
    for offset, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        match = _HEADING.match(line)
        if match:
            headings.append(Heading(level=len(match.group(1)), text=match.group(2).strip(),
                                    line=first_line + offset))
    return headings


def parse_front_matter(text: str, path: str) -> tuple[dict[str, Any] | None, dict[str, int], list[Diagnostic]]:
    """YAML text (the lines between the --- markers, starting at file line 2) → mapping + key lines."""
    lines = text.split("\n")
    full_width = [i for i, line in enumerate(lines) if _FULL_WIDTH_KEY.match(line)]
    if full_width:
        return None, {}, [diag("GK004", path, i + 2, f"第 {i + 2} 行“{lines[i].strip()}”用了中文全角冒号“：”",
                               fix="把“：”改成英文半角冒号“:”，冒号后面加一个空格，例如 category: finance")
                          for i in full_width]
    tabs = [i for i, line in enumerate(lines) if line.startswith("\t") or re.match(r"^ *\t", line)]
    if tabs:
        return None, {}, [diag("GK004", path, i + 2, f"第 {i + 2} 行用 Tab 键缩进",
                               fix="把行首的 Tab 换成空格（YAML 不允许 Tab 缩进）") for i in tabs]
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, [diag("GK005", path, 1, "--- 与 --- 之间没有任何字段")]
        if not isinstance(node, yaml.MappingNode):
            return None, {}, [diag("GK005", path, node.start_mark.line + 2, "元数据不是“字段: 值”的形式")]
        key_lines: dict[str, int] = {}
        data: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            key_lines.setdefault(key, key_node.start_mark.line + 2)
            data[key] = _construct(loader, value_node)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(err, "problem", None) or str(err).split("\n")[0]
        return None, {}, [diag("GK004", path, line, f"第 {line} 行附近 YAML 写法有误（{problem}）")]
    except Exception as err:  # noqa: BLE001 - libyaml raises other errors on odd bytes; never a traceback
        return None, {}, [diag("GK004", path, 2, f"元数据无法解析（{type(err).__name__}）")]
    finally:
        loader.dispose()
    return data, key_lines, []


def _construct(loader: Any, node: yaml.Node) -> Any:
    """One value; a scalar YAML cannot construct (e.g. the date 2026-13-01) stays text for the schema."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, yaml.YAMLError):
        return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def split_item(text: str, path: str, src_uri: str) -> tuple[RawItem, list[Diagnostic]]:
    item = RawItem(path=path, src_uri=src_uri, text=text)
    if not text.strip():
        return item, [diag("GK002", path, 1, "文件没有任何内容")]
    lines = text.split("\n")
    if lines[0].strip() != "---":
        first = next((i for i, line in enumerate(lines) if line.strip()), 0)
        detail = "文件开头没有 --- 元数据" if lines[first].strip() != "---" else "--- 前面不能有空行"
        return item, [diag("GK003", path, first + 1, detail)]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return item, [diag("GK003", path, 1, "元数据只有开头的 ---，没有结束的 ---",
                           fix="在最后一个字段的下一行写一行 ---，再写正文")]
    front, key_lines, problems = parse_front_matter("\n".join(lines[1:end]), path)
    item.front, item.key_lines, item.front_end_line = front, key_lines, end + 1
    item.body_line = end + 2
    body_lines = lines[end + 1:]
    item.body = "\n".join(body_lines)
    item.headings = scan_headings(body_lines, item.body_line)
    return item, problems


def read_item(root: pathlib.Path, file: pathlib.Path) -> tuple[RawItem, list[Diagnostic]]:
    path = file.relative_to(root).as_posix()
    src_uri = file.relative_to(root / BULLETINS).as_posix()
    try:
        data = file.read_bytes()
    except OSError as err:
        return RawItem(path, src_uri), [diag("GK001", path, 1, f"文件无法读取（{err.strerror}）",
                                             fix="检查文件权限，或重新保存文件")]
    text, problems = decode(data, path)
    if text is None:
        return RawItem(path, src_uri), problems
    return split_item(text, path, src_uri)


class _RegistryLoader(Loader):  # type: ignore[misc,valid-type]
    """A registry file's YAML: a date that does not exist (2026-13-01) stays text, so that the schema reports it
    on its line (GK010 / GK011) instead of the YAML library raising."""


def _timestamp(loader: Any, node: yaml.Node) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_RegistryLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def read_yaml_file(file: pathlib.Path, path: str, code: str) -> tuple[Any, list[Diagnostic]]:
    """A registry file (units.yml, catalogue.yml, calendar.yml) → data, or GK010/GK011 diagnostics."""
    try:
        data = file.read_bytes()
    except OSError as err:
        return None, [diag(code, path, 1, f"文件无法读取（{err.strerror}）")]
    text, problems = decode(data, path)
    if text is None:
        return None, problems
    try:
        return yaml.load(text, Loader=_RegistryLoader), []
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return None, [diag(code, path, line, f"第 {line} 行附近 YAML 写法有误（{getattr(err, 'problem', '')}）")]


def node_line(text: str, loc: tuple[object, ...], loader: type = yaml.SafeLoader) -> int:
    """1-based line of the YAML node at loc (mapping keys and list indices); the deepest one found."""
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return 1
    line = 1
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == str(step)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


@dataclass
class SourceTree:
    """What is under bulletins/: Markdown items, attachments, and files that would be lost."""

    items: list[pathlib.Path] = field(default_factory=list)
    attachments: list[pathlib.Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def _walk(folder: str) -> Iterator[str]:
    """Every file under folder (as pathlib's rglob finds them: a symlinked folder is not entered)."""
    try:
        with os.scandir(folder) as entries:
            for entry in list(entries):
                if entry.is_dir(follow_symlinks=False):
                    yield from _walk(entry.path)
                elif entry.is_file():
                    yield entry.path
    except OSError:
        return


def _files(base: pathlib.Path, unit_ids: set[str] | None, only: frozenset[str] | None) -> list[pathlib.Path]:
    """Every file under bulletins/, in path order; with ``only`` (a shard), skip the folders of other
    registered units."""
    found: list[str] = []
    for entry in _walk_top(base):
        if entry.is_file():
            found.append(entry.path)
        elif entry.is_dir(follow_symlinks=False) and (only is None or entry.name in only or unit_ids is None
                                                      or entry.name not in unit_ids):
            found += _walk(entry.path)
    start = len(str(base)) + 1
    return [pathlib.Path(f) for f in sorted(found, key=lambda f: f[start:].split(os.sep))]


def _walk_top(base: pathlib.Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(base) as entries:
            return list(entries)
    except OSError:
        return []


def _starts_with_front_matter(file: pathlib.Path) -> bool:
    try:
        with file.open("rb") as handle:
            return handle.read(8).lstrip(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False


def scan_tree(root: pathlib.Path, unit_ids: set[str] | None = None,
              only: frozenset[str] | None = None) -> SourceTree:
    """Walk bulletins/ once, sorting every file into items, attachments and reported strays."""
    tree = SourceTree()
    base = root / BULLETINS
    start = len(str(base)) + 1
    for file in _files(base, unit_ids, only):
        parts = str(file)[start:].split(os.sep)
        path = f"{BULLETINS}/{'/'.join(parts)}"
        suffix = file.suffix
        if any(part.startswith(".") for part in parts):
            if suffix.lower() in LOOKS_LIKE_BULLETIN:
                tree.problems.append(diag(
                    "GK007", path, 1, "文件或所在文件夹的名字以“.”开头，是隐藏文件，不会被发布",
                    fix="去掉名字开头的“.”；不需要的文件（如 Mac 拷贝产生的 ._ 开头的文件）请删除"))
            continue
        if not suffix and len(parts) > 1 and _starts_with_front_matter(file):
            tree.problems.append(diag("GK007", path, 1, "文件没有扩展名，不会被发布",
                                      fix=f"把文件改名为 {file.name}.md"))
            continue
        if len(parts) == 1:
            if file.name in REGISTRY_FILES:
                continue
            if suffix.lower() in LOOKS_LIKE_BULLETIN:
                tree.problems.append(diag("GK007", path, 1, "文件直接放在 bulletins/ 下，不属于任何单位",
                                          fix="把它移到 bulletins/<单位id>/ 文件夹里"))
            continue
        if suffix == ".md":
            if unit_ids is None or parts[0] in unit_ids:
                tree.items.append(file)
            else:
                tree.problems.append(diag("GK006", path, 1, f"文件夹“{parts[0]}”不是 units.yml 中登记的单位"))
        elif suffix.lower() in LOOKS_LIKE_BULLETIN:
            tree.problems.append(diag("GK007", path, 1, f"扩展名“{suffix}”的文件不会被发布",
                                      fix="公开事项请改名为小写 .md 结尾，例如 finance-2026-07.md"))
        elif suffix.lower() in ATTACHMENTS:
            tree.attachments.append(file)
    return tree
