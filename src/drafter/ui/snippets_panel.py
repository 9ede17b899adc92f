"""The snippets panel: every snippet with its source, tags, note and use, filterable.

Notes and tags are edited in place; the edit is handed to the window, which runs
the core operation and records it for undo.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from drafter.core.records import SnippetRecord, normalise_tags
from drafter.ui.record_table import RecordTableModel
from drafter.ui.response_model import SNIPPET_MIME

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class SnippetTableModel(RecordTableModel[SnippetRecord]):
    COLUMNS = ("Snippet", "Source", "Tags", "Note", "Used")
    TAGS, NOTE = 2, 3
    #: Emitted with (snippet id, new note or None, new tags or None) when the user edits a cell.
    edit_requested = Signal(int, object, object)

    def set_snippets(self, rows: list[SnippetRecord]) -> None:
        self.set_records(rows)

    def snippet_at(self, row: int) -> SnippetRecord:
        return self.record_at(row)

    def row_of(self, snippet_id: int) -> int | None:
        for row, snippet in enumerate(self._rows):
            if snippet.id == snippet_id:
                return row
        return None

    def mimeTypes(self) -> list[str]:
        return [SNIPPET_MIME]

    def mimeData(self, indexes) -> QMimeData:  # type: ignore[no-untyped-def]
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            snippet = self._rows[rows[0]]
            mime.setData(SNIPPET_MIME, QByteArray(str(snippet.id).encode()))
            mime.setText(snippet.text)
        return mime

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() in (self.TAGS, self.NOTE):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        snippet = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return snippet.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return " ".join(snippet.text.split()) if role == Qt.ItemDataRole.DisplayRole else snippet.text
            if column == 1:
                title = snippet.source_title or "Untitled source"
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
        snippet = self._rows[index.row()]
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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SnippetTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("snippetFilter")
        self.filter.setPlaceholderText("Filter snippets by text, source, tag or note")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView(self)
        self.view.setObjectName("snippetsView")
        self.view.setModel(self.proxy)
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
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._delete_current)
        self.empty = QLabel(
            "No snippets yet. Select a passage in the reader and choose Make Snippet (Ctrl+M).", self
        )
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)

    def set_snippets(self, rows: list[SnippetRecord]) -> None:
        current = self.current_snippet_id()
        self.model.set_snippets(rows)
        self.empty.setVisible(not rows)
        if current is not None:
            self.select_snippet(current, emit=False)

    def current_snippet_id(self) -> int | None:
        index = self.view.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else None

    def select_snippet(self, snippet_id: int, *, emit: bool = True) -> None:
        row = self.model.row_of(snippet_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # hidden by the filter: clear it so the snippet can be shown
            self.filter.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        blocker = self.view.selectionModel().blockSignals(not emit)
        self.view.setCurrentIndex(index)
        self.view.selectRow(index.row())
        self.view.selectionModel().blockSignals(blocker)
        self.view.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.snippet_activated.emit(int(current.data(ID_ROLE)))

    def _delete_current(self) -> None:
        snippet_id = self.current_snippet_id()
        if snippet_id is not None:
            self.delete_requested.emit(snippet_id)
