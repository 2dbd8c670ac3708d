"""HTML safety: the allow-list removes every construct that can run code or hide text, and the check
warns about each one with its line (GK511–GK514)."""

from __future__ import annotations

import markdown
import pytest
from conftest import item_text
from gongkai.sanitize import clean, unsafe_url

PATH = "bulletins/yuhuazhai/2026/general.md"


@pytest.mark.parametrize("dirty, gone", [
    ("<script>alert(1)</script>", "alert"),
    ("<SCRIPT src=https://evil.example/x.js></SCRIPT>", "evil"),
    ('<iframe src="https://evil.example/"></iframe>', "iframe"),
    ('<object data="x.swf"><embed src="x.swf"></object>', "swf"),
    ('<embed src="https://evil.example/x">', "embed"),
    ('<img src="a.png" onerror="alert(1)">', "onerror"),
    ('<p onclick="alert(1)" onmouseover=alert(2)>文字</p>', "alert"),
    ('<a href="javascript:alert(1)">点</a>', "javascript"),
    ('<a href="java&#09;script:alert(1)">点</a>', "script"),
    ('<a href=" JaVaScRiPt:alert(1)">点</a>', "alert"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "data:"),
    ('<a href="data:text/html,<script>alert(1)</script>">点</a>', "data:"),
    ("<style>.md-content{display:none}</style>", "display"),
    ('<p style="display:none">隐藏</p>', "display"),
    ('<span style="font-size:0;color:#fff">隐藏</span>', "font-size"),
    ('<svg><script>alert(1)</script></svg>', "alert"),
    ('<form action="https://evil.example/"><input name="身份证"></form>', "evil"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "refresh"),
    ('<base href="https://evil.example/">', "evil"),
    ('<div id="__config">{"base":"https://evil.example/"}</div>', "__config"),
    ("<!-- 610113 内部备注 -->", "内部备注"),
])
def test_clean_removes_each_forbidden_construct(dirty, gone):
    assert gone.lower() not in clean(f"<p>前</p>{dirty}<p>后</p>").lower()
    assert "<p>前</p>" in clean(f"<p>前</p>{dirty}<p>后</p>")


def test_clean_keeps_what_markdown_produces():
    source = ("# 标题\n\n## 发放对象\n\n| 姓名 | 金额 |\n|:--|--:|\n| 王秀兰 | 680.00 |\n\n"
              "!!! note \"说明\"\n    内容\n\n[附件](附件.pdf) [政府网](https://www.gov.cn/) ![图](a.png)\n\n"
              "段落\n{: .gk-x #anchor }\n\n<div markdown>**粗体** <sup>1</sup> <br> <del>删</del></div>\n")
    html = markdown.markdown(source, extensions=["tables", "attr_list", "md_in_html", "admonition", "toc"],
                             extension_configs={"tables": {"use_align_attribute": True}})
    cleaned = clean(html)
    for kept in ('<h2 id="_2">发放对象</h2>', '<td align="right">680.00</td>', 'class="admonition note"',
                 '<a href="附件.pdf">', '<a href="https://www.gov.cn/">', '<img alt="图" src="a.png">',
                 'id="anchor"', "<strong>粗体</strong>", "<sup>1</sup>", "<del>删</del>"):
        assert kept in cleaned


@pytest.mark.parametrize("url, unsafe", [
    ("javascript:alert(1)", True), ("JAVASCRIPT:x", True), ("java\nscript:x", True),
    ("java&#x09;script:x", True), ("data:text/html,x", True), ("vbscript:x", True),
    ("https://www.gov.cn/", False), ("mailto:a@b.cn", False),
    ("tel:029-84561234", False), ("../2026/", False), ("附件.pdf", False), ("#章节", False),
])
def test_unsafe_url(url, unsafe):
    assert unsafe_url(url) is unsafe


def warnings(site) -> list[tuple[str, int, int | None]]:
    codes = ("GK511", "GK512", "GK513", "GK514")
    return [(d.code, d.line, d.column) for d in site.diagnostics if d.code in codes]


