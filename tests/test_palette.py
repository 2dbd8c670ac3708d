"""The palette passes WCAG 2.2: every text colour pair 4.5:1 or more, 7:1 or more in 大字 mode
(computed with coloraide from gongkai-a11y.css), and the table in docs/dev/accessibility.md is current."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

PROJECT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("palette", PROJECT / "scripts" / "palette.py")
palette = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(palette)


@pytest.mark.parametrize("row", palette.rows(), ids=[pair.what for pair in palette.PAIRS])
def test_pair_contrast(row):
    assert row.ratio >= row.pair.minimum, f"{row.pair.what}: {row.fg} on {row.bg} is {row.ratio}:1"
    assert row.large_ratio >= palette.LARGE_MINIMUM, f"{row.pair.what} in 大字 mode: {row.large_ratio}:1"


def test_ratios_are_wcag():
    """coloraide's WCAG 2.1 ratio, checked on known values: black/white 21:1, the old red/white 3.44:1."""
    assert palette.ratio("#000000", "#ffffff") == 21.0
    assert 3.4 < palette.ratio("#ffffff", "#ef5552") < 3.5  # `primary: red`, 3.44:1 in axe: what failed


def test_the_government_red_is_still_red():
    from coloraide import Color

    hue = Color(palette.palettes()["normal"]["gk-red"]).convert("hsl")["hue"]
    assert hue < 10 or hue > 350


def test_docs_list_the_pairs_as_computed():
    assert palette.table() in (PROJECT / "docs" / "dev" / "accessibility.md").read_text("utf-8")
