"""A clerk's HTML that will not be published: found in the Markdown source, with line and column.

Markdown lets a clerk paste raw HTML (often from Word or a web page). The published page is the
sanitised one (sanitize.clean, the same allow-list); these warnings say what was removed and where:
scripts and embedded pages, event handlers (onerror=…), javascript:/data: links, and styles, which
can hide text from the public while it still counts as "disclosed".
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .. import sanitize
from ..diagnostics import Code, Diagnostic, diag, register
from ..load import RawItem
from ..site import Context, Site

register(
    Code("GK511", "warning", "不会发布的 HTML 标签",
         "这个标签在网页上会被删除：公开内容请用 Markdown 书写（标题 ##、表格、列表），不要粘贴网页代码；"
         "视频、地图等请写成普通链接"),
    Code("GK512", "warning", "HTML 事件属性（on…）会被删除",
         "删除 onclick、onerror 等 on 开头的属性：公开网页不运行录入人员写的脚本"),
    Code("GK513", "warning", "不安全的链接或外部图片会被删除",
         "链接只能用 http://、https://、mailto:、tel: 或站内相对地址；"
         "图片只显示本站的：请把图片作为附件放在单位文件夹里，再用相对地址引用，如 ![说明](照片.jpg)"),
    Code("GK514", "warning", "样式（style）会被删除",
         "删除 style 属性和 <style> 标签：样式可能把内容隐藏起来，公开内容一律按网站统一样式显示；"
         "表格对齐请用 Markdown 的 :--: 写法"),
    Code("GK515", "error", "SVG 图片附件中含有脚本",
         "SVG 附件会原样发布，其中的脚本会在本站运行：请把图片另存为 PNG 或 JPG 再附上，或删除这个附件"),
)

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# Markdown links, images and reference definitions: ](url  and  [label]: url
_MD_URL = re.compile(r"\]\(\s*<?((?:[^()>\s]|\([^()\s]*\))+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)>\s]+)")
# attr_list: {: #id .class key="value" } after a block or a span
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*=[^{}\n]*)\}")
_ATTR_PAIR = re.compile(r"([^\s=\"'{}]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s}]+)")


_TAG = re.compile(r"<[A-Za-z!/?][^<>]*>")


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def without_code(body: str) -> str:
    """The body with fenced code and code spans blanked out (same length, same lines): HTML there is text."""
    lines = body.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0]
            lines[i] = _blank(line)
        elif fence is not None:
            if match and match.group(1)[0] == fence:
                fence = None
            lines[i] = _blank(line)
        else:
            lines[i] = _CODE_SPAN.sub(lambda m: _blank(m.group()), line)
    return "\n".join(lines)


class _Scanner(HTMLParser):
    """Collects (line, column, code, detail) for every construct the allow-list removes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str, str]] = []

    def _add(self, code: str, detail: str) -> None:
        line, offset = self.getpos()
        self.found.append((line, offset + 1, code, detail))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style":
            self._add("GK514", "<style> 样式标签连同其中内容会被删除")
        elif tag in sanitize.DANGEROUS_TAGS:
            gone = "连同其中内容" if tag in sanitize.DROPPED_WITH_CONTENT else ""
            self._add("GK511", f"<{tag}> 标签{gone}会被删除（可能运行脚本或嵌入其他网页）")
        elif tag not in sanitize.TAGS:
            self._add("GK511", f"<{tag}> 标签会被删除（只保留其中的文字）")
        for name, value in attrs:
            self.attribute(tag, name, value or "")

    handle_startendtag = handle_starttag

    def attribute(self, tag: str, name: str, value: str) -> None:
        name = name.lower()
        if name.startswith("on"):
            self._add("GK512", f"<{tag}> 的 {name} 属性会被删除")
        elif name == "style":
            self._add("GK514", f"<{tag}> 的 style=\"{value[:40]}\" 会被删除")
        elif name in sanitize.URL_ATTRIBUTES and sanitize.unsafe_url(value):
            self._add("GK513", f"<{tag}> 的 {name} 地址“{value[:40]}”会被删除")
        elif tag == "img" and name == "src" and sanitize.external(value):
            self._add("GK513", f"其他网站的图片“{value[:40]}”不会显示")


