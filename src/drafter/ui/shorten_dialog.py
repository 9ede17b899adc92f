"""Shorten Quotation: leave words out of a quotation, put words in brackets, and set its pinpoint.

The snippet stays the exact passage of the source; the user edits how the
quotation is printed and sees at once whether every piece still follows from
the snippet (``drafter.core.shortening``), so nothing they cannot submit is
ever saved. A thin layer: the checking and the saving are the core's.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from drafter.core.errors import DrafterError
from drafter.core.locators import parse_locator
from drafter.core.responses.records import BlockRecord
from drafter.core.shortening import ELLIPSIS, ShorteningError, normalise


class ShortenDialog(QDialog):
    """Edit one quotation's printed form and pinpoint; ``form()`` and ``pinpoint()`` give the result."""

    def __init__(self, block: BlockRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert block.snippet is not None
        self.snippet_text = block.snippet.text
        self.setWindowTitle("Shorten Quotation")
        self.resize(640, 460)
        layout = QVBoxLayout(self)

        intro = QLabel(
            "Select words and choose <b>Leave Out</b> to replace them with an ellipsis, or <b>Put in "
            "Brackets</b> to replace them with your own words, such as “[the Met]”. Every remaining word "
            "is checked against the source, in order."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        source = QLabel(f"From: {block.snippet.source_title or 'Untitled source'}")
        source.setWordWrap(True)
        layout.addWidget(source)

        self.editor = QPlainTextEdit(block.quoted_text or "")
        self.editor.setTabChangesFocus(True)
        self.editor.setAccessibleName("Quotation as printed")
        self.editor.setAccessibleDescription("The quotation with … where words are left out and "
                                             "square brackets around your own words")
        layout.addWidget(self.editor, 1)

        buttons_row = QDialogButtonBox()
        self.leave_out = QPushButton("&Leave Out Selected Words")
        self.bracket = QPushButton("Put in &Brackets…")
        self.whole = QPushButton("&Whole Snippet")
        for button in (self.leave_out, self.bracket, self.whole):
            button.setAutoDefault(False)
            buttons_row.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons_row)
        self.leave_out.clicked.connect(self.leave_out_selection)
        self.bracket.clicked.connect(self.bracket_selection)
        self.whole.clicked.connect(lambda: self.editor.setPlainText(self.snippet_text))
        QShortcut(QKeySequence("Ctrl+L"), self.editor, self.leave_out_selection)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Check of the shortened quotation")
        layout.addWidget(self.status)

        form = QFormLayout()
        self.pinpoint_edit = QLineEdit(block.pinpoint or "")
        self.pinpoint_edit.setPlaceholderText("from where the snippet stands (e.g. its page)")
        self.pinpoint_edit.setAccessibleName("Pinpoint")
        self.pinpoint_edit.setToolTip("Where the citation points, as you would write it: p 12, para 3, [3], s 64")
        form.addRow("&Pinpoint:", self.pinpoint_edit)
        layout.addLayout(form)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.editor.textChanged.connect(self._check)
        self.pinpoint_edit.textChanged.connect(self._check)
        self.editor.selectionChanged.connect(self._selection_changed)
        self._selection_changed()
        self._check()
        self.editor.setFocus()

    # --- editing -----------------------------------------------------------------------------

    def leave_out_selection(self) -> None:
        """Replace the selected words with one ellipsis, spaced as a printed page spaces it."""
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            return
        text = self.editor.toPlainText()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        before = " " if start > 0 and not text[start - 1].isspace() else ""
        after = " " if end < len(text) and not text[end].isspace() else ""
        self._replace(cursor, f"{before}{ELLIPSIS}{after}")

    def bracket_selection(self) -> None:
        """Replace the selected words with the user's own, in square brackets (or insert them where nothing is)."""
        cursor = self.editor.textCursor()
        words, ok = QInputDialog.getText(self, "Put in Brackets", "Your words, printed in [square brackets]:",
                                         text=cursor.selectedText())
        if ok and words.strip():
            self._replace(cursor, f"[{words.strip().strip('[]')}]")

    def _replace(self, cursor: QTextCursor, text: str) -> None:
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def _selection_changed(self) -> None:
        selected = self.editor.textCursor().hasSelection()
        self.leave_out.setEnabled(selected)
        why = "" if selected else "Select the words to leave out first."
        self.leave_out.setToolTip(why or "Replace the selected words with an ellipsis (Ctrl+L)")
        self.leave_out.setAccessibleDescription(why)

    # --- checking ----------------------------------------------------------------------------

    def _check(self) -> None:
        problem: DrafterError | None = None
        try:
            stored = normalise(self.editor.toPlainText(), self.snippet_text)
            message = "The whole snippet is quoted." if stored is None else "Every piece matches the source, in order."
        except ShorteningError as exc:
            problem, message = exc, str(exc)
        try:
            parse_locator(self.pinpoint_edit.text())
        except DrafterError as exc:
            problem, message = exc, exc.message
        self.status.setText(("⚠ " if problem else "✓ ") + message)
        self.status.setAccessibleDescription(message)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(problem is None)
        ok.setToolTip(message if problem else "")

    def form(self) -> str | None:
        """The form to save: None quotes the whole snippet."""
        return normalise(self.editor.toPlainText(), self.snippet_text)

    def pinpoint(self) -> str | None:
        return " ".join(self.pinpoint_edit.text().split()) or None

