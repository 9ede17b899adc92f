"""Big lists stay light: the models read a page at a time and keep only a few pages.

These check the behaviour that lets a library of 50,000 sources open and scroll
at once (``bench/run_all.py`` measures how fast); they never time anything.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from drafter.core import listing
from drafter.ui.main_window import MainWindow
from drafter.ui.record_table import PagedTableModel

pytestmark = pytest.mark.gui

SOURCES = 3000  # 15 pages: enough to show what is read and what is not


@pytest.fixture
def big(window: MainWindow, many) -> MainWindow:  # type: ignore[no-untyped-def]
    many(window.store, SOURCES)
    window.refresh_library()
    window.refresh_snippets()
    window.left_tabs.setCurrentIndex(0)
    QApplication.processEvents()
    return window


def _pages(model: PagedTableModel) -> int:  # type: ignore[type-arg]
    return model.pages_read


def test_opening_reads_only_the_first_page(big: MainWindow) -> None:
    model = big.library_panel.model
    assert model.rowCount() == SOURCES + 5
    assert big.source_count() == SOURCES + 5
    assert "3,005 sources" in big.library_panel.heading.text()
    assert _pages(model) == 1 and model.loaded_rows() == model.PAGE_SIZE


def test_jumping_to_the_end_reads_the_last_page_not_the_middle(big: MainWindow) -> None:
    model, view = big.library_panel.model, big.library_panel.view
    before = _pages(model)
    view.scrollToBottom()
    QApplication.processEvents()
    last_row = model.rowCount() - 1
    assert view.rowAt(view.viewport().height() - 2) in (last_row, -1) or view.indexAt(
        view.viewport().rect().bottomLeft()
    ).row() >= last_row - 1
    assert _pages(model) - before <= 2  # the last page (and the one before, if the screen spans both)
    assert model.loaded_rows() <= 3 * model.PAGE_SIZE


def test_scrolling_everything_keeps_memory_flat(big: MainWindow) -> None:
    model, view = big.library_panel.model, big.library_panel.view
    bar = view.verticalScrollBar()
    seen = set()
    for value in range(bar.minimum(), bar.maximum() + 1, max(1, bar.pageStep())):  # a screenful at a time
        bar.setValue(value)
        QApplication.processEvents()
        seen.add(view.indexAt(view.viewport().rect().topLeft()).data())
        assert model.loaded_rows() <= model.KEPT_PAGES * model.PAGE_SIZE
    assert len(seen) > 50  # it really did scroll through the rows
    assert _pages(model) >= SOURCES // model.PAGE_SIZE


def test_sorting_is_done_by_the_database_in_the_same_model(big: MainWindow) -> None:
    model, view = big.library_panel.model, big.library_panel.view
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    first = [model.index(r, 0).data() for r in range(5)]
    expected = listing.source_summaries(big.store, listing.source_ids(big.store, "title", descending=False)[:5])
    assert first == [s.display_title for s in expected]
    assert model.index(model.rowCount() - 1, 0).data() == "Untitled source"
    assert _pages(model) <= 2


def test_choosing_a_source_far_down_selects_it_without_reading_the_rest(big: MainWindow) -> None:
    panel = big.library_panel
    target = panel.model.id_at(panel.model.rowCount() - 3)
    before = _pages(panel.model)
    assert panel.select_source(target)
    QApplication.processEvents()
    assert panel.selected_source_id() == target and big.reader.current_id == target
    assert _pages(panel.model) - before <= 2


def test_selection_survives_a_refresh_of_the_list(big: MainWindow) -> None:
    panel = big.library_panel
    target = panel.model.id_at(1234)
    panel.select_source(target)
    big.refresh_library()
    assert panel.selected_source_id() == target and big.reader.current_id == target


def test_snippets_list_pages_too_and_filters_in_the_database(big: MainWindow, qtbot) -> None:
    panel = big.snippets_panel
    big.left_tabs.setCurrentWidget(panel)
    QApplication.processEvents()
    assert panel.model.rowCount() == SOURCES and panel.total == SOURCES
    assert big.left_tabs.tabText(1) == "Snippets (3,000)"
    assert _pages(panel.model) <= 1
    panel.view.scrollToBottom()
    QApplication.processEvents()
    assert panel.model.loaded_rows() <= 3 * panel.model.PAGE_SIZE
    panel.filter.setText("NOTE 1234")
    qtbot.waitUntil(lambda: panel.model.rowCount() < SOURCES)
    shown = [
        " ".join(str(panel.model.index(r, c).data()) for c in range(4)).lower() for r in range(panel.model.rowCount())
    ]
    assert 0 < len(shown) < 10 and all("note" in row and "1234" in row for row in shown)
    assert panel.total == SOURCES  # the tab still counts every snippet


def test_choosing_a_hidden_snippet_clears_the_filter(big: MainWindow, qtbot) -> None:
    panel = big.snippets_panel
    far = listing.snippet_ids(big.store)[-1]
    panel.filter.setText("no snippet says this")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    panel.select_snippet(far, emit=False)
    assert panel.filter.text() == "" and panel.current_snippet_id() == far


def test_overview_lists_unused_snippets_a_page_at_a_time(big: MainWindow) -> None:
    big.right_tabs.setCurrentWidget(big.overview)
    QApplication.processEvents()
    model = big.overview.unused_model
    unused = listing.snippet_ids(big.store, listing.SnippetQuery(unused_only=True))
    assert model.rowCount() == len(unused) and 0 < len(unused) < SOURCES
    assert _pages(model) <= 1
    big.overview.unused.scrollToBottom()
    QApplication.processEvents()
    assert model.loaded_rows() <= 3 * model.PAGE_SIZE
    assert f"({len(unused):,})" in big.overview.unused_label.text()


def test_an_autosave_leaves_the_big_lists_alone(big: MainWindow) -> None:
    from drafter.core.responses import ResponseDetails, add_block, add_question, create_response

    response = create_response(big.store, ResponseDetails(consultation_title="Typing"))
    question = add_question(big.store, response.id, label="1", text="Why?")
    block = add_block(big.store, question.id, text="First words")
    big.response_panel.refresh_list(select_id=response.id)
    big.right_tabs.setCurrentWidget(big.overview)
    QApplication.processEvents()
    snippets, unused = big.snippets_panel.model, big.overview.unused_model
    resets = (snippets.resets, unused.resets, big.library_panel.model.resets)
    for n in range(5):
        big.response_panel.answer_actions.save_text(block.id, f"First words, then {n} more")
        QApplication.processEvents()
    assert (snippets.resets, unused.resets, big.library_panel.model.resets) == resets
    assert big.overview.table.item(0, 4).text() == "5"  # the overview's word count did follow the typing


def test_filtering_and_sorting_snippets_read_the_list_in_a_worker(big: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    panel = big.snippets_panel
    threads: list[bool] = []
    original = listing.snippet_ids

    def watched(store, query=listing.SnippetQuery()):  # type: ignore[no-untyped-def]  # noqa: B008
        threads.append(threading.current_thread() is threading.main_thread())
        return original(store, query)

    monkeypatch.setattr(listing, "snippet_ids", watched)
    panel.filter.setText("note 12")
    qtbot.waitUntil(lambda: 0 < panel.model.rowCount() < SOURCES)
    panel.view.sortByColumn(panel.model.NOTE, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: panel.query().column == "note" and len(threads) == 2)
    qtbot.waitUntil(lambda: panel.model.index(0, panel.model.NOTE).data() == max(
        panel.model.index(r, panel.model.NOTE).data() for r in range(panel.model.rowCount())
    ))
    assert threads == [False, False]  # neither ran on the window's thread
