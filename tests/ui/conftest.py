"""A main window on the test's own data folder, with the library open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.ui.application import make_application
from drafter.ui.main_window import MainWindow


@pytest.fixture
def opened_window(qtbot, data_dir: Path) -> Iterator[MainWindow]:
    make_application()
    win = MainWindow(data_dir)
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
