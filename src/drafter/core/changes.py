"""What a change to the data changed: which sources, snippets, responses, questions and blocks.

Every committed transaction yields one ``Changes`` (read back from the change log
that migration 0006's triggers write), and so does every batch of commits made by
another process. The window's panels decide from it whether to redraw and which
rows; nothing is keyed by table-name strings outside this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum


class Entity(Enum):
    SOURCE = "source"
    SNIPPET = "snippet"
    RESPONSE = "response"
    QUESTION = "question"
    BLOCK = "block"
    CONFLICT = "conflict"  # a save kept beside a colleague's text (drafter.core.teamwork, migration 0013)


@dataclass(frozen=True)
class EntityChanges:
    """The ids of one kind of record that a change created, updated and deleted (each id in one set)."""

    created: frozenset[int] = frozenset()
    updated: frozenset[int] = frozenset()
    deleted: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    @property
    def ids(self) -> frozenset[int]:
        return self.created | self.updated | self.deleted


_NONE = EntityChanges()


@dataclass(frozen=True)
class Changes:
    """One notice: what one operation (or one batch of outside commits) changed."""

    sources: EntityChanges = _NONE
    snippets: EntityChanges = _NONE
    responses: EntityChanges = _NONE
    questions: EntityChanges = _NONE
    blocks: EntityChanges = _NONE
    conflicts: EntityChanges = _NONE
    #: The whole library was put in place anew (a restore, a whole-library import): read everything again.
    library_replaced: bool = False

    def __bool__(self) -> bool:
        return self.library_replaced or any(self.of(entity) for entity in Entity)

    def of(self, entity: Entity) -> EntityChanges:
        part: EntityChanges = getattr(self, _FIELD[entity])
        return part

    @classmethod
    def from_log(cls, rows: Iterable[tuple[str, int, str]]) -> Changes:
        """The net effect of change-log rows (entity, id, action) in the order they were written.

        A record created and then updated is created; created and then deleted is no
        change at all; updated and then deleted is deleted; deleted and created again
        (undo putting it back under its id) is updated.
        """
        first: dict[tuple[str, int], str] = {}
        last: dict[tuple[str, int], str] = {}
        for entity, row_id, action in rows:
            key = (entity, int(row_id))
            first.setdefault(key, action)
            last[key] = action
        buckets: dict[str, dict[str, set[int]]] = {e.value: {"created": set(), "updated": set(), "deleted": set()}
                                                   for e in Entity}
        for key, began in first.items():
            entity, row_id = key
            if entity not in buckets:
                continue
            ended = last[key]
            if began == "created":
                net = None if ended == "deleted" else "created"
            elif ended == "deleted":
                net = "deleted"
            else:
                net = "updated"
            if net is not None:
                buckets[entity][net].add(row_id)
        return _changes({
            e: EntityChanges(*(frozenset(buckets[e.value][a]) for a in ("created", "updated", "deleted")))
            for e in Entity
        })

    def merged(self, later: Changes) -> Changes:
        """This change followed by ``later``, as one notice (used to gather outside commits)."""
        if self.library_replaced or later.library_replaced:
            return Changes(library_replaced=True)
        parts: dict[Entity, EntityChanges] = {}
        for entity in Entity:
            a, b = self.of(entity), later.of(entity)
            created = (a.created | b.created) - b.deleted
            deleted = (a.deleted | b.deleted) - a.created - b.created
            updated = (a.updated | b.updated) - created - deleted
            parts[entity] = EntityChanges(frozenset(created), frozenset(updated), frozenset(deleted))
        return _changes(parts)

    def describe(self) -> str:
        """A short English summary, for logs and test messages."""
        if self.library_replaced:
            return "the whole library"
        words = []
        for entity in Entity:
            part = self.of(entity)
            for action in ("created", "updated", "deleted"):
                ids = sorted(getattr(part, action))
                if ids:
                    words.append(f"{entity.value} {action} {ids}")
        return "; ".join(words) or "nothing"


_FIELD = {
    Entity.SOURCE: "sources",
    Entity.SNIPPET: "snippets",
    Entity.RESPONSE: "responses",
    Entity.QUESTION: "questions",
    Entity.BLOCK: "blocks",
    Entity.CONFLICT: "conflicts",
}



def _changes(parts: dict[Entity, EntityChanges]) -> Changes:
    return Changes(
        sources=parts[Entity.SOURCE], snippets=parts[Entity.SNIPPET], responses=parts[Entity.RESPONSE],
        questions=parts[Entity.QUESTION], blocks=parts[Entity.BLOCK],
        conflicts=parts[Entity.CONFLICT],
    )


NO_CHANGES = Changes()
LIBRARY_REPLACED = Changes(library_replaced=True)


@dataclass
class ChangeListeners:
    """Who hears of each committed change, in this process (the window's notice channel)."""

    callbacks: list[Callable[[Changes], None]] = field(default_factory=list)

    def add(self, callback: Callable[[Changes], None]) -> None:
        self.callbacks.append(callback)

    def remove(self, callback: Callable[[Changes], None]) -> None:
        if callback in self.callbacks:
            self.callbacks.remove(callback)

    def announce(self, changes: Changes) -> None:
        for callback in list(self.callbacks):
            callback(changes)
