"""The validator's rules, in families. Each rule is a pure function that returns Diagnostics.

- RAW_RULES look at a file's text (front matter and body), even when its schema is wrong;
- ITEM_RULES look at one validated Bulletin;
- SITE_RULES look at all Bulletins together (references, periods across items).
A family module appends its functions here and registers its codes in diagnostics.CODES.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import references, schema, sections

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..load import RawItem
    from ..model import Bulletin
    from ..validate import Context

RawRule = Callable[["RawItem", "Context"], list["Diagnostic"]]
ItemRule = Callable[["Bulletin", "Context"], list["Diagnostic"]]
SiteRule = Callable[[list["Bulletin"], "Context"], list["Diagnostic"]]

RAW_RULES: list[RawRule] = []
ITEM_RULES: list[ItemRule] = [schema.check_item, sections.check]
SITE_RULES: list[SiteRule] = [references.check]
