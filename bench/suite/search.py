"""Search in the core: ``drafter.core.search.search`` against FTS5 queried directly.

Figure: the median and 95th percentile over ~200 queries of mixed kinds (common,
mid-frequency and rare words, a second word being typed, 1–3 typed letters,
quoted phrases; ``search_bench.make_queries``) of ``search(store, query)``,
everything included.

Baseline: the same MATCH expressions through a bare ``sqlite3`` connection, no
app code: ranked rowids of sources and of snippets, as many as the app asks
for. Each query is timed ``repeats`` times, app and baseline alternately, and
its median kept. Targets: p95 under 20 ms up to 10,000 sources, under 60 ms
at 50,000. The note also gives the p95 of the processor time ``search`` used
(every thread's, so a search ranked in parts counts each part), which other
work on the machine barely moves, and the load average.

``type_queries`` is the GUI half (run by ``stalls``): typing into the search box
letter by letter while the heartbeat runs.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[1]
if str(BENCH) not in sys.path:  # run as a script: bench/suite/search.py
    sys.path.insert(0, str(BENCH))

from suite.common import Row, judged, median, percentile, sources_in


def _queries(folder: Path, count: int) -> list[tuple[str, str]]:
    from drafter.core.paths import database_path
    from generate import SEED, vocabulary
    from search_bench import make_queries

    con = sqlite3.connect(database_path(folder))
    try:
        samples = [r[0] for r in con.execute("SELECT text FROM source WHERE id % 50 = 7 LIMIT 40")]
    finally:
        con.close()
    return make_queries(random.Random(SEED + 1), vocabulary(SEED), samples, count)


def _ms(run: Callable[[], object], processor: list[float] | None = None) -> float:
    """Milliseconds ``run`` took; with ``processor``, its processor time (every thread's) is added to it."""
    started, cpu = time.perf_counter(), time.process_time()
    run()
    if processor is not None:
        processor.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - started) * 1000


def rows(folder: Path, label: str, queries: int = 200, repeats: int = 3) -> list[Row]:
    from drafter.core import search as core_search
    from drafter.core.paths import database_path
    from drafter.core.store import Store, fts

    asked = _queries(folder, queries)
    limit = getattr(core_search, "DEFAULT_LIMIT", 50) + 1
    matches = [fts.match_expression(core_search.parse_query(q)) for _, q in asked]

    def floor(con: sqlite3.Connection, match: str) -> None:
        for table in (fts.SOURCE_INDEX, fts.SNIPPET_INDEX):
            con.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT ?",
                        (match, limit)).fetchall()

    store = Store.open(folder)
    con = sqlite3.connect(database_path(folder))
    try:
        parts = _parts(store)
        for (_, q), m in zip(asked, matches, strict=False):  # page cache warm for both
            floor(con, m)
            core_search.search(store, q)
        app, base, processor = [], [], []
        for (_, q), m in zip(asked, matches, strict=False):
            a, b, c = [], [], []
            for _ in range(repeats):
                b.append(_ms(lambda m=m: floor(con, m)))  # type: ignore[misc]
                a.append(_ms(lambda q=q: core_search.search(store, q), c))  # type: ignore[misc]
            app.append(median(a))
            base.append(median(b))
            processor.append(median(c))
    finally:
        con.close()
        store.close()
    slowest = max(range(len(app)), key=app.__getitem__)
    target = 20.0 if sources_in(label) <= 10_000 else 60.0
    # Issue 22: the worst of the queries at 50,000 within 100 ms (no target below that size).
    worst = Row("search (core)", label, "worst (ms)", app[slowest], base[slowest], note=repr(asked[slowest][1]))
    if sources_in(label) > 10_000:
        judged(worst, value_below=100.0)
    return [
        judged(Row("search (core)", label, "p95 (ms)", percentile(app, 95), percentile(base, 95),
                   note=f"{len(asked)} queries; slowest {asked[slowest][1]!r} {app[slowest]:.0f} ms; {parts};"
                        f" processor time (all threads) p95 {percentile(processor, 95):.1f} ms, load {_load()}"),
               value_below=target),
        Row("search (core)", label, "median (ms)", median(app), median(base)),
        worst,
    ]


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except (AttributeError, OSError):  # not on Windows
        return "unknown"


def _parts(store: Any) -> str:
    """How a broad query is ranked by the code measured (older revisions ranked in parts)."""
    from drafter.core import search as core_search

    broad = getattr(core_search, "BROAD_MATCHES", None)
    if broad is not None:
        return f"past {broad} matches only head matches ranked"
    return "every match ranked"


def main(argv: list[str] | None = None) -> int:
    """This suite alone: ``.venv/bin/python bench/suite/search.py --sizes 50000``."""
    import generate
    from run_all import table
    from suite.common import size_label

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="drafter-bench-search-"))
    out: list[Row] = []
    try:
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
            folder = generate.make_library(tmp / f"library-{size}", size)
            print(f"{size:,} sources: measuring (load {_load()}) …", file=sys.stderr, flush=True)
            out += rows(folder, size_label(size), args.queries, args.repeats)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(table(out))
    print(f"load average at the end: {_load()}")
    return 0


# --- in the window (run inside the stalls child) -------------------------------------------

TYPED = ["police facial recognition", "oversight", '"live facial', "consultation budget", "privacy"]


def type_queries(window: Any, queries: list[str] = TYPED, seed: int = 1) -> dict[str, float]:
    """Type each query letter by letter (60–180 ms between keys); return search timings in ms.

    The caller's heartbeat measures the longest stall. Returns the median time
    from the last key to the newest results being on screen.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    import drafter.ui.search_panel as panel
    from suite.qt import wait, wait_until

    debounce_s = getattr(panel, "DEBOUNCE_MS", 120) / 1000
    rng = random.Random(seed)
    box = window.search_panel.query
    window.search_controller.focus_search()
    settled = []
    finished: list[float] = []
    window.search_finished.connect(lambda: finished.append(time.perf_counter()))
    for query in queries:
        box.clear()
        wait(150)
        for i, ch in enumerate(query):
            QTest.keyClicks(box, ch, Qt.KeyboardModifier.NoModifier)
            if i < len(query) - 1:
                wait(rng.uniform(60, 180))
        last_key = time.perf_counter()
        # The newest query's results come after the debounce; earlier ones may land before.
        newest = last_key + debounce_s
        if wait_until(lambda newest=newest: any(t > newest for t in finished), 15):
            settled.append((max(finished) - last_key) * 1000)
        finished.clear()
        wait(100)
    return {"results_after_last_key_ms": round(median(settled), 1) if settled else -1.0}


if __name__ == "__main__":
    sys.exit(main())
