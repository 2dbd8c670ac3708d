"""Personal numbers in text, as clerks really write them: 身份证号, bank cards, private mobiles.

Pure functions (no MkDocs, no diagnostics); rules/privacy.py reports what `find` returns, mask.py masks it.

The text is first normalised, one character for one character (so every offset is an offset of the text as
written): full-width digits and letters (NFKC: ６１０…, Ｘ), × as the X of an ID, every kind of space as a
space, invisible characters (zero-width space, soft hyphen, word joiner) as nothing inside a digit group,
dashes and dots as separators. A number is then a run of digit groups joined by one separator each, the same
one throughout: 610113 19580301 1234, 138-1234-5678, 138.1234.5678; a line break inside it is a soft wrap
(6101131958⏎03011234). A tab or two spaces end a number: those are the columns of a pasted table.

- 身份证号: 18 characters with the right ISO 7064 MOD 11-2 check digit, a real birth date and a known province,
  written alone or inside a longer run (the 残疾人证号 is the ID plus two digits: 61011319580301104X41);
  15-digit old numbers with a real date and a known county;
- bank cards: 16–19 digits passing Luhn, with a card prefix (UnionPay 62/60, Visa 4, Mastercard 51–55 and
  2221–2720, JCB 35, the old domestic 95); 17 and 18 digits only with 62 or a card word nearby; never a
  number introduced as a unit's account (对公, 基本户, 合作社 …) or a code (承包方编码, 地块编码, 信用代码, 索引号);
- mobiles: 1[3-9] + 9 digits in a phone layout (11, 3-4-4, 3-8, 7-4, 4-3-4; +86/0086 allowed), never the
  integer part of an amount (13812345678.00, 13812345678元), never an official number.

A wrong check digit is not reported: one random 18-digit string in eleven passes, so requiring it keeps the
rule from crying wolf on order numbers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from stdnum import luhn, numdb
from stdnum.cn import ric

Kind = Literal["id", "card", "mobile"]
KIND_NAMES: dict[str, str] = {"id": "身份证号", "card": "银行卡号", "mobile": "手机号"}

INVISIBLE = "\u200b"  # what every invisible character becomes: part of the digit group around it


def _normal_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Full-width digits and letters (not the full-width punctuation of Chinese text).
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]:
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded.isascii():
            table[code] = folded
    for ch in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000":
        table[ord(ch)] = " "
    for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e":
        table[ord(ch)] = INVISIBLE
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a":
        table[ord(ch)] = "-"
    for ch in "\u00b7\u2024\u2027\u30fb\uff0e\uff65":
        table[ord(ch)] = "."
    table[ord("\u00d7")] = "X"  # 61011319580301104× : the multiplication sign typed for X
    return table


_NORMAL = _normal_table()
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_NORMAL)) + "]")
_ASCII_DIGITS = frozenset("0123456789")


def _needs_translating(text: str) -> bool:
    """A special character that is a digit or touches one (most texts have none: the cheap, common case)."""
    for match in _SPECIAL.finditer(text):
        at = match.start()
        if (_NORMAL[ord(text[at])] in _ASCII_DIGITS or text[at - 1:at] in _ASCII_DIGITS
                or text[at + 1:at + 2] in _ASCII_DIGITS or _NORMAL.get(ord(text[at + 1:at + 2] or " ")) is not None):
            return True
    return False


def normalise(text: str) -> str:
    """The text with the same length, every character that can hide a digit or a separator made plain."""
    return text.translate(_NORMAL) if _needs_translating(text) else text


# A group of digits; an X may stand among them (the check digit, then the 残疾人证号's two more digits).
_GROUP = rf"[0-9](?:[0-9Xx]|{INVISIBLE}(?=[0-9Xx]))*"
_RUN = re.compile(rf"(?<![0-9]){_GROUP}(?:[ \-.\n]{_GROUP})*")
_GROUP_RE = re.compile(_GROUP)
_DIGITS_ONLY = re.compile(rf"[0-9](?:[0-9]|{INVISIBLE}(?=[0-9]))*")
_NOT_DIGIT = frozenset(INVISIBLE + " -.\n")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_MOBILE_LAYOUTS = {(11,), (3, 4, 4), (3, 8), (7, 4), (4, 3, 4)}
_AMOUNT_AFTER = re.compile(r"\.[0-9]| ?万?元")
_LONGEST = 23  # 0086 + a mobile, or a 19-digit card with room: longer runs are only searched for an ID inside

# Words that introduce a number that is not a private bank card (a unit's account, a code of land or of a
# body, a document number). Checked in the line before the number and in the column's header.
NOT_CARD_WORDS = ("对公", "基本户", "基本账户", "基本存款", "一般户", "单位账", "单位银行", "集体账", "户名",
                  "开户单位", "收款单位", "付款单位", "合作社", "经济社", "村委会", "村民委员会", "居委会",
                  "公司", "编码", "代码", "索引号", "文号", "合同号", "合同编号", "项目编号", "订单", "流水号",
                  "票据", "发票", "凭证")
CARD_WORDS = ("卡号", "银行卡", "社保卡", "一卡通", "存折", "折号", "个人账", "发放账号", "收款账号")


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int  # offsets in the text
    end: int
    masked: str  # what text[start:end] becomes: the same characters with the hidden digits as *


# --- what a number is -----------------------------------------------------------------------------------

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


def id_prefix_plausible(first15: str, as_of: dt.date) -> bool:
    """The first 15 digits of an 18-digit number (all Excel keeps) hold a known province and a birth date."""
    return len(first15) >= 14 and _plausible_birth(first15[:14] + "0000", as_of) and _province_known(first15)


def card_prefix(number: str) -> bool:
    """A payment card's issuer range: UnionPay 62/60, Visa 4, Mastercard 51–55 and 2221–2720, JCB 35, 95."""
    return (number[:2] in ("62", "60", "35", "95") or number[0] == "4" or "51" <= number[:2] <= "55"
            or "2221" <= number[:4] <= "2720")


