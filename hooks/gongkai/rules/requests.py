"""依申请公开 and 意见反馈: the register's rules (GK701–GK709).

Dates in order, the extension and the 补正 notice in time (条例 arts. 30, 33), a result and the
template's reason, unique numbers, a known 索引号 in `about`, no applicant's name (ID numbers, cards
and phones are found by the privacy rule, which reads these files too), a question and its reply in
the body, and the annual report's part 三 as the register counts it.
"""

from __future__ import annotations

import re

from .. import tables
from ..diagnostics import Code, Diagnostic, diag, register
from ..model import Bulletin
from ..requests_model import CORRECTION_WORKING_DAYS, REASONS, Case, canonical_reason, reason_key
from ..requests_register import COLUMNS, PartThree, part_three, row_keys, site_entries, working_days_between
from ..site import Context, Site
from ..workdays import UnknownYear, WorkCalendar, load_calendar
from .annual_report import CATEGORY, PART_THREE, _columns
from .schema import suggest

register(
    Code("GK701", "error", "依申请公开或意见反馈的日期先后不对",
         "按办理的先后填写日期：收到 → 补正通知 → 收到补正 → 征求第三方意见 → 第三方答复 → 答复；"
         "日期不能晚于今天"),
    Code("GK702", "error", "延期告知晚于答复期限",
         "《条例》第三十三条：需要延长答复期限的，应在答复期限内告知申请人；过了期限才告知的不能延期。"
         "请核对 extended 的日期；确实逾期告知的删掉 extended，该申请按逾期计算"),
    Code("GK703", "warning", "补正通知晚于收到申请后 7 个工作日",
         "《条例》第三十条：申请内容不明确的，应自收到申请之日起 7 个工作日内一次性告知申请人补正。"
         "请核对 correction_requested 的日期"),
    Code("GK704", "error", "办理结果或具体情形填写有误",
         "已答复的申请写 result（予以公开、部分公开、不予公开、无法提供、不予处理、其他处理）；"
         "不予公开、无法提供、不予处理、其他处理还要写 reason，按年度报告第三部分表格中的具体情形填写；"
         "尚未答复的不写 result"),
    Code("GK705", "error", "申请编号或意见编号重复",
         "同一单位的编号不能重复（编号写在给群众的回执上，用来查询办理状态）：请改成不重复的编号"),
    Code("GK706", "error", "about 指向的事项不存在",
         "about 写所问事项的索引号（事项页面上的“索引号”），请核对；不针对具体事项的可以不写 about"),
    Code("GK707", "error", "公开的文件中有申请人或反映人的姓名",
         "依申请公开和意见反馈的文件会公开：姓名写成“张某某”，不写证件号和电话"),
    Code("GK708", "error", "意见反馈缺少问题或答复",
         "正文写“## 问题”（群众的问题，姓名写成张某某）；已答复的再写“## 答复”（答复内容）"),
    Code("GK709", "error", "年度报告第三部分与依申请公开登记不一致",
         "第三部分表格的数字应与本站依申请公开登记（requests/ 文件夹）相同：可用 gongkai report 重新生成表格，"
         "或核对、补登申请记录"),
)

_ROLE_NAME = re.compile(r"(申请人|来信人|反映人|提问人|投诉人|举报人|来电人)(?:姓名)?\s*[：:]\s*([\u4e00-\u9fff]{2,4})")
_VILLAGER_NAME = re.compile(r"(?:村民|居民|群众)([\u4e00-\u9fff]{2,3}?)(?:反映|来电|询问|提出|咨询|来信)")
_NOT_NAMES = ("代表", "小组", "委员", "群众", "们", "自然人", "本人")


def _named(name: str) -> bool:
    """A person's name as written (not masked with 某 or *, not a role)."""
    return not any(mark in name for mark in ("某", "*", "＊", "×", "x", "X")) and \
        not any(name.startswith(word) for word in _NOT_NAMES)


