"""Undo for snippets and citation facts: thin commands over core operations (see undo_base)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drafter.core.snippets import SnippetRecord, delete_snippet, restore_snippet, update_snippet
from drafter.ui.events import DataEvents
from drafter.ui.undo_base import DoneCommand

if TYPE_CHECKING:
    from drafter.core.sources import SourceFacts
    from drafter.core.store import Store


class _DoneCommand(DoneCommand):
    """Snippet commands announce that the snippets changed."""

    def __init__(self, text: str, events: DataEvents) -> None:
        super().__init__(text, events.snippets_changed.emit)


class CreateSnippetCommand(_DoneCommand):
    def __init__(self, store: Store, events: DataEvents, created: SnippetRecord) -> None:
        super().__init__("Make Snippet", events)
        self._store, self._record = store, created

    def apply(self) -> None:
        restore_snippet(self._store, self._record)

    def revert(self) -> None:
        delete_snippet(self._store, self._record.id)


class DeleteSnippetCommand(_DoneCommand):
    def __init__(self, store: Store, events: DataEvents, deleted: SnippetRecord) -> None:
        super().__init__("Delete Snippet", events)
        self._store, self._record = store, deleted

    def apply(self) -> None:
        delete_snippet(self._store, self._record.id, even_if_used=True)

    def revert(self) -> None:
        restore_snippet(self._store, self._record)


class EditSnippetCommand(_DoneCommand):
    def __init__(self, store: Store, events: DataEvents, before: SnippetRecord, after: SnippetRecord) -> None:
        super().__init__("Edit Snippet", events)
        self._store, self._before, self._after = store, before, after

    def apply(self) -> None:
        update_snippet(self._store, self._after.id, note=self._after.note, tags=self._after.tags)

    def revert(self) -> None:
        update_snippet(self._store, self._before.id, note=self._before.note, tags=self._before.tags)


class EditFactsCommand(DoneCommand):
    """Change a source's citation facts (undo puts the previous facts back)."""

    def __init__(self, store: Store, events: DataEvents, source_id: int, before: SourceFacts,
                 after: SourceFacts) -> None:
        super().__init__("Edit Citation Facts", events.sources_changed.emit)
        self._store, self._id, self._before, self._after = store, source_id, before, after

    def apply(self) -> None:
        from drafter.core.sources import update_source_facts

        update_source_facts(self._store, self._id, self._after)

    def revert(self) -> None:
        from drafter.core.sources import update_source_facts

        update_source_facts(self._store, self._id, self._before)
