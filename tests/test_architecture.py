"""The core never imports Qt (it must run where there is no display and no Qt at all), and its layers hold.

The layers are import-linter's contract in pyproject.toml; a layer that lets its
modules import each other (``a : b``) could still hide a cycle, so the last test
looks for cycles itself, module by module.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import drafter

SRC = Path(drafter.__file__).parent
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "drafter.ui")


def _core_files() -> list[Path]:
    return sorted((SRC / "core").rglob("*.py")) + sorted((SRC / "cli").rglob("*.py")) + [SRC / "__init__.py"]


def test_no_core_file_names_qt_in_an_import() -> None:
    offenders = []
    for path in _core_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(QT)]
    assert offenders == []


def test_every_core_module_imports_with_qt_made_impossible() -> None:
    modules = [
        m.name
        for m in pkgutil.walk_packages([str(SRC / "core")], prefix="drafter.core.")
        if ".migrations.versions" not in m.name and not m.name.endswith("migrations.env")
    ]
    modules += ["drafter.cli"] + [m.name for m in pkgutil.walk_packages([str(SRC / "cli")], prefix="drafter.cli.")]
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.startswith({QT!r}): raise ImportError('Qt is not allowed in the core: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print('ok', len(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_import_linter_contract_holds() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(exe)], capture_output=True, text=True, timeout=300, cwd=SRC.parents[1], check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_the_core_has_no_import_cycle() -> None:
    """No module of ``drafter.core`` imports, directly or through others, a module that imports it."""
    import grimp

    graph = grimp.build_graph("drafter", cache_dir=None)
    core = {m for m in graph.modules if m == "drafter.core" or m.startswith("drafter.core.")}
    cycles = sorted(
        f"{importer} -> {' -> '.join(graph.find_shortest_chain(importer=imported, imported=importer) or ())}"
        for importer in core
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported in core and graph.chain_exists(importer=imported, imported=importer)
    )
    assert cycles == []
