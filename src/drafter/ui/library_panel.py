"""The library list: every source's title, publisher and date, sortable."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from drafter.core.records import SourceSummary
from drafter.ui.record_table import RecordTableModel

_Index = QModelIndex | QPersistentModelIndex

#: Role holding a value that sorts correctly (ISO dates, unknown last).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Role holding the source's id.
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class SourceTableModel(RecordTableModel[SourceSummary]):
    """A thin adapter over the core's list of ``SourceSummary`` records."""

    COLUMNS = ("Title", "Publisher", "Date")

    def set_sources(self, rows: list[SourceSummary]) -> None:
        self.set_records(rows)

    def source_at(self, row: int) -> SourceSummary:
        return self.record_at(row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        source = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return source.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (source.display_title, source.publisher or "Unknown", source.display_date)[column]
        if role == SORT_ROLE:
            # None (unknown) is placed last by SourceSortProxy, whichever way the column sorts.
            if column == 2:
                return source.date
            value = (source.title, source.publisher)[column]
            return value.casefold() if value else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return source.display_title
        if role == Qt.ItemDataRole.ForegroundRole and (
            (column == 0 and not source.title)
            or (column == 1 and not source.publisher)
            or (column == 2 and not source.date)
        ):
            from PySide6.QtGui import QPalette

            return QPalette().color(QPalette.ColorRole.PlaceholderText)
        return None


class SourceSortProxy(QSortFilterProxyModel):
    """Sorts on SORT_ROLE and keeps unknown values after known ones in both directions."""

    def lessThan(self, left: _Index, right: _Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if (a is None) != (b is None):
            return (a is None) == (self.sortOrder() == Qt.SortOrder.DescendingOrder)
        if a is None:
            return left.row() < right.row()
        return bool(a < b)


class LibraryPanel(QWidget):
    source_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SourceTableModel(self)
        self.proxy = SourceSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("libraryView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        # The title matters most: it takes the room left, the publisher a fixed share.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 100)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.heading = QLabel("Library", self)
        self.heading.setObjectName("panelHeading")
        self.heading.setStyleSheet("font-weight: bold; padding: 2px 0 4px 0")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)

    def set_sources(self, rows: list[SourceSummary]) -> None:
        self.model.set_sources(rows)
        self.heading.setText(f"Library — {len(rows)} source{'s' if len(rows) != 1 else ''}")

    def select_row(self, row: int) -> None:
        if 0 <= row < self.proxy.rowCount():
            self.view.selectRow(row)
            self.view.setCurrentIndex(self.proxy.index(row, 0))

    def selected_source_id(self) -> int | None:
        index = self.view.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.source_selected.emit(int(current.data(ID_ROLE)))
