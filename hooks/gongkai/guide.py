"""The generated parts of the clerk's guide, built from the code itself so they cannot drift:

- guide/fields/       元数据字段: every front matter field, from model.FrontMatter (via its JSON Schema);
- guide/categories/   公开目录: one page per category, its `gongkai new` template and an example;
- guide/codes/        检查提示: every code in diagnostics.CODES, with severity, meaning and fix.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from . import diagnostics, rules
from .markup import esc, page
from .model import GROUPS, KIND_NAMES, TYPE_NAMES, Bulletin, Category, FrontMatter, Unit
from .new import example, fill_hints, hint, next_period, open_decisions, render
from .periods import CADENCE_NAMES, Period
from .relations import Relations
from .schema_export import front_matter_schema
from .site import Site
from .urls import relative

FIELDS_URL = "guide/fields/"
CATEGORIES_URL = "guide/categories/"
CODES_URL = "guide/codes/"
SEVERITY_NAMES = {"error": "错误", "warning": "警告"}
# Codes are numbered by family: GK0xx, GK1xx, ... A family without a name here is listed as 其他检查.
FAMILY_NAMES = {0: "文件、编码与登记表", 1: "元数据字段", 2: "必备栏目", 3: "事项之间的关联", 4: "公开时效",
                5: "个人信息、网页安全与已公开事项", 6: "财务、年度报告的数字", 7: "依申请公开与意见反馈",
                8: "上墙照片、保密审查与附件"}


def _pre(text: str) -> str:
    return f'<pre class="gk-source"><code>{esc(text)}</code></pre>'


def _link(here: str, url: str, text: str) -> str:
    return f'<a href="{relative(here, url)}">{text}</a>'


def _card(anchor: str, heading: str, *paragraphs: str) -> str:
    body = "".join(paragraphs)
    return f'<div class="gk-card" id="{anchor}" markdown="0"><h3>{heading}</h3>{body}</div>'


def _badge(kind: str, text: str) -> str:
    return f'<span class="gk-badge gk-{kind}">{text}</span>'


# ---- 元数据字段

def _how(prop: dict[str, Any]) -> str:
    """How to write a value, from the field's JSON Schema."""
    kinds = []
    for option in prop.get("anyOf", [prop]):
        if option.get("format") == "date":
            kinds.append("日期 YYYY-MM-DD")
        elif "enum" in option:
            kinds.append("只能写 " + " / ".join(f"<code>{esc(str(v))}</code>" for v in option["enum"]))
        elif option.get("type") == "array":
            kinds.append("列表，如 [甲, 乙]")
        elif option.get("type") == "string":
            kinds.append("文字")
    return "；".join(dict.fromkeys(kinds)) or "文字"


def _field_card(name: str, prop: dict[str, Any], required: bool, needed_by: list[str]) -> str:
    description = esc(FrontMatter.model_fields[name].description or prop.get("description", ""))
    how = _how(prop)
    if name == "category":
        description = description.replace("公开目录", _link(FIELDS_URL, CATEGORIES_URL, "公开目录"))
        how = "公开目录中的类别 id，如 <code>finance</code>"
    notes = [f"写法：{how}"]
    if required:
        need = _badge("error", "必填")
    elif needed_by:
        need = _badge("warning", "部分类别必填")
        notes.append("以下类别必填：" + "、".join(
            _link(FIELDS_URL, f"{CATEGORIES_URL}{c}/", f"<code>{c}</code>") for c in needed_by))
    else:
        need = _badge("optional", "可选")
    return _card(name, f"<code>{name}</code> {need}", f"<p>{description}</p>",
                 f'<p class="gk-meta">{"<br>".join(notes)}</p>')


def fields_page(site: Site) -> str:
    schema = front_matter_schema(site.context.catalogue)
    needed_by: dict[str, list[str]] = defaultdict(list)
    for rule in schema["allOf"]:  # what the catalogue requires of each category
        for name in rule["then"].get("required", []):
            needed_by[name].append(rule["if"]["properties"]["category"]["const"])
    required = set(schema.get("required", []))
    cards = "\n".join(_field_card(name, prop, name in required, needed_by.get(name, []))
                      for name, prop in schema["properties"].items())
    intro = ("每个公开事项文件的开头，用两行 <code>---</code> 包住下面这些字段（元数据），"
             "每行写成“字段名: 值”，冒号用英文半角并在后面加一个空格。"
             "本页由程序根据检查器使用的数据模型自动生成，与 <code>gongkai check</code> 完全一致。"
             f"不认识的字段会报 {_link(FIELDS_URL, CODES_URL + '#GK102', 'GK102')}。")
    sample = ("---\ntitle: 2026年第三季度村级财务收支公开\ncategory: finance\ntype: periodic\n"
              "published: 2026-10-08\nperiod: 2026-Q3\n"
              "reviewed_by: 村务监督委员会\nreviewed_on: 2026-10-06\n---")
    notes = ("单位不写在元数据里：文件放在哪个单位的文件夹（<code>bulletins/&lt;单位id&gt;/</code>）"
             "就属于哪个单位。"
             "索引号 <code>index_no</code> 不写时自动生成（由文件路径决定，移动或改名文件会改变它；"
             "要固定下来，把事项页面上显示的索引号写进 <code>index_no</code>）。")
    return page("元数据字段", f"{intro}\n\n## 字段\n\n{cards}\n\n## 写法示例\n\n{_pre(sample)}\n\n"
                           f"## 说明\n\n{notes}\n")


