"""Front matter: fields, values, and how they fit the category and the unit."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from ..diagnostics import Diagnostic, diag
from ..load import RawItem
from ..model import FRONT_MATTER_FIELDS, KIND_NAMES, TYPE_NAMES, Bulletin, FrontMatter
from ..periods import CADENCE_NAMES, EXAMPLES, MONTHS, Period
from ..site import Context

FIELD_NAMES = {name: (info.description or name) for name, info in FrontMatter.model_fields.items()}
_DATE_ERRORS = {"date_parsing", "date_type", "date_from_datetime_inexact", "date_from_datetime_parsing",
                "date_past", "date_future"}


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"，是不是想写“{close[0]}”？" if close else ""


def check_front_matter(raw: RawItem) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """The clerk's mapping → FrontMatter, or one diagnostic per wrong field."""
    data: dict[str, Any] = raw.front or {}
    try:
        return FrontMatter.model_validate(data), []
    except ValidationError as err:
        return None, [_field_problem(e, raw, data) for e in err.errors(include_url=False)]


def _field_problem(error: Any, raw: RawItem, data: dict[str, Any]) -> Diagnostic:
    key = str(error["loc"][0]) if error["loc"] else ""
    line = raw.key_lines.get(key, 1)
    kind = error["type"]
    value = data.get(key)
    if kind == "missing":
        return diag("GK101", raw.path, 1, f"缺少必填字段 {key}（{FIELD_NAMES.get(key, key)}）",
                    fix=f"在元数据中加一行 {key}: …")
    if kind == "extra_forbidden":
        return diag("GK102", raw.path, line, f"不认识的字段“{key}”{suggest(key, FRONT_MATTER_FIELDS)}")
    if kind in _DATE_ERRORS:
        return diag("GK106", raw.path, line, f"{key} 的值“{value}”不是有效日期")
    if kind == "literal_error":
        allowed = error.get("ctx", {}).get("expected", "")
        return diag("GK112", raw.path, line, f"{key} 的值“{value}”不可用，只能是 {allowed}")
    return diag("GK112", raw.path, line, f"{key} 的值“{value}”不正确（{FIELD_NAMES.get(key, key)}）")


def check_item(item: Bulletin, ctx: Context) -> list[Diagnostic]:
    """Category, type, period / event date, sign-off and status against the catalogue and the unit."""
    problems: list[Diagnostic] = []
    path = item.path
    unit = ctx.units[item.unit]
    category = ctx.category_for(item.unit, item.category)
    if category is None:
        hint = suggest(item.category, list(ctx.catalogue))
        return [diag("GK103", path, item.line_of("category"), f"没有“{item.category}”这个类别{hint}")]
    if not category.publishable_by(unit.kind):
        kinds = "、".join(KIND_NAMES[k] for k in category.publishers())
        problems.append(diag("GK105", path, item.line_of("category"),
                             f"类别 {category.id}（{category.name}）不适用于{unit.name}这类单位"
                             f"（{KIND_NAMES[unit.kind]}，{unit.kind}）；可以公开该类别的是：{kinds}"))
    one_off = item.type == "immediate" and category.also_immediate
    if item.type != category.type and not one_off:
        problems.append(diag("GK104", path, item.line_of("type"),
                             f"类别 {category.id} 是{TYPE_NAMES[category.type]}（{category.type}），"
                             f"不是{TYPE_NAMES[item.type]}（{item.type}）",
                             fix=f"改成 type: {category.type}"))
    if category.type == "periodic" and not one_off:
        problems += _check_period(item, category.cadence or "yearly")
    if category.type == "immediate" or one_off:
        if item.event_date is None:
            problems.append(diag("GK110", path, item.line_of("type"),
                                 "没有写 event_date：公开时限从这一天算起，缺了就无法判断是否按时公开",
                                 fix="写 event_date: YYYY-MM-DD——文件的成文日期（落款日期），会议决定的事项写"
                                     "会议日期；网上转载页面的“成文日期”一栏空着时，看文件末尾的落款日期"))
        elif item.event_date > item.published:
            problems.append(diag("GK111", path, item.line_of("event_date"),
                                 f"event_date {item.event_date} 晚于 published {item.published}"))
    if category.follows and not item.follows:
        problems.append(diag("GK101", path, 1, f"{category.name}须写 follows（所跟进事项的索引号）",
                             fix=f"加一行 follows: <对应的{ctx.catalogue[category.follows].name}的索引号>"))
    if category.sign_off:
        missing = [k for k in ("reviewed_by", "reviewed_on") if getattr(item, k) in (None, "")]
        if missing:
            problems.append(diag("GK114", path, item.line_of(missing[0]) if missing[0] in item.key_lines else 1,
                                 f"类别 {category.id} 须审核后公开，缺少 {'、'.join(missing)}"))
    # A standing item is reviewed again and again after it goes up; the others are reviewed first.
    if item.type != "standing" and item.reviewed_on and item.reviewed_on > item.published:
        problems.append(diag("GK115", path, item.line_of("reviewed_on"),
                             f"审核日期 {item.reviewed_on} 晚于发布日期 {item.published}"))
    if item.published > ctx.as_of:
        problems.append(diag("GK116", path, item.line_of("published"),
                             f"发布日期 {item.published} 在今天（{ctx.as_of}）之后"))
    if item.status == "withdrawn" and not (item.withdrawn_reason or "").strip():
        problems.append(diag("GK113", path, item.line_of("status"), "事项已撤回（withdrawn）但没有写原因"))
    return problems


def _check_period(item: Bulletin, cadence: str) -> list[Diagnostic]:
    if not item.period:
        return [diag("GK107", item.path, item.line_of("type"), "没有写 period",
                     fix=f"按{CADENCE_NAMES[cadence]}公开，写成 period: {EXAMPLES[cadence]}")]
    period = Period.parse(item.period)
    if period is None:
        return [diag("GK108", item.path, item.line_of("period"), f"period 的值“{item.period}”不是有效的期间")]
    if MONTHS[period.cadence] > MONTHS[cadence]:  # finer periods (monthly in a quarterly category) are fine
        return [diag("GK109", item.path, item.line_of("period"),
                     f"本单位该类别{CADENCE_NAMES[cadence]}公开，这一期却是{period.label}（{CADENCE_NAMES[period.cadence]}"
                     f"一期）；逾期按这一期的期末计算",
                     fix=f"如果本单位确实{CADENCE_NAMES[period.cadence]}公开一次，在 bulletins/units.yml 该单位下写 "
                         f"overrides: {{{item.category}: {{cadence: {period.cadence}}}}}；否则按"
                         f"{CADENCE_NAMES[cadence]}公开，period 写成 {EXAMPLES[cadence]} 这样的期间")]
    return []
