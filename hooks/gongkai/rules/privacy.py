"""Personal data in published text (条例 art. 15, 去标识化 before publication).

In 2023 village boards in 钱塘 showed the full 身份证号 and bank accounts of over 1,000 disabled and
elderly villagers. This rule reads the whole file as the clerk wrote it (front matter values, title,
body, tables, comments) and every attachment that will be published (attachment_text.py), and reports
what pii.find finds (身份证号, bank cards, private mobiles), with line and column, or page, cell, paragraph.
An attachment whose text cannot be read (a scan, an image, an old binary .doc) is an error unless an item
that links it says who checked it by eye (`attachments_checked_by:`).
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from ..attachment_text import Piece, extract
from ..diagnostics import Code, Diagnostic, diag, register
from ..load import RawItem
from ..model import Bulletin
from ..pii import KIND_NAMES, Finding, find, find_in_number, mask, mobile_key, position
from ..site import Context, Site

__all__ = ["KIND_NAMES", "Finding", "check", "check_attachments", "find", "mask", "mobile_key",
           "position"]

register(
    Code("GK501", "error", "公开内容中有完整的身份证号",
         "身份证号只保留前 6 位和后 4 位，中间的出生日期和顺序码用 * 代替，例如 610113********1234；"
         "可运行 gongkai mask <文件> --write 自动遮盖"),
    Code("GK502", "error", "公开内容中有完整的银行卡号",
         "银行卡号只保留后 4 位，其余数字用 * 代替，例如 ***************0123；"
         "可运行 gongkai mask <文件> --write 自动遮盖"),
    Code("GK503", "error", "公开内容中有个人手机号",
         "个人手机号只保留前 3 位和后 4 位，例如 138****5678；可运行 gongkai mask <文件> --write 自动遮盖。"
         "如果是单位公开的号码，请写进 units.yml 该单位的 phone，"
         "或 mkdocs.yml 的 extra.gongkai.allowed_phones"),
    Code("GK504", "error", "附件中的文字无法自动检查",
         "附件会原样发布，但系统读不出其中的文字（扫描件、图片、旧版 .doc/.wps、.ofd 等），"
         "查不了身份证号、银行卡号和手机号。"
         "请由专人逐页核对已遮盖个人信息，然后在链接这个附件的事项元数据中写上 attachments_checked_by: 核对人姓名；"
         "或者改用可以读取的格式（PDF 导出时保留文字、.docx、.xlsx、.csv）"),
)

_CODES: dict[str, str] = {"id": "GK501", "card": "GK502", "mobile": "GK503"}
_ATTACHMENT_FIX = "附件会原样发布：请在原文件（Excel、Word 等）中改成遮盖后的形式再另存，或不附这个文件"


def check(raw: RawItem, ctx: Context) -> list[Diagnostic]:
    """RAW_RULE: personal data anywhere in the file's text."""
    problems = []
    for finding in find(raw.text, allowed_mobiles=ctx.official_mobiles, as_of=ctx.as_of):
        line, column = position(raw.text, finding.start)
        name = KIND_NAMES[finding.kind]
        problems.append(diag(_CODES[finding.kind], raw.path, line,
                             f"第 {line} 行第 {column} 列是完整的{name}（遮盖后应为 {finding.masked}）",
                             column=column))
    return problems


# --- attachments ----------------------------------------------------------------------------------------

def piece_problems(piece: Piece, path: str, allowed: frozenset[str], ctx: Context) -> list[Diagnostic]:
    """The personal data in one piece of an attachment's text, located in the attachment."""
    problems = []
    findings = find(piece.text, allowed_mobiles=allowed, as_of=ctx.as_of, label=piece.label)
    for finding in findings:
        line, column = position(piece.text, finding.start)
        inner = f"第 {line} 行第 {column} 列" if "\n" in piece.text or not piece.where else ""
        where = " ".join(p for p in (piece.where, inner) if p) or "附件中"
        problems.append(diag(_CODES[finding.kind], path, line if not piece.where else 1,
                             f"{where}是完整的{KIND_NAMES[finding.kind]}（遮盖后应为 {finding.masked}）",
                             fix=_ATTACHMENT_FIX, column=column if not piece.where else None))
    kind = find_in_number(piece.number, ctx.as_of, piece.label) if piece.number is not None and not findings \
        else None
    if kind:
        problems.append(diag(_CODES[kind], path, 1,
                             f"{piece.where} 把{KIND_NAMES[kind]}存成了数字（显示为 {piece.text[:6]}…，"
                             f"Excel 只保留前 15 位，地区、出生日期或卡号的大部分仍在文件里）",
                             fix="把这一列设成“文本”格式，填入遮盖后的号码（如 610113********1234）再另存"))
    return problems


_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|(?:src|href)\s*=\s*[\"']([^\"']+)")


def linked_attachments(item: Bulletin) -> set[str]:
    """The attachments (paths under bulletins/) an item's body links to or shows."""
    folder = posixpath.dirname(item.src_uri)
    found = set()
    for match in _LINK.finditer(item.body):
        link = unquote((match.group(1) or match.group(2)).split("#")[0].split("?")[0])
        if link and "://" not in link and not link.startswith(("/", "mailto:", "tel:")):
            found.add(posixpath.normpath(posixpath.join(folder, link)))
    return found


def _checkers(bulletins: list[Bulletin]) -> dict[str, list[Bulletin]]:
    """attachment (under bulletins/) → the items that link it, to see who checked it."""
    linked: dict[str, list[Bulletin]] = {}
    for item in bulletins:
        for target in linked_attachments(item):
            linked.setdefault(target, []).append(item)
    return linked


def _unreadable(path: str, reasons: list[str], items: list[Bulletin]) -> Diagnostic | None:
    if any(item.attachments_checked_by for item in items):
        return None
    why = "；".join(reasons[:3]) + ("……" if len(reasons) > 3 else "")
    links = "、".join(item.path for item in items[:3])
    said = f"（链接它的事项：{links}，未写 attachments_checked_by）" if items else "（没有事项链接它）"
    return diag("GK504", path, 1, f"{why}{said}")


def check_attachments(site: Site) -> list[Diagnostic]:
    """SITE_RULE: personal data in the attachments that will be published, and attachments nobody can read."""
    bulletins, ctx = site.bulletins, site.context
    problems: list[Diagnostic] = []
    allowed = ctx.official_mobiles
    linked: dict[str, list[Bulletin]] | None = None  # made when an attachment is unreadable
    # Board photos are published only as renditions of the notice already checked here (rules/evidence.py).
    photos = {source for item in bulletins for source in item.board_photo_sources()}
    for file in ctx.attachments:
        if file.relative_to(ctx.root / "bulletins").as_posix() in photos:
            continue
        path = file.relative_to(ctx.root).as_posix()
        try:
            extracted = extract(file.read_bytes(), file.name)
        except OSError as err:
            problems.append(diag("GK504", path, 1, f"文件无法读取（{err.strerror}）"))
            continue
        for piece in extracted.pieces:
            problems += piece_problems(piece, path, allowed, ctx)
        if extracted.unreadable:
            src_uri = file.relative_to(ctx.root / "bulletins").as_posix()
            linked = _checkers(bulletins) if linked is None else linked
            problem = _unreadable(path, extracted.unreadable, linked.get(src_uri, []))
            problems += [problem] if problem else []
    return problems
