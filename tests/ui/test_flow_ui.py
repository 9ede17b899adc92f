"""The keyboard and the flow: readiness items that open a source's facts, the deadline, the quick picker."""

from __future__ import annotations

from datetime import date

import pytest

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

    def record(dialog: FactsDialog) -> int:
        opened.append(dialog.title.text())
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
