"""What a new user sees first: the library's columns and order, the first source, the reader's text."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCore import Qt

from drafter.core.records import SourceRecord
from drafter.ui.main_window import MainWindow
from drafter.ui.reader import ReaderPanel

pytestmark = pytest.mark.gui


def _rows(win: MainWindow, column: int) -> list[str]:
    model = win.library_panel.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_titles_get_the_room_and_the_other_columns_fit_their_contents(window: MainWindow) -> None:
    view = window.library_panel.view
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    title, publisher, date = (header.sectionSize(c) for c in range(3))
    # The date column shows every date whole, and is not much wider than the longest.
    widest_date = max(metrics.horizontalAdvance(d) for d in _rows(window, 2))
    assert widest_date < date < widest_date + 6 * metrics.averageCharWidth()
    # The publisher column shows the short publishers whole, and is capped for long ones.
    assert publisher >= metrics.horizontalAdvance("West End Extra")
    assert publisher <= metrics.averageCharWidth() * (window.library_panel.PUBLISHER_CHARS + 4)
    # The title has the rest: the widest column, with room for a title's first words (it was ten characters).
    assert title > max(publisher, date)
    assert title >= metrics.horizontalAdvance("Rights fears as Met ramps")
    # A cell cut short is shown whole on hover.
    model = window.library_panel.model
    row = _rows(window, 1).index("OpenVoiceNews U.K.")
    assert model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole) == "OpenVoiceNews U.K."
    assert model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == model.source_at(row).title


def test_in_a_narrow_window_the_title_keeps_its_share_and_gets_the_publisher_back_when_wider(
    window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
) -> None:
    # At 790 pixels the publisher and date columns left the title 25 pixels: every title an "…".
    panel = window.library_panel
    header = panel.view.horizontalHeader()
    window.show()
    window.resize(790, 640)
    qtbot.waitUntil(lambda: panel.view.viewport().width() < 300)
    room = panel.view.viewport().width()
    least = panel.view.fontMetrics().horizontalAdvance("Publisher") // 2
    # The title keeps its share, unless the publisher has given all it can.
    assert header.sectionSize(0) >= int(room * panel.TITLE_SHARE) - 1 or header.sectionSize(1) == least
    assert header.sectionSize(0) > 9 * panel.view.fontMetrics().averageCharWidth()  # a title's first words, not an "…"
    date = max(panel.view.fontMetrics().horizontalAdvance(d) for d in _rows(window, 2))
    assert header.sectionSize(2) > date  # the dates stay whole
    narrow_publisher = header.sectionSize(1)
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: panel.view.viewport().width() > room + 100)
    assert header.sectionSize(1) > narrow_publisher  # room again: the publisher widens back
    assert header.sectionSize(1) >= panel.view.fontMetrics().horizontalAdvance("West End Extra")


def test_the_library_lists_the_newest_first(window: MainWindow) -> None:
    header = window.library_panel.view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (2, Qt.SortOrder.DescendingOrder)
    assert _rows(window, 2) == ["4 December 2025", "1 August 2025", "1 August 2025", "31 July 2025", "Unknown"]


def test_the_first_source_opened_has_a_title(window: MainWindow) -> None:
    # The newest stored article has no title; the one opened at start is the first that has one.
    assert _rows(window, 0)[0] == window.library_panel.model.source_at(0).display_title
    assert window.library_panel.model.source_at(0).title is None
    opened = window.reader.current_id
    assert opened == window.library_panel.model.id_at(1)
    assert window.library_panel.selected_source_id() == opened
    assert "Rights fears as Met ramps up tech use" in window.reader.facts.text()


def test_a_library_with_no_titles_opens_its_first_source(opened_window: MainWindow) -> None:
    from dataclasses import replace

    from drafter.core.listing import source_record
    from drafter.core.operations.library import update_source_facts
    from drafter.core.sources import SourceFacts

    win = opened_window
    for source_id in win.library_panel.model.ids():
        facts = SourceFacts.of(source_record(win.store, source_id))
        win.operations.run(update_source_facts(source_id, replace(facts, title=None)))
    win.reader.show_empty()
    win.library_panel.select_first_titled()
    assert win.reader.current_id == win.library_panel.model.id_at(0)


def _record(text: str) -> SourceRecord:
    return SourceRecord(
        id=1, type="webpage", title="Spacing", publisher=None, authors=None, date=None, url=None, accessed=None,
        standfirst=None, original_filename=None, format="txt", content_hash="", text=text, fact_basis={},
        stored_article=None, created_at="", updated_at="",
    )


def test_paragraphs_are_evenly_spaced_however_the_text_separates_them(qtbot) -> None:
    reader = ReaderPanel()
    qtbot.addWidget(reader)
    reader.resize(600, 600)
    # One line break, a blank line, three blank lines, a line of spaces: as stored texts have them.
    text = "First paragraph.\nSecond paragraph.\n\nThird paragraph.\n\n\n\nFourth paragraph.\n   \nFifth."
    reader.show_source(_record(text))
    reader.show()
    document = reader.text.document()
    layout = document.documentLayout()
    shown = []
    block = document.begin()
    while block.isValid():
        if block.isVisible():
            shown.append(layout.blockBoundingRect(block))
        block = block.next()
    assert len(shown) == 5
    gaps = {round(after.top() - before.top() - before.height()) for before, after in pairwise(shown)}
    assert len(gaps) == 1  # every gap the same
    assert reader.text.toPlainText() == text  # the text itself, and so every offset, unchanged


def test_a_disabled_make_snippet_says_why(window: MainWindow) -> None:
    button = window.reader.make_button
    assert not button.isEnabled()
    for said in (button.toolTip(), button.statusTip(), button.accessibleDescription()):
        assert said.startswith("Select the words to quote first")
    window.reader.text.selectAll()
    assert button.isEnabled()
    assert "Ctrl+M" in button.toolTip() and "Select the words" not in button.accessibleDescription()


def test_words_to_quote_can_be_selected_by_keyboard_across_hidden_blank_lines(qtbot) -> None:
    from PySide6.QtGui import QTextCursor

    reader = ReaderPanel()
    qtbot.addWidget(reader)
    reader.resize(600, 400)
    reader.show()
    text = "First paragraph.\n\nSecond paragraph.\n\n\nThird."
    reader.show_source(_record(text))
    reader.text.setFocus()
    cursor = reader.text.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    reader.text.setTextCursor(cursor)
    assert not reader.make_button.isEnabled()
    qtbot.keyClick(reader.text, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(reader.text, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    assert reader.selected_range() == (0, 35, "First paragraph.\n\nSecond paragraph.")
    assert reader.make_button.isEnabled()
