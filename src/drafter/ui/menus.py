"""The main window's menus: every command with its standard or chosen shortcut.

Kept apart from the window so the window reads as layout and wiring; every
action calls a method of one of the window's controllers or panels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QTabWidget, QWidget

if TYPE_CHECKING:
    from drafter.ui.main_window import MainWindow


def make_action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence.StandardKey | None = None,
    fallback: str | None = None,
    keys: str | None = None,
) -> QAction:
    action = QAction(text, window)
    if keys:
        action.setShortcut(QKeySequence(keys))
    if shortcut is not None:
        bindings = QKeySequence.keyBindings(shortcut)
        # Some platforms (and desktop-less sessions) define no key for a standard
        # action such as Quit; then use the key most users expect.
        if bindings:
            action.setShortcuts(bindings)
        elif fallback:
            action.setShortcut(QKeySequence(fallback))
    # Not ``connect(slot)``: PySide hands ``triggered``'s checked flag (False) to a slot that takes an
    # argument, and the commands with an optional path (Export Response File…) read it as the path.
    action.triggered.connect(lambda: slot())
    return action


#: The menu bar's menus, in order; ``add_menu_titles`` puts them up with the window's first frame.
MENU_TITLES = ("&File", "&Edit", "&View", "&Response", "&Help")


def add_menu_titles(window: MainWindow) -> dict[str, QMenu]:
    """The menu bar with its (still empty) menus, so the window does not move when they fill."""
    bar = window.menuBar()
    return {title: bar.addMenu(title) for title in MENU_TITLES}


class KeptActions(NamedTuple):
    """The actions the window keeps a hold of (tests trigger them)."""

    make_snippet: QAction
    quote_snippet: QAction


def build_menus(window: MainWindow) -> KeptActions:
    files, library = window.library_files, window.library_actions
    file_menu = window.menus["&File"]
    file_menu.addAction(make_action(window, "&Import Files…", files.import_files, None, None, "Ctrl+I"))
    file_menu.addAction(
        make_action(window, "New Source from &Clipboard", files.import_clipboard, None, None, "Ctrl+Shift+V")
    )
    file_menu.addSeparator()
    # One dialog for every format (Word, plain text, Markdown), its options and the file.
    file_menu.addAction(make_action(window, "&Export…", lambda: window.exporter.export(), None, None, "Ctrl+E"))
    file_menu.addSeparator()
    file_menu.addAction(make_action(window, "Export Response &File…", files.export_bundle))
    file_menu.addAction(make_action(window, "Import Response F&ile…", files.import_bundle))
    file_menu.addSeparator()
    file_menu.addAction(make_action(window, "&Restore from Backup…", files.restore_from_backup))
    file_menu.addAction(make_action(window, "Export Whole &Library…", files.export_library))
    file_menu.addAction(make_action(window, "Import Whole Li&brary…", files.import_library))
    file_menu.addSeparator()
    file_menu.addAction(make_action(window, "Connect to &Team Library…", window.team.connect_dialog))
    file_menu.addSeparator()
    open_folder = make_action(window, "Open &Data Folder", window._open_data_folder)
    file_menu.addAction(open_folder)
    file_menu.addSeparator()
    quit_action = make_action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit, "Ctrl+Q")
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    file_menu.addAction(quit_action)

    edit_menu = window.menus["&Edit"]
    undo = window.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo) or [QKeySequence("Ctrl+Z")])
    redo = window.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    edit_menu.addAction(make_action(window, "&Copy", window.reader.text.copy, QKeySequence.StandardKey.Copy, "Ctrl+C"))
    edit_menu.addAction(
        make_action(window,
            "Select &All", window.reader.text.selectAll, QKeySequence.StandardKey.SelectAll, "Ctrl+A"
        )
    )
    edit_menu.addAction(make_action(window, "&Find…", window.search_controller.focus_search,
                                    QKeySequence.StandardKey.Find, "Ctrl+F"))
    edit_menu.addSeparator()
    make_snippet = make_action(window, "&Make Snippet", library.make_snippet, None, None, "Ctrl+M")
    edit_menu.addAction(make_snippet)
    edit_menu.addAction(make_action(window, "&Delete Snippet", lambda: library.delete_snippet()))
    edit_menu.addSeparator()
    edit_menu.addAction(make_action(window, "Edit Citation &Facts…", library.edit_facts, None, None, "Ctrl+Shift+F"))

    view_menu = window.menus["&View"]
    toggles: dict[QWidget, QAction] = {}
    for name, panel in (("&Library", window.left_tabs), ("&Response", window.right_tabs)):
        toggle = QAction(f"Show {name}", window, checkable=True, checked=True)
        toggle.toggled.connect(panel.setVisible)
        view_menu.addAction(toggle)
        toggles[panel] = toggle
    view_menu.addSeparator()
    _add_panel_keys(window, view_menu, toggles)

    quote_snippet = _build_response_menu(window, window.menus["&Response"])

    help_menu = window.menus["&Help"]
    help_menu.addAction(make_action(window, "&Keyboard Shortcuts", lambda: _show_shortcuts(window), None, None,
                                    "Ctrl+/"))
    help_menu.addSeparator()
    about = make_action(window, "&About Drafter", window._show_about)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    help_menu.addAction(about)
    about_qt = make_action(window, "About &Qt", QApplication.aboutQt)
    about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
    help_menu.addAction(about_qt)
    help_menu.addAction(make_action(window, "&Report a Problem…", window._report_problem))
    return KeptActions(make_snippet, quote_snippet)


def _add_panel_keys(window: MainWindow, menu: QMenu, toggles: dict[QWidget, QAction]) -> None:
    """The View menu's Go to items, one for each main panel (Ctrl+1 … Ctrl+6), and F6 / Shift+F6 from one
    panel to the next."""
    from drafter.ui.accessibility import PanelCycle, Region, focus_into

    left, right = window.left_tabs, window.right_tabs
    response = window.response_panel
    panels: tuple[tuple[str, QTabWidget | None, QWidget, Callable[[], QWidget]], ...] = (
        ("Li&brary", left, window.library_panel, lambda: window.library_panel.view),
        ("&Snippets", left, window.snippets_panel, lambda: window.snippets_panel.view),
        ("S&earch", left, window.search_panel, lambda: window.search_panel.query),
        ("Rea&der", None, window.reader, lambda: window.reader.text),
        ("&Answers", right, response, lambda: response.tree if response.tree.isVisible() else response.chooser),
        ("&Overview", right, window.overview, lambda: window.overview.table),
    )

    def go_to(tabs: QTabWidget | None, page: QWidget, target: Callable[[], QWidget]) -> None:
        if tabs is not None:
            toggles[tabs].setChecked(True)  # a hidden column is shown again
            tabs.setCurrentWidget(page)
        focus_into(page, target())

    def going_to(tabs: QTabWidget | None, page: QWidget, target: Callable[[], QWidget]) -> Callable[[], None]:
        return lambda: go_to(tabs, page, target)

    for number, (title, tabs, page, target) in enumerate(panels, start=1):
        menu.addAction(make_action(window, f"Go to {title}", going_to(tabs, page, target), None, None,
                                   f"Ctrl+{number}"))

    def shown_page(tabs: QTabWidget) -> QWidget:
        page = tabs.currentWidget()
        return next(f() for _, t, p, f in panels if p is page)

    cycle = PanelCycle([Region(left, lambda: shown_page(left)), Region(window.reader, lambda: window.reader.text),
                        Region(right, lambda: shown_page(right))], window)
    menu.addSeparator()
    menu.addAction(make_action(window, "&Next Panel", lambda: cycle.step(1), None, None, "F6"))
    menu.addAction(make_action(window, "&Previous Panel", lambda: cycle.step(-1), None, None, "Shift+F6"))


def _show_shortcuts(window: MainWindow) -> None:
    from drafter.ui.shortcuts_dialog import show_shortcuts

    show_shortcuts(window)


def _build_response_menu(window: MainWindow, menu: QMenu) -> QAction:
    """The Response menu; returns its Quote Snippet action."""
    panel = window.response_panel
    actions = panel.answer_actions
    menu.addAction(make_action(window, "&New Response…", actions.new_response, None, None, "Ctrl+Shift+N"))
    menu.addAction(make_action(window, "Response &Details…", actions.edit_details))
    menu.addAction(make_action(window, "&Paste Questions…", lambda: actions.paste_questions()))
    menu.addAction(make_action(window, "Questions from &File…", lambda: actions.questions_from_file()))
    menu.addAction(make_action(window, "Add &Question…", actions.add_question))
    menu.addAction(make_action(window, "&Edit Question…", actions.edit_question))
    menu.addAction(make_action(window, "Move Question Up", lambda: actions.move_question(-1), None, None,
                               "Ctrl+Alt+Up"))
    menu.addAction(make_action(window, "Move Question Down", lambda: actions.move_question(1), None, None,
                                "Ctrl+Alt+Down"))
    menu.addAction(make_action(window, "Delete Question", actions.delete_question))
    menu.addSeparator()
    menu.addAction(make_action(window, "Add &Paragraph", lambda: actions.add_paragraph(), None, None, "Ctrl+Return"))
    quote_snippet = make_action(window, "&Quote Snippet in Answer", window.library_actions.quote_current_snippet,
                                None, None, "Ctrl+Shift+Q")
    menu.addAction(quote_snippet)
    menu.addAction(make_action(window, "Move Block &Up", lambda: actions.move_current(-1), None, None, "Alt+Up"))
    menu.addAction(make_action(window, "Move Block &Down", lambda: actions.move_current(1), None, None, "Alt+Down"))
    menu.addAction(make_action(window, "&Move Block to Question…", actions.move_to_question, None, None,
                               "Ctrl+Shift+M"))
    menu.addAction(make_action(window, "S&horten Quotation…", actions.shorten_quotation, None, None, "Ctrl+Shift+O"))
    menu.addAction(make_action(window, "&Remove Block from Answer", actions.remove_block))
    # Again on a marked paragraph takes the mark off; the export gathers the marked ones in its summary.
    menu.addAction(make_action(window, "Mark as Recommendation", actions.toggle_recommendation, None, None,
                               "Ctrl+Shift+K"))
    menu.addSeparator()
    menu.addAction(
        make_action(window, "&Check Readiness…", lambda: window.exporter.check(), None, None, "Ctrl+Shift+R")
    )
    menu.addAction(make_action(window, "&Copy Answer to Clipboard", lambda: window.exporter.copy_answer(
        panel.current_question_id()), None, None, "Ctrl+Shift+C"))
    menu.addSeparator()
    menu.addAction(make_action(window, "D&uplicate Response", actions.duplicate_response))
    menu.addAction(make_action(window, "Delete Response…", actions.delete_response))
    return quote_snippet