def name_problems(case: Case) -> list[Diagnostic]:
    problems = []
    for n, line in enumerate(case.body.split("\n")):
        for pattern in (_ROLE_NAME, _VILLAGER_NAME):
            for match in pattern.finditer(line):
                name = match.group(match.lastindex or 1)
                if _named(name):
                    problems.append(diag("GK707", case.path, case.body_line + n,
                                         f"第 {case.body_line + n} 行“{match.group(0)}”写了姓名",
                                         fix=f"写成“{name[0]}某某”；公开的文件中不写证件号和电话",
                                         column=match.start() + 1))
    return problems



def _order(case: Case, ctx: Context) -> list[Diagnostic]:
    """Each date after the one it follows, and none after today."""
    front = case.request
    dates = {"received": case.received, "replied": case.replied}
    pairs = [("received", "replied")]
    if front is not None:
        dates.update(front.model_dump(include={"correction_requested", "correction_received", "third_party_sent",
                                               "third_party_replied", "extended"}))
        pairs += [("received", "correction_requested"), ("correction_requested", "correction_received"),
                  ("received", "third_party_sent"), ("third_party_sent", "third_party_replied"),
                  ("received", "extended")]
    problems = []
    for first, then in pairs:
        if dates.get(then) and not dates.get(first):
            problems.append(diag("GK701", case.path, case.line_of(then), f"写了 {then} 却没有写 {first}"))
        elif dates.get(then) and dates[first] > dates[then]:
            problems.append(diag("GK701", case.path, case.line_of(then),
                                 f"{then} {dates[then]} 早于 {first} {dates[first]}"))
    problems += [diag("GK701", case.path, case.line_of(key), f"{key} {day} 在今天（{ctx.as_of}）之后")
                 for key, day in dates.items() if day and day > ctx.as_of]
    return problems


def _result(case: Case) -> list[Diagnostic]:
    front = case.request
    if front is None:
        return []
    if front.replied and front.result is None:
        return [diag("GK704", case.path, case.line_of("replied"), "已答复（replied）但没有写 result")]
    if front.result and front.replied is None:
        return [diag("GK704", case.path, case.line_of("result"), "写了 result 却没有写答复日期 replied")]
    reasons = REASONS.get(front.result or "", ())
    if not reasons:
        if front.reason:
            return [diag("GK704", case.path, case.line_of("reason"), f"{front.result}不需要写 reason",
                         fix="删掉 reason 这一行")]
        return []
    if not front.reason:
        return [diag("GK704", case.path, case.line_of("result"), f"{front.result}须写 reason（具体情形）",
                     fix="加一行 reason:，写以下之一：" + "、".join(reasons))]
    if canonical_reason(front.result or "", front.reason) is None:
        hint = suggest(reason_key(front.reason), [reason_key(r) for r in reasons])
        return [diag("GK704", case.path, case.line_of("reason"),
                     f"“{front.reason}”不是{front.result}的具体情形{hint}",
                     fix="reason 写以下之一：" + "、".join(reasons))]
    return []


def _feedback_body(case: Case) -> list[Diagnostic]:
    if case.kind != "feedback":
        return []
    headings = {reason_key(h) for h in re.findall(r"^##\s+(.+?)\s*#*$", case.body, re.M)}
    if "问题" not in headings:
        return [diag("GK708", case.path, case.body_line, "正文没有“## 问题”")]
    if case.replied and "答复" not in headings:
        return [diag("GK708", case.path, case.line_of("replied"), "已答复（replied）但正文没有“## 答复”")]
    return []


def _duplicates(ctx: Context) -> list[Diagnostic]:
    seen: dict[tuple[str, str, str], Case] = {}
    problems = []
    for case in sorted(ctx.register, key=lambda c: c.path):
        key = (case.unit, case.kind, case.no)
        if key in seen:
            field = "request_no" if case.kind == "request" else "feedback_no"
            problems.append(diag("GK705", case.path, case.line_of(field),
                                 f"编号 {case.no} 已在 {seen[key].path} 中用过"))
        else:
            seen[key] = case
    return problems


