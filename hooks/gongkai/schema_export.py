"""JSON Schemas generated from the pydantic models, for editors, CI and the open data.

`gongkai schema` writes the schemas of what clerks write (item front matter, units.yml,
catalogue.yml) and of what the site publishes (site/api/*.json). Nothing here is written by hand:
the models give the structure, this module adds Chinese descriptions where a model has none and,
for the front matter, what the catalogue says each category needs (type, period, event date,
sign-off), so an editor underlines the same mistakes `gongkai check` reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from . import model
from .compliance import STATUS_TEXT, STATUSES
from .model import (
    KIND_NAMES,
    TYPE_NAMES,
    CatalogueFile,
    Category,
    DisclosureType,
    FrontMatter,
    Status,
    UnitKind,
    UnitsFile,
)
from .periods import CADENCE_NAMES
from .registry import load_catalogue
from .requests_model import APPLICANT_TYPES, ENTRY_STATUS_TEXT, RESULTS
from .site import Site
from .urls import absolute

# Draft 7: what VS Code's YAML extension (yaml-language-server) supports. Pydantic's output uses
# only draft-7 keywords; its "$defs" are reached by plain JSON pointers, which draft 7 resolves.
DIALECT = "http://json-schema.org/draft-07/schema#"


# Value lists in descriptions come from the same tables the site uses for its labels.
TYPE_TEXT = "公开类型：" + " | ".join(f"{t} {n}" for t, n in TYPE_NAMES.items())
KIND_TEXT = "单位类型：" + " | ".join(f"{k} {n}" for k, n in KIND_NAMES.items())
CADENCE_TEXT = "公开周期：" + " | ".join(f"{c} {n}" for c, n in CADENCE_NAMES.items())


# ---- the records of site/api/*.json (api.py writes them; these models describe them)

class _Record(BaseModel):
    # Readers must accept fields a later version adds.
    model_config = ConfigDict(extra="allow")


class AttachmentRecord(BaseModel):
    """一个随事项发布的文件（附件或上墙照片），按发布出来的样子计算大小和哈希。"""

    url: str = Field(description="文件相对于网站根目录的地址")
    name: str = Field(description="文件名")
    bytes: int = Field(description="发布出来的文件的大小（字节）；图片和 PDF 已去除元数据")
    sha256: str = Field(description="发布出来的文件的 SHA-256（十六进制）")


class BulletinRecord(_Record):
    """site/api/bulletins.json 中的一项公开事项。"""

    index_no: str = Field(description="索引号：单位机构代码/年份-序号，唯一且不变")
    unit: str = Field(description="发布单位的 id（units.json 中的 id）")
    unit_name: str = Field(description="发布单位名称")
    category: str = Field(description="公开类别 id，见公开目录")
    type: DisclosureType = Field(description=TYPE_TEXT)
    period: str | None = Field(description="定期公开的所属期间，如 2026-Q3；其他类型为 null")
    event_date: dt.date | None = Field(description="及时公开的事件日期；其他类型为 null")
    published: dt.date = Field(description="发布日期")
    title: str = Field(description="标题")
    url: str = Field(description="事项页面相对于网站根目录的地址")
    status: Status = Field(description="有效性：active 有效 | withdrawn 已撤回 | superseded 已被更正替代")
    doc_no: str | None = Field(description="文号")
    supersedes: str | None = Field(description="本事项更正、替换的事项的索引号")
    follows: str | None = Field(description="本事项跟进的事项（如决议）的索引号")
    attachments: list[AttachmentRecord] = Field(
        default_factory=list, description="事项的附件和上墙照片（正文链接的文件、board_photos），按发布出来的文件计")
    poster_url: str = Field(description="该事项公开栏海报页相对于网站根目录的地址")


class UnitRecord(_Record):
    """site/api/units.json 中的一个公开单位。"""

    id: str = Field(description="单位 id，也是网站上单位页面的目录名")
    name: str = Field(description="单位名称")
    kind: UnitKind = Field(description=KIND_TEXT)
    parent: str | None = Field(description="上级单位的 id")
    code: str = Field(description="组织机构代码或统一社会信用代码（索引号前段）")
    phone: list[str] = Field(description="监督/咨询电话")
    board: str | None = Field(description="公开栏所在位置")
    since: dt.date | None = Field(description="从哪天起计算公开情况")
    url: str = Field(description="单位页面相对于网站根目录的地址")


ComplianceStatus = Literal[STATUSES]  # type: ignore[valid-type]


class ComplianceRecord(_Record):
    """site/api/compliance.json 中的一条公开情况记录：一个单位、一个类别、一个期间（或一项事项）。"""

    unit: str = Field(description="单位 id")
    category: str = Field(description="公开类别 id")
    type: DisclosureType = Field(description=TYPE_TEXT)
    period: str | None = Field(description="定期公开的所属期间；及时公开、固定公开为 null")
    index_no: str | None = Field(description="对应事项的索引号；缺失（missing）时为 null")
    due: dt.date | None = Field(description="应公开的最后日期（截止日期）")
    published: dt.date | None = Field(description="实际发布日期；尚未公开时为 null")
    status: ComplianceStatus = Field(description="公开情况：" + " | ".join(
        f"{status} {text}" for status, text in STATUS_TEXT.items()))
    days_late: int | None = Field(ge=0, description="逾期天数：按时为 0，逾期为超过截止日期的天数；"
                                                      "无法判定时为 null")
    board_photo: bool | None = Field(description="上墙照片：true 已上传；false 网站设置要求上传"
                                                 "（board_photo_expected），发布后规定工作日已过仍没有；"
                                                 "null 不要求或尚未到期")


class RequestRecord(_Record):
    """site/api/requests.json 中的一件政府信息公开申请或一条意见反馈（不含申请人的任何身份信息）。"""

    unit: str = Field(description="单位 id")
    kind: Literal["request", "feedback"] = Field(description="request 政府信息公开申请 | feedback 意见反馈")
    no: str = Field(description="申请编号或意见编号（本单位内唯一）")
    received: dt.date = Field(description="收到之日")
    due: dt.date | None = Field(description="答复期限；缺少当年节假日安排时为 null")
    replied: dt.date | None = Field(description="答复之日；尚未答复为 null")
    status: Literal[tuple(ENTRY_STATUS_TEXT)] = Field(  # type: ignore[valid-type]
        description="状态：" + " | ".join(f"{s} {t}" for s, t in ENTRY_STATUS_TEXT.items()))
    days_late: int = Field(ge=0, description="超过答复期限的工作日数；按期或办理中为 0")
    result: Literal[RESULTS] | None = Field(description="办理结果（申请）")  # type: ignore[valid-type]
    reason: str | None = Field(description="不予公开、无法提供、不予处理、其他处理的具体情形")
    applicant_type: Literal[APPLICANT_TYPES] | None = Field(  # type: ignore[valid-type]
        description="申请人类型（年度报告第三部分的列）；意见反馈为 null")


API_FILES: dict[str, type[BaseModel]] = {"bulletins": BulletinRecord, "units": UnitRecord,
                                         "compliance": ComplianceRecord, "requests": RequestRecord}

# ---- Chinese titles and descriptions where the models have none (English docstrings, no Field text)

MODEL_TEXT: dict[str, tuple[str, str]] = {
    "FrontMatter": ("公开事项元数据", "公开事项 Markdown 文件开头两行 --- 之间的元数据（front matter）。"),
    "UnitsFile": ("公开单位登记（bulletins/units.yml）", "本站所有公开单位：id 即 bulletins/ 下的文件夹名。"),
    "Unit": ("公开单位", "一个公开单位：县（区）、乡镇（街道）、村、社区、部门、党组织或公共企事业单位。"),
    "CategoryOverride": ("本单位对某一类别的调整", "改变这个单位某一类别的公开周期或期限。"),
    "CatalogueFile": ("公开目录（bulletins/catalogue.yml）",
                      "本站增加或覆盖的公开类别；默认目录随程序提供。"),
    "Category": ("公开类别", "一个公开类别：适用单位、公开类型、周期或时限、必备栏目和审核要求。"),
}
FIELD_TEXT: dict[str, dict[str, str]] = {
    "FrontMatter": {
        "status": "有效性：active 有效（默认）| withdrawn 已撤回 | superseded 已被更正替代",
        "withdrawn_reason": "撤回原因；status: withdrawn 时必填",
        "tags": "标签，如 [财务公开, 四议两公开]",
    },
    "UnitsFile": {"units": "公开单位列表"},
    "Unit": {
        "kind": KIND_TEXT,
        "overrides": "按类别调整本单位的公开周期和期限，如 finance: {cadence: quarterly, due: 15}",
    },
    "CategoryOverride": {"cadence": CADENCE_TEXT},
    "CatalogueFile": {"categories": "公开类别列表"},
    "Category": {
        "id": "类别 id，元数据 category 字段写的就是它",
        "name": "类别名称",
        "group": "所属栏目：党务、村务、财务、政务",
        "applies_to": "必须公开本类别的单位类型（公开情况统计缺失）",
        "may_publish": "也可以公开本类别的单位类型（照常检查，不计缺失）",
        "also_immediate": "定期公开的类别是否也接受一次性的及时公开事项（一般事项中的公示、公告、通知）",
        "due_on": "定期公开：期末次年的截止日（月-日），如年度报告 01-31；可按单位类型分别写",
        "section_aliases": "也算作某个必备栏目的标题，如 2019 年年度报告格式的写法",
        "section_kinds": "只对这些单位类型必备的栏目，如 监督意见: [village, community]",
        "type": TYPE_TEXT,
        "cadence": "定期公开的" + CADENCE_TEXT,
        "due": "定期公开：期末后多少个自然日内公开；可按单位类型分别写，如 {department: 31, county: 90}",
        "deadline_working_days": "及时公开：事件发生后多少个工作日内公开",
        "review_days": "固定公开：至少每隔多少天复核一次",
        "follows": "本类别跟进的类别 id（如实施结果跟进决议）",
        "sections": "必备栏目：正文中的二级标题（## 标题）",
        "sign_off": "是否须经审核（reviewed_by、reviewed_on 必填）",
        "finance_tables": "是否检查正文表格的合计和结余",
        "poster_size": "海报纸张：A4 或 A3",
    },
}


class GongkaiJsonSchema(GenerateJsonSchema):
    """Pydantic's generator, adjusted for YAML that people type."""

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        # model.Text accepts numbers (YAML reads `period: 2026` as an int): so must the schema.
        if schema["function"].get("function") is model._text:
            return {"anyOf": [self.generate_inner(schema["schema"]), {"type": "number"}]}
        return super().function_before_schema(schema)

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # English titles ("Reviewed On") would hide the Chinese descriptions in editors


