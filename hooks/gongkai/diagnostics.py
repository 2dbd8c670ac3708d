"""Diagnostics and THE table of codes.

Every problem gongkai reports is a Diagnostic built from one entry of CODES: the code, its
severity, what it means and how to fix it. The clerk's guide (diagnostic reference) is generated
from this table, so the two cannot drift.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str  # what is wrong, in a few words
    fix: str  # how to fix it, said to a clerk


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str  # path relative to the project root, with forward slashes
    line: int  # 1-based; the offending key or heading, else the first line
    code: str
    severity: Severity
    message: str  # Chinese: what is wrong here and how to fix it
    column: int | None = None

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        if self.column is None:
            del data["column"]
        return data

    def human(self) -> str:
        where = f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")
        level = "错误" if self.severity == "error" else "警告"
        return f"{where}: {self.code} [{level}] {self.message}"


_TABLE = [
    # Files and encodings
    Code("GK001", "error", "文件不是 UTF-8 编码", "请用编辑器把文件另存为“UTF-8”编码（记事本：另存为 → 编码选 UTF-8；VS Code：右下角编码 → 通过编码保存 → UTF-8）"),
    Code("GK002", "error", "文件是空的", "请按模板填写：文件开头写 --- 包起来的元数据，下面写正文；或者删除这个文件"),
    Code("GK003", "error", "缺少元数据（front matter）", "文件第一行必须是 ---，接着写 title、category 等字段，再用一行 --- 结束"),
    Code("GK004", "error", "元数据 YAML 写法有误", "每行写成“字段名: 值”，冒号用英文半角“:”且后面加一个空格；缩进只用空格，不要用 Tab"),
    Code("GK005", "error", "元数据不是“字段: 值”的列表", "元数据的每一行都应写成“字段名: 值”，例如 title: 2026年第三季度村级财务收支公开"),
    Code("GK006", "error", "文件所在的文件夹不是已登记的单位", "把文件放到 bulletins/<单位id>/ 下，单位 id 必须在 bulletins/units.yml 中登记；或在 units.yml 中增加这个单位"),
    Code("GK007", "error", "文件不会被发布", "公开事项必须是 bulletins/<单位id>/ 下扩展名为 .md（小写）的文件：请移动或改名，不需要的文件请删除"),
    Code("GK008", "error", "文件名不可用", "文件名不能叫 index.md，请换一个名字，例如 finance-2026-07.md"),
    # Registry files
    Code("GK010", "error", "units.yml 有误", "按指南中“单位登记”一节修改 bulletins/units.yml：每个单位写 id、name、kind、code 等字段"),
    Code("GK011", "error", "catalogue.yml 有误", "按指南中“公开目录”一节修改 bulletins/catalogue.yml"),
    Code("GK012", "error", "calendar.yml 有误", "bulletins/calendar.yml 只写 holidays:（放假日）和 workdays:（调休上班日）两个日期列表，每行一个日期，写成 - 2027-01-01；按国务院办公厅当年的节假日安排通知填写"),
    Code("GK013", "error", "mkdocs.yml 中 extra.gongkai 的设置有误", "按指南修改 mkdocs.yml 的 extra: gongkai: 部分（allowed_phones 见“个人信息与网页安全”，poster_size 见“公开栏海报”，fail_on 见“公开情况”）；改正之前，写错的设置项按默认值处理"),
    # Front matter fields
    Code("GK101", "error", "缺少必填字段", "在元数据中补上这个字段"),
    Code("GK102", "error", "未知字段", "检查字段名是否拼写错误；可用的字段见使用指南“元数据字段”"),
    Code("GK103", "error", "未知的公开类别", "category 必须是公开目录中的类别 id，例如 finance、decision；完整列表见使用指南“公开目录”"),
    Code("GK104", "error", "公开类型与类别不符", "type 应与公开目录中该类别的公开类型一致（standing 固定公开 / periodic 定期公开 / immediate 及时公开）"),
    Code("GK105", "error", "该类别不适用于本单位", "换成适用于本单位类型的类别，或把文件放到正确的单位文件夹"),
    Code("GK106", "error", "日期写法有误", "日期请写成 YYYY-MM-DD，例如 2026-10-08，不要加引号、不要写“年月日”或斜杠"),
    Code("GK107", "error", "定期公开缺少所属期间", "定期公开事项要写 period，例如 period: 2026-Q3"),
    Code("GK108", "error", "所属期间写法有误", "period 写成 2026（年度）、2026-H1/H2（半年）、2026-Q1～Q4（季度）或 2026-07（月度）"),
    Code("GK109", "warning", "所属期间比公开周期长",
         "按本单位该类别的公开周期写 period（例如每季度公开写 2026-Q3）；本单位确实按更长的周期公开的，"
         "在 bulletins/units.yml 该单位的 overrides 中设置 cadence。比公开周期短的期间（如按月公开）照常接受"),
    Code("GK110", "error", "及时公开缺少事件日期", "及时公开事项要写 event_date（事项决定或信息形成的日期），例如 event_date: 2026-10-01"),
    Code("GK111", "error", "事件日期晚于发布日期", "event_date 不能晚于 published，请核对两个日期"),
    Code("GK112", "error", "字段的值不正确", "按使用指南“元数据字段”填写这个字段"),
    Code("GK113", "error", "撤回事项缺少撤回原因", "status: withdrawn 的事项必须写 withdrawn_reason，说明撤回原因"),
    Code("GK114", "error", "缺少审核签字", "该类别须经村务监督委员会等审核：请填写 reviewed_by（审核机构）和 reviewed_on（审核日期）"),
    Code("GK115", "warning", "审核日期晚于发布日期", "应先审核、后公开：请核对 reviewed_on 和 published"),
    Code("GK116", "warning", "发布日期在今天之后", "published 是事项上墙、上网的日期，不能晚于今天；请核对日期"),
    Code("GK117", "error", "缺少定期公开或及时公开的必要信息", "请删除不属于该公开类型的字段"),
    # Sections
    Code("GK201", "error", "缺少必备栏目", "按公开目录加上这个二级标题（## 标题），并在下面写内容"),
    Code("GK202", "error", "栏目内容为空", "在这个标题下面写上内容；确实没有的写“无”或说明原因"),
    Code("GK203", "error", "表格紧接在文字下面，网页上显示不成表格",
         "在表格第一行（表头）的上面空一行：表格和上面的文字（如“单位：元”）之间要有一个空行"),
    # References between items
    Code("GK301", "error", "索引号重复", "索引号必须唯一：删除手写的 index_no（系统会自动生成），或改成不重复的号"),
    Code("GK302", "error", "follows 指向的事项不存在", "follows 写被跟进事项（如四议两公开决议）的索引号，请核对"),
    Code("GK303", "error", "supersedes 指向的事项不存在", "supersedes 写被更正、替换的原事项的索引号，请核对"),
    Code("GK304", "warning", "索引号前段不是本单位的机构代码", "索引号写成“本单位机构代码/年份-序号”，或删除 index_no 让系统自动生成"),
]

CODES: dict[str, Code] = {c.code: c for c in _TABLE}


def register(*codes: Code) -> None:
    """Add the codes of a rule family (each family module registers its own)."""
    for code in codes:
        if code.code in CODES and CODES[code.code] != code:
            raise ValueError(f"diagnostic code {code.code} defined twice")
        CODES[code.code] = code


def diag(code: str, file: str, line: int, detail: str, *, fix: str | None = None,
         column: int | None = None) -> Diagnostic:
    """A diagnostic: the specific detail, then how to fix it (the table's text unless given)."""
    entry = CODES[code]
    message = f"{detail.rstrip('。')}。{fix or entry.fix}"
    return Diagnostic(file, max(1, line), code, entry.severity, message, column)


_VALUE_ERRORS = {
    "missing": "缺少这一项", "extra_forbidden": "不认识这个字段", "string_type": "应写文字",
    "string_too_short": "不能为空", "string_pattern_mismatch": "格式不对", "int_type": "应写整数",
    "int_parsing": "应写整数", "int_from_float": "应写整数", "bool_type": "应写 true 或 false",
    "bool_parsing": "应写 true 或 false", "list_type": "应写成列表（每行一个“- 值”）",
    "dict_type": "应写成“字段: 值”的形式", "model_type": "应写成“字段: 值”的形式",
    "literal_error": "只能是 {expected}", "date_type": "应写成 YYYY-MM-DD 日期", "date_parsing": "应写成 YYYY-MM-DD 日期",
    "date_from_datetime_parsing": "应写成 YYYY-MM-DD 日期", "greater_than_equal": "不能小于 {ge}",
}


def error_text(error: dict[str, Any]) -> str:
    """A pydantic validation error in Chinese: what the value should be."""
    wording = _VALUE_ERRORS.get(error["type"], "值不正确")
    try:
        context = {k: str(v).replace(" or ", " 或 ") for k, v in (error.get("ctx") or {}).items()}
        return wording.format(**context)
    except (KeyError, IndexError):
        return wording


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def to_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2)


def format_human(diagnostics: list[Diagnostic]) -> str:
    """Grouped by file, then a count: what `gongkai check` and the build print."""
    lines: list[str] = []
    current = None
    for d in sorted(diagnostics, key=lambda d: (d.file, d.line, d.code)):
        if d.file != current:
            if current is not None:
                lines.append("")
            current = d.file
        lines.append(d.human())
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if lines:
        lines.append("")
    lines.append(f"共 {errors} 个错误，{warnings} 个警告。" if diagnostics else "检查通过：没有发现问题。")
    return "\n".join(lines)
