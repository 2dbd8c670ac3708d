"""shard.json: what the join needs that api/*.json does not say, so the join never reads Markdown.

The items as validated (without their bodies: the item pages come from the shards), the compliance
records with the item behind each, the units' counting starts and the register (依申请公开, 意见反馈:
the board's overdue list and api/requests.json). Written and read through one pydantic model.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from ..api import write_json
from ..model import Bulletin
from ..requests_model import Case
from ..site import Site
from .plan import ShardError
from .publish import MANIFEST

# Bulletin fields a shard leaves out: the join makes no item page, so it needs no body.
BODY_FIELDS = {"body", "headings", "key_lines"}


def _with_empty_bodies(items: Any) -> Any:
    """Items read back from JSON get an empty body (BODY_FIELDS were not written)."""
    if not isinstance(items, list):
        return items
    return [{**item, "body": ""} if isinstance(item, dict) else item for item in items]


class Manifest(BaseModel):
    """One shard's shard.json."""

    model_config = ConfigDict(extra="forbid")

    shard: str
    as_of: dt.date
    units: list[str]  # the units this shard published, sorted
    items: Annotated[list[Bulletin], BeforeValidator(_with_empty_bodies)]
    starts: dict[str, dt.date | None]  # unit → date compliance counting starts
    compliance: list[dict[str, Any]]  # compliance.Record.to_json() + url (of the item) + unknown_year
    cases: list[Case]  # the register: 依申请公开 and 意见反馈

    @classmethod
    def of(cls, site: Site, shard_id: str) -> Manifest:
        report = site.compliance
        records = [{**r.to_json(), "url": r.item.url if r.item else None, "unknown_year": r.unknown_year}
                   for r in report.records]
        return cls(shard=shard_id, as_of=site.context.as_of, units=sorted(site.context.scope or ()),
                   items=site.bulletins, starts=dict(report.starts), compliance=records,
                   cases=site.context.register)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"items": {"__all__": BODY_FIELDS}})


def write(site: Site, site_dir: pathlib.Path, shard_id: str) -> None:
    """The shard build's shard.json."""
    write_json(site_dir / MANIFEST, Manifest.of(site, shard_id).dump())


def read(folder: pathlib.Path) -> Manifest:
    """The shard.json of a shard's output folder. Raises ShardError."""
    file = folder / MANIFEST
    if not file.is_file():
        raise ShardError(f"{folder} 里没有 {MANIFEST}：它不是 gongkai build --shard 生成的分片目录。")
    try:
        return Manifest.model_validate_json(file.read_bytes())
    except ValidationError as err:
        raise ShardError(f"{file} 不是这个版本的 gongkai 写的分片说明（{err.error_count()} 处不符）："
                         "请用同一版本重新构建这个分片。") from None
