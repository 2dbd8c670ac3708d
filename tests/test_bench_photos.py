"""scripts/bench_photos.py: a photo on every village item, each different, as a phone writes it (EXIF GPS,
date one day after `published`), listed in the item's front matter, and the corpus still valid."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import pathlib

from gongkai.board_photos import taken_date
from PIL import Image

SCRIPT = pathlib.Path(__file__).resolve().parent.parent / "scripts" / "bench_photos.py"


def _script():
    spec = importlib.util.spec_from_file_location("bench_photos", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_village_item_gets_its_own_phone_photo(project):
    project.item("yuhuazhai/2026/finance-2026-07.md", "finance", period="2026-07", published="2026-08-05")
    project.item("nanjiang/2026/finance-2026-07.md", "finance", period="2026-07", published="2026-08-06")
    project.item("yuhua/2026/functions.md", "functions", published="2026-03-02")  # a township: no photo
    assert _script().add_photos(project.root / "bulletins", (800, 600)) == 2
    photos = sorted((project.root / "bulletins").rglob("*-board.jpg"))
    assert [p.relative_to(project.root / "bulletins").as_posix() for p in photos] == [
        "nanjiang/2026/finance-2026-07-board.jpg", "yuhuazhai/2026/finance-2026-07-board.jpg"]
    data = [p.read_bytes() for p in photos]
    assert len({hashlib.sha256(d).digest() for d in data}) == 2
    images = [Image.open(p) for p in photos]
    assert images[0].tobytes() != images[1].tobytes()  # different pixels, not only different EXIF
    positions = [image.getexif().get_ifd(0x8825)[2] for image in images]
    assert all(positions) and positions[0] != positions[1]  # GPS latitude, a different one each
    assert [taken_date(d) for d in data] == [dt.date(2026, 8, 7), dt.date(2026, 8, 6)]
    site = project.validate()
    assert [b.board_photos[0].file for b in site.bulletins if b.unit != "yuhua"] == [
        "finance-2026-07-board.jpg"] * 2
    assert [d for d in site.diagnostics if d.code.startswith("GK8")] == []
