"""The web editor's front-matter format (theme/admin/gongkai-format.js), run in Node on every example item.

Decap CMS calls fromFile when it opens an item and toFile when it saves it. Loading and saving without a
change must give the file back byte for byte; a title edit must change the title line only (comments,
quotes, flow lists and key order untouched); a new item is written in `gongkai new`'s style and passes
the same parser gongkai reads front matter with. Needs Node and `npm ci` (the `yaml` package), as CI has.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess

import pytest
import yaml
from conftest import PROJECT
from gongkai.load import split_item

SCRIPT = PROJECT / "tests" / "js" / "format_check.cjs"
ITEMS = sorted(p for p in (PROJECT / "bulletins").glob("*/20*/*.md"))

if shutil.which("node") is None or not (PROJECT / "node_modules" / "yaml").is_dir():
    pytest.skip("needs Node.js and `npm ci` (node_modules/yaml), as .ci/run installs them", allow_module_level=True)


def run(cases: list[dict]) -> list[dict]:
    result = subprocess.run(["node", str(SCRIPT)], input=json.dumps(cases), capture_output=True, text=True,
                            check=True, timeout=60)
    return json.loads(result.stdout)


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]


@pytest.fixture(scope="module")
def examples() -> list[tuple[str, dict]]:
    texts = [p.read_text("utf-8") for p in ITEMS]
    cases = [{"text": text, "changes": {"title": "更正后的标题"}} for text in texts]
    return list(zip(texts, run(cases), strict=True))


def test_the_examples_have_flow_lists_and_every_type():
    texts = [p.read_text("utf-8") for p in ITEMS]
    assert len(ITEMS) > 40 and any("tags: [" in t for t in texts)
    assert {f"type: {kind}" for kind in ("standing", "periodic", "immediate")} <= {
        line for t in texts for line in t.splitlines()}


def test_load_and_save_unchanged_is_byte_identical(examples):
    different = [str(p) for p, (text, result) in zip(ITEMS, examples, strict=True) if result["same"] != text]
    assert different == []


def test_a_title_edit_is_a_one_line_diff(examples):
    for path, (text, result) in zip(ITEMS, examples, strict=True):
        title = yaml.safe_load(text.split("---")[1])["title"]
        assert changed_lines(text, result["edited"]) == [f"-title: {title}", "+title: 更正后的标题"], path


def _plain(value: object) -> object:
    """YAML 1.1 (gongkai) and 1.2 (the editor) read `2026-10-10` (a date; a string) and the key `on` (True;
    "on") differently; gongkai's model takes both (model._yaml_on_key)."""
    if isinstance(value, dict):
        return {("on" if k is True else k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_the_form_gets_what_gongkai_reads(examples):
    for path, (text, result) in zip(ITEMS, examples, strict=True):
        raw, problems = split_item(text, path.as_posix(), path.name)
        assert problems == []
        data = dict(result["data"])
        assert data.pop("body") == raw.body, path
        assert data == _plain(raw.front), path


HAND_MADE = """\
---
title: "旧标题"  # 标题：请按实际事项修改
category: finance  # 财务收支
type: periodic
published: 2026-10-10
period: '2026-Q3'  # 所属期间
reviewed_by: 村务监督委员会
tags:
  - 财务公开
  - 三资管理
doc_no: 鱼村发〔2026〕3号
extra_key_gongkai_ignores: {a: 1}
---

## 收入
"""


def test_edits_keep_comments_quotes_and_styles():
    [result] = run([{"text": HAND_MADE, "changes": {"title": "新标题", "period": "2026-Q4",
                                                     "tags": ["财务公开", "三资管理", "季度"], "doc_no": "",
                                                     "complete_by": "2026-12-31"}}])
    assert sorted(changed_lines(HAND_MADE, result["edited"])) == sorted([
        '-title: "旧标题"  # 标题：请按实际事项修改', "-period: '2026-Q3'  # 所属期间",
        '+title: "新标题"  # 标题：请按实际事项修改', "+period: '2026-Q4'  # 所属期间",
        "+  - 季度", "-doc_no: 鱼村发〔2026〕3号", "+complete_by: 2026-12-31"])
    front = yaml.safe_load(result["edited"].split("---")[1])
    assert front["tags"] == ["财务公开", "三资管理", "季度"] and "doc_no" not in front
    assert front["extra_key_gongkai_ignores"] == {"a": 1}


def test_a_new_item_is_written_in_the_projects_style():
    order = ["title", "category", "type", "published", "period", "reviewed_by", "reviewed_on", "tags", "status"]
    [result] = run([{"changes": {"title": "南江村2026年第三季度财务收支公开", "category": "finance",
                                 "type": "periodic", "published": "2026-10-12", "period": "2026-Q3",
                                 "reviewed_by": "村务监督委员会", "reviewed_on": "2026-10-11",
                                 "tags": ["财务公开", "季度"], "doc_no": "", "status": "active",
                                 "_gk_year": "2026", "body": "## 收入\n\n无\n"}, "order": order}])
    assert result["edited"] == (
        "---\ntitle: 南江村2026年第三季度财务收支公开\ncategory: finance\ntype: periodic\npublished: 2026-10-12\n"
        "period: 2026-Q3\nreviewed_by: 村务监督委员会\nreviewed_on: 2026-10-11\ntags: [财务公开, 季度]\n"
        "status: active\n---\n\n## 收入\n\n无\n")
