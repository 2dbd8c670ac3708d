"""Realistic personal and non-personal numbers, written as clerks write them, in every attachment format.

Used by test_privacy_real.py; `python tests/privacy_corpus.py` prints the recall and false-positive tables.
Personal numbers come from Faker's zh_CN provider (real region codes and check digits) and UnionPay-like
BINs; non-personal ones follow the published formats (承包方编码, 地块编码, 统一社会信用代码, 对公账户, amounts).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import random
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from faker import Faker
from stdnum import luhn
from stdnum.cn import uscc

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from gongkai.attachment_text import extract  # noqa: E402
from gongkai.pii import find, find_in_number, normalise  # noqa: E402

AS_OF = dt.date(2026, 11, 15)
SEED = 13
PER_CELL = 20  # numbers per (kind, format, medium)
KINDS = ("id", "card", "mobile")
# Real issuer BINs of Chinese debit and credit cards (ICBC, ABC, CCB, BOC, BoCom, PSBC, CMB, rural banks).
BINS = ("622202", "622208", "621226", "622848", "622845", "621700", "622700", "621661", "622262", "622260",
        "621799", "622188", "622588", "621483", "623668", "621098", "625965", "628288", "622689", "603367")


# --- personal numbers -----------------------------------------------------------------------------------

def _card(rng: random.Random) -> str:
    length = rng.choice((16, 19, 19))
    body = rng.choice(BINS) + "".join(rng.choice("0123456789") for _ in range(length - 7))
    return body + luhn.calc_check_digit(body)


@functools.cache
def pools(n: int, seed: int = SEED) -> dict[str, list[str]]:
    """n distinct numbers of each kind, plus IDs ending in X ("id-x")."""
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    ids: list[str] = []
    ids_x: list[str] = []
    while len(ids) < n or len(ids_x) < n:
        number = fake.ssn()
        (ids_x if number.endswith("X") else ids).append(number)
    mobiles: set[str] = set()
    while len(mobiles) < n:
        mobiles.add(fake.phone_number())
    cards = sorted({_card(rng) for _ in range(n * 2)})[:n]
    rng.shuffle(cards)
    return {"id": ids[:n], "id-x": ids_x[:n], "card": cards, "mobile": sorted(mobiles)}


_LAYOUT = {18: (6, 8, 4), 16: (4, 4, 4, 4), 19: (4, 4, 4, 4, 3), 11: (3, 4, 4)}
_ODD = {18: (6, 4, 4, 4), 16: (6, 10), 19: (6, 13), 11: (4, 3, 4)}


def grouped(number: str, sep: str, layout: dict[int, tuple[int, ...]] = _LAYOUT) -> str:
    parts, at = [], 0
    for size in layout[len(number)]:
        parts.append(number[at:at + size])
        at += size
    return sep.join(parts)


def full_width(text: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else "Ｘ" if c == "X" else c for c in text)


# medium → (which pool, how it is written); the key of each number is what a finding must contain.
Medium = tuple[str, Callable[[str], str]]
MEDIUMS: dict[str, dict[str, Medium]] = {
    "ascii": {k: (k, lambda n: n) for k in KINDS},
    "spaces": {k: (k, lambda n: grouped(n, " ")) for k in KINDS},
    "hyphens": {k: (k, lambda n: grouped(n, "-")) for k in KINDS},
    "full-width": {k: (k, full_width) for k in KINDS},
    "zero-width": {k: (k, lambda n: n[:7] + "\u200b" + n[7:]) for k in KINDS},
    "thin-space": {k: (k, lambda n: grouped(n, "\u2009")) for k in KINDS},
    "narrow-nbsp": {k: (k, lambda n: grouped(n, "\u202f")) for k in KINDS},
    "line-break": {k: (k, lambda n: n[:6] + "\n" + n[6:]) for k in KINDS},
    "dots": {k: (k, lambda n: grouped(n, ".")) for k in KINDS},
    "em-dash": {k: (k, lambda n: grouped(n, "—")) for k in KINDS},
    "odd-groups": {k: (k, lambda n: grouped(n, " ", _ODD)) for k in KINDS},
    "x-ascii": {"id": ("id-x", lambda n: n)},
    "x-full-width": {"id": ("id-x", lambda n: n[:-1] + "Ｘ")},
    "x-times": {"id": ("id-x", lambda n: n[:-1] + "×")},
    "disability-no": {"id": ("id", lambda n: n + "41")},
    "disability-no-x": {"id": ("id-x", lambda n: n + "99")},
    "inside-digits": {"id": ("id-x", lambda n: "00" + n + "99")},
}
NUMERIC_MEDIUM = "excel-number"  # a long number typed into a spreadsheet cell: Excel keeps 15 digits


def samples(per_cell: int = PER_CELL) -> list[tuple[str, str, str, str]]:
    """(kind, medium, key, written) for every kind × medium, per_cell each, all numbers distinct."""
    pool = pools(per_cell * len(MEDIUMS))
    taken = {name: 0 for name in pool}
    out = []
    for medium, kinds in MEDIUMS.items():
        for kind, (source, write) in kinds.items():
            for number in pool[source][taken[source]:taken[source] + per_cell]:
                out.append((kind, medium, number, write(number)))
            taken[source] += per_cell
    return out


def numeric_samples(per_cell: int = PER_CELL) -> list[tuple[str, str, str, int]]:
    pool = pools(per_cell, seed=SEED + 1)
    # Excel keeps 15 significant digits of a number typed into a cell: 610113195803011234 → 610113195803011000
    return [(kind, NUMERIC_MEDIUM, number, int(number[:15] + "0" * (len(number) - 15)))
            for kind in ("id", "card") for number in pool[kind]]


# --- files ----------------------------------------------------------------------------------------------

def _csv(rows: list[str], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["序号", "姓名", "号码"])
    for i, written in enumerate(rows, 1):
        writer.writerow([i, "王秀兰", written])
    return buffer.getvalue().encode(encoding)


def _markdown(rows: list[str]) -> bytes:
    return "\n\n".join(f"{i}. 王秀兰 {written} 已审核" for i, written in enumerate(rows, 1)).encode("utf-8")


def _xlsx(rows: list[str], numbers: list[int], rich: bool = False) -> bytes:
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["序号", "姓名", "号码"])
    for i, written in enumerate(rows, 1):
        value: object = written
        if rich:  # the number in two runs, the second in bold (an edit after a proofing mark)
            cut = len(written) // 2
            value = CellRichText([TextBlock(InlineFont(), written[:cut]), TextBlock(InlineFont(b=True), written[cut:])])
        sheet.append([i, "王秀兰", value])
    for number in numbers:
        sheet.append([sheet.max_row, "李四", float(number)])  # what Excel stores for a typed long number
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xls(rows: list[str], numbers: list[int]) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名单")
    for col, head in enumerate(["序号", "姓名", "号码"]):
        sheet.write(0, col, head)
    values: list[object] = [*rows, *(float(n) for n in numbers)]
    for row, value in enumerate(values, 1):
        sheet.write(row, 0, row)
        sheet.write(row, 1, "王秀兰")
        sheet.write(row, 2, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _docx(rows: list[str], how: str = "paragraphs", seed: int = SEED) -> bytes:
    import docx

    rng = random.Random(seed)
    document = docx.Document()
    document.add_heading("2026年第三季度残疾人两项补贴发放名单", level=1)
    if how == "table":
        table = document.add_table(rows=1, cols=3)
        for cell, head in zip(table.rows[0].cells, ("序号", "姓名", "号码"), strict=True):
            cell.text = head
        for i, written in enumerate(rows, 1):
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = str(i), "王秀兰", written
    for written in rows if how != "table" else []:
        paragraph = document.add_paragraph("王秀兰，证件号码 ")
        if how == "split-runs":  # Word splits a number into runs after an edit or at a proofing mark
            cuts = sorted(rng.sample(range(1, len(written)), 2))
            for a, b in zip([0, *cuts], [*cuts, len(written)], strict=True):
                paragraph.add_run(written[a:b]).bold = a > 0
        else:
            paragraph.add_run(written)
        paragraph.add_run("，已审核。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(rows: list[str]) -> bytes:
    from html import escape

    from weasyprint import HTML

    paragraphs = "".join(f"<p>{i}. 王秀兰 {escape(w).replace(chr(10), '<br>')} 已审核</p>"
                         for i, w in enumerate(rows, 1))
    page = f"<html lang='zh'><body style='font-size:9pt'><h1>发放名单</h1>{paragraphs}</body></html>"
    return HTML(string=page).write_pdf()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# format → (file name, builder(rows, long numbers)); every format holds every written form.
FORMATS: dict[str, tuple[str, Callable[[list[str], list[int]], bytes]]] = {
    "md": ("a.md", lambda r, n: _markdown(r)),
    "csv-utf8": ("a.csv", lambda r, n: _csv(r, "utf-8-sig")),
    "csv-gb18030": ("a.csv", lambda r, n: _csv(r, "gb18030")),
    "csv-utf16": ("a.csv", lambda r, n: _csv(r, "utf-16")),
    "xlsx": ("a.xlsx", lambda r, n: _xlsx(r, n)),
    "xlsx-rich-text": ("a.xlsx", lambda r, n: _xlsx(r, [], rich=True)),
    "xls": ("a.xls", lambda r, n: _xls(r, n)),
    "docx": ("a.docx", lambda r, n: _docx(r)),
    "docx-split-runs": ("a.docx", lambda r, n: _docx(r, "split-runs")),
    "docx-table": ("a.docx", lambda r, n: _docx(r, "table")),
    "pdf": ("a.pdf", lambda r, n: _pdf(r)),
    "zip-csv": ("a.zip", lambda r, n: _zip({"名单/补贴名单.csv": _csv(r, "gb18030")})),
    "zip-in-zip-docx": ("a.zip", lambda r, n: _zip({"附件.zip": _zip({"名单.docx": _docx(r)})})),
}


def _key(text: str) -> str:
    return "".join(c for c in normalise(text) if c in "0123456789Xx").upper()


def detected(data: bytes, name: str) -> set[str]:
    """The digits of every finding in a file, as the privacy rule reads it (numbers cut by Excel: 15 digits)."""
    if name.endswith(".md"):
        text = data.decode("utf-8")
        return {_key(text[f.start:f.end]) for f in find(text, as_of=AS_OF)}
    found = set()
    for piece in extract(data, name).pieces:
        findings = find(piece.text, as_of=AS_OF, label=piece.label)
        found |= {_key(piece.text[f.start:f.end]) for f in findings}
        if piece.number is not None and not findings and find_in_number(piece.number, AS_OF, piece.label):
            found.add(piece.text[:15])
    return found


def recall(fmt: str, per_cell: int = PER_CELL) -> dict[tuple[str, str], tuple[int, int, list[str]]]:
    """(kind, medium) → (found, total, written forms missed) for one format."""
    rows = samples(per_cell)
    numbers = numeric_samples(per_cell) if fmt in ("xlsx", "xls") else []
    name, build = FORMATS[fmt]
    found = detected(build([w for _, _, _, w in rows], [n for _, _, _, n in numbers]), name)
    table: dict[tuple[str, str], tuple[int, int, list[str]]] = {}
    for kind, medium, key, written in rows:
        hit = key in found
        done, total, missed = table.get((kind, medium), (0, 0, []))
        table[(kind, medium)] = (done + hit, total + 1, missed + ([] if hit else [written]))
    for kind, medium, key, _ in numbers:
        hit = any(f.startswith(key[:15]) for f in found)
        done, total, missed = table.get((kind, medium), (0, 0, []))
        table[(kind, medium)] = (done + hit, total + 1, missed + ([] if hit else [key]))
    return table


# --- non-personal numbers from real disclosures ---------------------------------------------------------

def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _county(fake: Faker) -> str:
    return fake.ssn()[:6]


def _village_code(fake: Faker, rng: random.Random) -> str:
    """发包方编码: county (6) + township (3) + village (3) + group (2)."""
    return _county(fake) + f"{rng.randint(1, 30):03d}" + f"{rng.randint(1, 250):03d}" + f"{rng.randint(0, 20):02d}"


def _bank(rng: random.Random) -> str:
    return rng.choice(["中国农业银行西安雁塔支行", "陕西秦农农村商业银行鱼化支行", "中国建设银行西安高新支行",
                       "中国工商银行西安南郊支行", "中国邮政储蓄银行西安市雁塔区支行"])


def _corporate_account(rng: random.Random) -> str:
    """A unit's settlement account: 17–22 digits with the prefixes banks give 对公 accounts (some 62…)."""
    prefix = rng.choice(["2605", "3700", "6105", "6100", "1022", "2701", "9610", "4406", "6222", "6228", "6210"])
    return prefix + _digits(rng, rng.randint(13, 18))


