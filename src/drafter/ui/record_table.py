"""The shared part of the list panels' Qt models: rows read a page at a time.

A list of 50,000 sources must open at once and scroll smoothly, so the model
holds only the ordered ids (the core hands them over cheaply, from an index)
and reads the records of a page — ``PAGE_SIZE`` rows — the first time a row of
it is drawn. A few recently drawn pages are kept; older ones are dropped, so
memory stays flat however far the user scrolls.

Qt's own lazy mechanism, ``canFetchMore``/``fetchMore``, grows the row count
as the view reaches the end; it can't jump to the last row or to a snippet
chosen elsewhere without reading everything before it, and its scroll bar
lies about the length. Knowing the count up front avoids both.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QWidget

_Index = QModelIndex | QPersistentModelIndex
Record = TypeVar("Record")


class PagedTableModel(QAbstractTableModel, Generic[Record]):
    """Rows are frozen core records, identified by id; subclasses name ``COLUMNS`` and the cells."""

    COLUMNS: tuple[str, ...] = ()
    PAGE_SIZE = 200
    #: Pages kept after they were drawn (a screenful is well under one page).
    KEPT_PAGES = 12
    #: Emitted with (column, descending) when the user clicks a column header.
    sort_requested = Signal(int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._pages: OrderedDict[int, list[Record | None]] = OrderedDict()
        self._load: Callable[[list[int]], Sequence[Record]] = lambda ids: []
        self._id_of: Callable[[Record], int] = lambda record: int(record.id)  # type: ignore[attr-defined]
        #: Pages read from the database since the rows were last set, and how often the
        #: rows were set (for tests and benchmarks).
        self.pages_read = 0
        self.resets = 0

    # --- what the panels call ------------------------------------------------------------

    def set_rows(self, ids: Sequence[int], load: Callable[[list[int]], Sequence[Record]]) -> None:
        """Show these ids, in this order; ``load`` reads the records of a list of ids."""
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = None
        self._pages.clear()
        self._load = load
        self.pages_read = 0
        self.resets += 1
        self.endResetModel()

    def reload_rows(self) -> None:
        """The same rows, whose contents may have changed: drop what was read, redraw."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.COLUMNS) - 1))

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, record_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {i: row for row, i in enumerate(self._ids)}
        return self._row_of.get(record_id)

    def record_at(self, row: int) -> Record | None:
        """The record on this row; None if it vanished since the list was read."""
        number, offset = divmod(row, self.PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._read_page(number)
        else:
            self._pages.move_to_end(number)
        return page[offset]

    def loaded_rows(self) -> int:
        """How many records are held now: at most ``KEPT_PAGES`` pages, whatever the length."""
        return sum(len(page) for page in self._pages.values())

    def _read_page(self, number: int) -> list[Record | None]:
        ids = self._ids[number * self.PAGE_SIZE : (number + 1) * self.PAGE_SIZE]
        found = {self._id_of(record): record for record in self._load(ids)}
        page: list[Record | None] = [found.get(i) for i in ids]
        self.pages_read += 1
        self._pages[number] = page
        while len(self._pages) > self.KEPT_PAGES:
            self._pages.popitem(last=False)
        return page

    # --- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The order is the database's to apply (on an index), not the view's: say what was asked.
        self.sort_requested.emit(column, order == Qt.SortOrder.DescendingOrder)
