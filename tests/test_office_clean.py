"""Word/Excel attachments without their authors (office_clean): read back with python-docx, openpyxl and
zipfile; the rest of the document unchanged; the same bytes every time; what cannot be rewritten."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest
from gongkai import office_clean
from office_factory import AUTHOR, COMPANY, EDITOR, excel_file, word_file


def _app(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml")


def test_the_test_files_carry_author_editor_and_company():
    document = docx.Document(io.BytesIO(word_file()))
    assert (document.core_properties.author, document.core_properties.last_modified_by) == (AUTHOR, EDITOR)
    book = openpyxl.load_workbook(io.BytesIO(excel_file()))
    assert (book.properties.creator, book.properties.lastModifiedBy) == (AUTHOR, EDITOR)
    assert COMPANY.encode() in _app(word_file()) and COMPANY.encode() in _app(excel_file())


def test_word_without_author_editor_company_text_kept():
    cleaned = office_clean.clean_office(word_file())
    document = docx.Document(io.BytesIO(cleaned))
    assert document.core_properties.author == "" and document.core_properties.last_modified_by == ""
    assert [p.text for p in document.paragraphs] == ["支出明细：道路硬化 12,000 元"]
    assert COMPANY.encode() not in _app(cleaned) and b"<Manager>" not in _app(cleaned)
    assert b"<Application>" in _app(cleaned)  # the other properties stay


def test_excel_without_author_editor_company_cells_kept():
    cleaned = office_clean.clean_office(excel_file())
    book = openpyxl.load_workbook(io.BytesIO(cleaned))
    # openpyxl shows its own name where a file names no creator
    assert book.properties.creator == "openpyxl" and book.properties.lastModifiedBy is None
    core = zipfile.ZipFile(io.BytesIO(cleaned)).read("docProps/core.xml")
    assert b"creator" not in core and b"lastModifiedBy" not in core and AUTHOR.encode() not in core
    assert [list(row) for row in book["收支"].iter_rows(values_only=True)] == [["项目", "金额"], ["道路硬化", 12000]]
    assert COMPANY.encode() not in _app(cleaned)


def test_every_other_part_is_copied_byte_for_byte_and_the_output_is_deterministic():
    source = word_file()
    cleaned = office_clean.clean_office(source)
    assert cleaned == office_clean.clean_office(source)
    before, after = zipfile.ZipFile(io.BytesIO(source)), zipfile.ZipFile(io.BytesIO(cleaned))
    assert before.namelist() == after.namelist()
    for name in before.namelist():
        if name not in office_clean.DROPPED:
            assert before.read(name) == after.read(name), name
    assert {i.date_time for i in after.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert after.testzip() is None


@pytest.mark.parametrize("data", [b"\xd0\xcf\x11\xe0 an OLE container: encrypted Word", b"PK\x03\x04 cut"])
def test_what_is_no_readable_zip_cannot_be_rewritten(data):
    with pytest.raises(office_clean.OfficeNotRewritable):
        office_clean.clean_office(data)
