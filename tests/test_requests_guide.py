"""The clerk's guide to the register says what the code does: every field, code, result and reason."""

from __future__ import annotations

import pathlib

from gongkai.diagnostics import CODES
from gongkai.requests_model import APPLICANT_TYPES, CHANNELS, FEEDBACK_CHANNELS, REASONS, FeedbackFront, RequestFront

GUIDE = (pathlib.Path(__file__).resolve().parent.parent / "docs" / "guide" / "requests.md").read_text("utf-8")


def test_every_field_and_value_is_in_the_guide():
    for name in [*RequestFront.model_fields, *FeedbackFront.model_fields]:
        assert f"{name}:" in GUIDE, name
    for value in [*APPLICANT_TYPES, *CHANNELS, *FEEDBACK_CHANNELS, *REASONS]:
        assert value in GUIDE, value
    for reasons in REASONS.values():
        for reason in reasons:
            assert reason in GUIDE, reason


def test_every_register_code_is_in_the_guide_and_the_table():
    ours = [c for c in CODES if c.startswith("GK7")]
    assert ours == [f"GK70{n}" for n in range(1, 10)]
    for code in ours:
        assert f"| {code} |" in GUIDE, code
