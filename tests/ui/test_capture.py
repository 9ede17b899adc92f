"""Capturing evidence in the window: select, make a snippet, see it highlighted, undo it."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QDialog, QMessageBox

from drafter.core.library import list_sources
from drafter.core.names import Organisation, Person
from drafter.core.snippets import list_snippets, snippet_from_quote
from drafter.ui.application import make_application
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _open(win: MainWindow, title: str) -> int:
    source = next(s for s in list_sources(win.store) if s.title == title)
    win.show_source(source.id)
    return source.id


def _select(win: MainWindow, words: str) -> None:
    text = win.reader.text.toPlainText()
    start = text.index(words)
    cursor = QTextCursor(win.reader.text.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    win.reader.text.setTextCursor(cursor)


def _painted(window: MainWindow) -> list[tuple[str, int]]:
    """The stretches of the reader's document that carry a highlight, with the colour's strength.

    Read from the document's own formats, so this sees what is drawn, not the panel's bookkeeping.
    """
    from PySide6.QtCore import Qt

    found: list[tuple[str, int]] = []
    block = window.reader.text.document().begin()
    while block.isValid():
        for piece in block:
            fragment = piece.fragment()
            brush = fragment.charFormat().background()
            if brush.style() != Qt.BrushStyle.NoBrush:
                found.append((fragment.text(), brush.color().alpha()))
        block = block.next()
    return found


def test_selection_becomes_an_exact_snippet_and_is_highlighted(window: MainWindow) -> None:
    source_id = _open(window, "Rights fears as Met ramps up tech use")
    assert not window.reader.make_button.isEnabled()
    _select(window, "1,000 arrests from live facial recognition")
    assert window.reader.make_button.isEnabled()
    window.reader.make_button.click()
    [snippet] = list_snippets(window.store)
    assert (snippet.source_id, snippet.text) == (source_id, "1,000 arrests from live facial recognition")
    assert [text for text, _alpha in _painted(window)] == ["1,000 arrests from live facial recognition"]
    assert window.snippets_panel.model.rowCount() == 1
    assert window.left_tabs.tabText(1) == "Snippets (1)"


def test_make_snippet_shortcut_and_undo_redo(window: MainWindow, qtbot) -> None:
    _open(window, "Rights fears as Met ramps up tech use")
    _select(window, "scaling up")
    window.make_snippet_action.trigger()
    assert [s.text for s in list_snippets(window.store)] == ["scaling up"]
    assert window.make_snippet_action.shortcut().toString() == "Ctrl+M"
    window.undo_stack.undo()
    assert list_snippets(window.store) == []
    assert _painted(window) == []
    window.undo_stack.redo()
    assert [s.text for s in list_snippets(window.store)] == ["scaling up"]
    assert [text for text, _alpha in _painted(window)] == ["scaling up"]


def test_overlapping_snippets_and_clicking_a_highlight_selects_it(window: MainWindow) -> None:
    source_id = _open(window, "Rights fears as Met ramps up tech use")
    outer = snippet_from_quote(window.store, source_id, "1,000 arrests from live facial recognition to date")
    inner = snippet_from_quote(window.store, source_id, "live facial recognition to date")
    window.refresh_snippets()
    painted = _painted(window)
    # Where the two overlap the colour is twice as strong.
    assert [text for text, _alpha in painted] == ["1,000 arrests from ", "live facial recognition to date"]
    assert painted[1][1] == 2 * painted[0][1]
    assert [depth for _s, _e, depth in window.reader.highlighted()] == [1, 2]
    cursor = QTextCursor(window.reader.text.document())
    cursor.setPosition(window.reader.text.toPlainText().index("facial recognition to date"))
    window.reader.text.setTextCursor(cursor)
    assert window.snippets_panel.current_snippet_id() == inner.id  # the innermost one
    cursor.setPosition(window.reader.text.toPlainText().index("1,000 arrests"))
    window.reader.text.setTextCursor(cursor)
    assert window.snippets_panel.current_snippet_id() == outer.id


def test_note_and_tags_edit_in_place_with_undo(window: MainWindow) -> None:
    source_id = _open(window, "Rights fears as Met ramps up tech use")
    snippet_from_quote(window.store, source_id, "scaling up")
    window.refresh_snippets()
    model = window.snippets_panel.model
    model.setData(model.index(0, model.TAGS), "LFR, Met, lfr")
    model.setData(model.index(0, model.NOTE), "Key phrase")
    [snippet] = list_snippets(window.store)
    assert (snippet.tags, snippet.note) == (("LFR", "Met"), "Key phrase")
    window.undo_stack.undo()
    window.undo_stack.undo()
    [snippet] = list_snippets(window.store)
    assert (snippet.tags, snippet.note) == ((), "")


def test_filter_box_narrows_the_list(window: MainWindow, qtbot) -> None:
    source_id = _open(window, "Rights fears as Met ramps up tech use")
    snippet_from_quote(window.store, source_id, "scaling up")
    snippet_from_quote(window.store, source_id, "bobbies on the beat")
    window.refresh_snippets()
    panel = window.snippets_panel
    panel.filter.setText("BOBBIES")
    assert panel.model.rowCount() == 2  # the list is read again once typing pauses, not at each key
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert "bobbies" in panel.model.index(0, 0).data()
    panel.filter.setText("bobbies scaling")  # every word must match somewhere
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert panel.total == 2 and "No snippet matches “bobbies scaling”" in panel.empty.text()


def test_delete_asks_first_when_a_response_quotes_it(window: MainWindow, monkeypatch) -> None:
    from drafter.core.models import AnswerBlock, Question, Response

    source_id = _open(window, "Rights fears as Met ramps up tech use")
    snippet = snippet_from_quote(window.store, source_id, "scaling up")
    with window.store.transaction() as session:
        response = Response(consultation_title="T")
        session.add(response)
        session.flush()
        question = Question(response_id=response.id, position=0, label="1", text="Q")
        session.add(question)
        session.flush()
        session.add(AnswerBlock(question_id=question.id, position=0, kind="quotation", snippet_id=snippet.id))
    window.refresh_snippets()
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.Cancel
    )
    window.library_actions.delete_snippet(snippet.id)
    assert asked and len(list_snippets(window.store)) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.library_actions.delete_snippet(snippet.id)
    assert list_snippets(window.store) == []


def _accept_guesses(monkeypatch, code=QDialog.DialogCode.Accepted) -> list[str]:
    from drafter.ui.import_controller import ImportController

    reviewed: list[str] = []

    def review(self, document, facts, duplicates, remaining):
        reviewed.append(document.original_filename or "pasted")
        return code, facts, False

    monkeypatch.setattr(ImportController, "review", review)
    return reviewed


def test_import_runs_in_a_worker_and_reports_each_file(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    reviewed = _accept_guesses(monkeypatch)
    good = tmp_path / "note.txt"
    good.write_text("Council backs review\nBy Ann Lee\n\nThe council backed the review of its policy on Monday.")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    import threading

    from drafter.core import sources

    stored_on: list[str] = []
    real_add = sources.add_imported_many

    def add_imported_many(*args, **kwargs):  # type: ignore[no-untyped-def]
        stored_on.append(threading.current_thread().name)
        return real_add(*args, **kwargs)

    monkeypatch.setattr(sources, "add_imported_many", add_imported_many)
    with qtbot.waitSignal(window.importer.finished, timeout=30000) as finished:
        window.importer.import_paths([good, empty])
    results = {r.name: r for r in finished.args[0]}
    assert results["note.txt"].outcome == "added"
    assert len(stored_on) == 1 and stored_on[0] != threading.main_thread().name  # stored off the window's thread
    assert results["empty.txt"].outcome == "failed" and "empty" in results["empty.txt"].detail
    assert reviewed == ["note.txt"]
    added = next(s for s in list_sources(window.store) if s.id == results["note.txt"].source_id)
    assert (added.title, added.authors) == ("Council backs review", (Person("Lee", "Ann"),))
    assert window.reader.current_id == added.id
    assert window.library_panel.model.rowCount() == 6


def test_importing_with_no_library_open_adds_nothing_and_says_why(window: MainWindow, qtbot) -> None:
    window.close_library()  # as after a restore whose library could not be reopened
    with qtbot.waitSignal(window.importer.finished, timeout=30000) as finished:
        window.importer.import_pasted("Words pasted while no library was open, which have nowhere to go.")
    [result] = finished.args[0]
    assert result.outcome == "failed" and result.detail == "No library was open."


def test_importing_the_same_text_again_is_caught(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    _accept_guesses(monkeypatch)
    first = tmp_path / "a.txt"
    first.write_text("The same words, imported twice, should not make two sources silently.")
    for _ in range(2):
        with qtbot.waitSignal(window.importer.finished, timeout=30000) as finished:
            window.importer.import_paths([first])
    assert finished.args[0][0].outcome == "duplicate"
    assert window.library_panel.model.rowCount() == 6


def test_dropping_files_on_the_window_imports_them(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    _accept_guesses(monkeypatch)
    dropped = tmp_path / "dropped.md"
    dropped.write_text("# Dropped heading\n\nA paragraph of text that was dropped on the window by the user.")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.importer.finished, timeout=30000):
        window.dropEvent(event)
    assert window.library_panel.model.rowCount() == 6


def test_cancelling_the_facts_dialog_adds_nothing(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    _accept_guesses(monkeypatch, code=QDialog.DialogCode.Rejected)
    path = tmp_path / "x.txt"
    path.write_text("Some words that the user decides not to add after all, at the facts dialog.")
    with qtbot.waitSignal(window.importer.finished, timeout=30000) as finished:
        window.importer.import_paths([path])
    assert finished.args[0][0].outcome == "skipped"
    assert window.library_panel.model.rowCount() == 5
    # The summary says what became of the file once, and why: never "Not added — not added".
    from drafter.ui.import_controller import summary_html

    summary = summary_html(finished.args[0])
    assert "<b>Not added</b></td><td>You cancelled the import.</td>" in summary
    assert summary.lower().count("not added") == 1
    assert "0 of 1 file added" in summary


def test_facts_dialog_marks_guesses_and_refuses_a_bad_date(qtbot) -> None:
    from drafter.core.sources import SourceFacts
    from drafter.ui.facts_dialog import FactsDialog

    make_application()
    dialog = FactsDialog(SourceFacts(title="Headline"), basis={"title": "headline line 'Headline'"})
    qtbot.addWidget(dialog)
    assert "Guess" in dialog.findChild(type(dialog.error), "basis_title").text()
    assert dialog.keep_duplicate.isHidden()  # only offered when the text is already in the library
    dialog.date.setText("1st August")
    dialog._accept()
    assert "not a date" in dialog.error.text() and dialog.result() == 0
    dialog.date.setText("2025-08-01")
    facts = dialog.facts()
    assert (facts.date, facts.authors, facts.title) == ("2025-08-01", None, "Headline")


def test_facts_dialog_the_user_chooses_person_or_organisation_for_each_name(qtbot) -> None:
    from drafter.core.sources import SourceFacts
    from drafter.ui.facts_dialog import FactsDialog

    make_application()
    dialog = FactsDialog(
        SourceFacts(title="T", authors=(Person("Office", "Home"),)),
        basis={"authors": "the PDF's properties (Author); Home Office: read as a person"},
    )
    qtbot.addWidget(dialog)
    assert "Guess" in dialog.findChild(type(dialog.error), "basis_authors").text()
    first = dialog.authors.rows[0]
    assert (first.main.text(), first.given.text(), first.given.isEnabled()) == ("Office", "Home", True)
    # The user says it is an organisation and writes its name whole.
    first.kind.setCurrentIndex(first.kind.findData("organisation"))
    assert not first.given.isEnabled()
    assert first.main.accessibleName() == "Author 1: organisation's name"
    first.main.setText("Home Office")
    second = dialog.authors.add_row(None)
    second.main.setText("Foot")
    second.given.setText("Tom")
    third = dialog.authors.add_row(None)  # left empty: not a name
    assert third.kind.accessibleName() == "Author 3: person or organisation"
    assert dialog.facts().authors == (Organisation("Home Office"), Person("Foot", "Tom"))
    dialog.authors.remove_row(first)
    assert second.kind.accessibleName() == "Author 1: person or organisation"
    assert dialog.facts().authors == (Person("Foot", "Tom"),)
    dialog.no_author.setChecked(True)
    assert not dialog.authors.isEnabled() and dialog.facts().authors == ()


def test_citation_facts_are_edited_with_undo(window: MainWindow, monkeypatch) -> None:
    from drafter.core.library import get_source
    from drafter.ui.facts_dialog import FactsDialog

    source_id = _open(window, "Rights fears as Met ramps up tech use")

    def fill(dialog: FactsDialog) -> int:
        dialog.accessed.setText("2026-01-15")
        return 1

    monkeypatch.setattr(FactsDialog, "exec", fill)
    window.library_actions.edit_facts()
    assert get_source(window.store, source_id).accessed == "2026-01-15"
    assert "15 January 2026" in window.reader.facts.text()
    window.undo_stack.undo()
    assert get_source(window.store, source_id).accessed is None
    assert "Access date unknown" in window.reader.facts.text()


def test_import_progress_is_in_the_status_bar_and_cancel_stops_reading(
    window: MainWindow, qtbot, tmp_path, monkeypatch, held_file
) -> None:
    from PySide6.QtWidgets import QApplication, QPushButton

    from drafter.ui.status_progress import StatusProgress

    _accept_guesses(monkeypatch)
    first = tmp_path / "a-first.txt"
    first.write_text("The first file of a batch the user changes their mind about importing.")
    held = tmp_path / "b-held.txt"
    held_file(held, "The held file's words, never read: Cancel comes first.")
    rest = []
    for n in range(10):
        path = tmp_path / f"c-rest{n}.txt"
        path.write_text(f"Paragraph number {n} of the files that are never read.")
        rest.append(path)
    windows_before = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
    height = window.statusBar().height()
    with qtbot.waitSignal(window.importer.finished, timeout=30000) as finished:
        window.importer.import_paths([first, held, *rest])
        qtbot.waitUntil(lambda: window.statusBar().findChild(StatusProgress, "importProgress") is not None)
        progress = window.statusBar().findChild(StatusProgress, "importProgress")
        qtbot.waitUntil(lambda: "b-held.txt (2 of 12)" in progress.label.text(), timeout=20000)
        assert progress.isVisible() and progress.bar.value() == 1
        assert {w for w in QApplication.topLevelWidgets() if w.isVisible()} == windows_before  # no dialog
        assert window.statusBar().height() == height
        with qtbot.waitSignal(window.importer._reader._job.event_received, timeout=10_000,
                              check_params_cb=lambda event: event["event"] == "cancelling"):
            window.statusBar().findChild(QPushButton, "cancelImport").click()  # taken while it waits
        # The gate is never opened: the reading process held at b-held.txt is ended, not waited for.
    outcomes = {r.name: r.outcome for r in finished.args[0]}
    assert outcomes["a-first.txt"] == "added"  # read and stored before Cancel
    # Cancel ends the reading processes at once, the one held at b-held.txt too.
    assert outcomes["b-held.txt"] == "cancelled"
    assert [outcomes[p.name] for p in rest] == ["cancelled"] * 10
    assert window.library_panel.model.rowCount() == 6
    assert not progress.isVisible()
    assert window.importer._reader.pid not in (None, os.getpid())  # read in a process of its own


def test_a_reading_process_that_dies_reports_every_file(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    import sys

    from drafter.core.jobs import read as read_job

    monkeypatch.setattr(read_job, "job_command", lambda: [sys.executable, "-c", "import sys; sys.exit(7)"])
    paths = []
    for n in range(3):
        path = tmp_path / f"f{n}.txt"
        path.write_text(f"File {n} that is never read because the reading process dies.")
        paths.append(path)
    with qtbot.waitSignal(window.importer.finished, timeout=30000) as finished:
        window.importer.import_paths(paths)
    results = finished.args[0]
    assert [r.outcome for r in results] == ["failed"] * 3
    assert all("stopped reading the files unexpectedly" in r.detail for r in results)
    assert window.library_panel.model.rowCount() == 5
    assert not window.importer.running


def test_closing_the_window_mid_import_stores_nothing_more_and_asks_nothing_more(
    window: MainWindow, qtbot, tmp_path, monkeypatch, held_file, open_library
) -> None:
    reviewed = _accept_guesses(monkeypatch)
    first = tmp_path / "read.txt"
    first.write_text("A file that is read before the user closes the window.")
    held = tmp_path / "held.txt"
    held_file(held, "A file whose reading is held until the window has closed.")  # the gate is never written
    window.importer.import_paths([first, held])
    qtbot.waitUntil(lambda: window.importer._reader.pid is not None, timeout=20_000)
    qtbot.waitUntil(lambda: reviewed == ["read.txt"], timeout=20_000)  # files are asked about as they come
    qtbot.wait(300)  # the first file stored, the second held
    window.close()
    assert not window.importer._reader.running  # stopped at once: reading changes nothing
    qtbot.wait(200)  # what the reader reported on its way out is ignored
    assert reviewed == ["read.txt"]
    assert len(list_sources(open_library())) == 6  # the library as the next start finds it: one more


def test_importing_files_is_one_undo_step(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    _accept_guesses(monkeypatch)
    paths = []
    for name, words in (("a.txt", "The first of two notes, imported together."),
                        ("b.txt", "The second of two notes, imported with the first.")):
        paths.append(tmp_path / name)
        paths[-1].write_text(words)
    before = {s.id for s in list_sources(window.store)}
    steps = window.undo_stack.count()
    notices: list[object] = []
    window.operations.did_execute.connect(lambda changes, initiator: notices.append(changes))
    with qtbot.waitSignal(window.importer.finished, timeout=30000) as finished:
        window.importer.import_paths(paths)
    added = {r.source_id for r in finished.args[0]}
    assert window.undo_stack.count() == steps + 1 and window.undo_stack.undoText() == "Import Files"
    assert [n.sources.created for n in notices] == [frozenset(added)]  # type: ignore[attr-defined]
    assert window.library_panel.model.rowCount() == 7
    window.undo_stack.undo()
    assert {s.id for s in list_sources(window.store)} == before
    assert window.library_panel.model.rowCount() == 5
    window.undo_stack.redo()
    assert {s.id for s in list_sources(window.store)} == before | added
    assert window.library_panel.model.rowCount() == 7