# ---- 公开目录

def _timing(category: Category) -> str:
    if category.type == "periodic":
        return f"{CADENCE_NAMES[category.cadence or 'yearly']}公开一次，{category.due_rule()}公开"
    if category.type == "immediate":
        return f"事项决定或信息形成后 {category.deadline_working_days or 0} 个工作日内公开"
    return f"长期公开，至少每 {category.review_days} 天复核一次（更新 reviewed_on）"


def _sample_unit(site: Site, category: Category) -> Unit:
    """A unit of this site the category applies to; a made-up one when there is none."""
    for unit in site.context.units.values():
        if category.publishable_by(unit.kind):
            return unit
    kind = category.applies_to[0]
    return Unit(id="example", name="示例村" if kind == "village" else "示例单位", kind=kind, code="000000000")


def _newest(items: list[Bulletin]) -> Bulletin | None:
    active = [i for i in items if i.status == "active"] or items
    return max(active, key=lambda i: (i.published, i.path), default=None)


def _facts(site: Site, category: Category) -> str:
    review = ("须经审核后公开：填写 <code>reviewed_by</code> 和 <code>reviewed_on</code>"
              if category.sign_off else "不要求")
    facts = [("类别 id", f"<code>{category.id}</code>"), ("栏目", esc(category.group)),
             ("公开类型", f"{TYPE_NAMES[category.type]}（<code>type: {category.type}</code>）"),
             ("必须公开的单位", "、".join(KIND_NAMES[k] for k in category.applies_to)),
             ("也可以公开的单位", "、".join(KIND_NAMES[k] for k in category.may_publish) or "无"),
             ("公开时限", esc(_timing(category))),
             ("必备栏目", "、".join(f"<code>## {esc(s)}</code>" for s in category.sections) or "无"),
             ("审核", review)]
    if category.follows:
        followed = site.context.catalogue.get(category.follows)
        name = esc(followed.name if followed else category.follows)
        facts.append(("跟进", f"须写 <code>follows</code>：所跟进的{name}的索引号"))
    rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts)
    return f'<table class="gk-facts"><tbody>{rows}</tbody></table>'


def _template(site: Site, rel: Relations, category: Category, unit: Unit) -> str:
    """What `gongkai new` writes for this unit today."""
    ctx = site.context
    effective = ctx.category_for(unit.id, category.id) or category
    period = None
    if effective.type == "periodic":
        cadence = effective.cadence or "yearly"
        period = (next_period(ctx, rel.series.get((unit.id, category.id), []), unit.id, effective)
                  if unit.id in ctx.units else Period.containing(ctx.as_of, cadence).previous())
    event = ctx.as_of if effective.type == "immediate" else None
    followed = open_decisions(rel, unit.id, effective.follows) if effective.follows else []
    return render(ctx, unit, effective, period=period, event_date=event,
                  follows=followed[0].index_no if followed else None)


def _first_sentences(text: str) -> str:
    """A hint's first line, without a trailing “可以照下面的格式写：” that introduces a sample table."""
    line = text.strip().splitlines()[0]
    return line[: line.rfind("。") + 1] if line.endswith("：") and "。" in line else line


def _example_for(category: Category, comment: str) -> str:
    for section in category.sections:
        if hint(category.id, section).strip() in comment:
            return (example(category.id, section) or f"（{hint(category.id, section)}）").strip()
    return "（按提示填写）"


