"""The register on the site: a 依申请公开 / 意见反馈 page per unit, and the questions under each item.

The unit's page (<unit>/requests/) says how to apply or ask (address, phone as tel: links, e-mail, the
printable application form with the fields of 条例 art. 29, the site's external form URL), has a lookup
(gongkai-requests.js reads lookup.json beside the page: type a number, see its status and due date)
and, for readers without JavaScript, the same facts in tables. Never the applicant: numbers, dates,
subjects, statuses and the published replies only. Every clerk text is escaped here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .markup import esc, page
from .model import Bulletin, Unit
from .phones import tel_links
from .relations import Relations
from .requests_model import KIND_TITLES, Case, Entry, status_sentence
from .requests_register import days_for_unit, site_entries
from .site import Site
from .urls import relative, requests_url

# Kinds that are 行政机关 (or act as one) and take applications under the 条例; the others have questions.
APPLYING_KINDS = frozenset({"county", "township", "department"})
LOOKUP_FILE = "lookup.json"


# The board's chip colours (gongkai-compliance.css, contrast checked in docs/dev/accessibility.md).
CHIP_CLASS = {"on_time": "on-time", "late": "late", "overdue": "missing", "pending": "none", "unknown": "unknown"}


def _chip(found: Entry) -> str:
    return f'<span class="gk-chip gk-s-{CHIP_CLASS[found.status]}">{esc(status_sentence(found))}</span>'


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def paragraphs(text: str) -> str:
    """Clerk's text (a reply, a question) as escaped paragraphs; Markdown headings dropped."""
    blocks = [" ".join(line.strip() for line in block.split("\n") if line.strip() and not line.startswith("#"))
              for block in text.strip().split("\n\n")]
    return "".join(f"<p>{esc(b)}</p>" for b in blocks if b)


def section(body: str, heading: str) -> str:
    """The text under `## heading` in a question's body (up to the next ## heading)."""
    out, inside = [], False
    for line in body.split("\n"):
        if line.startswith("## "):
            inside = line[3:].strip().startswith(heading)
            continue
        if inside:
            out.append(line)
    return "\n".join(out)


def how_to_apply(site: Site, unit: Unit) -> str:
    ctx = site.context
    lines = [f"<li>当面：{esc(unit.address or unit.name)}（工作日办公时间）</li>"]
    lines.append(f"<li>邮寄：{esc(unit.address or unit.name)}，信封注明“政府信息公开申请”</li>")
    if unit.email:
        lines.append(f'<li>电子邮件：<a href="mailto:{esc(unit.email)}">{esc(unit.email)}</a></li>')
    if ctx.settings.request_form_url:
        lines.append(f'<li>网上申请：<a href="{esc(ctx.settings.request_form_url)}">在线申请表</a></li>')
    if unit.phones:
        lines.append(f"<li>咨询电话：{tel_links(unit.phones)}</li>")
    return (f'<ul class="gk-apply">{"".join(lines)}</ul>\n'
            '<p>收到申请后，能当场答复的当场答复；不能当场答复的，自收到申请之日起 20 个工作日内答复，'
            '需要延长的经负责人同意并告知申请人，延长不超过 20 个工作日（《政府信息公开条例》第三十三条）。'
            '申请内容不明确的，7 个工作日内一次性告知补正，答复期限自收到补正之日起计算；征求第三方意见'
            '所需时间不计入期限。收到申请时会给您一个申请编号，可在本页查询办理状态。</p>')


_FORM_ROWS = (
    ("申请人信息（公民）", ("姓名", "证件名称", "证件号码", "联系电话", "通信地址及邮政编码", "电子邮箱")),
    ("申请人信息（法人或其他组织）", ("名称", "统一社会信用代码", "法定代表人或负责人", "联系人姓名",
                                   "联系电话", "通信地址及邮政编码", "电子邮箱")),
    ("所需政府信息", ("信息名称", "文号", "便于查询的其他特征性描述")),
    ("获取信息的方式", ("提供形式（纸质 / 电子文档 / 其他）", "获取方式（邮寄 / 电子邮件 / 当面领取 / 其他）")),
    ("申请人签名（盖章）", ("签名（盖章）", "申请日期")),
)


