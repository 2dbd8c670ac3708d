"""`gongkai report`: a draft 政府信息公开工作年度报告 in the 2021 template (国办公开办函〔2021〕30号).

Six parts; the tables of parts 二, 三 and 四 have the template's rows and columns (merged cells of
the template are empty cells here). What the site knows is filled in: the items the unit published
that year, by category, and the 行政规范性文件 it issued. Everything else is a 【待填】 blank; the
annual-report rules refuse to publish a blank (GK613), and the filled-in draft passes the part 三 check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys
from collections import Counter

from .model import Bulletin, Unit
from .periods import Period
from .requests_model import RESULT_ROWS
from .requests_register import PartThree
from .requests_register import part_three as part_three_of
from .rules.annual_report import APPLICANTS, BLANK, CATEGORY
from .rules.schema import suggest
from .site import Site
from .validate import validate_site

CELL = BLANK + "】"
TEMPLATE = "国办公开办函〔2021〕30号"
SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项")

_NUMBERS = "一二三四五六七八九"


def part_three_rows() -> list[tuple[tuple[str, str, str], tuple[str, ...]]]:
    """Part 三 rows below the header: the three label cells of the template, and the register's row key."""
    rows: list[tuple[tuple[str, str, str], tuple[str, ...]]] = [
        (("一、本年新收政府信息公开申请数量", "", ""), ("new",)),
        (("二、上年结转政府信息公开申请数量", "", ""), ("carried_in",))]
    for number, (result, label, reasons) in enumerate(RESULT_ROWS):
        first = "三、本年度办理结果" if number == 0 else ""
        if not reasons:
            rows.append(((first, label, ""), ("result", result)))
        for index, reason in enumerate(reasons):
            rows.append(((first, label if index == 0 else "", f"{index + 1}.{reason}"), ("result", result, reason)))
    return rows + [(("", f"（{_NUMBERS[len(RESULT_ROWS)]}）总计", ""), ("total",)),
                   (("四、结转下年度继续办理", "", ""), ("carried_out",))]


_OVERALL = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = [_row(header), _row(["---"] * len(header))] + [_row(r) for r in rows]
    return "\n".join(lines)


def blank(what: str = "") -> str:
    return f"{BLANK}：{what}】" if what else CELL


def published_in(site: Site, unit_id: str, year: int) -> list[Bulletin]:
    return [b for b in site.bulletins if b.unit == unit_id and b.published.year == year]


def counts_by_category(site: Site, unit_id: str, year: int) -> list[tuple[str, int]]:
    """(category name, items published that year) in catalogue order, categories with items only."""
    counts = Counter(b.category for b in published_in(site, unit_id, year))
    return [(c.name, counts[c.id]) for c in site.context.catalogue.values() if counts[c.id]]


def part_one(site: Site, unit: Unit, year: int) -> str:
    counts = counts_by_category(site, unit.id, year)
    total = sum(n for _, n in counts)
    out = [blank(f"概述{year}年本机关政府信息公开工作的总体情况"), "", f"### {_OVERALL[0]}", ""]
    if counts:
        rows = [[name, str(n)] for name, n in counts] + [["合计", str(total)]]
        out += [f"{year}年，{unit.name}在本站主动公开政府信息 {total} 条，"
                "按公开类别统计如下（本站统计）：", "", _table(["公开类别", "条数"], rows), ""]
    else:
        out += [f"本站没有{unit.name}{year}年发布的公开事项。", ""]
    out += [blank("主动公开工作的其他情况，如政府网站、政务新媒体、公开栏等渠道的发布情况"), ""]
    for title in _OVERALL[1:]:
        out += [f"### {title}", ""] + secrecy_lines(site, unit, year, title) + [blank(f"{title[3:]}方面的情况"), ""]
    return "\n".join(out)


def secrecy_lines(site: Site, unit: Unit, year: int, title: str) -> list[str]:
    """Under （三）政府信息管理: how many of the year's items record a 保密审查 before publication (secrecy_review)."""
    items = published_in(site, unit.id, year)
    if title != _OVERALL[2] or not items:
        return []
    reviewed = sum(1 for item in items if item.secrecy_review and item.secrecy_review.on <= item.published)
    return [f"落实公开前保密审查：本站{year}年发布的 {len(items)} 条公开事项中，{reviewed} 条记录了发布前的保密审查"
            "（本站统计）。", ""]


def part_two(site: Site, unit: Unit, year: int) -> str:
    """Template part 二: 第二十条第（一）（五）（六）（八）项."""
    normative = site.context.catalogue.get("normative-doc")
    issued = CELL
    if normative and unit.kind in normative.applies_to:
        issued = str(sum(b.category == "normative-doc" for b in published_in(site, unit.id, year)))
    rows = [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", CELL, CELL, CELL],
        ["行政规范性文件", issued, CELL, CELL],
        ["第二十条第（五）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", CELL, "", ""],
        ["第二十条第（六）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政处罚", CELL, "", ""],
        ["行政强制", CELL, "", ""],
        ["第二十条第（八）项", "", "", ""],
        ["信息内容", "本年收费金额（单位：万元）", "", ""],
        ["行政事业性收费", CELL, "", ""],
    ]
    note = (f"（行政规范性文件“本年制发件数”为本站{year}年发布的规范性文件条数，请核对。）"
            if issued != CELL else "")
    return _table(["第二十条第（一）项", "", "", ""], rows) + ("\n\n" + note if note else "")


