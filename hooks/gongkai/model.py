"""The one schema: units, catalogue categories, item front matter and the validated Bulletin.

JSON Schemas for editors are exported from these same models (`gongkai schema`).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .periods import Cadence, Period

UnitKind = Literal["county", "township", "village", "community", "department", "party", "institution"]
DisclosureType = Literal["standing", "periodic", "immediate"]
Status = Literal["active", "withdrawn", "superseded"]
Group = Literal["党务", "村务", "财务", "政务"]

KIND_NAMES: dict[str, str] = {"county": "县（区）", "township": "乡镇（街道）", "village": "村",
                              "community": "社区（居委会）", "department": "部门", "party": "党组织",
                              "institution": "公共企事业单位"}
TYPE_NAMES: dict[str, str] = {"standing": "固定公开", "periodic": "定期公开", "immediate": "及时公开"}
STATUS_NAMES: dict[str, str] = {"active": "有效", "withdrawn": "已撤回", "superseded": "已被更正替代"}
GROUPS: tuple[str, ...] = ("党务", "村务", "财务", "政务")

# URL prefixes the site itself uses; a unit id may not take them.
RESERVED_IDS = frozenset({"api", "assets", "search", "units", "categories", "compliance", "posters",
                          "guide", "feeds", "dev", "stylesheets", "javascripts"})


def _text(value: Any) -> Any:
    """YAML reads 2026 as a number and 12 as an int: accept them as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_text)]
MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")]  # 01-31, 03-31


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CategoryOverride(Strict):
    """Per-unit change of a category's timing (units.yml `overrides`)."""

    cadence: Cadence | None = None
    due: int | None = Field(None, ge=0, description="期末后多少个自然日内公开")


class Unit(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="文件夹名：小写字母、数字、连字符")
    name: str = Field(min_length=1, description="单位名称，如 鱼化寨村")
    kind: UnitKind
    parent: str | None = Field(None, description="上级单位的 id")
    code: str = Field(pattern=r"^[0-9A-Z]{9}$|^[0-9A-Z]{18}$",
                      description="组织机构代码（9位）或统一社会信用代码（18位），用作索引号前段")
    phone: Text | list[Text] | None = Field(None, description="监督/咨询电话（官方号码）")
    board: str | None = Field(None, description="公开栏所在位置")
    since: dt.date | None = Field(None, description="从哪天起计算公开情况")
    address: str | None = Field(None, description="办公地址（依申请公开页面：到哪里递交申请）")
    email: str | None = Field(None, description="受理政府信息公开申请的电子邮箱")
    feedback_days: int | None = Field(None, ge=1, description="意见反馈的答复期限（工作日），不写按单位类型默认")
    overrides: dict[str, CategoryOverride] = Field(default_factory=dict)

    @property
    def phones(self) -> list[str]:
        if self.phone is None:
            return []
        return [self.phone] if isinstance(self.phone, str) else list(self.phone)


class UnitsFile(Strict):
    units: list[Unit]


