"""One search box over sources, titles and snippets, updated as the user types.

Queries run a short moment after the last keystroke (so typing never waits on
the database); matches are shown in bold in each result.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from drafter.core.wording import UNTITLED, counted
from drafter.ui.accessibility import announce, name
from drafter.ui.empty_hint import EmptyHint

if TYPE_CHECKING:
    from drafter.core.search import SearchHit, SearchResults

#: Wait this long after the last keystroke before searching.
DEBOUNCE_MS = 120


def excerpt_html(hit: SearchHit) -> str:
    pieces = "".join(f"<b>{escape(t)}</b>" if match else escape(t) for t, match in hit.excerpt)
    kind = "Snippet" if hit.kind == "snippet" else "Source"
    title = escape(hit.title or UNTITLED)
    return f"<small>{kind} · {title}</small><br>{pieces}"


#: Item role holding a result's excerpt as rich text (matches in bold).
HTML_ROLE = Qt.ItemDataRole.UserRole + 1


class _RichTextDelegate(QStyledItemDelegate):
    """Draws each result's excerpt as rich text, only when it is on screen.

    A QLabel per result (a widget each) cost 60–80 ms every time the results
    changed, enough to make typing in the search box stutter.
    """

    MARGIN = 4

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                  width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(self.MARGIN)
        document.setHtml(str(index.data(HTML_ROLE) or ""))
        document.setTextWidth(max(60, width))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        widget = options.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, widget)
        document = self._document(options, index, options.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        if options.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text, options.palette.color(QPalette.ColorRole.HighlightedText))
        painter.save()
        painter.translate(options.rect.topLeft())
        painter.setClipRect(options.rect.translated(-options.rect.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        view = option.widget
        width = view.viewport().width() if isinstance(view, QListWidget) else option.rect.width()
        document = self._document(option, index, width)
        return QSize(width, int(document.size().height()) + 1)


class _ResultList(QListWidget):
    """Snippet results can be dragged onto an answer like snippets from their own tab."""

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        from drafter.ui.response_model import SNIPPET_MIME

        mime = QMimeData()
        for item in items:
            kind, hit_id, _source = item.data(Qt.ItemDataRole.UserRole)
            if kind == "snippet":
                mime.setData(SNIPPET_MIME, QByteArray(str(hit_id).encode()))
                break
        return mime


class SearchPanel(QWidget):
    #: (kind, id, source_id) of the activated result
    hit_activated = Signal(str, int, int)
    search_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.query = QLineEdit(self)
        self.query.setObjectName("searchBox")
        self.query.setPlaceholderText('Search sources and snippets — words, or "an exact phrase"')
        self.query.setClearButtonEnabled(True)
        name(self.query, "Search sources and snippets",
             'Words, or "an exact phrase"; the results below update as you type')
        self.tag = QComboBox(self)
        name(self.tag, "Only snippets with the tag")
        self.tag.addItem("Any tag", None)
        self.used = QComboBox(self)
        name(self.used, "Only snippets that are")
        for label, value in (("All snippets", None), ("Used in a response", True), ("Not used yet", False)):
            self.used.addItem(label, value)
        self.this_source = QCheckBox("Only the open source", self)
        self.results = _ResultList(self)
        self.results.setDragEnabled(True)
        self.results.setObjectName("searchResults")
        name(self.results, "Search results", "Up and Down show a result in the reader")
        self.results.setWordWrap(True)
        self.results.setItemDelegate(_RichTextDelegate(self.results))
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap when the panel is resized
        self.status = QLabel("", self)
        self.status.setObjectName("searchStatus")
        self.empty = EmptyHint(self.results, self._empty_text)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_requested)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self.search_requested)
        for box in (self.tag, self.used):
            box.currentIndexChanged.connect(lambda _i: self.search_requested.emit())
        self.this_source.toggled.connect(lambda _on: self.search_requested.emit())
        self.results.itemActivated.connect(self._activated)
        self.results.currentItemChanged.connect(self._current_changed)
        filters = QHBoxLayout()
        filters.addWidget(self.tag)
        filters.addWidget(self.used)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addWidget(self.this_source)  # a line of its own: beside the filters it was cut short
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

    def set_tags(self, tags: list[str]) -> None:
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("Any tag", None)
        for tag in tags:
            self.tag.addItem(tag, tag)
        index = self.tag.findData(current)
        self.tag.setCurrentIndex(max(0, index))
        self.tag.blockSignals(False)

    def show_results(self, results: SearchResults) -> None:
        self.results.blockSignals(True)
        self.results.clear()
        for hit in results.hits:
            item = QListWidgetItem(self.results)
            item.setData(Qt.ItemDataRole.UserRole, (hit.kind, hit.id, hit.source_id))
            item.setData(HTML_ROLE, excerpt_html(hit))
            item.setToolTip(hit.title or UNTITLED)
            # Drawn as rich text by the delegate: a screen reader gets the same words, plainly.
            kind = "Snippet" if hit.kind == "snippet" else "Source"
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{kind} from {hit.title or 'an untitled source'}: {''.join(t for t, _ in hit.excerpt)}")
        self.results.blockSignals(False)
        if not results.query.strip():
            self.status.setText("")
        elif not results:
            self.status.setText("Nothing found.")
        else:
            more = " (showing the best)" if results.more_sources or results.more_snippets else ""
            self.status.setText(
                f"{counted(len(results.snippets), 'snippet')}, {counted(len(results.sources), 'source')}{more}"
            )
        if results.query.strip():
            announce(self.results, self.status.text())
        self.empty.update()

    TYPE_TO_SEARCH = ("Type words to search every source and snippet; put a phrase in quotation marks "
                      "to find it exactly. Edit › Find… (Ctrl+F) brings you here from anywhere.")

    def _empty_text(self) -> str:
        """What the empty results list says: how to search, or what to try when nothing was found."""
        if not self.query.text().strip():
            return self.TYPE_TO_SEARCH
        if not self.status.text():  # typed, not searched yet
            return ""
        narrowed = [name for name, on in (
            (f"the tag “{self.tag.currentText()}”", self.tag.currentIndex() > 0),
            (f"“{self.used.currentText()}”", self.used.currentIndex() > 0),
            ("“Only the open source”", self.this_source.isChecked()),
        ) if on]
        if narrowed:
            return f"Try fewer words, or search without {' and '.join(narrowed)}."
        return "Try fewer or other words: a result must contain every word you type."

    def _current_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:  # None: the list was cleared
            self._activated(item)

    def _activated(self, item: QListWidgetItem) -> None:
        kind, hit_id, source_id = item.data(Qt.ItemDataRole.UserRole)
        self.hit_activated.emit(kind, hit_id, source_id)
