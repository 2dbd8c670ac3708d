"""The web editor at /admin/: Decap CMS's config.yml and index.html, generated from the catalogue.

Nothing here is kept by hand. One collection per unit × category the unit may publish
(`Context.categories_for`), listing the unit's folder filtered on `category`; the fields come from
`model.FrontMatter` (hints from its JSON Schema, `schema_export`), what the category requires (period,
event date, sign-off, follows, 保密审查) and its required sections as the starting body
(`new.sections`); the file name is `file_names.file_stem`'s and the year folder the one `gongkai new` picks
(the period's or event date's year: gongkai-admin.js puts it in `_gk_year` before Decap makes the path).

The Decap bundle and our scripts are theme files (theme/admin/: MkDocs copies them); this writer adds
index.html with its own Content-Security-Policy (Decap needs eval, inline styles and blob: URLs; the rest
of the site keeps the strict policy of partials/gk-extrahead.html) and config.yml. /admin/ is not a page:
search, feeds, the sitemap and the open data never see it.
"""

from __future__ import annotations

import pathlib
from typing import Any
from urllib.parse import urlsplit

import yaml

from .file_names import file_stem
from .markup import esc
from .model import STATUS_NAMES, Category, Unit
from .new import reviewer, sections, short_name
from .periods import EXAMPLES, pattern
from .reuse import reused, settings_json
from .schema_export import front_matter_schema
from .settings import EditorSettings, Settings
from .site import Context, Site

ADMIN = "admin"
FORMAT = "gongkai-frontmatter"  # registered by theme/admin/gongkai-admin.js (gongkai-format.js)
YEAR_FIELD = "_gk_year"
SCRIPTS = ("vendor/yaml.js", "gongkai-format.js", "gongkai-manual-init.js", "vendor/decap-cms.js", "gongkai-admin.js")
PREVIEW_STYLES = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/gongkai.min.css")
# Short Chinese labels of the form; each field's hint is its description in the JSON Schema.
LABELS = {"title": "标题", "published": "发布日期", "period": "所属期间", "event_date": "事件日期",
          "reviewed_by": "审核机构", "reviewed_on": "审核日期", "follows": "跟进事项的索引号",
          "doc_no": "文号", "display_until": "张贴到哪天", "complete_by": "实施结果公开期限",
          "supersedes": "更正的事项的索引号", "status": "有效性", "withdrawn_reason": "撤回原因",
          "tags": "标签", "secrecy_review": "保密审查", "body": "正文"}
# Decap lower-cases a path template and turns its dots into dashes: `{{fields.x}}` would not survive;
# a plain `{{key}}` reads the entry's data.
PATH = "{{%s}}/{{slug}}" % YEAR_FIELD  # noqa: UP031 - braces are Decap's
WHEN = {"periodic": "{{fields.period}}", "immediate": "{{fields.event_date}}"}
HOSTS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com"}  # the others are self-hosted
WORKFLOW_BACKENDS = ("github", "gitlab")  # Decap's Gitea and Forgejo backends have no editorial workflow


def local_backend_url(editor: EditorSettings) -> str:
    return f"http://127.0.0.1:{editor.local_port}/api/v1"


def _date(name: str, hint: str, required: bool, label: str | None = None) -> dict[str, Any]:
    field = {"name": name, "label": label or LABELS[name], "widget": "datetime", "format": "YYYY-MM-DD",
             "date_format": "YYYY-MM-DD", "time_format": False, "picker_utc": True, "hint": hint,
             "required": required}
    return field if required else {**field, "default": ""}


def _string(name: str, hint: str, required: bool, label: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "label": label or LABELS[name], "widget": "string", "hint": hint, "required": required,
            **extra}


