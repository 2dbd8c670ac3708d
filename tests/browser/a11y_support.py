"""What the accessibility tests share: the page types of the example site, the 大字 switch, axe-core."""

from __future__ import annotations

import json
import pathlib

PROJECT = pathlib.Path(__file__).resolve().parents[2]
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"  # `npm ci` (.ci/run) installs it

# One page of every type the site has: (name, site-relative URL).
PAGE_TYPES = [
    ("home", ""),
    ("units", "units/"),
    ("unit", "yuhuazhai/"),
    ("item-standing", "yuhuazhai/2026/profile/"),
    ("item-periodic-finance", "yuhuazhai/2026/finance-2026-09/"),
    ("item-board-photos", "yuhuazhai/2026/finance-2026-08/"),  # 上墙照片 and the attachments list
    ("item-immediate", "yuhuazhai/2026/decision-2026-05-12-road/"),
    ("item-superseded", "yuhuazhai/2026/relief-2026-q3/"),
    ("compliance", "compliance/"),
    ("compliance-no-board-photo", "compliance/no-board-photo/"),  # the board's 未见上墙照片 filter
    ("requests-lookup", "yuhua/requests/?no=2026-007"),  # 依申请公开: the lookup showing a status
    ("item-question", "yuhuazhai/2026/relief-2026-q3-correction/"),  # a question answered late
    ("search-results", "search/?q=%E8%B4%A2%E5%8A%A1"),
    ("category", "categories/finance/"),
    ("guide", "guide/"),
    ("guide-fields", "guide/fields/"),
    ("poster-print-item", "posters/yuhuazhai/2026/finance-2026-09/"),
    ("poster-print-board", "posters/yuhuazhai/"),
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
MODES = ("normal", "large")  # large: 适老模式 (大字), switched on the way a visitor's earlier choice does
LARGE_KEY = "gk-large"  # the localStorage key theme/assets/javascripts/gongkai-large.js reads
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def open_page(page, url: str, mode: str) -> None:
    """Load `url` in `mode`; wait until the search page has its results, if it is the search page."""
    value = "1" if mode == "large" else "0"
    page.add_init_script(f"try {{ localStorage.setItem({LARGE_KEY!r}, {value!r}); }} catch (e) {{}}")
    page.goto(url)
    page.wait_for_load_state("load")
    if page.locator("#gk-search").count():
        page.wait_for_selector("#gk-search[data-state=ready] .gk-search__result", timeout=15_000)


def axe_violations(page, mode: str = "normal") -> list[dict]:
    """Run axe-core (WCAG 2.2 A/AA and best practices; in 大字 mode also the 7:1 text contrast of
    WCAG AAA, rule color-contrast-enhanced) on the loaded page; its violations, shortened."""
    page.evaluate(AXE.read_text("utf-8"))  # evaluated by the driver: the page's CSP (rightly) forbids a <script>
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    if mode == "large":
        options["rules"] = {"color-contrast-enhanced": {"enabled": True}}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [(n["target"], n.get("failureSummary", "")[:200]) for n in v["nodes"][:5]],
             "count": len(v["nodes"])} for v in result["violations"]]


def describe(violations: list[dict]) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)
