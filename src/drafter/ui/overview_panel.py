"""The overview: each question's state at a glance, and the snippets not used anywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from drafter.core.records import SnippetRecord
from drafter.core.responses.counting import count_answer
from drafter.core.responses.records import ResponseDocument
from drafter.core.wording import UNTITLED, counted
from drafter.ui.accessibility import name, pass_tab_on, warning_colour
from drafter.ui.empty_hint import EmptyHint
from drafter.ui.record_table import PagedTableModel

if TYPE_CHECKING:
    from drafter.core.store import Store

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole


class UnusedSnippetsModel(PagedTableModel[SnippetRecord]):
    """Snippets no answer quotes, one line each, read a page at a time."""

    COLUMNS = ("Snippet",)
    SHOWN_CHARS = 110

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self.id_at(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        snippet = self.record_at(index.row())
        if snippet is None:
            return "(removed)" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return snippet.text
        text = " ".join(snippet.text[: self.SHOWN_CHARS * 2].split())
        cut = "…" if len(text) > self.SHOWN_CHARS or len(snippet.text) > self.SHOWN_CHARS * 2 else ""
        return f"{text[: self.SHOWN_CHARS]}{cut} — {snippet.source_title or UNTITLED}"


class OverviewPanel(QWidget):
    question_chosen = Signal(int)
    snippet_chosen = Signal(int)

    NO_RESPONSE = ("Choose Response › New Response… (Ctrl+Shift+N) to start your answer to a consultation, "
                   "or choose a response in the Answers tab.")
    NO_QUESTIONS = ("This response has no questions yet. Choose Response › Paste Questions… and paste them "
                    "from the consultation document.")
    NO_UNUSED = ("None. Snippets you make (Edit › Make Snippet, Ctrl+M) are listed here until an answer "
                 "quotes them.")

    COLUMNS = ("No.", "Answer", "Option", "Quotations", "Words", "")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("overviewTable")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for column in range(len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.cellActivated.connect(self._row_chosen)  # a double-click, or Enter
        pass_tab_on(self.table)
        name(self.table, "Questions at a glance", "Enter on a question goes to its answer")
        self._no_rows = self.NO_RESPONSE
        self.table_hint = EmptyHint(self.table, lambda: self._no_rows)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.unused_label = QLabel("Snippets not used in any response:", self)
        self.unused_model = UnusedSnippetsModel(self)
        # A one-column table rather than a list view: its rows have one fixed height, so it
        # never asks for rows it doesn't show (a list view measures the last one).
        self.unused = QTableView(self)
        self.unused.setObjectName("unusedSnippets")
        self.unused.setModel(self.unused_model)
        self.unused.horizontalHeader().hide()
        self.unused.horizontalHeader().setStretchLastSection(True)
        self.unused.verticalHeader().hide()
        self.unused.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.unused.verticalHeader().setDefaultSectionSize(self.unused.fontMetrics().height() + 6)
        self.unused.setShowGrid(False)
        self.unused.setWordWrap(False)
        self.unused.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.unused.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.unused_hint = EmptyHint(self.unused, self.NO_UNUSED)
        self.unused.activated.connect(lambda index: self.snippet_chosen.emit(int(index.data(ID_ROLE))))
        pass_tab_on(self.unused)
        name(self.unused, "Snippets not used in any response", "Enter on a snippet shows it in the reader")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.unused_label)
        layout.addWidget(self.unused, 1)
        self._ids: list[int] = []

    def show_questions(self, document: ResponseDocument | None) -> None:
        self._ids = []
        self.table.setRowCount(0)
        if document is None:
            self.summary.setText("<b>No response open.</b>")
            self._no_rows = self.NO_RESPONSE
        else:
            self._no_rows = self.NO_QUESTIONS
            include = document.details.quotations_count_toward_limit
            self.table.setRowCount(len(document.questions))
            answered = 0
            for row, question in enumerate(document.questions):
                count = count_answer(question, include_quotations=include)
                has_answer = any(b.is_quotation or b.text.strip() for b in question.blocks)
                answered += has_answer
                quotes = sum(1 for b in question.blocks if b.is_quotation)
                words = f"{count.words} / {question.word_limit}" if question.word_limit else str(count.words)
                notes = []
                if count.over_limit:
                    notes.append("over the limit")
                if question.options and not question.chosen_option:
                    notes.append("no option chosen")
                if question.confidential:
                    notes.append("confidential")
                cells = (question.label, "answered" if has_answer else "not answered",
                         question.chosen_option or "—", str(quotes), words, ", ".join(notes))
                for column, value in enumerate(cells):
                    item = QTableWidgetItem(value)
                    item.setToolTip(question.text)
                    if (column == 1 and not has_answer) or (column == 5 and notes):
                        item.setForeground(warning_colour())
                    self.table.setItem(row, column, item)
                spoken = f"Question {question.label}, {cells[1]}"
                spoken += f", option {question.chosen_option}" if question.chosen_option else ""
                spoken += f", {quotes} quotation{'s' if quotes != 1 else ''}, {count.describe()}"
                spoken += f", {cells[5]}" if notes else ""
                first = self.table.item(row, 0)
                if first is not None:
                    first.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
                self._ids.append(question.id)
            self.summary.setText(
                f"<b>{answered} of {counted(len(document.questions), 'question')} answered.</b> "
                "Double-click a question, or press Enter on it, to work on it."
            )
        self.table_hint.update()

    def show_unused(self, store: Store | None) -> None:
        """The snippets no answer quotes yet, in reading order; read a page at a time."""
        if store is None:
            self.unused_model.set_rows([], lambda ids: [])
        else:
            from drafter.core import listing

            ids = listing.snippet_ids(store, listing.SnippetQuery(unused_only=True))
            self.unused_model.set_rows(ids, lambda page: listing.snippet_records(store, page))
        self.unused_label.setText(f"Snippets not used in any response ({self.unused_model.rowCount():,}):")

    def _row_chosen(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._ids):
            self.question_chosen.emit(self._ids[row])