def _group4(number: str) -> str:
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


def _uscc_digits(fake: Faker, rng: random.Random) -> str:
    while True:
        body = rng.choice(["91", "93", "54", "55", "11", "12", "52"]) + _county(fake) + _digits(rng, 9)
        check = uscc.calc_check_digit(body)
        if check.isdigit():
            return body + check


def _table_row(rng: random.Random) -> str:
    """A row of a table pasted from Excel or a PDF: tab- or space-separated whole numbers."""
    cells = [str(rng.choice([rng.randint(1, 60), rng.randint(100, 99999), rng.randint(2020, 2026),
                             rng.randint(1000, 9999)])) for _ in range(rng.randint(4, 8))]
    return rng.choice(["\t", "  ", "   "]).join(cells)


def _amount(rng: random.Random) -> str:
    integer = f"1{rng.randint(3, 9)}{_digits(rng, 9)}"
    return rng.choice([f"{integer}.{_digits(rng, 2)}", f"{integer}.00", f"{integer}元", f"合计 {integer}.5 元"])


def non_personal(n: int, seed: int = SEED) -> dict[str, list[str]]:
    """class → n lines of real-looking disclosure text holding numbers that are not personal data."""
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    village = lambda: fake.city_name() + rng.choice(["村", "社区"])  # noqa: E731
    makers: dict[str, Callable[[], str]] = {
        "对公账户 grouped by 4": lambda: f"户名：{village()}股份经济合作社　开户行：{_bank(rng)}　账号："
                                      f"{_group4(_corporate_account(rng))}",
        "对公账户 plain": lambda: f"对公账户：{_corporate_account(rng)}（{_bank(rng)}）",
        "对公账户 in a table": lambda: f"| {village()}村民委员会 | {_bank(rng)} | {_corporate_account(rng)} |",
        "承包方编码 (18)": lambda: f"承包方编码：{_village_code(fake, rng)}{rng.randint(1, 400):04d}",
        "承包方编码 in a table": lambda: f"| {fake.name()} | {_village_code(fake, rng)}{rng.randint(1, 400):04d} | "
                                       f"{rng.randint(1, 9)}.{_digits(rng, 2)} |",
        "承包地块编码 (19)": lambda: f"地块编码 {_village_code(fake, rng)}{rng.randint(1, 3000):05d}，"
                                     f"面积 {rng.randint(1, 9)}.{_digits(rng, 1)} 亩",
        "统一社会信用代码 (all digits)": lambda: f"统一社会信用代码：{_uscc_digits(fake, rng)}",
        "索引号 on a credit code": lambda: f"索引号：{_uscc_digits(fake, rng)}/2026-{rng.randint(1, 99999):05d}",
        "amount 1[3-9] + 9 digits": lambda: f"本期收入 {_amount(rng)}",
        "pasted table (tabs, spaces)": lambda: _table_row(rng),
        "landline, date, postcode": lambda: f"监督电话 029-{rng.randint(8000, 8999)} {_digits(rng, 4)}，"
                                            f"{fake.date_between('-3y', 'today').isoformat()}，邮编 {fake.postcode()}",
    }
    return {name: [make() for _ in range(n)] for name, make in makers.items()}