class Category(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    group: Group
    applies_to: list[UnitKind] = Field(description="必须公开的单位类型（公开情况统计缺失）")
    may_publish: list[UnitKind] = Field(default_factory=list,
                                        description="也可以公开的单位类型（照常检查，不计缺失）")
    type: DisclosureType
    # One-off notices of a periodic catch-all (一般事项: 公示, 公告, 通知) may be `immediate` as well.
    also_immediate: bool = False
    cadence: Cadence | None = None
    due: int | dict[UnitKind, int] | None = None
    # A calendar deadline in the year after the period (条例 art. 49: "01-31", "03-31"), instead of `due`.
    due_on: MonthDay | dict[UnitKind, MonthDay] | None = Field(
        None, description="期末次年的公开截止日（月-日），如 01-31")
    deadline_working_days: int | None = None
    review_days: int = 365
    follows: str | None = None
    sections: list[str] = Field(default_factory=list)
    # Headings that also count as a required section (e.g. the 2019 annual-report wording).
    section_aliases: dict[str, list[str]] = Field(default_factory=dict)
    # A section required only of these kinds (监督意见: where a 村务监督委员会 exists).
    section_kinds: dict[str, list[UnitKind]] = Field(default_factory=dict)
    sign_off: bool = False
    finance_tables: bool = False
    poster_size: Literal["A4", "A3"] | None = None

    def due_days(self, kind: str) -> int:
        if isinstance(self.due, dict):
            return self.due.get(kind, max(self.due.values(), default=0))  # type: ignore[call-overload]
        return self.due or 0

    def due_on_for(self, kind: str) -> str | None:
        """The calendar deadline (MM-DD) for this kind of unit, if the category sets one."""
        if isinstance(self.due_on, dict):
            return self.due_on.get(kind) or next(iter(self.due_on.values()), None)  # type: ignore[call-overload]
        return self.due_on

    def deadline(self, period: Period) -> dt.date:
        """When the item of `period` is due: `due_on` in the following year, else `due` days after its end."""
        if isinstance(self.due_on, str):
            month, day = (int(part) for part in self.due_on.split("-"))
            return dt.date(period.end.year + 1, month, day)
        return period.end + dt.timedelta(days=self.due if isinstance(self.due, int) else 0)

    def due_rule(self) -> str:
        """How the deadline reads in messages: 期末后 20 天内 / 次年1月31日前 (of a unit's resolved category)."""
        if isinstance(self.due_on, str):
            month, day = (int(part) for part in self.due_on.split("-"))
            return f"次年{month}月{day}日前"
        if isinstance(self.due_on, dict):
            return "、".join(f"{KIND_NAMES[k]}次年{int(v.split('-')[0])}月{int(v.split('-')[1])}日前"
                            for k, v in self.due_on.items())
        if isinstance(self.due, dict):
            return "期末后 " + "、".join(f"{KIND_NAMES[k]} {v} 天" for k, v in self.due.items()) + " 内"
        return f"期末后 {self.due or 0} 天内"

    def publishable_by(self, kind: str) -> bool:
        return kind in self.applies_to or kind in self.may_publish

    def publishers(self) -> list[str]:
        return list(dict.fromkeys([*self.applies_to, *self.may_publish]))

    def sections_for(self, kind: str) -> list[str]:
        return [s for s in self.sections if kind in self.section_kinds.get(s, [kind])]


class CatalogueFile(Strict):
    categories: list[Category]


def _yaml_on_key(value: Any) -> Any:
    """YAML 1.1 reads the key `on:` as the boolean true: `{by: 办公室, on: 2026-05-10}` means the key "on"."""
    if isinstance(value, dict) and True in value:
        value = {("on" if key is True else key): v for key, v in value.items()}
    return value


class BoardPhoto(Strict):
    """上墙照片: a photo of the item on the physical board, a file beside the item."""

    file: str = Field(min_length=1, description="照片文件名（与事项文件放在同一文件夹），如 finance-2026-08-board.jpg")
    taken: dt.date | None = Field(None, description="拍摄日期；不写则取照片 EXIF 中的拍摄时间")


class SecrecyReview(Strict):
    """保密审查 before publication (政府信息公开条例 art. 17)."""

    by: Text = Field(min_length=1, description="审查机构或人员，如 办公室")
    on: dt.date = Field(description="审查日期")


class FrontMatter(Strict):
    """What a clerk writes between the two `---` lines."""

    title: Text = Field(min_length=1, description="标题")
    category: str = Field(description="公开类别 id，见公开目录")
    type: DisclosureType = Field(description="standing 固定公开 | periodic 定期公开 | immediate 及时公开")
    published: dt.date = Field(description="上墙、上网的日期")
    period: Text | None = Field(None, description="定期公开的所属期间：2026、2026-H1、2026-Q3、2026-07")
    event_date: dt.date | None = Field(None, description="及时公开：事项决定或信息形成的日期")
    reviewed_by: str | None = Field(None, description="审核机构，如 村务监督委员会")
    reviewed_on: dt.date | None = Field(None, description="审核日期")
    display_until: dt.date | None = Field(None, description="在公开栏张贴到哪天")
    doc_no: Text | None = Field(None, description="文号，如 鱼村发〔2026〕12号")
    index_no: Text | None = Field(None, description="索引号；不写则自动生成")
    status: Status = "active"
    withdrawn_reason: str | None = None
    supersedes: Text | None = Field(None, description="被本事项更正、替换的事项的索引号")
    follows: Text | None = Field(None, description="本事项跟进的事项（如决议）的索引号")
    complete_by: dt.date | None = Field(None, description="决议事项：实施结果应在哪天前公开")
    tags: list[Text] = Field(default_factory=list)
    attachments_checked_by: Text | None = Field(
        None, min_length=1, description="附件中的文字无法自动检查时（扫描件、图片等），逐页核对过个人信息已遮盖的人")
    board_photos: list[BoardPhoto] = Field(default_factory=list, description="上墙照片：公开栏上张贴本事项的照片")
    secrecy_review: Annotated[SecrecyReview | None, BeforeValidator(_yaml_on_key)] = Field(
        None, description="保密审查：{by: 审查机构, on: 审查日期}")


FRONT_MATTER_FIELDS: tuple[str, ...] = tuple(FrontMatter.model_fields)


class Heading(NamedTuple):
    """A Markdown heading of an item's body. A tuple, not a model: a county's 90,000 headings are read back
    from the cache by every `gongkai check` (incremental.py), five times faster than as models."""

    level: int
    text: str
    line: int  # 1-based line in the file


class Bulletin(FrontMatter):
    """A validated item: its front matter plus where it lives and what it says."""

    model_config = ConfigDict(extra="forbid", frozen=False)

    unit: str
    path: str  # relative to the project root, e.g. bulletins/yuhuazhai/2026/finance-2026-07.md
    src_uri: str  # relative to bulletins/, e.g. yuhuazhai/2026/finance-2026-07.md
    url: str  # site-relative page URL, e.g. yuhuazhai/2026/finance-2026-07/
    body: str
    body_line: int  # file line of the body's first line
    headings: list[Heading] = Field(default_factory=list)
    key_lines: dict[str, int] = Field(default_factory=dict)
    index_no_generated: bool = False

    @property
    def period_obj(self) -> Period | None:
        return Period.parse(self.period) if self.period else None

    @property
    def date(self) -> dt.date:
        """The date the item is about: its event, the end of its period, else its publication."""
        if self.event_date:
            return self.event_date
        period = self.period_obj
        return period.end if period else self.published

    @property
    def year(self) -> int:
        return self.published.year

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    def board_photo_sources(self) -> list[str]:
        """The item's board photos as paths under bulletins/ (they sit beside the item's file)."""
        folder = posixpath.dirname(self.src_uri)
        return [posixpath.normpath(posixpath.join(folder, photo.file)) for photo in self.board_photos]
