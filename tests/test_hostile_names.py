"""No clerk text reaches a generated page unescaped: the example site built with markup in every name a clerk
writes (units' names, boards and addresses, category names, titles, reviewing organs, attachment file
names), then every HTML and XML file of site/ read with a parser: no injected element or attribute."""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources
from urllib.parse import quote

import pytest
import yaml
from conftest import AS_OF, PROJECT, copy_site_files

# Closes a quoted attribute and adds one; opens an element; an entity and both quotes.
HOSTILE = '<gkx-inject data-gkx="1">&amp; " data-gkx-attr="1" \' data-gkx-single="1" '
ATTACHMENT = 'finance-2026-08-detail.xlsx'
HOSTILE_FILE = 'detail<gkx-inject data-gkx="1">&"\'.xlsx'


class Injected(HTMLParser):
    """Every injected element or attribute of one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.startswith("gkx"):
            self.found.append(f"<{tag}>")
        self.found += [f"{tag}[{name}]" for name, _ in attrs if name.startswith("data-gkx")]

    handle_startendtag = handle_starttag


def injected(text: str) -> list[str]:
    parser = Injected()
    parser.feed(text)
    parser.close()
    return parser.found


def test_the_parser_finds_an_injection():
    assert injected(f"<p>{HOSTILE}</p>") == ["<gkx-inject>", "gkx-inject[data-gkx]"]
    assert "a[data-gkx-attr]" in injected(f'<a title="{HOSTILE.split(">", 1)[1]}">x</a>')
    assert "a[data-gkx-single]" in injected(f"<a title='{HOSTILE.split('>', 1)[1]}'>x</a>")
    assert injected('<p title="&quot; data-gkx=&quot;1">&lt;gkx-inject&gt;</p>') == []


def _hostile_project(root: pathlib.Path) -> None:
    copy_site_files(root)
    shutil.copytree(PROJECT / "bulletins", root / "bulletins")
    units_file = root / "bulletins" / "units.yml"
    data = yaml.safe_load(units_file.read_text(encoding="utf-8"))
    for unit in data["units"]:
        for key in ("name", "board", "address"):
            if unit.get(key):
                unit[key] += HOSTILE
    units_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    catalogue = yaml.safe_load(resources.files("gongkai").joinpath("catalogue.yml").read_text(encoding="utf-8"))
    for category in catalogue["categories"]:
        category["name"] += HOSTILE
    (root / "bulletins" / "catalogue.yml").write_text(yaml.safe_dump(catalogue, allow_unicode=True),
                                                      encoding="utf-8")
    for item in (root / "bulletins").rglob("*.md"):
        text = item.read_text(encoding="utf-8")
        for key in ("title", "reviewed_by", "subject"):
            text = re.sub(rf"^{key}: *(.+)$", lambda m, k=key: f"{k}: {json.dumps(_plain(m[1]) + HOSTILE)}",
                          text, count=1, flags=re.M)
        item.write_text(text, encoding="utf-8")
    folder = root / "bulletins" / "yuhuazhai" / "2026"
    (folder / ATTACHMENT).rename(folder / HOSTILE_FILE)
    item = folder / "finance-2026-08.md"
    item.write_text(item.read_text(encoding="utf-8").replace(f"]({ATTACHMENT})", f"]({quote(HOSTILE_FILE)})"),
                    encoding="utf-8")


def _plain(value: str) -> str:
    loaded = yaml.safe_load(value)
    return str(loaded)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("hostile")
    _hostile_project(root)
    env = dict(os.environ, GONGKAI_AS_OF=AS_OF.isoformat(), NO_MKDOCS_2_WARNING="1")
    env.pop("GONGKAI_PREVIOUS", None)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "site")], cwd=root,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return root / "site"


def test_no_injected_element_or_attribute_in_any_page(hostile_site):
    pages = sorted(p for p in hostile_site.rglob("*") if p.suffix in (".html", ".xml", ".svg"))
    assert len(pages) > 200
    found = {p.relative_to(hostile_site).as_posix(): hits for p in pages
             if (hits := injected(p.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_hostile_text_is_there_as_text(hostile_site):
    """The names are shown (escaped), not dropped: the test would pass on an empty site otherwise."""
    unit_page = (hostile_site / "yuhuazhai" / "index.html").read_text(encoding="utf-8")
    assert "&lt;gkx-inject" in unit_page
    item_page = (hostile_site / "yuhuazhai" / "2026" / "finance-2026-08" / "index.html").read_text(encoding="utf-8")
    assert "detail&lt;gkx-inject" in item_page  # the attachment's name in the list of files
