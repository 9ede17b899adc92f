"""Run something once a widget has painted: ``after_next_paint(widget, callback)``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterPaint(QObject):
    """Calls back in the event loop's next turn after the widget's next paint, then lets go.

    It watches the widget itself, not the whole application: an application-wide
    filter in Python has every object that gets an event wrapped for Python, which
    made the window's first frame 30 ms later than it is. The callback runs once
    the widget and everything in it have painted.
    """

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._done)
        return False

    def _done(self) -> None:
        self.deleteLater()
        self._callback()


def after_next_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    _AfterPaint(widget, callback)
