"""Nothing lost: every Markdown file under bulletins/ becomes a page or an error, and nothing published
before disappears without a trace.

load.scan_tree, in its one walk of the tree, reports files outside a unit folder, hidden in a
dot-folder, saved without an extension or with another extension (GK007), or in an unregistered
folder (GK006). This family adds two items that would land on the same web address (one page
overwrites the other), and, with GONGKAI_PREVIOUS=<path or URL of the last published api/bulletins.json>, every
索引号 published before that is now missing. A published item is withdrawn or superseded, never deleted.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
from typing import Any

from ..diagnostics import Code, Diagnostic, diag, register
from ..load import BULLETINS
from ..model import Bulletin
from ..site import Site

ENV_VAR = "GONGKAI_PREVIOUS"
TIMEOUT_SECONDS = 30

register(
    Code("GK521", "error", "两个事项的网址相同，其中一个会丢失",
         "给其中一个文件换个名字（网址由文件夹和文件名决定，不区分大小写）"),
    Code("GK522", "error", "以前公开过的事项不见了",
         "公开过的事项不能直接删除：请恢复这个文件。"
         "要撤下，保留文件并写 status: withdrawn 和 withdrawn_reason；"
         "要更正，另发一条写 supersedes: <原索引号> 的事项，原事项写 status: superseded"),
    Code("GK523", "error", "无法读取上一版公开清单（GONGKAI_PREVIOUS）",
         "检查环境变量 GONGKAI_PREVIOUS 指向的 bulletins.json（本地路径或网址）是否存在、能否访问；"
         "不需要与上一版比对时去掉这个环境变量"),
)

_YEAR = re.compile(r"^[0-9]{4}$")


def url_clashes(bulletins: list[Bulletin]) -> list[Diagnostic]:
    """Two items on one address, or an item on a unit's year list (yuhuazhai/2026.md → yuhuazhai/2026/)."""
    problems = []
    seen: dict[str, Bulletin] = {}
    for item in sorted(bulletins, key=lambda b: b.path):
        parts = item.url.strip("/").split("/")
        if len(parts) == 2 and _YEAR.match(parts[1]):
            problems.append(diag("GK521", item.path, 1, f"网址 {item.url} 是本单位 {parts[1]} 年的事项列表页",
                                 fix=f"把文件改名，例如 {parts[0]}/{parts[1]}/事项名称.md"))
        key = item.url.casefold()
        if key in seen:
            problems.append(diag("GK521", item.path, 1, f"与 {seen[key].path} 的网址相同（{item.url}）"))
        else:
            seen[key] = item
    return problems


def read_previous(source: str, root: pathlib.Path) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """The records of a previously published bulletins.json (a local path or an http(s)/file URL)."""
    shown = source if "://" in source else source.replace(os.sep, "/")

    def problem(detail: str) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
        return [], [diag("GK523", shown, 1, f"{ENV_VAR}={source}：{detail}")]

    try:
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+://", source):
            import urllib.request  # loaded when GONGKAI_PREVIOUS is a URL

            with urllib.request.urlopen(source, timeout=TIMEOUT_SECONDS) as response:
                data = response.read()
        else:
            path = pathlib.Path(source)
            if not path.is_absolute() and not path.exists():
                path = root / path
            data = path.read_bytes()
    except (OSError, ValueError) as err:  # URLError and HTTPError are OSErrors
        return problem(f"无法读取（{getattr(err, 'reason', None) or getattr(err, 'strerror', None) or err}）")
    try:
        records = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return problem("不是 JSON 文件")
    if isinstance(records, dict):
        records = records.get("bulletins")
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        return problem("不是 gongkai 生成的 api/bulletins.json（应是事项记录的列表）")
    return records, []


def missing_since(records: list[dict[str, Any]], bulletins: list[Bulletin]) -> list[Diagnostic]:
    """GK522 for every 索引号 in the previous records that no current item carries."""
    current = {item.index_no for item in bulletins}
    by_url = {item.url: item for item in bulletins}
    problems = []
    for record in records:
        number = record.get("index_no")
        if not isinstance(number, str) or not number or number in current:
            continue
        url = record.get("url") if isinstance(record.get("url"), str) else ""
        path = f"{BULLETINS}/{url.strip('/')}.md" if url.strip("/") else BULLETINS
        title = str(record.get("title") or "")[:60]
        detail = f"索引号 {number}（{title}）上一版已经公开，这一版没有了"
        fix = None
        now = by_url.get(url)
        if now is not None:
            fix = (f"文件 {now.path} 还在，但索引号变成了 {now.index_no}（文件改过名或 index_no 被修改）："
                   f"在它的元数据中写 index_no: {number}")
        problems.append(diag("GK522", path, 1, detail, fix=fix))
    return problems


def check(site: Site) -> list[Diagnostic]:
    """SITE_RULE: clashing addresses, items gone since last time."""
    bulletins, ctx = site.bulletins, site.context
    problems = url_clashes(bulletins)  # hidden and extension-less files: load.scan_tree
    source = os.environ.get(ENV_VAR, "").strip()
    if source:
        records, read_problems = read_previous(source, ctx.root)
        problems += read_problems + missing_since(records, bulletins)
    return problems
