"""Serve a folder over HTTP on 127.0.0.1 for browser tests (a thread; no logging)."""

from __future__ import annotations

import contextlib
import functools
import http.server
from collections.abc import Iterator

from gongkai.editor import running

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_directory(folder: str) -> Iterator[str]:
    """Serve ``folder`` on a free port; yield the base URL (ending in ``/``)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    with running(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as port:
        yield f"http://127.0.0.1:{port}/"


_CSP_LISTENER = ("document.addEventListener('securitypolicyviolation', e => "
                 "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")


def record_csp_violations(page, into: list[str]) -> None:
    """Collect into `into` every Content-Security-Policy violation the page reports."""
    page.add_init_script(_CSP_LISTENER)
    page.on("console", lambda m: into.append(m.text) if "Content Security Policy" in m.text
            or m.text.startswith("CSP violation") else None)