def _correction_late(case: Case, calendar: WorkCalendar) -> list[Diagnostic]:
    front = case.request
    if front is None or front.correction_requested is None or front.correction_requested < case.received:
        return []
    try:
        days = working_days_between(calendar, case.received, front.correction_requested)
    except UnknownYear:
        return []
    if days <= CORRECTION_WORKING_DAYS:
        return []
    return [diag("GK703", case.path, case.line_of("correction_requested"),
                 f"收到申请（{case.received}）后第 {days} 个工作日才发出补正通知（{front.correction_requested}）")]


def check(site: Site) -> list[Diagnostic]:
    """SITE_RULE: every register file, and numbers unique within a unit."""
    bulletins, ctx = site.bulletins, site.context
    index = {b.index_no for b in bulletins if b.index_no}
    problems = _duplicates(ctx)
    calendar, _ = load_calendar(ctx.root)
    for case in ctx.register:
        problems += _order(case, ctx) + _result(case) + name_problems(case) + _feedback_body(case)
        problems += _correction_late(case, calendar)
        if case.about and case.about not in index:
            problems.append(diag("GK706", case.path, case.line_of("about"), f"没有索引号为“{case.about}”的事项"))
    for found in site_entries(ctx):
        if found.extension_too_late and found.case.request and found.case.request.extended:
            due = found.due
            problems.append(diag("GK702", found.case.path, found.case.line_of("extended"),
                                 f"extended {found.case.request.extended} 晚于答复期限 {due}"))
    return problems


# --- the annual report's part 三 against the register ---------------------------------------------------

def _row_key(label: str) -> tuple[str, ...] | None:
    """A part 三 row label (its last label cell) → the register's row key."""
    text = reason_key(label)
    if "本年新收" in text:
        return ("new",)
    if "上年结转" in text:
        return ("carried_in",)
    if "结转下年度" in text:
        return ("carried_out",)
    if text.startswith("总计"):
        return ("total",)
    for key in row_keys():
        if key[0] == "result" and text and (reason_key(key[-1]) == text or
                                            (len(key) == 2 and text.startswith(reason_key(key[1])))):
            return key
    return None


def compare_part_three(item: Bulletin, ctx: Context) -> list[Diagnostic]:
    """ITEM_RULE: a hand-written part 三 against the register of the unit (when it keeps one)."""
    if item.category != CATEGORY or not item.period or not item.period.isdigit():
        return []
    cases = [c for c in ctx.register if c.unit == item.unit and c.kind == "request"]
    year = int(item.period)
    # The register vouches for the years from its first application on (a site may start keeping it late).
    if not cases or year < min(c.received.year for c in cases):
        return []
    counted = part_three(cases, year)
    doc = tables.parse(item.body, item.body_line)
    problems = []
    for table in (t for t in doc.tables if PART_THREE in reason_key(t.section or "")):
        columns = {i: n for i, n in _columns(table).items() if n in COLUMNS}
        for row in table.rows:
            labels = [c for i, c in enumerate(row.cells) if i not in columns and c.strip()]
            key = _row_key(labels[-1]) if labels else None
            if key is None:
                continue
            problems += _row_problems(item, row, key, columns, counted)
    return problems


def _row_problems(item: Bulletin, row: tables.Row, key: tuple[str, ...], columns: dict[int, str],
                  counted: PartThree) -> list[Diagnostic]:
    wrong = []
    for index, name in columns.items():
        cell = row.cells[index] if index < len(row.cells) else ""
        try:
            written = tables.parse_amount(cell)
        except tables.NotAnAmount:
            continue  # GK612 reports it
        expected = counted.get(key, name)
        if written is not None and written != expected:
            wrong.append(f"“{name}”列写 {written.normalize():f}，登记为 {expected}")
    if not wrong:
        return []
    label = key[-1] if key[0] == "result" else {"new": "本年新收", "carried_in": "上年结转", "total": "（七）总计",
                                                  "carried_out": "结转下年度继续办理"}[key[0]]
    return [diag("GK709", item.path, row.line, f"第 {row.line} 行“{label}”：" + "；".join(wrong))]

