"""THIRD-PARTY-NOTICES matches the installed packages; the generated icons are well-formed."""

from __future__ import annotations

import importlib.util
import re
import struct
import sys
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest

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


def test_the_installed_runtime_packages_are_the_locked_ones() -> None:
    """The environment the tests run in is the lock's: a package at another version fails here first."""
    notices = load_script("third_party_notices")
    locked = notices.locked_versions()
    for name in runtime_distributions():
        installed = metadata.version(name)
        pins = sorted(locked.get(canonical(name), []))
        assert installed in pins, (
            f"{name} {installed} is installed, but requirements/app.txt locks {pins}: "
            "install from the lock (bash scripts/test.sh), or change dependencies only with scripts/refresh_lock.py"
        )


def test_third_party_notices_name_exactly_the_locked_versions() -> None:
    """THIRD-PARTY-NOTICES is compared with the lock, so it fails only when dependencies changed without a refresh."""
    notices = load_script("third_party_notices")
    locked = notices.locked_versions()
    text = (ROOT / "THIRD-PARTY-NOTICES").read_text(encoding="utf-8")
    listed = dict(re.findall(rf"^{re.escape(notices.RULE)}\n([A-Za-z0-9._-]+) (\S+)\nLicence:", text, re.MULTILINE))
    assert listed, "no component entries found in THIRD-PARTY-NOTICES"
    for name, version in listed.items():
        assert version in locked.get(canonical(name), set()), (
            f"THIRD-PARTY-NOTICES lists {name} {version}, which requirements/app.txt does not lock: "
            "run scripts/refresh_lock.py"
        )
    assert {canonical(n) for n in runtime_distributions()} == {canonical(n) for n in listed}


def test_third_party_notices_are_up_to_date() -> None:
    notices = load_script("third_party_notices")
    current = (ROOT / "THIRD-PARTY-NOTICES").read_text(encoding="utf-8")
    assert current == notices.generate(), (
        "THIRD-PARTY-NOTICES does not match the locked packages: run scripts/refresh_lock.py"
    )


def test_every_shipped_licence_allows_shipping_with_drafter() -> None:
    assert load_script("third_party_notices").licence_problems() == []


@pytest.mark.parametrize(
    ("expression", "allowed"),
    [
        ("MIT", True),
        ("Apache-2.0 OR BSD-3-Clause", True),
        ("Apache-2.0 AND CNRI-Python", True),
        ("MPL-1.1 OR GPL-2.0-only OR LGPL-2.1-or-later", True),  # one allowed choice is enough
        ("Mozilla Public License 2.0 (MPL 2.0)", True),  # a classifier's words
        ("SSPL-1.0", False),
        ("MIT AND SSPL-1.0", False),  # both sides of AND must be allowed
        ("GPL-2.0-only", False),  # GPL-2 only cannot be combined with GPL-3
        ("see the package's licence file", False),  # unknown is not allowed
        ("", False),
    ],
)
def test_the_licence_check_reads_spdx_expressions(expression: str, allowed: bool) -> None:
    assert load_script("third_party_notices").licence_allowed(expression) is allowed


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
