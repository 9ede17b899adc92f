"""The snippets panel: every snippet with its source, tags, note and use, filterable.

Notes and tags are edited in place; the edit is handed to the window, which runs
the core operation and records it for undo.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from drafter.core import listing
from drafter.core.listing import SnippetQuery
from drafter.core.records import SnippetRecord, normalise_tags
from drafter.core.wording import UNTITLED, counted
from drafter.ui.accessibility import name, pass_tab_on
from drafter.ui.empty_hint import EmptyHint
from drafter.ui.record_table import PagedTableModel
from drafter.ui.response_model import SNIPPET_MIME
from drafter.ui.search_worker import SearchRunner

if TYPE_CHECKING:
    from drafter.core.store import Store

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class SnippetTableModel(PagedTableModel[SnippetRecord]):
    COLUMNS = ("Snippet", "Source", "Tags", "Note", "Used")
    TAGS, NOTE = 2, 3
    #: The core's name for the order of each column.
    ORDER_OF_COLUMN = ("text", "title", "tags", "note", "used")
    #: Emitted with (snippet id, new note or None, new tags or None) when the user edits a cell.
    edit_requested = Signal(int, object, object)

    def snippet_at(self, row: int) -> SnippetRecord | None:
        return self.record_at(row)

    def mimeTypes(self) -> list[str]:
        return [SNIPPET_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        snippet = self.record_at(rows[0]) if rows else None
        if snippet is not None:
            mime.setData(SNIPPET_MIME, QByteArray(str(snippet.id).encode()))
            mime.setText(snippet.text)
        return mime

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() in (self.TAGS, self.NOTE):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self.id_at(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return None
        snippet = self.record_at(index.row())
        column = index.column()
        if snippet is None:  # deleted by another program since the list was read
            return "(removed)" if role == Qt.ItemDataRole.DisplayRole and column == 0 else None
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            # A screen reader hears where the snippet is from and its first words, not 300 characters.
            words = snippet.text.split()
            first = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
            used = f"quoted {snippet.used_in} times" if snippet.used_in else "not used"
            return f"Snippet from {snippet.source_title or 'an untitled source'}: {first} ({used})"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and column == 0:
            parts = [f"Tags: {', '.join(snippet.tags)}" if snippet.tags else "", f"Note: {snippet.note}" if snippet.note
                     else ""]
            return ". ".join(p for p in parts if p)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return " ".join(snippet.text.split()) if role == Qt.ItemDataRole.DisplayRole else snippet.text
            if column == 1:
                title = snippet.source_title or UNTITLED
                return f"{title}, p {snippet.page_label}" if snippet.page_label else title
            if column == self.TAGS:
                return ", ".join(snippet.tags)
            if column == self.NOTE:
                return snippet.note
            return f"{snippet.used_in}×" if snippet.used_in else "not used"
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return snippet.text
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        snippet = self.record_at(index.row())
        if snippet is None:
            return False
        text = str(value)
        if index.column() == self.NOTE and text != snippet.note:
            self.edit_requested.emit(snippet.id, text, None)
        elif index.column() == self.TAGS:
            tags = normalise_tags(text.split(","))
            if tags != snippet.tags:
                self.edit_requested.emit(snippet.id, None, tags)
        return True


class SnippetsPanel(QWidget):
    snippet_activated = Signal(int)
    delete_requested = Signal(int)

    NONE_YET = ("No snippets yet. Open a source from the Library tab, select the words to quote "
                "and choose Edit › Make Snippet (Ctrl+M).")
    #: Typing in the filter waits this long for the next key before the list is read again.
    FILTER_DELAY_MS = 150

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Callable[[], Store | None] = lambda: None
        self._order = ("source", False)
        self.total = 0  # snippets in the library, whatever the filter
        self.model = SnippetTableModel(self)
        self.model.sort_requested.connect(self._sort)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("snippetFilter")
        self.filter.setPlaceholderText("Filter snippets by text, source, tag or note")
        self.filter.setClearButtonEnabled(True)
        name(self.filter, "Filter snippets",
             "Shows only the snippets whose text, source, tags or note contain these words")
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(self.FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._list_in_background)
        # A filter or a sort re-reads the list in a worker: on 50,000 snippets a word
        # typed in the filter takes SQLite 20–80 ms, a sort by text a quarter-second.
        self._lister = SearchRunner(self)
        self._lister.results_ready.connect(self._listed)
        self._lister.failed.connect(self._listing_failed)
        self.filter.textChanged.connect(self._filter_timer.start)
        self.view = QTableView(self)
        self.view.setObjectName("snippetsView")
        pass_tab_on(self.view)
        name(self.view, "Snippets", "Each row is a snippet: its text, source, tags, note and use. "
             "F2 edits the tags or note; Ctrl+Shift+Q quotes the snippet in the chosen answer; Delete deletes it.")
        self.view.setModel(self.model)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 80)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(4, self.view.fontMetrics().horizontalAdvance("not used") + 24)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # reading order until a column is chosen
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.setWhatsThis("Delete the chosen snippet (in the Snippets list)")  # its name in Help › Keyboard Shortcuts
        delete.activated.connect(self._delete_current)
        self._empty_reason = self.NONE_YET
        self.empty = EmptyHint(self.view, lambda: self._empty_reason)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)

    def set_store(self, store: Callable[[], Store | None]) -> None:
        self._store = store

    def query(self) -> SnippetQuery:
        column, descending = self._order
        return SnippetQuery(text=self.filter.text(), column=column, descending=descending)

    def refresh(self) -> None:
        """Read the list again now (after a change), keeping the chosen snippet."""
        self._filter_timer.stop()
        store = self._store()
        if store is None:
            return
        self._show(store, listing.snippet_ids(store, self.query()))

    def wait(self) -> None:
        """Let a listing still running in the background finish (before the library closes)."""
        self._lister.wait()

    def _list_in_background(self) -> None:
        store = self._store()
        if store is None:
            return
        query = self.query()
        self._lister.submit(lambda: (store, listing.snippet_ids(store, query)))

    def _listed(self, result: tuple[Store, list[int]]) -> None:
        store, ids = result
        if store is self._store():  # not a library closed meanwhile
            self._show(store, ids)

    def _listing_failed(self, error: Exception) -> None:
        self._empty_reason = getattr(error, "message", None) or "The snippets could not be listed."
        self.model.set_rows([], lambda ids: [])  # which snippets match is not known: none is shown

    def _show(self, store: Store, ids: list[int]) -> None:
        current = self.current_snippet_id()
        self.total = len(ids) if not self.filter.text().strip() else listing.count_snippets(store)
        blocker = self.view.selectionModel().blockSignals(True)
        self.model.set_rows(ids, lambda page: listing.snippet_records(store, page))
        if current is not None and (row := self.model.row_of(current)) is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.selectRow(row)
        self.view.selectionModel().blockSignals(blocker)
        if self.total == 0:
            self._empty_reason = self.NONE_YET
        else:
            self._empty_reason = (f"No snippet matches “{self.filter.text().strip()}”. "
                                  f"Clear the filter above to see all {counted(self.total, 'snippet')}.")
        self.empty.update()
        shown = f"{len(ids):,}" + (f" of {self.total:,}" if len(ids) != self.total else "")
        self.view.setAccessibleName(f"Snippets, {shown}")

    def reload_rows(self) -> None:
        """The same snippets, some with a changed note, tags or use: redraw what is on screen."""
        self.model.reload_rows()

    def current_snippet_id(self) -> int | None:
        index = self.view.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else None

    def select_snippet(self, snippet_id: int, *, emit: bool = True) -> None:
        row = self.model.row_of(snippet_id)
        if row is None and self.filter.text():  # hidden by the filter: clear it so the snippet can be shown
            self.filter.clear()
            self.refresh()
            row = self.model.row_of(snippet_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        blocker = self.view.selectionModel().blockSignals(not emit)
        self.view.setCurrentIndex(index)
        self.view.selectRow(index.row())
        self.view.selectionModel().blockSignals(blocker)
        self.view.scrollTo(index)

    def _sort(self, column: int, descending: bool) -> None:
        # No column (-1) is the list's own order.
        order = (SnippetTableModel.ORDER_OF_COLUMN[column], descending) if column >= 0 else ("source", False)
        if order != self._order:
            self._order = order
            self._list_in_background()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.snippet_activated.emit(int(current.data(ID_ROLE)))

    def _delete_current(self) -> None:
        snippet_id = self.current_snippet_id()
        if snippet_id is not None:
            self.delete_requested.emit(snippet_id)
