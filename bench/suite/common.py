"""Rows of the results table, percentiles, and running a measurement in a child process.

No Qt here: the parent process (``run_all.py``) never imports it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
ROOT = BENCH.parent
CHILD = BENCH / "suite" / "child.py"
#: Children print their result on one line that starts with this.
RESULT = "BENCH-RESULT "


@dataclass
class Row:
    """One line of the table. ``value`` and ``baseline`` are in ``unit``; None when not measured."""

    benchmark: str
    size: str
    figure: str
    value: float | None = None
    baseline: float | None = None
    unit: str = "ms"
    target: str = "—"
    met: bool | None = None
    note: str = ""
    #: For "≤ k× baseline" targets the ratio is value/baseline; for a difference (memory) it is None.
    show_ratio: bool = True

    @property
    def ratio(self) -> float | None:
        if not self.show_ratio or self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ratio": self.ratio}


def error_row(benchmark: str, size: str, exc: BaseException) -> Row:
    message = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return Row(benchmark, size, "error", note=f"error: {type(exc).__name__}: {message[:160]}")


def size_label(sources: int | str) -> str:
    return f"{sources:,}" if isinstance(sources, int) else sources


def sources_in(label: str) -> int:
    """The number of sources a size label names ("50,000" → 50000)."""
    return int(label.replace(",", "").split()[0])


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100), nearest rank, as search_bench computes it."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def ratio_target(limit: float) -> tuple[str, float]:
    return f"≤ {limit:g}× baseline", limit


def judged(row: Row, *, ratio_at_most: float | None = None, value_below: float | None = None) -> Row:
    """Fill ``row.target`` and ``row.met`` from a ratio or an absolute limit."""
    if ratio_at_most is not None:
        row.target = f"≤ {ratio_at_most:g}× baseline"
        row.met = None if row.ratio is None else row.ratio <= ratio_at_most
    elif value_below is not None:
        row.target = f"< {value_below:g} {row.unit}"
        row.met = None if row.value is None else row.value < value_below
    return row


def child_env(data_dir: Path | None = None) -> dict[str, str]:
    """The environment of every child: offscreen Qt, unbuffered output, never the user's data folder."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), str(BENCH), env.get("PYTHONPATH")) if p)
    if data_dir is not None:
        env["DRAFTER_DATA_DIR"] = str(data_dir)
    else:  # anything that still looked for the default folder finds an empty, harmless one
        env.setdefault("DRAFTER_DATA_DIR", str(BENCH / ".cache" / "no-data-folder"))
    return env


def run_child(target: str, data_dir: Path | None, timeout: float = 600, **kwargs: object) -> dict[str, object]:
    """Run ``module:function(**kwargs)`` of ``bench/suite`` in a fresh Python; return its result.

    The function runs in a new process with the offscreen Qt platform and returns
    a JSON-able dict. A child that fails raises ``RuntimeError`` with the end of
    its error output.
    """
    args = [sys.executable, str(CHILD), target, json.dumps({"data_dir": str(data_dir) if data_dir else None,
                                                            **kwargs})]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=timeout, env=child_env(data_dir),
                          cwd=ROOT)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT):
            return json.loads(line[len(RESULT):])  # type: ignore[no-any-return]
    tail = [ln for ln in done.stderr.splitlines() if ln.strip() and "propagateSizeHints" not in ln][-3:]
    raise RuntimeError(f"{target} exited {done.returncode}: " + " | ".join(tail or ["no result"]))