def general_with(text: str) -> str:
    """A valid 一般村务 item whose body starts at file line 9 with text."""
    return item_text("general", body=text + "\n\n## 事项\n\n修路。\n\n## 办理情况\n\n已完成。")


@pytest.mark.parametrize("line, code, column", [
    ("<script>alert(1)</script>", "GK511", 1),
    ('前文 <iframe src="https://evil.example/"></iframe>', "GK511", 4),
    ('<object data="x.swf"></object>', "GK511", 1),
    ('<embed src="x.swf">', "GK511", 1),
    ('<img src="a.png" onerror="alert(1)">', "GK512", 1),
    ('<a href="javascript:alert(1)">点</a>', "GK513", 1),
    ('<img src="data:image/png;base64,AAAA">', "GK513", 1),
    ("[点这里](javascript:alert(1))", "GK513", 7),
    ("![图](data:image/png;base64,AAAA)", "GK513", 6),
    ("[说明]: javascript:alert(1)", "GK513", 7),
    ("<style>body{display:none}</style>", "GK514", 1),
    ('<p style="display:none">隐藏的内容</p>', "GK514", 1),
    ('一段文字\n{: onclick="alert(1)" }', "GK512", 4),
    ('一段文字\n{: style="color:white" }', "GK514", 4),
])
def test_each_forbidden_construct_is_a_warning_with_line_and_column(project, line, code, column):
    project.write(PATH, general_with(line))
    site = project.validate()
    found = warnings(site)
    assert found and found[0] == (code, 9 + line.count("\n"), column), found
    assert site.ok  # a warning: the sanitised page is published


def test_html_in_code_is_text_and_not_reported(project):
    project.write(PATH, general_with("```html\n<script>alert(1)</script>\n```\n\n"
                                     "行内代码 `<iframe>` 也只是文字"))
    assert warnings(project.validate()) == []


def test_allowed_html_is_not_reported(project):
    project.write(PATH, general_with('<div align="right">鱼化寨村村民委员会<br>2026年10月8日</div>\n\n'
                                     "<sup>1</sup> <mark>重点</mark> [政府网](https://www.gov.cn/)"))
    assert warnings(project.validate()) == []


def test_html_in_the_title_is_reported_on_its_line(project):
    text = general_with("正文").replace("title: 测试事项 general", "title: 通知<script>alert(1)</script>")
    project.write(PATH, text)
    assert warnings(project.validate()) == [("GK511", 2, None)]


SVG = '<svg xmlns="http://www.w3.org/2000/svg"{}>{}</svg>'


@pytest.mark.parametrize("svg, detail", [
    (SVG.format("", "<script>alert(1)</script>"), "<script>"),
    (SVG.format(' onload="alert(1)"', "<rect/>"), "onload"),
    (SVG.format("", '<a href="javascript:alert(1)"><text>x</text></a>'), "href"),
    (SVG.format("", "<foreignObject><iframe/></foreignObject>"), "foreignobject"),
])
def test_svg_attachment_with_a_script_is_an_error(project, svg, detail):
    project.item("yuhuazhai/2026/general.md", "general")
    project.write("bulletins/yuhuazhai/2026/map.svg", '<?xml version="1.0"?>\n' + svg)
    site = project.validate()
    found = [d for d in site.diagnostics if d.code == "GK515"]
    assert found and found[0].file == "bulletins/yuhuazhai/2026/map.svg" and found[0].line == 2
    assert detail in found[0].message and not site.ok


def test_plain_svg_attachment_passes(project):
    project.write("bulletins/yuhuazhai/2026/map.svg", SVG.format(' viewBox="0 0 10 10"', '<rect width="5"/>'))
    assert [d for d in project.validate().diagnostics if d.code == "GK515"] == []


def test_images_from_other_sites_are_dropped_and_reported(project):
    assert clean('<img src="https://tracker.example/a.png" alt="图">') == '<img alt="图">'
    assert clean('<img src="//tracker.example/a.png">') == "<img>"
    assert clean('<img src="照片.jpg">') == '<img src="照片.jpg">'
    project.write(PATH, general_with("![现场照片](https://photos.example/a.jpg)\n\n![本站照片](现场.jpg)"))
    assert warnings(project.validate()) == [("GK513", 9, 9)]
