"""Text is readable in the light palette and under a dark one: WCAG 2.2 AA contrast, 4.5:1, everywhere.

Each colour the app paints text in is measured against the background it is
painted on: the palette's roles (normal, disabled, placeholder, selected, links),
the grey of unknown facts, the red of warnings and the reader's highlights.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from drafter.ui.accessibility import (
    TEXT_CONTRAST,
    TEXT_ROLES,
    blend,
    contrast,
    muted_colour,
    readable_palette,
    warning_colour,
)
from drafter.ui.application import make_application
from drafter.ui.reader import HIGHLIGHT_CURRENT, SEARCH_MATCH, highlight_colour

Role, Group = QPalette.ColorRole, QPalette.ColorGroup


def fusion_dark() -> QPalette:
    """A dark desktop palette as Qt's Fusion style builds one for a dark desktop (Qt 6's qt_fusionPalette)."""
    palette = QPalette()
    window_text, background = QColor(240, 240, 240), QColor(50, 50, 50)
    base, disabled_text = background.darker(140), QColor(130, 130, 130)
    placeholder = QColor(window_text)
    placeholder.setAlpha(128)
    for group in (Group.Active, Group.Inactive, Group.Disabled):
        disabled = group == Group.Disabled
        for role, colour in (
            (Role.Window, background), (Role.WindowText, disabled_text if disabled else window_text),
            (Role.Base, background if disabled else base), (Role.AlternateBase, base.lighter(110)),
            (Role.Text, disabled_text if disabled else window_text), (Role.Button, background),
            (Role.ButtonText, disabled_text if disabled else window_text), (Role.PlaceholderText, placeholder),
            (Role.Highlight, QColor(145, 145, 145) if disabled else QColor(48, 140, 198)),
            (Role.HighlightedText, window_text), (Role.ToolTipBase, QColor(255, 255, 220)),
            (Role.ToolTipText, QColor(0, 0, 0)), (Role.Link, QColor(0, 0, 255)),
            (Role.LinkVisited, QColor(255, 0, 255)),
        ):
            palette.setColor(group, role, colour)
    return palette


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest) -> Iterator[QPalette]:
    app = make_application()  # the app's own palette: the desktop's, made readable
    before = app.palette()
    if request.param == "dark":
        app.setPalette(readable_palette(fusion_dark()))  # what make_application does with a dark desktop's
    yield app.palette()
    app.setPalette(before)


def low(pairs: list[tuple[str, QColor, QColor]]) -> list[str]:
    return [f"{what}: {contrast(fg, bg):.2f}:1 ({blend(fg, bg).name()} on {bg.name()})"
            for what, fg, bg in pairs if contrast(fg, bg) < TEXT_CONTRAST]


def test_every_palette_role_the_app_paints_text_in_reads(palette: QPalette) -> None:
    pairs = []
    for group in (Group.Active, Group.Inactive, Group.Disabled):
        for text, background in TEXT_ROLES:
            back = palette.color(Group.Active if group == Group.Disabled else group, background)
            pairs.append((f"{group.name} {text.name} on {background.name}", palette.color(group, text), back))
    assert not low(pairs)


def test_unknown_facts_warnings_and_highlights_read(palette: QPalette) -> None:
    base, window, text = palette.color(Role.Base), palette.color(Role.Window), palette.color(Role.Text)
    pairs = [
        ("an unknown fact (reader, on the window)", muted_colour(), window),
        ("an empty paragraph (answers, on the list)", muted_colour(), base),
        ("a warning in a list", warning_colour(), base),
        ("a warning label", warning_colour(), window),
        ("the save problem", QColor("white"), QColor(176, 0, 32)),
    ]
    for depth in (1, 2, 3, 5):  # overlapping snippets deepen the colour, one step a snippet
        pairs.append((f"text in {depth} snippet(s)", text, blend(highlight_colour(depth, palette), base)))
    pairs.append(("text in the chosen snippet", text, blend(HIGHLIGHT_CURRENT, base)))
    pairs.append(("text in a search match", text, blend(SEARCH_MATCH, base)))
    assert not low(pairs)


def test_the_fix_is_needed_and_keeps_readable_colours() -> None:
    """Without it, disabled text and placeholders fall short in both palettes; what read already stays."""
    make_application()
    dark = fusion_dark()
    assert contrast(dark.color(Group.Disabled, Role.Text), dark.color(Role.Base)) < TEXT_CONTRAST
    assert contrast(dark.color(Role.Link), dark.color(Role.Base)) < TEXT_CONTRAST
    fixed = readable_palette(dark)
    assert fixed.color(Role.Text) == dark.color(Role.Text)
    assert fixed.color(Role.Window) == dark.color(Role.Window)
    assert contrast(fixed.color(Group.Disabled, Role.Text), fixed.color(Role.Base)) >= TEXT_CONTRAST
    # Disabled text still looks disabled: dimmer than the normal text.
    assert contrast(fixed.color(Group.Disabled, Role.Text), fixed.color(Role.Base)) < contrast(
        fixed.color(Role.Text), fixed.color(Role.Base))


def test_the_window_uses_the_readable_palette_and_keeps_it_when_the_desktop_switches(qtbot) -> None:
    from PySide6.QtCore import Qt

    app = make_application()
    palette = app.palette()
    assert contrast(palette.color(Group.Disabled, Role.ButtonText), palette.color(Role.Button)) >= TEXT_CONTRAST
    assert contrast(palette.color(Role.PlaceholderText), palette.color(Role.Base)) >= TEXT_CONTRAST
    # The desktop goes dark (here: the palette is left unreadable, then the switch is signalled).
    app.setPalette(fusion_dark())
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    after = app.palette()
    assert contrast(after.color(Group.Disabled, Role.ButtonText), after.color(Role.Button)) >= TEXT_CONTRAST
    assert QApplication.palette() == after
