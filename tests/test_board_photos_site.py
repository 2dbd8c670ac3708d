"""Board photos and attachments in the built site: only metadata-free renditions go out, never the original;
the item page and api/bulletins.json list every file; the cache makes no difference to a byte."""

from __future__ import annotations

import hashlib
import io
import json
import pathlib
import shutil
import zipfile

import docx
import openpyxl
import pytest
from conftest import Project
from office_factory import AUTHOR, COMPANY, EDITOR, excel_file, word_file
from photo_factory import MAKER_NOTE, board_photo
from PIL import Image
from pypdf import PdfReader, PdfWriter
from test_build import build

ITEM = "yuhuazhai/2026/finance-2026-08"
BODY_LINKS = ("\n\n明细见[支出明细.pdf](detail.pdf)、[明细.docx](detail.docx)、[收支表](sheet.xlsx)，"
              "现场照片：![现场](site.jpg)\n")


def _pdf_with_author() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "张文书", "/Creator": "WPS 文字"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _files(site: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The same project built three times: fresh, from a warm cache (one cached file altered), without cache."""
    project = Project(tmp_path_factory.mktemp("photos"))
    originals = {"board.jpg": board_photo(size=(3000, 2250), seed=1),
                 "board2.jpg": board_photo(taken=None, orientation=6, seed=2), "site.jpg": board_photo(seed=3),
                 "detail.docx": word_file(), "sheet.xlsx": excel_file()}
    for name, data in originals.items():
        project.write(f"bulletins/yuhuazhai/2026/{name}", data)
    project.write("bulletins/yuhuazhai/2026/detail.pdf", _pdf_with_author())
    from conftest import item_text

    text = item_text("finance", period="2026-08", published="2026-09-08",
                     extra="attachments_checked_by: 李文书\nboard_photos:\n  - file: board.jpg\n"
                           "  - file: board2.jpg\n    taken: 2026-09-10")
    project.write(f"bulletins/{ITEM}.md", text.rstrip("\n") + BODY_LINKS)
    built = []
    for step in ("fresh", "warm", "cold"):
        if step == "cold":
            shutil.rmtree(project.root / ".cache")
        result = build(project.root)
        assert result.returncode == 0, result.stderr
        built.append(_files(project.root / "site"))
        if step == "fresh":  # prove the second build takes the photo from the cache instead of reprocessing it
            [large] = [p for p in (project.root / ".cache").rglob("large.webp")
                       if p.read_bytes() == built[0][f"{ITEM.rsplit('/', 1)[0]}/board-photos/board.large.webp"]]
            large.write_bytes(b"from the cache")
    return project, originals, built


def test_originals_and_their_metadata_are_not_published(sites):
    _, originals, (fresh, _, _) = sites
    assert "yuhuazhai/2026/board.jpg" not in fresh and "yuhuazhai/2026/board2.jpg" not in fresh
    for path, data in fresh.items():
        assert data not in originals.values(), path
        assert MAKER_NOTE not in data and b"HUAWEI" not in data and "张文书".encode() not in data, path


def test_renditions_read_back_without_exif(sites):
    _, _, (fresh, _, _) = sites
    renditions = {p: d for p, d in fresh.items() if p.startswith("yuhuazhai/2026/board-photos/")}
    names = [f"{stem}.{size}.{ext}" for stem in ("board", "board2") for size in ("large", "thumb")
             for ext in ("jpg", "webp")]
    assert sorted(p.rsplit("/", 1)[1] for p in renditions) == sorted(names)
    for path, data in renditions.items():
        image = Image.open(io.BytesIO(data))
        assert not image.getexif() and "xmp" not in image.info and "icc_profile" not in image.info, path
        assert max(image.size) == (1600 if ".large." in path else 480), path
    upright = Image.open(io.BytesIO(renditions["yuhuazhai/2026/board-photos/board2.large.jpg"]))
    assert upright.size == (1200, 1600)  # orientation 6 applied


def test_image_and_pdf_attachments_lose_their_metadata(sites):
    _, _, (fresh, _, _) = sites
    picture = Image.open(io.BytesIO(fresh["yuhuazhai/2026/site.jpg"]))
    assert not picture.getexif() and picture.size == (2400, 1800)
    pdf = PdfReader(io.BytesIO(fresh["yuhuazhai/2026/detail.pdf"]))
    assert pdf.metadata is None and len(pdf.pages) == 1


def test_word_and_excel_attachments_lose_author_editor_and_company(sites):
    _, originals, (fresh, _, cold) = sites
    for name in ("detail.docx", "sheet.xlsx"):
        published = fresh[f"yuhuazhai/2026/{name}"]
        assert published != originals[name] and published == cold[f"yuhuazhai/2026/{name}"]  # byte-identical
        with zipfile.ZipFile(io.BytesIO(published)) as package:
            properties = package.read("docProps/core.xml") + package.read("docProps/app.xml")
        for who in (AUTHOR, EDITOR, COMPANY):
            assert who.encode() not in properties, (name, who)
    document = docx.Document(io.BytesIO(fresh["yuhuazhai/2026/detail.docx"]))
    assert document.core_properties.author == "" and document.core_properties.last_modified_by == ""
    assert "道路硬化" in document.paragraphs[0].text
    book = openpyxl.load_workbook(io.BytesIO(fresh["yuhuazhai/2026/sheet.xlsx"]))
    assert AUTHOR not in (book.properties.creator or "") and book.properties.lastModifiedBy is None
    assert book["收支"]["B2"].value == 12000


def test_item_page_shows_photos_with_dates_and_lists_the_files(sites):
    _, _, (fresh, _, _) = sites
    page = fresh[f"{ITEM}/index.html"].decode()
    assert "上墙照片 · 2026-09-09 拍摄" in page and "上墙照片 · 2026-09-10 拍摄" in page
    assert 'alt="上墙照片：测试事项 finance，2026-09-09 拍摄"' in page
    assert '<source type="image/webp" srcset="../board-photos/board.thumb.webp">' in page
    assert '<img src="../board-photos/board.thumb.jpg"' in page
    attachments = page[page.index('class="gk-attachments"'):]
    for name in ("detail.pdf", "detail.docx", "sheet.xlsx", "site.jpg", "board.large.jpg", "board2.large.jpg"):
        assert f">{name}</a>" in attachments
    assert "PDF · " in attachments and "Word · " in attachments and "Excel · " in attachments
    assert "上墙照片（JPEG） · " in attachments
    poster = next(d for p, d in fresh.items() if p.startswith("posters/") and ITEM.rsplit("/", 1)[1] in p
                  and p.endswith(".html")).decode()
    assert "上墙照片" not in poster and "board-photos" not in poster


def test_bulletins_json_lists_every_file_with_size_and_hash_of_what_is_published(sites):
    _, _, (fresh, _, _) = sites
    [record] = [r for r in json.loads(fresh["api/bulletins.json"]) if r["url"] == f"{ITEM}/"]
    assert [a["name"] for a in record["attachments"]] == ["detail.docx", "detail.pdf", "sheet.xlsx", "site.jpg",
                                                          "board.large.jpg", "board2.large.jpg"]
    for attachment in record["attachments"]:
        data = fresh[attachment["url"]]
        assert attachment["bytes"] == len(data) and attachment["sha256"] == hashlib.sha256(data).hexdigest()


def test_an_unchanged_photo_comes_from_the_cache_and_the_cache_changes_no_byte(sites):
    _, _, (fresh, warm, cold) = sites
    taken_from_cache = "yuhuazhai/2026/board-photos/board.large.webp"
    assert warm[taken_from_cache] == b"from the cache"  # not reprocessed: the (altered) cached file went out
    assert cold == fresh  # a build without any cache makes exactly the same site
    assert {p: d for p, d in warm.items() if p != taken_from_cache} == {
        p: d for p, d in fresh.items() if p != taken_from_cache}
