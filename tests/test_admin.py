"""The web editor (/admin/): the vendored Decap CMS, config.yml generated from the catalogue, its own
Content-Security-Policy, kept out of search, feeds, sitemap and open data, and `gongkai edit`'s local
backend (editor.py). The editor in Chromium: tests/browser/test_admin_browser.py; the front-matter
format in Node: tests/test_admin_format.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml
from conftest import AS_OF, PROJECT, copy_site_files, free_port
from gongkai import admin_config, file_names, new
from gongkai.editor import Checkout, handle
from gongkai.periods import Period
from gongkai.settings import EditorSettings, Settings
from test_sanitize_csp import policy as site_policy

VENDOR = PROJECT / "theme" / "admin" / "vendor"
_CSP = re.compile(r'http-equiv="Content-Security-Policy" content="([^"]+)"')


def directives(text: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (d.split() for d in text.split(";") if d.strip())}


# ---- the vendored bundle ------------------------------------------------------------------------

def test_vendored_files_are_the_recorded_ones():
    record = json.loads((VENDOR / "VENDOR.json").read_text("utf-8"))
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in VENDOR.iterdir() if p.name != "VENDOR.json"}
    assert files == record["files"]
    assert "decap-cms.js" in files and "yaml.js" in files and "decap-cms.js.LICENSE.txt" in files


def test_vendored_versions_are_package_jsons_pins():
    record = json.loads((VENDOR / "VENDOR.json").read_text("utf-8"))["packages"]
    pins = json.loads((PROJECT / "package.json").read_text("utf-8"))["devDependencies"]
    assert {name: info["version"] for name, info in record.items()} == {"decap-cms": pins["decap-cms"],
                                                                        "yaml": pins["yaml"]}
    assert record["decap-cms"]["version"].startswith("3.") and record["decap-cms"]["license"] == "MIT"


def test_no_cdn_in_the_admin_page(example_site):
    page = (example_site / "admin" / "index.html").read_text("utf-8")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all("://" not in s and not s.startswith("//") for s in sources)
    for source in sources:
        assert (example_site / "admin" / source).resolve().is_file(), source


# ---- config.yml ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site():
    from gongkai.validate import validate_site
    return validate_site(PROJECT, as_of=AS_OF)


@pytest.fixture(scope="module")
def config(site):
    return admin_config.config(site.context)


def by_name(config: dict) -> dict[str, dict]:
    return {c["name"]: c for c in config["collections"]}


def fields(collection: dict) -> dict[str, dict]:
    return {f["name"]: f for f in collection["fields"]}


def test_one_collection_per_unit_and_category_it_may_publish(site, config):
    ctx = site.context
    expected = [f"{unit}__{category.id}" for unit in ctx.units for category, _ in ctx.categories_for(unit)]
    assert [c["name"] for c in config["collections"]] == expected
    finance = by_name(config)["yuhuazhai__finance"]
    assert finance["label"] == "鱼化寨村 · 财务收支" and finance["folder"] == "bulletins/yuhuazhai"
    assert finance["filter"] == {"field": "category", "value": "finance"}
    assert "yuhuazhai__functions" not in by_name(config)  # a village has no 机构职能
    assert "yanta-minzheng__functions" in by_name(config)


def test_fields_follow_what_the_category_requires(config):
    finance = fields(by_name(config)["yuhuazhai__finance"])
    assert finance["category"] == {"name": "category", "widget": "hidden", "default": "finance"}
    assert finance["type"]["default"] == "periodic" and "event_date" not in finance
    assert finance["period"]["required"] and finance["reviewed_by"]["default"] == "村务监督委员会"
    assert re.fullmatch(finance["period"]["pattern"][0], "2026-07")
    assert not re.fullmatch(finance["period"]["pattern"][0], "2026-7")
    decision = fields(by_name(config)["yuhuazhai__decision"])
    assert decision["event_date"]["required"] and "period" not in decision and "complete_by" in decision
    assert decision["event_date"]["format"] == "YYYY-MM-DD" and decision["event_date"]["time_format"] is False
    assert fields(by_name(config)["yuhuazhai__decision-result"])["follows"]["required"]
    procurement = fields(by_name(config)["yanta-minzheng__procurement"])
    assert [f["name"] for f in procurement["secrecy_review"]["fields"]] == ["by", "on"]  # settings: department
    assert "secrecy_review" not in finance
    assert [o["value"] for o in finance["status"]["options"]] == ["active", "withdrawn", "superseded"]
    assert finance["title"]["hint"] and finance["published"]["hint"] == "上墙、上网的日期"


def test_body_and_file_name_are_gongkai_news(site, config):
    ctx = site.context
    for unit_id in ctx.units:
        for category, _ in ctx.categories_for(unit_id):
            collection = by_name(config)[f"{unit_id}__{category.id}"]
            assert fields(collection)["body"]["default"] == new.sections(category)
            period = Period.parse("2026-Q3") if category.type == "periodic" else None
            event = dt.date(2026, 11, 4) if category.type == "immediate" else None
            # Decap fills {{fields.period}} / {{fields.event_date}} and lower-cases the value
            slug = collection["slug"].replace("{{fields.period}}", "2026-q3").replace("{{fields.event_date}}",
                                                                                        "2026-11-04")
            assert slug + ".md" == file_names.file_name(category.id, period, event)
            assert collection["path"] == "{{_gk_year}}/{{slug}}"


def test_a_unit_and_a_category_added_appear_without_touching_the_admin(project):
    project.write("bulletins/units.yml", project.root.joinpath("bulletins/units.yml").read_text("utf-8") + """\
  - id: xinzhuang
    name: 新庄村
    kind: village
    parent: yuhua
    code: 54610113MF0000003Y
    phone: 029-84561236