def _example(site: Site, rel: Relations, category: Category, unit: Unit, template: str, here: str) -> str:
    """The newest real item of the category on this site, as the clerk wrote it; else the sample texts."""
    real = _newest(rel.series.get((unit.id, category.id), [])
                   or [i for i in site.bulletins if i.category == category.id])
    if real is None:
        filled = fill_hints(template, lambda m: _example_for(category, m.group(0)))
        return f"本站还没有这一类别的事项。按模板填写后大致是这样：\n\n{_pre(filled)}"
    source = (site.context.root / real.path).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    where = f"{esc(site.context.units[real.unit].name)}，文件 <code>{esc(real.path)}</code>"
    return f"本站已公开的{_link(here, real.url, esc(real.title))}（{where}）原文：\n\n{_pre(source)}"


def category_page(site: Site, rel: Relations, category: Category) -> str:
    here = f"{CATEGORIES_URL}{category.id}/"
    unit = _sample_unit(site, category)
    template = _template(site, rel, category, unit)
    command = f"gongkai new --unit {unit.id} --category {category.id}"
    hints = "\n".join(f"<li><strong>{esc(s)}</strong>：{esc(_first_sentences(hint(category.id, s)))}"
                      "</li>" for s in category.sections)
    empty = _link(here, CODES_URL + "#GK202", "GK202 栏目内容为空")
    parts = [_facts(site, category),
             "## 模板\n\n在项目文件夹里运行下面的命令，生成一份已经填好元数据的文件"
             f"（{esc(unit.name)}为例）：\n\n"
             f"{_pre(command)}\n\n生成的文件如下。把每个 <code>&lt;!-- 提示：… --&gt;</code> 换成实际内容，"
             f"再运行 <code>gongkai check</code>；还留着提示的栏目会报 {empty}。\n\n{_pre(template)}",
             f"## 每个栏目写什么\n\n<ul>\n{hints}\n</ul>",
             f"## 示例\n\n{_example(site, rel, category, unit, template, here)}"]
    return page(category.name, "\n\n".join(parts))


def categories_index(site: Site) -> str:
    here = CATEGORIES_URL
    parts = ["每一类公开事项都有固定的必备栏目和公开时限。点开一个类别，可以看到它的模板"
             "（<code>gongkai new</code> 生成的文件）和一份填写好的示例。"]
    for group in GROUPS:
        rows = []
        for c in site.context.catalogue.values():
            if c.group != group:
                continue
            kinds = "、".join(KIND_NAMES[k] for k in c.publishers())
            meta = f"{TYPE_NAMES[c.type]} · {esc(_timing(c))} · {kinds}"
            rows.append(f"<li>{_link(here, f'{CATEGORIES_URL}{c.id}/', esc(c.name))} <code>{c.id}</code>"
                        f'<span class="gk-meta">{meta}</span></li>')
        if rows:
            parts.append(f'## {group}\n\n<ul class="gk-list">\n' + "\n".join(rows) + "\n</ul>")
    parts.append("## 本站自己的类别\n\n在 <code>bulletins/catalogue.yml</code> 中可以增加类别，"
                 "或用同样的 id 覆盖默认类别（写法与默认目录相同，见上面各类别的说明）。")
    return page("公开目录与模板", "\n\n".join(parts))


# ---- 检查提示代码

def codes_page(codes: dict[str, diagnostics.Code]) -> str:
    families: dict[int, list[diagnostics.Code]] = defaultdict(list)
    for code in codes.values():
        number = int(code.code[2:]) if code.code[2:].isdigit() else 999
        families[number // 100].append(code)
    intro = ("<code>gongkai check</code> 和网站构建报告的每个问题都以"
             "“文件:行号: 代码 [错误/警告] 说明”的形式出现。"
             "<strong>错误</strong>必须改正，否则网站不会生成；<strong>警告</strong>不影响发布，但应尽快处理。"
             f"本页由程序根据检查器自己的代码表自动生成，共 {len(codes)} 个代码。")
    parts = [intro]
    for family in sorted(families):
        cards = [_card(code.code, f"{code.code} {_badge(code.severity, SEVERITY_NAMES[code.severity])} "
                                  f"{esc(code.title)}",
                       f"<p><strong>怎么改：</strong>{esc(code.fix)}</p>")
                 for code in families[family]]
        parts.append(f"## {FAMILY_NAMES.get(family, '其他检查')}\n\n" + "\n".join(cards))
    return page("检查提示代码", "\n\n".join(parts))


def guide_pages(site: Site, rel: Relations) -> dict[str, str]:
    """PAGE_GENERATORS entry: the generated guide pages, {source path: Markdown}."""
    pages = {f"{FIELDS_URL}index.md": fields_page(site), f"{CATEGORIES_URL}index.md": categories_index(site),
             f"{CODES_URL}index.md": codes_page(rules.codes())}
    for category in site.context.catalogue.values():
        pages[f"{CATEGORIES_URL}{category.id}/index.md"] = category_page(site, rel, category)
    return pages
