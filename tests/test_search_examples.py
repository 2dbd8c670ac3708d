"""Search on the example site (bulletins/): what a villager types finds the item they want in the top 5."""

from __future__ import annotations

import pathlib

import pytest
from gongkai.search import SearchDoc, build_search_index, normalise
from gongkai.search.bench import markdown_to_text
from gongkai.search.build import indexed_text
from gongkai.search.query import IndexReader
from gongkai.validate import validate_site

PROJECT = pathlib.Path(__file__).resolve().parent.parent

# (query, the item it should find in the top 5); traditional forms included.
EXPECTED = [
    ("低保", "yuhuazhai/2026/relief-2026-q3/"),
    ("第三季度低保", "nanjiang/2026/relief-2026-q3/"),
    ("最低生活保障", "yanta-minzheng/2026/service-guide-dibao/"),
    ("機動地", "nanjiang/2026/decision-2026-08-20-land-lease/"),
    ("发包", "nanjiang/2026/decision-2026-08-20-land-lease/"),
    ("高齡老人", "yuhua/2026/service-guide-elderly-allowance/"),
    ("80周岁", "yuhua/2026/service-guide-elderly-allowance/"),
    ("雨污分流", "yuhua/2026/project-2026-09-10-drainage/"),
    ("文化廣場", "yuhuazhai/2026/project-2026-07-06-square/"),
    ("巷道硬化", "yuhuazhai/2026/decision-2026-05-12-road/"),
    ("实施结果", "yuhuazhai/2026/decision-result-2026-10-15-road/"),
    ("村干部报酬", "yuhuazhai/2025/cadre-pay-2025/"),
    ("預算", "yuhua/2026/budget-2026/"),
    ("财务收支", "yuhuazhai/2026/finance-2026-10/"),
    ("探访关爱", "yanta-minzheng/2026/procurement-2026-06-15-care/"),
    ("年度报告", "yanta/2025/annual-report-2025/"),
    ("村规民约", "nanjiang/2025/rules/"),
    ("債權債務", "yuhuazhai/2025/assets-2025/"),
    ("党费", "nanjiang/2026/party-2026-q3/"),
    ("征收补偿", "yuhua/2026/land-2026-08-03-nanjiang/"),
    ("比选", "yuhuazhai/2026/project-2026-06-08-road-bid/"),
    ("行政复议", "yanta-minzheng/2025/annual-report-2025/"),
    ("公开目录", "yanta/2026/normative-doc-2026-05/"),
    ("更正", "yuhuazhai/2026/relief-2026-q3-correction/"),
]


def example_docs(root: pathlib.Path) -> tuple[list[SearchDoc], set[str]]:
    """SearchDocs and site words of the example site (bodies stripped to text here, for the test)."""
    site = validate_site(root)
    assert site.ok
    ctx = site.context
    docs = [SearchDoc(url=b.url, title=b.title, unit=b.unit, unit_name=ctx.units[b.unit].name,
                      units_path=tuple(u.id for u in ctx.ancestors(b.unit)), category=b.category,
                      category_name=ctx.catalogue[b.category].name, type=b.type, date=b.published.isoformat(),
                      period=b.period, status=b.status, text=markdown_to_text(b.body))
            for b in site.bulletins]
    terms = {u.name for u in ctx.units.values()} | {c.name for c in ctx.catalogue.values()} | {"四议两公开"}
    return docs, terms


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[SearchDoc], IndexReader]:
    docs, terms = example_docs(PROJECT)
    out = tmp_path_factory.mktemp("example-search")
    build_search_index(docs, out, user_terms=terms)
    return docs, IndexReader(out)


@pytest.mark.parametrize(("query", "url"), EXPECTED)
def test_expected_item_in_top_five(example, query: str, url: str) -> None:
    docs, reader = example
    assert url in {d.url for d in docs}, f"the example item {url} is gone: update EXPECTED"
    found = [reader.item(n)["u"] for n in reader.search(query)]
    assert url in found[:5], (query, found[:5])
    scan = {d.url for d in docs if normalise(query) in normalise(indexed_text(d))}
    assert set(found) == scan and len(found) == len(scan)
