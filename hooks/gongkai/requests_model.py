"""依申请公开 and 意见反馈: the register's data types (a leaf module: no rules, no dates computed here).

An application (条例 arts. 27–33) lives in bulletins/<unit>/requests/*.md, a villager's question in
bulletins/<unit>/feedback/*.md: front matter as below, the body is what is published (the reply
summary; for a question, the question and the reply under `## 问题` and `## 答复`). Nothing in these
files names the applicant: the register publishes numbers, dates, statuses and replies only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from .model import Strict, Text

REQUESTS_DIR = "requests"
FEEDBACK_DIR = "feedback"
CaseKind = Literal["request", "feedback"]
KIND_TITLES: dict[str, str] = {"request": "政府信息公开申请", "feedback": "意见反馈"}

CHANNELS = ("当面", "邮寄", "网络", "传真")
FEEDBACK_CHANNELS = ("意见箱", "电话", "当面", "网络")
# The applicant columns of the annual report's part 三 (2021 template), 总计 not included.
APPLICANT_TYPES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")

# 条例 art. 33: 20 working days to reply, 20 more when the applicant is told of an extension in time.
REPLY_WORKING_DAYS = 20
EXTENSION_WORKING_DAYS = 20
CORRECTION_WORKING_DAYS = 7  # art. 30: the 补正 notice within 7 working days of receipt

# 意见反馈: working days to reply, by unit kind (units.yml `feedback_days` overrides for one unit).
# A village or community answers in 10: the matter is local, the 村务监督委员会 meets monthly, and the
# villagers' complaint (seed 004, 忽视反馈) is that answers never come; half the statutory 20 days of
# an application. Other kinds answer a question like an application: 20 (条例 art. 33).
FEEDBACK_DAYS: dict[str, int] = {"village": 10, "community": 10}
FEEDBACK_DAYS_DEFAULT = REPLY_WORKING_DAYS

# Part 三 of the 2021 annual-report template (国办公开办函〔2021〕30号): the results and their sub-rows.
# (result as written in `result:`, the template's row label, the sub-row reasons in template order)
RESULT_ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("予以公开", "（一）予以公开", ()),
    ("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ()),
    ("不予公开", "（三）不予公开", (
        "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
        "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项")),
    ("无法提供", "（四）无法提供", (
        "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")),
    ("不予处理", "（五）不予处理", (
        "信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息")),
    ("其他处理", "（六）其他处理", (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他")),
)
RESULTS = tuple(result for result, _, _ in RESULT_ROWS)
REASONS: dict[str, tuple[str, ...]] = {result: reasons for result, _, reasons in RESULT_ROWS}

_QUOTES = re.compile(r"[“”\"'‘’「」]")
_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[.．、])\s*")


def reason_key(text: str) -> str:
    """A reason or row label compared without its numbering (1. / （三）), quotes and spaces."""
    return _QUOTES.sub("", re.sub(r"\s+", "", _NUMBERING.sub("", text)))


def canonical_reason(result: str, reason: str) -> str | None:
    """The template's wording of a reason the clerk wrote (numbering and quotes aside), None if not listed."""
    wanted = reason_key(reason)
    return next((r for r in REASONS.get(result, ()) if reason_key(r) == wanted), None)


class RequestFront(Strict):
    """The front matter of one application (依申请公开)."""

    request_no: Text = Field(min_length=1, description="申请编号，本单位内唯一，写在给申请人的回执上")
    received: dt.date = Field(description="收到申请之日（当面：当日；邮寄：签收之日；网络、传真：确认之日）")
    channel: Literal["当面", "邮寄", "网络", "传真"] = Field(description="申请方式")
    applicant_type: Literal["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] = Field(
        description="申请人类型（年度报告第三部分的列）")
    subject: Text = Field(min_length=1, description="申请公开的内容（不写申请人）")
    correction_requested: dt.date | None = Field(None, description="发出补正通知之日")
    correction_received: dt.date | None = Field(None, description="收到补正之日：答复期限从这天重新计算")
    third_party_sent: dt.date | None = Field(None, description="征求第三方意见之日")
    third_party_replied: dt.date | None = Field(None, description="第三方答复之日（其间不计入答复期限）")
    extended: dt.date | None = Field(None, description="告知延期之日（延长 20 个工作日）")
    replied: dt.date | None = Field(None, description="答复之日；尚未答复不写")
    result: Literal["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"] | None = Field(
        None, description="办理结果")
    reason: Text | None = Field(None, description="不予公开、无法提供、不予处理、其他处理的具体情形")


class FeedbackFront(Strict):
    """The front matter of one villager's question (意见反馈)."""

    feedback_no: Text = Field(min_length=1, description="意见编号，本单位内唯一")
    about: Text | None = Field(None, description="所问事项的索引号（可不写）")
    received: dt.date = Field(description="收到意见之日")
    channel: Literal["意见箱", "电话", "当面", "网络"] = Field(description="收到的方式")
    replied: dt.date | None = Field(None, description="答复之日；尚未答复不写")


FIELD_NAMES: dict[str, dict[str, str]] = {
    "request": {name: info.description or name for name, info in RequestFront.model_fields.items()},
    "feedback": {name: info.description or name for name, info in FeedbackFront.model_fields.items()},
}


@dataclass
class Case:
    """One application or question as read from its file (front matter valid)."""

    kind: CaseKind
    unit: str
    path: str  # relative to the project root
    no: str
    received: dt.date
    channel: str
    replied: dt.date | None
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    request: RequestFront | None = None  # kind "request"
    feedback: FeedbackFront | None = None  # kind "feedback"

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    @property
    def about(self) -> str | None:
        return self.feedback.about if self.feedback else None


@dataclass(frozen=True)
class Entry:
    """A case with its legal deadline and status as of a date (what the page, the api and status show)."""

    case: Case
    due: dt.date | None  # None: a year no calendar knows
    status: Literal["on_time", "late", "overdue", "pending", "unknown"]
    days_late: int  # working days past `due` (as of the reply, else as of the as-of date); 0 otherwise
    extension_too_late: bool = False
    unknown_year: int | None = None


ENTRY_STATUS_TEXT = {"on_time": "按期答复", "late": "逾期答复", "overdue": "已超期未答复",
                     "pending": "办理中", "unknown": "无法计算期限"}


def status_sentence(found: Entry) -> str:
    """按期答复 / 办理中 / 逾期答复（超过期限 3 个工作日）…: what the page, the lookup, the board and
    `gongkai status` say."""
    text = ENTRY_STATUS_TEXT[found.status]
    if found.status in ("late", "overdue"):
        return f"{text}（超过期限 {found.days_late} 个工作日）"
    if found.status == "unknown":
        return f"{text}（缺 {found.unknown_year} 年的节假日安排）"
    return text
