"""Search as the user runs it: in the background, newest query wins, matches marked in the reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from drafter.core.errors import DrafterError
from drafter.ui.search_worker import SearchRunner

if TYPE_CHECKING:
    from drafter.core.search import SearchResults
    from drafter.ui.main_window import MainWindow


class SearchController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = window.search_panel
        self.searcher = SearchRunner(self)
        self.searcher.results_ready.connect(self._show_results)
        self.searcher.failed.connect(self._search_failed)
        self.panel.search_requested.connect(self.run_search)
        self.panel.hit_activated.connect(self._hit_activated)

    def focus_search(self) -> None:
        self.window.left_tabs.setCurrentWidget(self.panel)
        self.panel.query.setFocus()
        self.panel.query.selectAll()

    def run_search(self) -> None:
        """Search in the background; the newest query's results arrive in ``_show_results``."""
        store = self.window.store
        if store is None:
            return
        from drafter.core.search import SearchCancel, search

        panel = self.panel
        query = panel.query.text()
        source_id = self.window.reader.current_id if panel.this_source.isChecked() else None
        tag, used = panel.tag.currentData(), panel.used.currentData()
        cancel = SearchCancel()  # the next query stops this one if it is still running
        self.searcher.submit(lambda: search(store, query, source_id=source_id, tag=tag, used=used, cancel=cancel),
                             cancel=cancel.cancel)

    def stop(self) -> None:
        """A slow search stops at once instead of being waited for (the library is closing)."""
        self.searcher.cancel()
        self.searcher.wait()

    def _show_results(self, results: SearchResults) -> None:
        self.panel.show_results(results)
        self._highlight_matches()
        self.window.search_finished.emit()

    def _search_failed(self, error: Exception) -> None:
        message = error.message if isinstance(error, DrafterError) else "The search could not be run."
        self.panel.status.setText(message)
        self.window.search_finished.emit()

    def _highlight_matches(self) -> None:
        from drafter.core.search import match_spans

        store, reader = self.window.store, self.window.reader
        query = self.panel.query.text()
        if store is None or reader.current_id is None:
            return
        spans = match_spans(store, reader.current_id, query) if query.strip() else []
        reader.set_search_spans(spans)

    def _hit_activated(self, kind: str, hit_id: int, source_id: int) -> None:
        actions = self.window.library_actions
        if kind == "snippet":
            actions.show_snippet(hit_id)
        else:
            actions.show_source(source_id)
        self._highlight_matches()
