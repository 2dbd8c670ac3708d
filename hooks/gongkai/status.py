"""`gongkai status`: the compliance records on the terminal (a table per unit) or as JSON.

JSON: `{"as_of", "compliance": [the records of api/compliance.json], "register": [the 依申请公开 / 意见反馈
cases as each unit's requests/lookup.json has them: api/requests.json's fields, the status in words (`text`)
and the subject]}`: all that the text output lists.

The exit code follows --fail-on (default: the site's `fail_on`), so CI can gate on it:
0 when no record has a listed status, 1 when one has, 2 for a wrong option.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from rich.cells import cell_len, set_cell_size
from rich.style import Style

from .compliance import PROBLEMS, STATUS_TEXT, Record, Report, describe, short_name
from .diagnostics import has_errors
from .progress import progress_bar
from .requests_api import lookup_record
from .requests_model import Entry
from .requests_register import site_entries
from .requests_status import OVERDUE, register_lines
from .site import Context
from .validate import validate_site

STYLE = {"on_time": "green", "late": "yellow", "missing": "bold red", "stale": "magenta", "open": "red",
         "unknown": "cyan"}
COLUMNS = (("类别", 12), ("期间 / 事项", 24), ("应公开", 10), ("发布", 10), ("状态", 0))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，请写成 YYYY-MM-DD，例如 2026-11-15") from None


def _statuses(text: str) -> list[str]:
    chosen = [s.strip() for s in text.split(",") if s.strip() and s.strip() != "none"]
    wrong = [s for s in chosen if s not in (*PROBLEMS, OVERDUE)]
    if wrong:
        raise argparse.ArgumentTypeError(
            f"{'、'.join(wrong)} 不是公开情况的状态；可选 {','.join((*PROBLEMS, OVERDUE))}（或 none）")
    return chosen


def _cell(text: str, width: int) -> str:
    """Text padded (or cut, with …) to a number of terminal cells; CJK characters take two."""
    if not width:
        return text
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def unit_table(report: Report, ctx: Context, unit_id: str, records: list[Record], color: bool) -> list[str]:
    """The unit's heading (start date, counts) and one aligned line per record.

    Plain lines rather than rich.Table: rendering 10,000 rows with rich takes seconds."""
    unit = ctx.units[unit_id]
    start = report.starts.get(unit_id)
    counts = report.counts([unit_id])
    summary = "，".join(f"{STATUS_TEXT[s]} {n}" for s, n in counts.items() if n)
    if start is None:
        return ["", f"{unit.name}（{unit.id}）没有设置 since，也还没有任何事项，不计算"]
    lines = ["", f"{unit.name}（{unit.id}）自 {start} 起计算：{summary or '没有记录'}"]
    if not records:
        return lines
    lines.append("  ".join(_cell(name, width) for name, width in COLUMNS))
    lines.append("─" * (sum(width + 2 for _, width in COLUMNS) + 10))
    for record in records:
        said = describe(record)
        state = f"{said.status}：{said.detail}" if said.detail else said.status
        if color:
            state = Style.parse(STYLE[record.status]).render(state, color_system="standard")
        cells = (short_name(ctx.catalogue[record.category]), said.what or "（无）", str(record.due or "—"),
                 str(record.published or "—"), state)
        lines.append("  ".join(_cell(text, width) for text, (_, width) in zip(cells, COLUMNS, strict=True)))
    return lines


def json_output(ctx: Context, records: list[Record], entries: list[Entry]) -> dict[str, object]:
    """The compliance records and the register's cases, each as the site's open data has them."""
    return {"as_of": ctx.as_of.isoformat(), "compliance": [r.to_json() for r in records],
            "register": [lookup_record(e) for e in entries]}


def cmd_status(args: argparse.Namespace) -> int:
    with progress_bar("计算公开情况") as advance:
        # Compliance needs the items' metadata only; `gongkai check` runs the content rules.
        site = validate_site(args.root, as_of=args.as_of, progress=advance, rules=False)
    ctx = site.context
    if args.unit and args.unit not in ctx.units:
        print(f"错误：没有 id 为“{args.unit}”的单位；单位 id 见 bulletins/units.yml", file=sys.stderr)
        return 2
    if has_errors(site.diagnostics):
        print("注意：公开事项有错误，出错的文件没有计入。请先运行 gongkai check 查看并改正。",
              file=sys.stderr)
    report = site.compliance
    records = [r for r in report.records if not args.unit or r.unit == args.unit]
    entries = [e for e in site_entries(ctx) if not args.unit or e.case.unit == args.unit]
    if args.format == "json":
        print(json.dumps(json_output(ctx, records, entries), ensure_ascii=False, indent=1))
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        lines = [f"公开情况，截至 {ctx.as_of}（工作日按国务院节假日安排计算）"]
        by_unit: dict[str, list[Record]] = {}
        for record in records:
            by_unit.setdefault(record.unit, []).append(record)
        for unit_id in ctx.units:
            if not args.unit or unit_id == args.unit:
                lines += unit_table(report, ctx, unit_id, by_unit.get(unit_id, []), color)
        print("\n".join(lines + register_lines(entries, ctx)))
    chosen = ctx.settings.fail_on if args.fail_on is None else args.fail_on
    fail_on = [s for s in chosen if s in PROBLEMS]
    failing = [r for r in records if r.status in fail_on]
    overdue = [e for e in entries if e.status == OVERDUE] if OVERDUE in chosen else []
    if failing or overdue:
        names = [STATUS_TEXT[s] for s in fail_on] + (["超期未答复"] if OVERDUE in chosen else [])
        print(f"有 {len(failing) + len(overdue)} 项公开情况为 {'、'.join(names)}（--fail-on）。", file=sys.stderr)
        return 1
    return 0


def add_command(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser("status", help="公开情况：各单位各类别是否按时公开、有无缺失")
    status.add_argument("--unit", metavar="ID", help="只看一个单位（units.yml 中的 id）")
    status.add_argument("--as-of", type=_date, metavar="DATE",
                        help="按哪天计算，默认今天（或 GONGKAI_AS_OF）")
    status.add_argument("--format", choices=["human", "json"], default="human")
    status.add_argument("--fail-on", type=_statuses, metavar="STATUS,...",
                        help="出现这些状态时退出码为 1：late,missing,stale,open，"
                        "overdue（依申请公开、意见反馈超期未答复）（默认取网站设置 fail_on）")
    status.set_defaults(run=cmd_status)
