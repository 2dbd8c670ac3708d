"""Shards: the plan, --changed-since, and the equivalence of shards + join with a whole build."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from conftest import copy_site_files
from gongkai.registry import load_units
from gongkai.search.query import search_files
from gongkai.shards import plan as shards
from gongkai.shards.manifest import read as read_manifest
from gongkai.shards.plan import ShardError

PROJECT = pathlib.Path(__file__).resolve().parent.parent
MAKE_CORPUS = pathlib.Path("/work/shared/bench/make_corpus.py")
GONGKAI = [sys.executable, "-m", "gongkai.cli"]
QUERIES = ["财务收支", "村务监督委员会", "土地 补偿", "公開", "工程项目公示", "结余", "党员"]


def _units(tmp_path: pathlib.Path, text: str) -> dict:
    (tmp_path / "bulletins").mkdir(exist_ok=True)
    (tmp_path / "bulletins" / "units.yml").write_text(text, encoding="utf-8")
    units, problems = load_units(tmp_path)
    assert not problems
    return units


REGISTRY = """\
units:
  - {id: county, name: 某县, kind: county, code: "000000001"}
  - {id: dept, name: 某县民政局, kind: department, parent: county, code: "000000002"}
  - {id: t1, name: 甲镇, kind: township, parent: county, code: "000000003"}
  - {id: t1-a, name: 甲村, kind: village, parent: t1, code: "000000004"}
  - {id: t2, name: 乙镇, kind: township, parent: county, code: "000000005"}
  - {id: t2-a, name: 乙村, kind: village, parent: t2, code: "000000006"}
  - {id: t2-b, name: 丙村, kind: village, parent: t2, code: "000000007"}
"""


def test_plan_puts_every_unit_in_exactly_one_shard(tmp_path):
    units = _units(tmp_path, REGISTRY)
    plan = shards.plan(units, "township")
    assert [(s.id, s.units) for s in plan] == [("_top", ("county", "dept")), ("t1", ("t1", "t1-a")),
                                                ("t2", ("t2", "t2-a", "t2-b"))]
    assert sorted(u for s in plan for u in s.units) == sorted(units)
    assert [(s.id, len(s.units)) for s in shards.plan(units, "county")] == [("county", 7)]
    matrix = shards.matrix(plan)
    assert matrix["include"][2] == {"shard": "t2", "level": "township", "units": 3,
                                    "paths": ["bulletins/t2", "bulletins/t2-a", "bulletins/t2-b"]}


def test_changed_lists_only_the_shards_whose_folders_changed(tmp_path):
    plan = shards.plan(_units(tmp_path, REGISTRY), "township")
    ids = [s.id for s in shards.changed(plan, ["bulletins/t2-b/2026/finance-2026-07.md", "docs/guide/x.md"])]
    assert ids == ["t2"]
    assert shards.changed(plan, ["README.md", "tests/test_x.py"]) == []
    for everything in ("bulletins/units.yml", "bulletins/calendar.yml", "mkdocs.yml", "theme/main.html",
                       "hooks/gongkai/pages.py", "bulletins/unknown/x.md"):
        assert shards.changed(plan, [everything]) == plan, everything


def test_changed_since_reads_git(tmp_path):
    _units(tmp_path, REGISTRY)
    (tmp_path / "bulletins" / "t1-a").mkdir()
    (tmp_path / "bulletins" / "t1-a" / "a.md").write_text("x", encoding="utf-8")
    git = ["git", "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tmp_path, check=True)
    (tmp_path / "bulletins" / "t1-a" / "a.md").write_text("y", encoding="utf-8")  # changed, not committed
    (tmp_path / "bulletins" / "t2-b").mkdir()
    (tmp_path / "bulletins" / "t2-b" / "new.md").write_text("z", encoding="utf-8")  # new, untracked
    done = subprocess.run([*GONGKAI, "--root", str(tmp_path), "shards", "--changed-since", "HEAD", "--format",
                           "json"], capture_output=True, text=True, check=True)
    assert [e["shard"] for e in json.loads(done.stdout)["include"]] == ["t1", "t2"]
    bad = subprocess.run([*GONGKAI, "--root", str(tmp_path), "shards", "--changed-since", "nosuchref"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "--changed-since" in bad.stderr


# --- equivalence on a generated corpus ----------------------------------------------------------


def _project(root: pathlib.Path) -> None:
    """A project with a generated corpus: a county over two townships (villages split between them)."""
    copy_site_files(root)
    subprocess.run([sys.executable, str(MAKE_CORPUS), "250", str(root / "bulletins")], check=True,
                   capture_output=True)
    file = root / "bulletins" / "units.yml"
    units = yaml.safe_load(file.read_text(encoding="utf-8"))["units"]
    villages = [u for u in units if u["kind"] == "village"]
    assert len(villages) >= 3
    units[0]["parent"] = "county"
    for village in villages[len(villages) // 2:]:
        village["parent"] = "town999"
    units[:0] = [{"id": "county", "name": "鱼化县", "kind": "county", "code": "11610113MB9999999X"},
                 {"id": "town999", "name": "雁塔镇", "kind": "township", "parent": "county",
                  "code": "11610113MB0000999X", "since": "2026-01-01"}]
    file.write_text(yaml.safe_dump({"units": units}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # the register (意见反馈) of one village in each township: one question overdue, one answered
    _question(root, villages[0]["id"], "FB-001", "2026-09-01", None)
    _question(root, villages[-1]["id"], "FB-002", "2026-10-08", "2026-10-12")


def _question(root: pathlib.Path, unit: str, number: str, received: str, replied: str | None) -> None:
    folder = root / "bulletins" / unit / "feedback"
    folder.mkdir(parents=True, exist_ok=True)
    reply = f"replied: {replied}\n" if replied else ""
    answer = "\n## 答复\n\n已在村务公开栏补充公开。\n" if replied else ""
    (folder / f"{number.lower()}.md").write_text(
        f"---\nfeedback_no: {number}\nreceived: {received}\nchannel: 意见箱\n{reply}---\n\n"
        f"## 问题\n\n村民问：道路维修的账目什么时候公开？\n{answer}", encoding="utf-8")


def _run(command: list[str], root: pathlib.Path) -> None:
    env = dict(os.environ, GONGKAI_AS_OF="2026-11-15", NO_MKDOCS_2_WARNING="1")
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


def _files(site: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("province")
    _project(root)
    plan = shards.plan(load_units(root)[0], "township")
    assert [s.id for s in plan] == ["_top", "town999", "town000"]
    jobs = [[sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "whole")]]
    jobs += [[*GONGKAI, "build", "--shard", s.id, "-d", str(root / "out" / s.id)] for s in plan]
    with ThreadPoolExecutor(len(jobs)) as pool:
        list(pool.map(lambda c: _run(c, root), jobs))
    _run([*GONGKAI, "join", *(str(root / "out" / s.id) for s in plan), "-d", str(root / "joined")], root)
    return root


def test_a_shard_holds_only_its_own_units(sites):
    out = sites / "out" / "town999"
    manifest = json.loads((out / "shard.json").read_text(encoding="utf-8"))
    own = set(manifest["units"])
    assert "town999" in own and "town000" not in own
    assert {p.name for p in out.iterdir()} == own | {"api", "search", "posters", "feeds", "shard.json",
                                                     "sitemap.xml"}
    records = json.loads((out / "api" / "bulletins.json").read_text(encoding="utf-8"))
    assert records and {r["unit"] for r in records} <= own
    compliance = json.loads((out / "api" / "compliance.json").read_text(encoding="utf-8"))
    assert compliance and {r["unit"] for r in compliance} <= own


def test_joined_site_is_the_whole_build(sites):
    whole, joined = _files(sites / "whole"), _files(sites / "joined")
    assert sorted(whole) == sorted(joined)
    differ = [p for p in whole if whole[p] != joined[p]]
    # the sitemap lists the same pages, in another order; every other file is byte for byte the same
    assert sorted(differ) in ([], ["sitemap.xml", "sitemap.xml.gz"])

    def locs(site: pathlib.Path) -> list[str]:
        return sorted(line.strip() for line in (site / "sitemap.xml").read_text(encoding="utf-8").splitlines()
                      if "<loc>" in line)
    assert locs(sites / "whole") == locs(sites / "joined")
    for name in ("bulletins.json", "compliance.json"):
        assert json.loads(whole[f"api/{name}"]) == json.loads(joined[f"api/{name}"])
    items = json.loads(joined["api/bulletins.json"])
    assert len(items) > 200 and all(f"{r['url']}index.html" in joined for r in items)


def test_joined_site_carries_the_register(sites):
    """The join's api/requests.json and the board's overdue list come from the shards' register."""
    whole, joined = _files(sites / "whole"), _files(sites / "joined")
    cases = json.loads(joined["api/requests.json"])
    assert [(c["no"], c["status"]) for c in cases] == [("FB-001", "overdue"), ("FB-002", "on_time")]
    assert cases == json.loads(whole["api/requests.json"])
    board = joined["compliance/index.html"].decode("utf-8")
    assert "FB-001" in board and "FB-002" not in board  # only the overdue question is listed
    assert board == whole["compliance/index.html"].decode("utf-8")


