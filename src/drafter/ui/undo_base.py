"""The one shape every undo command has, and what happens when undo can't be done.

Each operation is carried out once *before* its command is pushed (so a
refusal reaches the user as a message and nothing is pushed); the command's
first ``redo`` is then a no-op, and later redo/undo calls run core operations
again. The core may refuse those (the snippet a quotation needs was deleted
since, say). Qt's undo commands can't fail, so the command is marked obsolete
(Qt drops it from the history) and the user is told.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from drafter.core.errors import DrafterError


def _report_nowhere(message: str) -> None:
    """Until the main window sets ``report``, a refusal has no one to be shown to."""


#: Shows a refusal to the user; the main window sets it (tests may replace it).
report: Callable[[str], object] = _report_nowhere


def run_or_report(command: QUndoCommand, step: Callable[[], None]) -> bool:
    try:
        step()
    except DrafterError as exc:
        command.setObsolete(True)
        report(f"“{command.text()}” can't be undone or redone: {exc.message}")
        return False
    return True


class DoneCommand(QUndoCommand):
    """An operation already carried out; ``notify`` announces each change it makes."""

    def __init__(self, text: str, notify: Callable[[], None]) -> None:
        super().__init__(text)
        self._notify = notify
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        elif not run_or_report(self, self.apply):
            return
        self._notify()

    def undo(self) -> None:
        if not run_or_report(self, self.revert):
            return
        self._notify()

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError
