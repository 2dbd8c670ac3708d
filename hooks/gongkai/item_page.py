"""One page per item: its Markdown (front matter stripped) and the header and footer around it:
breadcrumbs, the gov.cn-style metadata table, status banners, and links to related items."""

from __future__ import annotations

import json
import re

from . import item_evidence, requests_page, sanitize, tables
from .markup import esc
from .model import STATUS_NAMES, TYPE_NAMES, Bulletin
from .phones import tel_links
from .relations import Relations
from .site import Site
from .urls import poster_url, relative, unit_url, unit_year_url

_LEADING_H1 = re.compile(r"^\s*#\s+\S")


def item_markdown(item: Bulletin) -> str:
    """The page source: the title as front matter, an h1 when the clerk wrote none, then the body."""
    body = item.body.lstrip("\n")
    title = esc(item.title)  # plain text: the theme prints page titles into <title> and the nav unescaped
    heading = "" if _LEADING_H1.match(body) else f"# {title}\n\n"
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{heading}{body}\n"


def _link(here: str, item: Bulletin) -> str:
    return f'<a href="{relative(here, item.url)}">{esc(item.title)}</a>'


def metadata_rows(site: Site, item: Bulletin) -> list[tuple[str, str]]:
    """The gov.cn item facts, as (label, plain text) pairs; also used by posters."""
    unit = site.context.units[item.unit]
    category = site.context.catalogue[item.category]
    rows = [("索引号", item.index_no or ""), ("发布机构", unit.name),
            ("主题分类", f"{category.group} / {category.name}"), ("公开类型", TYPE_NAMES[item.type])]
    if item.period_obj:
        rows.append(("所属期间", item.period_obj.label))
    if item.event_date:
        rows.append(("事件日期", item.event_date.isoformat()))
    rows.append(("发布日期", item.published.isoformat()))
    if item.doc_no:
        rows.append(("文号", item.doc_no))
    rows.append(("有效性", STATUS_NAMES[item.status]))
    if item.reviewed_by or item.reviewed_on:
        review = " ".join(x for x in (item.reviewed_by, item.reviewed_on and item.reviewed_on.isoformat()) if x)
        rows.append(("审核", review))
    if item.secrecy_review:
        rows.append(("保密审查", f"{item.secrecy_review.by} {item.secrecy_review.on.isoformat()}"))
    if item.display_until:
        rows.append(("公开期限", f"至 {item.display_until.isoformat()}"))
    return rows


def header(site: Site, rel: Relations, item: Bulletin) -> str:
    here = item.url
    unit = site.context.units[item.unit]
    crumbs = [f'<a href="{relative(here, unit_url(u.id))}">{esc(u.name)}</a>'
              for u in site.context.ancestors(item.unit)]
    crumbs.append(f'<a href="{relative(here, unit_year_url(unit.id, item.year))}">{item.year}年</a>')
    parts = [f'<nav class="gk-crumbs" aria-label="面包屑">{" › ".join(crumbs)}</nav>']
    if item.status == "withdrawn":
        parts.append(f'<p class="gk-banner gk-withdrawn">本事项已撤回：{esc(item.withdrawn_reason or "")}</p>')
    for newer in rel.superseded_by.get(item.index_no or "", []):
        parts.append(f'<p class="gk-banner gk-superseded">本事项已被更正，请以 {_link(here, newer)} 为准。</p>')
    if item.status == "superseded" and not rel.superseded_by.get(item.index_no or ""):
        parts.append('<p class="gk-banner gk-superseded">本事项已被更正替代。</p>')
    rows = "".join(f'<tr><th scope="row">{label}</th><td>{esc(value)}</td></tr>'
                   for label, value in metadata_rows(site, item))
    parts.append(f'<table class="gk-facts"><tbody>{rows}</tbody></table>')
    parts.append(decision_link(site, rel, item))
    return "\n".join(p for p in parts if p)


