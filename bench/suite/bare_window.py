"""The floor for start-up and memory: a bare PySide6 script that opens an empty QMainWindow.

    python bare_window.py            # prints "first paint: N ms" at the first paint, then quits
    python bare_window.py --memory   # also waits a moment and prints "peak rss: N MB"

Like ``drafter --quit-after-load``, it reports milliseconds from its own start
(the first statement, before Qt is imported) to the first paint. It is sized
like Drafter's window and paints the same way (offscreen in the benchmarks).
Nothing of Drafter is imported.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _FirstPaint(QObject):
    """Watches the window (as Drafter's start-up does) and reports once its first frame is painted.

    The report comes in the event loop's next turn after the window's first paint
    event, when the frame is complete; an application-wide Python event filter
    would itself slow the first frame down, so neither side uses one.
    """

    def __init__(self, window: QMainWindow, memory: bool) -> None:
        super().__init__(window)
        self._window, self._memory = window, memory
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        print(f"first paint: {(time.perf_counter() - STARTED) * 1000:.0f} ms", flush=True)
        QTimer.singleShot(300 if self._memory else 0, self._done)

    def _done(self) -> None:
        if self._memory:
            with open("/proc/self/status") as status_file:
                status = status_file.read().split("VmHWM:")[1].split()[0]
            print(f"peak rss: {int(status) / 1024:.1f} MB", flush=True)
        QApplication.quit()


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Bare")
    window.resize(1280, 800)
    _FirstPaint(window, "--memory" in sys.argv)
    window.show()
    app.exec()
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
