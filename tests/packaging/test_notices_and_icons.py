"""THIRD-PARTY-NOTICES matches the installed packages; the generated icons are well-formed."""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path
from types import ModuleType

from drafter.core.notices import canonical, runtime_distributions

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"


def load_script(name: str) -> ModuleType:
    """A module from scripts/, which is not a package."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_third_party_notices_are_up_to_date() -> None:
    notices = load_script("third_party_notices")
    current = (ROOT / "THIRD-PARTY-NOTICES").read_text(encoding="utf-8")
    assert current == notices.generate(), (
        "THIRD-PARTY-NOTICES does not match the installed packages: "
        "run .venv/bin/python scripts/third_party_notices.py"
    )


def test_every_runtime_dependency_is_walked() -> None:
    found = {canonical(name) for name in runtime_distributions()}
    # Direct dependencies, one through an extra (pypdf[crypto]) and one two levels down.
    assert {"pyside6-essentials", "sqlalchemy", "python-docx", "cryptography", "shiboken6"} <= found
    assert not {"drafter", "pytest", "hypothesis"} & found


def test_the_ico_holds_png_entries_up_to_256() -> None:
    data = (ICONS / "drafter.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = set()
    for i in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(data)
        sizes.add(width or 256)
    assert {16, 32, 48, 256} <= sizes


def test_the_icns_and_pngs_exist_for_every_size() -> None:
    data = (ICONS / "drafter.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (ICONS / f"drafter-{size}.png").read_bytes()[:4] == b"\x89PNG"
    assert (ICONS / "drafter.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