def _table_header(name: str) -> str:
    return {"对公账户 in a table": "| 户名 | 开户行 | 账号 |\n|---|---|---|\n",
            "承包方编码 in a table": "| 承包方 | 承包方编码 | 面积（亩） |\n|---|---|---|\n"}.get(name, "")


@functools.cache
def false_positive_rates(n: int = 1000) -> dict[str, tuple[int, int, list[str]]]:
    """class → (lines flagged, lines, first flagged lines), each line scanned as part of a Markdown table or text."""
    rates = {}
    for name, lines in non_personal(n).items():
        header = _table_header(name)
        flagged = [line for line in lines if find(header + line, as_of=AS_OF)]
        rates[name] = (len(flagged), len(lines), flagged[:3])
    return rates


def main() -> None:
    print("Recall (found / total), kind × medium, one column per format")
    tables = {fmt: recall(fmt) for fmt in FORMATS}
    cells = sorted({cell for table in tables.values() for cell in table}, key=lambda c: (c[0], c[1]))
    print("| kind | medium | " + " | ".join(FORMATS) + " |")
    print("|---|---|" + "---|" * len(FORMATS))
    for kind, medium in cells:
        row = [f"{t[(kind, medium)][0]}/{t[(kind, medium)][1]}" if (kind, medium) in t else "–"
               for t in tables.values()]
        print(f"| {kind} | {medium} | " + " | ".join(row) + " |")
    total = sum(t[c][1] for t in tables.values() for c in t)
    found = sum(t[c][0] for t in tables.values() for c in t)
    print(f"\nall: {found}/{total} = {found / total:.2%}\n")
    print("| non-personal class | flagged | rate |\n|---|---|---|")
    for name, (flagged, count, _) in false_positive_rates().items():
        print(f"| {name} | {flagged}/{count} | {flagged / count:.2%} |")


if __name__ == "__main__":
    main()
