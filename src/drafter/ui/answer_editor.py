"""The editor under the answer tree: the chosen question or block, edited in place.

Typing is saved a moment after the user pauses, and, while the typing goes on
without a pause, at most ``SAVE_MAX_WAIT_MS`` after the first keystroke not yet
saved; and when the editor loses focus. So there is no Save button, and no
keystroke stays off the disk for more than a second, whatever the rhythm. The
saves of one burst merge into one undo step ("Typing", ``OpCommand.mergeWith``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drafter.core.responses.counting import AnswerCount
from drafter.core.responses.records import BlockRecord, QuestionRecord
from drafter.core.wording import UNTITLED
from drafter.ui.accessibility import announce, name, pass_tab_on, warning_colour

#: Save typed text this long after the last keystroke (the brief: on disk within one second).
SAVE_DELAY_MS = 400
#: ...and, while typing goes on, this long after the first keystroke not yet saved (a save
#: takes a few ms; the rest of the second is the margin for a busy machine).
SAVE_MAX_WAIT_MS = 600


class _SavingTextEdit(QPlainTextEdit):
    focus_lost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.focus_lost.emit()
        super().focusOutEvent(event)


class AnswerEditor(QStackedWidget):
    text_edited = Signal(int, str)  # block id, the whole new text
    option_chosen = Signal(int, object)  # question id, option or None
    confidential_changed = Signal(int, bool)
    add_paragraph_requested = Signal()
    remove_requested = Signal()
    move_requested = Signal(int)  # -1 up, +1 down

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._block: BlockRecord | None = None
        self._question: QuestionRecord | None = None
        self._loading = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)
        # Not restarted by later keystrokes: the steady typist's text is saved all the same.
        self._max_wait_timer = QTimer(self)
        self._max_wait_timer.setSingleShot(True)
        self._max_wait_timer.setInterval(SAVE_MAX_WAIT_MS)
        self._max_wait_timer.timeout.connect(self.flush)

        self.empty = QLabel("Choose a question or a block of an answer to edit it.", self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.addWidget(self.empty)

        # Question page
        self.question_page = QWidget(self)
        q_layout = QVBoxLayout(self.question_page)
        q_layout.setContentsMargins(0, 0, 0, 0)
        self.question_text = QLabel(self.question_page)
        self.question_text.setWordWrap(True)
        self.question_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.option = QComboBox(self.question_page)
        self.option.setObjectName("chosenOption")
        name(self.option, "Chosen option")
        self.option.currentIndexChanged.connect(self._option_changed)
        self.confidential = QCheckBox("Confidential: not for publication", self.question_page)
        self.confidential.toggled.connect(self._confidential_changed)
        self.question_count = QLabel(self.question_page)
        self.question_count.setObjectName("answerCount")
        self.question_text.setObjectName("questionText")
        add = QPushButton("Add &Paragraph", self.question_page)
        add.setToolTip("Add a paragraph of your own to this answer (Ctrl+Return)")
        add.clicked.connect(self.add_paragraph_requested)
        row = QHBoxLayout()
        row.addWidget(self.option, 1)
        row.addWidget(self.confidential)
        # Who the answer is assigned to, who changed it last, who else is in it (``set_status``).
        self.question_status = self._status_label(self.question_page)
        q_layout.addWidget(self.question_text)
        q_layout.addWidget(self.question_status)
        q_layout.addLayout(row)
        q_layout.addWidget(self.question_count)
        self.no_answer = QLabel(self.NO_ANSWER_YET, self.question_page)
        self.no_answer.setObjectName("noAnswerYet")
        self.no_answer.setWordWrap(True)
        q_layout.addWidget(self.no_answer)
        q_layout.addWidget(add)
        q_layout.addStretch(1)
        self.addWidget(self.question_page)

        # Block page
        self.block_page = QWidget(self)
        b_layout = QVBoxLayout(self.block_page)
        b_layout.setContentsMargins(0, 0, 0, 0)
        self.quote = QLabel(self.block_page)
        self.quote.setWordWrap(True)
        self.quote.setObjectName("quotationText")
        self.lead_label = QLabel(self.block_page)
        self.text = _SavingTextEdit(self.block_page)
        self.text.setObjectName("blockText")
        pass_tab_on(self.text)  # Tab goes on to the buttons; Ctrl+Tab types a tab
        name(self.text, "Paragraph")
        self.text.textChanged.connect(self._typed)
        self.text.focus_lost.connect(self.flush)
        self.block_count = QLabel(self.block_page)
        buttons = QHBoxLayout()
        for label, tip, slot in (
            ("Move Up", "Move this block up in the answer (Alt+Up)", lambda: self.move_requested.emit(-1)),
            ("Move Down", "Move this block down in the answer (Alt+Down)", lambda: self.move_requested.emit(1)),
            ("Remove", "Remove this block from the answer (the snippet stays in the library)",
             self.remove_requested.emit),
        ):
            button = QPushButton(label, self.block_page)
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.block_status = self._status_label(self.block_page)
        b_layout.addWidget(self.block_status)
        b_layout.addWidget(self.quote)
        b_layout.addWidget(self.lead_label)
        b_layout.addWidget(self.text, 1)
        b_layout.addWidget(self.block_count)
        b_layout.addLayout(buttons)
        self.addWidget(self.block_page)

    def _status_label(self, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setObjectName("answerStatus")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName("Who is working on this answer")
        label.hide()
        return label

    def set_status(self, text: str) -> None:
        """"Assigned to Sam · Last edited by Alex, today at 14:02 · Kim is in this answer" (empty: hidden)."""
        for label in (self.question_status, self.block_status):
            if label.text() != text:
                label.setText(text)
                label.setAccessibleDescription(text)
            label.setVisible(bool(text))

    # --- showing -------------------------------------------------------------------------

    #: What a question with no answer yet says (its editor page, under the question).
    NO_ANSWER_YET = (
        "No answer yet. Start typing, or choose Add Paragraph (Ctrl+Return), to write your own words; "
        "drag a snippet onto this question from the Snippets tab, or choose "
        "Response › Quote Snippet in Answer (Ctrl+Shift+Q), to quote your evidence."
    )

    def show_nothing(self) -> None:
        self.flush()
        self._block = self._question = None
        self.setCurrentWidget(self.empty)

    def show_question(self, question: QuestionRecord, count: AnswerCount) -> None:
        self.flush()
        self._loading = True
        self._block, self._question = None, question
        from html import escape

        prompt = f"<br><i>{escape(question.prompt)}</i>" if question.prompt else ""
        self.question_text.setText(f"<b>{escape(question.label)}.</b> {escape(question.text)}{prompt}")
        self.option.setAccessibleName(f"Chosen option for question {question.label}")
        self.option.clear()
        self.option.setVisible(bool(question.options))
        if question.options:
            self.option.addItem("— no option chosen —", None)
            for option in question.options:
                self.option.addItem(option, option)
            self.option.setCurrentIndex(max(0, self.option.findData(question.chosen_option)))
        self.confidential.setChecked(question.confidential)
        self.set_count(count)
        self.no_answer.setVisible(not question.blocks)
        self.setCurrentWidget(self.question_page)
        self._loading = False

    def show_block(self, block: BlockRecord, question: QuestionRecord, count: AnswerCount) -> None:

        if self._block is not None and self._block.id == block.id and self.currentWidget() is self.block_page:
            self._block = block
            if block.is_quotation and block.snippet is not None:
                self._show_quote(block)  # shortened or given a pinpoint meanwhile
            if block.text != self.text.toPlainText():  # changed by undo/redo: show it, keep the cursor near
                position = self.text.textCursor().position()
                self._loading = True
                self.text.setPlainText(block.text)
                cursor = self.text.textCursor()
                cursor.setPosition(min(position, len(block.text)))
                self.text.setTextCursor(cursor)
                self._loading = False
            self.set_count(count)
            return
        self.flush()
        self._loading = True
        self._block, self._question = block, question
        if block.is_quotation and block.snippet is not None:
            self._show_quote(block)
            self.quote.show()
            self.lead_label.setText("Lead-in or comment (optional), printed before the quotation:")
            self.text.setAccessibleName(
                f"Lead-in to the quotation from {block.snippet.source_title or 'an untitled source'}")
            self.text.setPlaceholderText("e.g. As the Met's own figures show,")
        else:
            self.quote.hide()
            self.lead_label.setText(f"Your paragraph for question {question.label}:")
            self.text.setAccessibleName(f"Your paragraph for question {question.label}")
            self.text.setPlaceholderText("Type your argument here. It is saved as you type.")
        self.text.setPlainText(block.text)
        self.set_count(count)
        self.setCurrentWidget(self.block_page)
        self._loading = False

    def _show_quote(self, block: BlockRecord) -> None:
        from html import escape

        assert block.snippet is not None
        source = escape(block.snippet.source_title or UNTITLED)
        note = " · shortened (Response › Shorten Quotation…)" if block.shortened is not None else ""
        pinpoint = f" · cited at {escape(block.pinpoint)}" if block.pinpoint else ""
        self.quote.setText(f"<blockquote>‘{escape(block.quoted_text or '')}’</blockquote>"
                           f"<small>{source}{note}{pinpoint}</small>")

    def set_count(self, count: AnswerCount) -> None:
        text = ("Over the limit: " if count.over_limit else "") + count.describe()
        # The count against the limit is heard with the field, and said when the answer goes over it.
        self.text.setAccessibleDescription(text)
        self.option.setAccessibleDescription(text)
        was_over = self.question_count.text().startswith("Over the limit")
        if count.over_limit and not was_over and not self._loading:
            announce(self, text)
        for label in (self.question_count, self.block_count):
            label.setText(text)
            label.setStyleSheet(f"color: {warning_colour().name()}; font-weight: bold" if count.over_limit else "")

    def current_block_id(self) -> int | None:
        return self._block.id if self._block else None

    # --- editing -------------------------------------------------------------------------

    def _typed(self) -> None:
        if not self._loading and self._block is not None:
            self._save_timer.start()
            if not self._max_wait_timer.isActive():
                self._max_wait_timer.start()

    def flush(self) -> None:
        """Save what was typed now (also called before anything else is shown)."""
        self._save_timer.stop()
        self._max_wait_timer.stop()
        if self._block is None or self._loading:
            return
        text = self.text.toPlainText()
        if text != self._block.text:
            block_id = self._block.id
            self.text_edited.emit(block_id, text)

    def _option_changed(self) -> None:
        if not self._loading and self._question is not None:
            self.option_chosen.emit(self._question.id, self.option.currentData())

    def _confidential_changed(self, on: bool) -> None:
        if not self._loading and self._question is not None:
            self.confidential_changed.emit(self._question.id, on)
