"""The keyboard and the flow: readiness items that open a source's facts, the deadline, the quick picker."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from drafter.core.questions import parse_questions
from drafter.core.responses import create_response, get_response, replace_questions
from drafter.core.responses.records import ResponseDetails
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

QUESTIONS = """1. Do you agree that the framework should cover live facial recognition?
Agree / Disagree
2. Who should authorise deployments?"""


@pytest.fixture
def window(opened_window: MainWindow) -> MainWindow:
    win = opened_window
    store = win.store
    assert store is not None
    response = create_response(store, ResponseDetails(consultation_title="FRT consultation",
                                                      organisation="Rights Watch"))
    replace_questions(store, response.id, parse_questions(QUESTIONS).questions)
    win.response_panel.refresh_list(select_id=response.id)
    win.show()
    return win


def _doc(win: MainWindow):
    assert win.store is not None and win.response_panel.document is not None
    return get_response(win.store, win.response_panel.document.id)


# --- a readiness item about a source's facts opens its facts editor ---------------------------------


def test_a_missing_facts_item_opens_that_sources_facts_editor(window: MainWindow, qtbot, monkeypatch) -> None:
    from drafter.core.checks import WARNING, CheckItem
    from drafter.ui.facts_dialog import FactsDialog

    opened: list[str] = []

    focused: list[bool] = []

    def record(dialog: FactsDialog) -> int:
        opened.append(dialog.title.text())
        focused.append(dialog.focusWidget() is dialog.date)
        return 0  # cancelled: nothing changes

    monkeypatch.setattr(FactsDialog, "exec", record)
    question = _doc(window).questions[1]
    store = window.store
    assert store is not None
    from drafter.core.library import get_source

    title = get_source(store, 4).title
    item = CheckItem("source_facts", WARNING, "“x” is cited without its date.", question_id=question.id,
                     source_id=4, facts=("date",))
    window.library_actions.go_to_check_item(item)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened == [title]  # the editor of that source, with its facts in it
    assert focused == [True]  # the keyboard in the missing fact's field
    assert window.reader.current_id == 4
    # An item about an answer still goes to the question, and opens no editor.
    opened.clear()
    window.library_actions.go_to_check_item(CheckItem("unanswered", WARNING, "…", question_id=question.id))
    qtbot.wait(20)
    assert opened == []
    assert window.response_panel.current_question_id() == question.id


def test_a_facts_item_for_a_source_deleted_since_says_so(window: MainWindow, qtbot, monkeypatch) -> None:
    from drafter.core.checks import WARNING, CheckItem
    from drafter.ui.facts_dialog import FactsDialog

    monkeypatch.setattr(FactsDialog, "exec", lambda dialog: pytest.fail("no editor for a missing source"))
    window.library_actions.edit_facts(99999)
    assert "99999" in window.statusBar().currentMessage()
    window.library_actions.go_to_check_item(CheckItem("citation_empty", WARNING, "…", source_id=99999))
    qtbot.wait(20)


# --- the deadline and the days left ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "shown", "urgent"),
    [
        (date(2026, 2, 3), "Closes 12 February 2026 — 9 days left", False),
        (date(2026, 2, 6), "Closes 12 February 2026 — 6 days left", True),
        (date(2026, 2, 12), "Closes today, 12 February 2026", True),
        (date(2026, 2, 15), "Closed 3 days ago, on 12 February 2026", True),
    ],
)
def test_the_response_shows_its_deadline_and_the_days_left(window: MainWindow, today, shown, urgent) -> None:
    from drafter.core.operations import responses as ops

    panel = window.response_panel
    assert panel.deadline.text() == "No deadline given (Response › Response Details…)"
    panel.today = lambda: today
    window.operations.run(ops.update_response(_doc(window).id, deadline="2026-02-12"), window)
    assert panel.deadline.isVisible()
    assert panel.deadline.text() == shown
    assert ("b00020" in panel.deadline.styleSheet()) is urgent
    window.undo_stack.undo()
    assert panel.deadline.text() == "No deadline given (Response › Response Details…)"


def test_the_days_left_move_on_at_midnight_without_an_edit(window: MainWindow) -> None:
    from drafter.core.operations import responses as ops

    panel = window.response_panel
    panel.today = lambda: date(2026, 2, 3)
    window.operations.run(ops.update_response(_doc(window).id, deadline="2026-02-12"), window)
    assert panel.deadline.text() == "Closes 12 February 2026 — 9 days left"
    panel.today = lambda: date(2026, 2, 4)
    assert panel._deadline_clock.isActive()
    panel._deadline_clock.timeout.emit()  # as the clock does, a quarter-hour on
    assert panel.deadline.text() == "Closes 12 February 2026 — 8 days left"


# --- Quote Snippet in Answer: the freshly chosen snippet, else the quick picker ----------------------


def _snippets(window: MainWindow) -> dict[str, int]:
    from drafter.core.operations import library as lib_ops
    from drafter.core.snippets import snippet_from_quote

    store = window.store
    assert store is not None
    made = {
        "lost": snippet_from_quote(store, 1, "to cover the loss of 1,400 officers and 300 staff").id,
        "weekly": snippet_from_quote(store, 2, "deployed up to ten times weekly across five days").id,
        "hotspots": snippet_from_quote(store, 4, "officers assigned to areas classed as crime hotspots").id,
    }
    lib_ops.update_snippet(made["hotspots"], note="The West End plan", tags=("policing",)).run(store)
    window.refresh_snippets()
    window.snippets_panel.wait()
    return made


def _choose_in_snippets_tab(window: MainWindow, snippet_id: int) -> None:
    from drafter.ui.snippets_panel import ID_ROLE

    panel = window.snippets_panel
    window.left_tabs.setCurrentWidget(panel)
    model = panel.view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(ID_ROLE) == snippet_id)
    panel.view.setCurrentIndex(model.index(row, 0))  # as a click does


def _quoted(window: MainWindow, row: int) -> list[int | None]:
    return [b.snippet_id for b in _doc(window).questions[row].blocks]


def _drive_picker(monkeypatch, qtbot, keys: list[object], seen: list[list[str]] | None = None,
                  *, wait: bool = True) -> None:
    """Replace the picker's modal loop with these keys typed into it, as a user would.

    ``wait``: let the list catch up with the typing (else Enter follows the last key at once).
    """
    from drafter.ui.snippet_picker import SnippetPicker

    def run(picker: SnippetPicker) -> int:
        picker.show()
        qtbot.waitExposed(picker)
        assert picker.filter.hasFocus() or picker.focusWidget() is picker.filter
        for key in keys:
            if isinstance(key, str):
                qtbot.keyClicks(picker.filter, key)
                if wait:
                    qtbot.waitUntil(lambda: not picker._timer.isActive() and not picker._waiting)
            else:
                qtbot.keyClick(picker.filter, key)
            if seen is not None:
                seen.append([picker.list.item(i).text() for i in range(picker.list.count())])
        result = picker.result()
        picker.hide()
        return result

    monkeypatch.setattr(SnippetPicker, "exec", run)


def test_a_snippet_chosen_in_the_snippets_tab_is_quoted_once_then_the_picker_opens(
        window: MainWindow, qtbot, monkeypatch) -> None:
    from drafter.ui.snippet_picker import SnippetPicker

    made = _snippets(window)
    window.response_panel.tree.setCurrentIndex(window.response_panel.model.index(1, 0))
    _choose_in_snippets_tab(window, made["weekly"])
    monkeypatch.setattr(SnippetPicker, "exec", lambda picker: pytest.fail("the chosen snippet needs no picker"))
    window.quote_action.trigger()
    assert _quoted(window, 1) == [made["weekly"]]
    # The choice is used up: pressing it again does not quote the same snippet a second time.
    opened: list[SnippetPicker] = []
    monkeypatch.setattr(SnippetPicker, "exec", lambda picker: opened.append(picker) or 0)
    window.response_panel.tree.setCurrentIndex(window.response_panel.model.index(1, 0))
    window.quote_action.trigger()
    assert len(opened) == 1 and _quoted(window, 1) == [made["weekly"]]
    window.undo_stack.undo()
    assert _quoted(window, 1) == []


def test_the_picker_filters_by_words_anywhere_and_enter_quotes_at_the_current_place(
        window: MainWindow, qtbot, monkeypatch) -> None:
    from drafter.core.operations import responses as ops

    made = _snippets(window)
    question = _doc(window).questions[1]
    first = window.operations.run(ops.add_block(question.id, text="Our first point."), window).value
    window.operations.run(ops.add_block(question.id, text="Our last point."), window)
    window.response_panel.select_block(first.id)  # the place: after the first paragraph
    seen: list[list[str]] = []
    # Words from the note and a tag, in any order, then from the text: one snippet is left.
    _drive_picker(monkeypatch, qtbot, ["plan policing"], seen)
    window.quote_action.trigger()
    assert len(seen[0]) == 1 and "crime hotspots" in seen[0][0]
    assert "Rights fears as Met ramps up tech use · The West End plan · #policing" in seen[0][0]
    assert _quoted(window, 1) == [None, None]  # no Enter yet: nothing quoted
    seen.clear()
    window.response_panel.select_block(first.id)
    _drive_picker(monkeypatch, qtbot, ["officers", Qt.Key.Key_Down, Qt.Key.Key_Return], seen)
    window.quote_action.trigger()
    assert len(seen[0]) == 2  # "officers" is in two snippets, newest first
    assert _quoted(window, 1) == [None, made["lost"], None]  # the second of them, after the paragraph
    window.undo_stack.undo()
    assert _quoted(window, 1) == [None, None]


def test_enter_straight_after_typing_quotes_what_was_typed_for(window: MainWindow, qtbot, monkeypatch) -> None:
    made = _snippets(window)
    window.response_panel.tree.setCurrentIndex(window.response_panel.model.index(0, 0))
    _drive_picker(monkeypatch, qtbot, ["ten times weekly", Qt.Key.Key_Return], wait=False)
    window.quote_action.trigger()
    assert _quoted(window, 0) == [made["weekly"]]


def test_the_picker_says_when_nothing_matches_and_escape_closes_it(window: MainWindow, qtbot, monkeypatch) -> None:
    _snippets(window)
    window.response_panel.tree.setCurrentIndex(window.response_panel.model.index(0, 0))
    seen: list[list[str]] = []
    _drive_picker(monkeypatch, qtbot, ["zebra", Qt.Key.Key_Return, Qt.Key.Key_Escape], seen)
    window.quote_action.trigger()
    assert seen[0] == []
    assert _quoted(window, 0) == []


# --- questions change after answers exist ----------------------------------------------------------


def _answer_first(window: MainWindow) -> None:
    from drafter.core.operations import responses as ops

    first = _doc(window).questions[0]
    window.operations.run(ops.set_chosen_option(first.id, "Agree"), window)
    window.operations.run(ops.add_block(first.id, text="We agree, with reservations."), window)


def test_pasting_more_questions_appends_them_and_names_a_number_already_there(
        window: MainWindow, qtbot, monkeypatch) -> None:
    from drafter.ui.response_dialogs import QuestionsDialog

    _answer_first(window)
    shown: list[tuple[str, str, bool]] = []

    def paste(dialog: QuestionsDialog) -> int:
        dialog.source.setPlainText("2. Who should authorise deployments, again?\n3. What safeguards are needed?")
        dialog.read()
        shown.append((dialog.replace.text(), dialog.notes.text(), dialog.replace_all is None))
        return 1

    monkeypatch.setattr(QuestionsDialog, "exec", paste)
    window.response_panel.answer_actions.paste_questions()
    label, notes, no_replace = shown[0]
    assert label.replace("&", "") == "Add These Questions" and no_replace  # answers exist: nothing replaces them
    assert "already has question 2" in notes and "not merged" in notes
    questions = _doc(window).questions
    assert [q.label for q in questions] == ["1", "2", "2", "3"]
    assert [b.text for b in questions[0].blocks] == ["We agree, with reservations."]
    assert questions[0].chosen_option == "Agree"
    assert window.undo_stack.undoText() == "Add Questions"
    window.undo_stack.undo()  # one step takes away exactly what was added
    assert [q.label for q in _doc(window).questions] == ["1", "2"]
    assert [b.text for b in _doc(window).questions[0].blocks] == ["We agree, with reservations."]


def test_replacing_is_offered_only_while_no_question_has_an_answer(window: MainWindow, qtbot) -> None:
    from drafter.ui.response_dialogs import QuestionsDialog

    dialog = QuestionsDialog("7. A new first question?", existing=_doc(window))
    qtbot.addWidget(dialog)
    assert dialog.replace_all is not None and dialog.replace_all.isEnabled()
    dialog.replace_all.click()
    assert dialog.mode == "replace"
    _answer_first(window)
    answered = QuestionsDialog("7. A new first question?", existing=_doc(window))
    qtbot.addWidget(answered)
    assert answered.replace_all is None and answered.mode == "append"


def test_a_question_added_by_hand_continues_the_numbering(window: MainWindow, monkeypatch) -> None:
    from drafter.ui import accessibility

    monkeypatch.setattr(accessibility, "ask_multi_line_text", lambda *a, **k: ("Anything else?", True))
    window.response_panel.answer_actions.add_question()
    assert [(q.label, q.text) for q in _doc(window).questions][-1] == ("3", "Anything else?")
    assert window.response_panel.current_question_id() == _doc(window).questions[-1].id


def test_deleting_an_answered_question_asks_and_undo_brings_the_answer_back(window: MainWindow, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    _answer_first(window)
    panel = window.response_panel
    asked: list[str] = []

    def reply(button: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def ask(parent, title, text, *rest):  # type: ignore[no-untyped-def]
            asked.append(text)
            return button
        return ask

    monkeypatch.setattr(QMessageBox, "question", reply(QMessageBox.StandardButton.Cancel))
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    panel.answer_actions.delete_question()
    assert asked == ["Delete question 1 and its answer? Edit › Undo brings both back."]
    assert len(_doc(window).questions) == 2
    monkeypatch.setattr(QMessageBox, "question", reply(QMessageBox.StandardButton.Discard))
    panel.answer_actions.delete_question()
    assert [q.label for q in _doc(window).questions] == ["2"]
    window.undo_stack.undo()
    first = _doc(window).questions[0]
    assert (first.label, first.chosen_option, [b.text for b in first.blocks]) == (
        "1", "Agree", ["We agree, with reservations."])
    # A question with no answer goes without a question asked.
    asked.clear()
    panel.tree.setCurrentIndex(panel.model.index(1, 0))
    panel.answer_actions.delete_question()
    assert asked == [] and [q.label for q in _doc(window).questions] == ["1"]


# --- dates typed as people write them, shown back as read ----------------------------------------


@pytest.mark.parametrize(
    ("locale", "typed", "feedback", "stored"),
    [
        ("en_GB", "4 Dec 2025", "Read as 4 December 2025", "2025-12-04"),
        ("en_GB", "04/12/2025", "Read as 4 December 2025", "2025-12-04"),
        ("en_US", "04/12/2025", "Read as 12 April 2025", "2025-04-12"),
        ("en_GB", "December 2025", "Read as December 2025", "2025-12"),
        ("en_GB", "2025", "Read as 2025", "2025"),
    ],
)
def test_the_facts_editor_reads_dates_as_people_write_them(qtbot, locale, typed, feedback, stored) -> None:
    from drafter.core.sources import SourceFacts
    from drafter.ui.application import make_application
    from drafter.ui.facts_dialog import FactsDialog

    make_application()
    dialog = FactsDialog(SourceFacts(title="Headline"))
    qtbot.addWidget(dialog)
    dialog.date.locale_name = locale
    dialog.date.setText(typed)
    assert dialog.date.feedback.text() == feedback  # shown back before anything is stored
    assert dialog.facts().date == stored


def test_the_facts_editor_says_what_it_cannot_read_and_keeps_the_dialog_open(qtbot) -> None:
    from drafter.core.sources import SourceFacts
    from drafter.ui.application import make_application
    from drafter.ui.facts_dialog import FactsDialog

    make_application()
    dialog = FactsDialog(SourceFacts(title="Headline", url="https://example.org/a"))
    qtbot.addWidget(dialog)
    dialog.date.locale_name = dialog.accessed.locale_name = "en_GB"
    dialog.date.setText("4 December")  # no year: never this year by guess
    assert "not a date Drafter can read" in dialog.date.feedback.text()
    assert "b00020" in dialog.date.feedback.styleSheet()
    dialog._accept()
    assert dialog.result() == 0 and dialog.error.text().startswith("The date: “4 December” is not a date")
    dialog.date.setText("")
    dialog.accessed.setText("January 2026")  # the day a page was read is a day
    assert "give the day too" in dialog.accessed.feedback.text()
    dialog._accept()
    assert dialog.result() == 0 and dialog.error.text().startswith("The accessed date:")
    dialog.accessed.setText("15 Jan 2026")
    assert dialog.accessed.feedback.text() == "Read as 15 January 2026"
    assert dialog.facts().accessed == "2026-01-15"


def test_the_deadline_is_typed_as_people_write_it(qtbot) -> None:
    from drafter.core.responses.records import ResponseDetails
    from drafter.ui.application import make_application
    from drafter.ui.response_dialogs import DetailsDialog

    make_application()
    dialog = DetailsDialog(ResponseDetails(consultation_title="FRT consultation"))
    qtbot.addWidget(dialog)
    dialog.deadline.locale_name = "en_GB"
    dialog.deadline.setText("12/02/2026")
    assert dialog.deadline.feedback.text() == "Read as 12 February 2026"
    assert dialog.details().deadline == "2026-02-12"
    dialog.deadline.setText("February 2026")
    assert "give the day too" in dialog.deadline.feedback.text()
    dialog._accept()
    assert dialog.result() == 0 and dialog.error.text().startswith("The deadline:")
