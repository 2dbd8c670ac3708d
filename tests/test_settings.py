"""Settings are validated like bulletins: a bad value of any key of `extra: gongkai:` (mkdocs.yml) is a GK013 and
of any key of a unit in units.yml a GK010, each with its file and line, never a traceback; the rest stays."""

from __future__ import annotations

import pytest
from gongkai.model import CategoryOverride, Unit
from gongkai.settings import CLERK_SETTINGS, Settings, read_settings

MKDOCS_HEAD = "site_name: 测试\nsite_url: https://example.gov.cn/\nextra:\n  gongkai:\n"  # keys start on line 5

# A bad value for every key a site may write under extra: gongkai: (the line of the bad value).
BAD_SETTINGS = {
    "poster_size": ("    poster_size: A5\n", 5),
    "fail_on": ("    fail_on: late\n", 5),
    "allowed_phones": ("    allowed_phones:\n      - 13800002222\n      - {a: 1}\n", 7),
    "request_form_url": ("    request_form_url: www.example.gov.cn/apply\n", 5),
    "secrecy_review_required": ("    secrecy_review_required:\n      kinds: [village, 部门]\n", 6),
    "editor": ("    editor:\n      backend: gitea\n      base_url: git.county.gov.cn\n", 7),
    "board_photo_expected": ("    board_photo_expected:\n      kinds: [village]\n      working_days: 90\n", 7),
}


def test_the_table_names_every_setting():
    assert set(BAD_SETTINGS) == set(CLERK_SETTINGS)
    assert set(CLERK_SETTINGS) < set(Settings.model_fields)


@pytest.mark.parametrize("key", sorted(BAD_SETTINGS))
def test_a_bad_setting_is_a_gk013_on_its_line_and_the_others_stay(tmp_path, key):
    text, line = BAD_SETTINGS[key]
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_HEAD + text + "    poster_size: A3\n" * (key != "poster_size"),
                                         encoding="utf-8")
    settings, problems = read_settings(tmp_path)
    assert [(d.code, d.file, d.line) for d in problems] == [("GK013", "mkdocs.yml", line)]
    assert f"extra.gongkai.{key}" in problems[0].message and problems[0].message.startswith(f"第 {line} 行")
    assert getattr(settings, key) == Settings.model_fields[key].get_default(call_default_factory=True)
    assert settings.poster_size == ("A4" if key == "poster_size" else "A3")  # the good one is kept
    assert settings.site_url == "https://example.gov.cn/"


@pytest.mark.parametrize(("text", "line", "said"), [
    ("    site_url: https://other.example/\n", 5, "site_url"),  # a top-level setting written here
    ("    markdown_extensions: [toc]\n", 5, "markdown_extensions"),
    ("    poster_sise: A3\n", 5, "poster_sise"),  # a typo
])
def test_a_key_that_is_not_a_setting_is_a_gk013_on_its_line(tmp_path, text, line, said):
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_HEAD + text, encoding="utf-8")
    settings, problems = read_settings(tmp_path)
    assert [(d.code, d.line) for d in problems] == [("GK013", line)]
    assert said in problems[0].message
    assert settings.site_url == "https://example.gov.cn/"


UNITS_HEAD = """units:
  - id: yuhua
    name: 鱼化寨街道办事处
    kind: township
    code: 11610113MB0000001X
"""  # a good unit; the unit under test starts on line 6, its key under test is its last line

# A bad value for every key of a unit in units.yml.
BAD_UNIT_VALUES = {
    "id": "Bad Id", "name": "''", "kind": "部门", "parent": "[yuhua]", "code": "12345", "phone": "{office: 1}",
    "board": "[a, b]", "since": "2026-13-01", "address": "{a: 1}", "email": "[a]", "feedback_days": "0",
    "overrides": "{finance: {due: -1}}",
}


def test_the_unit_table_names_every_key():
    assert set(BAD_UNIT_VALUES) == set(Unit.model_fields)
    assert set(CategoryOverride.model_fields) == {"cadence", "due"}


@pytest.mark.parametrize("key", sorted(BAD_UNIT_VALUES))
def test_a_bad_unit_value_is_a_gk010_on_its_line(project, key):
    fields = {"id": "tested", "name": "测试村", "kind": "village", "parent": "yuhua", "code": "54610113MF0000009Y"}
    lines = [f"    {name}: {value}" for name, value in fields.items() if name != key]
    lines.append(f"    {key}: {BAD_UNIT_VALUES[key]}")
    project.write("bulletins/units.yml", UNITS_HEAD + "  -" + "\n".join(lines)[3:] + "\n")
    site = project.validate()
    found = [(d.code, d.file, d.line) for d in site.diagnostics if d.code == "GK010"]
    line = 5 + len(lines)  # units.yml's line of the bad value: the last of the unit
    assert found == [("GK010", "bulletins/units.yml", line)], [d.message for d in site.diagnostics]
    [message] = [d.message for d in site.diagnostics if d.code == "GK010"]
    assert message.startswith(f"第 {line} 行") and key in message
    assert "yuhua" in site.context.units  # the good unit stays
