"""An operation: one named change to the data, in one transaction, that knows its own undo.

``Op.run(store)`` runs the operation's body inside ``Store.transaction()`` and returns
an ``OpResult``: the body's value, what the transaction changed (``Changes``, read
back from the change log) and the inverse operation — another ``Op`` that undoes it,
whose own result carries the operation that redoes it. Undo and redo are therefore
the same act: run the inverse you hold, keep the inverse it gives back.

The window's undo stack holds one generic command over this (``drafter.ui.op_command``),
and the command line runs the same operations without one. Anki's collection
operations (``OpChanges``) are the model for the shape; none of its code is used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from drafter.core.changes import Changes
    from drafter.core.store import Store

T = TypeVar("T")


@dataclass(frozen=True)
class OpResult(Generic[T]):
    value: T
    changes: Changes
    #: Runs to undo this operation (None: it changed nothing that can be given back).
    inverse: Op[Any] | None


#: What an operation's body returns: its value, and the operation that undoes it.
Body = Callable[["Store"], "tuple[T, Op[Any] | None]"]


@dataclass(frozen=True)
class Op(Generic[T]):
    """A named change; ``name`` is what Edit › Undo shows ("Undo Add Paragraph")."""

    name: str
    body: Body[T]
    #: Consecutive operations with the same key merge into one undo step (typing in one block).
    merge_key: tuple[object, ...] | None = None
    #: What the operation expects to find before it changes anything (see ``absorb``).
    detail: object = None
    #: For an undo step that merges: this inverse combined with a later step's inverse
    #: (undo back to the first step's "before", expecting the later step's "after").
    absorb: Callable[[Op[Any]], Op[Any]] | None = None

    def run(self, store: Store) -> OpResult[T]:
        """Do it, in one transaction; tried again (twice) if another writer kept the library busy."""
        from drafter.core.store import LibraryBusyError

        for attempt in range(3):
            try:
                with store.transaction():
                    value, inverse = self.body(store)
                break
            except LibraryBusyError:
                if attempt == 2 or store.in_transaction:  # inside a larger unit: that one decides
                    raise
        changes = store.last_changes
        if inverse is not None and inverse.name != self.name:
            inverse = Op(self.name, inverse.body, inverse.merge_key, inverse.detail, inverse.absorb)  # one name
        return OpResult(value, changes, inverse)


def sequence(name: str, *steps: Op[Any]) -> Op[None]:
    """Several operations as one, in one transaction; its inverse undoes them in reverse order."""

    def body(store: Store) -> tuple[None, Op[Any] | None]:
        inverses: list[Op[Any]] = []
        for step in steps:
            value, inverse = step.body(store)
            if inverse is not None:
                inverses.append(inverse)
        return None, sequence(name, *reversed(inverses)) if inverses else None

    return Op(name, body)
