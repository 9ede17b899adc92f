"""Keeping the library's lists on screen current: the sources, the snippets, the reader, the overview.

``on_changes`` hears every change notice (the window's own operations, undo and
redo, other programs' commits, a library put in place anew) and redraws only the
lists it names. Typing in an answer redraws no list unless a snippet's use changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from drafter.core.wording import counted

if TYPE_CHECKING:
    from drafter.core.changes import Changes
    from drafter.ui.main_window import MainWindow

#: Marks the overview's list of unused snippets as needing a fresh read.
_STALE = object()


class LibraryViews(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._quoted: object = _STALE
        self._overview_stale = False
        window.operations.did_execute.connect(self.on_changes)
        # Quoting a snippet changes its "used" count in the snippets list.
        window.response_panel.response_changed.connect(self._answers_changed)
        window.right_tabs.currentChanged.connect(self._right_tab_shown)

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """One notice per change, whoever made it: the library and snippet lists redraw if it names them.

        (The response panel hears the same notice and redraws its own rows.)
        """
        if self.window.store is None:
            return
        if changes.library_replaced or changes.sources:
            self.refresh_library()
        if changes.library_replaced or changes.snippets or changes.blocks.created or changes.blocks.deleted:
            self.refresh_snippets()  # a quotation added or removed changes a snippet's use

    def refresh_library(self) -> None:
        """Read the library list again; the open source's facts are shown as they are now."""
        window = self.window
        if window.store is None:  # none open (closed for a restore, or reopening it failed): nothing to list
            return
        window.library_panel.refresh()
        count = window.library_panel.source_count()
        # A team library is named at the right of the status bar (``library_status``): not twice.
        where = "" if window.team.login is not None else f" · data folder: {window.data_dir}"
        window.status_label.setText(f"{counted(count, 'source')} in the library{where}")
        self._reshow_if_changed()

    def _reshow_if_changed(self) -> None:
        window = self.window
        current = window.reader.current_id
        if current is None or window.store is None:
            return
        from drafter.core import listing

        stamp = listing.source_stamp(window.store, current)
        if stamp is None:  # deleted (here, by undo, or by another program): no source is open now
            window.reader.show_empty()
        elif stamp != window.reader.current_stamp:
            window.reader.current_id = None
            window.library_actions.show_source(current)

    def refresh_snippets(self) -> None:
        window = self.window
        if window.store is None:
            return
        from drafter.core import listing

        window.snippets_panel.refresh()
        window.search_panel.set_tags(listing.all_tags(window.store))
        total = window.snippets_panel.total
        window.left_tabs.setTabText(1, f"Snippets ({total:,})" if total else "Snippets")
        self._refresh_reader_snippets()
        self._quoted = _STALE  # the lists were read again: so must the overview's be
        self.response_changed()

    def _answers_changed(self) -> None:
        if not self.window.operations.replacing:  # a new library: its own notice redraws the lists next
            self.response_changed()

    def response_changed(self) -> None:
        """After every edit of the response (each autosave too): redraw only what it changed."""
        window = self.window
        document = window.response_panel.document
        if window.right_tabs.currentWidget() is window.overview:
            window.overview.show_questions(document)
        else:  # drawn when the tab is next shown: typing must not rebuild a table nobody sees
            self._overview_stale = True
        quoted = None
        if document is not None:
            quoted = (document.id, sorted(b.snippet_id for q in document.questions for b in q.blocks if b.snippet_id))
        if quoted == self._quoted:
            return  # typing: no snippet's use changed, so the lists stay as they are
        self._quoted = quoted
        if window.snippets_panel.query().column == "used":
            window.snippets_panel.refresh()
        else:
            window.snippets_panel.reload_rows()
        window.overview.show_unused(window.store)

    def _right_tab_shown(self, _index: int) -> None:
        window = self.window
        if window.right_tabs.currentWidget() is window.overview and self._overview_stale:
            self._overview_stale = False
            window.overview.show_questions(window.response_panel.document)

    def _refresh_reader_snippets(self) -> None:
        window = self.window
        if window.store is None or window.reader.current_id is None:
            window.reader.set_snippets([])
            return
        from drafter.core.listing import snippets_of_source

        window.reader.set_snippets(snippets_of_source(window.store, window.reader.current_id))