def application_form(unit: Unit) -> str:
    """The printable form: the fields 条例 art. 29 asks of an application, blank to fill in by hand."""
    rows = []
    for group, fields in _FORM_ROWS:
        rows.append(f'<tr><th colspan="2" scope="colgroup">{group}</th></tr>')
        rows += [f'<tr><th scope="row">{name}</th><td class="gk-blank"></td></tr>' for name in fields]
    return (f'<div class="gk-form-sheet"><p class="gk-form-title">政府信息公开申请表（{esc(unit.name)}）</p>'
            f'<table class="gk-form"><tbody>{"".join(rows)}</tbody></table>'
            '<p class="gk-form-note">依据《中华人民共和国政府信息公开条例》第二十九条。'
            '证件号码、电话只写在纸质申请表上，不会公开。</p></div>')


def lookup_form(unit: Unit, applying: bool) -> str:
    """The number lookup: hidden until gongkai-requests.js has read lookup.json (no script, no form)."""
    label = "申请编号或意见编号" if applying else "意见编号"
    return (f'<form class="gk-lookup" id="gk-lookup" data-src="{LOOKUP_FILE}" hidden>'
            f'<label for="gk-lookup-no">输入{label}查询</label>'
            '<input id="gk-lookup-no" name="no" type="search" autocomplete="off" placeholder="例如 2026-007">'
            '<button type="submit">查询</button>'
            '<p class="gk-lookup-result" id="gk-lookup-result" role="status" aria-live="polite"></p></form>'
            f'<p class="gk-lookup-table-note">也可以在下面的表格中按编号查找。</p>')


def register_list(entries: list[Entry], what: str, describe: Callable[[Entry], str]) -> str:
    """The register as a phone-friendly list: number and subject, then the dates and the status."""
    if not entries:
        return f'<p class="gk-empty">本年暂无{what}。</p>'
    rows = []
    for e in entries:
        dates = [f"收到 {_date(e.case.received)}", f"答复期限 {_date(e.due)}"]
        dates += [f"答复 {_date(e.case.replied)}"] if e.case.replied else []
        rows.append(f'<li id="gk-no-{esc(e.case.no)}"><strong>{esc(e.case.no)}</strong> {describe(e)}'
                    f'<span class="gk-meta">{" · ".join(dates)} · {_chip(e)}</span></li>')
    return f'<ul class="gk-list gk-register" aria-label="{what}">' + "\n".join(rows) + "</ul>"


def request_table(entries: list[Entry]) -> str:
    return register_list(entries, "政府信息公开申请",
                         lambda e: esc(e.case.request.subject if e.case.request else ""))


def replies(entries: list[Entry]) -> str:
    """The published reply summaries of the year's answered applications."""
    out = []
    for e in entries:
        front = e.case.request
        if front is None or e.case.replied is None:
            continue
        result = front.result or ""
        if front.reason:
            result += f"（{front.reason}）"
        out.append(f'<section class="gk-reply"><h3>{esc(e.case.no)} {esc(front.subject)}</h3>'
                   f'<p class="gk-meta">{_date(e.case.replied)} 答复：{esc(result)}</p>'
                   f"{paragraphs(e.case.body)}</section>")
    return "\n".join(out)


def feedback_table(entries: list[Entry], here: str, items: dict[str, Bulletin]) -> str:
    def about(e: Entry) -> str:
        target = items.get(e.case.about or "")
        if target is None:
            return "（未针对具体事项）"
        return f'问：<a href="{relative(here, target.url)}#gk-questions">{esc(target.title)}</a>'

    return register_list(entries, "意见反馈", about)


def how_to_ask(site: Site, unit: Unit) -> str:
    """Where a villager asks about what the board shows, and when the answer is due."""
    days = days_for_unit(site.context)(unit.id)
    ways = []
    if unit.phones:
        ways.append(f"拨打监督电话 {tel_links(unit.phones)}")
    ways.append(f"把写有问题的纸条投入{esc(unit.board or '公开栏')}旁的意见箱")
    ways.append(f"到{esc(unit.name)}当面反映")
    return (f'<p class="gk-ask">对公开内容有疑问，可以{"，或".join(ways)}。收到后登记编号，'
            f"{days} 个工作日内答复，答复公布在所问事项的页面上（姓名写成“张某某”）。</p>")


