"""JSON Schemas, generated from the models (never by hand): accept the shipped content, reject bad items."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re
from typing import Any

import pytest
import yaml
from conftest import AS_OF, item_text
from gongkai import api, cli, requests_api, schema_export
from gongkai.model import CatalogueFile, FrontMatter, UnitsFile
from gongkai.registry import load_catalogue
from gongkai.requests_load import register_kind
from gongkai.requests_register import site_entries
from gongkai.validate import validate_site
from jsonschema import Draft7Validator

REPO = pathlib.Path(__file__).resolve().parent.parent
CATALOGUE, _ = load_catalogue(REPO)
CJK = re.compile(r"[\u4e00-\u9fff]")


def as_editor_sees(value: Any) -> Any:
    """YAML as an editor's YAML 1.2 parser gives it to the schema: dates are text, the key `on:` is "on"
    (PyYAML, a YAML 1.1 parser, reads it as true; see model.SecrecyReview)."""
    if isinstance(value, dict):
        return {("on" if k is True else k): as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def front_matter(text: str) -> dict[str, Any]:
    return as_editor_sees(yaml.safe_load(text.split("---\n")[1]))


def validator(schema: dict[str, Any]) -> Draft7Validator:
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    found = validator(schema).iter_errors(data)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.validator}" for e in found)


def test_gongkai_schema_writes_every_file(tmp_path, capsys):
    out = tmp_path / "schema"
    assert cli.main(["--root", str(REPO), "schema", "--out", str(out)]) == 0
    names = {p.name for p in out.iterdir()}
    assert names == {"front-matter.schema.json", "units.schema.json", "catalogue.schema.json",
                     "api-bulletins.schema.json", "api-units.schema.json", "api-compliance.schema.json",
                     "api-requests.schema.json"}
    assert sorted(capsys.readouterr().out.split()) == sorted((out / n).as_posix() for n in names)
    written = json.loads((out / "front-matter.schema.json").read_text(encoding="utf-8"))
    assert written == schema_export.front_matter_schema(CATALOGUE)


def _strip(schema: Any) -> Any:
    """A schema without what the export adds: text, catalogue rules and the YAML number widening."""
    if isinstance(schema, list):
        return [_strip(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    options = schema.get("anyOf")
    if options and {"type": "number"} in options:  # model.Text also takes a number (see GongkaiJsonSchema)
        rest = [o for o in options if o != {"type": "number"}]
        others = {k: v for k, v in schema.items() if k != "anyOf"}
        return _strip({**rest[0], **others} if len(rest) == 1 else {**others, "anyOf": rest})
    drop = {"title", "description", "$schema", "allOf", "propertyNames"}
    return {k: _strip(v) for k, v in schema.items() if k not in drop}


@pytest.mark.parametrize(("exported", "model"), [
    (schema_export.front_matter_schema(CATALOGUE), FrontMatter),
    (schema_export.units_schema(CATALOGUE), UnitsFile),
    (schema_export.model_schema(CatalogueFile), CatalogueFile),
])
def test_exported_schema_is_the_models_schema(exported, model):
    plain = _strip(model.model_json_schema())
    generated = _strip(exported)
    if model is FrontMatter:  # the one addition that is not text: the catalogue's category ids
        assert generated["properties"]["category"].pop("enum") == list(CATALOGUE)
    assert generated == plain
    assert set(exported["properties"]) == set(model.model_fields)


def test_every_field_has_a_chinese_description():
    schemas = {**schema_export.all_schemas(CATALOGUE)}
    for name, schema in schemas.items():
        assert CJK.search(schema["description"]), name
        for field, prop in schema_export.properties(schema):
            assert CJK.search(prop.get("description", "")), f"{name}: {field} has no Chinese description"


def test_shipped_example_content_is_valid():
    schema = schema_export.front_matter_schema(CATALOGUE)
    items = sorted(f for f in (REPO / "bulletins").rglob("*.md")  # requests/, feedback/: not items
                   if register_kind(f.relative_to(REPO / "bulletins").as_posix()) is None)
    assert items, "no example content under bulletins/"
    for file in items:
        assert errors(schema, front_matter(file.read_text(encoding="utf-8"))) == [], file
    units = as_editor_sees(yaml.safe_load((REPO / "bulletins/units.yml").read_text(encoding="utf-8")))
    assert errors(schema_export.units_schema(CATALOGUE), units) == []
    default = yaml.safe_load((REPO / "hooks/gongkai/catalogue.yml").read_text(encoding="utf-8"))
    assert errors(schema_export.model_schema(CatalogueFile), default) == []


def test_yearly_period_written_as_a_number_is_valid():
    data = front_matter(item_text("budget", period="2025"))
    data["period"] = 2025  # what YAML makes of `period: 2025`
    assert errors(schema_export.front_matter_schema(CATALOGUE), data) == []


@pytest.mark.parametrize(("change", "expected"), [
    ({"titel": "错字"}, [": additionalProperties"]),
    ({"category": "financ"}, ["category: enum"]),
    ({"type": "immediate"}, ["type: const"]),  # the catalogue says finance is periodic
    ({"published": "2026/10/08"}, ["published: format"]),
    ({"status": "deleted"}, ["status: enum"]),
])
def test_bad_items_are_rejected(change, expected):
    data = front_matter(item_text("finance"))
    data.update(change)
    found = errors(schema_export.front_matter_schema(CATALOGUE), data)
    assert set(found) == set(expected), found


@pytest.mark.parametrize(("category", "drop", "missing"), [
    ("finance", "period", "period"), ("decision", "event_date", "event_date"),
    ("relief", "reviewed_by", "reviewed_by"), ("decision-result", "follows", "follows"),
])
def test_what_a_category_requires_is_required(category, drop, missing):
    data = front_matter(item_text(category))
    del data[drop]
    found = list(validator(schema_export.front_matter_schema(CATALOGUE)).iter_errors(data))
    assert [(e.validator, e.message) for e in found] == [("required", f"'{missing}' is a required property")]


def test_bad_unit_is_rejected():
    units = {"units": [{"id": "Yuhua Zhai", "name": "鱼化寨村", "kind": "hamlet", "code": "123",
                        "overrides": {"financ": {"cadence": "weekly"}}}]}
    found = errors(schema_export.units_schema(CATALOGUE), units)
    assert found == ["units/0/code: pattern", "units/0/id: pattern", "units/0/kind: enum",
                     "units/0/overrides/financ/cadence: anyOf", "units/0/overrides: enum"]


def test_api_files_match_their_schemas(project):
    project.item("yuhuazhai/2026/finance-2026-07.md", "finance")
    project.decision()
    project.write("bulletins/yuhua/requests/1.md", "---\nrequest_no: 1\nreceived: 2026-09-28\nchannel: 邮寄\n"
                  "applicant_type: 科研机构\nsubject: 某事项\nreplied: 2026-10-12\nresult: 不予处理\n"
                  "reason: 重复申请\n---\n")
    site = validate_site(project.root, as_of=AS_OF)
    records = {"bulletins": api.bulletins_json(site), "units": api.units_json(site),
               "compliance": [r.to_json() for r in site.compliance.records],
               "requests": [requests_api.record(e) for e in site_entries(site.context)]}
    for name, data in records.items():
        assert data, name
        schema = schema_export.api_schema(name)
        assert errors(schema, json.loads(json.dumps(data))) == [], name
        # The schema describes exactly the fields written: it cannot drift from api.py.
        assert set(schema_export.API_FILES[name].model_fields) == set(data[0]), name
    bad = [{**records["compliance"][0], "status": "fine", "days_late": -1}]
    assert errors(schema_export.api_schema("compliance"), bad) == ["0/days_late: anyOf", "0/status: enum"]


def test_site_schemas_get_an_absolute_id(project, tmp_path):
    site = validate_site(project.root, as_of=AS_OF)
    site.context.settings.site_url = "https://gongkai.example.gov.cn/"
    schema_export.write_site(site, tmp_path)
    written = json.loads((tmp_path / "api/schema/bulletins.schema.json").read_text(encoding="utf-8"))
    assert written["$id"] == "https://gongkai.example.gov.cn/api/schema/bulletins.schema.json"
    assert sorted(p.name for p in (tmp_path / "api/schema").iterdir()) == [
        "bulletins.schema.json", "compliance.schema.json", "requests.schema.json", "units.schema.json"]
