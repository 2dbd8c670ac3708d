"""Proof on the board: 上墙照片 (board photos) and 保密审查 (条例 art. 17: "上网信息不涉密，涉密信息不上网").

- GK801 a board photo that is missing or cannot be read (error, with the line of its `file:`);
- GK802 a board photo whose date is unknown: no `taken:` and no EXIF DateTimeOriginal (error);
- GK803 a board photo taken before the item was published (warning: the board cannot show it yet);
- GK804 a 保密审查 the site requires (extra.gongkai.secrecy_review_required) is missing (error);
- GK805 a 保密审查 dated after `published` (error: review comes before publication);
- GK806 a PDF or Word/Excel/PowerPoint attachment that cannot be rewritten, published with its metadata
  (warning);
- GK807 no board photo N working days after publication where the site expects one
  (extra.gongkai.board_photo_expected; warning, on the line of `published`).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from typing import Any

from ..board_photo_due import photo_due, photo_state
from ..diagnostics import Code, Diagnostic, diag, register
from ..load import BULLETINS, RawItem, node_line
from ..model import KIND_NAMES, Bulletin
from ..site import Context, Site

register(
    Code("GK801", "error", "上墙照片文件找不到或无法读取",
         "把照片（.jpg、.png 或 .webp）放在事项文件所在的文件夹，board_photos 的 file: 写它的文件名（含扩展名）；"
         "苹果手机的 .heic 照片请先导出为 JPEG（设置 → 相机 → 格式 → 兼容性最佳）"),
    Code("GK802", "error", "上墙照片没有拍摄日期",
         "在这张照片下面加一行 taken: 拍摄日期，例如 taken: 2026-09-09（照片里没有相机记录的拍摄时间）"),
    Code("GK803", "warning", "上墙照片的拍摄日期早于发布日期",
         "公开栏不可能在发布之前张贴本事项：请核对照片是否拍错了事项，或 taken:、published: 的日期是否写错"),
    Code("GK804", "error", "缺少保密审查",
         "本单位（或本类别）公开前必须经过保密审查：在元数据中写 secrecy_review: {by: 审查机构, on: 审查日期}，"
         "例如 secrecy_review: {by: 办公室, on: 2026-05-10}"),
    Code("GK805", "error", "保密审查日期晚于发布日期",
         "保密审查必须在公开之前完成：请核对 secrecy_review 的 on: 日期和 published: 日期"),
    Code("GK806", "warning", "PDF 或 Office 附件无法去除元数据",
         "加密或损坏的 PDF、Word、Excel 文件无法重写，将按原样发布，其中的作者、单位、软件等信息不会被去除："
         "请用 WPS、Office 或 Acrobat 去掉密码，重新另存（.docx、.xlsx 或 PDF）后替换"),
    Code("GK807", "warning", "发布后规定工作日内未见上墙照片",
         "本单位（本类别）的事项应在公开栏张贴并拍照：用手机拍下公开栏上的本事项，把照片放在事项文件旁边，"
         "在元数据中写 board_photos: 和 - file: 照片文件名（见“上墙照片、附件与保密审查”）"),
)

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def _front_line(raw: RawItem, loc: tuple[object, ...]) -> int:
    """The file line of a nested front-matter node (the front matter starts on line 2)."""
    front = "\n".join(raw.text.split("\n")[1:max(raw.front_end_line - 1, 1)])
    return node_line(front, loc) + 1


def _photo_problems(raw: RawItem, ctx: Context, index: int, entry: dict[str, Any]) -> list[Diagnostic]:
    file = entry.get("file")
    if not isinstance(file, str) or not file.strip():
        return []  # the schema reports it (GK101/GK103)
    line = _front_line(raw, ("board_photos", index, "file"))
    source = posixpath.normpath(posixpath.join(posixpath.dirname(raw.src_uri), file.strip()))
    path = ctx.root / BULLETINS / source
    unit = raw.src_uri.split("/", 1)[0]
    if source.split("/", 1)[0] != unit or not file.lower().endswith(PHOTO_SUFFIXES) or not path.is_file():
        why = ("不是 .jpg、.png 或 .webp 照片" if path.is_file() and not file.lower().endswith(PHOTO_SUFFIXES)
               else "不在本单位文件夹中" if source.split("/", 1)[0] != unit else "找不到这个文件")
        return [diag("GK801", raw.path, line, f"第 {line} 行上墙照片“{file}”{why}（应在 {BULLETINS}/{source}）")]
    from .. import published_files  # image and PDF libraries: loaded when a photo is checked
    from ..board_photos import PhotoError, taken_date

    try:
        data = path.read_bytes()
        # decoded in full (a cut file refused) unless an earlier build already made its renditions
        camera = taken_date(data, strict=not published_files.photo_done(ctx.root, data))
    except (OSError, PhotoError) as err:
        return [diag("GK801", raw.path, line, f"第 {line} 行上墙照片“{file}”无法读取：{err}")]
    taken = entry.get("taken")
    when = taken if isinstance(taken, dt.date) else camera
    if when is None:
        return [] if "taken" in entry else [diag("GK802", raw.path, line, f"第 {line} 行上墙照片“{file}”没有写 "
                                                                         "taken:，照片中也没有相机记录的拍摄日期")]
    published = raw.front.get("published") if raw.front else None
    if isinstance(published, dt.date) and when < published:
        taken_line = _front_line(raw, ("board_photos", index, "taken")) if "taken" in entry else line
        source_text = "taken:" if isinstance(taken, dt.date) else "照片 EXIF"
        return [diag("GK803", raw.path, taken_line,
                     f"第 {taken_line} 行上墙照片“{file}”拍摄于 {when.isoformat()}（{source_text}），"
                     f"早于发布日期 {published.isoformat()}")]
    return []


def check_photos(raw: RawItem, ctx: Context) -> list[Diagnostic]:
    """RAW_RULE: each board photo exists, can be read, has a date, and was taken on or after `published`."""
    photos = (raw.front or {}).get("board_photos")
    if not isinstance(photos, list):
        return []
    problems = []
    for index, entry in enumerate(photos):
        if isinstance(entry, dict):
            problems += _photo_problems(raw, ctx, index, entry)
    return problems


def check_secrecy(item: Bulletin, ctx: Context) -> list[Diagnostic]:
    """ITEM_RULE: a 保密审查 where the site requires it, dated on or before `published`."""
    review = item.secrecy_review
    unit = ctx.units.get(item.unit)
    if review is None:
        if unit is None or not ctx.settings.secrecy_review_required.requires(unit.kind, item.category):
            return []
        return [diag("GK804", item.path, item.line_of("published"),
                     f"{KIND_NAMES.get(unit.kind, unit.kind)}“{unit.name}”的事项公开前必须经过保密审查，"
                     "元数据中没有 secrecy_review")]
    if review.on > item.published:
        line = item.line_of("secrecy_review")
        return [diag("GK805", item.path, line, f"第 {line} 行保密审查日期 {review.on.isoformat()} "
                                              f"晚于发布日期 {item.published.isoformat()}")]
    return []


def _pdf_problem(data: bytes) -> str:
    from pypdf import PdfReader  # loaded when there is a PDF to read
    from pypdf.errors import PyPdfError

    try:
        return "PDF 已加密" if PdfReader(io.BytesIO(data)).is_encrypted else ""
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as err:
        return f"PDF 文件已损坏（{type(err).__name__}）"


def _office_problem(data: bytes) -> str:
    if zipfile.is_zipfile(io.BytesIO(data)):
        return ""
    return "Office 文件已加密（或已损坏，或是旧的 .doc/.xls 格式改了扩展名）"


def check_unrewritable(site: Site) -> list[Diagnostic]:
    """SITE_RULE: PDF and OOXML attachments that published_files cannot rewrite without metadata."""
    from ..office_clean import OFFICE  # XML library: loaded when the site has attachments

    ctx = site.context
    problems = []
    for file in ctx.attachments:
        suffix = file.suffix.lower()
        if suffix != ".pdf" and suffix not in OFFICE:
            continue
        try:
            data = file.read_bytes()
        except OSError:
            continue  # the privacy rule reports a file it cannot read
        why = _pdf_problem(data) if suffix == ".pdf" else _office_problem(data)
        if why:
            problems.append(diag("GK806", file.relative_to(ctx.root).as_posix(), 1, f"{why}，无法去除其中的元数据"))
    return problems


def check_board_photo_due(item: Bulletin, ctx: Context) -> list[Diagnostic]:
    """ITEM_RULE: an item the site expects a board photo for (board_photo_expected) that has none when its
    working days have passed (as of the as-of date). An item rule, not a site rule: it reads the item, its
    unit's kind, the settings, the calendar and the as-of date only, all of them in the item rules' cache key
    (incremental.Memo.item_result), so a warm check of 10,000 items does not work out 8,000 warnings again."""
    rule = ctx.settings.board_photo_expected
    if not rule.kinds or item.published > ctx.as_of:
        return []
    calendar = ctx.work_calendar[0]
    if photo_state(item, ctx, calendar) is not False:
        return []
    due = photo_due(item, ctx, calendar)
    line = item.line_of("published")
    return [diag("GK807", item.path, line,
                 f"第 {line} 行：本事项 {item.published.isoformat()} 发布，应在发布后 "
                 f"{rule.working_days} 个工作日内（{due}）上传公开栏的照片，"
                 f"截至 {ctx.as_of.isoformat()} 元数据中没有 board_photos")]
