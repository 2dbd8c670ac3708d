"""The registries of a site: bulletins/units.yml (the units) and the catalogue (the package's default
catalogue.yml plus a site's bulletins/catalogue.yml), each with a diagnostic per wrong entry."""

from __future__ import annotations

import pathlib
from collections.abc import Iterable
from importlib import resources
from typing import Any

import yaml
from pydantic import ValidationError

from .diagnostics import Diagnostic, diag, error_text
from .load import BULLETINS, Loader, node_line, read_yaml_file
from .model import RESERVED_IDS, CatalogueFile, Category, Unit, UnitsFile


def load_units(root: pathlib.Path) -> tuple[dict[str, Unit], list[Diagnostic]]:
    path = f"{BULLETINS}/units.yml"
    file = root / path
    if not file.exists():
        return {}, [diag("GK010", path, 1, "找不到 bulletins/units.yml")]
    data, problems = read_yaml_file(file, path, "GK010")
    if problems:
        return {}, problems
    units, errors = _valid_units(data)
    text = file.read_text(encoding="utf-8-sig")
    problems += _unique(_registry_problem(e, data, path, "GK010", "units", text) for e in errors)
    found: dict[str, Unit] = {}
    for index, unit in units:
        # The line is looked up only for a problem: each look-up composes the whole file again.
        if unit.id in found:
            line = node_line(text, ("units", index, "id"))
            problems.append(diag("GK010", path, line, f"第 {line} 行：单位 id“{unit.id}”登记了两次"))
        elif unit.id in RESERVED_IDS:
            line = node_line(text, ("units", index, "id"))
            problems.append(diag("GK010", path, line, f"第 {line} 行：单位 id“{unit.id}”是网站保留的名字",
                                 fix="换一个 id，并把文件夹改成同样的名字"))
        found[unit.id] = unit
    for index, unit in units:
        if unit.parent and unit.parent not in found:
            line = node_line(text, ("units", index, "parent"))
            problems.append(diag("GK010", path, line,
                                 f"第 {line} 行：单位“{unit.id}”的上级 parent: {unit.parent} 没有登记"))
    return found, problems


def _valid_units(data: Any) -> tuple[list[tuple[int, Unit]], list[Any]]:
    """The units that are valid, with their place in the list (one wrong unit does not hide the others), and
    the errors of the rest."""
    try:
        return list(enumerate(UnitsFile.model_validate(data).units)), []
    except ValidationError as err:
        if not (isinstance(data, dict) and isinstance(data.get("units"), list)):
            return [], err.errors(include_url=False)
    units, errors = [], []
    for index, entry in enumerate(data["units"]):
        try:
            units.append((index, Unit.model_validate(entry)))
        except ValidationError as err:
            errors += [{**e, "loc": ("units", index, *e["loc"])} for e in err.errors(include_url=False)]
    return units, errors


def _unique(problems: Iterable[Diagnostic]) -> list[Diagnostic]:
    """One diagnostic per line and field (a union type reports each of its alternatives)."""
    seen: dict[tuple[str, int, str], Diagnostic] = {}
    for problem in problems:
        seen.setdefault((problem.file, problem.line, problem.message.split("：")[0]), problem)
    return list(seen.values())


def _registry_problem(error: Any, data: Any, path: str, code: str, top: str, text: str = "") -> Diagnostic:
    loc = tuple(p for p in error["loc"] if not isinstance(p, str) or not p.startswith(("list[", "str", "function")))
    where = "、".join(str(p) for p in loc)
    if len(loc) >= 2 and loc[0] == top and isinstance(loc[1], int):
        entry = data[top][loc[1]] if isinstance(data, dict) else None
        name = entry.get("id") if isinstance(entry, dict) else None
        where = f"第 {loc[1] + 1} 项（{name or '无 id'}）的 " + ".".join(str(p) for p in loc[2:])
    value = error.get("input")
    shown = f"“{value}”" if isinstance(value, (str, int, float)) and error["type"] != "missing" else ""
    line = node_line(text, loc) if text else 1
    return diag(code, path, line, f"第 {line} 行 {where}{shown}：{error_text(error)}")


def load_catalogue(root: pathlib.Path) -> tuple[dict[str, Category], list[Diagnostic]]:
    """The default catalogue shipped in the package, plus a site's bulletins/catalogue.yml."""
    default = resources.files("gongkai").joinpath("catalogue.yml").read_text(encoding="utf-8")
    catalogue = {c.id: c for c in CatalogueFile.model_validate(yaml.load(default, Loader=Loader)).categories}
    path = f"{BULLETINS}/catalogue.yml"
    file = root / path
    if not file.exists():
        return catalogue, []
    data, problems = read_yaml_file(file, path, "GK011")
    if problems:
        return catalogue, problems
    try:
        for category in CatalogueFile.model_validate(data).categories:
            catalogue[category.id] = category
    except ValidationError as err:
        text = file.read_text(encoding="utf-8-sig")
        return catalogue, _unique(_registry_problem(e, data, path, "GK011", "categories", text)
                                  for e in err.errors(include_url=False))
    return catalogue, []
