"""bulletins/<unit>/requests/*.md and feedback/*.md → register Cases (front matter checked field by field).

The files are read like items (load.read_item: encoding, front matter, key lines); the schema is the
register's own (requests_model). The register's other rules are in rules/requests.py.
"""

from __future__ import annotations

import pathlib
from typing import Any

from pydantic import ValidationError

from .diagnostics import Diagnostic, diag, error_text
from .load import RawItem
from .requests_model import FEEDBACK_DIR, FIELD_NAMES, REQUESTS_DIR, Case, CaseKind, FeedbackFront, RequestFront
from .rules.schema import suggest

_DATE_ERRORS = {"date_parsing", "date_type", "date_from_datetime_inexact", "date_from_datetime_parsing"}


def register_kind(src_uri: str) -> CaseKind | None:
    """'yuhuazhai/requests/2026-007.md' → request; feedback/ → feedback; anything else → None."""
    parts = src_uri.split("/")
    if len(parts) >= 3 and parts[1] == REQUESTS_DIR:
        return "request"
    if len(parts) >= 3 and parts[1] == FEEDBACK_DIR:
        return "feedback"
    return None


def is_register_file(file: pathlib.Path, bulletins_dir: pathlib.Path) -> bool:
    path, base = file.as_posix(), bulletins_dir.as_posix() + "/"
    return path.startswith(base) and register_kind(path[len(base):]) is not None


def _field_problem(error: Any, raw: RawItem, kind: str) -> Diagnostic:
    names = FIELD_NAMES[kind]
    key = str(error["loc"][0]) if error["loc"] else ""
    value = (raw.front or {}).get(key)
    line = raw.key_lines.get(key, 1)
    if error["type"] == "missing":
        return diag("GK101", raw.path, 1, f"缺少必填字段 {key}（{names.get(key, key)}）",
                    fix=f"在元数据中加一行 {key}: …；字段见使用指南“依申请公开与意见反馈”")
    if error["type"] == "extra_forbidden":
        return diag("GK102", raw.path, line, f"不认识的字段“{key}”{suggest(key, list(names))}",
                    fix="可用的字段见使用指南“依申请公开与意见反馈”；申请人的姓名、证件号、电话不写进公开的文件")
    if error["type"] in _DATE_ERRORS:
        return diag("GK106", raw.path, line, f"{key} 的值“{value}”不是有效日期")
    return diag("GK112", raw.path, line, f"{key} 的值“{value}”不正确：{error_text(error)}（{names.get(key, key)}）",
                fix="按使用指南“依申请公开与意见反馈”填写这个字段")


def to_case(raw: RawItem) -> tuple[Case | None, list[Diagnostic]]:
    """A register file's RawItem → Case, or one diagnostic per wrong field."""
    kind = register_kind(raw.src_uri)
    assert kind is not None
    model = RequestFront if kind == "request" else FeedbackFront
    try:
        front = model.model_validate(raw.front or {})
    except ValidationError as err:
        return None, [_field_problem(e, raw, kind) for e in err.errors(include_url=False)]
    no = front.request_no if isinstance(front, RequestFront) else front.feedback_no
    case = Case(kind=kind, unit=raw.unit, path=raw.path, no=str(no), received=front.received,
                channel=front.channel, replied=front.replied, body=raw.body, body_line=raw.body_line,
                key_lines=raw.key_lines)
    if isinstance(front, RequestFront):
        case.request = front
    else:
        case.feedback = front
    return case, []
