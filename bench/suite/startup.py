"""Start-up: ``drafter --quit-after-load`` against a bare PySide6 window, both on their own clocks.

Figure: milliseconds from the process's own start to "first paint" and to
"library loaded", as ``drafter --quit-after-load`` prints them (its clock starts
when ``drafter.app`` is imported, so the interpreter's start and the ``drafter``
package's ``__init__`` are left out). The app prints both lines only once the
library is loaded, so timing their arrival would say nothing about the paint.

Baseline: ``bare_window.py`` (QApplication, an empty QMainWindow, show, first
paint, quit), which reports "first paint: N ms" the same way, from its first
statement (before Qt is imported). The bare window is launched interleaved with
the app (bare, app, bare, app …) so both see the same machine load; medians of
``repeats`` launches. Each folder gets one untimed launch first (the first open
of a copied library makes the day's backup copy). The note also gives the
wall-clock time from spawning the app to its "library loaded" line.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from suite.common import BENCH, Row, child_env, judged, median

BARE = BENCH / "suite" / "bare_window.py"
_LOADED = re.compile(r"library loaded: (\d+) ms \((\d+) sources\)")
_PAINT = re.compile(r"first paint: (\d+) ms")


def launch(command: list[str], data_dir: Path | None, timeout: float = 180) -> dict[str, float]:
    """Spawn ``command``; the figures it prints, and ms from the spawn to its "library loaded" line.

    A launch that has not exited after ``timeout`` seconds is killed and reported as failed
    (an exception in the app's start-up leaves its event loop running with nothing to quit it).
    """
    found: dict[str, float] = {}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               stdin=subprocess.DEVNULL, env=child_env(data_dir), bufsize=1)

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            at = (time.perf_counter() - started) * 1000
            if m := _PAINT.match(line):
                found["paint"] = float(m[1])
            elif m := _LOADED.match(line):
                found["loaded"] = float(m[1])
                found["loaded_from_spawn"] = at
                found["sources"] = float(m[2])

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        code = process.wait(timeout)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.wait()
        raise RuntimeError(f"a launch on {data_dir or 'no folder'} was still running after {timeout:.0f} s") from exc
    reader.join(5)
    if code != 0 or "paint" not in found:
        raise RuntimeError(f"{command[-1]} exited {code} without the expected output")
    return found


def app_command(data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "drafter", "--quit-after-load", "--data-dir", str(data_dir)]


def rows(folders: dict[str, Path], repeats: int = 7) -> list[Row]:
    """One pair of rows (first paint, library loaded) per library size; ``folders`` maps size label → data folder."""
    out: list[Row] = []
    launch([sys.executable, str(BARE)], None)  # Qt's libraries into the page cache
    for label, folder in folders.items():
        try:
            launch(app_command(folder), folder)  # untimed: first open of this folder
            bare, app = [], []
            for _ in range(repeats):
                bare.append(launch([sys.executable, str(BARE)], None))
                app.append(launch(app_command(folder), folder))
        except Exception as exc:
            from suite.common import error_row

            out.append(error_row("startup", label, exc))
            continue
        bare_paint = median(b["paint"] for b in bare)
        paint = median(a["paint"] for a in app)
        loaded = median(a["loaded"] for a in app)
        sources = int(app[0]["sources"])
        spread = f"runs {min(a['loaded'] for a in app):.0f}–{max(a['loaded'] for a in app):.0f} ms"
        spawn = median(a["loaded_from_spawn"] for a in app)
        out.append(judged(Row("startup", label, "first paint (ms)", paint, bare_paint,
                              note=f"bare runs {min(b['paint'] for b in bare):.0f}–"
                                   f"{max(b['paint'] for b in bare):.0f} ms"), ratio_at_most=1.5))
        row = Row("startup", label, "library loaded (ms)", loaded, bare_paint,
                  note=f"{sources:,} sources; {spread}; {spawn:.0f} ms from spawn")
        limit = 3.0 if sources <= 100 else 4.0 if sources <= 10_005 else None
        out.append(judged(row, ratio_at_most=limit) if limit else row)
    return out
