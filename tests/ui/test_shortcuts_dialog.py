"""Help › Keyboard Shortcuts lists every shortcut of the window, read from the window itself."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from drafter.ui.main_window import MainWindow
from drafter.ui.shortcuts_dialog import ELSEWHERE, ShortcutsDialog

pytestmark = pytest.mark.gui

NATIVE = QKeySequence.SequenceFormat.NativeText


def _plain(text: str) -> str:
    return text.replace("&", "")


def test_every_action_with_a_shortcut_is_listed_with_its_keys(window: MainWindow, qtbot) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    listed = {(command, keys) for _group, command, keys in dialog.listed()}
    actions = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(actions) >= 20  # the menus' commands at least
    for action in actions:
        row = next(((c, k) for c, k in listed if c == _plain(action.text())), None)
        assert row is not None, f"{action.text()!r} ({action.shortcut().toString()}) is not listed"
        assert action.shortcut().toString(NATIVE) in row[1].split(", or ")


def test_commands_are_grouped_by_their_menu(window: MainWindow, qtbot) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    rows = dialog.listed()
    assert ("File", "Export to Word…", QKeySequence("Ctrl+E").toString(NATIVE)) in rows
    assert ("Edit", "Make Snippet", QKeySequence("Ctrl+M").toString(NATIVE)) in rows
    assert ("Response", "Quote Snippet in Answer", QKeySequence("Ctrl+Shift+Q").toString(NATIVE)) in rows
    # A shortcut outside the menus is listed by what it does.
    assert (ELSEWHERE, "Delete the chosen snippet (in the Snippets list)",
            QKeySequence(QKeySequence.StandardKey.Delete).toString(NATIVE)) in rows
    groups = [group for group, *_ in rows]
    assert groups.index("File") < groups.index("Edit") < groups.index("Response") < groups.index("Help")


def test_a_shortcut_added_later_is_listed_without_editing_the_dialog(window: MainWindow, qtbot) -> None:
    action = QAction("Show Everything", window)
    action.setShortcut(QKeySequence("Ctrl+Alt+K"))
    window.menus["&View"].addAction(action)
    loose = QShortcut(QKeySequence("Ctrl+Alt+J"), window.reader)
    loose.setWhatsThis("Jump somewhere")
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    rows = dialog.listed()
    assert ("View", "Show Everything", QKeySequence("Ctrl+Alt+K").toString(NATIVE)) in rows
    assert (ELSEWHERE, "Jump somewhere", QKeySequence("Ctrl+Alt+J").toString(NATIVE)) in rows


def test_typing_filters_by_command_or_key_and_says_when_nothing_matches(window: MainWindow, qtbot) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    dialog.filter.setText("snippet")
    commands = {command for _group, command, _keys in dialog.listed()}
    assert {"Make Snippet", "Quote Snippet in Answer"} <= commands
    assert "Export to Word…" not in commands
    dialog.filter.setText(QKeySequence("Ctrl+E").toString(NATIVE))
    assert ("File", "Export to Word…", QKeySequence("Ctrl+E").toString(NATIVE)) in dialog.listed()
    dialog.filter.setText("response undo")  # every word must match: none does both
    assert dialog.listed() == []
    assert dialog.nothing.isVisibleTo(dialog) and "response undo" in dialog.nothing.text()
    dialog.filter.clear()
    assert len(dialog.listed()) >= 20 and not dialog.nothing.isVisibleTo(dialog)


def test_the_list_reads_by_keyboard_and_screen_reader(window: MainWindow, qtbot) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.filter.setFocus()
    dialog.filter.setText("export to word")
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.tree
    current = dialog.tree.currentItem()
    assert current is not None and current.text(0) == "Export to Word…"
    keys = QKeySequence("Ctrl+E").toString(NATIVE)
    assert current.data(0, Qt.ItemDataRole.AccessibleTextRole) == f"Export to Word…: {keys}"
    assert dialog.tree.accessibleName() and dialog.filter.accessibleName()


def test_help_menu_opens_it(window: MainWindow, qtbot) -> None:
    entry = next(a for a in window.menus["&Help"].actions() if _plain(a.text()) == "Keyboard Shortcuts")
    entry.trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    assert ("Help", "Keyboard Shortcuts", entry.shortcut().toString(NATIVE)) in dialog.listed()
    entry.trigger()  # asked again: the same dialog, not a second one
    assert window.findChildren(ShortcutsDialog) == [dialog]
    dialog.close()