def scan_html(text: str, first_line: int = 1) -> list[tuple[int, int, str, str]]:
    """(file line, column, code, detail) of every raw-HTML construct the sanitiser removes."""
    scanner = _Scanner()
    try:
        scanner.feed(text)
        scanner.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient, but a clerk's file must never stop the check
        pass
    return [(line + first_line - 1, column, code, detail) for line, column, code, detail in scanner.found]


def scan_markdown(text: str, first_line: int = 1) -> list[tuple[int, int, str, str]]:
    """The same for Markdown's own syntax: link and image URLs, and attr_list attributes."""
    found = []
    for number, line in enumerate(text.split("\n"), first_line):
        for match in _MD_URL.finditer(line):
            group = 1 if match.group(1) else 2
            url = match.group(group) or ""
            if sanitize.unsafe_url(url):
                found.append((number, match.start(group) + 1, "GK513", f"链接地址“{url[:40]}”会被删除"))
        for match in _MD_IMAGE.finditer(line):
            url = match.group(1)
            if sanitize.external(url):
                found.append((number, match.start(1) + 1, "GK513", f"其他网站的图片“{url[:40]}”不会显示"))
        for match in _ATTR_LIST.finditer(line):
            for pair in _ATTR_PAIR.finditer(match.group(1)):
                name, value = pair.group(1).lower(), pair.group(2).strip("\"'")
                column = match.start(1) + pair.start() + 1
                if name.startswith("on"):
                    found.append((number, column, "GK512", f"{{: }} 中的 {name} 属性会被删除"))
                elif name == "style":
                    found.append((number, column, "GK514", f"{{: }} 中的 style=\"{value[:40]}\" 会被删除"))
                elif name in sanitize.URL_ATTRIBUTES and sanitize.unsafe_url(value):
                    found.append((number, column, "GK513", f"{{: }} 中的 {name} 地址“{value[:40]}”会被删除"))
    return found


def _front_values(raw: RawItem) -> list[tuple[str, str]]:
    values = []
    for key, value in (raw.front or {}).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                values.append((key, item))
    return values


def check(raw: RawItem, ctx: Context) -> list[Diagnostic]:
    """RAW_RULE: raw HTML in the body, and HTML typed into front matter values (shown as plain text)."""
    body = without_code(raw.body)
    found = scan_markdown(body, raw.body_line)
    if "<" in body:  # most bulletins are plain Markdown: skip the HTML tokenizer for them
        found += scan_html(body, raw.body_line)
    problems = [diag(code, raw.path, line, f"第 {line} 行第 {column} 列：{detail}", column=column)
                for line, column, code, detail in sorted(found)]
    for key, value in _front_values(raw):
        if _TAG.search(value):
            problems.append(diag("GK511", raw.path, raw.key_lines.get(key, 1),
                                 f"{key} 中有网页代码“{value[:40]}”",
                                 fix=f"{key} 只写文字：其中的网页代码不会生效，会原样显示出来"))
    return problems


class _SvgScanner(_Scanner):
    """In an SVG attachment only scripts matter: it is served as it is, with no sanitiser in between."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "foreignobject", "iframe", "embed", "object", "handler"):
            self._add("GK515", f"<{tag}> 标签")
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on"):
                self._add("GK515", f"<{tag}> 的 {name} 属性")
            elif name in sanitize.URL_ATTRIBUTES and sanitize.unsafe_url(value or ""):
                self._add("GK515", f"<{tag}> 的 {name} 地址“{(value or '')[:40]}”")

    handle_startendtag = handle_starttag


def check_svg(site: Site) -> list[Diagnostic]:
    """SITE_RULE: scripts in SVG attachments (opened on their own, they would run on this site)."""
    ctx = site.context
    problems = []
    for file in ctx.attachments:
        if file.suffix.lower() != ".svg":
            continue
        try:
            text = file.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
        scanner = _SvgScanner()
        try:
            scanner.feed(text)
            scanner.close()
        except Exception:  # noqa: BLE001 - a broken image must not stop the check
            pass
        path = file.relative_to(ctx.root).as_posix()
        problems += [diag("GK515", path, line, f"第 {line} 行第 {column} 列：{detail}", column=column)
                     for line, column, _, detail in scanner.found]
    return problems

