"""Progress bars: drawn on an interactive terminal only, never in CI or when output is piped."""

from __future__ import annotations

import io

import pytest
from gongkai import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("tty", "ci", "drawn"), [(True, None, True), (True, "true", False),
                                                 (False, None, False)])
def test_progress_bar_only_on_an_interactive_terminal(monkeypatch, capsys, tty, ci, drawn):
    stderr = Terminal() if tty else io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert progress.interactive() is drawn
    with progress.progress_bar("检查公开事项", delay=0) as advance:
        for done in range(1, 101):
            advance(done, 100)
    assert bool(stderr.getvalue()) is drawn  # drawn on stderr, or nothing at all
    assert capsys.readouterr().out == ""  # never on stdout, which `--format json` and `new` use


def test_work_done_within_the_delay_draws_no_bar(monkeypatch) -> None:
    """A warm `gongkai check` ends before the delay: no bar, and rich is not even imported for it."""
    stderr = Terminal()
    monkeypatch.setattr("sys.stderr", stderr)
    monkeypatch.delenv("CI", raising=False)
    started: list[str] = []
    monkeypatch.setattr(progress, "_start", lambda description: started.append(description))
    with progress.progress_bar("检查公开事项", delay=60) as advance:
        for done in range(1, 101):
            advance(done, 100)
    assert started == [] and stderr.getvalue() == ""
