"""Shared fixtures: a throw-away project with units and items written from strings."""

from __future__ import annotations

import datetime as dt
import pathlib
import socket
import textwrap

import pytest
from gongkai.site import Site
from gongkai.validate import validate_site

AS_OF = dt.date(2026, 11, 15)

UNITS_YML = """\
units:
  - id: yuhua
    name: 鱼化寨街道
    kind: township
    code: 11610113MB0000001X
    phone: 029-84560000
    since: 2026-01-01
  - id: yuhuazhai
    name: 鱼化寨村
    kind: village
    parent: yuhua
    code: 54610113MF0000001Y
    phone: 029-84561234
    board: 村委会大门东侧公开栏
    since: 2026-01-01
  - id: nanjiang
    name: 南江村
    kind: village
    parent: yuhua
    code: 54610113MF0000002Y
    phone: 029-84561235
    since: 2026-01-01
    overrides:
      finance:
        cadence: quarterly
        due: 15
  - id: minzheng
    name: 雁塔区民政局
    kind: department
    code: 11610113MB0000009X
    phone: 029-85550000
    since: 2026-01-01
"""

# A valid item of every category, keyed by category id: (unit, front matter lines, section texts).
_FRONT = {
    "standing": "published: 2026-03-01\nreviewed_on: 2026-09-01",
    "periodic": "published: {published}\nperiod: {period}",
    "immediate": "published: 2026-05-13\nevent_date: 2026-05-12",
}


def item_text(category: str, *, extra: str = "", period: str | None = None, published: str | None = None,
              body: str | None = None, drop: tuple[str, ...] = ()) -> str:
    """A valid item of a category (as the default catalogue defines it), with changes for a test."""
    from gongkai.registry import load_catalogue

    catalogue, _ = load_catalogue(pathlib.Path("/nonexistent"))
    cat = catalogue[category]
    default_period = {"monthly": "2026-07", "quarterly": "2026-Q3", "yearly": "2025", "half-yearly": "2026-H1"}
    default_published = {"monthly": "2026-08-05", "quarterly": "2026-10-12", "yearly": "2026-01-20",
                          "half-yearly": "2026-07-15"}
    lines = [f"title: 测试事项 {category}", f"category: {category}", f"type: {cat.type}"]
    lines += _FRONT[cat.type].format(period=period or default_period.get(cat.cadence or "", "2026"),
                                     published=published or default_published.get(cat.cadence or "", "2026-01-20")
                                     ).split("\n")
    if cat.sign_off:
        lines += ["reviewed_by: 村务监督委员会", "reviewed_on: 2026-01-10" if cat.type != "immediate"
                  else "reviewed_on: 2026-05-12"]
    if cat.follows:
        lines.append("follows: 54610113MF0000001Y/2026-90001")
    lines = [line for line in lines if line.split(":")[0] not in drop]
    if extra:
        lines += textwrap.dedent(extra).strip("\n").split("\n")
    if body is None:
        body = "\n".join(f"## {s}\n\n{s}的具体内容，按规定如实公开。\n" for s in cat.sections)
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


class Project:
    def __init__(self, root: pathlib.Path):
        self.root = root
        (root / "bulletins").mkdir(parents=True, exist_ok=True)
        self.write("bulletins/units.yml", UNITS_YML)

    def write(self, relpath: str, text: str | bytes) -> pathlib.Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def item(self, relpath: str, category: str, **changes) -> pathlib.Path:
        return self.write(f"bulletins/{relpath}", item_text(category, **changes))

    def decision(self, unit: str = "yuhuazhai", index_no: str = "54610113MF0000001Y/2026-90001") -> pathlib.Path:
        return self.item(f"{unit}/2026/decision.md", "decision", extra=f"index_no: {index_no}")

    def validate(self, as_of: dt.date = AS_OF) -> Site:
        return validate_site(self.root, as_of=as_of)


@pytest.fixture
def project(tmp_path: pathlib.Path) -> Project:
    return Project(tmp_path)


COMPLIANCE_PREFIX = "GK4"  # timeliness codes (late, missing, stale, open): tested in test_compliance*.py


def codes(site: Site, path: str | None = None, *, compliance: bool = False) -> list[tuple[str, str, int]]:
    """(code, file, line) of every diagnostic, optionally only those of one file.

    The small test projects publish only a few items, so the compliance board would find most of
    their categories missing; those warnings are left out unless asked for."""
    return [(d.code, d.file, d.line) for d in site.diagnostics
            if (path is None or d.file == path) and (compliance or not d.code.startswith(COMPLIANCE_PREFIX))]


PROJECT = pathlib.Path(__file__).resolve().parent.parent


def copy_site_files(root: pathlib.Path) -> None:
    """Put this project's mkdocs.yml, theme, docs and hooks beside a test project's bulletins/."""
    import shutil

    for name in ("mkdocs.yml", "theme", "docs", "hooks/mkdocs_hooks.py"):
        source, target = PROJECT / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy(source, target)


def build_example(out: pathlib.Path, engine: str = "mkdocs") -> pathlib.Path:
    """The shipped example content built into out by `python -m <engine> build` (mkdocs, properdocs)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, GONGKAI_AS_OF=AS_OF.isoformat(), NO_MKDOCS_2_WARNING="1")
    env.pop("GONGKAI_PREVIOUS", None)
    result = subprocess.run([sys.executable, "-m", engine, "build", "-q", "-d", str(out)], cwd=PROJECT,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> pathlib.Path:
    """The shipped example content, built once per test process as `mkdocs build` builds it."""
    return build_example(tmp_path_factory.mktemp("example-site") / "site")


@pytest.fixture(scope="module")
def base(example_site: pathlib.Path):
    """For the browser tests (tests/browser/, whose folder pytest puts on sys.path): the example site
    served on 127.0.0.1; its base URL (ends in /)."""
    from browser_support import serve_directory

    with serve_directory(str(example_site)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """For the browser tests: Debian Chromium under Playwright (the browser test modules skip themselves
    when it is not installed)."""
    from browser_support import CHROMIUM, LAUNCH_ARGS
    from playwright import sync_api

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def free_port() -> int:
    """A loopback port nothing listens on now (for a server a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
