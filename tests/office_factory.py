"""Word and Excel files as a clerk's office software leaves them: author, last editor and company inside
(made with python-docx and openpyxl; the company written into docProps/app.xml with zipfile)."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl

AUTHOR, EDITOR, COMPANY = "张文书", "王会计", "鱼化寨村民委员会"


def _with_company(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "docProps/app.xml":
                content = content.replace(b"</Properties>",
                                          f"<Company>{COMPANY}</Company><Manager>{AUTHOR}</Manager>"
                                          "</Properties>".encode())
            target.writestr(member, content)
    return out.getvalue()


def word_file(text: str = "支出明细：道路硬化 12,000 元") -> bytes:
    document = docx.Document()
    document.core_properties.author = AUTHOR
    document.core_properties.last_modified_by = EDITOR
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return _with_company(out.getvalue())


def excel_file() -> bytes:
    book = openpyxl.Workbook()
    book.properties.creator = AUTHOR
    book.properties.lastModifiedBy = EDITOR
    sheet = book.active
    sheet.title = "收支"
    sheet.append(["项目", "金额"])
    sheet.append(["道路硬化", 12000])
    out = io.BytesIO()
    book.save(out)
    return _with_company(out.getvalue())
