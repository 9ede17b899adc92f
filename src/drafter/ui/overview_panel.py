"""The overview: each question's state at a glance, and the snippets not used anywhere."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from drafter.core.records import SnippetRecord
from drafter.core.responses.counting import count_answer
from drafter.core.responses.records import ResponseDocument


class OverviewPanel(QWidget):
    question_chosen = Signal(int)
    snippet_chosen = Signal(int)

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
        self.table.cellDoubleClicked.connect(self._row_chosen)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.unused_label = QLabel("Snippets not used in any response:", self)
        self.unused = QListWidget(self)
        self.unused.setObjectName("unusedSnippets")
        self.unused.itemDoubleClicked.connect(
            lambda item: self.snippet_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.unused_label)
        layout.addWidget(self.unused, 1)
        self._ids: list[int] = []

    def show_overview(self, document: ResponseDocument | None, snippets: list[SnippetRecord]) -> None:
        self._ids = []
        self.table.setRowCount(0)
        if document is None:
            self.summary.setText("No response open.")
        else:
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
                        item.setForeground(QColor(190, 0, 30))
                    self.table.setItem(row, column, item)
                self._ids.append(question.id)
            self.summary.setText(
                f"<b>{answered} of {len(document.questions)} questions answered.</b> "
                "Double-click a question to work on it."
            )
        self.unused.clear()
        for snippet in snippets:
            if snippet.used_in == 0:
                text = " ".join(snippet.text.split())
                self.unused.addItem(f"{text[:110]}{'…' if len(text) > 110 else ''} — {snippet.source_title or 'Untitled'}")
                self.unused.item(self.unused.count() - 1).setData(Qt.ItemDataRole.UserRole, snippet.id)
        self.unused_label.setText(f"Snippets not used in any response ({self.unused.count()}):")

    def _row_chosen(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._ids):
            self.question_chosen.emit(self._ids[row])
