"""No traceback, ever: random bytes, random YAML and random Markdown in a bulletins/ tree end in
diagnostics — from the validator, `gongkai check`, `gongkai mask` and the build — never in an exception.

Also checks the nothing-lost invariant on every generated tree: each Markdown-looking file is either a
bulletin or has an error of its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile
from unittest import mock

import feedparser
import yaml
from conftest import UNITS_YML, copy_site_files, item_text
from gongkai import cli, feeds, item_page, outputs
from gongkai.diagnostics import CODES
from gongkai.relations import Relations
from gongkai.urls import feed_path, poster_url
from gongkai.validate import validate_site
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

AS_OF = dt.date(2026, 11, 15)
PROJECT = pathlib.Path(__file__).resolve().parent.parent
MARKDOWN_LIKE = (".md", ".markdown", ".txt")
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]

# ---- strategies -----------------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=12),
                    st.dates(), st.sampled_from(["finance", "general", "periodic", "2026-Q3", "withdrawn"]))
yaml_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)
random_yaml = st.one_of(
    st.builds(lambda d: yaml.safe_dump(d, allow_unicode=True),
              st.dictionaries(st.text(max_size=8), yaml_values, max_size=6)),
    st.text(alphabet=":-[]{}!&*#|>'\"\n\t 　：abc12", max_size=60),
)
fragments = st.one_of(
    st.text(max_size=30),
    st.builds(lambda t: "## " + t, st.sampled_from(["事项", "办理情况", "收入", "合计", "", "发放对象"])),
    st.sampled_from(["| 项目 | 金额（元） |", "|---|--:|", "| 合计 | 1,234.50 |",
                     "| 王秀兰 | 610113195803011234 |", "<script>alert(1)</script>",
                     "<img src=x onerror=alert(1)>", "<!-- 未完", "```", "~~~",
                     '{: onclick="x" style="display:none" }', "[a](javascript:alert(1))", "<div markdown>",
                     "</div>", "<style>", "&#0;", "\x00", "\ufeff", "\r", "<", "[^1]", "!!! note",
                     "    code"]),
    st.from_regex(r"[0-9 \-Xx]{5,30}", fullmatch=True),
)
random_markdown = st.builds("\n".join, st.lists(fragments, max_size=12))


def _item(category: str, body: str) -> str:
    return item_text(category, body=body)


contents = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda y, m: f"---\n{y}---\n{m}", random_yaml, random_markdown),
    st.builds(_item, st.sampled_from(["general", "finance", "relief", "decision", "profile"]),
              random_markdown),
    st.builds(lambda c, m: item_text(c) + m, st.sampled_from(["general", "finance", "land"]),
              random_markdown),
    random_markdown,
)
folders = st.sampled_from(["yuhuazhai/2026", "nanjiang/2026", "nanjiang", "minzheng/2025", "unknown/2026", "",
                           "yuhuazhai/.drafts", "yuhuazhai/2026/sub"])
names = st.text(alphabet="abc-_.2026财务 ", min_size=1, max_size=10).map(lambda n: n.strip(". ") or "x")
extensions = st.sampled_from([".md", ".md", ".md", ".MD", ".markdown", ".txt", "", ".pdf", ".yml",
                              ".csv", ".svg", ".xlsx"])
files = st.lists(st.tuples(folders, names, extensions, contents), min_size=1, max_size=6)
units_files = st.one_of(st.just(UNITS_YML), st.just(UNITS_YML), random_yaml, st.binary(max_size=80))


def write_tree(root: pathlib.Path, units: str | bytes, tree: list) -> None:
    (root / "bulletins").mkdir(parents=True)
    data = units.encode("utf-8") if isinstance(units, str) else units
    (root / "bulletins" / "units.yml").write_bytes(data)
    for folder, name, ext, content in tree:
        path = root / "bulletins" / folder / (name + ext)
        if path.name in ("units.yml", "catalogue.yml", "calendar.yml") or path.is_dir():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8", errors="surrogatepass") if isinstance(content, str) else content
        path.write_bytes(data)


def run_cli(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli.main(list(args))


def render_outputs(site, out: pathlib.Path) -> None:
    """What the build derives from a valid site, in process: pages, item pages, api, posters, feeds."""
    rel = Relations.of(site.bulletins)
    pages: dict[str, str] = {}
    for generate in outputs.PAGE_GENERATORS:
        pages.update(generate(site, rel))
    for item in site.bulletins:
        page = item_page.item_markdown(item).split("---\n", 2)[-1]
        html = site.context.markdown.html(page, source=item.src_uri, here=item.url)
        assert "<script>alert" not in item_page.wrap(html, site, rel, item)
        assert f"{item.unit}/index.md" in pages and html.lstrip().startswith("<h1")  # its unit's page, its title
    for output in outputs.BACKGROUND_WRITERS + outputs.WRITERS:
        output.write(site, out)
    # Every item is in the open data, has its poster and is in the site feed (up to its limit).
    records = json.loads((out / "api" / "bulletins.json").read_text(encoding="utf-8"))
    assert sorted(r["url"] for r in records) == sorted(i.url for i in site.bulletins)
    assert all((out / poster_url(i.url) / "index.html").is_file() for i in site.bulletins)
    entries = feedparser.parse((out / feed_path()).read_bytes()).entries
    assert len(entries) == min(len(site.bulletins), feeds.FEED_LIMIT)


@settings(max_examples=40, deadline=None, suppress_health_check=SLOW)
@given(units=units_files, tree=files)
@example(units=UNITS_YML, tree=[("yuhuazhai/2026", "photo", ".pdf", b"%PDF-1.4")])  # a new site: no items yet
def test_random_trees_end_in_diagnostics(units, tree):
    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)
        write_tree(root, units, tree)
        site = validate_site(root, as_of=AS_OF)
        for d in site.diagnostics:
            assert d.code in CODES and d.line >= 1 and d.message and d.file
        errors = {d.file for d in site.diagnostics if d.severity == "error"}
        published = {b.path for b in site.bulletins}
        for file in (root / "bulletins").rglob("*"):
            if file.is_file() and file.suffix.lower() in MARKDOWN_LIKE:
                path = file.relative_to(root).as_posix()
                assert path in published or path in errors, path
        with mock.patch.dict(os.environ, {"GONGKAI_AS_OF": AS_OF.isoformat()}):
            assert run_cli("--root", folder, "check") == (0 if site.ok else 1)
            assert run_cli("--root", folder, "check", "--format", "json") in (0, 1)
            assert run_cli("--root", folder, "mask", str(root / "bulletins")) in (0, 1)
        if site.ok:
            render_outputs(site, root / "site")


odd_items = st.lists(st.tuples(st.just("yuhuazhai/2026"), names, st.just(".md"),
                               st.builds(lambda c, m: item_text(c) + m,
                                         st.sampled_from(["general", "relief", "land", "decision"]),
                                         random_markdown)),
                     min_size=1, max_size=4)


@settings(max_examples=20, deadline=None, suppress_health_check=SLOW)
@given(tree=odd_items)
def test_odd_but_valid_items_render_every_output(tree):
    """Valid front matter over random Markdown: most sites pass, and then every output is made."""
    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)
        write_tree(root, UNITS_YML, tree)
        site = validate_site(root, as_of=AS_OF)
        event("valid: every output rendered" if site.ok else "errors (e.g. a generated ID number)")
        if site.ok:
            render_outputs(site, root / "site")


def hostile_tree(seed: int) -> list:
    """A fixed tree of odd but valid items and of garbage."""
    rng = random.Random(seed)
    noise = ["<script>alert(1)</script>", "｜表格｜", "| a |\n|---|\n| 1 |", "```\n<iframe>\n```", "\u202e",
             "610113********1234", "{: onclick=x }", "<img src=x onerror=y>", "# 标题\n## 事项", "$$", "\\"]
    tree = []
    for n, category in enumerate(["general", "finance", "relief", "decision", "land"]):
        body = item_text(category) + "\n".join(rng.choice(noise) for _ in range(8))
        tree.append(("yuhuazhai/2026", f"odd-{n}", ".md", body))
    tree += [("yuhuazhai/2026", "bytes", ".md", bytes(rng.randrange(256) for _ in range(300))),
             ("nanjiang", "yaml", ".md", "---\ntitle: [\n---\n"), ("", "stray", ".md", "x"),
             ("yuhuazhai/2026", "bad", ".markdown", "---\n")]
    return tree


def build(root: pathlib.Path) -> subprocess.CompletedProcess[str]:
    copy_site_files(root)
    env = dict(os.environ, GONGKAI_AS_OF="2026-11-15")
    env.pop("GONGKAI_PREVIOUS", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def test_build_of_garbage_stops_with_diagnostics(tmp_path):
    write_tree(tmp_path, UNITS_YML, hostile_tree(6))
    result = build(tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-3000:]
    for expected in ("bulletins/yuhuazhai/2026/bytes.md:", "bulletins/nanjiang/yaml.md:",
                     "bulletins/stray.md:1:", "bulletins/yuhuazhai/2026/bad.markdown:1:"):
        assert expected in result.stderr
    assert not (tmp_path / "site").exists()
