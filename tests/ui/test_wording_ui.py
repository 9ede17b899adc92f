"""The window's counts agree with their numbers, and an untitled source is called one thing everywhere."""

from __future__ import annotations

import pytest

from drafter.core.questions import parse_questions
from drafter.core.responses import create_response, replace_questions
from drafter.core.responses.records import ResponseDetails
from drafter.core.snippets import snippet_from_quote
from drafter.core.wording import UNTITLED
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _untitled_id(win: MainWindow) -> int:
    model = win.library_panel.model
    return next(model.id_at(r) for r in range(model.rowCount()) if model.source_at(r).title is None)


def test_one_source_one_snippet_one_question(window: MainWindow) -> None:
    from drafter.core.operations.library import delete_sources

    keep = _untitled_id(window)
    window.operations.run(delete_sources([i for i in window.library_panel.model.ids() if i != keep]))
    assert window.library_panel.heading.text() == "Library — 1 source"
    assert window.status_label.text().startswith("1 source in the library")
    snippet_from_quote(window.store, keep, "Ministers are set to ramp up police use")
    window.refresh_snippets()
    window.show_source(keep)
    window.refresh_snippets()
    assert window.reader.snippet_count.text() == "1 snippet in this source"
    response = create_response(window.store, ResponseDetails(consultation_title="FRT", organisation="Rights Watch"))
    document = replace_questions(window.store, response.id, parse_questions("1. Why?").questions)
    window.overview.show_questions(document)
    assert "0 of 1 question answered" in window.overview.summary.text()


def test_an_untitled_source_is_called_the_same_in_every_panel(window: MainWindow, qtbot) -> None:
    source_id = _untitled_id(window)
    panel = window.library_panel
    assert panel.model.index(panel.model.row_of(source_id), 0).data() == UNTITLED
    window.show_source(source_id)
    assert UNTITLED in window.reader.facts.text()
    snippet_from_quote(window.store, source_id, "Ministers are set to ramp up police use")
    window.refresh_snippets()
    snippets = window.snippets_panel.model
    assert snippets.index(0, 1).data() == UNTITLED
    window.search_controller.focus_search()
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        window.search_panel.query.setText("Ministers ramp")
    from drafter.ui.search_panel import HTML_ROLE

    first = window.search_panel.results.item(0)
    assert UNTITLED in first.data(HTML_ROLE) and first.toolTip() == UNTITLED
    assert window.search_panel.status.text() == "1 snippet, 1 source"