def _describe(schema: dict[str, Any], name: str) -> None:
    """Chinese title, description and field descriptions for one model's schema (in place)."""
    title, text = MODEL_TEXT.get(name, (schema.get("title", name), schema.get("description", "")))
    schema["title"], schema["description"] = title, text
    for field, description in FIELD_TEXT.get(name, {}).items():
        if field in schema.get("properties", {}):
            schema["properties"][field].setdefault("description", description)


def model_schema(model_class: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON Schema with Chinese text, itself and every model it uses."""
    schema = model_class.model_json_schema(schema_generator=GongkaiJsonSchema)
    _describe(schema, model_class.__name__)
    for name, definition in schema.get("$defs", {}).items():
        _describe(definition, name)
    return {"$schema": DIALECT, **schema}


def front_matter_schema(catalogue: dict[str, Category]) -> dict[str, Any]:
    """FrontMatter, plus what the catalogue requires of each category."""
    schema = model_schema(FrontMatter)
    schema["properties"]["category"]["enum"] = list(catalogue)
    schema["properties"]["category"]["description"] += "：" + "、".join(
        f"{c.id} {c.name}" for c in catalogue.values())
    rules = []
    for category in catalogue.values():
        required = {"periodic": ["period"], "immediate": ["event_date"]}.get(category.type, [])
        if category.sign_off:
            required += ["reviewed_by", "reviewed_on"]
        if category.follows:
            required.append("follows")
        then: dict[str, Any] = {"properties": {"type": {"const": category.type}}}
        if required:
            then["required"] = required
        rules.append({"if": {"properties": {"category": {"const": category.id}}, "required": ["category"]},
                      "then": then})
    schema["allOf"] = rules
    return schema


def units_schema(catalogue: dict[str, Category]) -> dict[str, Any]:
    schema = model_schema(UnitsFile)
    schema["$defs"]["Unit"]["properties"]["overrides"]["propertyNames"] = {"enum": list(catalogue)}
    return schema


def api_schema(name: str) -> dict[str, Any]:
    record = API_FILES[name]
    schema = TypeAdapter(list[record]).json_schema(schema_generator=GongkaiJsonSchema)  # type: ignore[valid-type]
    schema["title"] = f"site/api/{name}.json"
    element = (record.__doc__ or "").split("中的")[-1]
    schema["description"] = f"开放数据 {name}.json：一个 JSON 数组，每个元素是{element}"
    return {"$schema": DIALECT, **schema}


def editor_schemas(catalogue: dict[str, Category]) -> dict[str, dict[str, Any]]:
    """What clerks write: {file name: schema}."""
    return {"front-matter.schema.json": front_matter_schema(catalogue),
            "units.schema.json": units_schema(catalogue),
            "catalogue.schema.json": model_schema(CatalogueFile)}


def api_schemas() -> dict[str, dict[str, Any]]:
    """What the site publishes: {file name: schema}, one per site/api/*.json."""
    return {f"{name}.schema.json": api_schema(name) for name in API_FILES}


def all_schemas(catalogue: dict[str, Category]) -> dict[str, dict[str, Any]]:
    schemas = editor_schemas(catalogue)
    schemas.update({f"api-{name}": schema for name, schema in api_schemas().items()})
    return schemas


def dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(schemas: dict[str, dict[str, Any]], out: pathlib.Path) -> list[pathlib.Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas.items():
        path = out / name
        path.write_text(dump(schema), encoding="utf-8")
        written.append(path)
    return written


def write_site(site: Site, site_dir: pathlib.Path) -> None:
    """Writer: site/api/schema/<file>.schema.json, with an absolute $id when site_url is set."""
    schemas = api_schemas()
    for name, schema in schemas.items():
        url = absolute(site.context.settings.site_url, f"api/schema/{name}")
        if url:
            schemas[name] = {"$schema": schema["$schema"], "$id": url, **schema}
    write_schemas(schemas, site_dir / "api" / "schema")


def cmd_schema(args: argparse.Namespace) -> int:
    catalogue, problems = load_catalogue(args.root.resolve())
    for problem in problems:
        print(problem.human(), file=sys.stderr)
    for path in write_schemas(all_schemas(catalogue), args.out):
        print(path.as_posix())
    return 1 if problems else 0


def add_command(commands: argparse._SubParsersAction) -> None:
    schema = commands.add_parser("schema", help="生成 JSON Schema（编辑器提示、开放数据说明）",
                                 description="生成元数据、units.yml、catalogue.yml 和 site/api/*.json 的 "
                                             "JSON Schema。")
    schema.add_argument("--out", type=pathlib.Path, default=pathlib.Path("schema"),
                        help="写到哪个文件夹，默认 schema/")
    schema.set_defaults(run=cmd_schema)


def properties(schema: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """Every (name, property schema) of a schema and of its $defs: for the guide and the tests."""
    yield from schema.get("properties", {}).items()
    for definition in schema.get("$defs", {}).values():
        yield from definition.get("properties", {}).items()
