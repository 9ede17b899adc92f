"""Shared helpers for the importer tests: the sample folder and a way to write test files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "importers"


@pytest.fixture
def samples() -> Path:
    """The committed sample inputs (see tests/data/importers/make_samples.py)."""
    return SAMPLES


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """Write ``data`` to a file called ``name`` in this test's folder and return its path."""

    def write(name: str, data: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return write


Change = Callable[[bytes], bytes]


@pytest.fixture
def rezip() -> Callable[..., bytes]:
    """Copy a ZIP (a .docx), changing parts and adding entries: ``rezip(path, {name: change}, extra={name: data})``."""

    def build(
        source: Path,
        changes: dict[str, Change] | None = None,
        extra: dict[str, bytes] | None = None,
    ) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
            for item in old.infolist():
                data = old.read(item)
                change = (changes or {}).get(item.filename)
                new.writestr(item.filename, change(data) if change else data)
            for name, data in (extra or {}).items():
                new.writestr(name, data)
        return out.getvalue()

    return build
