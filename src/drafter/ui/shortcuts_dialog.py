"""Help › Keyboard Shortcuts: every shortcut of the window, grouped by menu, searchable.

The list is read from the window itself each time it is opened — the menus'
actions, any other action of the window and its panels, and their ``QShortcut``s —
so a shortcut added anywhere appears here without this dialog being edited.
Keys are written the way the platform writes them (Ctrl on Windows and Linux,
⌘ on a Mac).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: The group of shortcuts that belong to no menu (a list's Delete key, for instance).
ELSEWHERE = "In lists and panels"


@dataclass(frozen=True)
class Shortcut:
    """One command and the keys that run it, as the dialog lists it."""

    group: str
    command: str
    keys: tuple[str, ...]

    def matches(self, words: str) -> bool:
        """Every word typed is in the command, its menu or its keys (in any case)."""
        haystack = f"{self.group} {self.command} {' '.join(self.keys)}".casefold()
        return all(word in haystack for word in words.casefold().split())


def _plain(text: str) -> str:
    """A menu text without its mnemonic marks ("&Find…" → "Find…", "&&" → "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _on_a_keyboard(sequence: QKeySequence) -> bool:
    """Whether the keys are on an ordinary keyboard.

    The platform's standard bindings also list keys few keyboards have (F13 and up,
    a dedicated Undo, Copy or Find key): they still work, but listing them only
    crowds out the key the user is looking for.
    """
    if sequence.isEmpty():
        return False
    key = sequence[0].key()  # type: ignore[index]  # the stubs miss QKeySequence's operator[]
    return not (Qt.Key.Key_F13 <= key <= Qt.Key.Key_F35 or key >= Qt.Key.Key_Back)


def _keys(sequences: list[QKeySequence]) -> tuple[str, ...]:
    return tuple(
        sequence.toString(QKeySequence.SequenceFormat.NativeText)
        for sequence in sequences if _on_a_keyboard(sequence)
    )


def _menu_shortcuts(menu: QMenu, group: str, seen: set[int]) -> list[Shortcut]:
    found: list[Shortcut] = []
    for action in menu.actions():
        seen.add(id(action))
        if action.isSeparator():
            continue
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            found += _menu_shortcuts(submenu, f"{group} › {_plain(action.text())}", seen)
        elif keys := _keys(action.shortcuts()):
            found.append(Shortcut(group, _plain(action.text()), keys))
    return found


def _described(widget: QWidget | None, fallback: str) -> str:
    """What a shortcut that belongs to no menu is called: its own words, else its widget's name."""
    while widget is not None:
        if name := widget.accessibleName():
            return name
        widget = widget.parentWidget()
    return fallback


def window_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every shortcut of ``window``: its menus' actions in menu order, then every other action and shortcut.

    An action or ``QShortcut`` outside the menus is listed under ``ELSEWHERE`` by its
    status tip, tool tip or "What's This" text (set one on each), else by its text.
    """
    seen: set[int] = set()
    found: list[Shortcut] = []
    for title_action in window.menuBar().actions():
        menu = title_action.menu()
        if isinstance(menu, QMenu):
            found += _menu_shortcuts(menu, _plain(title_action.text()), seen)
    for action in window.findChildren(QAction):
        if id(action) in seen or action.isSeparator() or not (keys := _keys(action.shortcuts())):
            continue
        name = action.statusTip() or _plain(action.text()) or action.toolTip()
        found.append(Shortcut(ELSEWHERE, name, keys))
    for shortcut in window.findChildren(QShortcut):
        if keys := _keys([shortcut.key()]):
            parent = shortcut.parent()
            name = shortcut.whatsThis() or _described(parent if isinstance(parent, QWidget) else None, "Shortcut")
            found.append(Shortcut(ELSEWHERE, name, keys))
    return found


class ShortcutsDialog(QDialog):
    """The window's shortcuts in a tree (menu › command, keys) with a filter above it."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setObjectName("shortcutsDialog")
        self.resize(560, 600)
        self.shortcuts = window_shortcuts(window)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("shortcutFilter")
        self.filter.setPlaceholderText("Type to find a command or a key, e.g. “snippet” or “Ctrl+E”")
        self.filter.setAccessibleName("Find a shortcut")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutList")
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.nothing = QLabel("", self)
        self.nothing.setWordWrap(True)
        self.nothing.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.nothing)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._fill)
        # Enter in the filter goes to the list, to read it with the arrow keys.
        self.filter.returnPressed.connect(self._to_list)
        self._fill("")

    def listed(self) -> list[tuple[str, str, str]]:
        """What the list shows now, as (group, command, keys) rows."""
        rows = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            assert group is not None
            for c in range(group.childCount()):
                child = group.child(c)
                assert child is not None
                rows.append((group.text(0), child.text(0), child.text(1)))
        return rows

    def _fill(self, words: str) -> None:
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        bold = self.tree.font()
        bold.setBold(True)
        for shortcut in self.shortcuts:
            if not shortcut.matches(words):
                continue
            group = groups.get(shortcut.group)
            if group is None:
                group = groups[shortcut.group] = QTreeWidgetItem(self.tree, [shortcut.group, ""])
                group.setFont(0, bold)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{shortcut.group} menu")
            keys = ", or ".join(shortcut.keys)
            item = QTreeWidgetItem(group, [shortcut.command, keys])
            # A screen reader reads the row as one sentence: the command, then its keys.
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{shortcut.command}: {keys}")
        self.tree.expandAll()
        self.nothing.setText(f"No command or key matches “{words.strip()}”." if words.strip() and not groups else "")
        self.nothing.setVisible(bool(self.nothing.text()))
        first = self.tree.topLevelItem(0)
        if first is not None and (row := first.child(0)) is not None:
            self.tree.setCurrentItem(row)

    def _to_list(self) -> None:
        self.tree.setFocus()


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    """Open the dialog beside the window (one at a time: asked again, the open one comes forward)."""
    dialog = next((d for d in window.findChildren(ShortcutsDialog) if d.isVisible()), None)
    if dialog is None:  # (a closed one is on its way to being deleted)
        dialog = ShortcutsDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.filter.setFocus()
    return dialog
