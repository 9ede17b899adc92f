"""Every control a screen reader reaches has a name: the main window and every dialog its menus open.

The accessible tree is walked as assistive technology sees it (``QAccessible``
interfaces, the same objects AT-SPI and UI Automation are given), and each
interactive element that is shown must have a name. Rows of the lists must say
what they hold.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAccessible, QAccessibleInterface, QAction
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu, QWidget

from drafter.core.questions import parse_questions
from drafter.core.responses import add_block, create_response, replace_questions
from drafter.core.responses.records import ResponseDetails
from drafter.core.snippets import snippet_from_quote
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

Role = QAccessible.Role

#: Roles a user acts on (or reads as a whole): each must have a name.
INTERACTIVE = {
    Role.PushButton, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.EditableText, Role.SpinBox,
    Role.Slider, Role.List, Role.Table, Role.Tree, Role.ButtonMenu, Role.ButtonDropDown, Role.PageTab,
    Role.Link, Role.Dialog,
}

#: Menu commands not run here: they end the session or open another program.
NOT_RUN = {"&Quit", "Open &Data Folder"}


def unnamed(root: QAccessibleInterface, where: str) -> list[str]:
    """Every shown interactive element under ``root`` without an accessible name."""
    missing: list[str] = []
    stack = [(root, where)]
    seen = 0
    while stack:
        interface, path = stack.pop()
        seen += 1
        if interface is None or not interface.isValid():
            continue
        state = interface.state()
        if state.invisible:
            continue
        role = interface.role()
        if role in INTERACTIVE and not interface.text(QAccessible.Text.Name).strip():
            widget = interface.object()
            missing.append(f"{path} › {role.name} {type(widget).__name__} {widget.objectName()!r}")
        if role in (Role.Table, Role.Tree, Role.List):
            continue  # their rows are checked for what they say below, not one by one here
        for i in range(interface.childCount()):
            child = interface.child(i)
            if child is not None:
                stack.append((child, f"{path} › {role.name}"))
    assert seen > 1, f"{where}: no accessible tree"
    return missing


@pytest.fixture
def window(opened_window: MainWindow) -> MainWindow:
    store = opened_window.store
    response = create_response(store, ResponseDetails(consultation_title="FRT consultation"))
    response = replace_questions(store, response.id, parse_questions(
        "1. Do you agree?\nAgree / Disagree\n2. Why?").questions)
    snippet = snippet_from_quote(store, 4, "scaling up")
    add_block(store, response.questions[0].id, kind="quotation", snippet_id=snippet.id)
    add_block(store, response.questions[0].id, text="Because there is no law for it.")
    opened_window.refresh_snippets()
    opened_window.response_panel.refresh_list(select_id=response.id)
    opened_window.show()
    return opened_window


def menu_actions(window: MainWindow) -> list[tuple[str, QAction]]:
    found: list[tuple[str, QAction]] = []
    menus: list[tuple[str, QMenu]] = [(title, menu) for title, menu in window.menus.items()]
    menus.append(("Response ▾", window.response_panel.menu))
    for title, menu in menus:
        for action in menu.actions():
            if not action.isSeparator() and action.text() not in NOT_RUN:
                found.append((f"{title} › {action.text()}", action))
    return found


def test_the_main_window_has_no_unnamed_control(window: MainWindow) -> None:
    window.response_panel.tree.setCurrentIndex(window.response_panel.model.index(0, 0))
    missing = unnamed(QAccessible.queryAccessibleInterface(window), "window")
    # The other tabs' pages too.
    for tabs in (window.left_tabs, window.right_tabs):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            missing += unnamed(QAccessible.queryAccessibleInterface(tabs), f"window › tab {tabs.tabText(i)}")
    assert not missing, "\n".join(missing)


def test_every_dialog_the_menus_open_has_no_unnamed_control(window: MainWindow, qtbot) -> None:
    window.exporter.ask = True
    window.response_panel.tree.setCurrentIndex(window.response_panel.model.index(0, 0))
    # New Source from Clipboard then opens its facts dialog.
    QApplication.clipboard().setText("Pasted text\n\nThe Home Office opened a consultation.")
    walked: list[str] = []
    missing: list[str] = []

    def walk_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            walked.append(f"{current[0]}: {type(dialog).__name__} {dialog.windowTitle()!r}")
            try:
                if not isinstance(dialog, QFileDialog):  # Qt's own file dialog, not Drafter's to name
                    missing.extend(unnamed(QAccessible.queryAccessibleInterface(dialog), walked[-1]))
            finally:
                dialog.reject()  # changes nothing; a dialog opened after it is walked next

    current = [""]
    closer = QTimer()
    closer.setInterval(10)
    closer.timeout.connect(walk_and_close)
    closer.start()
    try:
        for label, action in menu_actions(window):
            current[0] = label
            action.trigger()  # returns when every dialog it opened was walked and closed
            qtbot.wait(30)  # and one opened a moment later (an export's check) is walked too
            qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
            for widget in QApplication.topLevelWidgets():  # a non-modal window a command opened
                if widget is not window and widget.isVisible() and isinstance(widget, QDialog):
                    widget.close()
    finally:
        closer.stop()
    names = " ".join(walked)
    assert "New Source from &Clipboard: FactsDialog" in names
    for dialog in ("DetailsDialog", "QuestionsDialog", "QuestionDialog", "ReadinessDialog", "FactsDialog"):
        assert dialog in names, f"no menu opened a {dialog}: {walked}"
    assert not missing, "\n".join(missing)


def test_rows_say_what_they_hold(window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    library = window.library_panel
    row = library.model.row_of(4)
    assert row is not None
    spoken = library.model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    source = library.model.source_at(row)
    assert source is not None and source.title and source.title in spoken
    assert (source.publisher or "publisher unknown") in spoken and source.display_date in spoken
    # The screen reader's own view of the cell: the same words.
    table = QAccessible.queryAccessibleInterface(library.view)
    cells = [table.child(i) for i in range(table.childCount())]
    assert spoken in [c.text(QAccessible.Text.Name) for c in cells if c is not None and c.role() == Role.Cell]

    snippets = window.snippets_panel.model
    snippet_row = snippets.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert snippet_row.startswith("Snippet from ") and "scaling up" in snippet_row and "quoted 1 times" in snippet_row

    model = window.response_panel.model
    question = model.index(0, 0)
    assert model.data(question, Qt.ItemDataRole.AccessibleTextRole).startswith(
        "Question 1, answered, no option chosen, ")
    assert model.data(model.index(1, 0), Qt.ItemDataRole.AccessibleTextRole).startswith("Question 2, not answered")
    blocks = [model.data(model.index(i, 0, question), Qt.ItemDataRole.AccessibleTextRole) for i in range(2)]
    assert blocks[0].startswith("Quotation from ") and blocks[0].endswith("scaling up")
    assert blocks[1] == "Paragraph: Because there is no law for it."


def test_tab_leaves_every_table_and_multi_line_field(window: MainWindow, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QTextEdit

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.response_panel.select_block(window.response_panel.model.document.questions[0].blocks[1].id)
    traps: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QAbstractItemView | QPlainTextEdit | QTextEdit):
            continue
        widget.setFocus()
        qtbot.waitUntil(lambda w=widget: QApplication.focusWidget() is w)
        QTest.keyClick(widget, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is widget:
            traps.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert not traps, traps
    # Ctrl+Tab types a tab in the paragraph, where one may be wanted.
    editor = window.response_panel.editor.text
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is editor and "\t" in editor.toPlainText()


def test_an_announcement_reaches_assistive_technology(window: MainWindow) -> None:
    from drafter.ui.accessibility import announce, announcements

    heard: list[str] = []
    announcements.said.connect(heard.append)
    announce(window, "Exported: saved as response.docx")
    announce(window, "")  # nothing to say: nothing said
    assert heard == ["Exported: saved as response.docx"]


def test_on_linux_an_announcement_is_a_notification_every_orca_speaks(window: MainWindow, monkeypatch) -> None:
    """Orca before 46 ignores AT-SPI's announcement event; it speaks a notification as it is shown."""
    from PySide6.QtGui import QGuiApplication

    from drafter.ui import accessibility

    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "xcb"))
    accessibility.announce(window.reader.text, "Snippet made.")
    notice = window.findChild(QWidget, "announcement")
    assert notice is not None and notice.isVisible()
    interface = QAccessible.queryAccessibleInterface(notice)
    assert interface.role() == Role.Notification and interface.text(QAccessible.Text.Name) == "Snippet made."
    accessibility.announce(window, "Exported: saved as response.docx")
    assert window.findChildren(QWidget, "announcement") == [notice]  # one a window, shown again with new words
    assert interface.text(QAccessible.Text.Name) == "Exported: saved as response.docx"
