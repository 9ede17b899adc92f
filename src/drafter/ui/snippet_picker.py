"""The quick picker: find a snippet by typing and quote it, without leaving the keyboard.

Response › Quote Snippet in Answer (Ctrl+Shift+Q) opens it when no snippet was freshly
chosen (see ``LibraryActions.quote_current_snippet``). Typing filters the list with the
Snippets tab's own filter (``drafter.core.listing``: every word, anywhere in the text,
source title, note or tags); the arrows move; Enter quotes the chosen snippet; Esc closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from drafter.ui.accessibility import name
from drafter.ui.search_worker import SearchRunner

if TYPE_CHECKING:
    from drafter.core.records import SnippetRecord
    from drafter.core.store import Store

#: Keys typed in the filter that move in the list instead.
_MOVING = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def describe(snippet: SnippetRecord, words: int = 14) -> str:
    """Two lines: the snippet's first words; its source, note and tags."""
    parts = snippet.text.split()
    first = " ".join(parts[:words]) + (" …" if len(parts) > words else "")
    about = [snippet.source_title or "Untitled source"]
    if snippet.note.strip():
        about.append(" ".join(snippet.note.split())[:80])
    if snippet.tags:
        about.append(", ".join(f"#{tag}" for tag in snippet.tags))
    return f"“{first}”\n" + " · ".join(about)


class SnippetPicker(QDialog):
    """Choose one snippet; ``chosen`` is its id once the dialog is accepted."""

    #: How many snippets the list shows at most (the filter finds the rest).
    LIMIT = 200
    #: Typing waits this long for the next key before the list is read again.
    FILTER_DELAY_MS = 120

    def __init__(self, store: Store, heading: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.chosen: int | None = None
        self.setWindowTitle("Quote a Snippet")
        self.setObjectName("snippetPicker")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        if heading:
            where = QLabel(heading, self)
            where.setWordWrap(True)
            layout.addWidget(where)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("snippetPickerFilter")
        name(self.filter, "Find a snippet", "Words from the snippet, its source, note or tags; Enter quotes it")
        self.filter.setPlaceholderText("Type words from the snippet, its source, note or tags")
        self.filter.setClearButtonEnabled(True)
        self.filter.installEventFilter(self)
        self.list = QListWidget(self)
        self.list.setObjectName("snippetPickerList")
        name(self.list, "Snippets", "Up and Down to choose, Enter to quote it in the answer, Escape to close")
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)  # each snippet's two lines read as one entry
        self.list.itemActivated.connect(lambda _item: self._accept())
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        keys = QLabel("↑ ↓ choose · Enter quotes it · Esc closes", self)
        keys.setStyleSheet("color: palette(mid)")
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(keys)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.FILTER_DELAY_MS)
        self._timer.timeout.connect(self._list_in_background)
        # Typed words are looked for in a worker, as in the Snippets tab: among 50,000 snippets
        # one word takes SQLite about 70 ms, which would stop the typing each time.
        self._lister = SearchRunner(self)
        self._lister.results_ready.connect(self._show)
        self._lister.failed.connect(self._failed)
        self._waiting = False  # a listing is running in the worker
        self.filter.textChanged.connect(self._timer.start)
        self.filter.returnPressed.connect(self._accept)
        self.refresh()
        self.filter.setFocus()

    def _read(self, text: str) -> list[SnippetRecord]:
        from drafter.core import listing

        query = listing.SnippetQuery(text=text, column="made", descending=True)
        return listing.snippet_records(self.store, listing.snippet_ids(self.store, query, limit=self.LIMIT))

    def refresh(self) -> None:
        """List now the snippets that have every typed word somewhere, newest first."""
        self._timer.stop()
        self._lister.cancel()
        self._waiting = False
        self._show(self._read(self.filter.text()))

    def _list_in_background(self) -> None:
        text = self.filter.text()
        self._waiting = True
        self._lister.submit(lambda: self._read(text))

    def _failed(self, error: Exception) -> None:
        self._waiting = False
        self.list.clear()
        self.status.setText(getattr(error, "message", None) or "The snippets could not be listed.")

    def _show(self, records: list[SnippetRecord]) -> None:
        self._waiting = False
        self.list.clear()
        for record in records:
            item = QListWidgetItem(describe(record))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            item.setToolTip(record.text[:1000])
            self.list.addItem(item)
        if records:
            self.list.setCurrentRow(0)
        typed = self.filter.text().strip()
        if not records:
            self.status.setText(f"No snippet matches “{typed}”." if typed else
                                "No snippets yet. Select a passage in the reader and choose Make Snippet.")
        elif len(records) == self.LIMIT:
            self.status.setText(f"The newest {self.LIMIT} are shown: type more words to find others.")
        else:
            self.status.setText("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The focus stays in the filter; the arrows move in the list.
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _MOVING:
                QApplication.sendEvent(self.list, event)
                return True
        return super().eventFilter(watched, event)

    def _accept(self) -> None:
        if self._timer.isActive() or self._waiting:  # Enter right after typing: list what was typed first
            self.refresh()
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()

    def done(self, result: int) -> None:
        self._timer.stop()
        self._lister.cancel()
        self._lister.wait()  # nothing reads the library from the worker once the picker is closed
        super().done(result)
