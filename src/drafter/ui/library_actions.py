"""The library's gestures: show a source or snippet, edit facts, make, edit, delete and quote snippets.

Like ``AnswerActions`` for the answers: each change is one core operation
(``drafter.core.operations.library``) run through the window's ``OperationRunner``,
undoable and announced; the lists redraw from the notice (``LibraryViews``).
Going to a readiness finding is here too: it shows a source, a snippet or a question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from drafter.core.errors import DrafterError
from drafter.core.operations import library as lib_ops
from drafter.core.wording import counted
from drafter.ui.accessibility import announce

if TYPE_CHECKING:
    from drafter.core.checks import CheckItem
    from drafter.ui.main_window import MainWindow


class LibraryActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.reader = window.reader
        #: The snippet chosen in the Snippets tab (or made) since the last Quote Snippet in Answer.
        self.fresh_snippet: int | None = None
        self.picker: QDialog | None = None

    def _say(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 5000)
        announce(self.window, message)

    # --- showing -------------------------------------------------------------------------

    def show_source(self, source_id: int) -> None:
        store = self.window.store
        if store is None or self.reader.current_id == source_id:
            return
        from drafter.core.listing import snippets_of_source, source_record, source_stamp

        try:
            stamp = source_stamp(store, source_id)
            self.reader.show_source(source_record(store, source_id), stamp)
            self.reader.set_snippets(snippets_of_source(store, source_id))
        except DrafterError as exc:
            self.window.statusBar().showMessage(exc.message, 8000)
            announce(self.window, exc.message, urgent=True)

    def show_snippet(self, snippet_id: int) -> None:
        store = self.window.store
        if store is None:
            return
        from drafter.core.snippets import get_snippet

        snippet = get_snippet(store, snippet_id)
        self.show_source(snippet.source_id)
        self.reader.select_snippet(snippet_id)

    def snippet_clicked_in_reader(self, snippet_id: int) -> None:
        self.window.snippets_panel.select_snippet(snippet_id, emit=False)

    def go_to_check_item(self, item: CheckItem) -> None:
        """Take the user to the place a readiness finding is about."""
        from drafter.core.checks import FACTS_KINDS

        window = self.window
        if item.kind in FACTS_KINDS and item.source_id is not None:
            # The fix is in the source's facts, not in the answer: show the source and open its
            # facts editor. Deferred so that the readiness list that was double-clicked closes
            # first and the editor is not stacked on it.
            from PySide6.QtCore import QTimer

            source_id, first = item.source_id, (item.facts[0] if item.facts else None)
            self.show_source(source_id)
            QTimer.singleShot(0, self, lambda: self.edit_facts(source_id, focus=first))
            return
        if item.block_id is not None:
            window.right_tabs.setCurrentWidget(window.response_panel)
            window.response_panel.select_block(item.block_id)
        elif item.question_id is not None:
            self.go_to_question(item.question_id)
        if item.snippet_id is not None:
            window.left_tabs.setCurrentWidget(window.snippets_panel)
            self.show_snippet(item.snippet_id)
        elif item.source_id is not None:
            self.show_source(item.source_id)
        if item.kind == "more_unused_snippets":
            window.right_tabs.setCurrentWidget(window.overview)

    def go_to_question(self, question_id: int) -> None:
        panel = self.window.response_panel
        self.window.right_tabs.setCurrentWidget(panel)
        panel.tree.setCurrentIndex(panel.model.index_of_question(question_id))
        panel.tree.setFocus()

    # --- citation facts --------------------------------------------------------------------

    def edit_facts(self, source_id: int | None = None, *, focus: str | None = None) -> None:
        """Edit the citation facts of ``source_id``, else of the source open in the reader.

        ``focus`` names the fact whose field takes the keyboard first (the first one missing).
        """
        from drafter.core import library
        from drafter.core.sources import SourceFacts
        from drafter.ui.facts_dialog import FactsDialog

        store = self.window.store
        source_id = source_id if source_id is not None else self.reader.current_id
        if store is None or source_id is None:
            self._say("Open a source first.")
            return
        try:
            record = library.get_source(store, source_id)
        except DrafterError as exc:  # deleted since the readiness list was made
            self._say(exc.message)
            return
        before = SourceFacts.of(record)
        dialog = FactsDialog(before, heading="Citation facts", parent=self.window)
        dialog.ok.setText("&Save")
        field = getattr(dialog, focus, None) if focus in ("title", "date", "publisher", "authors", "accessed") else None
        if isinstance(field, QWidget):
            field.setFocus()
        if not dialog.exec():
            return
        after = dialog.facts()
        if after == before.cleaned():
            return
        # Facts read from a reference manager's file say so in their basis, not "entered by you".
        op = lib_ops.update_source_facts(record.id, after) if dialog.read_from is None else (
            lib_ops.replace_source_facts(record.id, after, {
                "all": f"taken from the reference in {dialog.read_from}, which you gave, and checked by you"}))
        self.window.operations.run(op, self.window, refused_title="Facts not saved")

    # --- snippets --------------------------------------------------------------------------

    def make_snippet(self) -> None:
        selected = self.reader.selected_range()
        if self.window.store is None or selected is None or self.reader.current_id is None:
            self._say("Select a passage in the reader first.")
            return
        start, end, text = selected
        made = self.window.operations.run(
            lib_ops.create_snippet(self.reader.current_id, start, end, expected_text=text),
            self.window, refused_title="Snippet not made")
        if made is None:
            return
        snippet = made.value
        self.fresh_snippet = snippet.id
        self.window.snippets_panel.select_snippet(snippet.id, emit=False)
        self.reader.select_snippet(snippet.id)
        self._say("Snippet made. Edit its note and tags in the Snippets tab.")

    def edit_snippet(self, snippet_id: int, note: object, tags: object) -> None:
        self.window.operations.run(lib_ops.update_snippet(
            snippet_id, note=note if isinstance(note, str) else None, tags=tags if isinstance(tags, tuple) else None,
        ), self.window)

    def delete_snippet(self, snippet_id: int | None = None) -> None:
        from drafter.core.snippets import get_snippet

        store = self.window.store
        snippet_id = snippet_id if snippet_id is not None else self.window.snippets_panel.current_snippet_id()
        if store is None or snippet_id is None:
            return
        snippet = get_snippet(store, snippet_id)
        if snippet.used_in:
            answer = QMessageBox.question(
                self.window,
                "Delete a snippet that is quoted?",
                f"This snippet is quoted {counted(snippet.used_in, 'time')} in your responses. Deleting it "
                "removes those quotations from the answers too.",
                QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self.window.operations.run(lib_ops.delete_snippet(snippet_id, even_if_used=True), self.window)

    # --- quoting ---------------------------------------------------------------------------

    def quote_selection(self, selection: dict[str, Any], question_id: int, position: int) -> None:
        """A passage dragged from the reader onto an answer: make it a snippet and quote it, one operation."""
        try:
            op = lib_ops.quote_selection(int(selection["source_id"]), int(selection["start"]), int(selection["end"]),
                                         question_id, position=position, expected_text=str(selection["text"]))
        except (KeyError, ValueError):
            QMessageBox.warning(self.window, "Not quoted", "The dragged selection was not understood.")
            return
        quoted = self.window.operations.run(op, self.window, refused_title="Not quoted")
        if quoted is not None:
            self.window.response_panel.select_block(quoted.value.id)

    def quote_current_snippet(self) -> None:
        """Response › Quote Snippet in Answer (Ctrl+Shift+Q): quote the freshly chosen snippet, else pick one.

        A snippet is *freshly chosen* when the user chose it in the Snippets tab (clicked it or
        moved to it) or made it from the reader's selection since the last quotation added
        this way; quoting uses the choice up. A passage selected in the reader (with another
        tab than Snippets in front) is made a snippet and quoted. Otherwise, rather than
        quoting the snippet last chosen once again, the quick picker opens.
        """
        window = self.window
        store = window.store
        if store is None:
            return
        panel = window.response_panel
        if panel.document is None:
            self._say("Open or start a response first.")
            return
        if panel.current_question_id() is None:
            QMessageBox.information(window, "Choose a question", "Select the question to quote a snippet under.")
            return
        if self.reader.selected_range() is not None and window.left_tabs.currentWidget() is not window.snippets_panel:
            self.make_snippet()  # marks it fresh
        snippet_id = window.snippets_panel.current_snippet_id()
        if snippet_id is None or snippet_id != self.fresh_snippet:
            snippet_id = self.pick_snippet()
        if snippet_id is None:
            return
        self.fresh_snippet = None
        question_id, position = panel.insertion_place()
        panel.answer_actions.quote_snippet(snippet_id, question_id, position)

    def snippet_chosen(self, snippet_id: int) -> None:
        """The user chose a snippet in the Snippets tab: show it, and the next quote uses it."""
        self.fresh_snippet = snippet_id
        self.show_snippet(snippet_id)

    def pick_snippet(self) -> int | None:
        """The quick picker (``SnippetPicker``): the id the user chose, or None."""
        from drafter.ui.snippet_picker import SnippetPicker

        store = self.window.store
        panel = self.window.response_panel
        question_id = panel.current_question_id()
        if store is None or panel.document is None or question_id is None:
            return None
        question = panel.document.question(question_id)
        name = f"question {question.label}" if question.label else "this question"
        picker = SnippetPicker(store, f"Quote a snippet in the answer to {name}.", self.window)
        picker.setObjectName("snippetPicker")
        self.picker = picker  # tests reach it while it is open
        try:
            return picker.chosen if picker.exec() else None
        finally:
            self.picker = None
            picker.deleteLater()
