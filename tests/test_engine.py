"""The engine stays replaceable: ProperDocs (the maintained MkDocs 1.x fork) builds the example site to the
same bytes as MkDocs, apart from the generator meta tag (docs/dev/architecture.md, "The engine")."""

from __future__ import annotations

import pathlib
import re

import pytest
from conftest import build_example

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def files_of(root: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): GENERATOR.sub(b"", p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> pathlib.Path:
    return build_example(tmp_path_factory.mktemp("properdocs-site") / "site", "properdocs")


def test_properdocs_builds_the_same_site_as_mkdocs(example_site, properdocs_site):
    generators = {m.group(0) for m in GENERATOR.finditer((properdocs_site / "index.html").read_bytes())}
    assert any(b"ProperDocs" in g for g in generators)  # it really was the other engine
    mkdocs_files, properdocs_files = files_of(example_site), files_of(properdocs_site)
    assert sorted(properdocs_files) == sorted(mkdocs_files)
    different = [name for name in mkdocs_files if mkdocs_files[name] != properdocs_files[name]]
    assert different == []
