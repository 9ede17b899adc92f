"""Saving under difficulty: a refused write keeps the text and says so; outside edits appear."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from core.engine_sql import run_sql  # tests/core/engine_sql.py: plain SQL on either engine
from drafter.core.questions import parse_questions
from drafter.core.responses import create_response, get_response, replace_questions
from drafter.core.responses.records import ResponseDetails
from drafter.core.store import SaveFailedError, Store
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

#: ``open_library`` (tests/conftest.py): another program's connection to the test's library, on its engine.
OpenLibrary = Callable[[], Store]


def _heard(window: MainWindow, qtbot, shown: Callable[[], bool]) -> None:
    """Poll for other programs' changes (what the timer does every 0.4 s) until ``shown()``.

    On SQLite the first poll sees a commit made before it (``data_version``). A server's notice
    of a commit (LISTEN/NOTIFY) comes over the network a moment after the commit returned.
    """

    def seen() -> None:
        window.operations.poll_outside()
        assert shown()

    qtbot.waitUntil(seen, timeout=10_000)


def _caught_up(window: MainWindow, qtbot) -> None:
    """Poll until the window's watcher has read the change log to its newest row (its own commits included)."""
    assert window.store is not None
    [(newest,)] = run_sql(window.store, "SELECT coalesce(max(id), 0) FROM change_log")
    _heard(window, qtbot, lambda: window.operations._watcher is not None
           and window.operations._watcher._last_id == newest)


@pytest.fixture
def window(opened_window: MainWindow) -> MainWindow:
    response = create_response(opened_window.store, ResponseDetails(consultation_title="T"))
    replace_questions(opened_window.store, response.id, parse_questions("1. Why?").questions)
    opened_window.response_panel.refresh_list(select_id=response.id)
    opened_window.show()
    return opened_window


def test_a_failed_save_keeps_the_text_says_so_and_saves_when_it_can(window: MainWindow, monkeypatch) -> None:
    from drafter.core.responses import operations

    panel = window.response_panel
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    panel.answer_actions.add_paragraph()
    real = operations.update_block_text

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise SaveFailedError("Drafter could not save your latest change: the disk is full.")

    monkeypatch.setattr(operations, "update_block_text", disk_full)
    panel.editor.text.setPlainText("Words typed while the disk was full.")
    panel.editor.flush()
    assert window.save_problem.isVisibleTo(window) and "disk is full" in window.save_problem.text()
    assert panel.editor.text.toPlainText() == "Words typed while the disk was full."
    assert panel.has_unsaved_text()
    monkeypatch.setattr(operations, "update_block_text", real)
    panel.answer_actions._retry_unsaved()  # what the retry timer does every few seconds
    assert not panel.has_unsaved_text() and not window.save_problem.isVisibleTo(window)
    texts = [b.text for b in get_response(window.store, panel.document.id).questions[0].blocks]
    assert texts == ["Words typed while the disk was full."]


def test_changes_made_from_the_command_line_appear_in_the_window(
    window: MainWindow, open_library: OpenLibrary, qtbot
) -> None:
    from drafter.core.sources import SourceFacts, add_source

    other = open_library()  # another program's connection, as the command line has
    try:
        add_source(other, "Text added from the command line.", SourceFacts(title="From outside"))
    finally:
        other.close()
    model = window.library_panel.model
    _heard(window, qtbot, lambda: "From outside" in [model.source_at(r).title for r in range(model.rowCount())])


def test_whole_library_export_and_import_from_the_window(window: MainWindow, qtbot, tmp_path: Path,
                                                         library_engine: str, monkeypatch) -> None:
    from drafter.ui.main_window import MainWindow as Window

    if library_engine == "postgresql":
        _whole_library_files_are_refused_on_a_team_library(window, tmp_path, monkeypatch)
        return
    path = window.library_files.export_library(tmp_path / "everything.sqlite")
    assert path is not None and path.is_file()
    fresh = Window(tmp_path / "fresh")
    qtbot.addWidget(fresh)
    fresh.open_library()
    try:
        assert fresh.library_files.import_library(path)
        assert fresh.response_panel.chooser.count() == 1  # the response came along
    finally:
        fresh.close_library()


