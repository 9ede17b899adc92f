"""A conflict: your text and a colleague's side by side; keep yours, keep theirs, or merge them.

Shown when a save found its paragraph changed by someone else since (``drafter.core.teamwork``):
the save was kept, not lost, and nothing was overwritten. The dialog only gathers the
choice (``choice``, ``merged_text``, ``seen_version``); the window runs the core's
``resolve_conflict`` operation with it. "Decide Later" closes it with the conflict kept
open (Response › Conflicts… shows it again; so does ``drafter conflicts``).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from drafter.core.teamwork import BlockNow, ConflictRecord, when
from drafter.ui.accessibility import announce, name, pass_tab_on


class ConflictDialog(QDialog):
    """Both texts of one conflict; after ``exec()``, ``choice`` is mine, theirs, merged, or None (later)."""

    def __init__(self, conflict: ConflictRecord, now: BlockNow | None, *, me: str, question_label: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.choice: str | None = None
        self.merged_text: str | None = None
        #: The version of the paragraph shown as "theirs": a choice is refused if it moves on again.
        self.seen_version = now.version if now is not None else conflict.their_version
        theirs = now.text if now is not None else conflict.their_text
        their_name = (now.edited_by if now is not None else conflict.their_author) or "someone"
        their_name = "you (elsewhere)" if their_name == me else their_name
        stamp = now.edited_at if now is not None and now.edited_at else conflict.created_at
        where = f" in the answer to question {question_label}" if question_label else ""
        self.setWindowTitle("Conflict: Two Versions of One Paragraph")
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        who = "You changed it elsewhere (another window or a script)" if their_name.startswith("you") else (
            f"{their_name} changed it")
        intro = QLabel(f"This paragraph{where} was changed while you were editing it: {who}. Nothing was "
                       "overwritten and nothing is lost: your text is kept here until you choose.", self)
        intro.setWordWrap(True)
        intro.setObjectName("conflictIntro")
        layout.addWidget(intro)
        self.intro = intro

        grid = QGridLayout()
        self.mine = self._text_view(conflict.my_text, "Your text",
                                    f"What you typed, on version {conflict.base_version} of the paragraph")
        self.theirs = self._text_view(theirs, f"Text by {their_name}",
                                      f"The paragraph now, version {self.seen_version}, last changed {when(stamp)}")
        mine_label = QLabel("&Your text:", self)
        mine_label.setBuddy(self.mine)
        theirs_label = QLabel(f"Text &by {their_name} (now, {when(stamp)}):", self)
        theirs_label.setBuddy(self.theirs)
        theirs_label.setWordWrap(True)
        grid.addWidget(mine_label, 0, 0)
        grid.addWidget(theirs_label, 0, 1)
        grid.addWidget(self.mine, 1, 0)
        grid.addWidget(self.theirs, 1, 1)
        layout.addLayout(grid, 1)
        if now is None:
            gone = QLabel("The paragraph has been removed since. Copy your text from the left if you need it, "
                          "then choose Keep Theirs to close this conflict.", self)
            gone.setWordWrap(True)
            layout.addWidget(gone)

        self.merge_label = QLabel("Merged te&xt (edit it, then choose Save Merged Text):", self)
        self.merge_editor = QPlainTextEdit(self)
        self.merge_editor.setObjectName("mergedText")
        pass_tab_on(self.merge_editor)
        name(self.merge_editor, "Merged text", "Both texts, theirs first; edit them into one paragraph")
        self.merge_label.setBuddy(self.merge_editor)
        self.merge_label.hide()
        self.merge_editor.hide()
        layout.addWidget(self.merge_label)
        layout.addWidget(self.merge_editor, 1)

        buttons = QDialogButtonBox(self)
        self.keep_mine = QPushButton("Keep &Mine", self)
        self.keep_theirs = QPushButton("Keep &Theirs", self)
        self.merge = QPushButton("M&erge…", self)
        self.save_merged = QPushButton("&Save Merged Text", self)
        self.later = QPushButton("Decide &Later", self)
        name(self.keep_mine, "Keep my text", "Put your text in the paragraph instead of theirs")
        name(self.keep_theirs, "Keep their text", "Leave the paragraph as it is now; your text is set aside")
        name(self.merge, "Merge the texts…", "Edit both texts into one")
        name(self.save_merged, "Save the merged text")
        name(self.later, "Decide later", "Close; the conflict stays open (Response › Conflicts…)")
        for button in (self.keep_mine, self.keep_theirs, self.merge, self.save_merged):
            button.setAutoDefault(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.later, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_merged.hide()
        self.keep_mine.setEnabled(now is not None)
        self.merge.setEnabled(now is not None)
        layout.addWidget(buttons)
        self.keep_mine.clicked.connect(lambda: self._choose("mine"))
        self.keep_theirs.clicked.connect(lambda: self._choose("theirs"))
        self.merge.clicked.connect(self.start_merge)
        self.save_merged.clicked.connect(self._save_merged)
        self.later.clicked.connect(self.reject)
        self.keep_mine.setFocus()

    def _text_view(self, text: str, accessible: str, description: str) -> QPlainTextEdit:
        view = QPlainTextEdit(text, self)
        view.setReadOnly(True)
        pass_tab_on(view)
        name(view, accessible, description)
        return view

    def start_merge(self) -> None:
        """Show the merge editor, filled with both texts (theirs, then yours) to edit into one."""
        self.merge_editor.setPlainText(f"{self.theirs.toPlainText()}\n\n{self.conflict.my_text}")
        for widget in (self.merge_label, self.merge_editor, self.save_merged):
            widget.show()
        self.merge.setEnabled(False)
        self.merge_editor.setFocus()
        announce(self, "Merged text: both texts, theirs first. Edit them, then choose Save Merged Text.")

    def _save_merged(self) -> None:
        self.merged_text = self.merge_editor.toPlainText()
        self._choose("merged")

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