def test_join_refuses_a_manifest_of_another_version(sites, tmp_path):
    shutil.copytree(sites / "out" / "town999", tmp_path / "old")
    manifest = json.loads((tmp_path / "old" / "shard.json").read_text(encoding="utf-8"))
    del manifest["cases"]
    (tmp_path / "old" / "shard.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ShardError, match="重新构建这个分片"):
        read_manifest(tmp_path / "old")


def test_joined_search_answers_like_the_whole_build(sites):
    for query in QUERIES:
        expected, _ = search_files(sites / "whole" / "search", query)
        found, _ = search_files(sites / "joined" / "search", query)
        assert found == expected, query
    assert search_files(sites / "joined" / "search", "财务收支")[0]  # the queries do find items


def test_join_refuses_an_incomplete_set_of_shards(sites):
    env = dict(os.environ, GONGKAI_AS_OF="2026-11-15", NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([*GONGKAI, "join", str(sites / "out" / "town000"), "-d", str(sites / "partial")],
                          cwd=sites, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    said = done.stdout + done.stderr  # MkDocs prints an Abort's message
    assert "缺少这些单位的分片" in said and "county" in said
    assert not (sites / "partial" / "index.html").exists()


def test_ci_examples_are_valid_yaml():
    """docs/dev/ci/*.yml pass yamllint, and the GitHub matrix job reads `gongkai shards`' JSON."""
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    config = YamlLintConfig("{extends: default, rules: {line-length: {max: 120}, truthy: {check-keys: false}}}")
    files = sorted((PROJECT / "docs" / "dev" / "ci").glob("*.yml"))
    assert [f.name for f in files] == ["github-actions.yml", "gitlab-ci.yml"]
    for file in files:
        problems = list(linter.run(file.read_text(encoding="utf-8"), config))
        assert problems == [], (file.name, problems)
    workflow = yaml.safe_load((files[0]).read_text(encoding="utf-8"))
    assert workflow["jobs"]["shard"]["strategy"]["matrix"] == "${{ fromJSON(needs.plan.outputs.changed) }}"
    assert "gongkai join" in json.dumps(workflow["jobs"]["join"], ensure_ascii=False)