def _whole_library_files_are_refused_on_a_team_library(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    """They copy, or replace, a data folder's library file: on a team library they would have worked on
    the file behind the window's back (an export of another library, an import or a restored backup the
    window never shows, while it said "Restored")."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from drafter.core.library import list_sources
    from drafter.core.store.archive import export_archive

    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, text, *_: said.append((title, text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *_: said.append((title, text)))
    offered: list[list[str]] = []  # a list of backups to choose from (cancelled)
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *_: (offered.append(items), ("", False))[1])
    from drafter.core.store.backups import KIND_DAILY, list_backups, make_backup

    Store.open(window.data_dir).close()  # a library of this computer's own in the data folder, as a user may have
    make_backup(window.data_dir, KIND_DAILY)  # with a backup copy of its own
    backups = list_backups(window.data_dir)
    local = (window.data_dir / "drafter.sqlite").read_bytes()
    archive = export_archive(window.data_dir, tmp_path / "colleague.sqlite").path
    store = window.store
    assert store is not None and store.is_server
    where = store.location

    assert window.library_files.export_library(tmp_path / "everything.sqlite") is None
    assert not (tmp_path / "everything.sqlite").exists()
    assert window.library_files.import_library(archive) is False
    window.library_files.restore_from_backup()  # File › Restore from Backup…: no list of the data folder's copies
    assert [title for title, _ in said] == ["Export Whole Library", "Import Whole Library", "Restore from Backup"]
    assert all(where in text and "team library" in text and "does not apply" in text for _, text in said)
    assert "pg_dump" in said[0][1] and "Use Local Library" in said[1][1] and "pg_dump" in said[2][1]
    assert "Restored" not in window.statusBar().currentMessage()
    assert offered == [] and list_backups(window.data_dir) == backups
    assert window.store is store  # the team library stays open, as it was
    assert len(list_sources(store)) == 5 and window.response_panel.chooser.count() == 1
    assert (window.data_dir / "drafter.sqlite").read_bytes() == local  # and the local library untouched


def test_an_answer_added_from_the_command_line_appears_in_the_open_response(
    window: MainWindow, open_library: OpenLibrary, qtbot
) -> None:
    from drafter.core.responses import add_block

    question_id = window.response_panel.document.questions[0].id
    other = open_library()
    try:
        add_block(other, question_id, text="Typed in a terminal.")
    finally:
        other.close()
    _heard(window, qtbot, lambda: bool(window.response_panel.document.questions[0].blocks))
    assert [b.text for b in window.response_panel.document.questions[0].blocks] == ["Typed in a terminal."]


def test_paragraphs_from_the_command_line_appear_while_typing_without_losing_or_moving_anything(
    window: MainWindow, open_library: OpenLibrary, qtbot
) -> None:
    """The editor has focus and a second's typing is not on disk yet when six paragraphs arrive."""
    from drafter.core.responses import add_block

    panel = window.response_panel
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    panel.answer_actions.add_paragraph()
    panel.editor.text.setFocus()
    qtbot.keyClicks(panel.editor.text, "Our own words")
    cursor = panel.editor.text.textCursor()
    cursor.setPosition(4)  # the user's cursor, mid-paragraph
    panel.editor.text.setTextCursor(cursor)
    question_id = panel.document.questions[0].id
    other = open_library()
    try:
        for n in range(6):
            add_block(other, question_id, text=f"From a script {n}.")
    finally:
        other.close()
    _heard(window, qtbot, lambda: len(panel.document.questions[0].blocks) == 7)
    texts = [b.text for b in panel.document.questions[0].blocks]
    assert texts == ["Our own words"] + [f"From a script {n}." for n in range(6)]
    assert panel.editor.text.toPlainText() == "Our own words"
    assert panel.editor.text.textCursor().position() == 4
    reader = open_library()
    try:  # the words typed before the paragraphs arrived are on disk, once, first
        on_disk = [b.text for b in get_response(reader, panel.document.id).questions[0].blocks]
    finally:
        reader.close()
    assert on_disk == texts


def test_an_undo_of_typing_never_overwrites_what_a_script_changed_since(window: MainWindow, open_library: OpenLibrary,
                                                                         qtbot) -> None:
    """The undo is kept as a conflict beside the script's words, offered side by side; nothing is overwritten."""
    from drafter.core.responses import update_block_text
    from drafter.core.teamwork import list_conflicts

    panel = window.response_panel
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    panel.answer_actions.add_paragraph()
    block_id = panel.editor.current_block_id()
    for text in ("Our", "Our words", "Our words here"):  # three saves: one undo step
        panel.editor.text.setPlainText(text)
        panel.editor.flush()
    refused: list[str] = []
    window.operations.report = lambda _title, message: refused.append(message)
    offered: list[object] = []
    panel.answer_actions.ask = offered.append  # type: ignore[method-assign]  # "Decide Later"
    other = open_library()
    try:
        update_block_text(other, block_id, "A script's words.")
    finally:
        other.close()
    _heard(window, qtbot, lambda: panel.document.questions[0].blocks[0].text == "A script's words.")
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(offered))
    assert refused == []
    assert [b.text for b in panel.document.questions[0].blocks] == ["A script's words."]
    [kept] = list_conflicts(window.store)
    assert (kept.my_text, kept.their_text) == ("", "A script's words.")


