"""A big import through the window: memory, throughput against a plain reading loop, longest freeze.

Figures, for ``files`` mixed files (``import_bench.make_files``: txt, md, html,
docx, pdf) imported through the window's own ``ImportController`` (the facts
review answered "Add all as read", as a user importing a folder would):

- peak resident memory above the window's idle level (library open, before the
  import), sampled every 20 ms from ``/proc/self/status`` (VmRSS) by a thread;
- resident memory after the import (the batch recorded as one undo step, the
  summary's results dropped, a collection run) against the idle level;
- files per second, against a floor measured in the same run, in a child of its
  own just before and after the window's run (the mean of the two): the same
  files read by the same importers (``import_file``) in a plain loop in one
  process, with no storage; the note adds the CPU time the import used in all
  (the window's process, the reading job and its readers) against the floor's,
  which other work on the machine moves far less than the wall-clock times;
- the heartbeat's longest gap (the longest the window could not respond).

Targets (issue 22): peak ≤ +150 MB, after within 20 MB, time ≤ 1.3× the floor
(two cores), freeze < 50 ms.

    .venv/bin/python bench/suite/imports.py --files 5000     # the files are kept in bench/.cache/
"""

from __future__ import annotations

import gc
import os
import threading
import time
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run on its own: ``suite`` is found from bench/
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from suite.common import Row, judged, run_child


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _RssPeak(threading.Thread):
    """Samples this process's resident memory every 20 ms; ``peak`` is the highest seen."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = rss_mb()
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.02)


def floor_loop(data_dir: str | None, files_dir: str) -> dict[str, Any]:
    """In a child: read every file with the importers, one after the other, storing nothing."""
    from drafter.core.importers import ImportRefused, import_file

    paths = sorted(Path(files_dir).iterdir())
    import_file(paths[0])  # the importers' own imports are not reading
    started, cpu = time.perf_counter(), time.process_time()
    refused = 0
    for path in paths:
        try:
            import_file(path)
        except ImportRefused:
            refused += 1
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "refused": refused}


def _cpu_seconds() -> tuple[float, float]:
    """CPU time (user + system) of this process, and of its children that have ended and been waited for."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _run_until(done: Any, timeout_s: float) -> bool:
    """Run the event loop (as the app's ``exec`` does: it sleeps until something happens) until ``done``.

    ``suite.qt.wait_until`` polls instead (``processEvents`` every half millisecond),
    which over a long import costs the window's process a fifth of a core that the
    app itself never spends.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    check = QTimer()
    check.setInterval(50)
    check.timeout.connect(lambda: loop.quit() if done() else None)
    check.start()
    deadline = time.perf_counter() + timeout_s
    while not done() and time.perf_counter() < deadline:
        loop.exec()
    check.stop()
    return bool(done())


def window_import(data_dir: str, files_dir: str) -> dict[str, Any]:
    """In a child: the window on an empty library imports every file; memory, time, longest gap."""
    from drafter.ui.import_controller import ImportController
    from suite.qt import Heartbeat, open_window, wait, wait_until

    ImportController.review = lambda self, doc, facts, dup, rest: (3, facts, True)  # type: ignore[method-assign]
    _app, window, _opened = open_window(Path(data_dir))
    paths = sorted(Path(files_dir).iterdir())
    gc.collect()
    wait(300)
    idle = rss_mb()
    sampler = _RssPeak()
    sampler.start()
    beat = Heartbeat()
    done: list[list[Any]] = []
    window.importer.finished.connect(lambda results: done.append(results))
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    window.importer.import_paths(paths)
    if not _run_until(lambda: bool(done), 1800):
        raise TimeoutError("the import did not finish")
    seconds = time.perf_counter() - started
    freeze = max(beat.longest, beat.current_gap())
    freeze_where = beat.longest_where()
    beat.stop()
    outcomes: dict[str, int] = {}
    for result in done[0]:
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    done.clear()
    wait(500)
    gc.collect()
    wait(500)
    sampler.running = False
    after = rss_mb()
    wait_until(lambda: not window.importer._reader or not window.importer._reader.running, 10)
    wait(200)  # the reading job has ended and been waited for: its CPU time (and its readers') is counted
    cpu_after = _cpu_seconds()
    window.close_library()
    return {"idle_mb": idle, "peak_mb": sampler.peak, "after_mb": after, "seconds": seconds,
            "freeze_ms": freeze, "freeze_where": freeze_where, "outcomes": outcomes, "files": len(paths),
            "readers": getattr(window.importer, "reader_count", 1), "cpus": os.cpu_count(),
            "window_cpu": cpu_after[0] - cpu_before[0], "reading_cpu": cpu_after[1] - cpu_before[1]}


def write_files(folder: Path, count: int) -> Path:
    import import_bench

    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.iterdir())) != count:
        import_bench.make_files(folder, count)
    return folder


def rows(data_dir: Path, files_dir: Path, files: int) -> list[Row]:
    label = f"{files:,} files"
    before = run_child("imports:floor_loop", None, timeout=3600, files_dir=str(files_dir))
    got = run_child("imports:window_import", data_dir, timeout=3600, files_dir=str(files_dir))
    after = run_child("imports:floor_loop", None, timeout=3600, files_dir=str(files_dir))
    floor_s = (float(before["seconds"]) + float(after["seconds"])) / 2
    seconds = float(got["seconds"])
    outcomes = ", ".join(f"{n} {k}" for k, n in sorted(got["outcomes"].items()))
    idle, peak, end = float(got["idle_mb"]), float(got["peak_mb"]), float(got["after_mb"])
    conditions = f"{got['readers']} reading processes, {got['cpus']} CPUs, load {os.getloadavg()[0]:.1f}"
    window_cpu, reading_cpu = float(got["window_cpu"]), float(got["reading_cpu"])
    floor_cpu = (float(before["cpu"]) + float(after["cpu"])) / 2
    cpu = (f"CPU time: {window_cpu + reading_cpu:.1f} s in all ({window_cpu:.1f} s the window's process, "
           f"{reading_cpu:.1f} s the reading job and its readers), {(window_cpu + reading_cpu) / floor_cpu:.2f}× "
           f"the floor's {floor_cpu:.1f} s")
    return [
        Row("import", label, "peak memory above idle (MB)", peak - idle, idle, unit="MB", show_ratio=False,
            target="≤ +150 MB", met=peak - idle <= 150, note=f"idle {idle:.0f} MB, peak {peak:.0f} MB"),
        Row("import", label, "memory after, above idle (MB)", end - idle, idle, unit="MB", show_ratio=False,
            target="≤ +20 MB", met=end - idle <= 20, note=f"after {end:.0f} MB"),
        judged(Row("import", label, "time (s)", seconds, floor_s, unit="s",
                   note=f"{files / seconds:.0f} files/s, floor {files / floor_s:.0f} files/s "
                        f"(floor runs {before['seconds']:.1f} and {after['seconds']:.1f} s); {outcomes}; "
                        f"{conditions}; {cpu}"), ratio_at_most=1.3),
        judged(Row("import", label, "longest freeze (ms)", float(got["freeze_ms"]), 5.0, show_ratio=False,
                   note=f"longest in {got['freeze_where']}" if got["freeze_where"] else ""), value_below=50.0),
    ]


def main() -> None:
    import argparse
    import sys
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    args = parser.parse_args()
    files = write_files(Path(__file__).resolve().parents[1] / ".cache" / f"import-files-{args.files}", args.files)
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows(Path(tmp) / "data", files, args.files):
            met = "" if row.met is None else ("met" if row.met else "NOT met")
            ratio = f"{row.ratio:.2f}×" if row.ratio is not None else ""
            print(f"{row.figure:<34} {row.value:>9.1f} {row.unit:<3} baseline {row.baseline:>8.1f} {ratio:>6} "
                  f"{row.target:<14} {met:<8} {row.note}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
