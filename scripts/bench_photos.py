#!/usr/bin/env python3
"""Bench corpora with board photos: 1 phone-sized photo on every village item (for timing the photo work).

Usage:
  scripts/bench_photos.py make ITEMS PROJECT [--no-photos] [--size 4000x3000] [--as-of 2026-11-15]
      a copy of this working tree's tracked files in PROJECT, its bulletins/ replaced by
      ../shared/bench/make_corpus.py ITEMS, then (unless --no-photos) a photo on every village item
  scripts/bench_photos.py add BULLETINS_DIR [--size 4000x3000]
      only the photos, on an existing corpus

Then time `GONGKAI_AS_OF=2026-11-15 mkdocs build -q` in PROJECT: the first build processes every photo, a
second one takes them from .cache/gongkai/files/ (remove .cache to time a cold build again).

Each photo is a JPEG as a phone writes it (tests/photo_factory.py: Make/Model/Software/Artist, GPS, a maker
note, XMP; camera noise so it compresses like a real photo, ~2-3 MB at 4000×3000), different from every
other one in its pixels (the item's number and name drawn on it) and its GPS position, with EXIF
DateTimeOriginal one day after the item's `published`; the item lists it as `board_photos: [{file: …}]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import pathlib
import re
import shutil
import subprocess
import sys

import yaml
from PIL import Image, ImageDraw

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from photo_factory import GPS_IFD, XMP, board_image, exif_bytes  # noqa: E402

MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
BASES = 12  # noisy base pictures; every photo is one of them with its own marks


def _base(size: tuple[int, int], seed: int) -> Image.Image:
    """A board picture with camera noise (a flat synthetic picture would compress ten times better)."""
    noise = Image.effect_noise(size, 24 + seed).convert("RGB")
    return Image.blend(board_image(size, seed), noise, 0.12)


def _exif(taken: dt.date, number: int) -> bytes:
    exif = Image.Exif()
    exif.load(exif_bytes(taken.strftime("%Y:%m:%d 09:30:00")))
    location = exif.get_ifd(GPS_IFD)  # each photo somewhere else (a village of its own)
    location[2] = (34.0, float(number % 60), round(number * 0.37 % 60, 2))
    location[4] = (108.0, float(number // 60 % 60), round(number * 0.53 % 60, 2))
    return exif.tobytes()


def add_photos(bulletins: pathlib.Path, size: tuple[int, int]) -> int:
    units = yaml.safe_load((bulletins / "units.yml").read_text(encoding="utf-8"))["units"]
    villages = {u["id"] for u in units if u["kind"] == "village"}
    bases = [_base(size, seed) for seed in range(BASES)]
    count = 0
    for number, item in enumerate(sorted(bulletins.rglob("*.md"))):
        if item.relative_to(bulletins).parts[0] not in villages:
            continue
        text = item.read_text(encoding="utf-8")
        published = dt.date.fromisoformat(re.search(r"^published: (\S+)", text, re.M).group(1))
        image = bases[number % BASES].copy()
        draw = ImageDraw.Draw(image)
        draw.rectangle((40 + number % 400, size[1] - 90, 40 + number % 400 + 900, size[1] - 40), fill=(20, 20, 20))
        draw.text((60 + number % 400, size[1] - 80), f"{number:05d} {item.stem}", fill=(255, 255, 255))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=90, exif=_exif(published + dt.timedelta(days=1), number), xmp=XMP)
        photo = item.with_name(f"{item.stem}-board.jpg")
        photo.write_bytes(out.getvalue())
        item.write_text(text.replace("\n---\n", f"\nboard_photos:\n  - file: {photo.name}\n---\n", 1),
                        encoding="utf-8")
        count += 1
    return count


def make_project(items: int, project: pathlib.Path, as_of: str) -> str:
    """PROJECT: this tree's tracked files (as bench.py copies them) with a generated corpus of ITEMS items."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in filter(None, files.split("\n")):
        source = ROOT / name
        if source.is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / name)
    shutil.rmtree(project / "bulletins", ignore_errors=True)
    made = subprocess.run([sys.executable, str(MAKE_CORPUS), str(items), str(project / "bulletins"),
                           "--as-of", as_of], capture_output=True, text=True, check=True)
    return made.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("make", help="a project with a generated corpus and its photos")
    make.add_argument("items", type=int)
    make.add_argument("project", type=pathlib.Path)
    make.add_argument("--no-photos", action="store_true")
    make.add_argument("--as-of", default="2026-11-15")
    add = commands.add_parser("add", help="photos on the village items of an existing corpus")
    add.add_argument("bulletins", type=pathlib.Path)
    for command in (make, add):
        command.add_argument("--size", default="4000x3000", help="photo size in pixels (a 12 MP phone: 4000x3000)")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    bulletins = args.bulletins if args.command == "add" else args.project / "bulletins"
    if args.command == "make":
        if args.project.exists():
            parser.error(f"{args.project} exists: give a new folder")
        print(make_project(args.items, args.project, args.as_of))
        if args.no_photos:
            return
    print(f"{add_photos(bulletins, (width, height))} photos written")


if __name__ == "__main__":
    main()
