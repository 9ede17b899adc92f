"""Dialogs for responses: a new response, its details, and pasting questions in."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from drafter.core.errors import DrafterError
from drafter.core.responses.records import QuestionRecord, ResponseDetails
from drafter.core.wording import counted

if TYPE_CHECKING:
    from drafter.core.questions import ParsedQuestionSet
    from drafter.core.responses.presets import Preset

_PUBLISH = (("Not decided yet", None), ("Yes, it may be published", True), ("No, do not publish it", False))


class DetailsDialog(QDialog):
    """A response's details; with presets offered when it is new."""

    def __init__(self, details: ResponseDetails, *, presets: Sequence[Preset] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New response" if presets else "Response details")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.preset = QComboBox(self)
        self.preset.addItem("No preset: I'll type the details", None)
        for preset in presets:
            self.preset.addItem(preset.title, preset)
        if presets:
            form.addRow("Consultation", self.preset)
            self.preset.currentIndexChanged.connect(self._apply_preset)
        self.title = QLineEdit(details.consultation_title, self)
        self.body = QLineEdit(details.consulting_body or "", self)
        self.deadline = QLineEdit(details.deadline or "", self)
        self.deadline.setPlaceholderText("e.g. 2026-02-12")
        self.submit_to = QLineEdit(details.submit_to or "", self)
        self.organisation = QLineEdit(details.organisation or "", self)
        self.contact = QLineEdit(details.contact or "", self)
        self.contact.setPlaceholderText("name, role, e-mail")
        self.publish = QComboBox(self)
        for label, value in _PUBLISH:
            self.publish.addItem(label, value)
        self.publish.setCurrentIndex([v for _, v in _PUBLISH].index(details.may_publish))
        self.introduction = QPlainTextEdit(details.introduction, self)
        self.introduction.setPlaceholderText("Who you are and a summary of your recommendations (optional)")
        self.introduction.setMaximumHeight(110)
        self.citation_style = QLineEdit(details.citation_style, self)
        self.count_quotes = QCheckBox("Quotations count toward word limits", self)
        self.count_quotes.setChecked(details.quotations_count_toward_limit)
        for label, widget in (
            ("Consultation title", self.title), ("Run by", self.body), ("Deadline", self.deadline),
            ("Submit to", self.submit_to), ("Responding organisation", self.organisation),
            ("Contact", self.contact), ("May it be published?", self.publish),
            ("Introduction", self.introduction), ("Citation style", self.citation_style), ("", self.count_quotes),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        self.note = QLabel("", self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.error = QLabel("", self)
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _apply_preset(self) -> None:
        preset = self.preset.currentData()
        if preset is None:
            self.note.setText("")
            return
        self.title.setText(preset.title)
        self.body.setText(preset.body or "")
        self.deadline.setText(preset.deadline or "")
        self.submit_to.setText(preset.submit_to or "")
        count = f"its {counted(preset.questions, 'question')}" if preset.questions else "its questions"
        self.note.setText(
            f"<b>Next:</b> paste {escape(count)} from the consultation document "
            "(Questions › Paste Questions…). Drafter never makes questions up."
        )

    def details(self) -> ResponseDetails:
        from drafter.core.responses.operations import validate_details

        return validate_details(
            ResponseDetails(
                consultation_title=self.title.text(),
                consulting_body=self.body.text(),
                deadline=self.deadline.text(),
                submit_to=self.submit_to.text(),
                organisation=self.organisation.text(),
                contact=self.contact.text(),
                may_publish=self.publish.currentData(),
                introduction=self.introduction.toPlainText(),
                citation_style=self.citation_style.text(),
                quotations_count_toward_limit=self.count_quotes.isChecked(),
            )
        )

    def _accept(self) -> None:
        try:
            self.details()
        except DrafterError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


class QuestionsDialog(QDialog):
    """Paste (or load) the questions, see how they were read, then replace."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Questions of the consultation")
        self.resize(820, 640)
        self.parsed: ParsedQuestionSet | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "Paste the questions exactly as the consultation document prints them, "
            "with their numbers. Check how Drafter read them below before replacing.", self))
        self.source = QPlainTextEdit(text, self)
        self.source.setPlaceholderText("1. Do you agree that …?\n"
                                       "Agree / Neither agree nor disagree / Disagree / Don't know\n"
                                       "Please explain your answer.")
        layout.addWidget(self.source, 2)
        read = QPushButton("Read the Questions", self)
        read.clicked.connect(self.read)
        layout.addWidget(read)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["No.", "Question", "Options", "Limit"])
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(0, 50)
        self.table.setColumnWidth(1, 430)
        self.table.setColumnWidth(2, 200)
        layout.addWidget(self.table, 3)
        self.notes = QLabel("", self)
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.replace = self.buttons.addButton("Use These Questions", QDialogButtonBox.ButtonRole.AcceptRole)
        self.replace.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if text:
            self.read()

    def read(self) -> None:
        from drafter.core.questions import parse_questions

        try:
            self.parsed = parse_questions(self.source.toPlainText())
        except DrafterError as exc:
            self.parsed = None
            self.table.setRowCount(0)
            self.notes.setText(f"<span style='color:#b00020'>{escape(exc.message)}</span>")
            self.replace.setEnabled(False)
            return
        self.show_parsed(self.parsed)

    def show_parsed(self, parsed: ParsedQuestionSet) -> None:
        self.parsed = parsed
        questions = parsed.questions
        self.table.setRowCount(len(questions))
        for row, q in enumerate(questions):
            limit = (counted(q.word_limit, "word") if q.word_limit
                     else counted(q.char_limit, "character") if q.char_limit else "")
            text = q.text + (f"\n{q.prompt}" if q.prompt else "")
            for column, value in enumerate((q.label, text, " / ".join(q.options), limit)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeRowsToContents()
        notes = "".join(f"<li>{escape(n)}</li>" for n in parsed.notes)
        # Warnings first, in words as well as colour: a screen reader reads the label's text.
        warnings = "".join(f"<li><span style='color:#b00020'>Warning: {escape(w)}</span></li>"
                           for w in parsed.warnings)
        listed = warnings + notes
        self.notes.setText(f"<b>{counted(len(questions), 'question')} read.</b>"
                           + (f"<ul>{listed}</ul>" if listed else ""))
        self.replace.setEnabled(bool(questions))


class QuestionDialog(QDialog):
    """Edit one question: its number, wording, options, prompt and limits."""

    def __init__(self, question: QuestionRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Question {question.label}")
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.label = QLineEdit(question.label, self)
        self.text = QPlainTextEdit(question.text, self)
        self.text.setMaximumHeight(110)
        self.options = QPlainTextEdit("\n".join(question.options), self)
        self.options.setPlaceholderText("One option per line, e.g. Agree / Disagree … (empty: free text only)")
        self.options.setMaximumHeight(100)
        self.prompt = QLineEdit(question.prompt or "", self)
        self.words = QLineEdit("" if question.word_limit is None else str(question.word_limit), self)
        self.words.setPlaceholderText("no limit")
        self.chars = QLineEdit("" if question.char_limit is None else str(question.char_limit), self)
        self.chars.setPlaceholderText("no limit")
        for name, widget in (("Number", self.label), ("Question", self.text), ("Options", self.options),
                             ("Prompt", self.prompt), ("Word limit", self.words), ("Character limit", self.chars)):
            form.addRow(name, widget)
        self.error = QLabel("", self)
        self.error.setStyleSheet("color: #b00020")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> dict[str, object]:
        def limit(text: str, name: str) -> int | None:
            text = text.strip()
            if not text:
                return None
            if not text.isdigit() or int(text) == 0:
                raise DrafterError(f"The {name} limit must be a whole number above zero, or empty for none.")
            return int(text)

        if not self.text.toPlainText().strip():
            raise DrafterError("A question needs its text.")
        return {
            "label": self.label.text().strip(),
            "text": " ".join(self.text.toPlainText().split()),
            "options": [line.strip() for line in self.options.toPlainText().splitlines() if line.strip()],
            "prompt": self.prompt.text().strip() or None,
            "word_limit": limit(self.words.text(), "word"),
            "char_limit": limit(self.chars.text(), "character"),
        }

    def _accept(self) -> None:
        try:
            self.changes()
        except DrafterError as exc:
            self.error.setText(exc.message)
            return
        self.accept()
