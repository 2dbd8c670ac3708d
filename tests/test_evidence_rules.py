"""Rules of proof on the board: board photos (GK801-703), 保密审查 (GK804-705), unrewritable PDFs (GK806)."""

from __future__ import annotations

import io

from conftest import codes
from gongkai.settings import SecrecyReviewRule, Settings
from gongkai.validate import validate_site
from office_factory import excel_file
from photo_factory import board_photo
from pypdf import PdfWriter

FINANCE = "yuhuazhai/2026/finance-2026-07.md"
PATH = f"bulletins/{FINANCE}"


def _finance(project, photos: str, published: str = "2026-08-05"):
    project.item(FINANCE, "finance", period="2026-07", published=published, extra=f"board_photos:\n{photos}")


def _messages(site, code):
    return [d for d in site.diagnostics if d.code == code]


def _line(project, text: str, path: str = PATH, nth: int = 0) -> int:
    """The file line where `text` occurs (the nth time), counted here from the file itself."""
    lines = (project.root / path).read_text(encoding="utf-8").split("\n")
    return [number for number, line in enumerate(lines, 1) if text in line][nth]


def test_photo_with_exif_date_after_publication_is_fine(project):
    project.write("bulletins/yuhuazhai/2026/board.jpg", board_photo(taken="2026:08:06 09:00:00"))
    _finance(project, "  - file: board.jpg")
    assert codes(project.validate(), PATH) == []


def test_missing_photo_is_an_error_on_its_line(project):
    _finance(project, "  - file: board.jpg\n  - file: other.jpg")
    site = project.validate()
    found = [(d.code, d.line) for d in _messages(site, "GK801")]
    assert found == [("GK801", _line(project, "file: board.jpg")), ("GK801", _line(project, "file: other.jpg"))]
    assert "找不到这个文件" in _messages(site, "GK801")[0].message
    assert "bulletins/yuhuazhai/2026/board.jpg" in _messages(site, "GK801")[0].message
    assert not site.ok


def test_unreadable_or_wrong_kind_of_photo_is_an_error(project):
    project.write("bulletins/yuhuazhai/2026/board.jpg", b"\xff\xd8 not really a photo")
    project.write("bulletins/yuhuazhai/2026/board.heic", b"ftypheic")
    project.write("bulletins/yuhuazhai/2026/cut.jpg", board_photo()[:5000])
    _finance(project, "  - file: board.jpg\n  - file: board.heic\n  - file: cut.jpg\n    taken: 2026-08-06")
    problems = _messages(project.validate(), "GK801")
    assert [d.line for d in problems] == [_line(project, f"file: {n}") for n in ("board.jpg", "board.heic", "cut")]
    assert "无法读取：文件不完整或已损坏" in problems[0].message
    assert "不是 .jpg、.png 或 .webp 照片" in problems[1].message
    assert "无法读取" in problems[2].message


def test_photo_outside_the_unit_folder_is_refused(project):
    project.write("bulletins/nanjiang/2026/board.jpg", board_photo())
    _finance(project, "  - file: ../../nanjiang/2026/board.jpg")
    assert "不在本单位文件夹中" in _messages(project.validate(), "GK801")[0].message


def test_photo_without_any_date_is_an_error_and_taken_fixes_it(project):
    project.write("bulletins/yuhuazhai/2026/board.jpg", board_photo(taken=None))
    _finance(project, "  - file: board.jpg")
    assert [(d.code, d.line) for d in _messages(project.validate(), "GK802")] == [("GK802", _line(project, "file:"))]
    _finance(project, "  - file: board.jpg\n    taken: 2026-08-07")
    assert codes(project.validate(), PATH) == []


def test_photo_taken_before_publication_is_a_warning_from_exif_or_front_matter(project):
    project.write("bulletins/yuhuazhai/2026/board.jpg", board_photo(taken="2026:08:01 09:00:00"))
    _finance(project, "  - file: board.jpg")
    site = project.validate()
    [warning] = _messages(site, "GK803")
    assert (warning.line, warning.severity) == (_line(project, "file: board.jpg"), "warning") and site.ok
    assert "2026-08-01（照片 EXIF）" in warning.message and "2026-08-05" in warning.message
    # `taken:` wins over the camera: a later date is fine, an earlier one warns on its own line.
    _finance(project, "  - file: board.jpg\n    taken: 2026-08-09")
    assert _messages(project.validate(), "GK803") == []
    project.write("bulletins/yuhuazhai/2026/board.jpg", board_photo(taken="2026:08:20 09:00:00"))
    _finance(project, "  - file: board.jpg\n    taken: 2026-07-30")
    [warning] = _messages(project.validate(), "GK803")
    assert warning.line == _line(project, "taken: 2026-07-30") and "2026-07-30（taken:）" in warning.message


