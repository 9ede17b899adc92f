"""What changed, announced once, for every panel that shows it.

Core operations return what they did; the Qt layer announces it here so that
panels refresh themselves instead of the window poking each one.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataEvents(QObject):
    sources_changed = Signal()
    snippets_changed = Signal()
