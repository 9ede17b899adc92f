"""Run searches off the UI thread; only the newest query's results are shown.

Typing fires a search per pause; a slow query on a large library must never
freeze the window, and a late answer to an old query must never replace the
answer to the new one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    finished = Signal(int, object)  # generation, results (or the exception)


class _Job(QRunnable):
    def __init__(self, generation: int, work: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._generation, self._work, self._relay = generation, work, relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:
            result = exc
        self._relay.finished.emit(self._generation, result)


class SearchRunner(QObject):
    """Runs one search at a time in the background and reports the newest one's results."""

    results_ready = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._cancel: Callable[[], None] | None = None  # stops the newest submission
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def submit(self, work: Callable[[], object], cancel: Callable[[], None] | None = None) -> None:
        """Run ``work`` once the one running now has finished; ``cancel``, if given, is how a
        newer submission stops this one while it runs (its result is ignored either way)."""
        self._generation += 1
        self._pool.clear()  # queued, not yet started searches are stale already
        if self._cancel is not None:
            self._cancel()
        self._cancel = cancel
        self._pool.start(_Job(self._generation, work, self._relay))

    def cancel(self) -> None:
        """Stop the newest submission if it is still running; no result of it will be reported."""
        self._generation += 1
        self._pool.clear()
        if self._cancel is not None:
            self._cancel()
            self._cancel = None

    def wait(self) -> None:
        self._pool.waitForDone()

    def _finished(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # an older query finished late: ignore it
        if isinstance(result, Exception):
            self.failed.emit(result)
        else:
            self.results_ready.emit(result)
