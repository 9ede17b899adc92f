"""Every package Drafter's code imports is declared in pyproject.toml (and so is in the lock)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "drafter"


def imported_top_level_modules() -> set[str]:
    modules: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.partition(".")[0])
    return {m for m in modules if m not in sys.stdlib_module_names and m != "drafter"}


def declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.match(r"[A-Za-z0-9._-]+", spec).group(0) for spec in project["dependencies"]}  # type: ignore[union-attr]
    return {re.sub(r"[-_.]+", "-", n).lower() for n in names}


def test_every_imported_package_is_declared() -> None:
    owners = packages_distributions()
    undeclared = {}
    for module in imported_top_level_modules():
        distributions = {re.sub(r"[-_.]+", "-", d).lower() for d in owners.get(module, [])}
        assert distributions, f"{module} is imported but no installed distribution provides it"
        if not distributions & declared_distributions():
            undeclared[module] = sorted(distributions)
    assert undeclared == {}, f"imported but not declared in pyproject.toml's dependencies: {undeclared}"
