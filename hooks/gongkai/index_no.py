"""索引号 (index numbers): `<unit code>/<YYYY>-<NNNNN>`, generated when an item has none.

Stability matters more than order: once published, an index number must never change. So the
sequence number is derived from the item's own file path (a CRC32 of `unit/…/file.md` modulo
100,000), not from a count that shifts when other files are added. If two items of a unit-year
hash to the same number, the one published earlier keeps it and the later one takes the next
free number, so adding a new (later) item never moves an existing one. Renaming or moving a file
changes a generated number: write `index_no:` by hand to pin it.
"""

from __future__ import annotations

import zlib
from collections import defaultdict

from .model import Bulletin, Unit

SEQUENCE_SPACE = 100_000


def assign(items: list[Bulletin], units: dict[str, Unit]) -> None:
    """Fill index_no for every item that has none (in place)."""
    taken: dict[str, set[str]] = defaultdict(set)
    pending: list[Bulletin] = []
    for item in items:
        if item.index_no:
            taken[item.unit].add(item.index_no)
        else:
            pending.append(item)
    pending.sort(key=lambda i: (i.published, i.path))
    for item in pending:
        unit_taken = taken[item.unit]
        prefix = f"{units[item.unit].code}/{item.published.year}-"
        sequence = zlib.crc32(item.src_uri.encode("utf-8")) % SEQUENCE_SPACE
        number = f"{prefix}{sequence:05d}"
        while number in unit_taken:
            sequence = (sequence + 1) % SEQUENCE_SPACE
            number = f"{prefix}{sequence:05d}"
        item.index_no = number
        item.index_no_generated = True
        unit_taken.add(number)
