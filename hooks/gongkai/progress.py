"""Progress bars for long work on a terminal; silent in CI and when output is piped."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


# A bar appears only for work still going on after this many seconds: a warm `gongkai check` is done before
# (importing and starting rich's live display would be a tenth of it).
DELAY = 0.5


@contextmanager
def progress_bar(description: str, delay: float = DELAY) -> Iterator[Callable[[int, int], None]]:
    """Yields advance(done, total); draws a rich progress bar only on an interactive terminal, and only once
    the work has taken `delay` seconds."""
    if not interactive():
        yield lambda done, total: None
        return
    started = time.monotonic()
    shown: list[Any] = []  # the Progress and its task, once drawn

    def advance(done: int, total: int) -> None:
        if not shown:
            if time.monotonic() - started < delay:
                return
            shown.extend(_start(description))
        if done == total or done % 50 == 0:
            shown[0].update(shown[1], completed=done, total=total)

    try:
        yield advance
    finally:
        if shown:
            shown[0].stop()


def _start(description: str) -> tuple[Any, Any]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # On stderr, like every message: stdout stays clean for `--format json` and for paths (`gongkai new`).
    bar = Progress(TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=Console(stderr=True), transient=True)
    bar.start()
    return bar, bar.add_task(description, total=None)
