"""Dialogs for responses: a new response, its details, and pasting questions in."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
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
from drafter.core.responses.numbering import has_answer, labels_in_use
from drafter.core.responses.records import QuestionRecord, ResponseDetails, ResponseDocument
from drafter.core.wording import counted
from drafter.ui.accessibility import announce, fit_to_screen, main_action, name, pass_tab_on, warning_colour
from drafter.ui.date_field import DateField

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
            form.addRow("Consu&ltation", self.preset)
            self.preset.currentIndexChanged.connect(self._apply_preset)
        self.title = QLineEdit(details.consultation_title, self)
        self.body = QLineEdit(details.consulting_body or "", self)
        self.deadline = DateField(details.deadline or "", self, full=True, what="The deadline")
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
        pass_tab_on(self.introduction)
        self.citation_style = QLineEdit(details.citation_style, self)
        self.count_quotes = QCheckBox("Quotations count toward word limits", self)
        self.count_quotes.setChecked(details.quotations_count_toward_limit)
        for label, widget in (
            ("Consultation &title", self.title), ("R&un by", self.body), ("&Deadline", self.deadline),
            ("&Submit to", self.submit_to), ("Responding &organisation", self.organisation),
            ("Co&ntact", self.contact), ("&May it be published?", self.publish),
            ("&Introduction", self.introduction), ("Citation st&yle", self.citation_style), ("", self.count_quotes),
        ):
            form.addRow(label, widget)  # the label is the field's accessible name (its buddy)
            if widget is self.deadline:
                form.addRow("", self.deadline.feedback)  # "Read as 12 February 2026"
        layout.addLayout(form)
        self.note = QLabel("", self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.error = QLabel("", self)
        self.error.setObjectName("detailsError")
        self.error.setStyleSheet(f"color: {warning_colour().name()}")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        main_action(buttons.button(QDialogButtonBox.StandardButton.Ok),
                    "&Create Response" if presets else "&Save Details")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # The title first: the preset is a shortcut to it, and most people type their own.
        self.title.setFocus()

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
            "(Response › Paste Questions…). Drafter never makes questions up."
        )

    def details(self) -> ResponseDetails:
        from drafter.core.responses.operations import validate_details

        return validate_details(
            ResponseDetails(
                consultation_title=self.title.text(),
                consulting_body=self.body.text(),
                deadline=self.deadline.iso(),
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
            announce(self, exc.message, urgent=True)
            return
        self.accept()


class QuestionsDialog(QDialog):
    """Paste (or load) the questions, see how they were read, then use them.

    For a response with no questions they become its questions. For one that has some,
    they are added after them (``mode`` "append"), every answer untouched, and a number
    the response already has is named before anything is stored; replacing them all
    ("replace") is offered only while no question has an answer.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None,
                 existing: ResponseDocument | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Questions of the consultation")
        fit_to_screen(self, 820, 640)
        self.parsed: ParsedQuestionSet | None = None
        self.existing = existing if existing is not None and existing.questions else None
        self.mode = "append" if self.existing is not None else "replace"
        layout = QVBoxLayout(self)
        if self.existing is None:
            intro = ("&Paste the questions exactly as the consultation document prints them, "
                     "with their numbers. Check how Drafter read them below before using them.")
        else:
            count = len(self.existing.questions)
            intro = (f"&Paste more questions, with their numbers. They are added after the {count} "
                     f"question{'s' if count != 1 else ''} already there; no answer is changed.")
        intro_label = QLabel(intro, self)
        intro_label.setWordWrap(True)
        layout.addWidget(intro_label)
        self.source = QPlainTextEdit(text, self)
        intro_label.setBuddy(self.source)
        pass_tab_on(self.source)  # Tab goes on to Read the Questions; Ctrl+Tab types a tab
        name(self.source, "The consultation's questions",
             "Paste them here (Ctrl+V), then Tab to Read the Questions")
        self.source.setPlaceholderText("1. Do you agree that …?\n"
                                       "Agree / Neither agree nor disagree / Disagree / Don't know\n"
                                       "Please explain your answer.")
        layout.addWidget(self.source, 2)
        read = QPushButton("&Read the Questions", self)
        read.setToolTip("Read the pasted text into questions (Alt+R)")
        read.clicked.connect(self.read)
        self.read_button = read
        layout.addWidget(read)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("questionsRead")
        pass_tab_on(self.table)
        name(self.table, "Questions as read", "One row a question: its number, wording, options and limit")
        self.table.setHorizontalHeaderLabels(["No.", "Question", "Options", "Limit"])
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(0, 50)
        self.table.setColumnWidth(1, 430)
        self.table.setColumnWidth(2, 200)
        # The wording takes the room there is (at 200% scale the dialog may be narrower than its columns).
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 3)
        self.notes = QLabel("", self)
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        label = "&Use These Questions" if self.existing is None else "&Add These Questions"
        #: The button that uses the questions read (adds them, when the response has some).
        self.replace = self.buttons.addButton(label, QDialogButtonBox.ButtonRole.AcceptRole)
        self.replace.setEnabled(False)
        #: Replacing every question there: only while none has an answer.
        self.replace_all: QPushButton | None = None
        if self.existing is not None and not any(has_answer(q) for q in self.existing.questions):
            self.replace_all = self.buttons.addButton("Replace &Those There", QDialogButtonBox.ButtonRole.ActionRole)
            self.replace_all.setEnabled(False)
            self.replace_all.clicked.connect(self._replace_all)
        # Enter reads the questions until they are read, then uses them.
        main_action(read)
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
            self.notes.setText(f"<span style='color:{warning_colour().name()}'>{escape(exc.message)}</span>")
            self.replace.setEnabled(False)
            if self.replace_all is not None:
                self.replace_all.setEnabled(False)
            announce(self, exc.message, urgent=True)
            return
        self.show_parsed(self.parsed)

    def _replace_all(self) -> None:
        self.mode = "replace"
        self.accept()

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
            spoken = f"Question {q.label}: {' '.join(text.split())}"
            spoken += f". Options: {', '.join(q.options)}" if q.options else ""
            spoken += f". Limit {limit}" if limit else ""
            item = self.table.item(row, 0)
            if item is not None:
                item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
        self.table.resizeRowsToContents()
        notes = "".join(f"<li>{escape(n)}</li>" for n in parsed.notes)
        # Warnings first, in words as well as colour: a screen reader reads the label's text.
        warnings = "".join(f"<li><span style='color:{warning_colour().name()}'>Warning: {escape(w)}</span></li>"
                           for w in parsed.warnings)
        in_use = labels_in_use(self.existing, questions) if self.existing is not None else []
        if in_use:
            numbers = escape(", ".join(in_use))
            said = (f"this response already has questions {numbers}. They will be added as further questions "
                    "with the same numbers, not merged; delete them from the text above if they are the same "
                    "questions." if len(in_use) > 1 else
                    f"this response already has question {numbers}. It will be added as a further question "
                    "with the same number, not merged; delete it from the text above if it is the same question.")
            warnings = f"<li><span style='color:#b00020'>Warning: {said}</span></li>" + warnings
        listed = warnings + notes
        self.notes.setText(f"<b>{counted(len(questions), 'question')} read.</b>"
                           + (f"<ul>{listed}</ul>" if listed else ""))
        self.replace.setEnabled(bool(questions))
        if self.replace_all is not None:
            self.replace_all.setEnabled(bool(questions))
        if questions:
            main_action(self.replace)
        button = self.replace.text()  # "&Use These Questions": said as "Use These Questions is Alt+U"
        key = f" {button.replace('&', '')} is Alt+{button[button.index('&') + 1].upper()}." if questions else ""
        announce(self, f"{len(questions)} question(s) read." + (
            f" {len(parsed.warnings)} warning(s)." if parsed.warnings else "") + key)


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
        for label, widget in (("&Number", self.label), ("&Question", self.text), ("O&ptions", self.options),
                              ("P&rompt", self.prompt), ("&Word limit", self.words),
                              ("&Character limit", self.chars)):
            form.addRow(label, widget)
        pass_tab_on(self.text)
        pass_tab_on(self.options)
        self.error = QLabel("", self)
        self.error.setStyleSheet(f"color: {warning_colour().name()}")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        main_action(buttons.button(QDialogButtonBox.StandardButton.Ok), "&Save Question")
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
