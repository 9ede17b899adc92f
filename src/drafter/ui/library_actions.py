"""The library's gestures: show a source or snippet, edit facts, make, edit, delete and quote snippets.

Like ``AnswerActions`` for the answers: each change is one core operation
(``drafter.core.operations.library``) run through the window's ``OperationRunner``,
undoable and announced; the lists redraw from the notice (``LibraryViews``).
Going to a readiness finding is here too: it shows a source, a snippet or a question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from drafter.core.errors import DrafterError
from drafter.core.operations import library as lib_ops
from drafter.core.wording import counted

if TYPE_CHECKING:
    from drafter.core.checks import CheckItem
    from drafter.ui.main_window import MainWindow


class LibraryActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.reader = window.reader

    def _say(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 5000)

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
        window = self.window
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

    def edit_facts(self) -> None:
        from drafter.core import library
        from drafter.core.sources import SourceFacts
        from drafter.ui.facts_dialog import FactsDialog

        store = self.window.store
        if store is None or self.reader.current_id is None:
            self._say("Open a source first.")
            return
        record = library.get_source(store, self.reader.current_id)
        before = SourceFacts.of(record)
        dialog = FactsDialog(before, heading="Citation facts", parent=self.window)
        dialog.ok.setText("Save")
        if not dialog.exec():
            return
        after = dialog.facts()
        if after == before.cleaned():
            return
        self.window.operations.run(lib_ops.update_source_facts(record.id, after), self.window,
                                   refused_title="Facts not saved")

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
        """Quote the snippet chosen in the Snippets tab (or made from the reader's selection)."""
        window = self.window
        snippet_id = window.snippets_panel.current_snippet_id()
        if self.reader.selected_range() is not None and window.left_tabs.currentWidget() is not window.snippets_panel:
            self.make_snippet()
            snippet_id = window.snippets_panel.current_snippet_id()
        if snippet_id is None:
            self._say("Choose a snippet (or select a passage) to quote.")
            return
        window.response_panel.answer_actions.quote_snippet(snippet_id)
