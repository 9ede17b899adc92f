"""File › Restore from Backup…: choose a backup, confirm, and reopen the library on it.

The window closes its store first (its connections would otherwise go on
writing to the file being set aside) and clears undo (its commands name rows of
the database being replaced); ``restore_backup`` accepts the window's own lock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox

from drafter.core.errors import DrafterError

if TYPE_CHECKING:
    from drafter.ui.main_window import MainWindow

_KIND_NAMES = {"daily": "daily backup", "before-migration": "before an upgrade",
               "before-import": "before importing a response file"}


def restore_from_backup(window: MainWindow) -> bool:
    """Ask which backup, confirm, restore it; True if the library now holds the backup."""
    from drafter.core.store.backups import describe_time
    from drafter.core.store.restore import restore_backup
    from drafter.core.store.untrusted import sound_backups
    from drafter.ui.application import show_error
    from drafter.ui.library_files import refused_on_server

    # The data folder's backups are of its own library file, not of the team library on screen.
    if refused_on_server(window, "Restore from Backup", "Restoring a backup puts a backup copy in place of",
                         "Whoever looks after the server restores the team library from its pg_dump copies "
                         "(see “Backing up” in Drafter's guide to a team server)."):
        return False
    backups = [b for b in sound_backups(window.data_dir) if b.ok]
    if not backups:
        QMessageBox.information(window, "Restore from Backup",
                                "There is no backup to restore yet. Drafter makes one each day it starts, "
                                "and before upgrading its database or importing a response file.")
        return False
    labels = [f"{describe_time(b.created)} — {_KIND_NAMES.get(b.kind, b.kind)}" for b in backups]
    label, chosen = QInputDialog.getItem(window, "Restore from Backup", "Put back the library as it was on:",
                                         labels, 0, False)
    if not chosen:
        return False
    backup = backups[labels.index(label)]
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Restore from Backup")
    box.setText(f"Restore the backup from {describe_time(backup.created)}?")
    box.setInformativeText("Everything done since then will be replaced by the backup. Your current database "
                           "is not deleted: it is kept in the data folder beside the restored one.")
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    window.close_library()
    window.undo_stack.clear()
    try:
        restore_backup(window.data_dir, backup.id)
    except DrafterError as exc:
        show_error(window, "Drafter could not restore the backup", exc)
        _reopen(window)  # a refused restore leaves the database as it was
        return False
    if not _reopen(window):
        return False
    window.statusBar().showMessage(f"Restored the backup from {describe_time(backup.created)}.", 8000)
    return True


def _reopen(window: MainWindow) -> bool:
    from drafter.ui.application import show_error

    try:
        window.open_library()
    except DrafterError as exc:
        show_error(window, "Drafter cannot open its library", exc)
        return False
    return True
