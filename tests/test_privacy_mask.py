"""`gongkai mask`: shows a diff of the masked form; --write changes only the matched characters."""

from __future__ import annotations

from conftest import item_text
from gongkai import cli
from stdnum import luhn
from stdnum.cn import ric

PATH = "bulletins/yuhuazhai/2026/relief.md"


def fake_id() -> str:
    body = "61011319580301123"
    return body + ric.calc_check_digit(body + "0")


CARD = "622202123456789012" + luhn.calc_check_digit("622202123456789012")


def relief(rows: str) -> str:
    body = ("## 发放对象\n\n| 姓名 | 证件号码 | 银行卡 | 电话 |\n|---|---|---|---|\n" + rows + "\n\n"
            "## 发放标准\n\n每人每月 680 元。\n\n## 政策依据\n\n《陕西省最低生活保障办法》。\n\n"
            "## 监督电话\n\n029-84561234\n")
    return item_text("relief", body=body)


def test_mask_shows_a_diff_and_leaves_the_file_alone(project, capsys):
    original = relief(f"| 王秀兰 | {fake_id()} | {CARD} | 13812345678 |").encode("utf-8")
    file = project.write(PATH, original)
    code = cli.main(["--root", str(project.root), "mask", str(file)])
    out = capsys.readouterr().out
    assert code == 1  # something to mask: like a failed check until it is written
    assert file.read_bytes() == original
    assert f"-| 王秀兰 | {fake_id()} | {CARD} | 13812345678 |" in out
    assert f"+| 王秀兰 | 610113********1234 | {'*' * 15}{CARD[-4:]} | 138****5678 |" in out
    assert f"{file.as_posix()}:15:9: 身份证号 → 610113********1234" in out
    assert "--write" in out


def test_mask_write_changes_only_the_matched_characters(project, capsys):
    # Windows line endings and a byte-order mark, as Notepad saves them: both must survive.
    text = relief(f"| 王秀兰 | {fake_id()} | {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]} "
                  f"| 138-1234-5678 |\n| 李四 | 6101131958****1234 | 尾号 0128 | 029-84561234 |")
    original = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    file = project.write(PATH, original)
    assert cli.main(["--root", str(project.root), "mask", str(file), "--write"]) == 0
    written = file.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and written.count(b"\r\n") == original.count(b"\r\n")
    assert len(written) == len(original)  # a digit becomes one *: nothing added, nothing removed
    changed = [i for i, (a, b) in enumerate(zip(original, written, strict=True)) if a != b]
    assert all(written[i:i + 1] == b"*" and original[i:i + 1].isdigit() for i in changed)
    assert len(changed) == 8 + 15 + 4  # ID middle, card but last 4, phone middle
    assert "610113********1234 | **** **** **** ***0 128 | 138-****-5678" in written.decode("utf-8")
    capsys.readouterr()
    site = project.validate()
    assert not [d for d in site.diagnostics if d.code.startswith("GK50")]


def test_mask_folder_skips_official_numbers_and_reports_nothing_to_do(project, capsys):
    project.write(PATH, relief("| 监督 | 无 | 无 | 029-84561234 |"))
    assert cli.main(["--root", str(project.root), "mask", str(project.root / "bulletins")]) == 0
    assert "没有发现需要遮盖" in capsys.readouterr().out


def test_mask_folder_finds_every_markdown_file(project, capsys):
    first = project.write(PATH, relief("| 王秀兰 | 无 | 无 | 13812345678 |"))
    second = project.write("bulletins/nanjiang/2026/relief.md", relief(f"| 李四 | {fake_id()} | 无 | 无 |"))
    assert cli.main(["--root", str(project.root), "mask", str(project.root / "bulletins"), "--write"]) == 0
    assert "138****5678" in first.read_text(encoding="utf-8")
    assert "610113********1234" in second.read_text(encoding="utf-8")
    assert "已在 2 个文件中遮盖 2 处" in capsys.readouterr().out


def test_mask_skips_a_file_it_cannot_read_as_utf8(project, capsys):
    data = relief("| 王秀兰 | 无 | 无 | 13812345678 |").encode("gb18030")
    file = project.write(PATH, data)
    assert cli.main(["--root", str(project.root), "mask", str(file), "--write"]) == 0
    assert file.read_bytes() == data
    assert "不是 UTF-8" in capsys.readouterr().err


def test_mask_missing_path(project, capsys):
    assert cli.main(["--root", str(project.root), "mask", str(project.root / "nope.md")]) == 2
    assert "找不到" in capsys.readouterr().err
