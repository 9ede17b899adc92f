"""Searching from the window: as you type, ranked, highlighted in results and reader."""

from __future__ import annotations

import pytest

from drafter.core.library import list_sources
from drafter.core.snippets import snippet_from_quote
from drafter.ui.application import make_application
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _type(window: MainWindow, qtbot, text: str) -> None:
    """Type a query and wait until its results (searched in the background) are shown."""
    window.search_controller.focus_search()
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        window.search_panel.query.setText(text)


def test_typing_finds_sources_with_a_prefix_and_bolds_matches(window: MainWindow, qtbot) -> None:
    _type(window, qtbot, "Orwellian")  # not in any stored article
    assert window.search_panel.results.count() == 0
    assert window.search_panel.status.text() == "Nothing found."
    _type(window, qtbot, "Notting Hil")  # the last word still being typed
    assert window.search_panel.results.count() >= 2
    from drafter.ui.search_panel import HTML_ROLE

    assert "<b>Notting</b>" in window.search_panel.results.item(0).data(HTML_ROLE)


def test_activating_a_result_opens_the_source_with_matches_marked(window: MainWindow, qtbot) -> None:
    _type(window, qtbot, '"budget shortfall"')
    results = window.search_panel.results
    assert results.count() >= 1
    results.setCurrentRow(0)
    text = window.reader.text.toPlainText()
    marked = [s.cursor.selectedText() for s in window.reader.text.extraSelections()]
    assert marked and all(m.lower() == "budget shortfall" for m in marked)
    assert "budget shortfall" in text


def test_snippet_hits_and_filters(window: MainWindow, qtbot) -> None:
    foot = next(s.id for s in list_sources(window.store) if s.title == "Rights fears as Met ramps up tech use")
    snippet_from_quote(window.store, foot, "bobbies on the beat", tags=["policing"])
    window.refresh_snippets()
    _type(window, qtbot, "bobbies")
    kinds = [window.search_panel.results.item(i).data(256)[0] for i in range(window.search_panel.results.count())]
    assert kinds[0] == "snippet"
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        window.search_panel.used.setCurrentIndex(1)  # only snippets used in a response: none yet
    kinds = [window.search_panel.results.item(i).data(256)[0] for i in range(window.search_panel.results.count())]
    assert "snippet" not in kinds


@pytest.mark.parametrize(
    ("query", "finds"),
    [('"', False), ("*", False), ("-", False), ("(facial", True), ("NEAR(facial", False), ("title:Met", False),
     ('"live facial', True)],
)
def test_odd_queries_are_words_not_syntax(window: MainWindow, qtbot, query: str, finds: bool) -> None:
    # An exception in the search slot would fail the test (pytest-qt captures it).
    _type(window, qtbot, query)
    assert (window.search_panel.results.count() > 0) == finds


def test_ctrl_f_focuses_the_search_box(window: MainWindow) -> None:
    edit = window.menuBar().actions()[1].menu()
    find = next(a for a in edit.actions() if a.text() == "&Find…")
    assert not find.shortcut().isEmpty()
    find.trigger()
    assert window.left_tabs.currentWidget() is window.search_panel


def test_search_runs_off_the_ui_thread_and_stale_results_are_dropped(qtbot) -> None:
    import threading

    from drafter.ui.search_worker import SearchRunner

    make_application()
    runner = SearchRunner()
    seen: list[str] = []
    shown: list[object] = []
    runner.results_ready.connect(shown.append)
    gate = threading.Event()

    def slow() -> str:
        seen.append(threading.current_thread().name)
        gate.wait(5)
        return "old"

    runner.submit(slow)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)  # the slow one is running
    runner.submit(lambda: "new")
    gate.set()
    qtbot.waitUntil(lambda: shown == ["new"], timeout=5000)
    runner.wait()
    assert shown == ["new"]
    assert seen and seen[0] != threading.main_thread().name


def _running_slow_search(runner):  # type: ignore[no-untyped-def]
    """Submit a search that runs until its cancel is called; returns (stopped, shown) once it runs."""
    import threading

    shown: list[object] = []
    runner.results_ready.connect(shown.append)
    stopped, running = threading.Event(), threading.Event()

    def slow() -> str:
        running.set()
        assert stopped.wait(10), "never stopped"
        return "stale"

    runner.submit(slow, cancel=stopped.set)
    assert running.wait(5)
    return stopped, shown


def test_a_newer_query_stops_the_one_still_running(qtbot) -> None:
    from drafter.ui.search_worker import SearchRunner

    make_application()
    runner = SearchRunner()
    stopped, shown = _running_slow_search(runner)
    runner.submit(lambda: "new", cancel=lambda: None)
    assert stopped.is_set()  # stopped by the newer submission, not left to finish
    qtbot.waitUntil(lambda: shown == ["new"], timeout=5000)
    runner.wait()
    assert shown == ["new"]


def test_closing_stops_a_running_search_instead_of_waiting(qtbot) -> None:
    from drafter.ui.search_worker import SearchRunner

    make_application()
    runner = SearchRunner()
    stopped, shown = _running_slow_search(runner)
    runner.cancel()
    runner.wait()
    assert stopped.is_set()
    qtbot.wait(50)
    assert shown == []  # a search stopped on closing reports nothing
