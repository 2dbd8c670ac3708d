"""Site settings: `extra: gongkai:` in mkdocs.yml, read the same way by the build and the CLI."""

from __future__ import annotations

import pathlib
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    site_url: str | None = None
    site_name: str = "公开栏"
    poster_size: Literal["A4", "A3"] = "A4"
    # Compliance statuses (late, missing, stale, open) that count as build errors instead of warnings.
    fail_on: list[str] = Field(default_factory=list)
    # Mobile numbers a site publishes on purpose (besides the units' own phones).
    allowed_phones: list[str] = Field(default_factory=list)


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name:...; settings never need them."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_settings(root: pathlib.Path, mkdocs_config: dict[str, Any] | None = None) -> Settings:
    """Settings from mkdocs.yml (or an already-loaded MkDocs config); defaults when absent."""
    config = mkdocs_config
    if config is None:
        file = root / "mkdocs.yml"
        try:
            config = yaml.load(file.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader) or {}
        except (OSError, yaml.YAMLError):
            config = {}
    extra = (config.get("extra") or {}).get("gongkai") or {}
    return Settings(site_url=config.get("site_url") or None, site_name=config.get("site_name") or "公开栏",
                    **extra)
