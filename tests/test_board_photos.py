"""上墙照片 as pure functions: metadata in, none out (read back with Pillow); sizes; orientation; dates."""

from __future__ import annotations

import datetime as dt
import io
import math

import pytest
from gongkai import board_photos, pdf_clean
from photo_factory import MAKER_NOTE, board_photo
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader, PdfWriter


def _read(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_the_test_photo_carries_gps_maker_note_date_and_xmp():
    image = _read(board_photo())
    exif = image.getexif()
    assert exif.get_ifd(0x8825)[2] == (34.0, 12.0, 30.5)  # GPSLatitude
    assert exif.get_ifd(0x8769)[0x927C] == MAKER_NOTE
    assert exif.get_ifd(0x8769)[0x9003] == "2026:09:09 10:12:00"
    assert "xmp" in image.info


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_no_metadata_comes_out(fmt):
    source = board_photo(fmt=fmt, size=(1800, 1200))
    for rendition in board_photos.renditions(source):
        image = _read(rendition.data)
        assert not image.getexif(), rendition.name
        assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(image.info), rendition.name
        assert MAKER_NOTE not in rendition.data and b"HUAWEI" not in rendition.data and b"GPS" not in rendition.data
        assert image.format == ("WEBP" if rendition.name.endswith("webp") else "JPEG")


@pytest.mark.parametrize(("size", "large", "thumb"), [((4000, 3000), (1600, 1200), (480, 360)),
                                                      ((1200, 2400), (800, 1600), (240, 480)),
                                                      ((800, 600), (800, 600), (480, 360)),
                                                      ((300, 200), (300, 200), (300, 200))])
def test_long_side_at_most_1600_and_480_never_enlarged(size, large, thumb):
    found = {r.name: r for r in board_photos.renditions(board_photo(size=size))}
    for name, expected in (("large.jpg", large), ("large.webp", large), ("thumb.jpg", thumb), ("thumb.webp", thumb)):
        assert _read(found[name].data).size == expected == (found[name].width, found[name].height)


def test_exif_orientation_is_applied_before_it_is_dropped():
    # Orientation 6: the phone was held upright, the sensor stored the picture lying on its side.
    found = {r.name: r for r in board_photos.renditions(board_photo(size=(2000, 1500), orientation=6))}
    assert _read(found["large.jpg"].data).size == (1200, 1600)
    red_header = _read(found["large.jpg"].data).getpixel((1150, 800))  # the header bar is now on the right
    assert red_header[0] > 150 and red_header[1] < 80


def _psnr(one: Image.Image, other: Image.Image) -> float:
    """Peak signal-to-noise ratio in dB (Pillow's ImageStat): above 40 no difference can be seen."""
    squares = ImageStat.Stat(ImageChops.difference(one.convert("RGB"), other.convert("RGB"))).sum2
    mean = sum(squares) / (one.width * one.height * 3)
    return math.inf if mean == 0 else 10 * math.log10(255 ** 2 / mean)


def test_faster_resampling_shows_no_visible_loss():
    """The renditions against Lanczos from the full-size decode (the slowest, sharpest way), after JPEG."""
    source = board_photo(size=(4000, 3000), seed=2)
    found = {r.name: _read(r.data) for r in board_photos.renditions(source)}
    full = _read(source).convert("RGB")
    for name, side in (("large.jpg", 1600), ("thumb.jpg", 480)):
        reference = full.copy()
        reference.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=None)
        assert reference.size == found[name].size
        assert _psnr(found[name], reference) > 35, name  # nearest-neighbour scores ~25 here
    large = board_photos._to_srgb(board_photos._open(source, board_photos.LARGE))
    lanczos = large.resize((1600, 1200), Image.Resampling.LANCZOS)
    assert _psnr(board_photos._fit(large, 1600), lanczos) > 40
    assert _psnr(board_photos._fit(lanczos, 480), lanczos.resize((480, 360), Image.Resampling.LANCZOS)) > 40


def test_same_bytes_same_output():
    source = board_photo(seed=4)
    assert board_photos.renditions(source) == board_photos.renditions(source)


def test_taken_date_from_exif_or_none():
    assert board_photos.taken_date(board_photo()) == dt.date(2026, 9, 9)
    assert board_photos.taken_date(board_photo(taken=None)) is None
    assert board_photos.taken_date(b"not an image") is None
    with pytest.raises(board_photos.PhotoError):
        board_photos.taken_date(b"not an image", strict=True)
    with pytest.raises(board_photos.PhotoError):
        board_photos.taken_date(board_photo()[:3000], strict=True)  # a truncated upload


def test_a_truncated_photo_is_refused_even_after_weasyprint_told_pillow_to_accept_them(monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(board_photos.PhotoError):
        board_photos.taken_date(board_photo()[:3000], strict=True)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # put back as it was


def test_image_attachment_keeps_its_format_and_size_without_metadata():
    cleaned = board_photos.clean_image(board_photo(size=(2400, 1800)), ".jpg")
    image = _read(cleaned)
    assert image.size == (2400, 1800) and image.format == "JPEG" and not image.getexif()


def _pdf(**info: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_loses_its_document_information_and_keeps_its_pages():
    source = _pdf(**{"/Author": "张文书", "/Creator": "WPS 文字", "/Producer": "WPS"})
    assert PdfReader(io.BytesIO(source)).metadata["/Author"] == "张文书"
    cleaned = PdfReader(io.BytesIO(pdf_clean.clean_pdf(source)))
    assert cleaned.metadata is None and len(cleaned.pages) == 1
    assert "/Metadata" not in cleaned.trailer["/Root"]


def test_encrypted_or_broken_pdf_is_not_rewritable():
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    for data in (out.getvalue(), b"%PDF-1.4\n"):
        with pytest.raises(pdf_clean.PdfNotRewritable):
            pdf_clean.clean_pdf(data)
