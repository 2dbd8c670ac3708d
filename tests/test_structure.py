"""The package's shape: no import cycle, counting the imports made only for type checking."""

from __future__ import annotations

import ast
import importlib.metadata
import pathlib
import re
import subprocess
import sys

import grimp
import pytest

HOOKS = pathlib.Path(__file__).resolve().parent.parent / "hooks"


def import_cycles(package: str) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=False)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_the_package_has_no_import_cycle():
    assert import_cycles("gongkai") == []


def test_the_cycle_finder_finds_a_cycle(tmp_path):
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import c\n")
    (package / "c.py").write_text("from .a import x\n")
    (package / "d.py").write_text("from . import a\n")
    code = ("import sys, json; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2]);"
            "from test_structure import import_cycles; print(json.dumps(import_cycles('cyclic')))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path), str(pathlib.Path(__file__).parent)],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == '[["cyclic.a", "cyclic.b", "cyclic.c"]]'


# --- every library the code imports is declared in pyproject.toml --------------------------------------------

PROJECT = HOOKS.parent


def imported_libraries(folder: pathlib.Path, local: set[str], root: pathlib.Path = PROJECT) -> dict[str, str]:
    """Top-level names of the non-standard modules the .py files under folder import (ast), each with a file."""
    found: dict[str, str] = {}
    for file in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in local and top != "__future__":
                    found.setdefault(top, file.relative_to(root).as_posix())
    return found


def declared(*extras: str) -> set[str]:
    """Distribution names in pyproject.toml's dependencies (and the given extras), normalised."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [r for e in extras for r in project["optional-dependencies"][e]]
    return {canonical(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in requirements}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def undeclared(imports: dict[str, str], allowed: set[str]) -> list[str]:
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for module, file in sorted(imports.items()):
        owners = {canonical(d) for d in distributions.get(module, [module])}
        if not owners & allowed:
            missing.append(f"{module} ({file}; from {'/'.join(sorted(owners))})")
    return missing


def test_every_library_the_package_imports_is_a_declared_dependency():
    imports = imported_libraries(HOOKS, {"gongkai", "mkdocs_hooks"})
    assert {"lxml", "yaml", "markdown", "pydantic", "PIL"} <= set(imports)
    assert undeclared(imports, declared("pdf", "fast")) == []


def test_every_library_the_tests_import_is_declared():
    tests = PROJECT / "tests"
    local = {p.stem for p in tests.rglob("*.py")} | {p.name for p in tests.iterdir() if p.is_dir()}
    local |= {"gongkai", "mkdocs_hooks"}
    assert undeclared(imported_libraries(tests, local), declared("pdf", "fast", "test")) == []


def test_an_undeclared_import_is_found(tmp_path):
    (tmp_path / "a.py").write_text("import os\nimport yaml\nfrom lxml import etree\nimport nosuchlib\n")
    imports = imported_libraries(tmp_path, set(), root=tmp_path)
    assert set(imports) == {"yaml", "lxml", "nosuchlib"}
    assert undeclared(imports, {"pyyaml"}) == ["lxml (a.py; from lxml)", "nosuchlib (a.py; from nosuchlib)"]
