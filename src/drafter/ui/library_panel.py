"""The library list: every source's title, publisher and date, sortable.

Sorting and paging happen in the database (``drafter.core.listing``): the view
never holds more than a few pages of rows, however big the library.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from drafter.core.records import SourceSummary
from drafter.core.wording import counted
from drafter.ui.accessibility import name, pass_tab_on
from drafter.ui.empty_hint import EmptyHint
from drafter.ui.record_table import PagedTableModel

if TYPE_CHECKING:
    from drafter.core.store import Store

_Index = QModelIndex | QPersistentModelIndex

#: Role holding the source's id.
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class SourceTableModel(PagedTableModel[SourceSummary]):
    """The library's rows, read a page at a time in the order the header shows."""

    COLUMNS = ("Title", "Publisher", "Date")
    #: The core's name for the order of each column.
    ORDER_OF_COLUMN = ("title", "publisher", "date")

    def source_at(self, row: int) -> SourceSummary | None:
        return self.record_at(row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self.id_at(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.AccessibleTextRole):
            return None
        source = self.record_at(index.row())
        column = index.column()
        if source is None:  # removed by another program since the list was read
            return "(removed)" if role == Qt.ItemDataRole.DisplayRole and column == 0 else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # The row's first cell tells a screen reader the whole source; the others their own fact.
            publisher = source.publisher or "publisher unknown"
            date = source.display_date if source.date else "date unknown"
            title = source.display_title
            facts = (f"{title}, {publisher}, {date}", publisher, date)
            return facts[column]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):  # a cut cell shown whole on hover
            return (source.display_title, source.publisher or "Unknown", source.display_date)[column]
        if (
            (column == 0 and not source.title)
            or (column == 1 and not source.publisher)
            or (column == 2 and not source.date)
        ):
            from drafter.ui.accessibility import muted_colour

            return muted_colour()
        return None


