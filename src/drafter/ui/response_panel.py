"""The panel where the response being drafted will live.

Responses (questions, answers, quotations) arrive with the responses feature;
until then the panel says plainly what it is for rather than showing dead controls.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ResponsePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("Response", self)
        heading.setObjectName("panelHeading")
        heading.setStyleSheet("font-weight: bold; padding: 2px 0 4px 0")
        note = QLabel(
            "<p><b>No response open.</b></p>"
            "<p>Your answer to a consultation will be drafted here: its questions, "
            "your own paragraphs and the quotations you choose from the library.</p>",
            self,
        )
        note.setObjectName("responsePlaceholder")
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(heading)
        layout.addWidget(note, 1)