def test_board_photos_need_no_attachments_checked_by(project):
    """A board photo is no attachment of its own (the privacy rule's GK504): only its renditions go out."""
    project.write("bulletins/yuhuazhai/2026/board.jpg", board_photo())
    _finance(project, "  - file: board.jpg", published="2026-09-08")
    assert _messages(project.validate(), "GK504") == []


def _required(project, **rule):
    return validate_site(project.root, as_of=project.validate().context.as_of,
                         settings=Settings(secrecy_review_required=SecrecyReviewRule(**rule)))


def test_secrecy_review_required_by_kind_is_an_error_when_missing(project):
    project.item("minzheng/2026/guide.md", "service-guide")
    project.item("yuhuazhai/2026/profile.md", "profile")
    assert _messages(project.validate(), "GK804") == []  # not required unless the site says so
    site = _required(project, kinds=["department", "county", "township"])
    [error] = _messages(site, "GK804")
    guide = "bulletins/minzheng/2026/guide.md"
    assert (error.file, error.line, error.severity) == (guide, _line(project, "published:", guide), "error")
    assert "部门“雁塔区民政局”" in error.message and "secrecy_review" in error.message


def test_secrecy_review_required_by_category(project):
    project.item("yuhuazhai/2026/profile.md", "profile")
    _finance(project, "  []")
    site = _required(project, categories=["finance"])
    assert [d.file for d in _messages(site, "GK804")] == [PATH]


def test_secrecy_review_after_publication_is_an_error_and_yaml_on_key_is_read(project):
    project.item("minzheng/2026/guide.md", "service-guide", extra="secrecy_review: {by: 办公室, on: 2026-03-02}")
    site = _required(project, kinds=["department"])
    [error] = _messages(site, "GK805")
    assert error.line == _line(project, "secrecy_review", "bulletins/minzheng/2026/guide.md")
    assert "2026-03-02" in error.message and "2026-03-01" in error.message
    project.item("minzheng/2026/guide.md", "service-guide",
                 extra="secrecy_review:\n  by: 办公室\n  on: 2026-02-27")
    site = _required(project, kinds=["department"])
    assert codes(site, "bulletins/minzheng/2026/guide.md") == []
    assert site.bulletins[0].secrecy_review.by == "办公室"


def test_secrecy_setting_with_an_unknown_kind_is_gk013(project):
    project.write("mkdocs.yml", "extra:\n  gongkai:\n    secrecy_review_required:\n      kinds: [village, city]\n")
    problems = _messages(project.validate(), "GK013")
    assert problems and problems[0].line == 4 and "secrecy_review_required" in problems[0].message


def test_encrypted_pdf_attachment_is_a_warning(project):
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    project.write("bulletins/yuhuazhai/2026/scan.pdf", out.getvalue())
    body = "## 事项\n\n[扫描件](scan.pdf)\n\n## 办理情况\n\n已办理。\n"
    project.item("yuhuazhai/2026/general.md", "general", body=body, extra="attachments_checked_by: 李文书")
    [warning] = _messages(project.validate(), "GK806")
    assert warning.file == "bulletins/yuhuazhai/2026/scan.pdf" and "已加密" in warning.message


def test_an_encrypted_word_file_is_published_as_it_is_with_a_warning(project):
    project.write("bulletins/yuhuazhai/2026/detail.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 encrypted (OLE)")
    project.write("bulletins/yuhuazhai/2026/sheet.xlsx", excel_file())
    body = "## 事项\n\n[明细](detail.docx)、[收支表](sheet.xlsx)\n\n## 办理情况\n\n已办理。\n"
    project.item("yuhuazhai/2026/general.md", "general", body=body, extra="attachments_checked_by: 李文书")
    [warning] = _messages(project.validate(), "GK806")
    assert warning.file == "bulletins/yuhuazhai/2026/detail.docx" and "Office 文件已加密" in warning.message
