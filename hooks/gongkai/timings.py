"""Where a build spends its time: GONGKAI_TIMINGS=1 prints each stage's seconds to stderr."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings:
    def __init__(self) -> None:
        self.stages: list[tuple[str, float]] = []
        self.marks: dict[str, float] = {}

    @property
    def enabled(self) -> bool:
        return bool(os.environ.get("GONGKAI_TIMINGS"))

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages.append((stage, time.perf_counter() - started))

    def add(self, stage: str, seconds: float) -> None:
        """A stage timed by someone else (e.g. the parts of the search index, from its stats)."""
        self.stages.append((stage, seconds))

    def mark(self, name: str) -> None:
        """Remember a moment, to time a stage that spans MkDocs events (e.g. page rendering)."""
        self.marks[name] = time.perf_counter()

    def since(self, name: str, stage: str) -> None:
        if name in self.marks:
            self.stages.append((stage, time.perf_counter() - self.marks.pop(name)))

    def report(self) -> None:
        if self.enabled:
            for stage, seconds in self.stages:
                print(f"gongkai timing: {seconds:7.2f} s  {stage}", file=sys.stderr)
        self.stages.clear()


timed = Timings()