def fields(ctx: Context, unit: Unit, category: Category, hints: dict[str, str]) -> list[dict[str, Any]]:
    """The form of one collection, in the order `gongkai new` writes the keys."""
    periodic, immediate = category.type == "periodic", category.type == "immediate"
    cadence = category.cadence or "yearly"
    form = [_string("title", hints["title"], True),
            {"name": "category", "widget": "hidden", "default": category.id},
            {"name": "type", "widget": "hidden", "default": category.type},
            _date("published", hints["published"], True)]
    if periodic:
        form.append(_string("period", f"{hints['period']}（本类别写成 {EXAMPLES[cadence]} 这样）", True,
                            pattern=[pattern(cadence), f"写成 {EXAMPLES[cadence]} 这样的期间"]))
    if immediate:
        form.append(_date("event_date", hints["event_date"], True))
    if category.sign_off:
        form.append(_string("reviewed_by", hints["reviewed_by"], True, default=reviewer(unit)))
    if category.sign_off or category.type == "standing":
        form.append(_date("reviewed_on", hints["reviewed_on"], category.sign_off))
    if category.follows:
        form.append(_string("follows", hints["follows"], True))
    if any(other.follows == category.id for other in ctx.catalogue.values()):
        form.append(_date("complete_by", hints["complete_by"], False))
    if ctx.settings.secrecy_review_required.requires(unit.kind, category.id):
        form.append({"name": "secrecy_review", "label": LABELS["secrecy_review"], "widget": "object",
                     "hint": hints["secrecy_review"], "collapsed": False,
                     "fields": [_string("by", "审查机构或人员，如 办公室", True, label="审查机构"),
                                _date("on", "审查日期", True, label="审查日期")]})
    form += [_string("doc_no", hints["doc_no"], False),
             _date("display_until", hints["display_until"], False),
             {"name": "tags", "label": LABELS["tags"], "widget": "list", "hint": hints["tags"], "required": False,
              "default": []},
             {"name": "status", "label": LABELS["status"], "widget": "select", "hint": hints["status"],
              "options": [{"label": text, "value": status} for status, text in STATUS_NAMES.items()],
              "required": False},  # no default: a new item has no status line, as `gongkai new` writes it
             _string("withdrawn_reason", hints["withdrawn_reason"], False),
             _string("supersedes", hints["supersedes"], False),
             {"name": "body", "label": LABELS["body"], "widget": "markdown", "modes": ["raw"],
              "default": sections(category), "required": True,
              "hint": "每个“## 栏目”下把“提示”注释换成实际内容；确实没有的写“无”并说明原因。"}]
    return form


def collection(ctx: Context, unit: Unit, category: Category, must: bool, hints: dict[str, str]) -> dict[str, Any]:
    name = short_name(category, unit)
    duty = "必须公开" if must else "可以公开"
    return {"name": f"{unit.id}__{category.id}", "label": f"{unit.name} · {name}", "label_singular": name,
            "description": f"{unit.name}{duty}的{category.name}（类别 {category.id}）",
            "folder": f"bulletins/{unit.id}", "filter": {"field": "category", "value": category.id},
            "path": PATH, "slug": file_stem(category.id, WHEN.get(category.type)),
            "create": True, "extension": "md", "format": FORMAT, "summary": "{{title}}",
            "sortable_fields": ["published", "title"], "media_folder": "", "public_folder": "",
            "fields": fields(ctx, unit, category, hints)}


def backend(editor: EditorSettings) -> dict[str, Any]:
    """Where Decap commits off localhost; without settings, the local backend only."""
    if editor.backend is None or editor.repo is None:
        return {"name": "proxy", "proxy_url": local_backend_url(editor), "branch": editor.branch}
    config: dict[str, Any] = {"name": editor.backend, "repo": editor.repo, "branch": editor.branch}
    if editor.app_id:  # GitLab: PKCE when asked; Gitea and Forgejo always log in by PKCE
        config.update({"auth_type": "pkce", "app_id": editor.app_id} if editor.backend == "gitlab"
                      else {"app_id": editor.app_id})
    for key in ("base_url", "api_root"):
        if getattr(editor, key):
            config[key] = getattr(editor, key)
    return config


