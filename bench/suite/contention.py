"""A list page read while another thread runs Python: the GIL hand-offs of ``sqlite3``.

Python 3.11's ``sqlite3`` lets go of the GIL around each step of a query and
each column it reads. While another thread is busy in Python (the start-up
thread importing the ORM, an export being written, files being parsed), every
taking-back waits for that thread's turn: up to the switch interval, 5 ms. The
window's reads therefore come back in one step (``drafter.core.store.onestep``).

Figure: ``listing.source_summaries`` of a 200-row page while a second thread
spins in Python; baseline: the same call with the machine otherwise idle, in
the same run. The note gives the same page read row by row (the plain query
the app used before) under the same load. Medians; no target in the issue.
"""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

from suite.common import Row

PAGE = 200


def _median_ms(work, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def rows(folder: Path, label: str) -> list[Row]:
    from drafter.core import listing
    from drafter.core.store import Store

    store = Store.open(folder, later=True)
    try:
        ids = listing.source_ids(store, "title", descending=False)
        page = ids[len(ids) // 2: len(ids) // 2 + PAGE]
        marks = ",".join("?" * len(page))

        def one_step() -> None:
            listing.source_summaries(store, page)

        def row_by_row() -> None:
            store.reader().execute(
                f"SELECT id, title, publisher, date, authors FROM source WHERE id IN ({marks})", page
            ).fetchall()

        idle = _median_ms(one_step, 9)
        idle_plain = _median_ms(row_by_row, 9)
        stop = threading.Event()

        def spin() -> None:
            count = 0
            while not stop.is_set():
                count += 1

        spinner = threading.Thread(target=spin, daemon=True)
        spinner.start()
        try:
            busy = _median_ms(one_step, 7)
            busy_plain = _median_ms(row_by_row, 3)
        finally:
            stop.set()
            spinner.join()
    finally:
        store.close()
    return [Row("lists (busy worker)", label, f"{PAGE}-row page while a thread runs Python (ms)", busy, idle,
                note=f"row by row, as before: {busy_plain:.0f} ms under the same load "
                     f"({busy_plain / idle_plain:.0f}× its idle {idle_plain:.2f} ms)")]
