"""What happens when an undo or redo can't be carried out.

Undo runs core operations again, and the core may refuse (the snippet a
quotation needs was deleted since, say). Qt's undo commands can't fail, so the
command is marked obsolete (Qt drops it from the history) and the user is told.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from drafter.core.errors import DrafterError

#: Shows a refusal to the user; the main window sets it (tests may replace it).
report: Callable[[str], None] = lambda message: None  # noqa: E731


def run_or_report(command: QUndoCommand, step: Callable[[], None]) -> bool:
    try:
        step()
    except DrafterError as exc:
        command.setObsolete(True)
        report(f"“{command.text()}” can't be undone or redone: {exc.message}")
        return False
    return True
