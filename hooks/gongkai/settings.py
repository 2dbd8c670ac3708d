"""Site settings: `extra: gongkai:` in mkdocs.yml, read the same way by the build and the CLI.

A wrong value never stops anything with a traceback: it becomes a GK013 diagnostic (file and line) and the
setting keeps its default.
"""

from __future__ import annotations

import pathlib
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .diagnostics import Diagnostic, diag, error_text
from .load import Loader, node_line

MKDOCS = "mkdocs.yml"


def _phone_list(value: Any) -> Any:
    """allowed_phones as clerks write it: numbers (YAML reads 13800002222 as an int) or text, one or a list."""
    if value is None:
        return []
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, list):
        return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
    return value


UnitKindName = Literal["county", "township", "village", "community", "department", "party", "institution"]


class SecrecyReviewRule(BaseModel):
    """Which items must record a 保密审查 (条例 art. 17): those of these unit kinds or of these categories."""

    model_config = ConfigDict(extra="forbid")

    kinds: list[UnitKindName] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)

    def requires(self, kind: str, category: str) -> bool:
        return kind in self.kinds or category in self.categories


class BoardPhotoRule(BaseModel):
    """Which items should show a 上墙照片 within `working_days` working days of `published`: those of units
    of these kinds, in these categories (all of the kinds' categories when none are listed)."""

    model_config = ConfigDict(extra="forbid")

    kinds: list[UnitKindName] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    working_days: int = Field(5, ge=0, le=60)

    def expects(self, kind: str, category: str) -> bool:
        return kind in self.kinds and (not self.categories or category in self.categories)


# MkDocs always loads these, whatever mkdocs.yml says.
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
# The shipped mkdocs.yml's markdown_extensions (as MkDocs resolves them): a project without mkdocs.yml (tests).
DEFAULT_EXTENSIONS = [*MKDOCS_BUILTIN_EXTENSIONS, "attr_list", "md_in_html", "admonition"]
DEFAULT_MDX_CONFIGS: dict[str, dict[str, Any]] = {"tables": {"use_align_attribute": True},
                                                  "toc": {"permalink": False}}


URL = r"^https?://[^\s\"'<>&;]+$"  # an address that can go into a page's policy as it is


class EditorSettings(BaseModel):
    """The web editor (/admin/, admin_config.py): where Decap CMS commits when not on a local checkout."""

    model_config = ConfigDict(extra="forbid")

    backend: Literal["github", "gitlab", "gitea", "forgejo"] | None = None
    repo: str | None = Field(None, pattern=r"^[^/\s]+/[^\s]+$")  # owner/name (GitLab: group/subgroup/name)
    branch: str = "main"
    # The git host's address when self-hosted (GitLab, Gitea/Forgejo), or GitHub's OAuth helper.
    base_url: str | None = Field(None, pattern=URL)
    # The host's API when self-hosted: https://git.example.gov.cn/api/v4 (GitLab), …/api/v1 (Gitea).
    api_root: str | None = Field(None, pattern=URL)
    app_id: str | None = None  # the OAuth application's id (GitLab, Gitea/Forgejo)
    # 审核: saves become pull (merge) requests a reviewer publishes; GitHub and GitLab only (Decap 3.16)
    editorial_workflow: bool = False
    local_port: int = Field(8081, ge=1024, le=65535)  # `gongkai edit`'s local backend


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    site_url: str | None = None
    site_name: str = "公开栏"
    # mkdocs.yml's markdown_extensions as MkDocs resolves them (names, and options by name): the item body
    # renderer (markdown_body.py) uses exactly these.
    markdown_extensions: list[Any] = Field(default_factory=lambda: list(DEFAULT_EXTENSIONS))
    mdx_configs: dict[str, Any] = Field(default_factory=lambda: {k: dict(v) for k, v in DEFAULT_MDX_CONFIGS.items()})
    poster_size: Literal["A4", "A3"] = "A4"
    # Compliance statuses (late, missing, stale, open) that count as build errors instead of warnings.
    fail_on: list[str] = Field(default_factory=list)
    # Mobile numbers a site publishes on purpose (besides the units' own phones).
    allowed_phones: Annotated[list[str], BeforeValidator(_phone_list)] = Field(default_factory=list)
    # 依申请公开: the address of an online application form (a county's platform), shown on every unit's page.
    request_form_url: str | None = Field(None, pattern=r"^https?://")
    # 保密审查 required before publication (rules/evidence.py, GK804).
    secrecy_review_required: SecrecyReviewRule = Field(default_factory=SecrecyReviewRule)
    editor: EditorSettings = Field(default_factory=EditorSettings)
    # 上墙照片 expected within N working days of publication (board_photo_due.py, GK807, the board's filter).
    board_photo_expected: BoardPhotoRule = Field(default_factory=BoardPhotoRule)


# Settings taken from mkdocs.yml's own keys (site_url, site_name, markdown_extensions), not from extra: gongkai:.
TOP_LEVEL = ("site_url", "site_name", "markdown_extensions", "mdx_configs")
# The keys a site may write under extra: gongkai:.
CLERK_SETTINGS = tuple(name for name in Settings.model_fields if name not in TOP_LEVEL)

