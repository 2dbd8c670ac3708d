"""The clerk's guide: built with the example site, its generated pages match the code they describe."""

from __future__ import annotations

import ast
import html
import json
import pathlib
import re
import subprocess
import sys

import pytest
from gongkai import diagnostics, guide, rules
from gongkai.model import FrontMatter
from gongkai.registry import load_catalogue
from gongkai.schema_export import API_FILES

REPO = pathlib.Path(__file__).resolve().parent.parent
CARD = re.compile(r'<div class="gk-card" id="([^"]+)"[^>]*><h3>(.*?)</h3><p>(.*?)</p>', re.S)


@pytest.fixture(scope="module")
def built(example_site) -> pathlib.Path:
    """The shipped example content, built once per test process (conftest.example_site)."""
    return example_site


def read(site: pathlib.Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def codes_in_source() -> set[str]:
    """Every `Code("GK…", …)` written anywhere in hooks/gongkai, found by reading the source (ast)."""
    found = set()
    for file in (REPO / "hooks" / "gongkai").rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Code" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_the_table_is_complete_after_importing_only_the_rules_entry_point():
    """A fresh interpreter that imports gongkai.diagnostics and gongkai.rules (nothing else by hand) sees
    every code the source defines; the guide lists that table."""
    script = "import json, gongkai.diagnostics, gongkai.rules; print(json.dumps(sorted(gongkai.rules.codes())))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    fresh = json.loads(done.stdout)
    source = codes_in_source()
    assert len(source) > 70 and {"GK012", "GK405", "GK501", "GK701", "GK801"} <= source
    assert set(fresh) == source
    assert list(rules.codes()) == fresh


def test_code_reference_lists_every_code_the_validator_defines(built):
    codes = rules.codes()
    assert set(diagnostics.CODES) == set(codes) == codes_in_source()
    cards = {code: (heading, text) for code, heading, text in CARD.findall(read(built, "guide/codes"))}
    assert list(cards) == sorted(codes)
    for code, entry in codes.items():
        heading, text = cards[code]
        assert guide.SEVERITY_NAMES[entry.severity] in heading and html.escape(entry.title) in heading, code
        assert html.escape(entry.fix) in text, code


def test_field_reference_lists_every_front_matter_field(built):
    page = read(built, "guide/fields")
    assert [card[0] for card in CARD.findall(page)] == list(FrontMatter.model_fields)


def test_one_page_per_category_with_template_and_example(built):
    catalogue, _ = load_catalogue(REPO)
    index = read(built, "guide/categories")
    for category in catalogue.values():
        assert f'href="{category.id}/"' in index
        page = read(built, f"guide/categories/{category.id}")
        assert f"--category {category.id}" in page
        assert "## " + html.escape(category.sections[0]) in page and "&lt;!-- 提示：" in page  # the template
        assert ">示例</h2>" in page
        assert page.count(f"category: {category.id}") >= 2  # in the template and in the example


def test_every_page_links_the_site_feed_and_unit_pages_their_own(built):
    feed = '<link rel="alternate" type="application/atom+xml"'
    home = (built / "index.html").read_text(encoding="utf-8")
    assert f'{feed} title="鱼化寨街道政务村务公开 · 最新公开" href="feeds/all.xml">' in home
    assert "feeds/yuhuazhai.xml" not in home
    item = read(built, "yuhuazhai/2026/finance-2026-07")
    assert 'href="../../../feeds/all.xml"' in item and 'href="../../../feeds/yuhuazhai.xml"' in item
    assert 'href="../feeds/yuhua.xml"' in read(built, "yuhua")
    for name in ("all", "yuhuazhai", "nanjiang"):
        assert (built / "feeds" / f"{name}.xml").is_file()


def test_open_data_is_documented_with_its_schemas(built):
    page = read(built, "guide/api")
    for name, record in API_FILES.items():
        assert (built / "api" / "schema" / f"{name}.schema.json").is_file()
        assert f'href="../../api/schema/{name}.schema.json"' in page
        for field in record.model_fields:
            assert f"<code>{field}</code>" in page, (name, field)
    written = json.loads((built / "api" / "bulletins.json").read_text(encoding="utf-8"))
    for field in written[0]:  # every field the build writes is documented
        assert f"<code>{field}</code>" in page, field


def test_every_family_of_codes_has_its_own_heading():
    families = {int(code[2:]) // 100 for code in rules.codes()}
    assert families <= set(guide.FAMILY_NAMES), sorted(families - set(guide.FAMILY_NAMES))
    page = guide.codes_page(rules.codes())
    assert "其他检查" not in page
    headings = re.findall(r"^## (.+)$", page, flags=re.M)
    assert len(headings) == len(set(headings)) == len(families)

