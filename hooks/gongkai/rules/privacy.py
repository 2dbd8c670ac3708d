"""Personal data in published text (条例 art. 15, 去标识化 before publication).

In 2023 village boards in 钱塘 showed the full 身份证号 and bank accounts of over 1,000 disabled and
elderly villagers. This rule reads the whole file as the clerk wrote it (front matter values, title,
body, tables, comments) and reports, with line and column:

- 身份证号: 18 characters whose ISO 7064 MOD 11-2 check digit is right (python-stdnum `cn.ric`), with a
  real birth date and a known province; 15-digit old numbers with a real date and a known county;
- bank card numbers: 16–19 digits passing Luhn (`stdnum.luhn`), of a card-issuing industry;
- mobile numbers: 1[3-9] + 9 digits, unless a unit lists it as its phone or the site allows it.

Digits may be split by spaces or hyphens (6222 0212 3456 7890 123, 138-1234-5678); an 18-character
number is also found inside a longer digit run. A wrong check digit is not reported: one random
18-digit string in eleven passes, so requiring it keeps the rule from crying wolf on order numbers.
"""

from __future__ import annotations

import datetime as dt
import html
import pathlib
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from stdnum import luhn, numdb
from stdnum.cn import ric

from ..diagnostics import Code, Diagnostic, diag, register

if TYPE_CHECKING:
    from ..load import RawItem
    from ..model import Bulletin, Unit
    from ..settings import Settings
    from ..validate import Context

register(
    Code("GK501", "error", "公开内容中有完整的身份证号",
         "身份证号只保留前 6 位和后 4 位，中间的出生日期和顺序码用 * 代替，例如 610113********1234；"
         "可运行 gongkai mask <文件> --write 自动遮盖"),
    Code("GK502", "error", "公开内容中有完整的银行卡号",
         "银行卡号只保留后 4 位，其余数字用 * 代替，例如 ***************0123；"
         "可运行 gongkai mask <文件> --write 自动遮盖"),
    Code("GK503", "error", "公开内容中有个人手机号",
         "个人手机号只保留前 3 位和后 4 位，例如 138****5678；可运行 gongkai mask <文件> --write 自动遮盖。"
         "如果是单位公开的号码，请写进 units.yml 该单位的 phone，"
         "或 mkdocs.yml 的 extra.gongkai.allowed_phones"),
)

Kind = Literal["id", "card", "mobile"]
KIND_NAMES: dict[str, str] = {"id": "身份证号", "card": "银行卡号", "mobile": "手机号"}
_CODES: dict[str, str] = {"id": "GK501", "card": "GK502", "mobile": "GK503"}

# A separator a clerk types between digit groups: space, tab, no-break or ideographic space, hyphens.
_SEP = " \t\u00a0\u3000\\-\u2010\u2011\u2012\u2013\uff0d"
_GROUP = r"[0-9]+(?:[Xx](?![0-9A-Za-z]))?"
_RUN = re.compile(rf"{_GROUP}(?:[{_SEP}]{_GROUP})*")
_DIGIT_GROUP = re.compile(_GROUP)
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# ISO/IEC 7812 major industry identifiers of payment cards: 3 (JCB, Amex), 4-5 (Visa, Mastercard),
# 6 (UnionPay 62…, 60…), 9 (old domestic cards such as 9558…).
_CARD_INDUSTRIES = frozenset("34569")
_LONGEST = 19 + 4  # the longest span worth looking at: a 19-digit card, or 0086 + a mobile number


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int  # offsets in the text
    end: int
    masked: str  # what text[start:end] becomes: the same characters with the hidden digits as *


def _province_known(number: str) -> bool:
    return any("province" in props for _, props in numdb.get("cn/loc").info(number[:6]))


def _county_known(number: str) -> bool:
    return any("county" in props for _, props in numdb.get("cn/loc").info(number[:6]))


def _plausible_birth(number18: str, as_of: dt.date) -> bool:
    try:
        born = ric.get_birth_date(number18)
    except Exception:  # noqa: BLE001 - stdnum raises its own ValidationError on a non-date
        return False
    return dt.date(1890, 1, 1) <= born <= as_of


