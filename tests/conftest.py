"""Test set-up shared by every test.

Qt is told to draw offscreen before anything imports it, and every test gets its
own data folder: nothing here may touch the real user data folder.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder for this test, also set as DRAFTER_DATA_DIR."""
    folder = tmp_path / "drafter-data"
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(folder))
    # Belt and braces: if anything still asks platformdirs, it gets a folder of this test.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return folder


@pytest.fixture
def store(data_dir: Path) -> Iterator[object]:
    """An opened store in the test's data folder, with the stored articles."""
    from drafter.core.store import Store

    opened = Store.open(data_dir)
    try:
        yield opened
    finally:
        opened.close()
