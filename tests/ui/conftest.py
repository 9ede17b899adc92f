"""A main window on the test's own library, open: on SQLite (the data folder) and on a team server.

``opened_window`` (and ``window``, the same shown) asks for ``library_engine`` (tests/conftest.py),
so every window test runs twice: ``[sqlite]``, the data folder's library, and ``[postgresql]``,
a shared library of its own on the test server, opened as ``drafter --database URL`` opens it.
A test about the SQLite file itself is marked ``@pytest.mark.sqlite_file``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.ui.application import make_application
from drafter.ui.main_window import MainWindow


@pytest.fixture
def opened_window(qtbot, data_dir: Path, library_engine: str) -> Iterator[MainWindow]:
    make_application()
    database = os.environ.get("DRAFTER_DATABASE") if library_engine == "postgresql" else None
    win = MainWindow(data_dir, database=database)
    qtbot.addWidget(win)
    win.open_library()
    win.importer.show_summary = False  # tests read results from the finished signal
    win.exporter.ask = False
    yield win
    win.close_library()


@pytest.fixture
def window(opened_window: MainWindow) -> MainWindow:
    opened_window.show()
    return opened_window