def is_id18(number: str, as_of: dt.date) -> bool:
    """A full 18-character 身份证号: check digit, birth date and province.

    Not `ric.validate`: it also requires the county code to have existed in the birth year, but the code
    is where the card was issued (雁塔区 610113 dates from 1983; villagers born in 1958 carry it).
    """
    if len(number) != 18 or not number[:17].isdigit():
        return False
    return (number[17].upper() == ric.calc_check_digit(number) and _plausible_birth(number, as_of)
            and _province_known(number))


def is_id15(number: str, as_of: dt.date) -> bool:
    """A 15-digit first-generation number (region, YYMMDD, sequence; no check digit)."""
    if len(number) != 15 or not number.isdigit():
        return False
    upgraded = number[:6] + "19" + number[6:] + "0"
    return _plausible_birth(upgraded, as_of) and _county_known(number)


def is_card(number: str) -> bool:
    return (16 <= len(number) <= 19 and number.isdigit() and number[0] in _CARD_INDUSTRIES
            and luhn.is_valid(number))


def _masked(text: str, positions: list[int], head: int, tail: int) -> str:
    """text with the digits at positions (offsets into text) between head and tail replaced by *."""
    hidden = set(positions[head:len(positions) - tail])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(text))


def _finding(kind: Kind, text: str, start: int, end: int, head: int, tail: int) -> Finding:
    piece = text[start:end]
    positions = [i for i, ch in enumerate(piece) if ch.isdigit() or ch in "Xx"]
    return Finding(kind, start, end, _masked(piece, positions, head, tail))


def _candidates(text: str, start: int, end: int, allowed: frozenset[str],
                as_of: dt.date) -> Iterable[Finding]:
    """Every finding in one run of digit groups text[start:end]."""
    groups = [(m.start(), m.end()) for m in _DIGIT_GROUP.finditer(text, start, end)]
    for first in range(len(groups)):
        digits = ""
        for last in range(first, len(groups)):
            digits += text[groups[last][0]:groups[last][1]]
            if len(digits) > _LONGEST:
                break
            span = (groups[first][0], groups[last][1])
            sizes = [b - a for a, b in groups[first:last + 1]]
            yield from _whole(text, span, digits, sizes, allowed, as_of)
    for a, b in groups:  # an 18-character number inside a longer run of digits
        for offset in range(a, b - 17) if b - a > 18 else ():
            if is_id18(text[offset:offset + 18], as_of):
                yield _finding("id", text, offset, offset + 18, 6, 4)


def _whole(text: str, span: tuple[int, int], digits: str, sizes: list[int], allowed: frozenset[str],
           as_of: dt.date) -> Iterable[Finding]:
    """Findings for a span of whole digit groups (with their separators)."""
    start, end = span
    if len(digits) == 18 and is_id18(digits, as_of):
        yield _finding("id", text, start, end, 6, 4)
        return
    if len(digits) == 15 and tuple(sizes) in {(15,), (6, 6, 3), (6, 9)} and is_id15(digits, as_of):
        yield _finding("id", text, start, end, 6, 3)
        return
    # Groups of four (6222 0212 3456 7890 123), or BIN and account (622202 1234567890123).
    card_layout = len(sizes) == 1 or all(s == 4 for s in sizes[:-1]) or (len(sizes) == 2 and sizes[0] == 6)
    id_like = len(digits) == 18 and _plausible_birth(digits, as_of) and _province_known(digits)
    if card_layout and not id_like and is_card(digits):
        yield _finding("card", text, start, end, 0, 4)
        return
    mobile = None
    if len(digits) == 11 and tuple(sizes) in {(11,), (3, 4, 4), (3, 8), (7, 4)}:
        mobile = (start, end)
    elif len(sizes) == 1 and len(digits) in (13, 15) and digits[:-11] in ("86", "0086"):
        mobile = (end - 11, end)  # +86 written without a separator
    if mobile and _MOBILE.fullmatch(digits[-11:]) and digits[-11:] not in allowed:
        yield _finding("mobile", text, mobile[0], mobile[1], 3, 4)


_PRIORITY = {"id": 0, "card": 1, "mobile": 2}


def find(text: str, *, allowed_mobiles: frozenset[str] = frozenset(), as_of: dt.date) -> list[Finding]:
    """Every piece of personal data in text, in order (of two that overlap: ID, then card, then phone)."""
    found: list[Finding] = []
    for run in _RUN.finditer(text):
        if sum(ch.isdigit() for ch in run.group()) < 11:
            continue
        found += _candidates(text, run.start(), run.end(), allowed_mobiles, as_of)
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (_PRIORITY[f.kind], f.start - f.end, f.start)):
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def mask(text: str, findings: list[Finding]) -> str:
    """text with each finding replaced by its masked form; every other character stays as it was."""
    parts, at = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        parts += [text[at:finding.start], finding.masked]
        at = finding.end
    return "".join(parts) + text[at:]


