"""What an empty list says: a short line of what to do first, drawn inside the list itself.

A blank white area tells a new user nothing. ``EmptyHint`` puts a label over a
list's viewport while its model has no rows, and takes it away as soon as a row
comes; the same words become the list's accessible description, so a screen
reader that lands on the empty list hears them too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel
from shiboken6 import isValid


class EmptyHint(QObject):
    """A hint shown over ``view`` whenever its model is empty.

    ``text`` is the hint, or a function giving it (the words may depend on why the
    list is empty: nothing there yet, or nothing matching a filter). An empty string
    shows nothing. Call ``update`` when the reason changes without the rows changing.
    """

    MARGIN = 12

    def __init__(self, view: QAbstractItemView, text: str | Callable[[], str]) -> None:
        super().__init__(view)
        self.view = view
        self._text = text if callable(text) else (lambda: text)
        self.label = QLabel(view.viewport())
        self.label.setObjectName("emptyHint")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # drops still reach the list
        palette = self.label.palette()
        # The placeholder colour of the palette: readable in light and dark themes alike.
        palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
        self.label.setPalette(palette)
        self.label.hide()
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update)
        self.update()

    def text(self) -> str:
        """The hint shown now ("" while the list has rows)."""
        return self.label.text() if self.label.isVisibleTo(self.view) else ""

    def update(self, *_args: object) -> None:
        if not isValid(self.view):  # a list widget clears its rows while it is being destroyed
            return
        model = self.view.model()
        text = self._text() if model is not None and model.rowCount() == 0 else ""
        self.label.setText(text)
        self.label.setVisible(bool(text))
        self.view.setAccessibleDescription(text)
        if text:
            self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.label.isVisibleTo(self.view):
            self._place()
        return False

    def _place(self) -> None:
        viewport = self.view.viewport()
        width = max(80, viewport.width() - 2 * self.MARGIN)
        self.label.setGeometry(self.MARGIN, self.MARGIN * 2, width, self.label.heightForWidth(width))