class LibraryPanel(QWidget):
    source_selected = Signal(int)

    NONE_YET = (
        "No sources yet. Choose File › Import Files… (Ctrl+I) or drop files here to add articles, "
        "or copy a page's text and choose File › New Source from Clipboard (Ctrl+Shift+V)."
    )
    #: The publisher column is never wider than this many average characters (the title needs the room).
    PUBLISHER_CHARS = 15

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Callable[[], Store | None] = lambda: None
        self._order = ("date", True)
        self.model = SourceTableModel(self)
        self.model.sort_requested.connect(self._sort)
        self.view = QTableView(self)
        self.view.setObjectName("libraryView")
        pass_tab_on(self.view)
        name(self.view, "Sources in the library",
             "Each row is a source: its title, publisher and date. Up and Down choose a source to read; "
             "F6 goes on to the reader.")
        self.view.setModel(self.model)
        # Every row is one line high, so the view never measures rows it doesn't show.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.horizontalHeader().setSortIndicator(2, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        # The title matters most: it takes the room left; the publisher and the date are
        # as wide as what the first page shows (``_fit_columns``), within limits.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self._publisher_width = 0
        self._fitting = False
        header.sectionResized.connect(self._column_resized)
        self._fit_columns()
        self.view.viewport().installEventFilter(self)
        self.empty_hint = EmptyHint(self.view, self.NONE_YET)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.heading = QLabel("Library", self)
        self.heading.setObjectName("panelHeading")
        self.heading.setStyleSheet("font-weight: bold; padding: 2px 0 4px 0")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)

    def set_store(self, store: Callable[[], Store | None]) -> None:
        self._store = store

    def refresh(self) -> None:
        """Read the list again (after any change), keeping the chosen source chosen."""
        store = self._store()
        if store is None:
            return
        from drafter.core import listing

        current = self.selected_source_id()
        column, descending = self._order
        ids = listing.source_ids(store, column, descending=descending)
        blocker = self.view.selectionModel().blockSignals(True)
        self.model.set_rows(ids, lambda page: listing.source_summaries(store, page))
        if current is not None:
            self.select_source(current, emit=False)
        self.view.selectionModel().blockSignals(blocker)
        count = len(ids)
        self._fit_columns()
        self.heading.setText(f"Library — {counted(count, 'source')}")
        self.view.setAccessibleName(f"Sources in the library, {count:,}")

    def _fit_columns(self) -> None:
        """Publisher and date as wide as the first page's widest, within limits; the title has the rest.

        Only the first page is measured (Qt's "resize to contents" would read every row
        of a 50,000-source library); a longer value further down is cut with "…" and
        shown whole in its tooltip.
        """
        metrics = self.view.fontMetrics()
        header = self.view.horizontalHeader()
        padding = 2 * metrics.averageCharWidth()  # the cell's margins, and a gap before the next column
        arrow = header.style().pixelMetric(header.style().PixelMetric.PM_HeaderMarkSize)  # the sort arrow's room
        rows = [self.model.source_at(row) for row in range(min(self.model.rowCount(), self.model.PAGE_SIZE))]
        shown = [row for row in rows if row is not None]
        publishers = [row.publisher or "Unknown" for row in shown]
        dates = [row.display_date for row in shown]
        widest_publisher = max((metrics.horizontalAdvance(text) for text in publishers), default=0)
        widest_date = max((metrics.horizontalAdvance(text) for text in dates), default=0)
        publisher = min(max(widest_publisher, metrics.horizontalAdvance("Publisher") + arrow),
                        metrics.averageCharWidth() * self.PUBLISHER_CHARS)
        date = max(widest_date, metrics.horizontalAdvance("Date") + arrow)
        self._publisher_width = publisher + padding
        header.resizeSection(2, date + padding)
        self._keep_title_room()

    #: The share of the table's width the title keeps when the panel is narrow.
    TITLE_SHARE = 0.4

    def _keep_title_room(self) -> None:
        """The publisher as wide as it wants (``_fit_columns``, or as the user dragged it), less
        what the title needs to keep its share of a narrow panel.

        The title stretches into what the other two leave; in a window 790 pixels wide they
        left it 25 (every title an "…").
        """
        header = self.view.horizontalHeader()
        room = self.view.viewport().width()
        if room <= 0:
            return
        least = self.view.fontMetrics().horizontalAdvance("Publisher") // 2
        spare = room - int(room * self.TITLE_SHARE) - header.sectionSize(2)
        self._fitting = True
        try:
            header.resizeSection(1, max(least, min(self._publisher_width, spare)))
        finally:
            self._fitting = False

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        if column == 1 and not self._fitting:  # the user dragged it: that is the width it wants now
            self._publisher_width = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._keep_title_room()
        return super().eventFilter(watched, event)

    def reload_rows(self) -> None:
        """The same sources with changed facts: redraw what is on screen."""
        self.model.reload_rows()

    def source_count(self) -> int:
        return self.model.rowCount()

    def select_first_titled(self) -> None:
        """Open the first source in the list that has a title (the first of all if none has).

        A new user's first sight of the library should be an article, not a
        placeholder for a missing title. Only the first page is looked at.
        """
        for row in range(min(self.model.rowCount(), self.model.PAGE_SIZE)):
            source = self.model.source_at(row)
            if source is not None and source.title:
                self.select_row(row)
                return
        self.select_row(0)

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)
            self.view.setCurrentIndex(self.model.index(row, 0))

    def select_source(self, source_id: int, *, emit: bool = True) -> bool:
        row = self.model.row_of(source_id)
        if row is None:
            return False
        blocker = self.view.selectionModel().blockSignals(not emit)
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.selectRow(row)
        self.view.selectionModel().blockSignals(blocker)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def selected_source_id(self) -> int | None:
        index = self.view.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else None

    def _sort(self, column: int, descending: bool) -> None:
        # No column (-1) is the list's own order.
        order = (SourceTableModel.ORDER_OF_COLUMN[column], descending) if column >= 0 else ("date", True)
        if order != self._order:
            self._order = order
            self.refresh()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.source_selected.emit(int(current.data(ID_ROLE)))