""")
    project.write("bulletins/catalogue.yml", """\
categories:
  - id: water
    name: 饮水安全
    group: 村务
    applies_to: [village]
    type: periodic
    cadence: yearly
    due: 30
    sections: [水质检测, 维护情况]
""")
    names = by_name(admin_config.config(project.validate().context))
    assert "xinzhuang__finance" in names and "xinzhuang__water" in names and "yuhuazhai__water" in names
    assert fields(names["xinzhuang__water"])["body"]["default"].startswith("## 水质检测\n")


def test_backend_from_settings():
    local = admin_config.backend(EditorSettings())
    assert local == {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1", "branch": "main"}
    gitea = EditorSettings(backend="gitea", repo="county/gongkai", base_url="https://git.county.gov.cn",
                           api_root="https://git.county.gov.cn/api/v1", app_id="abc", editorial_workflow=True)
    assert admin_config.backend(gitea) == {"name": "gitea", "repo": "county/gongkai", "branch": "main",
                                           "app_id": "abc",
                                           "base_url": "https://git.county.gov.cn",
                                           "api_root": "https://git.county.gov.cn/api/v1"}
    assert admin_config.backend_origins(gitea) == ["https://git.county.gov.cn"]
    assert admin_config.backend_origins(EditorSettings(backend="github", repo="a/b")) == ["https://api.github.com"]


def test_editorial_workflow_only_where_decap_has_it(project):
    for backend, expected in (("gitlab", "editorial_workflow"), ("gitea", None), ("forgejo", None)):
        project.write("mkdocs.yml", f"extra:\n  gongkai:\n    editor: {{backend: {backend}, repo: c/s, "
                                    "editorial_workflow: true}\n")
        assert admin_config.config(project.validate().context).get("publish_mode") == expected, backend


def test_settings_problems_are_gk013(tmp_path):
    from gongkai.settings import read_settings
    (tmp_path / "mkdocs.yml").write_text("extra:\n  gongkai:\n    editor:\n      backend: svn\n", "utf-8")
    settings, problems = read_settings(tmp_path)
    assert [p.code for p in problems] == ["GK013"] and problems[0].line == 4
    assert "网页编辑器" in problems[0].message and settings.editor.backend is None


def test_built_config_is_the_generated_one(example_site, config):
    built = yaml.safe_load((example_site / "admin" / "config.yml").read_text("utf-8"))
    assert built == config
    assert built["locale"] == "zh_Hans" and built["local_backend"]["url"].startswith("http://127.0.0.1:")
    assert "publish_mode" not in built  # the example sets no editorial workflow


# ---- the two policies ---------------------------------------------------------------------------

def test_admin_has_its_own_relaxed_policy_and_the_site_keeps_the_strict_one(example_site):
    admin = directives(_CSP.search((example_site / "admin" / "index.html").read_text("utf-8")).group(1))
    site = site_policy()
    assert "'unsafe-eval'" in admin["script-src"] and "'unsafe-inline'" in admin["style-src"]
    assert "blob:" in admin["connect-src"] and "http://127.0.0.1:8081" in admin["connect-src"]
    assert admin["object-src"] == ["'none'"] and admin["base-uri"] == ["'self'"]
    assert not [s for s in admin["script-src"] if s not in ("'self'", "'unsafe-eval'")]  # no other site's scripts
    assert "'unsafe-eval'" not in site["script-src"] and site["style-src"] == ["'self'"]
    home = directives(_CSP.search((example_site / "index.html").read_text("utf-8")).group(1))
    assert home == site


def test_a_git_host_address_cannot_break_out_of_the_policy():
    from pydantic import ValidationError
    for url in ('https://git.example/"><script>', "https://git.example/; script-src *", "javascript:x"):
        with pytest.raises(ValidationError):
            EditorSettings(backend="gitea", repo="a/b", base_url=url)


def test_admin_policy_names_the_git_host():
    settings = Settings(editor=EditorSettings(backend="gitlab", repo="county/site", app_id="x",
                                              base_url="https://git.county.gov.cn",
                                              api_root="https://git.county.gov.cn/api/v4"))
    assert admin_config.backend(settings.editor)["auth_type"] == "pkce"
    policy = directives(admin_config.policy(settings))
    assert policy["connect-src"] == ["'self'", "blob:", "http://127.0.0.1:8081", "https://git.county.gov.cn",
                                     "https://gitlab.com"]


# ---- out of search, feeds, sitemap, open data ---------------------------------------------------

def test_admin_is_noindex_and_out_of_search_feeds_sitemap_and_api(example_site):
    page = (example_site / "admin" / "index.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    for name in ("sitemap.xml", "feeds/all.xml", "api/bulletins.json", "search/index.json"):
        assert "admin/" not in (example_site / name).read_text("utf-8"), name
    shards = list((example_site / "search").glob("**/*.json"))
    assert shards and not [s for s in shards if "admin/" in s.read_text("utf-8")]


# ---- the local backend --------------------------------------------------------------------------

@pytest.fixture
def checkout(project) -> Checkout:
    project.item("yuhuazhai/2026/finance-2026-07.md", "finance")
    project.write("mkdocs.yml", "site_name: 测试\n")
    return Checkout(project.root)


def test_backend_lists_reads_and_writes_items(checkout):
    assert handle(checkout, {"action": "info"})[1]["type"] == "local_fs"
    status, entries = handle(checkout, {"action": "entriesByFolder",
                                        "params": {"folder": "bulletins/yuhuazhai", "extension": "md", "depth": 2}})
    assert status == 200 and [e["file"]["path"] for e in entries] == ["bulletins/yuhuazhai/2026/finance-2026-07.md"]
    text = entries[0]["data"]
    assert entries[0]["file"]["id"] == hashlib.sha256(text.encode()).hexdigest()
    new_path = "bulletins/yuhuazhai/2026/decision-2026-11-10.md"
    assert handle(checkout, {"action": "persistEntry", "params": {
        "entry": {"path": new_path, "raw": "---\ntitle: 决议\n---\n", "slug": "x"}, "assets": [
            {"path": "bulletins/yuhuazhai/2026/a.txt", "content": "5pys", "encoding": "base64"}]}})[0] == 200
    assert (checkout.root / new_path).read_text("utf-8") == "---\ntitle: 决议\n---\n"
    assert (checkout.root / "bulletins/yuhuazhai/2026/a.txt").read_text("utf-8") == "本"
    media = handle(checkout, {"action": "getMedia", "params": {"mediaFolder": "bulletins/yuhuazhai/2026"}})[1]
    assert [m["name"] for m in media] == ["a.txt", "decision-2026-11-10.md", "finance-2026-07.md"]
    assert handle(checkout, {"action": "deleteFile", "params": {"path": new_path}})[0] == 200
    assert not (checkout.root / new_path).exists()


@pytest.mark.parametrize("path", ["mkdocs.yml", "bulletins/../mkdocs.yml", "/etc/passwd", "../outside.md",
                                  "bulletins/yuhuazhai/../../hooks/x.py"])
def test_backend_touches_nothing_outside_bulletins(checkout, path):
    for request in ({"action": "getEntry", "params": {"path": path}},
                    {"action": "persistEntry", "params": {"entry": {"path": path, "raw": "x"}, "assets": []}},
                    {"action": "deleteFile", "params": {"path": path}}):
        status, answer = handle(checkout, request)
        assert status == 422 and "bulletins/" in answer["error"], request
    assert (checkout.root / "mkdocs.yml").read_text("utf-8") == "site_name: 测试\n"


def test_backend_answers_unknown_and_malformed_requests(checkout):
    assert handle(checkout, {"action": "unpublishedEntries"}) == (422, {"error": "Unknown action unpublishedEntries"})
    assert handle(checkout, {"action": "getEntry", "params": {}})[0] == 422


def post(url: str, body: dict, origin: str) -> tuple[dict, str | None]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json",
                                                                     "Origin": origin})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response), response.headers.get("Access-Control-Allow-Origin")


def test_gongkai_edit_starts_preview_and_backend_on_loopback_and_stops_both(project):
    copy_site_files(project.root)
    backend_port, preview_port = free_port(), free_port()
    mkdocs = project.root / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text("utf-8").replace(
        "  gongkai:\n", f"  gongkai:\n    editor:\n      local_port: {backend_port}\n", 1), "utf-8")
    env = dict(os.environ, GONGKAI_AS_OF=AS_OF.isoformat(), NO_MKDOCS_2_WARNING="1")
    edit = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "edit", "--port", str(preview_port)],
                            cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        first = edit.stdout.readline()
        assert first.startswith(f"网页编辑器：http://127.0.0.1:{preview_port}/admin/")
        answer, cors = post(f"http://127.0.0.1:{backend_port}/api/v1", {"action": "info"},
                            f"http://127.0.0.1:{preview_port}")
        assert answer["type"] == "local_fs" and cors == f"http://127.0.0.1:{preview_port}"
        assert post(f"http://127.0.0.1:{backend_port}/api/v1", {"action": "info"}, "https://evil.example")[1] is None
        deadline = time.monotonic() + 120
        while True:  # gongkai preview builds the site first
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{preview_port}/admin/config.yml", timeout=5) as r:
                    assert f"127.0.0.1:{backend_port}/api/v1" in r.read().decode("utf-8")
                    break
            except OSError:
                assert time.monotonic() < deadline and edit.poll() is None, edit.stderr.read()
                time.sleep(0.5)
    finally:
        os.killpg(edit.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group, as in a terminal
        edit.wait(timeout=30)
    for port in (backend_port, preview_port):
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_the_fast_yaml_emitter_writes_what_the_pure_one_writes(config):
    """admin_config.dump uses libyaml's emitter for speed; the file must not depend on which one ran."""
    pure = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=10_000)
    assert admin_config.dump(config).split("\n", 1)[1] == pure