def test_the_windows_own_changes_are_not_taken_for_another_programs(
    window: MainWindow, open_library: OpenLibrary, qtbot
) -> None:
    from drafter.core.sources import SourceFacts, add_source

    library = window.library_panel.model
    before = library.resets
    add_source(window.store, "Added by the window itself.", SourceFacts(title="From inside"))
    _caught_up(window, qtbot)  # the watcher has read the window's own commit from the change log
    assert library.resets == before  # nothing re-read: the window redraws its own changes itself
    other = open_library()
    try:
        add_source(other, "Added by another program.", SourceFacts(title="From outside"))
    finally:
        other.close()
    _heard(window, qtbot, lambda: library.resets > before)
    _caught_up(window, qtbot)
    assert library.resets == before + 1


# The whole-library file goes into a data folder's SQLite library (refused on a team library, above).
@pytest.mark.sqlite_file
def test_a_whole_library_import_tidies_the_search_index_in_a_thread(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from PySide6.QtWidgets import QMessageBox

    from drafter.core import search

    tidied: list[str] = []
    monkeypatch.setattr(search, "tidy_index", lambda store: tidied.append(threading.current_thread().name))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(str(args[-1])))
    from drafter.ui.main_window import MainWindow as Window

    path = window.library_files.export_library(tmp_path / "everything.sqlite")
    fresh = Window(tmp_path / "fresh")  # a whole library goes into an empty data folder
    qtbot.addWidget(fresh)
    fresh.open_library()
    try:
        assert path is not None and fresh.library_files.import_library(path), warnings
        qtbot.waitUntil(lambda: tidied == ["drafter-tidy-index"], timeout=10_000)
    finally:
        fresh.close_library()


def test_an_autosave_redraws_what_is_on_screen_not_every_question(opened_window: MainWindow, monkeypatch) -> None:
    """The count column fits the rows on screen: measuring all of them at each save grew with the response."""
    from drafter.ui.response_model import ResponseTreeModel

    window = opened_window
    store = window.store
    calls: list[int] = []
    real = ResponseTreeModel.data

    def counted(self, index, role=0):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(self, index, role)

    monkeypatch.setattr(ResponseTreeModel, "data", counted)
    window.show()

    def cost_of_a_save(questions: int) -> int:
        response = create_response(store, ResponseDetails(consultation_title=f"{questions} questions"))
        text = "\n".join(f"{n}. Question number {n}?" for n in range(1, questions + 1))
        replace_questions(store, response.id, parse_questions(text).questions)
        panel = window.response_panel
        panel.refresh_list(select_id=response.id)
        panel.tree.expandAll()
        panel.tree.setCurrentIndex(panel.model.index(0, 0))
        panel.answer_actions.add_paragraph()
        block_id = panel.document.questions[0].blocks[0].id
        panel.answer_actions.save_text(block_id, "warm up")
        QApplication.processEvents()
        calls.clear()
        panel.answer_actions.save_text(block_id, "A few words of the argument.")
        QApplication.processEvents()
        assert get_response(store, response.id).questions[0].blocks[0].text == "A few words of the argument."
        return len(calls)

    small, large = cost_of_a_save(60), cost_of_a_save(600)
    assert large <= small * 1.5 + 50, (small, large)


