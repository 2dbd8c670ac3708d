#!/usr/bin/env python3
"""Give every village item of a bench corpus a board photo (for timing the photo work of a build).

Usage: scripts/bench_photos.py BULLETINS_DIR [--size 2400x1800]

Each photo is a phone-like JPEG made by tests/photo_factory.py (GPS, maker note, XMP) with a mark of its own
(so no two photos share bytes or pixels), EXIF DateTimeOriginal one day after the item's `published`, and is
listed in the item's front matter as `board_photos: [{file: <stem>-board.jpg}]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import pathlib
import re
import sys

import yaml
from PIL import ImageDraw

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests"))
from photo_factory import XMP, board_image, exif_bytes  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bulletins", type=pathlib.Path)
    parser.add_argument("--size", default="2400x1800")
    args = parser.parse_args()
    size = tuple(int(x) for x in args.size.split("x"))
    units = yaml.safe_load((args.bulletins / "units.yml").read_text(encoding="utf-8"))["units"]
    villages = {u["id"] for u in units if u["kind"] == "village"}
    bases = [board_image(size, seed) for seed in range(12)]
    count = 0
    for number, item in enumerate(sorted(args.bulletins.rglob("*.md"))):
        if item.relative_to(args.bulletins).parts[0] not in villages:
            continue
        text = item.read_text(encoding="utf-8")
        published = dt.date.fromisoformat(re.search(r"^published: (\S+)", text, re.M).group(1))
        image = bases[number % len(bases)].copy()
        ImageDraw.Draw(image).text((40 + number % 400, size[1] - 60), f"{number:05d} {item.stem}", fill=(255, 255, 255))
        out = io.BytesIO()
        taken = (published + dt.timedelta(days=1)).strftime("%Y:%m:%d 09:30:00")
        image.save(out, "JPEG", quality=88, exif=exif_bytes(taken), xmp=XMP)
        photo = item.with_name(f"{item.stem}-board.jpg")
        photo.write_bytes(out.getvalue())
        item.write_text(text.replace("\n---\n", f"\nboard_photos:\n  - file: {photo.name}\n---\n", 1), encoding="utf-8")
        count += 1
    print(f"{count} photos written")


if __name__ == "__main__":
    main()
