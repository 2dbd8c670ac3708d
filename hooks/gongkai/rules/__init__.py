"""The validator's rules, in families. Each rule is a pure function that returns Diagnostics.

- RAW_RULES look at a file's text (front matter and body), even when its schema is wrong;
- ITEM_RULES look at one validated Bulletin;
- SITE_RULES look at all Bulletins together (references, periods across items).
A family module registers its codes in diagnostics.CODES when imported; every family is imported here
by name, so importing this package (as the validator and the guide do) completes the table: `codes()`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..diagnostics import CODES, Code, Diagnostic
from ..load import RawItem
from ..model import Bulletin
from ..site import Context, Site
from . import (
    annual_report,
    evidence,
    finance,
    nothing_lost,
    privacy,
    references,
    requests,
    schema,
    sections,
    timeliness,
    unsafe_html,
)

RawRule = Callable[[RawItem, Context], list[Diagnostic]]
ItemRule = Callable[[Bulletin, Context], list[Diagnostic]]
SiteRule = Callable[[Site], list[Diagnostic]]

RAW_RULES: list[RawRule] = [privacy.check, unsafe_html.check, evidence.check_photos]
ITEM_RULES: list[ItemRule] = [schema.check_item, sections.check, sections.check_tables, finance.check,
                              annual_report.check, annual_report.check_blanks, requests.compare_part_three,
                              evidence.check_secrecy, evidence.check_board_photo_due]
SITE_RULES: list[SiteRule] = [references.check, timeliness.check, finance.check_chain, nothing_lost.check,
                              privacy.check_attachments, unsafe_html.check_svg, requests.check,
                              evidence.check_unrewritable]


def codes() -> dict[str, Code]:
    """The complete table of codes, by code: diagnostics' own and every family's above."""
    return dict(sorted(CODES.items()))
