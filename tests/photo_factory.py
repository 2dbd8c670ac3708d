"""Phone-like test photos of a board: EXIF with GPS, a maker note, DateTimeOriginal, orientation, and XMP.

Made with Pillow's own Exif API (no code of gongkai's); used by the tests and by the bench photo script.
"""

from __future__ import annotations

import io
import pathlib

from PIL import Image, ImageDraw

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
MAKER_NOTE = b"HUAWEI\x00\x00SERIAL-ELS-AN00-8842-1177-HOME-LOCATION"
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="34,12.508N" '
       b'exif:GPSLongitude="108,52.167E"/></rdf:RDF></x:xmpmeta>')


def board_image(size: tuple[int, int] = (2400, 1800), seed: int = 0) -> Image.Image:
    """A picture of a board: a red header, notices on white paper with lines of 'text'."""
    image = Image.new("RGB", size, (92, 110, 96))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((0, 0, width, height // 8), fill=(190, 30, 30))
    for column in range(3):
        left = width // 24 + column * width // 3
        top = height // 6 + (seed * 37 % 50)
        draw.rectangle((left, top, left + width // 4, height - height // 12), fill=(246, 244, 236))
        for row in range(top + 40, height - height // 12 - 30, max(height // 40, 8)):
            draw.line((left + 30, row, left + width // 4 - 30 - (row * (seed + 7)) % 90, row), fill=(40, 40, 40),
                      width=3)
    return image


def exif_bytes(taken: str | None = "2026:09:09 10:12:00", orientation: int = 1, gps: bool = True) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "HUAWEI"  # Make
    exif[0x0110] = "ELS-AN00"  # Model
    exif[0x0131] = "ELS-AN00 4.0.0.120"  # Software
    exif[0x013B] = "张三"  # Artist
    exif[0x0112] = orientation
    sub = exif.get_ifd(EXIF_IFD)
    if taken:
        sub[0x9003] = taken  # DateTimeOriginal
    sub[0x927C] = MAKER_NOTE
    if gps:
        location = exif.get_ifd(GPS_IFD)
        location[1], location[2] = "N", (34.0, 12.0, 30.5)
        location[3], location[4] = "E", (108.0, 52.0, 10.0)
    return exif.tobytes()


def board_photo(size: tuple[int, int] = (2400, 1800), taken: str | None = "2026:09:09 10:12:00",
                orientation: int = 1, gps: bool = True, seed: int = 0, fmt: str = "JPEG") -> bytes:
    out = io.BytesIO()
    extra = {"xmp": XMP} if fmt == "JPEG" else {}
    board_image(size, seed).save(out, fmt, exif=exif_bytes(taken, orientation, gps), quality=88, **extra)
    return out.getvalue()


def write_board_photo(path: pathlib.Path, **options: object) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(board_photo(**options))  # type: ignore[arg-type]
    return path
