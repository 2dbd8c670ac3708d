"""The engine stays replaceable: ProperDocs (the maintained MkDocs 1.x fork) builds the example site to the
same bytes as MkDocs, apart from the generator meta tag (docs/dev/architecture.md, "The engine")."""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest
from conftest import AS_OF, PROJECT

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def files_of(root: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): GENERATOR.sub(b"", p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> pathlib.Path:
    pytest.importorskip("properdocs")
    out = tmp_path_factory.mktemp("properdocs-site") / "site"
    env = dict(os.environ, GONGKAI_AS_OF=AS_OF.isoformat(), NO_MKDOCS_2_WARNING="1")
    env.pop("GONGKAI_PREVIOUS", None)
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "-q", "-d", str(out)], cwd=PROJECT,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


def test_properdocs_builds_the_same_site_as_mkdocs(example_site, properdocs_site):
    generators = {m.group(0) for m in GENERATOR.finditer((properdocs_site / "index.html").read_bytes())}
    assert any(b"ProperDocs" in g for g in generators)  # it really was the other engine
    mkdocs_files, properdocs_files = files_of(example_site), files_of(properdocs_site)
    assert sorted(properdocs_files) == sorted(mkdocs_files)
    different = [name for name in mkdocs_files if mkdocs_files[name] != properdocs_files[name]]
    assert different == []
