"""The one notion of "today": GONGKAI_AS_OF=YYYY-MM-DD replaces the clock everywhere."""

from __future__ import annotations

import datetime as dt
import os

ENV_VAR = "GONGKAI_AS_OF"


class AsOfError(ValueError):
    """GONGKAI_AS_OF holds something that is not a date."""


def today() -> dt.date:
    raw = os.environ.get(ENV_VAR, "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise AsOfError(f"环境变量 {ENV_VAR}={raw!r} 不是日期，请写成 YYYY-MM-DD，例如 2026-11-15") from None
