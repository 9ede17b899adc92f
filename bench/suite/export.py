"""Word export of 50 questions × 10 quotations: Drafter's export against the python-docx floor.

Figures:
- core: ``drafter.core.export.export_response`` to .docx, everything included,
  for the response ``bench/export_bench.py`` builds (50 sources, 50 questions,
  500 quotations; one in ten a block quotation); median of ``repeats``, each run
  (floor included) after ``export_bench.settle``. Twice:
  with the citations rendered (the data folder's citation cache emptied first,
  as after any change to the quotations) and again at once (the cache holds
  them, as after edits of the response's own text);
- window: the same export (citations rendered) through the window's export
  controller, the window itself in a child process of the bench: whether the
  export ran in a process of its own (the controller starts one, see
  ``drafter.core.jobs.export``), the heartbeat's longest gap while it ran
  (target under 50 ms), and its time from the click to the finished file.

Baseline: ``export_bench.floor`` — python-docx writing the same paragraphs with
no citations — alternating with the export. Target: within 1.5× the floor.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from suite.common import Row, judged, run_child

LABEL = "50 q × 10 quotations"


def _ms(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def rows(repeats: int = 5) -> list[Row]:
    import export_bench
    from drafter.core.export import export_response
    from drafter.core.store import Store

    with tempfile.TemporaryDirectory(prefix="drafter-bench-export-") as tmp:
        root = Path(tmp)
        store = Store.open(root / "data")
        try:
            response_id = export_bench.build(store, 50, 10, 50, random.Random(export_bench.SEED))
            export_response(store, response_id, root / "warm.docx")
            floor_run = export_bench.floor(store, response_id, root / "floor.docx")
            cache = root / "data" / "cache"  # where the export keeps rendered citations, if it does
            floor, cold, warm = [], [], []
            for _ in range(repeats):
                # Each run after export_bench.settle (a garbage collection and a short pause, untimed):
                # without it a collection of the build's garbage, or the last run's fsync, fell into
                # whichever run came next, and the floor alone ranged 124–238 ms within one run.
                export_bench.settle()
                floor.append(_ms(floor_run))
                shutil.rmtree(cache, ignore_errors=True)
                export_bench.settle()
                cold.append(_ms(lambda: export_response(store, response_id, root / "export.docx")))
                export_bench.settle()
                warm.append(_ms(lambda: export_response(store, response_id, root / "export.docx")))
            cached = cache.is_dir()
        finally:
            store.close()
        base = statistics.median(floor)
        out = [judged(Row("export (core)", LABEL, ".docx, citations rendered (ms)", statistics.median(cold), base,
                          note=f"runs {min(cold):.0f}–{max(cold):.0f} ms; floor {min(floor):.0f}–{max(floor):.0f}"
                               " ms" + ("; the data folder's citation cache emptied before each" if cached else
                                        "; no citation cache found in the data folder")),
                      ratio_at_most=1.5)]
        if cached:
            out.append(judged(Row("export (core)", LABEL, ".docx, citations from the cache (ms)",
                                  statistics.median(warm), base,
                                  note="the same export again: the response's citations unchanged"),
                              ratio_at_most=1.5))
        try:
            shutil.rmtree(cache, ignore_errors=True)  # the window's export renders its citations too
            gui = run_child("export:gui_export", root / "data", response_id=response_id)
        except Exception as exc:
            from suite.common import error_row

            return [*out, error_row("export (window)", LABEL, exc), *_edits(root / "data", response_id)]
        edits = _edits(root / "data", response_id)
    worker = "in a process of its own" if gui["worker"] else "IN THE WINDOW'S PROCESS"
    out.append(judged(Row("export (window)", LABEL, "longest UI stall (ms)", gui["stall_ms"], show_ratio=False,
                          note=f"ran {worker}; {gui['elapsed_ms']:.0f} ms to finished; the readiness check"
                               f" before it, on the UI thread, {gui['check_ms']:.0f} ms alone"
                               + (f"; longest in {gui['where']}" if gui["where"] else "")), value_below=50.0))
    return out + edits


def _edits(data_dir: Path, response_id: int) -> list[Row]:
    """The same response edited in the window (``suite.editing``): built once for both."""
    from suite import editing
    from suite.common import error_row

    try:
        return editing.rows(data_dir, response_id)
    except Exception as exc:
        return [error_row("response edits (window)", editing.LABEL, exc)]


# --- child side ------------------------------------------------------------------------------


def export_in_window(window: Any, target: Path, timeout_s: float = 120) -> dict[str, Any]:
    """Export the window's open response through its controller; wait for it to finish.

    Returns the elapsed ms, and whether the export ran outside the window's
    process (the controller notes the process id its export process reports).
    The export code itself is not imported here: in the window's process, that
    import would be a stall of the benchmark's own making.
    """
    from suite.qt import wait_until

    done: list[object] = []

    def finished(result: object) -> None:
        done.append(result)

    window.exporter.finished.connect(finished)
    try:
        started = time.perf_counter()
        window.exporter.export("docx", path=target)
        if not wait_until(lambda: bool(done), timeout_s):
            raise TimeoutError("the export did not finish")
        elapsed = (time.perf_counter() - started) * 1000
    finally:
        window.exporter.finished.disconnect(finished)
    if not hasattr(done[0], "path"):
        raise RuntimeError(f"the export failed: {done[0]}")
    pid = window.exporter.worker_pid
    return {"elapsed_ms": elapsed, "worker": pid is not None and pid != os.getpid()}


def gui_export(data_dir: str, response_id: int) -> dict[str, Any]:
    from suite.qt import Heartbeat, open_window

    folder = Path(data_dir)
    _app, window, _ = open_window(folder)
    window.response_panel.refresh_list(select_id=response_id)
    from drafter.core.checks import check_response

    check_response(window.store, response_id)  # warm: imports, page cache
    started = time.perf_counter()
    check_response(window.store, response_id)  # what the controller runs on the UI thread first
    check_ms = (time.perf_counter() - started) * 1000
    beat = Heartbeat()
    stalls: dict[str, float] = {}
    where: dict[str, str] = {}
    with beat.phase(stalls, "export", where):
        result = export_in_window(window, folder.parent / "window.docx")
    window.close_library()
    return {**result, "stall_ms": stalls["export"], "check_ms": check_ms, "where": where["export"]}
