#!/usr/bin/env python3
"""The site's colour pairs and their WCAG 2.x contrast ratios, computed with coloraide from the custom
properties in theme/assets/stylesheets/gongkai-a11y.css (normal and 大字 mode).

    python scripts/palette.py        # prints the Markdown table that docs/dev/accessibility.md holds

tests/test_palette.py checks every pair against its minimum and the table in the docs against this."""

from __future__ import annotations

import pathlib
import re
from typing import NamedTuple

from coloraide import Color

CSS = pathlib.Path(__file__).resolve().parent.parent / "theme" / "assets" / "stylesheets" / "gongkai-a11y.css"
WHITE = "#ffffff"
LARGE_MINIMUM = 7.0  # 适老版: text contrast 7:1 (WCAG 2.2 1.4.6, AAA)


class Pair(NamedTuple):
    what: str
    fg: str  # a custom property name (without --) or a colour
    bg: str
    minimum: float  # in normal mode: 4.5 for text (all pairs here are text); 大字 mode asks 7 (LARGE_MINIMUM)


# What each pair is used for; both modes are checked (大字 asks 7:1 of text, 3:1 of borders).
PAIRS = [
    Pair("页眉、按钮：白字红底", "gk-on-red", "gk-red", 4.5),
    Pair("链接、按钮边框：红字白底", "gk-red", WHITE, 4.5),
    Pair("链接悬停、键盘焦点框", "gk-red-dark", WHITE, 4.5),
    Pair("正文", "gk-text", WHITE, 4.5),
    Pair("辅助信息（日期、面包屑）", "gk-muted", WHITE, 4.5),
    Pair("表头文字", "gk-text", "gk-head-bg", 4.5),
    Pair("警示横幅、“已被更正替代”标记", "gk-warn", "gk-warn-bg", 4.5),
    Pair("横幅中的链接", "gk-red", "gk-warn-bg", 4.5),
    Pair("实施结果横幅中的链接", "gk-red", "gk-ok-bg", 4.5),
    Pair("“建议”标记", "gk-caution", "gk-caution-bg", 4.5),
    Pair("搜索命中高亮中的文字", "gk-text", "gk-mark-bg", 4.5),
    Pair("搜索命中高亮中的链接", "gk-red", "gk-mark-bg", 4.5),
    Pair("状态：按时", "gk-s-ok", "gk-s-ok-bg", 4.5),
    Pair("状态：逾期", "gk-s-late", "gk-s-late-bg", 4.5),
    Pair("状态：缺失", "gk-s-miss", "gk-s-miss-bg", 4.5),
    Pair("状态：待复核", "gk-s-stale", "gk-s-stale-bg", 4.5),
    Pair("状态：未完成", "gk-s-open", "gk-s-open-bg", 4.5),
    Pair("状态：暂无", "gk-s-none", "gk-s-none-bg", 4.5),
]


def _block(css: str, selector: str) -> dict[str, str]:
    start = css.index(selector + " {")
    body = css[start:css.index("}", start)]
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", body))


def palettes(css: str | None = None) -> dict[str, dict[str, str]]:
    """{"normal": {name: colour}, "large": {...}}: 大字 mode overrides some of the normal colours."""
    css = css if css is not None else CSS.read_text("utf-8")
    normal = _block(css, ":root, :root > *")
    return {"normal": normal, "large": {**normal, **_block(css, "html.gk-large, html.gk-large > *")}}


def ratio(fg: str, bg: str) -> float:
    return round(Color(fg).contrast(Color(bg), method="wcag21"), 2)


class Row(NamedTuple):
    pair: Pair
    fg: str
    bg: str
    ratio: float
    large_fg: str
    large_bg: str
    large_ratio: float


def rows() -> list[Row]:
    """Every pair with its colours and ratio in the normal and the 大字 mode."""
    colours = palettes()

    def colour(name: str, mode: str) -> str:
        return name if name.startswith("#") else colours[mode][name]

    out = []
    for pair in PAIRS:
        fg, bg = colour(pair.fg, "normal"), colour(pair.bg, "normal")
        large_fg, large_bg = colour(pair.fg, "large"), colour(pair.bg, "large")
        out.append(Row(pair, fg, bg, ratio(fg, bg), large_fg, large_bg, ratio(large_fg, large_bg)))
    return out


def table() -> str:
    lines = ["| 用途 | 前景 | 背景 | 对比度 | 大字模式前景 / 背景 | 大字模式对比度 |", "|---|---|---|---:|---|---:|"]
    lines += [f"| {r.pair.what} | `{r.fg}` | `{r.bg}` | {r.ratio:.2f}:1 | `{r.large_fg}` / `{r.large_bg}` | "
              f"{r.large_ratio:.2f}:1 |" for r in rows()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
