"""Random front matter, however odd, ends in diagnostics and never in an exception."""

from __future__ import annotations

import datetime as dt

import yaml
from conftest import UNITS_YML
from gongkai.load import split_item
from gongkai.model import FRONT_MATTER_FIELDS
from gongkai.registry import load_catalogue
from gongkai.rules import ITEM_RULES
from gongkai.rules.schema import check_front_matter
from gongkai.site import Context
from gongkai.validate import to_bulletin
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                    st.dates(), st.sampled_from(["finance", "periodic", "2026-Q3", "2026-13-01", "active"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5),
                                                                                           inner, max_size=3),
                      max_leaves=6)
keys = st.one_of(st.sampled_from(FRONT_MATTER_FIELDS), st.text(max_size=10))


def _context() -> Context:
    from gongkai.model import UnitsFile

    units = {u.id: u for u in UnitsFile.model_validate(yaml.safe_load(UNITS_YML)).units}
    catalogue, _ = load_catalogue(__import__("pathlib").Path("/nonexistent"))
    return Context(root=__import__("pathlib").Path("."), as_of=dt.date(2026, 11, 15), units=units,
                   catalogue=catalogue)


CONTEXT = _context()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=st.dictionaries(keys, values, max_size=12), body=st.text(max_size=200))
def test_random_front_matter_never_raises(front, body):
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    lines = text.count("\n") + 1
    raw, problems = split_item(text, "bulletins/yuhuazhai/x.md", "yuhuazhai/x.md")
    if raw.front is None:
        assert problems and all(1 <= p.line <= lines for p in problems)
        return
    # Every key is read (printable ones exactly as written: YAML folds line breaks such as U+0085), none invented.
    assert len(raw.front) <= len(front) and {k for k in front if k.isprintable() and k == k.strip()} <= set(raw.front)
    item, problems = to_bulletin(raw)
    if item is None:
        # Every problem points into the file, at the line of the key it is about when the key is there.
        assert problems and all(p.file == "bulletins/yuhuazhai/x.md" and 1 <= p.line <= lines for p in problems)
        return
    assert problems == [] and item.title == str(front["title"]).strip() and item.category == front["category"]
    item.index_no = item.index_no or "54610113MF0000001Y/2026-00001"
    for rule in ITEM_RULES:
        for problem in rule(item, CONTEXT):
            assert problem.message and 1 <= problem.line <= lines and problem.code[:2] == "GK"


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_random_text_never_raises(text):
    raw, problems = split_item(text, "bulletins/yuhuazhai/x.md", "yuhuazhai/x.md")
    lines = text.count("\n") + 1
    # Either the file has front matter (a mapping), or it says why not, on a line of the file.
    assert (raw.front is not None) or problems
    assert all(1 <= p.line <= max(lines, 2) for p in problems)
    if raw.front is not None:
        assert isinstance(raw.front, dict) and text.lstrip("\ufeff").startswith("---")
        assert all(1 <= p.line <= max(lines, 2) for p in check_front_matter(raw))
