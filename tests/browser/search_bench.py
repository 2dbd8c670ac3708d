"""Time the search page in headless Chromium on a built index (not a test; run by hand).

    python tests/browser/search_bench.py SITE_DIR [--path search/] [QUERY ...]

SITE_DIR is served over HTTP on 127.0.0.1; the page at --path must hold ``#gk-search``. For each
query it types the query, waits for the results and prints the milliseconds from the input event
to the rendered results and the bytes of index files fetched for that query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from urllib.parse import quote

from browser_support import CHROMIUM, LAUNCH_ARGS, serve_directory

DEFAULT_QUERIES = ["村务监督委员会", "低保", "宅基地", "財務收支", "基地", "四议两公开", "電子政務",
                   "补偿标准", "路灯安装", "政府信息公开"]

FETCHED = """() => performance.getEntriesByType("resource")
  .filter(e => e.name.includes("/search/") && !e.name.endsWith(".html"))
  .reduce((n, e) => n + e.encodedBodySize, 0)"""


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--path", default="search/")
    ap.add_argument("queries", nargs="*", default=DEFAULT_QUERIES)
    args = ap.parse_args(argv)
    with serve_directory(args.site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + args.path)
        page.wait_for_selector("#gk-search[data-state=ready]")
        before = page.evaluate(FETCHED)
        print(f"page load: {before} bytes of index files (index.json)")
        times = []
        for query in args.queries:
            start_bytes = page.evaluate(FETCHED)
            t0 = page.evaluate("performance.now()")
            page.fill("#gk-search-q", query)
            page.wait_for_function(
                "q => { const r = document.getElementById('gk-search');"
                " return r.dataset.state === 'ready' && r.dataset.query === q; }", arg=query)
            t1 = page.evaluate("performance.now()")
            count = page.get_attribute("#gk-search", "data-count")
            fetched = page.evaluate(FETCHED) - start_bytes
            times.append(t1 - t0)
            in_page = page.get_attribute("#gk-search", "data-ms")
            print(f"{query}\t{count} results\t{t1 - t0:.0f} ms (in page: {in_page} ms)\t{fetched} bytes")
        print(f"median {statistics.median(times):.0f} ms over {len(times)} queries")
        # a cold first query: a new page opened at ?q=
        cold = browser.new_page(viewport={"width": 390, "height": 844})
        cold.goto(base + args.path + "?q=" + quote(args.queries[0]))
        cold.wait_for_selector("#gk-search[data-state=ready]")
        print(f"cold first query {args.queries[0]}: {cold.evaluate(FETCHED)} bytes incl. index.json,"
              f" {cold.get_attribute('#gk-search', 'data-ms')} ms after the index loaded")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
