"""Search on PostgreSQL against search on SQLite, the same library and queries, in one run.

    .venv/bin/python bench/suite/search_pg.py                      # 10,000 and 50,000 sources
    .venv/bin/python bench/suite/search_pg.py --sizes 1000 --queries 60 --repeats 1

Figure: p95 and median over ~200 mixed queries (``suite.search._queries``: common,
mid-frequency and rare words, a word being typed, 1–3 letters, phrases) of
``drafter.core.search.search`` on a PostgreSQL library, everything included.
Baseline: the same call on the SQLite library it was copied from, each query
timed ``repeats`` times, the two engines alternately, and its median kept.
Targets (issue 20): PostgreSQL's p95 within 2× of SQLite's, and under 60 ms at
50,000 sources.

The library is ``generate.py``'s (cached in bench/.cache/); its sources, snippets
and tags are copied into a database on a throwaway PostgreSQL server started for
the run (tests/pg_server.py: a cluster in a temporary folder, on a Unix socket),
where the search triggers index them as they would any write. The server runs on
the same machine, so a query pays a local socket's round trip, not a network's.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
ROOT = BENCH.parent
for extra in (BENCH, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from suite.common import Row, judged, median, percentile

#: Tables copied, parents first, and the columns of each that the generator fills.
COPIED = ("source", "snippet", "snippet_tag")


def _ms(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def pg_store(url: str, data_dir: Path):  # type: ignore[no-untyped-def]
    """A Store on the (empty) database at ``url``, migrated to this checkout's schema (search index included)."""
    from drafter.core.store import Store

    return Store.open_url(url, data_dir, seed=False)


def copy_library(sqlite_path: Path, store) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Copy sources, snippets and tags into the PostgreSQL store's database with COPY; counts copied."""
    from sqlmodel import SQLModel

    counts = {}
    con = sqlite3.connect(sqlite_path)
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table in COPIED:
            existing = {str(r[1]) for r in con.execute(f"PRAGMA table_info({table})")}
            columns = [c.name for c in SQLModel.metadata.tables[table].columns if c.name in existing]
            cursor.execute(f"DELETE FROM {table}")  # the stored articles go in again, from SQLite
            quoted = ", ".join(f'"{c}"' for c in columns)
            booleans = {c.name for c in SQLModel.metadata.tables[table].columns if str(c.type) == "BOOLEAN"}
            n = 0
            with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in con.execute(f"SELECT {quoted} FROM {table} ORDER BY rowid"):
                    copy.write_row([bool(v) if c in booleans and v is not None else v
                                    for c, v in zip(columns, row, strict=True)])
                    n += 1
            counts[table] = n
        for table in COPIED:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        con.close()
    return counts


def rows(sqlite_folder: Path, label: str, server, queries: int = 200, repeats: int = 3) -> list[Row]:  # type: ignore[no-untyped-def]
    from drafter.core import search as core_search
    from drafter.core.paths import database_path
    from drafter.core.store import Store
    from suite.search import _queries

    asked = _queries(sqlite_folder, queries)
    database = server.new_database("bench")
    scratch = Path(tempfile.mkdtemp(prefix="drafter-bench-pg-"))
    lite = Store.open(sqlite_folder)
    pg = pg_store(server.url(database), scratch / "data")
    try:
        started = time.perf_counter()
        counts = copy_library(database_path(sqlite_folder), pg)
        copied = time.perf_counter() - started
        for _, q in asked:  # caches warm for both
            core_search.search(lite, q)
            core_search.search(pg, q)
        app, base = [], []
        for _, q in asked:
            a, b = [], []
            for _ in range(repeats):
                b.append(_ms(lambda q=q: core_search.search(lite, q)))  # type: ignore[misc]
                a.append(_ms(lambda q=q: core_search.search(pg, q)))  # type: ignore[misc]
            app.append(median(a))
            base.append(median(b))
    finally:
        lite.close()
        pg.close()
        server.drop_database(database)
    slowest = max(range(len(app)), key=app.__getitem__)
    p95 = Row("search (PostgreSQL)", label, "p95 (ms)", percentile(app, 95), percentile(base, 95),
              note=f"{len(asked)} queries; slowest {asked[slowest][1]!r} {app[slowest]:.0f} ms;"
                   f" {counts['source']:,} sources copied and indexed in {copied:.0f} s")
    out = [judged(p95, ratio_at_most=2.0)]
    if _sources(label) >= 50_000:
        out.append(judged(Row("search (PostgreSQL)", label, "p95 (ms), absolute", p95.value, p95.baseline,
                              show_ratio=False), value_below=60.0))
    out.append(Row("search (PostgreSQL)", label, "median (ms)", median(app), median(base)))
    out.append(Row("search (PostgreSQL)", label, "worst (ms)", app[slowest], base[slowest],
                   note=repr(asked[slowest][1])))
    return out


def _sources(label: str) -> int:
    return int(label.replace(",", "").split()[0])


def main(argv: list[str] | None = None) -> int:
    import shutil

    import generate
    import pg_server
    from run_all import table
    from suite.common import size_label

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    reason = pg_server.why_unavailable()
    if reason:
        print(f"No PostgreSQL server can be started here: {reason}", file=sys.stderr)
        return 1
    server = pg_server.start_server()
    tmp = Path(tempfile.mkdtemp(prefix="drafter-bench-pg-search-"))
    out: list[Row] = []
    try:
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
            folder = generate.make_library(tmp / f"library-{size}", size)
            print(f"{size:,} sources: measuring …", file=sys.stderr, flush=True)
            out += rows(folder, size_label(size), server, args.queries, args.repeats)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print(table(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
