"""Peak memory of the window with a library open, against a bare PySide6 window.

Figure: the window's peak resident memory (VmHWM) in a fresh child process after
opening the library and scrolling the library list, the snippets list and the
overview's unused snippets to the end, minus the baseline.

Baseline: the peak of ``bare_window.py --memory`` (an empty QMainWindow, shown and
painted), measured in the same run. Target: at most 150 MB more, up to 10,000
sources.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from suite.common import BENCH, Row, child_env, run_child


def bare_peak_mb() -> float:
    done = subprocess.run([sys.executable, str(BENCH / "suite" / "bare_window.py"), "--memory"],
                          capture_output=True, text=True, check=False, env=child_env(None), timeout=120)
    for line in done.stdout.splitlines():
        if line.startswith("peak rss:"):
            return float(line.split()[2])
    raise RuntimeError(f"the bare window printed no peak (exit {done.returncode})")


def gui_peak(data_dir: str) -> dict[str, Any]:
    """In a child: open the window on the library, scroll the long lists to the end, report the peak."""
    from suite.lists import scroll_to_end
    from suite.qt import open_window, peak_rss_mb, wait

    _app, window, opened = open_window(Path(data_dir))
    scroll_to_end(window)
    wait(200)
    return {"peak_mb": peak_rss_mb(), "open_ms": opened["open"]}


def rows(folder: Path, label: str, bare_mb: float) -> list[Row]:
    result = run_child("memory:gui_peak", folder)
    peak = float(result["peak_mb"])
    row = Row("memory", label, "peak RSS above the bare window (MB)", peak - bare_mb, bare_mb, unit="MB",
              show_ratio=False, note=f"window {peak:.0f} MB, bare {bare_mb:.0f} MB")
    if int(label.replace(",", "")) <= 10_000:
        row.target, row.met = "≤ +150 MB", peak - bare_mb <= 150
    return [row]
