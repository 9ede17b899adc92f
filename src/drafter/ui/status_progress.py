"""A long task's progress and its Cancel button, in the window's status bar.

Imports and exports show their progress here rather than in a progress dialog.
The work runs elsewhere (a thread, a process of its own), so nothing needs to
hold the window up; and the first appearance of a dialog, a new top-level
window, was itself the longest pause of an export or an import (35–65 ms
measured). The main window keeps its status bar as tall as a button from the
start, so nothing above moves when this appears.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QProgressBar, QPushButton, QWidget


class StatusProgress(QWidget):
    """Hidden until ``start``; ``cancel_clicked`` when the user clicks Cancel."""

    cancel_clicked = Signal()

    def __init__(self, window: QMainWindow, name: str, cancel_tip: str) -> None:
        super().__init__(window)
        self.setObjectName(f"{name}Progress")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.setObjectName(f"cancel{name[:1].upper()}{name[1:]}")
        self.cancel.setToolTip(cancel_tip)
        self.cancel.clicked.connect(self.cancel_clicked)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.hide()
        window.statusBar().addPermanentWidget(self)

    def start(self, text: str, total: int = 100) -> None:
        self.label.setText(text)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(0)
        self.cancel.setEnabled(True)
        self.show()

    def advance(self, done: int, total: int, text: str | None = None) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)
        if text is not None:
            self.label.setText(text)

    def finish(self) -> None:
        self.hide()
