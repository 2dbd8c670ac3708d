#!/usr/bin/env python3
"""Refresh the web editor's vendored JavaScript (theme/admin/vendor/) from npm, and its record.

    python scripts/vendor_admin.py            # the versions package.json pins (after `npm ci`)
    python scripts/vendor_admin.py --install  # first `npm install --save-exact decap-cms@3 yaml@2`

Copies Decap CMS's browser bundle (decap-cms.js, its lazily loaded chunks and WebAssembly files, its
licence notices) and bundles the `yaml` package into one file (vendor/yaml.js, a global `YAML`) with
esbuild; then writes vendor/VENDOR.json: each package's version and licence and every file's sha256.
tests/test_admin.py checks the files against that record, so an edit by hand fails the tests.
The site then needs no npm and no CDN: `mkdocs build` copies theme/admin/ into site/admin/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import shutil
import subprocess

PROJECT = pathlib.Path(__file__).resolve().parent.parent
MODULES = PROJECT / "node_modules"
VENDOR = PROJECT / "theme" / "admin" / "vendor"
RECORD = VENDOR / "VENDOR.json"


def package(name: str) -> dict:
    return json.loads((MODULES / name / "package.json").read_text("utf-8"))


def decap_files() -> list[pathlib.Path]:
    dist = MODULES / "decap-cms" / "dist"
    return sorted([*dist.glob("*decap-cms.js"), *dist.glob("*.wasm"), dist / "decap-cms.js.LICENSE.txt"])


def bundle_yaml(target: pathlib.Path) -> None:
    entry = "import * as YAML from 'yaml'; globalThis.YAML = YAML;"
    subprocess.run(["npx", "--no-install", "esbuild", "--bundle", "--minify", "--format=iife",
                    "--legal-comments=inline", f"--outfile={target}"],
                   input=entry.encode(), cwd=PROJECT, check=True)


def sha256(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--install", action="store_true", help="npm install the newest decap-cms 3.x and yaml 2.x")
    if parser.parse_args().install:
        subprocess.run(["npm", "install", "--save-dev", "--save-exact", "decap-cms@3", "yaml@2"],
                       cwd=PROJECT, check=True)
    shutil.rmtree(VENDOR, ignore_errors=True)
    VENDOR.mkdir(parents=True)
    for source in decap_files():
        shutil.copyfile(source, VENDOR / source.name)
    bundle_yaml(VENDOR / "yaml.js")
    record = {
        "about": "Written by scripts/vendor_admin.py; checked by tests/test_admin.py. Do not edit by hand.",
        "packages": {name: {"version": package(name)["version"], "license": package(name)["license"],
                            "source": f"https://registry.npmjs.org/{name}/-/{name}-{package(name)['version']}.tgz"}
                     for name in ("decap-cms", "yaml")},
        "files": {path.name: sha256(path) for path in sorted(VENDOR.iterdir())},
    }
    RECORD.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    total = sum(path.stat().st_size for path in VENDOR.iterdir())
    print(f"{RECORD.relative_to(PROJECT)}: decap-cms {record['packages']['decap-cms']['version']}, "
          f"yaml {record['packages']['yaml']['version']}, {len(record['files'])} files, {total:,} bytes")


if __name__ == "__main__":
    main()
