"""The files the site publishes in place of the clerk's: board photos as resized renditions, image, PDF and
Word/Excel/PowerPoint (OOXML) attachments without metadata. The original of a board photo is never published.

Processing is cached under `.cache/gongkai/files/` in the project, keyed by the SHA-256 of the source bytes
and the encoding parameters: an unchanged photo is not processed again in later builds, and what is
published is the cached bytes either way (byte-identical to a fresh run). Board photos are processed by a
pool of forked processes, one per core (each photo on its own: the result does not depend on the order).
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import pathlib
import posixpath
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from . import board_photos, office_clean, pdf_clean
from .load import BULLETINS

CACHE = ".cache/gongkai/files"
IMAGES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
CLEANED = IMAGES | {".pdf"} | office_clean.OFFICE  # published without metadata; others are copied as they are
PHOTO_DIR = "board-photos"
MAX_WORKERS = 4  # processes for board photos (at most one per core)
_ORIGINAL = "original"  # an attachment that could not be rewritten (an encrypted PDF) is published as it is


@dataclass(frozen=True)
class Output:
    name: str  # large.webp … for a photo; the file's own name for an attachment
    url: str  # site-relative
    bytes: int
    sha256: str
    path: pathlib.Path  # the file the build copies to url: in the cache, or the original where nothing changes


def photo_url(src_uri: str, name: str) -> str:
    """Where a rendition of the board photo bulletins/<src_uri> is published: beside it, under board-photos/."""
    folder, file = posixpath.split(src_uri)
    stem = file.rsplit(".", 1)[0]
    return posixpath.join(folder, PHOTO_DIR, f"{stem}.{name}")


def _process_photo(data: bytes) -> dict[str, bytes]:
    return {r.name: r.data for r in board_photos.renditions(data)}


def _process_attachment(suffix: str) -> Callable[[bytes], dict[str, bytes]]:
    def process(data: bytes) -> dict[str, bytes]:
        try:
            if suffix == ".pdf":
                return {"file": pdf_clean.clean_pdf(data)}
            if suffix in office_clean.OFFICE:
                return {"file": office_clean.clean_office(data)}
            return {"file": board_photos.clean_image(data, suffix)}
        except (pdf_clean.PdfNotRewritable, office_clean.OfficeNotRewritable, board_photos.PhotoError):
            return {_ORIGINAL: b""}  # the rules report it (GK806); the file goes out as it is
    return process


def cache_folder(root: pathlib.Path, kind: str, data: bytes) -> pathlib.Path:
    versions = f"{kind}\n{board_photos.ENCODING}\n{office_clean.VERSION}\n"
    key = hashlib.sha256(versions.encode() + data).hexdigest()
    return root / CACHE / key[:2] / key


def photo_done(root: pathlib.Path, data: bytes) -> bool:
    """Whether these photo bytes were processed by an earlier build (so they decode in full: no need to check)."""
    return (cache_folder(root, "photo", data) / "index.json").is_file()


def _cached(root: pathlib.Path, kind: str, data: bytes,
            process: Callable[[bytes], dict[str, bytes]]) -> tuple[pathlib.Path, dict[str, tuple[int, str]]]:
    """The cache folder and name → (size, sha256) of the processed files, from the cache or made now."""
    folder = cache_folder(root, kind, data)
    index = folder / "index.json"
    if index.exists():
        return folder, {k: (v[0], v[1]) for k, v in json.loads(index.read_text(encoding="utf-8")).items()}
    made = process(data)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in made.items():
        (folder / name).write_bytes(content)
    summary = {name: (len(content), hashlib.sha256(content).hexdigest()) for name, content in made.items()}
    temporary = folder / f"index.json.{os.getpid()}.tmp"  # two sources with the same bytes: two writers
    temporary.write_text(json.dumps(summary), encoding="utf-8")
    temporary.replace(index)  # written last: a half-made entry is never read as done
    return folder, summary


def photo_outputs(root: pathlib.Path, src_uri: str) -> list[Output]:
    """The published renditions of the board photo bulletins/<src_uri> (its original is never published)."""
    folder, found = _cached(root, "photo", (root / BULLETINS / src_uri).read_bytes(), _process_photo)
    return [Output(name, photo_url(src_uri, name), size, digest, folder / name)
            for name, (size, digest) in sorted(found.items())]


def attachment_output(root: pathlib.Path, src_uri: str) -> Output:
    """The published form of the attachment bulletins/<src_uri> (cleaned where it is an image or a PDF)."""
    file = root / BULLETINS / src_uri
    suffix = file.suffix.lower()
    data = file.read_bytes()
    if suffix in CLEANED:
        folder, found = _cached(root, f"attachment{suffix}", data, _process_attachment(suffix))
        if "file" in found:
            size, digest = found["file"]
            return Output(file.name, src_uri, size, digest, folder / "file")
    return Output(file.name, src_uri, len(data), hashlib.sha256(data).hexdigest(), file)


def _workers(count: int) -> int:
    """How many processes to use for `count` photos: 1 (no pool) where fork is unavailable or not wanted."""
    if "fork" not in multiprocessing.get_all_start_methods() or os.environ.get("GONGKAI_NO_FORK"):
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, count))


def all_photo_outputs(root: pathlib.Path, photos: list[str]) -> Iterator[list[Output]]:
    """photo_outputs of every photo, in order; in a pool of forked processes where there are cores to use."""
    workers = _workers(len(photos))
    if workers == 1:
        return map(functools.partial(photo_outputs, root), photos)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return iter(list(pool.map(functools.partial(photo_outputs, root), photos, chunksize=4)))


def prepare(root: pathlib.Path, photos: Iterable[str], attachments: Iterable[str]) -> dict[str, pathlib.Path]:
    """Every published file: site URL → the file to copy there. Board photos and cleaned attachments are
    processed (or found in the cache) here, before pages are rendered; a board photo's original is not in it."""
    files = {o.url: o.path for found in all_photo_outputs(root, list(photos)) for o in found}
    files.update({o.url: o.path for o in (attachment_output(root, src_uri) for src_uri in attachments)})
    return files