def test_the_count_column_widens_when_a_count_no_longer_fits(opened_window: MainWindow) -> None:
    """Fitted once per response, not at every save: a longer count still gets the room it needs."""
    window = opened_window
    store = window.store
    window.show()
    response = create_response(store, ResponseDetails(consultation_title="Widths"))
    replace_questions(store, response.id, parse_questions("1. Why? (50 words)").questions)
    panel = window.response_panel
    panel.refresh_list(select_id=response.id)
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    panel.answer_actions.add_paragraph()
    block_id = panel.document.questions[0].blocks[0].id
    panel.tree.setColumnWidth(1, 10)  # far too narrow for any count
    panel.answer_actions.save_text(block_id, " ".join(["word"] * 60))  # "60 of 50 words", over the limit
    question_cell = panel.model.index(0, 1)
    assert "60 of 50 words" in question_cell.data()
    assert panel.tree.columnWidth(1) >= panel.tree.sizeHintForIndex(question_cell).width() > 10


def test_a_failed_save_stays_pending_while_another_block_saves(window: MainWindow, monkeypatch) -> None:
    """Each successful save made the panel a new retry timer and forgot every save still pending."""
    from PySide6.QtCore import QTimer

    from drafter.core.responses import operations

    panel = window.response_panel
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    panel.answer_actions.add_paragraph()
    panel.answer_actions.add_paragraph()
    first, second = (b.id for b in panel.document.questions[0].blocks)
    real = operations.update_block_text

    def fails_for_first(store: Store, block_id: int, text: str) -> None:
        if block_id == first:
            raise SaveFailedError("Drafter could not save your latest change: the disk is full.")
        real(store, block_id, text)

    monkeypatch.setattr(operations, "update_block_text", fails_for_first)
    timers = len(panel.findChildren(QTimer))
    panel.answer_actions.save_text(first, "Kept in memory.")
    for n in range(5):
        panel.answer_actions.save_text(second, f"Saved {n}.")
    assert panel.has_unsaved_text() and len(panel.findChildren(QTimer)) == timers
    monkeypatch.setattr(operations, "update_block_text", real)
    panel.answer_actions._retry_unsaved()
    texts = [b.text for b in get_response(window.store, panel.document.id).questions[0].blocks]
    assert texts == ["Kept in memory.", "Saved 4."] and not panel.has_unsaved_text()


def test_text_that_could_not_be_saved_is_dropped_with_its_block(window: MainWindow, monkeypatch, qtbot,
                                                               library_engine: str) -> None:
    """Removing the block whose text the disk refused leaves nothing pending for ever."""
    from drafter.core.responses import operations

    panel = window.response_panel
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    panel.answer_actions.add_paragraph()
    if library_engine == "postgresql":
        _a_block_whose_text_the_server_did_not_take_is_kept(window, monkeypatch, qtbot)
        return

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise SaveFailedError("Drafter could not save your latest change: the disk is full.")

    monkeypatch.setattr(operations, "update_block_text", disk_full)
    panel.editor.text.setPlainText("Words the disk refused.")
    panel.answer_actions.remove_block()  # saves first (refused again), then removes the block
    assert panel.document.questions[0].blocks == ()
    panel.answer_actions._retry_unsaved()
    pending = panel.has_unsaved_text()
    panel.answer_actions._unsaved.clear()  # else closing the window would stop to ask about it, and the test hang
    assert not pending and not window.save_problem.isVisibleTo(window)


