"""Timeliness: late, missing, stale and open disclosures become build messages.

They are warnings (a late item is still published and must stay visible); the statuses a site lists
in `extra: gongkai: fail_on:` (mkdocs.yml) are errors, so CI can refuse a build that hides a gap.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict

from .. import compliance
from ..diagnostics import Code, Diagnostic, diag, register
from ..file_names import item_path
from ..load import BULLETINS
from ..periods import CADENCE_NAMES
from ..site import Context, Site

register(
    Code("GK401", "warning", "公开逾期",
         "事项已发布，但晚于应公开日期；今后请按时公开。如发布日期写错了，请改正 published"),
    Code("GK402", "warning", "应公开的事项缺失",
         "按提示新建这一期（或这一项）的公开事项并发布"),
    Code("GK403", "warning", "固定公开事项超过复核期限",
         "核对内容是否仍然准确，需要时更新正文，然后把 reviewed_on 改为这次复核的日期"),
    Code("GK404", "warning", "重大事项决议到期未公开实施结果",
         "公开实施结果（decision-result），在其元数据中写 follows: 决议的索引号；"
         "如完成期限改变，请修改 complete_by"),
    Code("GK405", "warning", "工作日历中没有这一年的节假日安排，无法计算截止日期",
         "升级 chinesecalendar 软件包（pip install -U chinesecalendar），或在 bulletins/calendar.yml 中"
         "按国务院办公厅当年的节假日安排通知写入 holidays（放假日）和 workdays（调休上班日）"),
    Code("GK406", "error", "fail_on 设置有误",
         "mkdocs.yml 中 extra: gongkai: fail_on: 只能写 late（逾期）、missing（缺失）、"
         "stale（待复核）、open（未完成）"),
)

CODE_OF = {"late": "GK401", "missing": "GK402", "stale": "GK403", "open": "GK404", "unknown": "GK405"}
MAX_LISTED = 6  # missing periods named in one message


def unit_lines(ctx: Context) -> dict[str, int]:
    """Line of each unit's `- id:` in units.yml: where a missing disclosure is reported."""
    try:
        text = (ctx.root / BULLETINS / "units.yml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"\s*-?\s*id:\s*['\"]?([\w-]+)", line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def _fail_on_line(ctx: Context) -> int:
    try:
        text = (ctx.root / "mkdocs.yml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith("fail_on")), 1)


def _file_name(record: compliance.Record, ctx: Context) -> str:
    """The file `gongkai new` would create for a missing disclosure."""
    return item_path(record.unit, record.category, record.period, None, ctx.as_of)


def missing(records: list[compliance.Record], ctx: Context, unit_line: int) -> Diagnostic:
    """The missing disclosures of one unit and category, as one diagnostic on the unit in units.yml."""
    first = records[0]
    unit = ctx.units[first.unit]
    cat = ctx.category_for(first.unit, first.category)
    assert cat is not None
    path = f"{BULLETINS}/units.yml"
    if first.period is None:
        said = compliance.describe(first)
        detail = f"{unit.name}“{cat.name}”（固定公开）：{said.status}，{said.detail}"
        fix = f"新建 {_file_name(first, ctx)} 写明{cat.name}并发布"
        return _severity(diag("GK402", path, unit_line, detail, fix=fix), first, ctx)
    listed = "、".join(f"{said.what}（{said.detail}）" for said in map(compliance.describe, records[:MAX_LISTED]))
    more = f"等 {len(records)} 期" if len(records) > MAX_LISTED else f"共 {len(records)} 期"
    detail = (f"{unit.name}“{cat.name}”缺少 {listed}{more}，期限已过仍未公开；"
              f"{unit.name}的{cat.name}{CADENCE_NAMES[cat.cadence or 'yearly']}公开，"
              f"{cat.due_rule()}公开")
    fix = (f"为每一期新建一个文件并发布，例如 {_file_name(first, ctx)}（period: {first.period}）；"
           "如本单位的公开周期不同，在 units.yml 该单位的 overrides 中设置 cadence；起算日期见 since")
    return _severity(diag("GK402", path, unit_line, detail, fix=fix), first, ctx)


def message(record: compliance.Record, ctx: Context) -> Diagnostic:
    """A late, stale, open or undecidable record → a diagnostic on the line of the item that says why:
    the record as compliance.describe says it everywhere, then the rule behind the date."""
    unit = ctx.units[record.unit]
    cat = ctx.category_for(record.unit, record.category)
    item = record.item
    assert cat is not None and item is not None
    said = compliance.describe(record)
    if record.status == "late" and record.period:
        rule, key = cat.due_rule(), "published"
    elif record.status == "late":
        rule, key = f"事项 {item.event_date} 发生，应在其后第 {cat.deadline_working_days} 个工作日前公开", "published"
    elif record.status == "stale":
        rule, key = f"每 {cat.review_days} 天复核一次", "reviewed_on" if item.reviewed_on else "published"
    elif record.status == "open":
        rule, key = f"“{item.title}”，实施结果写 follows: {item.index_no}", "complete_by"
    else:  # unknown
        rule, key = (f"事项 {item.event_date} 发生，截止日期要数 {cat.deadline_working_days} 个工作日，"
                     f"落在 {record.unknown_year} 年"), "event_date"
    what = f"{unit.name}“{cat.name}”" + (said.what if record.period else "")
    detail = f"{what}：{said.status}，{said.detail}（{rule}）"
    return _severity(diag(CODE_OF[record.status], item.path, item.line_of(key), detail), record, ctx)


def _severity(problem: Diagnostic, record: compliance.Record, ctx: Context) -> Diagnostic:
    if record.status in ctx.settings.fail_on:
        return dataclasses.replace(problem, severity="error")
    return problem


def check(site: Site) -> list[Diagnostic]:
    ctx = site.context
    report = site.compliance
    problems = list(report.calendar_problems)
    wrong = [s for s in ctx.settings.fail_on if s not in compliance.PROBLEMS]
    if wrong:
        problems.append(diag("GK406", "mkdocs.yml", _fail_on_line(ctx),
                             f"fail_on 中的 {'、'.join(wrong)} 不是公开情况的状态"))
    gaps: dict[tuple[str, str], list[compliance.Record]] = defaultdict(list)
    for record in report.records:
        if record.status == "missing":
            gaps[(record.unit, record.category)].append(record)
        elif record.status != "on_time":
            problems.append(message(record, ctx))
    lines = unit_lines(ctx) if gaps else {}
    for (unit_id, _), records in gaps.items():
        problems.append(missing(records, ctx, lines.get(unit_id, 1)))
    return problems
