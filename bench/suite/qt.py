"""Qt helpers for the child processes: the heartbeat, waiting for a paint, opening the window.

Only children import this module (it imports PySide6 at once).
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

#: The heartbeat's interval: a gap much longer than this is time the event loop was busy.
BEAT_MS = 5


#: A gap longer than this is sampled: where the GUI thread's Python stack is during it.
SAMPLE_AFTER_MS = 30


def where(frame: object) -> str:
    """The innermost three Drafter functions on a stack, outermost first ('ui.a.f > core.b.g')."""
    names: list[str] = []
    f = frame
    while f is not None and len(names) < 3:
        code = f.f_code  # type: ignore[attr-defined]
        if "/drafter/" in code.co_filename and "/bench/" not in code.co_filename:
            module = code.co_filename.rsplit("/drafter/", 1)[1].removesuffix(".py").replace("/", ".")
            names.append(f"{module}.{code.co_name}")
        f = f.f_back  # type: ignore[attr-defined]
    if names:
        return " > ".join(reversed(names))
    code = frame.f_code  # type: ignore[attr-defined]
    if "/bench/" in code.co_filename:
        return "Qt's own event processing (layout, paint; no Drafter code on the stack)"
    return code.co_name


class _Sampler(threading.Thread):
    """Every 5 ms, while the heartbeat is late, notes where the GUI thread is (see ``where``).

    It needs the GIL to look, so a stall inside one long C++ call (layout, paint)
    is seen at the Python line that made the call.
    """

    def __init__(self, beat: Heartbeat) -> None:
        super().__init__(daemon=True)
        self._beat = beat
        self._main = threading.main_thread().ident
        self.running = True

    def run(self) -> None:
        while self.running:
            time.sleep(0.005)
            started = self._beat.last_beat
            if (time.perf_counter() - started) * 1000 > SAMPLE_AFTER_MS:
                frame = sys._current_frames().get(self._main or 0)
                if frame is not None:
                    self._beat.samples.setdefault(started, Counter())[where(frame)] += 1


class Heartbeat(QObject):
    """A 5 ms timer in the GUI thread; its longest gap is the longest the UI could not respond."""

    def __init__(self) -> None:
        super().__init__()
        self._clock = QElapsedTimer()
        self._clock.start()
        self._last = self._clock.nsecsElapsed()
        self.last_beat = time.perf_counter()
        self.longest = 0.0
        self._longest_from = self.last_beat
        self.gaps: list[float] = []
        #: Where the GUI thread was during each late beat, by the gap's start.
        self.samples: dict[float, Counter[str]] = {}
        self._sampler = _Sampler(self)
        self._sampler.start()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(BEAT_MS)
        self._timer.timeout.connect(self._beat)
        self._timer.start()

    def _beat(self) -> None:
        now = self._clock.nsecsElapsed()
        gap = (now - self._last) / 1e6
        self.gaps.append(gap)
        if gap > self.longest:
            self.longest, self._longest_from = gap, self.last_beat
        self._last = now
        self.last_beat = time.perf_counter()

    def reset(self) -> None:
        self._last = self._clock.nsecsElapsed()
        self.last_beat = time.perf_counter()
        self.longest = 0.0
        self._longest_from = self.last_beat
        self.gaps = []
        self.samples = {}

    def longest_where(self) -> str:
        """Where the GUI thread was during the longest gap ('' if it was never sampled)."""
        seen = self.samples.get(self._longest_from)
        longest = self.longest
        if self.current_gap() > longest:
            seen, longest = self.samples.get(self.last_beat), self.current_gap()
        if seen:
            return seen.most_common(1)[0][0]
        if longest > SAMPLE_AFTER_MS + 15:
            return "(not sampled: the sampling thread got no turn either; another thread holding the GIL?)"
        return ""

    def current_gap(self) -> float:
        return (self._clock.nsecsElapsed() - self._last) / 1e6

    @contextmanager
    def phase(self, into: dict[str, float], name: str, where: dict[str, str] | None = None) -> Iterator[None]:
        """Record in ``into[name]`` the longest gap while the block (and its event loop) runs.

        With ``where``, also where the GUI thread was during that gap.
        """
        wait(20)  # let what came before settle
        self.reset()
        yield
        into[name] = round(max(self.longest, self.current_gap()), 1)
        if where is not None:
            where[name] = self.longest_where()

    def stop(self) -> None:
        self._timer.stop()
        self._sampler.running = False


def wait(ms: float) -> None:
    """Run the event loop for ``ms`` milliseconds."""
    app = QApplication.instance()
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        app.processEvents()  # type: ignore[union-attr]
        time.sleep(0.0005)


def wait_until(done: Callable[[], bool], timeout_s: float = 60.0) -> bool:
    app = QApplication.instance()
    end = time.perf_counter() + timeout_s
    while not done():
        if time.perf_counter() > end:
            return False
        app.processEvents()  # type: ignore[union-attr]
        time.sleep(0.0005)
    return True


class PaintWatch(QObject):
    """Notes when ``widget`` receives a Paint event."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.painted = False
        self._widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self.painted = True
        return False

    def close(self) -> None:
        self._widget.removeEventFilter(self)


def time_to_paint(widget: QWidget, action: Callable[[], object], timeout_s: float = 60.0) -> float:
    """Milliseconds from calling ``action`` to the end of ``widget``'s next paint."""
    watch = PaintWatch(widget)
    try:
        started = time.perf_counter()
        action()
        widget.update()  # a paint is due even if the action changed nothing visible
        if not wait_until(lambda: watch.painted, timeout_s):
            raise TimeoutError("the widget was never painted")
        return (time.perf_counter() - started) * 1000
    finally:
        watch.close()


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_window(data_dir: Path, settle_s: float = 300) -> tuple[QApplication, Any, dict[str, float]]:
    """The main window on ``data_dir``, shown, library open, its start-up work done.

    Returns the application, the window, and timings in ms: ``open`` (``open_library``),
    ``later`` (from then until the window's ``later_checks_finished``: the day's
    backup, a big database's integrity check and the ORM's import, in a thread;
    -1 if the window has no such signal), and ``start_stall``, the heartbeat's longest
    gap over that time (``start_where``: where the GUI thread was). Measurements start after it, as a user's
    work would, so they see the app's steady state.
    """
    from drafter.ui.application import make_application
    from drafter.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow(data_dir)
    window.resize(1280, 800)
    window.show()
    wait(50)
    finished: list[float] = []
    signal = getattr(window, "later_checks_finished", None)
    if signal is not None:
        signal.connect(lambda *_: finished.append(time.perf_counter()))
    started = time.perf_counter()
    window.open_library()
    opened = time.perf_counter()
    # From here to the end of the start-up work (which starts once the library is painted),
    # the heartbeat says how long the window could not respond: a user may start at once.
    beat = Heartbeat()
    window.importer.show_summary = False
    window.exporter.ask = False
    later = -1.0
    if signal is not None:
        wait_until(lambda: bool(finished), settle_s)
        later = ((finished[0] if finished else time.perf_counter()) - opened) * 1000
    stall = max(beat.longest, beat.current_gap())
    where = beat.longest_where()
    beat.stop()
    wait(100)
    return app, window, {"open": (opened - started) * 1000, "later": later, "start_stall": stall,
                         "start_where": where}