def decision_link(site: Site, rel: Relations, item: Bulletin) -> str:
    """四议两公开: a decision shows its result, or that none is published yet and when it is due;
    a result links back to its decision."""
    here, catalogue = item.url, site.context.catalogue
    category = catalogue.get(item.category)
    if category and category.follows and item.follows in rel.by_index:
        target = rel.by_index[item.follows]
        return (f'<p class="gk-decision gk-done">对应的{esc(catalogue[target.category].name)}：'
                f"{_link(here, target)}（{target.published.isoformat()} 公开）</p>")
    kinds = {c.id: c.name for c in catalogue.values() if c.follows == item.category}
    if not kinds:
        return ""
    results = [f for f in rel.followers.get(item.index_no or "", []) if f.category in kinds]
    if results:
        links = "、".join(f"{_link(here, r)}（{r.published.isoformat()} 公开）" for r in results)
        return f'<p class="gk-decision gk-done">{esc(kinds[results[0].category])}：{links}</p>'
    due = f"，应于 {item.complete_by.isoformat()} 前公开" if item.complete_by else ""
    late = "，已逾期" if item.complete_by and item.complete_by < site.context.as_of else ""
    return f'<p class="gk-decision gk-pending">尚未公开实施结果{due}{late}。</p>'


def footer(site: Site, rel: Relations, item: Bulletin) -> str:
    here = item.url
    parts = []
    if item.supersedes and item.supersedes in rel.by_index:
        parts.append(f"<p>本事项更正、替换：{_link(here, rel.by_index[item.supersedes])}</p>")
    # What decision_link already shows in the header (a result's decision, a decision's results)
    # is not repeated here.
    catalogue = site.context.catalogue
    if item.follows and item.follows in rel.by_index and not catalogue[item.category].follows:
        parts.append(f"<p>本事项跟进：{_link(here, rel.by_index[item.follows])}</p>")
    followers = [f for f in rel.followers.get(item.index_no or "", [])
                 if catalogue[f.category].follows != item.category]
    if followers:
        parts.append("<p>后续公开：" + "、".join(_link(here, f) for f in followers) + "</p>")
    before, after = rel.neighbours(item)
    if item.type == "periodic" and (before or after):
        nav = []
        if before:
            nav.append(f'<a class="gk-prev" href="{relative(here, before.url)}">← 上一期：{esc(before.title)}</a>')
        if after:
            nav.append(f'<a class="gk-next" href="{relative(here, after.url)}">下一期：{esc(after.title)} →</a>')
        parts.append(f'<nav class="gk-periods" aria-label="上一期和下一期">{"".join(nav)}</nav>')
    unit = site.context.units[item.unit]
    contact = [f"监督/咨询电话：{tel_links(unit.phones)}"] if unit.phones else []
    if unit.board:
        contact.append(f"公开栏：{esc(unit.board)}")
    if contact:
        parts.append(f'<p class="gk-contact">{"　".join(contact)}</p>')
    parts.append(requests_page.questions_html(site, item))  # 意见反馈: questions and replies, how to ask
    poster = relative(here, poster_url(item.url))
    parts.append(f'<p class="gk-poster-link"><a href="{poster}">打印公开栏海报</a></p>')
    return '<footer class="gk-item-footer">' + "\n".join(parts) + "</footer>"


def surroundings(site: Site, rel: Relations, item: Bulletin) -> str:
    """What `wrap` adds around the body (header, board photos and attachments, footer), as one string: when it
    is unchanged, so is the page around an unchanged body (page_cache.py, hot_path.py)."""
    return "\x00".join((header(site, rel, item), item_evidence.evidence_html(site.context.root, item),
                        footer(site, rel, item)))


def wrap(html: str, site: Site, rel: Relations, item: Bulletin) -> str:
    """Rendered body → full item content: header after the h1, footer at the end.

    The clerk's HTML, reduced to the allow-list, is what gets published; it is recorded in
    site.rendered so that search and feeds derive from exactly what the page shows."""
    html = tables.annotate_tables(sanitize.clean(html))
    site.rendered[item.src_uri] = html
    end = html.find("</h1>")
    cut = end + len("</h1>") if end >= 0 else 0
    evidence = item_evidence.evidence_html(site.context.root, item)  # board photos and attachments
    return html[:cut] + header(site, rel, item) + html[cut:] + evidence + footer(site, rel, item)
