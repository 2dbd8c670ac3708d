"""pages.pages_listing (the preview's step 1): the listing pages that list some items, as listing_pages makes
them; and they are every listing page that names one of them by title."""

from __future__ import annotations

import pytest
from conftest import AS_OF, PROJECT
from gongkai import pages
from gongkai.markup import esc
from gongkai.relations import Relations
from gongkai.validate import validate_site
from hypothesis import given, settings
from hypothesis import strategies as st


@pytest.fixture(scope="module")
def example():
    site = validate_site(PROJECT, as_of=AS_OF, cache=None)
    assert site.ok
    return site, Relations.of(site.bulletins), pages.listing_pages(site, Relations.of(site.bulletins))


def test_each_items_listings_are_the_whole_builds_and_every_page_that_names_it(example) -> None:
    site, rel, every = example
    for item in site.bulletins:
        some = pages.pages_listing(site, rel, [item])
        assert some.keys() <= every.keys()
        assert {src: every[src] for src in some} == some, item.path
        naming = {src for src, text in every.items() if f">{esc(item.title)}</a>" in text}
        assert naming and naming <= some.keys(), (item.path, naming - some.keys())


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_items_listings_are_the_union_of_each_ones(example, data) -> None:
    site, rel, every = example
    chosen = data.draw(st.lists(st.sampled_from(site.bulletins), min_size=1, max_size=6))
    together = pages.pages_listing(site, rel, chosen)
    one_by_one: dict[str, str] = {}
    for item in chosen:
        one_by_one |= pages.pages_listing(site, rel, [item])
    assert together == one_by_one
    assert {src: every[src] for src in together} == together
