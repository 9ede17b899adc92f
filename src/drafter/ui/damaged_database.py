"""At start-up, a damaged database: say so plainly, offer the newest good backup or Quit.

The damaged file is never written to: restoring renames it (with its -wal
file) to ``drafter.sqlite.replaced-<time>`` beside the restored copy, so
whatever it still holds can be recovered by someone later.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from drafter.core.errors import DrafterError
from drafter.core.store import DamagedDatabaseError
from drafter.core.store.backups import describe_time
from drafter.core.store.restore import restore_backup


def offer_restore(parent: QWidget | None, exc: DamagedDatabaseError) -> bool:
    """Ask; restore the newest good backup if the user wants it. True if it was restored."""
    backup = exc.newest_backup
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Drafter's database is damaged")
    box.setText(
        "Drafter's database is damaged, so your library and responses cannot be opened. "
        "Nothing has been changed."
    )
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    restore_button = None
    if backup is None:
        box.setInformativeText(
            f"There is no backup to restore. The damaged file is {exc.database}; keep it, and ask "
            "whoever supports Drafter in your organisation for help."
        )
    else:
        when = describe_time(backup.created)
        box.setInformativeText(
            f"Drafter can put back its newest good backup, from {when}. Work done after that "
            "will not be in it. The damaged file is kept beside it, not deleted."
        )
        restore_button = box.addButton(f"Restore the newest backup (from {when})", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(restore_button)
    box.setEscapeButton(quit_button)
    box.exec()
    if restore_button is None or box.clickedButton() is not restore_button:
        return False
    assert backup is not None
    try:
        restore_backup(exc.database.parent, backup.id)
    except DrafterError as failure:
        from drafter.ui.application import show_error

        show_error(parent, "Drafter could not restore the backup", failure)
        return False
    return True