def mobile_key(phone: str) -> str:
    """A phone as written (138-1234-5678, +86 138…) → its 11 digits, for comparing."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    for prefix in ("0086", "86"):
        if len(digits) == 11 + len(prefix) and digits.startswith(prefix):
            return digits[len(prefix):]
    return digits


def official_mobiles(units: Iterable[Unit], settings: Settings) -> frozenset[str]:
    """Numbers published on purpose: every unit's phones in units.yml and the site's allowed_phones."""
    phones = [p for unit in units for p in unit.phones] + list(settings.allowed_phones)
    return frozenset(mobile_key(str(p)) for p in phones)


_allowed: tuple[object, frozenset[str]] = (None, frozenset())


def _allowed_for(ctx: Context) -> frozenset[str]:
    global _allowed
    if _allowed[0] is not ctx:  # computed once per validation run, not once per file
        _allowed = (ctx, official_mobiles(ctx.units.values(), ctx.settings))
    return _allowed[1]


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def check(raw: RawItem, ctx: Context) -> list[Diagnostic]:
    """RAW_RULE: personal data anywhere in the file's text."""
    problems = []
    for finding in find(raw.text, allowed_mobiles=_allowed_for(ctx), as_of=ctx.as_of):
        line, column = position(raw.text, finding.start)
        name = KIND_NAMES[finding.kind]
        problems.append(diag(_CODES[finding.kind], raw.path, line,
                             f"第 {line} 行第 {column} 列是完整的{name}（遮盖后应为 {finding.masked}）",
                             column=column))
    return problems


# Attachments are published byte for byte; the ones whose text can be read without a converter are
# checked too (a 低保 list is often attached as a spreadsheet). PDF, .doc/.xls and images cannot be.
_TEXT_ATTACHMENTS = frozenset({".csv", ".svg"})
_OFFICE_ATTACHMENTS = frozenset({".xlsx", ".docx"})
_XML_TAG = re.compile(r"<[^>]*>")
_MAX_BYTES = 50_000_000  # never unpack more than this from one attachment (a zip bomb stays a zip)


def attachment_text(file: pathlib.Path) -> str | None:
    """The text of a .csv/.svg, or of the XML parts of a .xlsx/.docx (one paragraph or cell a line)."""
    suffix = file.suffix.lower()
    try:
        if suffix in _TEXT_ATTACHMENTS:
            data = file.read_bytes()[:_MAX_BYTES]
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    continue
            return None
        if suffix in _OFFICE_ATTACHMENTS:
            parts, budget = [], _MAX_BYTES
            with zipfile.ZipFile(file) as archive:
                for info in archive.infolist():
                    if info.filename.endswith(".xml") and budget > 0:
                        with archive.open(info) as member:
                            xml = member.read(budget).decode("utf-8", errors="replace")
                        budget -= len(xml)
                        parts.append(_XML_TAG.sub("\n", xml))
            return html.unescape("\n".join(parts))
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return None
    return None


def check_attachments(bulletins: list[Bulletin], ctx: Context) -> list[Diagnostic]:
    """SITE_RULE: personal data in the attachments that will be published."""
    problems = []
    allowed = _allowed_for(ctx)
    for file in ctx.attachments:
        if file.suffix.lower() not in _TEXT_ATTACHMENTS | _OFFICE_ATTACHMENTS:
            continue
        text = attachment_text(file)
        if text is None:
            continue
        path = file.relative_to(ctx.root).as_posix()
        tabular = file.suffix.lower() in _TEXT_ATTACHMENTS
        for finding in find(text, allowed_mobiles=allowed, as_of=ctx.as_of):
            line, column = position(text, finding.start) if tabular else (1, None)
            where = f"第 {line} 行第 {column} 列" if tabular else "附件中"
            problems.append(diag(
                _CODES[finding.kind], path, line,
                f"{where}是完整的{KIND_NAMES[finding.kind]}（遮盖后应为 {finding.masked}）",
                fix="附件会原样发布：请在原文件（Excel、Word 等）中改成遮盖后的形式再另存，或不附这个文件",
                column=column))
    return problems
