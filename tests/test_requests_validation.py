"""The register's files are checked like items: every problem in one run, with file, line and a fix."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import item_text
from faker import Faker
from gongkai import report
from gongkai.cli import main
from gongkai.registry import load_catalogue

REQ = "bulletins/yuhua/requests/{}.md"
FB = "bulletins/yuhuazhai/feedback/{}.md"
OURS = re.compile(r"GK(1|5|7)\d\d")


def request_text(**fields: object) -> str:
    data: dict[str, object] = {"request_no": "2026-001", "received": "2026-09-28", "channel": "当面",
                               "applicant_type": "自然人", "subject": "申请公开2025年土地征收补偿款发放明细"}
    data.update(fields)
    front = "\n".join(f"{k}: {v}" for k, v in data.items() if v is not None)
    return f"---\n{front}\n---\n\n答复摘要。\n"


def feedback_text(body: str = "## 问题\n\n村民张某某问：为什么？\n\n## 答复\n\n答复内容。\n", **fields: object) -> str:
    data: dict[str, object] = {"feedback_no": "YK-1", "received": "2026-10-19", "channel": "意见箱",
                               "replied": "2026-10-28"}
    data.update(fields)
    front = "\n".join(f"{k}: {v}" for k, v in data.items() if v is not None)
    return f"---\n{front}\n---\n\n{body}"


def found(project) -> list[tuple[str, str, int]]:
    site = project.validate()
    return sorted((d.code, d.file, d.line) for d in site.diagnostics if OURS.fullmatch(d.code))


def test_valid_files_pass_and_are_not_items(project):
    project.write(REQ.format(1), request_text(replied="2026-10-27", result="部分公开"))
    project.write(FB.format(1), feedback_text())
    site = project.validate()
    assert found(project) == []
    assert site.bulletins == [] and len(site.context.register) == 2


def test_every_field_problem_in_one_run_with_its_line(project):
    text = request_text(channel="微信", received="2026-13-01", applicant_name="张三", subject=None)
    project.write(REQ.format(1), text)
    problems = {(code, line) for code, _, line in found(project)}
    # front matter lines: 2 request_no, 3 received, 4 channel, 5 applicant_type, 6 applicant_name
    assert problems == {("GK106", 3), ("GK112", 4), ("GK102", 6), ("GK101", 1)}
    message = next(d.message for d in project.validate().diagnostics if d.code == "GK102")
    assert "姓名" in message  # the fix says an applicant's name is not written in


@pytest.mark.parametrize(("fields", "code", "line"), [
    ({"replied": "2026-09-25", "result": "予以公开"}, "GK701", 7),  # replied before received
    ({"correction_received": "2026-10-12"}, "GK701", 7),  # no correction_requested
    ({"third_party_sent": "2026-10-13", "third_party_replied": "2026-10-12"}, "GK701", 8),
    ({"replied": "2026-11-20", "result": "予以公开"}, "GK701", 7),  # after the as-of date (2026-11-15)
    ({"extended": "2026-11-02"}, "GK702", 7),  # due 10-30 (test_requests_register): told too late
    # 9-29, 9-30, 10-8, 10-9, 10-10 (调休), 10-12, 10-13, 10-14: the 8th working day after receipt.
    ({"correction_requested": "2026-10-14"}, "GK703", 7),
    ({"replied": "2026-10-27"}, "GK704", 7),  # no result
    ({"result": "予以公开"}, "GK704", 7),  # a result without a reply
    ({"replied": "2026-10-27", "result": "不予公开"}, "GK704", 8),  # no reason
    ({"replied": "2026-10-27", "result": "不予公开", "reason": "保护第三人合法权益"}, "GK704", 9),
    ({"replied": "2026-10-27", "result": "部分公开", "reason": "保护第三方合法权益"}, "GK704", 9),
])
def test_dates_results_and_reasons(project, fields, code, line):
    project.write(REQ.format(1), request_text(**fields))
    assert found(project) == [(code, REQ.format(1), line)]


def test_reason_written_with_its_numbering_and_other_quotes_is_the_templates(project):
    project.write(REQ.format(1), request_text(replied="2026-10-27", result="不予公开",
                                              reason='3.危及"三安全一稳定"'))
    assert found(project) == []


def test_correction_on_the_seventh_working_day_is_in_time(project):
    project.write(REQ.format(1), request_text(correction_requested="2026-10-13"))  # the 7th working day
    assert found(project) == []


def test_wrong_reason_suggests_the_closest(project):
    project.write(REQ.format(1), request_text(replied="2026-10-27", result="不予公开", reason="保护第三人合法权益"))
    message = next(d.message for d in project.validate().diagnostics if d.code == "GK704")
    assert "保护第三方合法权益" in message


def test_duplicate_numbers_and_unknown_about(project):
    project.write(REQ.format("a"), request_text())
    project.write(REQ.format("b"), request_text())
    project.write(FB.format(1), feedback_text(about="54610113MF0000001Y/2026-99999"))
    assert found(project) == [("GK705", REQ.format("b"), 2), ("GK706", FB.format(1), 6)]


def test_about_an_existing_item_is_fine(project):
    project.item("yuhuazhai/2026/general.md", "general", extra="index_no: 54610113MF0000001Y/2026-00042")
    project.write(FB.format(1), feedback_text(about="54610113MF0000001Y/2026-00042"))
    assert found(project) == []


def test_names_ids_and_phones_of_applicants_are_errors():
    fake = Faker("zh_CN")
    Faker.seed(18)
    for _ in range(20):
        name, masked = fake.name(), fake.last_name() + "某某"
        text = f"申请人：{name}\n村民{masked}反映路灯不亮。"
        from gongkai.requests_model import Case
        from gongkai.rules.requests import name_problems

        case = Case(kind="request", unit="yuhua", path="x.md", no="1", received=dt.date(2026, 1, 5),
                    channel="当面", replied=None, body=text, body_line=7)
        problems = name_problems(case)
        assert [(p.code, p.line) for p in problems] == [("GK707", 7)], name
        assert f"{name[0]}某某" in problems[0].message


def test_personal_data_in_a_register_file(project):
    fake = Faker("zh_CN")
    Faker.seed(7)
    body = f"## 问题\n\n村民来电人：{fake.name()}，身份证号 {fake.ssn()}，电话 {fake.phone_number()}\n"
    project.write(FB.format(1), feedback_text(body=body, replied=None))
    codes = [code for code, _, _ in found(project)]
    assert sorted(codes) == ["GK501", "GK503", "GK707"]


def test_a_question_needs_its_question_and_its_reply(project):
    project.write(FB.format(1), feedback_text(body="问了什么。\n"))
    project.write(FB.format(2), feedback_text(body="## 问题\n\n问了什么。\n", feedback_no="YK-2"))
    assert found(project) == [("GK708", FB.format(1), 7), ("GK708", FB.format(2), 5)]


# --- the annual report's part 三 ---------------------------------------------------------------------

ANNUAL = "bulletins/yuhua/2027/annual-report-2026.md"


def _register(project) -> None:
    project.write(REQ.format(1), request_text(replied="2026-10-27", result="予以公开"))
    project.write(REQ.format(2), request_text(request_no="2026-002", applicant_type="商业企业",
                                              replied="2026-10-30", result="无法提供",
                                              reason="本机关不掌握相关政府信息"))
    project.write(REQ.format(3), request_text(request_no="2026-003", received="2026-12-28"))


def _annual(project, table: str) -> None:
    sections = load_catalogue(project.root)[0]["annual-report"].sections
    body = "".join(f"## {s}\n\n{table if s.startswith('三') else '内容。'}\n\n" for s in sections)
    project.write(ANNUAL, item_text("annual-report", body=body, period="2026", published="2027-01-20"))


def test_report_fills_part_three_from_the_register_and_it_checks(project, capsys, monkeypatch):
    monkeypatch.setenv("GONGKAI_AS_OF", "2027-01-20")
    _register(project)
    assert main(["--root", str(project.root), "report", "--unit", "yuhua", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    rows = {[c.strip() for c in line.split("|")[1:4] if c.strip()][-1]: [c.strip() for c in line.split("|")[4:11]]
            for line in out.split("\n") if line.startswith("| ") and any(c.strip() for c in line.split("|")[1:4])}
    assert rows["一、本年新收政府信息公开申请数量"] == ["2", "1", "0", "0", "0", "0", "3"]
    assert rows["（一）予以公开"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert rows["1.本机关不掌握相关政府信息"] == ["0", "1", "0", "0", "0", "0", "1"]
    assert rows["（七）总计"] == ["1", "1", "0", "0", "0", "0", "2"]
    assert rows["四、结转下年度继续办理"] == ["1", "0", "0", "0", "0", "0", "1"]
    table = out.split("## 三、收到和处理政府信息公开申请情况")[1].split("## 四")[0].strip()
    _annual(project, table)
    site = project.validate(dt.date(2027, 1, 20))
    assert [d.code for d in site.diagnostics if d.file == ANNUAL and d.code in ("GK611", "GK709")] == []


def test_a_hand_written_part_three_is_compared_with_the_register(project):
    _register(project)
    table = report.part_three().replace(report.CELL, "0")
    new = "| 一、本年新收政府信息公开申请数量 |  |  | "
    table = table.replace(new + "0 | 0 |", new + "1 | 1 |")
    _annual(project, table)
    problems = [d for d in project.validate(dt.date(2027, 1, 20)).diagnostics if d.code == "GK709"]
    messages = " ".join(p.message for p in problems)
    assert "本年新收" in messages and "“自然人”列写 1，登记为 2" in messages
    assert "（七）总计" in messages and "结转下年度" in messages
