"""`gongkai status`: the register's part on the terminal (applications and questions not answered in time)."""

from __future__ import annotations

from .requests_model import KIND_TITLES, Entry, status_sentence
from .site import Context

OVERDUE = "overdue"  # the register's status `--fail-on` accepts besides the compliance ones


def register_lines(entries: list[Entry], ctx: Context) -> list[str]:
    """One heading, then a line per application or question overdue or answered late."""
    if not entries:
        return []
    shown = [e for e in entries if e.status in ("overdue", "late", "unknown")]
    counts = {s: sum(e.status == s for e in entries) for s in ("overdue", "pending", "late", "on_time")}
    lines = ["", f"依申请公开与意见反馈：共 {len(entries)} 件，超期未答复 {counts['overdue']}，"
                 f"办理中 {counts['pending']}，逾期答复 {counts['late']}，按期答复 {counts['on_time']}"]
    for e in shown:
        unit = ctx.units[e.case.unit]
        lines.append(f"  {unit.name}  {KIND_TITLES[e.case.kind]} {e.case.no}  收到 {e.case.received}  "
                     f"期限 {e.due or '—'}  {status_sentence(e)}")
    return lines
