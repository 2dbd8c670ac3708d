"""Personal data (GK501–GK503): full 身份证号, bank cards and private mobiles are errors with line and
column; masked forms, wrong check digits and official numbers pass."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import item_text
from gongkai.rules.privacy import find, mask
from stdnum import luhn
from stdnum.cn import ric

AS_OF = dt.date(2026, 11, 15)
PATH = "bulletins/yuhuazhai/2026/relief.md"


def fake_id(region: str = "610113", birth: str = "19580301", sequence: str = "123") -> str:
    """A made-up 身份证号 with a correct check digit (the 钱塘 case: an elderly villager's)."""
    body = region + birth + sequence
    return body + ric.calc_check_digit(body + "0")


def fake_card(prefix: str = "622202123456789012") -> str:
    return prefix + luhn.calc_check_digit(prefix)


def wrong_check(number: str) -> str:
    digits = "0123456789X"
    return number[:17] + digits[(digits.index(number[17]) + 1) % 11]


def relief_with(row: str) -> str:
    """A 低保 disclosure whose first table row (file line 15) is row."""
    body = ("## 发放对象\n\n| 姓名 | 证件号码 | 金额（元） |\n|---|---|---:|\n" + row + "\n\n"
            "## 发放标准\n\n每人每月 680 元。\n\n## 政策依据\n\n《陕西省最低生活保障办法》。\n\n"
            "## 监督电话\n\n029-84561234\n")
    return item_text("relief", body=body)


ROW_LINE = 15


def pii(site) -> list[tuple[str, int, int | None]]:
    return [(d.code, d.line, d.column) for d in site.diagnostics if d.code in ("GK501", "GK502", "GK503")]


def test_fixture_numbers_are_valid():
    assert ric.is_valid(fake_id("360426", "19910101", "007"))  # stdnum's own example region and year
    assert fake_id().startswith("61011319580301123") and luhn.is_valid(fake_card())


def test_full_id_in_a_table_is_an_error_with_line_and_column(project):
    file = project.write(PATH, relief_with(f"| 王秀兰 | {fake_id()} | 680.00 |"))
    site = project.validate()
    assert pii(site) == [("GK501", ROW_LINE, 9)]
    assert file.read_text(encoding="utf-8").split("\n")[ROW_LINE - 1][8:26] == fake_id()
    assert not site.ok
    message = next(d.message for d in site.diagnostics if d.code == "GK501")
    assert fake_id() not in message  # the diagnostic (printed in CI logs) never repeats the number
    assert "610113********1234"[:6] in message and "********" in message


def test_old_county_codes_are_found_for_people_born_before_the_county(project):
    """雁塔区 (610113) dates from 1983: stdnum's birth-place check would wrongly reject this villager."""
    number = fake_id("610113", "19580301", "123")
    assert not ric.is_valid(number)
    assert [f.kind for f in find(number, as_of=AS_OF)] == ["id"]


@pytest.mark.parametrize("written", [
    "{n}", "{n6} {n8} {n4}", "{n6}-{n8}-{n4}", "{n6}\u3000{n8}\u3000{n4}", "身份证{n}号", "编号00{n}99",
])
def test_id_with_separators_or_inside_longer_runs_is_found(written):
    number = fake_id()
    text = written.format(n=number, n6=number[:6], n8=number[6:14], n4=number[14:])
    found = find(text, as_of=AS_OF)
    assert [f.kind for f in found] == ["id"]
    assert "".join(ch for ch in text[found[0].start:found[0].end] if ch.isdigit()) == number


def test_id_with_check_digit_x():
    sequence = next(s for s in (f"{i:03d}" for i in range(1000)) if fake_id(sequence=s).endswith("X"))
    number = fake_id(sequence=sequence)
    assert [(f.kind, f.masked) for f in find(f"证号 {number.lower()}", as_of=AS_OF)] == [
        ("id", f"610113********{number[14:17]}x")]


def test_id_in_the_title_is_reported_on_its_line(project):
    text = item_text("relief").replace("title: 测试事项 relief", f"title: 王秀兰（{fake_id()}）低保审批公示")
    project.write(PATH, text)
    assert pii(project.validate()) == [("GK501", 2, 12)]


def test_old_fifteen_digit_id_is_found():
    old = "610113580301123"
    assert [(f.kind, f.masked) for f in find(f"旧证 {old}", as_of=AS_OF)] == [("id", "610113******123")]
    assert find("编号 610113581301123", as_of=AS_OF) == []  # month 13: not a date


@pytest.mark.parametrize("text", [
    "610113********1234", "6101131958****1234", "610113 ******** 1234", "**************1234",
    "证件号码已隐去",
])
def test_masked_ids_pass(project, text):
    project.write(PATH, relief_with(f"| 王秀兰 | {text} | 680.00 |"))
    assert pii(project.validate()) == []


def test_wrong_check_digit_is_not_flagged(project):
    number = wrong_check(fake_id())
    project.write(PATH, relief_with(f"| 王秀兰 | {number} | 680.00 |"))
    assert pii(project.validate()) == []


def test_wrong_check_digit_is_not_taken_for_a_bank_card():
    """An ID-shaped number with a wrong check digit that happens to pass Luhn is still no card."""
    candidates = (wrong_check(fake_id(sequence=f"{i:03d}")) for i in range(1000))
    number = next(n for n in candidates if n.isdigit() and luhn.is_valid(n))
    assert find(number, as_of=AS_OF) == []


def test_birth_date_after_today_is_not_an_id():
    assert find(fake_id(birth="20270101"), as_of=AS_OF) == []


@pytest.mark.parametrize("written", ["{c}", "{c4} {c8} {c12} {c16} {c19}", "{c4}-{c8}-{c12}-{c16}-{c19}",
                                     "卡号{c}"])
def test_bank_card_is_an_error(written):
    card = fake_card()
    text = written.format(c=card, c4=card[:4], c8=card[4:8], c12=card[8:12], c16=card[12:16], c19=card[16:])
    found = find(text, as_of=AS_OF)
    assert [f.kind for f in found] == ["card"]
    assert found[0].masked.replace(" ", "").replace("-", "") == "*" * 15 + card[-4:]


def test_bank_card_in_a_file_reports_code_line_column(project):
    project.write(PATH, relief_with(f"| 王秀兰 | {fake_card()} | 680.00 |"))
    assert pii(project.validate()) == [("GK502", ROW_LINE, 9)]


@pytest.mark.parametrize("text", ["***************0128", "6222 **** **** ***0 128", "尾号 0128"])
def test_masked_bank_card_passes(text):
    assert find(text, as_of=AS_OF) == []


def test_card_with_wrong_luhn_digit_passes():
    card = fake_card()
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert find(wrong, as_of=AS_OF) == []


@pytest.mark.parametrize("written, masked", [
    ("13812345678", "138****5678"), ("138-1234-5678", "138-****-5678"), ("138 1234 5678", "138 **** 5678"),
    ("联系人手机：+8613812345678。", "138****5678"), ("（0086 138 1234 5678）", "138 **** 5678"),
])
def test_private_mobile_is_found(written, masked):
    assert [(f.kind, f.masked) for f in find(written, as_of=AS_OF)] == [("mobile", masked)]


def test_private_mobile_in_a_file_is_an_error(project):
    project.write(PATH, relief_with("| 王秀兰 | 联系电话 13812345678 | 680.00 |"))
    assert pii(project.validate()) == [("GK503", ROW_LINE, 14)]


@pytest.mark.parametrize("text", ["138****5678", "029-84561234", "02984561234", "12345678901", "2026-10-08"])
def test_masked_mobiles_landlines_and_other_numbers_pass(text):
    assert find(text, as_of=AS_OF) == []


def test_units_own_mobile_is_allowed(project):
    units = (project.root / "bulletins/units.yml").read_text(encoding="utf-8")
    units = units.replace("phone: 029-84561234", "phone: [029-84561234, 139-0000-1111]")
    project.write("bulletins/units.yml", units)
    project.write(PATH, relief_with("| 监督 | 村监委主任 13900001111 | 0 |"))
    assert pii(project.validate()) == []


def test_site_allowed_phones_are_allowed(project):
    project.write("mkdocs.yml", "site_name: 测试\nextra:\n  gongkai:\n"
                                "    allowed_phones: ['+86 138 0000 2222']\n")
    project.write(PATH, relief_with("| 热线 | 13800002222 | 0 |"))
    assert pii(project.validate()) == []
    project.write(PATH, relief_with("| 热线 | 13800003333 | 0 |"))
    assert pii(project.validate()) == [("GK503", ROW_LINE, 8)]


def test_every_kind_in_one_line_each_reported():
    number, card = fake_id(), fake_card()
    text = f"王秀兰 {number}，银行卡 {card}，电话 13812345678"
    found = find(text, as_of=AS_OF)
    assert [f.kind for f in found] == ["id", "card", "mobile"]
    assert mask(text, found) == f"王秀兰 610113********1234，银行卡 {'*' * 15}{card[-4:]}，电话 138****5678"


def test_index_numbers_codes_dates_and_amounts_are_not_personal_data(project):
    body_row = "| 合计 | 54610113MF0000013J/2026-00012 | 1,234,567.89 |"
    project.write(PATH, relief_with(body_row))
    assert pii(project.validate()) == []


def test_id_in_a_csv_attachment_is_an_error_with_line_and_column(project):
    rows = f"姓名,身份证号\n王秀兰,{fake_id()}\n李四,610113********1234\n"
    project.write("bulletins/yuhuazhai/2026/relief-list.csv", rows)
    site = project.validate()
    assert [(d.code, d.file, d.line, d.column) for d in site.diagnostics if d.code.startswith("GK50")] == [
        ("GK501", "bulletins/yuhuazhai/2026/relief-list.csv", 2, 5)]
    assert not site.ok


@pytest.mark.parametrize("name, part", [("relief-list.xlsx", "xl/sharedStrings.xml"),
                                        ("relief-list.docx", "word/document.xml")])
def test_id_in_an_office_attachment_is_an_error(project, name, part):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, f"<sst><si><t>王秀兰</t></si><si><t>{fake_id()}</t></si>"
                               f"<si><t>{fake_card()}</t></si></sst>")
    project.write(f"bulletins/yuhuazhai/2026/{name}", buffer.getvalue())
    found = [(d.code, d.file) for d in project.validate().diagnostics if d.code.startswith("GK50")]
    path = f"bulletins/yuhuazhai/2026/{name}"
    assert found == [("GK501", path), ("GK502", path)]


def test_masked_attachments_pass_and_unreadable_ones_need_a_person(project):
    project.write("bulletins/yuhuazhai/2026/list.csv", "姓名,身份证号\n王秀兰,610113********1234\n")
    project.write("bulletins/yuhuazhai/2026/broken.xlsx", b"not a zip")
    project.write("bulletins/yuhuazhai/2026/scan.pdf", b"%PDF-1.4\n")
    found = [(d.code, d.file) for d in project.validate().diagnostics if d.code.startswith("GK50")]
    assert found == [("GK504", "bulletins/yuhuazhai/2026/broken.xlsx"), ("GK504", "bulletins/yuhuazhai/2026/scan.pdf")]
    body = "## 事项\n\n见[名单](broken.xlsx)和[扫描件](scan.pdf)。\n\n## 办理情况\n\n已办理。\n"
    project.write("bulletins/yuhuazhai/2026/general.md",
                  item_text("general", body=body, extra="attachments_checked_by: 李文书"))
    assert [d for d in project.validate().diagnostics if d.code.startswith("GK50")] == []
