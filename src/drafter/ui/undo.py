"""Undo for every edit, as thin QUndoCommands over core operations.

Each operation is carried out once *before* it is pushed (so an error reaches
the user as a message and nothing is pushed); the command's first ``redo`` is
then a no-op, and later redo/undo calls run the core operations again.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from drafter.ui.undo_errors import run_or_report

from drafter.core.snippets import SnippetRecord, delete_snippet, restore_snippet, update_snippet
from drafter.ui.events import DataEvents


class _DoneCommand(QUndoCommand):
    def __init__(self, text: str, events: DataEvents) -> None:
        super().__init__(text)
        self._events = events
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        elif not run_or_report(self, self.apply):
            return
        self._events.snippets_changed.emit()

    def undo(self) -> None:
        if not run_or_report(self, self.revert):
            return
        self._events.snippets_changed.emit()

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class CreateSnippetCommand(_DoneCommand):
    def __init__(self, store, events: DataEvents, created: SnippetRecord) -> None:  # type: ignore[no-untyped-def]
        super().__init__("Make Snippet", events)
        self._store, self._record = store, created

    def apply(self) -> None:
        restore_snippet(self._store, self._record)

    def revert(self) -> None:
        delete_snippet(self._store, self._record.id)


class DeleteSnippetCommand(_DoneCommand):
    def __init__(self, store, events: DataEvents, deleted: SnippetRecord) -> None:  # type: ignore[no-untyped-def]
        super().__init__("Delete Snippet", events)
        self._store, self._record = store, deleted

    def apply(self) -> None:
        delete_snippet(self._store, self._record.id, even_if_used=True)

    def revert(self) -> None:
        restore_snippet(self._store, self._record)


class EditSnippetCommand(_DoneCommand):
    def __init__(self, store, events: DataEvents, before: SnippetRecord, after: SnippetRecord) -> None:  # type: ignore[no-untyped-def]
        super().__init__("Edit Snippet", events)
        self._store, self._before, self._after = store, before, after

    def apply(self) -> None:
        update_snippet(self._store, self._after.id, note=self._after.note, tags=self._after.tags)

    def revert(self) -> None:
        update_snippet(self._store, self._before.id, note=self._before.note, tags=self._before.tags)


class EditFactsCommand(QUndoCommand):
    """Change a source's citation facts (undo puts the previous facts back)."""

    def __init__(self, store, events: DataEvents, source_id: int, before, after) -> None:  # type: ignore[no-untyped-def]
        super().__init__("Edit Citation Facts")
        self._store, self._events, self._id = store, events, source_id
        self._before, self._after = before, after
        self._first = True

    def redo(self) -> None:
        from drafter.core.sources import update_source_facts

        if self._first:
            self._first = False
        else:
            update_source_facts(self._store, self._id, self._after)
        self._events.sources_changed.emit()

    def undo(self) -> None:
        from drafter.core.sources import update_source_facts

        update_source_facts(self._store, self._id, self._before)
        self._events.sources_changed.emit()
