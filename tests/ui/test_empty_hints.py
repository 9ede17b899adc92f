"""Empty lists and panels say what to do first, naming menus and shortcuts that exist."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAction

from drafter.core.questions import parse_questions
from drafter.core.responses import create_response, replace_questions
from drafter.core.responses.records import ResponseDetails
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _menu_paths(win: MainWindow) -> set[str]:
    """Every "Menu › Command" of the window, as the hints write them."""
    paths = set()
    for title, menu in win.menus.items():
        for action in menu.actions():
            if isinstance(action, QAction) and action.text():
                paths.add(f"{title.replace('&', '')} › {action.text().replace('&', '')}")
    return paths


def _assert_names_real_commands(win: MainWindow, hint: str) -> None:
    """Each "Menu › Command" in a hint is a command of the window, and a shortcut after it is that command's."""
    paths = _menu_paths(win)
    starts = [m.start() for m in re.finditer(r"\w+ › ", hint)]
    assert starts, hint
    for start in starts:
        path = max((p for p in paths if hint.startswith(p, start)), key=len, default=None)
        assert path is not None, f"{hint[start:start + 40]!r}… names no command of the window"
        keys = re.match(r"(?: \(|, )((?:Ctrl|Alt|Shift)\+[\w+]+)", hint[start + len(path):])
        if keys:
            menu, command = path.split(" › ")
            action = next(a for a in win.menus[f"&{menu}"].actions() if a.text().replace("&", "") == command)
            assert keys.group(1) in [s.toString() for s in action.shortcuts()], (path, keys.group(1))


def _hint_of(view) -> str:
    label = next(child for child in view.viewport().children() if child.objectName() == "emptyHint")
    return label.text() if label.isVisibleTo(view) else ""


def test_an_empty_library_says_how_to_add_sources(window: MainWindow, qtbot) -> None:
    from drafter.core.operations.library import delete_sources

    view = window.library_panel.view
    assert _hint_of(view) == ""  # five stored articles: no hint over them
    window.operations.run(delete_sources(window.library_panel.model.ids()))
    hint = _hint_of(view)
    assert hint.startswith("No sources yet.")
    _assert_names_real_commands(window, hint)
    assert view.accessibleDescription() == hint  # a screen reader on the empty list hears it too
    # No source is left open in the reader either, and it says how to open one.
    assert window.reader.current_id is None and "No source open" in window.reader.facts.text()
    window.undo_stack.undo()
    assert _hint_of(view) == "" and view.accessibleDescription() == ""


def test_no_snippets_says_how_to_make_one_and_a_filter_says_how_to_see_all(window: MainWindow, qtbot) -> None:
    from drafter.core.snippets import snippet_from_quote

    panel = window.snippets_panel
    hint = _hint_of(panel.view)
    assert hint.startswith("No snippets yet.")
    _assert_names_real_commands(window, hint)
    source_id = window.library_panel.model.id_at(1)
    snippet_from_quote(window.store, source_id, "live facial recognition", occurrence=1)
    window.refresh_snippets()
    assert _hint_of(panel.view) == ""
    panel.filter.setText("zebra crossing")
    panel.refresh()
    assert _hint_of(panel.view) == "No snippet matches “zebra crossing”. Clear the filter above to see all 1 snippet."


def test_search_says_how_to_search_and_what_to_try_when_nothing_is_found(window: MainWindow, qtbot) -> None:
    panel = window.search_panel
    hint = _hint_of(panel.results)
    assert hint.startswith("Type words to search")
    _assert_names_real_commands(window, hint)
    window.search_controller.focus_search()
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        panel.query.setText("zebra crossings")
    assert _hint_of(panel.results) == "Try fewer or other words: a result must contain every word you type."
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        panel.this_source.setChecked(True)
    assert "search without “Only the open source”" in _hint_of(panel.results)
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        panel.query.setText("facial recognition")
    assert panel.results.count() and _hint_of(panel.results) == ""


def test_a_response_without_questions_and_an_answer_without_blocks_say_what_to_do(window: MainWindow) -> None:
    panel = window.response_panel
    response = create_response(window.store, ResponseDetails(consultation_title="FRT", organisation="Rights Watch"))
    panel.refresh_list(select_id=response.id)
    hint = _hint_of(panel.tree)
    assert hint.startswith("No questions yet.")
    _assert_names_real_commands(window, hint)
    replace_questions(window.store, response.id, parse_questions("1. Why?\n2. How?").questions)
    panel.open_response(response.id)
    assert _hint_of(panel.tree) == ""
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    editor = panel.editor
    assert editor.currentWidget() is editor.question_page and editor.no_answer.isVisibleTo(editor)
    _assert_names_real_commands(window, editor.no_answer.text())
    assert "Ctrl+Return" in editor.no_answer.text()  # Add Paragraph's own shortcut
    panel.answer_actions.add_paragraph()
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    assert not editor.no_answer.isVisibleTo(editor)


def test_the_overview_with_no_response_says_how_to_start_one(window: MainWindow) -> None:
    overview = window.overview
    window.right_tabs.setCurrentWidget(overview)
    overview.show_questions(None)
    hint = _hint_of(overview.table)
    assert "No response open" in overview.summary.text()
    _assert_names_real_commands(window, hint)
    _assert_names_real_commands(window, _hint_of(overview.unused))
    response = create_response(window.store, ResponseDetails(consultation_title="FRT", organisation="Rights Watch"))
    overview.show_questions(window.response_panel.document or _document(window, response.id))
    assert _hint_of(overview.table).startswith("This response has no questions yet.")


def _document(win: MainWindow, response_id: int):
    from drafter.core.responses import get_response

    return get_response(win.store, response_id)


def test_a_readiness_check_with_nothing_to_report_says_what_next(window: MainWindow) -> None:
    from drafter.core.checks import Readiness
    from drafter.ui.export_controller import ReadinessDialog

    dialog = ReadinessDialog(Readiness(response_id=1, items=()), exporting=False, parent=window)
    hint = _hint_of(dialog.list)
    assert hint.startswith("Nothing to report.")
    _assert_names_real_commands(window, hint)
    exporting = ReadinessDialog(Readiness(response_id=1, items=()), exporting=True, parent=window)
    assert _hint_of(exporting.list) == "Nothing to report. Choose Export below when you are ready."
