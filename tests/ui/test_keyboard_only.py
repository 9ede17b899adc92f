"""The whole job with the keyboard alone: key events only, sent where the focus is.

No mouse, no method of the window called for a step: each step is a key, a
shortcut or a mnemonic, and a modal dialog is answered with keys too (a timer
waits for it to be the active window, then types into whatever has the focus).
At the end the store and the exported file are read back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from drafter.core.listing import source_record
from drafter.core.responses import get_response
from drafter.ui.accessibility import announcements
from drafter.ui.export_controller import ReadinessDialog
from drafter.ui.export_dialog import ExportDialog
from drafter.ui.main_window import MainWindow
from drafter.ui.response_dialogs import DetailsDialog, QuestionsDialog

pytestmark = pytest.mark.gui

QUESTIONS = """1. Do you agree that the police should need a warrant for live facial recognition?
Agree / Neither agree nor disagree / Disagree / Don't know
Please explain your answer.
2. What safeguards should apply?
"""

Key = Qt.Key
Mod = Qt.KeyboardModifier
CTRL, SHIFT, ALT = Mod.ControlModifier, Mod.ShiftModifier, Mod.AltModifier


def focused() -> QWidget:
    # When a dialog closes, a desktop's window manager activates the window under it again; the
    # offscreen platform has none, so the test does that part (the window manager's, not the user's).
    if QApplication.activeWindow() is None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if shown:
            shown[0].activateWindow()
    deadline = time.monotonic() + 2
    while QApplication.focusWidget() is None and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    widget = QApplication.focusWidget()
    assert widget is not None, f"nothing has the keyboard focus (active window: {QApplication.activeWindow()!r})"
    return widget


def press(key: Key, modifiers: Mod = Mod.NoModifier, times: int = 1) -> None:
    """A key pressed by the user: it goes to whatever has the focus (shortcuts first, as in life)."""
    for _ in range(times):
        QTest.keyClick(focused(), key, modifiers)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def when_dialog(kind: type[QWidget], answer: Callable[[QWidget], None], problems: list[str]) -> None:
    """When a dialog of ``kind`` is the active modal window, answer it with ``answer`` (keys only)."""
    deadline = time.monotonic() + 20

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible() and not dialog.isActiveWindow():
            dialog.activateWindow()  # the window manager's part (see ``focused``)
        if isinstance(dialog, kind) and dialog.isActiveWindow() and QApplication.focusWidget() is not None:
            try:
                answer(dialog)
            except AssertionError as exc:  # said by the test, after the dialog is closed
                problems.append(f"{kind.__name__}: {exc}")
                if isinstance(dialog, QDialog):
                    dialog.reject()
        elif time.monotonic() > deadline:
            problems.append(f"{kind.__name__} never came (active modal: {dialog!r})")
            if isinstance(dialog, QDialog):
                dialog.reject()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_the_whole_job_by_keyboard_alone(window: MainWindow, qtbot, tmp_path: Path) -> None:
    said: list[str] = []
    announcements.said.connect(said.append)
    problems: list[str] = []
    window.exporter.ask = True  # the real dialogs: the readiness check and the "Exported" message
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.library_panel.view.setFocus()  # where the window starts: the library list
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.library_panel.view)
    QApplication.clipboard().setText(QUESTIONS)

    # 1. A new response: the title has the focus; Enter creates it and the questions dialog opens.
    def new_response(dialog: QWidget) -> None:
        assert isinstance(dialog, DetailsDialog)
        assert focused() is dialog.title, f"focus on {focused()!r}, not the title"
        type_text("Biometrics framework consultation")

        def questions(qdialog: QWidget) -> None:
            assert isinstance(qdialog, QuestionsDialog)
            assert focused() is qdialog.source
            press(Key.Key_V, CTRL)  # paste
            press(Key.Key_Tab)  # the box passes Tab on (no trap) ...
            assert focused() is qdialog.read_button, f"Tab went to {focused()!r}"
            press(Key.Key_Space)  # ... to Read the Questions
            assert qdialog.table.rowCount() == 2
            press(Key.Key_U, ALT)  # Use These Questions

        when_dialog(QuestionsDialog, questions, problems)
        press(Key.Key_Return)  # the default button: Create Response

    when_dialog(DetailsDialog, new_response, problems)
    press(Key.Key_N, CTRL | SHIFT)
    assert not problems, problems
    document = window.response_panel.document
    assert document is not None and document.details.consultation_title == "Biometrics framework consultation"
    assert [q.label for q in document.questions] == ["1", "2"]
    assert any("2 question(s) read" in s for s in said)

    # 2. Panels: Ctrl+1 the library, F6 on to the reader, Shift+F6 back; Tab leaves the table.
    press(Key.Key_1, CTRL)
    assert focused() is window.library_panel.view
    press(Key.Key_Tab)
    assert focused() is not window.library_panel.view, "the library table kept Tab"
    press(Key.Key_1, CTRL)
    # 3. Open a source: the next one in the list.
    press(Key.Key_Home, CTRL)
    press(Key.Key_Down)
    source_id = window.library_panel.selected_source_id()
    assert source_id is not None and window.reader.current_id == source_id
    press(Key.Key_F6)
    assert focused() is window.reader.text
    press(Key.Key_F6, SHIFT)
    assert focused() is window.library_panel.view
    press(Key.Key_F6)

    # 4. Select a passage with Shift+arrows and make a snippet (Ctrl+M).
    press(Key.Key_Home, CTRL)
    press(Key.Key_Right, CTRL | SHIFT, times=5)
    assert window.reader.make_button.isEnabled()
    press(Key.Key_M, CTRL)
    snippet_id = window.snippets_panel.current_snippet_id()
    assert snippet_id is not None
    source = source_record(window.store, source_id)
    from drafter.core.snippets import get_snippet

    snippet = get_snippet(window.store, snippet_id)
    assert snippet.source_id == source_id and snippet.text == source.text[snippet.start:snippet.end]
    assert len(snippet.text.split()) >= 4
    assert any(s.startswith("Snippet made") for s in said)

    # 5. Quote it under question 1: choose the question in the answers (Ctrl+5), then the snippet (Ctrl+2).
    press(Key.Key_5, CTRL)
    assert focused() is window.response_panel.tree
    press(Key.Key_Home)
    press(Key.Key_2, CTRL)
    assert focused() is window.snippets_panel.view
    press(Key.Key_Q, CTRL | SHIFT)
    assert said[-1] == "Quoted: block 1 of 1 in question 1."
    # 6. Write a paragraph (Ctrl+Return puts the focus in it), then move it above the quotation (Alt+Up).
    press(Key.Key_Return, CTRL)
    assert focused() is window.response_panel.editor.text
    type_text("A warrant is the least safeguard the law owes the public.")
    press(Key.Key_Up, ALT)
    assert said[-1] == "Moved: block 1 of 2 in question 1."  # the focus stays in the editor: so it is said
    # 7. Choose an option: back to the tree (Ctrl+5), up to the question (Left), Tab to its option.
    press(Key.Key_5, CTRL)
    press(Key.Key_Left)
    press(Key.Key_Tab)
    assert focused() is window.response_panel.editor.option, f"Tab went to {focused()!r}"
    press(Key.Key_Down)  # "Agree"
    saved = get_response(window.store, document.id)
    first = saved.questions[0]
    assert first.chosen_option == "Agree"
    assert [b.kind for b in first.blocks] == ["paragraph", "quotation"]
    assert first.blocks[0].text == "A warrant is the least safeguard the law owes the public."
    assert first.blocks[1].snippet_id == snippet_id

    # 8. Check readiness (Ctrl+Shift+R): the result is the dialog's first text (read as it opens); Escape closes it.
    checked: list[str] = []

    def readiness(dialog: QWidget) -> None:
        assert isinstance(dialog, ReadinessDialog)
        from PySide6.QtGui import QAccessible
        from PySide6.QtWidgets import QLabel

        headline = dialog.findChild(QLabel, "readinessHeadline")
        assert headline is not None
        checked.append(QAccessible.queryAccessibleInterface(headline).text(QAccessible.Text.Name))
        assert focused() is dialog.list  # the findings first, each read out
        press(Key.Key_Escape)

    when_dialog(ReadinessDialog, readiness, problems)
    press(Key.Key_R, CTRL | SHIFT)
    assert not problems, problems
    assert checked and checked[0].endswith("to look at before you submit.")

    # 9. Export as text: File › Export… (Alt+F, E), the format (Alt+F in the dialog, P for Plain text), the
    #    file's name (Alt+M), the folder (Alt+O: the folder dialog, its path, Enter), then Export (Alt+E) and
    #    the "Exported" message closed with Escape.
    target = tmp_path / "keyboard.txt"

    def choose_folder(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        press(Key.Key_A, CTRL)
        type_text(str(tmp_path))
        press(Key.Key_Return)  # a folder's path typed and Enter: the dialog goes into it …
        if dialog.isVisible():
            press(Key.Key_Return)  # … and Enter again chooses it

    def fill_in(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        press(Key.Key_F, ALT)
        assert focused() is dialog.format
        press(Key.Key_P)
        assert dialog.format_name == "txt"
        press(Key.Key_M, ALT)
        assert focused() is dialog.file_name
        press(Key.Key_A, CTRL)
        type_text("keyboard")
        folder_problems: list[str] = []
        when_dialog(QFileDialog, choose_folder, folder_problems)
        press(Key.Key_O, ALT)  # a button's Alt+letter clicks it a moment later (Qt animates the press)
        deadline = time.monotonic() + 20
        while dialog.target() != target and not folder_problems and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
        assert not folder_problems, folder_problems
        assert dialog.target() == target, dialog.target()
        dialog.activateWindow()  # the window manager's part, as the folder dialog closes (see ``focused``)
        deadline = time.monotonic() + 5
        while not dialog.isActiveWindow() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
        press(Key.Key_E, ALT)

    when_dialog(ExportDialog, fill_in, problems)
    when_dialog(QMessageBox, lambda _box: press(Key.Key_Escape), problems)  # "Exported"
    finished: list[object] = []
    window.exporter.finished.connect(finished.append)
    press(Key.Key_F, ALT)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    QTest.keyClick(QApplication.activePopupWidget(), Key.Key_E)
    qtbot.waitUntil(lambda: bool(finished) or bool(problems), timeout=60000)
    assert not problems, problems
    assert getattr(finished[0], "path", None) == target, finished
    text = target.read_text(encoding="utf-8")
    assert "Biometrics framework consultation" in text
    assert "A warrant is the least safeguard the law owes the public." in text
    assert " ".join(snippet.text.split()) in " ".join(text.split())
    assert "Agree" in text
    assert text.index("A warrant is the least") < text.index(snippet.text.split()[0])
    assert any(s.startswith("Exported: saved as keyboard.txt") for s in said)