def _a_block_whose_text_the_server_did_not_take_is_kept(window: MainWindow, monkeypatch, qtbot) -> None:
    """On a team library a refused save means its server is away (no disk of this computer's is written):
    the window is read-only until it is back, so the block cannot be removed, and its text stays pending."""
    from drafter.core.responses import operations
    from drafter.core.store.postgres import ServerUnreachableError
    from drafter.ui.operations import READ_ONLY_MESSAGE

    panel = window.response_panel
    block_id = panel.editor.current_block_id()
    real = operations.update_block_text

    def server_away(*_args: object, **_kwargs: object) -> None:
        raise ServerUnreachableError("The team library's server cannot be reached.")

    refused: list[tuple[str, str]] = []
    window.operations.report = lambda title, message: refused.append((title, message))
    monkeypatch.setattr(operations, "update_block_text", server_away)
    panel.editor.text.setPlainText("Words the server did not take.")
    panel.answer_actions.remove_block()  # saves first (refused: the server is away), then the removal is refused
    assert refused == [("Not changed", READ_ONLY_MESSAGE)]
    assert [b.id for b in panel.document.questions[0].blocks] == [block_id]
    assert panel.has_unsaved_text() and window.team.unreachable
    monkeypatch.setattr(operations, "update_block_text", real)
    # The server answers again: the watcher, reconnecting in the background, says so, and the
    # window saves the kept text by itself (it tries nothing on its own thread meanwhile).
    qtbot.waitUntil(lambda: not panel.has_unsaved_text() and not window.team.unreachable, timeout=20_000)
    assert [b.text for b in get_response(window.store, panel.document.id).questions[0].blocks] == [
        "Words the server did not take."]
    panel.answer_actions.remove_block()  # and now the block goes, with nothing left pending
    assert panel.document.questions[0].blocks == () and not panel.has_unsaved_text()


def test_steady_typing_is_saved_while_it_goes_on_as_one_undo_step(window: MainWindow, qtbot) -> None:
    import time

    from PySide6.QtTest import QTest

    from drafter.ui.answer_editor import SAVE_DELAY_MS, SAVE_MAX_WAIT_MS

    panel = window.response_panel
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    panel.answer_actions.add_paragraph()
    steps = window.undo_stack.count()
    saved: list[tuple[float, str]] = []
    panel.answer_actions.runner.did_execute.connect(
        lambda *_: saved.append((time.monotonic(), panel.document.questions[0].blocks[0].text)))
    started = time.monotonic()
    typed = ""
    while time.monotonic() - started < 2.0:  # a key every 100 ms, never a pause as long as the debounce
        QTest.keyClicks(panel.editor.text, "a")
        typed += "a"
        qtbot.wait(SAVE_DELAY_MS // 4)
    assert saved, "nothing was saved while the typing went on"
    assert saved[0][0] - started < (SAVE_MAX_WAIT_MS + 300) / 1000
    assert len(saved) >= 2  # saved again and again, not once at the end
    on_disk = get_response(window.store, panel.document.id).questions[0].blocks[0].text
    assert typed.startswith(on_disk) and on_disk
    panel.editor.flush()
    assert window.undo_stack.count() == steps + 1  # the burst's saves are one step
    window.undo_stack.undo()
    assert get_response(window.store, panel.document.id).questions[0].blocks[0].text == ""


def test_typing_after_clicking_an_empty_paragraph_goes_into_it(window: MainWindow, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    panel = window.response_panel
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    panel.answer_actions.add_paragraph()
    block_id = panel.editor.current_block_id()
    panel.tree.setCurrentIndex(panel.model.index(0, 0))  # away, then back with a click on the empty paragraph
    panel.tree.setFocus()
    row = panel.model.index_of_block(block_id)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=panel.tree.visualRect(row).center())
    assert panel.tree.currentIndex() == row
    QTest.keyClicks(panel.tree, "Hello there")  # the keys reach the tree: it has the focus after the click
    assert panel.editor.text.toPlainText() == "Hello there"
    assert panel.editor.text.hasFocus() or not window.isActiveWindow()
    panel.editor.flush()
    assert get_response(window.store, panel.document.id).questions[0].blocks[0].text == "Hello there"


def test_typing_on_a_questions_row_starts_a_paragraph(window: MainWindow) -> None:
    from PySide6.QtTest import QTest

    panel = window.response_panel
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    QTest.keyClicks(panel.tree, "New words")
    panel.editor.flush()
    assert [b.text for b in get_response(window.store, panel.document.id).questions[0].blocks] == ["New words"]