def register_counts(site: Site, unit: Unit, year: int) -> PartThree | None:
    """Part 三 counted from the unit's 依申请公开 register, when it keeps one for the year."""
    cases = [c for c in site.context.register if c.unit == unit.id and c.kind == "request"]
    if not cases or year < min(c.received.year for c in cases):
        return None
    return part_three_of(cases, year)


def part_three(counted: PartThree | None = None) -> str:
    """The template's table: the register's counts, or 【待填】 in every count cell."""
    applicants = list(APPLICANTS)  # 自然人, five kinds of 法人或其他组织, 总计
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    header = [note, "", "", "申请人情况"] + [""] * 6
    rows = [["", "", "", applicants[0], "法人或其他组织", "", "", "", "", applicants[-1]],
            ["", "", "", "", *applicants[1:-1], ""]]
    for labels, key in part_three_rows():
        cells = [str(counted.get(key, a)) for a in applicants] if counted else [CELL] * len(applicants)
        rows.append([*labels, *cells])
    return _table(header, rows)


def part_three_text(site: Site, unit: Unit, year: int) -> str:
    counted = register_counts(site, unit, year)
    if counted is None:
        return part_three()
    return part_three(counted) + (
        f"\n\n（本表由本站依申请公开登记（bulletins/{unit.id}/requests/）统计：按收到日期计新收、"
        f"按答复日期计办理结果，{year}年12月31日前未答复的计入结转下年度。）")


def part_four() -> str:
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    header = ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9
    rows = [results + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
            [""] * 5 + results + results,
            [CELL] * 15]
    return _table(header, rows)


def draft(site: Site, unit_id: str, year: int) -> str:
    """The Markdown draft (front matter included) of one unit's annual report for one year."""
    unit = site.context.units[unit_id]
    category = site.context.category_for(unit_id, CATEGORY)
    due = category.deadline(Period(year, 1, "yearly")) if category else dt.date(year + 1, 3, 31)
    title = f"{unit.name}{year}年政府信息公开工作年度报告"
    phone = "、".join(unit.phones) or blank("电话")
    front = "\n".join([
        "---", f"title: {title}", f"category: {CATEGORY}", "type: periodic", f"period: {year}",
        f'published: "{blank(f"发布日期，写成 YYYY-MM-DD，最迟 {due.isoformat()}")}"', "---"])
    intro = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国"
             f"政府信息公开工作年度报告格式》（{TEMPLATE}）编制，包括总体情况、主动公开政府信息情况、"
             f"收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进"
             f"情况、其他需要报告的事项。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
             f"如对本报告有疑问，请与{unit.name}{blank('负责政府信息公开的机构')}联系"
             f"（地址：{blank('办公地址')}；电话：{phone}）。")
    notice = (f"> 草稿说明：本草稿由 gongkai report 根据本站{year}年公开的事项生成，已填入本站掌握的"
              f"数字。“{CELL}”处请按实际填写（表格中没有的填 0），填完后删除本说明；还有“{CELL}”时"
              f" gongkai check 会报错，不能发布。第三部分表格须满足：第一项加第二项之和，等于第三项加"
              f"第四项之和。")
    body = [
        front, "", f"# {title}", "", intro, "", notice, "",
        f"## {SECTIONS[0]}", "", part_one(site, unit, year),
        f"## {SECTIONS[1]}", "", part_two(site, unit, year), "",
        f"## {SECTIONS[2]}", "", part_three_text(site, unit, year), "",
        f"## {SECTIONS[3]}", "", part_four(), "",
        f"## {SECTIONS[4]}", "",
        blank("本年度政府信息公开工作存在的主要问题，上一年度问题的改进情况，下一步改进措施"), "",
        f"## {SECTIONS[5]}", "",
        blank("依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，以及其他需要报告的事项；"
              "没有的写“无”"),
    ]
    return "\n".join(body) + "\n"


def cmd_report(args: argparse.Namespace) -> int:
    site = validate_site(args.root)
    units = site.context.units
    if args.unit not in units:
        print(f"错误：没有 id 为“{args.unit}”的单位{suggest(args.unit, list(units))}"
              "（单位见 bulletins/units.yml）", file=sys.stderr)
        return 2
    unit = units[args.unit]
    category = site.context.catalogue.get(CATEGORY)
    if category is None or unit.kind not in category.applies_to:
        print(f"错误：{unit.name}不编制政府信息公开工作年度报告（公开目录中该类别不适用于这类单位）",
              file=sys.stderr)
        return 2
    text = draft(site, args.unit, args.year)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    blanks = text.count(BLANK)
    print(f"已写入 {args.out}（还有 {blanks} 处“{CELL}”待填写）。填完后放到 "
          f"bulletins/{unit.id}/{args.year + 1}/annual-report-{args.year}.md，再运行 gongkai check。",
          file=sys.stderr)
    return 0


def add_command(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="生成政府信息公开工作年度报告草稿（2021 年格式）")
    report.add_argument("--unit", required=True, help="单位 id（bulletins/units.yml 中的 id）")
    report.add_argument("--year", required=True, type=int, help="报告年度，如 2026")
    report.add_argument("--out", type=pathlib.Path, default=None, help="写入的文件；不写则输出到屏幕")
    report.set_defaults(run=cmd_report)