def config(ctx: Context) -> dict[str, Any]:
    editor = ctx.settings.editor
    properties = front_matter_schema(ctx.catalogue)["properties"]
    hints = {name: prop.get("description", "") for name, prop in properties.items()}
    result: dict[str, Any] = {
        "locale": "zh_Hans",
        "local_backend": {"url": local_backend_url(editor), "allowed_hosts": ["127.0.0.1", "localhost"]},
        "backend": backend(editor),
        "media_folder": "bulletins", "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True},
    }
    if editor.editorial_workflow and editor.backend in WORKFLOW_BACKENDS:
        result["publish_mode"] = "editorial_workflow"
    if ctx.settings.site_url:
        result["site_url"] = result["display_url"] = ctx.settings.site_url
    result["collections"] = [collection(ctx, ctx.units[unit_id], category, must, hints)
                             for unit_id in ctx.units for category, must in ctx.categories_for(unit_id)]
    return result


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def backend_origins(editor: EditorSettings) -> list[str]:
    """The git host (API and files) the editor talks to, besides this site and the local backend."""
    urls = [editor.api_root, editor.base_url, HOSTS.get(editor.backend or "")]
    return sorted({_origin(url) for url in urls if url})


def policy(settings: Settings) -> str:
    """/admin/'s own Content-Security-Policy: what Decap needs (eval, inline styles, blob: URLs) and
    the git host (settings.URL: no quote or markup, so the text goes into the attribute as it is); still
    no other site's scripts, no plugins. (frame-ancestors cannot be set in a <meta>.)"""
    hosts = " ".join([_origin(local_backend_url(settings.editor)), *backend_origins(settings.editor)])
    return ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data: blob: {hosts}; font-src 'self' data:; connect-src 'self' blob: {hosts}; "
            "frame-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
            "form-action 'self'")


def index_html(settings: Settings, preview_styles: list[str]) -> str:
    scripts = "\n".join(f'<script src="{src}" defer></script>' for src in SCRIPTS[:-1])
    styles = " ".join(f"../{style}" for style in preview_styles)
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="{policy(settings)}">
<title>编辑公开事项 · {esc(settings.site_name)}</title>
<link rel="stylesheet" href="gongkai-admin.css">
</head>
<body>
<noscript>网页编辑器需要启用 JavaScript。</noscript>
{scripts}
<script src="{SCRIPTS[-1]}" defer data-preview-styles="{esc(styles)}"></script>
</body>
</html>
"""


def preview_styles(site_dir: pathlib.Path) -> list[str]:
    """The site's stylesheets as built (mkdocs-material's has a hash in its name), for the preview pane."""
    found: list[str] = []
    for glob in PREVIEW_STYLES:
        found += sorted(path.relative_to(site_dir).as_posix() for path in site_dir.glob(glob))
    return found


# libyaml's emitter when PyYAML has it: a county's config (a collection per unit × category) took 1 s of a
# 2,000-item build with the pure-Python one.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: dict[str, Any]) -> str:
    return ("# Generated by gongkai (hooks/gongkai/admin_config.py) from units.yml and the catalogue: "
            "do not edit.\n" + yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000))


def write(site: Site, site_dir: pathlib.Path) -> None:
    """Writer: site/admin/config.yml and site/admin/index.html."""
    folder = site_dir / ADMIN
    folder.mkdir(parents=True, exist_ok=True)
    # The dump depends only on units.yml, the catalogue and the settings (all in the shared inputs): a
    # county's took seconds, so it is reused while they are unchanged.
    text = reused(site, "admin", lambda: dump(config(site.context)), settings_json(site))
    (folder / "config.yml").write_text(text, encoding="utf-8")
    (folder / "index.html").write_text(index_html(site.context.settings, preview_styles(site_dir)),
                                       encoding="utf-8")
