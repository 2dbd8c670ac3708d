"""上墙照片 and published images: source bytes → files without metadata. Pure functions of bytes.

A clerk's phone writes where and when a photo was taken (GPS), the phone's make and serial numbers
(maker notes), a thumbnail of the original and often XMP into every JPEG. Nothing of that is published:
each image is decoded, turned upright by its EXIF orientation, converted to sRGB (an embedded ICC profile
is applied, then dropped) and encoded afresh from its pixels only, so the output carries no EXIF, GPS, XMP,
maker notes, embedded thumbnails or ICC profile.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

LARGE = 1600  # long side of the photo shown when opened
THUMB = 480  # long side of the photo on the item page
REDUCING_GAP = 1.5  # Image.thumbnail: box-reduce to within 1.5 × the size, then resample
# Part of the cache key: change it whenever the encoding below changes, so old cache entries are not reused.
ENCODING = "photos-v2 jpeg82 webp80m2 bicubic-large gap1.5-lanczos-thumb srgb draft"
_DATE_TAGS = (0x9003, 0x9004)  # DateTimeOriginal, DateTimeDigitized (in the Exif sub-IFD)
_EXIF_IFD = 0x8769
_UNREADABLE = "文件不完整或已损坏，或不是 JPEG、PNG、WebP 图片"


class PhotoError(ValueError):
    """The bytes are not an image Pillow can decode (the message says why, in Chinese)."""


@dataclass(frozen=True)
class Rendition:
    name: str  # "large.webp", "large.jpg", "thumb.webp", "thumb.jpg"
    data: bytes
    width: int
    height: int


def _load_complete(image: Image.Image) -> None:
    """Decode, refusing a truncated file even where a library (WeasyPrint does) told Pillow to accept them."""
    accepted = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = accepted


def _open(data: bytes, long_side: int | None = None) -> Image.Image:
    """Decoded pixels; a JPEG larger than needed is decoded at a reduced scale (DCT scaling: fast)."""
    try:
        image = Image.open(io.BytesIO(data))
        if long_side and image.format == "JPEG" and max(image.size) > long_side:
            scale = long_side / max(image.size)
            image.draft(image.mode, (round(image.width * scale), round(image.height * scale)))
        _load_complete(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise PhotoError(_UNREADABLE) from None
    return image


def taken_date(data: bytes, strict: bool = False) -> dt.date | None:
    """The day the camera says the photo was taken (EXIF DateTimeOriginal), if it says so.

    With ``strict``, bytes that are no image raise PhotoError (decoded at 1/8 scale where JPEG allows: fast)."""
    try:
        image = Image.open(io.BytesIO(data))
        exif = image.getexif().get_ifd(_EXIF_IFD)
        if strict:
            image.draft("RGB", (image.width // 8 or 1, image.height // 8 or 1))
            _load_complete(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        if strict:
            raise PhotoError(_UNREADABLE) from None
        return None
    for tag in _DATE_TAGS:
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = value.decode("ascii", "replace")
        try:
            return dt.datetime.strptime(str(value).strip("\x00 ")[:10], "%Y:%m:%d").date()
        except ValueError:
            continue
    return None


def _to_srgb(image: Image.Image) -> Image.Image:
    """Upright pixels in sRGB (RGB, or RGBA where the image has transparency), with no info attached."""
    image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if alpha else "RGB")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                              outputMode=image.mode) or image
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: keep the pixels as they are
    return Image.frombytes(image.mode, image.size, image.tobytes())  # a fresh image: no EXIF, XMP, ICC, text


def _encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=quality, method=2)  # method 4+ triples the time for ~15 % smaller files
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _fit(image: Image.Image, side: int) -> Image.Image:
    """The image with its long side at most `side`.

    A JPEG arrives decoded at 1/2, 1/4 or 1/8 scale (draft), so the large version shrinks by less than half:
    there bicubic looks the same as Lanczos (PSNR > 40 dB between them, see tests) at ~60 % of the time. The
    thumbnail shrinks by 3 or more: a box reduction first (reducing_gap 1.5), then Lanczos, at half the time
    of Lanczos alone and as sharp (PSNR > 40 dB)."""
    copy = image.copy()
    shrink = max(image.size) / side
    resample = Image.Resampling.BICUBIC if shrink < 2 else Image.Resampling.LANCZOS
    copy.thumbnail((side, side), resample, reducing_gap=REDUCING_GAP)
    return copy


def renditions(data: bytes) -> list[Rendition]:
    """A board photo → a large and a thumbnail version, each as WebP and as a JPEG fallback."""
    image = _to_srgb(_open(data, LARGE))
    found = []
    for size, side in (("large", LARGE), ("thumb", THUMB)):
        image = _fit(image, side)  # the thumbnail is made from the large version: a quarter of the work
        for fmt, ext, quality in (("WEBP", "webp", 80), ("JPEG", "jpg", 82)):
            found.append(Rendition(f"{size}.{ext}", _encode(image, fmt, quality), *image.size))
    return found


def clean_image(data: bytes, suffix: str) -> bytes:
    """An image attachment (not a board photo) in its own format, at its own size, without metadata."""
    fmt = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}[suffix.lower()]
    return _encode(_to_srgb(_open(data)), fmt, 90)
