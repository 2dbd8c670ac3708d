"""The package's shape: no import cycle, counting the imports made only for type checking."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import grimp

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
