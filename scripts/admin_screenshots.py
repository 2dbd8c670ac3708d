#!/usr/bin/env python3
"""The guide's phone screenshots of the web editor (docs/guide/images/web-editor-*.png).

Runs tests/browser/test_admin_browser.py (Chromium at 390 px, the local backend, the example project)
with GONGKAI_SHOTS set, then writes each screenshot as a 64-colour PNG (Pillow) into docs/guide/images/.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tempfile

from PIL import Image

PROJECT = pathlib.Path(__file__).resolve().parent.parent
OUT = PROJECT / "docs" / "guide" / "images"
SHOTS = {"1-collections": "web-editor-collections", "2-finance-list": "web-editor-list",
         "3-form": "web-editor-form", "4-preview": "web-editor-preview"}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, GONGKAI_SHOTS=folder)
        subprocess.run([sys.executable, "-m", "pytest", "-n", "0", "-q", "tests/browser/test_admin_browser.py"],
                       cwd=PROJECT, env=env, check=True)
        OUT.mkdir(parents=True, exist_ok=True)
        for shot, name in SHOTS.items():
            image = Image.open(pathlib.Path(folder) / f"{shot}.png").convert("RGB")
            image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(OUT / f"{name}.png", optimize=True)
            print(f"{(OUT / f'{name}.png').relative_to(PROJECT)}: {(OUT / f'{name}.png').stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