def unit_page(site: Site, unit: Unit, entries: list[Entry], items: dict[str, Bulletin]) -> str:
    year = site.context.as_of.year
    here = requests_url(unit.id)
    applying = unit.kind in APPLYING_KINDS
    mine = [e for e in entries if e.case.unit == unit.id]
    this_year = [e for e in mine if e.case.received.year == year or e.case.replied is None]
    asked = [e for e in this_year if e.case.kind == "feedback"]
    applied = [e for e in this_year if e.case.kind == "request"]
    parts = [f'<p class="gk-asof">截至 {site.context.as_of.isoformat()}；期限按工作日计算（国务院节假日安排，含调休）。'
             f'数据下载：<a href="{relative(here, "api/requests.json")}">requests.json</a>。</p>',
             "## 查询办理状态", lookup_form(unit, applying)]
    if applying:
        parts += ["## 怎样申请", how_to_apply(site, unit), "### 申请表（可打印）", application_form(unit),
                  f"## {year}年的申请", request_table(applied)]
        answered = replies(applied)
        parts += ["## 答复摘要", answered] if answered else []
    parts += ["## 意见反馈", how_to_ask(site, unit), feedback_table(asked, here, items)]
    return "\n\n".join(parts)


def page_title(unit: Unit) -> str:
    return f"{'依申请公开' if unit.kind in APPLYING_KINDS else '意见反馈'} · {unit.name}"


def request_pages(site: Site, rel: Relations) -> dict[str, str]:
    """PAGE_GENERATOR: <unit>/requests/index.md for every unit the build publishes."""
    ctx = site.context
    entries = site_entries(ctx)
    items = {b.index_no: b for b in site.bulletins if b.index_no}
    return {f"{requests_url(unit.id)}index.md": page(page_title(unit), unit_page(site, unit, entries, items),
                                                            script="requests")
            for unit in ctx.units.values() if ctx.scope is None or unit.id in ctx.scope}


# --- on the 公开情况 board ---------------------------------------------------------------------------------

def overdue_section(site: Site, units: list[Unit], here: str) -> str:
    """Applications and questions of these units past their deadline with no reply (the 公开情况 board)."""
    wanted = {u.id for u in units}
    late = [e for e in site_entries(site.context) if e.case.unit in wanted and e.status == "overdue"]
    if not late:
        return '## 依申请公开与意见反馈\n\n<p class="gk-empty">没有超过答复期限未答复的申请或意见。</p>'
    lines = []
    for e in sorted(late, key=lambda e: -e.days_late):
        unit = site.context.units[e.case.unit]
        link = f'<a href="{relative(here, requests_url(unit.id))}#gk-no-{esc(e.case.no)}">{esc(unit.name)}</a>'
        detail = f"{e.case.received.isoformat()} 收到，应于 {_date(e.due)} 前答复"
        lines.append(f"<li>{link} · {KIND_TITLES[e.case.kind]} {esc(e.case.no)}：{_chip(e)} "
                     f'<span class="gk-detail">{detail}</span></li>')
    return (f"## 依申请公开与意见反馈：超期未答复（{len(late)} 件）\n\n"
            f'<ul class="gk-problems gk-attention">{"".join(lines)}</ul>')


# --- under an item ---------------------------------------------------------------------------------------

def questions_html(site: Site, item: Bulletin) -> str:
    """The questions about an item, each with its reply (or when it is due), and how to ask."""
    unit = site.context.units[item.unit]
    asked = [c for c in site.context.register if c.kind == "feedback" and c.about and c.about == item.index_no]
    found = {e.case.path: e for e in site_entries(site.context)} if asked else {}
    blocks = [_question(found[c.path]) for c in sorted(asked, key=lambda c: (c.received, c.no))]
    link = f'<a href="{relative(item.url, requests_url(unit.id))}">查询办理状态</a>'
    listed = "".join(blocks) if blocks else '<p class="gk-empty">暂无群众对本事项的提问。</p>'
    return (f'<section class="gk-questions" id="gk-questions"><h2>群众提问与答复</h2>{listed}'
            f"{how_to_ask(site, unit)}<p>{link}</p></section>")


def _question(found: Entry) -> str:
    case: Case = found.case
    question = paragraphs(section(case.body, "问题"))
    if case.replied:
        answer = f'<div class="gk-answer"><p class="gk-meta">{case.replied.isoformat()} 答复</p>' \
                 f"{paragraphs(section(case.body, '答复'))}</div>"
    else:
        answer = f'<p class="gk-meta">尚未答复，应于 {_date(found.due)} 前答复。</p>'
    return (f'<article class="gk-question"><p class="gk-meta">{KIND_TITLES["feedback"]} {esc(case.no)} · '
            f"{case.received.isoformat()} 收到（{esc(case.channel)}） · {_chip(found)}</p>"
            f"{question}{answer}</article>")