def is_card(number: str) -> bool:
    return 16 <= len(number) <= 19 and number.isdigit() and card_prefix(number) and luhn.is_valid(number)


def mobile_key(phone: str) -> str:
    """A phone as written (138-1234-5678, +86 138…, １３８…) → its 11 digits, for comparing."""
    digits = "".join(ch for ch in normalise(phone) if ch in "0123456789")
    for prefix in ("0086", "86"):
        if len(digits) == 11 + len(prefix) and digits.startswith(prefix):
            return digits[len(prefix):]
    return digits


# --- where a number is ----------------------------------------------------------------------------------

def line_context(text: str, offset: int) -> str:
    """The words that introduce a number: its line up to it and, in a table row, its column's header."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    for delimiter in ("|", "\t", ","):
        if delimiter in before:
            return before[-60:] + " " + _column_header(text, line_start, offset, delimiter)
    return before[-60:]


def _column_header(text: str, line_start: int, offset: int, delimiter: str) -> str:
    """The header cell above a cell of a Markdown, CSV or TSV table (the block's first line)."""
    column = text.count(delimiter, line_start, offset)
    header_start = line_start
    while header_start > 0:
        previous = text.rfind("\n", 0, header_start - 1) + 1
        if delimiter not in text[previous:header_start - 1]:
            break
        header_start = previous
    header_end = text.find("\n", header_start)
    cells = text[header_start:header_end if header_end >= 0 else len(text)].split(delimiter)
    return cells[column] if column < len(cells) else ""


def _card_context_allows(context: str, digits: str) -> bool:
    card_word = any(word in context for word in CARD_WORDS)
    if not card_word and any(word in context for word in NOT_CARD_WORDS):
        return False
    return len(digits) in (16, 19) or digits.startswith("62") or card_word


def _wrap_joins(before: tuple[int, int], after: tuple[int, int], seps: list[str]) -> bool:
    """Two chains of groups around a line break are one number broken by a soft wrap: two bare groups, or two
    chains with the same separator (not a row of groups followed by the next row's number)."""
    if before[0] == before[1] and after[0] == after[1]:
        return True
    return before[0] < before[1] and after[0] < after[1] and seps[before[0]] == seps[after[0]]


def _is_amount(text: str, start: int, end: int) -> bool:
    before = text[start - 1:start] if start else ""
    return before in (".", "¥", "￥", "$") or bool(_AMOUNT_AFTER.match(text, end))


# --- finding --------------------------------------------------------------------------------------------

def _finding(kind: Kind, text: str, plain: str, start: int, end: int, head: int, tail: int) -> Finding:
    positions = [i for i in range(start, end) if plain[i] in "0123456789Xx"]
    hidden = set(positions[head:len(positions) - tail])
    masked = "".join("*" if i in hidden else text[i] for i in range(start, end))
    return Finding(kind, start, end, masked)


@dataclass
class _Scan:
    text: str  # as written
    plain: str  # normalised
    allowed: frozenset[str]
    as_of: dt.date
    label: str  # a context given by the caller (a spreadsheet column's header)

    def spans(self, groups: list[tuple[int, int]], seps: list[str]) -> set[tuple[int, int]]:
        """Index ranges [first, last] of the groups to look at: each group, each chain of groups joined by one
        separator, and each such chain joined to the next over one line break (a soft wrap); a chain that
        starts with 86/0086 also without it."""
        found = {(index, index) for index in range(len(groups))}
        chains: list[tuple[int, int]] = []
        first, kind = 0, ""
        for index, sep in enumerate(seps):
            if sep == "\n" or (kind and sep != kind):
                chains.append((first, index))
                first, kind = index + (sep == "\n"), ""
            kind = kind or (sep if sep != "\n" else "")
        chains.append((first, len(seps)))
        wrapped = [(a[0], b[1]) for a, b in zip(chains, chains[1:], strict=False) if seps[a[1]] == "\n"
                   and _wrap_joins(a, b, seps)]
        for first, last in chains + wrapped:
            if last > first:
                found.add((first, last))
                if self.digits(*groups[first]) in ("86", "0086"):
                    found.add((first + 1, last))
        return found

    def digits(self, start: int, end: int) -> str:
        return self.plain[start:end].replace(INVISIBLE, "")

    def run(self, start: int, end: int) -> Iterable[Finding]:
        groups = [(m.start(), m.end()) for m in _GROUP_RE.finditer(self.plain, start, end)]
        seps = [self.plain[groups[i][1]] for i in range(len(groups) - 1)]
        for first, last in self.spans(groups, seps):
            parts = [self.digits(a, b) for a, b in groups[first:last + 1]]
            digits = "".join(parts)
            if len(digits) <= _LONGEST:
                yield from self.whole(groups[first][0], groups[last][1], digits, [len(p) for p in parts])
            if len(digits) > 18:  # an 18-character ID glued to other digits (残疾人证号, 00…99)
                yield from self.inside(groups[first][0], groups[last][1], digits)
        for a, b in groups:  # a phone or card right before or after an X (13812345678x, 1920X…)
            if "X" in self.plain[a:b].upper():
                for part in _DIGITS_ONLY.finditer(self.plain, a, b):
                    digits = self.digits(part.start(), part.end())
                    yield from self.whole(part.start(), part.end(), digits, [len(digits)])

    def inside(self, start: int, end: int, digits: str) -> Iterable[Finding]:
        offsets = [i for i in range(start, end) if self.plain[i] not in _NOT_DIGIT]
        for at in range(len(digits) - 17):
            if is_id18(digits[at:at + 18], self.as_of):
                yield _finding("id", self.text, self.plain, offsets[at], offsets[at + 17] + 1, 6, 4)

    def whole(self, start: int, end: int, digits: str, sizes: list[int]) -> Iterable[Finding]:
        """Findings for a span of whole digit groups (with their separators)."""
        if len(digits) == 18 and is_id18(digits, self.as_of):
            yield _finding("id", self.text, self.plain, start, end, 6, 4)
            return
        if len(digits) == 15 and tuple(sizes) in {(15,), (6, 6, 3), (6, 9)} and is_id15(digits, self.as_of):
            yield _finding("id", self.text, self.plain, start, end, 6, 3)
            return
        if not digits.isdigit():
            return
        card_layout = len(sizes) == 1 or all(s == 4 for s in sizes[:-1]) or (len(sizes) == 2 and sizes[0] == 6)
        if card_layout and is_card(digits) and not (len(digits) == 18 and id_prefix_plausible(digits, self.as_of)):
            if _card_context_allows(line_context(self.plain, start) + " " + self.label, digits):
                yield _finding("card", self.text, self.plain, start, end, 0, 4)
                return
        yield from self.mobile(start, end, digits, sizes)

    def mobile(self, start: int, end: int, digits: str, sizes: list[int]) -> Iterable[Finding]:
        span = None
        wrapped = len(sizes) == 2 and "\n" in self.plain[start:end]  # a soft wrap anywhere in the number
        if len(digits) == 11 and (tuple(sizes) in _MOBILE_LAYOUTS or wrapped):
            span = (start, end)
        elif len(sizes) == 1 and len(digits) in (13, 15) and digits[:-11] in ("86", "0086"):
            span = (end - 11, end)  # +86 written without a separator
        if span and _MOBILE.fullmatch(digits[-11:]) and digits[-11:] not in self.allowed \
                and not _is_amount(self.plain, start, end):
            yield _finding("mobile", self.text, self.plain, span[0], span[1], 3, 4)


_PRIORITY = {"id": 0, "card": 1, "mobile": 2}


def find(text: str, *, allowed_mobiles: frozenset[str] = frozenset(), as_of: dt.date,
         label: str = "") -> list[Finding]:
    """Every piece of personal data in text, in order (of two that overlap: ID, then card, then phone).

    ``label`` is what introduces the whole text when the text does not say it (a spreadsheet column's header).
    """
    plain = normalise(text)
    scan = _Scan(text, plain, allowed_mobiles, as_of, label)
    found: list[Finding] = []
    for run in _RUN.finditer(plain):
        if run.end() - run.start() >= 11:
            found += scan.run(run.start(), run.end())
    kept: list[Finding] = []
    # Of two that overlap: an ID before a card before a phone; one within a line before one across a line break.
    order = sorted(found, key=lambda f: (_PRIORITY[f.kind], "\n" in plain[f.start:f.end], f.start - f.end, f.start))
    for finding in order:
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def find_in_number(number: float, as_of: dt.date, label: str = "") -> Kind | None:
    """A spreadsheet number of 16–19 digits that Excel cut to 15 significant digits: an ID or a card?

    The check digit (or Luhn digit) is gone, but what is left is on the page: an ID's region and birth date,
    a card's issuer and most of its account.
    """
    if not 1e15 <= abs(number) < 1e19:
        return None
    digits = str(int(abs(number)))
    if len(digits) == 18 and id_prefix_plausible(digits[:15], as_of):
        return "id"
    if 16 <= len(digits) <= 19 and card_prefix(digits) and _card_context_allows(label, digits):
        return "card"
    return None


def mask(text: str, findings: list[Finding]) -> str:
    """text with each finding replaced by its masked form; every other character stays as it was."""
    parts, at = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        parts += [text[at:finding.start], finding.masked]
        at = finding.end
    return "".join(parts) + text[at:]


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
