"""The window's warm-up: what its start-up thread imports before the user's first change or export.

``Store.warm_up`` imports the ORM and opens the first connection; the modules
above the store (the ones that change data, the readiness check, the export with
python-docx and lxml) are named here, at the top of the core, so the store never
imports upward. Imported here, the first export of a session doesn't spend a
tenth of a second importing in its worker, which held the window up for as long.
Every other thread waits for the warm-up before it uses what it imports
(``Store.wait_for_warm_up``): two threads importing one package can deadlock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drafter.core.store import Store


def warm_up(store: Store) -> None:
    """Import the ORM, the modules that change data, the reading of imports and the export, ahead of
    their first use."""
    store.warm_up(_import_the_changes, _import_the_reading, _import_the_export)


def _import_the_changes() -> None:
    import drafter.core.library
    import drafter.core.responses.operations
    import drafter.core.snippets  # noqa: F401


def _import_the_reading() -> None:
    """The import's reading job's window side: 10–15 ms of imports on the window's thread at a
    session's first import, the start of its longest freeze."""
    import drafter.core.jobs.read  # noqa: F401


def _import_the_export() -> None:
    try:
        import drafter.core.checks
        import drafter.core.export  # noqa: F401
    except Exception:  # imported again, and reported, by the export itself
        pass