SETTING_NAMES = {"poster_size": "海报纸张（A4 或 A3）", "fail_on": "算作错误的公开状态（late、missing、stale、open）",
                 "allowed_phones": "允许公开的手机号（每行一个“- 号码”）", "site_url": "网站地址",
                 "site_name": "网站名称", "request_form_url": "网上申请政府信息公开的地址（http:// 或 https:// 开头）",
                 "secrecy_review_required": "必须写保密审查的单位类型（kinds）和公开类别（categories）",
                 "editor": "网页编辑器（backend: github、gitlab、gitea 或 forgejo；repo、branch、base_url、"
                           "api_root、app_id、editorial_workflow、local_port）",
                 "board_photo_expected": "应上传上墙照片的单位类型（kinds）、公开类别（categories）和"
                                         "发布后的工作日数（working_days，0 到 60）"}


class _TolerantLoader(Loader):  # libyaml's loader where installed (load.py)
    """mkdocs.yml may hold tags such as !!python/name:...; settings never need them."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def no_site_here(root: pathlib.Path, command: str) -> str | None:
    """The message for a command that needs the site's folder when ``root`` has no mkdocs.yml, else None."""
    if (root / "mkdocs.yml").is_file():
        return None
    return f"错误：{root} 下没有 mkdocs.yml，请在网站的文件夹里运行 gongkai {command}（或用 --root 指定）"


def _read_mkdocs(root: pathlib.Path) -> tuple[dict[str, Any], str]:
    try:
        text = (root / MKDOCS).read_text(encoding="utf-8-sig")
        config = yaml.load(text, Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}, ""
    return (config if isinstance(config, dict) else {}), text


def markdown_extensions(config: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """mkdocs.yml's markdown_extensions in the form MkDocs gives them to python-markdown: the built-in
    ones first, then each name once, and the options by name."""
    names: list[Any] = list(MKDOCS_BUILTIN_EXTENSIONS)
    configs: dict[str, Any] = {}
    entries = config.get("markdown_extensions")
    for entry in entries if isinstance(entries, list) else []:
        for name, options in (entry.items() if isinstance(entry, dict) else [(entry, None)]):
            names += [name] if name not in names else []
            if isinstance(options, dict):
                # Options written as !!python/name: tags load as None: leave them at their defaults.
                configs[name] = {k: v for k, v in options.items() if v is not None}
    return names, configs


def _top_level(root: pathlib.Path, config: dict[str, Any], from_mkdocs: bool) -> dict[str, Any]:
    """What Settings takes from mkdocs.yml outside extra.gongkai."""
    base = {"site_url": config.get("site_url") or None, "site_name": config.get("site_name") or "公开栏"}
    if from_mkdocs:  # MkDocs' own resolved values
        base.update(markdown_extensions=list(config["markdown_extensions"]),
                    mdx_configs=dict(config["mdx_configs"]))
    elif (root / MKDOCS).is_file():
        names, configs = markdown_extensions(config)
        base.update(markdown_extensions=names, mdx_configs=configs)
    return base


def read_settings(root: pathlib.Path, mkdocs_config: dict[str, Any] | None = None
                  ) -> tuple[Settings, list[Diagnostic]]:
    """Settings from mkdocs.yml (or an already-loaded MkDocs config), and a GK013 for every wrong value."""
    config, text = _read_mkdocs(root) if mkdocs_config is None else (mkdocs_config, "")
    if mkdocs_config is not None:
        text = _read_mkdocs(root)[1]
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    values = extra.get("gongkai") or {}
    base = _top_level(root, config, mkdocs_config is not None and "mdx_configs" in mkdocs_config)
    if not isinstance(values, dict):
        line = node_line(text, ("extra", "gongkai"), _TolerantLoader)
        return Settings(**base), [diag("GK013", MKDOCS, line, f"第 {line} 行 extra.gongkai 应写成“设置项: 值”的形式")]
    problems = [_not_a_setting(text, key) for key in values if key not in CLERK_SETTINGS]
    values = {key: value for key, value in values.items() if key in CLERK_SETTINGS}
    try:
        return Settings(**base, **values), problems
    except ValidationError as err:
        errors = err.errors(include_url=False)
    wrong = {str(e["loc"][0]) for e in errors if e["loc"]}
    for error in errors:
        key = str(error["loc"][0]) if error["loc"] else ""
        item = "".join(f" 第 {p + 1} 项" for p in error["loc"][1:] if isinstance(p, int))
        line = node_line(text, ("extra", "gongkai", *error["loc"]), _TolerantLoader)
        value = error.get("input")
        shown = f"的值“{value}”" if isinstance(value, (str, int, float)) else ""
        problems.append(diag("GK013", MKDOCS, line,
                             f"第 {line} 行 extra.gongkai.{key}{item}{shown}不正确：{error_text(error)}"
                             f"（{SETTING_NAMES.get(key, key)}）"))
    good = {k: v for k, v in values.items() if k not in wrong}
    return Settings(**{**base, **good}), problems


def _not_a_setting(text: str, key: object) -> Diagnostic:
    line = node_line(text, ("extra", "gongkai", key), _TolerantLoader)
    where = "写在 mkdocs.yml 的顶层，不在 extra.gongkai 下" if key in TOP_LEVEL else "检查拼写"
    return diag("GK013", MKDOCS, line, f"第 {line} 行 extra.gongkai.{key} 不是 gongkai 的设置项（{where}；"
                f"extra.gongkai 可写：{'、'.join(CLERK_SETTINGS)}）")


def load_settings(root: pathlib.Path, mkdocs_config: dict[str, Any] | None = None) -> Settings:
    """Settings from mkdocs.yml (or an already-loaded MkDocs config); defaults for absent or wrong values."""
    return read_settings(root, mkdocs_config)[0]
