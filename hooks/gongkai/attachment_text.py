"""The text of a published attachment: bytes + file name → pieces of text, each with where it is.

Pure functions, no MkDocs, no diagnostics: the privacy rule (rules/privacy.py) scans the pieces.

- .csv/.tsv/.txt/.svg: the decoded text (UTF-8, UTF-16 with a BOM or without, GB18030), one piece;
- .docx/.wps (OOXML): one piece per paragraph, its runs joined (`<w:t>` and deleted `<w:delText>`, `<w:tab>`
  as a tab, `<w:br>` as a line break), in the body, tables, text boxes, headers, footers, notes, comments;
- .xlsx/.et (OOXML): one piece per cell (openpyxl; rich-text runs joined), located as 工作表!B3;
  numeric cells also come as numbers, since Excel keeps only 15 significant digits of a long number;
- .xls/.et (BIFF): the same, read with xlrd;
- .pdf: one piece per page of the text layer (pypdf); a page without text (a scan) is unreadable;
- .zip: every member, recursively, within size limits (a zip bomb stays harmless);
- anything else (.doc, .wps in the old binary format, .ofd, images): unreadable.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".svg", ".md", ".xml", ".html", ".htm", ".json"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff"})
MAX_BYTES = 50_000_000  # never unpack more than this from one attachment, nested archives included
MAX_MEMBERS = 2_000
MAX_DEPTH = 3
_OOXML_PARAGRAPH = {"p"}  # w:p, a:p (text boxes and charts in DrawingML)
_OOXML_TEXT = {"t", "delText"}
_DOCX_PARTS = {"document": "正文", "header": "页眉", "footer": "页脚", "footnotes": "脚注",
               "endnotes": "尾注", "comments": "批注"}


@dataclass(frozen=True)
class Piece:
    """A piece of text and where it is: '' (a plain text file), 第 2 页, 名单!B3, 正文第 5 段, a.zip 中的 b.csv …"""

    text: str
    where: str = ""
    label: str = ""  # the column header of a table cell, when known (a context for the privacy rule)
    number: float | None = None  # a numeric spreadsheet cell's value


@dataclass
class Extracted:
    pieces: list[Piece] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # why (a part of) the file could not be read


class _Budget:
    """Bytes that may still be unpacked from one attachment."""

    def __init__(self, limit: int = MAX_BYTES) -> None:
        self.left = limit

    def take(self, size: int) -> bool:
        self.left -= size
        return self.left >= 0


def extract(data: bytes, name: str) -> Extracted:
    """Every piece of text of an attachment named `name` (only its suffix matters)."""
    return _extract(data, name, "", _Budget(), 0)


def _extract(data: bytes, name: str, where: str, budget: _Budget, depth: int) -> Extracted:
    suffix = posixpath.splitext(name.lower())[1]
    try:
        if suffix in TEXT_SUFFIXES:
            return _plain(data, where)
        if suffix == ".zip":
            return _archive(data, where, budget, depth)
        if suffix in (".docx", ".xlsx", ".et", ".wps", ".xls", ".pdf"):
            return _document(data, suffix, where, budget)
    except Exception as err:  # noqa: BLE001 - a broken file is reported as unreadable, never a traceback
        return Extracted(unreadable=[_at(where, f"文件已损坏或格式不对，无法读取（{type(err).__name__}）")])
    if suffix in IMAGE_SUFFIXES:
        return Extracted(unreadable=[_at(where, "图片（扫描件、照片）中的文字无法自动检查")])
    return Extracted(unreadable=[_at(where, f"无法自动读取 {suffix or '无扩展名'} 文件中的文字")])


def _at(where: str, what: str) -> str:
    return f"{where}：{what}" if where else what


def _document(data: bytes, suffix: str, where: str, budget: _Budget) -> Extracted:
    if suffix == ".pdf":
        return _pdf(data, where)
    if data[:2] == b"PK":  # OOXML: .docx/.xlsx, and WPS files saved in the new format
        if suffix in (".xlsx", ".et"):
            return _xlsx(data, where, budget)
        return _ooxml_paragraphs(data, where, budget)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and suffix in (".xls", ".et"):
        return _xls(data, where)
    if suffix in (".docx", ".xlsx"):
        return Extracted(unreadable=[_at(where, f"文件已损坏，或不是真正的 {suffix} 文件，无法读取")])
    return Extracted(unreadable=[_at(where, f"无法自动读取 {suffix} 文件中的文字（旧版二进制格式）")])


def decode_text(data: bytes) -> str | None:
    """Text in any common encoding: a BOM says which; else UTF-8, UTF-16 (Excel's "Unicode text"), GB18030."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    zeros = data[:2000].count(0)
    if zeros > len(data[:2000]) // 4:  # UTF-16 without a BOM: every other byte of ASCII text is zero
        odd = data[1:2000:2].count(0)
        return data.decode("utf-16-le" if odd >= zeros / 2 else "utf-16-be", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _plain(data: bytes, where: str) -> Extracted:
    text = decode_text(data)
    if text is None:
        return Extracted(unreadable=[_at(where, "文字编码无法识别（请另存为 UTF-8）")])
    return Extracted([Piece(text.replace("\r\n", "\n").replace("\r", "\n"), where)])


def _archive(data: bytes, where: str, budget: _Budget, depth: int) -> Extracted:
    if depth >= MAX_DEPTH:
        return Extracted(unreadable=[_at(where, f"压缩包嵌套超过 {MAX_DEPTH} 层")])
    found = Extracted()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            return Extracted(unreadable=[_at(where, f"压缩包中的文件超过 {MAX_MEMBERS} 个")])
        for member in members:
            inner = f"{where} 中的 {member.filename}" if where else f"压缩包中的 {member.filename}"
            if member.file_size > budget.left:
                found.unreadable.append(f"{inner}：解压后太大，无法检查")
                continue
            with archive.open(member) as handle:
                content = handle.read(budget.left + 1)
            if not budget.take(len(content)):
                found.unreadable.append(f"{inner}：解压后太大，无法检查")
                continue
            part = _extract(content, member.filename, inner, budget, depth + 1)
            found.pieces += part.pieces
            found.unreadable += part.unreadable
    return found


def _xml_parts(data: bytes, budget: _Budget) -> list[tuple[str, bytes]]:
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if member.filename.endswith(".xml") and not member.filename.startswith(("customXml/", "docProps/")):
                with archive.open(member) as handle:
                    content = handle.read(budget.left + 1)
                if not budget.take(len(content)):
                    raise ValueError("too large")
                parts.append((member.filename, content))
    return parts


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _paragraph_text(paragraph: object) -> str:
    """A paragraph's runs joined (never broken at a run boundary); nested paragraphs are their own."""
    out: list[str] = []

    def walk(element: object) -> None:
        for child in element:  # type: ignore[attr-defined]
            name = _local(child.tag)
            if name in _OOXML_PARAGRAPH:
                continue
            if name in _OOXML_TEXT:
                out.append(child.text or "")
            elif name == "tab":
                out.append("\t")
            elif name in ("br", "cr"):
                out.append("\n")
            else:
                walk(child)

    walk(paragraph)
    return "".join(out)


def _part_name(filename: str) -> str:
    stem = posixpath.basename(filename).split(".")[0].rstrip("0123456789")
    return _DOCX_PARTS.get(stem, filename)


def _ooxml_paragraphs(data: bytes, where: str, budget: _Budget) -> Extracted:
    """Every paragraph (w:p, a:p) or shared string (si) of every XML part."""
    from lxml import etree

    found = Extracted()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    for filename, content in _xml_parts(data, budget):
        root = etree.fromstring(content, parser)
        part = _part_name(filename)
        number = 0
        for element in root.iter():
            if _local(element.tag) in ("p", "si", "is"):
                text = _paragraph_text(element)
                number += 1
                if text.strip():
                    found.pieces.append(Piece(text, _at(where, f"{part}第 {number} 段")))
    return found


def _cell_text(value: object, number_format: str) -> tuple[str, float | None]:
    """A cell's value as it shows: numbers without an exponent, amounts with their decimals."""
    if isinstance(value, bool) or value is None:
        return ("" if value is None else str(value)), None
    if isinstance(value, (int, float)):
        number = float(value)
        if isinstance(value, float) and abs(value) >= 1e15:  # as Excel shows it: 15 significant digits
            return str(int(Decimal(format(value, ".15g")))), number
        if isinstance(value, float) and not value.is_integer():
            return repr(value), number
        decimals = number_format.split(".")[1].count("0") if "." in number_format else 0
        return (f"{number:.{decimals}f}" if decimals else str(int(value))), number
    return str(value), None


def _xlsx(data: bytes, where: str, budget: _Budget) -> Extracted:
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # a workbook is a zip too: no bomb through openpyxl
        if not budget.take(sum(member.file_size for member in archive.infolist())):
            return Extracted(unreadable=[_at(where, "解压后太大，无法检查")])
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - not a workbook openpyxl can open: read its XML paragraphs instead
        return _ooxml_paragraphs(data, where, budget)
    found = Extracted()
    try:
        for sheet in book.worksheets:
            headers: dict[int, str] = {}
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is None or not hasattr(cell, "column"):
                        continue
                    text, number = _cell_text(cell.value, getattr(cell, "number_format", "General") or "")
                    if cell.row == 1:
                        headers[cell.column] = text
                    found.pieces.append(Piece(text, _at(where, f"{sheet.title}!{cell.coordinate}"),
                                              headers.get(cell.column, ""), number))
    finally:
        book.close()
    return found


def _xls(data: bytes, where: str) -> Extracted:
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True)
    found = Extracted()
    for sheet in book.sheets():
        headers = {col: str(sheet.cell_value(0, col)) for col in range(sheet.ncols)} if sheet.nrows else {}
        for row in range(sheet.nrows):
            for col in range(sheet.ncols):
                cell = sheet.cell(row, col)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                is_number = cell.ctype == xlrd.XL_CELL_NUMBER
                text, number = _cell_text(cell.value, "") if is_number else (str(cell.value), None)
                coordinate = f"{xlrd.formula.colname(col)}{row + 1}"
                found.pieces.append(Piece(text, _at(where, f"{sheet.name}!{coordinate}"),
                                          headers.get(col, "") if row else "", number))
    return found


def _pdf(data: bytes, where: str) -> Extracted:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data))
    found = Extracted()
    blank = []
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text() or ""
        if text.strip():
            found.pieces.append(Piece(text, _at(where, f"第 {number} 页")))
        else:
            blank.append(number)
    if not reader.pages:
        found.unreadable.append(_at(where, "PDF 文件中没有页面"))
    elif blank:
        pages = "、".join(str(n) for n in blank[:10]) + ("等" if len(blank) > 10 else "")
        found.unreadable.append(_at(where, f"第 {pages} 页没有文字层（扫描件或图片），无法自动检查"))
    return found
