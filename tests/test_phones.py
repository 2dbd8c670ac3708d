"""Phone numbers become tel: links (gongkai/phones.py), checked against numbers Faker (zh_CN) makes and
against what Google's libphonenumber (phonenumbers) finds in the built example site."""

from __future__ import annotations

import pathlib
import re
from html.parser import HTMLParser

import phonenumbers
import pytest
from faker import Faker
from gongkai.phones import link_phones, tel_href, tel_links
from hypothesis import given
from hypothesis import strategies as st

TEL = re.compile(r'<a class="gk-tel" href="tel:(\d+)">([^<]+)</a>')


@pytest.fixture(scope="module")
def fake() -> Faker:
    fake = Faker("zh_CN")
    fake.seed_instance(15)
    return fake


def test_fakers_numbers_are_linked_with_their_digits(fake):
    for _ in range(200):
        number = fake.phone_number()
        html = link_phones(f"<p>如有疑问请拨打{number}。</p>")
        assert TEL.findall(html) == [(re.sub(r"\D", "", number), number)], html


@pytest.mark.parametrize("landline", ["029-84561234", "0917-1234567", "02984561234", "010-12345678"])
def test_landlines_with_area_code(landline):
    assert TEL.findall(link_phones(f"监督电话：{landline}")) == [(tel_href(landline)[4:], landline)]


@pytest.mark.parametrize("text", [
    "138****1234",                                   # masked private mobile (privacy rule): not a number
    "54610113MF0000001Y/2026-00012",                 # 索引号
    "2,074,428.61", "186400.00", "2026-10-09",        # amounts and dates
    "622202******1234",                              # masked bank card
    "610113********1234",                            # masked ID number
])
def test_what_is_not_a_phone_number_stays_text(text):
    assert link_phones(f"<p>{text}</p>") == f"<p>{text}</p>"


def test_links_code_and_attributes_are_left_alone():
    html = ('<a href="../x/">029-84561234</a><code>phone: 029-84561234</code>'
            '<pre>029-84561234</pre><p title="029-84561234">见上</p>')
    assert link_phones(html) == html


@given(st.text(alphabet="0123456789-*，。电话 ", max_size=40))
def test_linking_never_changes_the_text(text):
    """Whatever the text, the page reads the same: only <a> tags are added around numbers."""
    linked = link_phones(text.replace("<", ""))
    assert re.sub(r"<[^>]+>", "", linked) == text.replace("<", "")


def test_a_units_phones_each_a_link():
    assert tel_links(["029-84561234", "12345"]) == (
        '<a class="gk-tel" href="tel:02984561234">029-84561234</a>、<a class="gk-tel" href="tel:12345">12345</a>')


class _Shown(HTMLParser):
    """The text a reader sees outside tel: links (code examples in the guide are not numbers to call)."""

    SKIP = {"script", "style", "code", "pre", "title", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.outside: list[str] = []
        self.linked: list[tuple[str, str]] = []  # (href, text)
        self._stack: list[str] = []
        self._tel: str | None = None
        self._tel_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._stack.append(tag)
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("tel:"):
            self._tel, self._tel_text = href, []

    def handle_endtag(self, tag):
        if tag == "a" and self._tel is not None:
            self.linked.append((self._tel, "".join(self._tel_text)))
            self._tel = None
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._tel is not None:
            self._tel_text.append(data)
        elif not self.SKIP & set(self._stack):
            self.outside.append(data)


def shown(page: pathlib.Path) -> _Shown:
    parser = _Shown()
    parser.feed(page.read_text("utf-8"))
    return parser


def test_every_phone_number_shown_is_a_tel_link(example_site):
    """All pages, the poster print pages included: libphonenumber finds no number outside a tel: link,
    and every tel: link calls the number it shows."""
    unlinked, links = [], 0
    for page in sorted(example_site.rglob("*.html")):
        parsed = shown(page)
        text = "\n".join(parsed.outside)
        unlinked += [f"{page.relative_to(example_site)}: {m.raw_string}"
                     for m in phonenumbers.PhoneNumberMatcher(text, "CN", leniency=phonenumbers.Leniency.VALID)]
        for href, label in parsed.linked:
            assert href == tel_href(label), (page, href, label)
            links += 1
    assert unlinked == []
    assert links > 100  # unit pages, item footers and bodies, poster print pages


def test_supervision_phone_is_linked_where_villagers_look(example_site):
    expected = {"yuhuazhai/index.html": "029-84561234", "yuhuazhai/2026/finance-2026-09/index.html": "029-84561234",
                "posters/yuhuazhai/2026/finance-2026-09/index.html": "029-84561234",
                "posters/yuhuazhai/index.html": "029-84561234",
                "compliance/index.html": "029-84562278"}  # 南江村, whose problems the board lists
    for relpath, number in expected.items():
        assert (tel_href(number), number) in shown(example_site / relpath).linked, relpath


def test_the_printed_poster_keeps_plain_numbers(example_site):
    """The PDF poster's HTML (for_pdf) has no links to tap and no screen toolbar."""
    from conftest import AS_OF, PROJECT
    from gongkai.posters import render
    from gongkai.validate import validate_site

    site = validate_site(PROJECT, as_of=AS_OF)
    item = next(b for b in site.bulletins if b.url == "yuhuazhai/2026/finance-2026-09/")
    for_pdf = render.item_html(site, item, for_pdf=True)
    assert "029-84561234" in for_pdf and "tel:" not in for_pdf and "gk-large-toggle" not in for_pdf
    assert "tel:02984561234" in render.item_html(site, item)
