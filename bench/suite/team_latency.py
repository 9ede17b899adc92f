"""A paragraph's save on a team library (PostgreSQL): its latency with 1 and with 10 colleagues, against a bare UPDATE.

For each number of clients (``--clients``, default 1 and 10) on a throwaway server
started here (``tests/pg_server.py``, as the tests start theirs; a Unix socket):

- **Drafter**: ``suite/team.py``'s clients for ``--seconds`` — each its own ``Store`` and
  name, saving its own answer's paragraphs on the version it last saw (the window's
  ``update_block_text`` operation: the change clock, the version check, the change log,
  the NOTIFY), renewing its presence once a second; no shared paragraph, so no conflicts;
- **baseline**, the same number of threads, each with a bare psycopg connection doing
  ``UPDATE … SET text = %s WHERE id = %s`` on a row of its own (autocommit: one round trip
  and one commit per save), run before and after the Drafter phase and pooled, so that a
  drift in the machine's load falls on both;
- **the save's own SQL, bare**: the statements a Drafter save sends (numbering itself on the
  change clock, which orders all writers; the NOTIFY; the block locked, checked and
  updated, its triggers writing the change log; the question and response read; the
  change log read back), sent by a bare psycopg connection per thread in one transaction,
  on the paragraphs the Drafter phase used. What it costs above the bare UPDATE is the
  server's share; what Drafter costs above it is the Python side (the ORM, the operation).

Prints the median and p95 of each, the ratios, and the load average after each phase.

    .venv/bin/python bench/suite/team_latency.py [--seconds 10] [--clients 1 10] [--src OTHER/src]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run on its own: ``suite`` is found from bench/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from suite.common import ROOT, percentile


def _server() -> Any:
    sys.path.insert(0, str(ROOT / "tests"))
    import pg_server

    reason = pg_server.why_unavailable()
    if reason is not None:
        raise SystemExit(f"no PostgreSQL server can be started here: {reason}")
    return pg_server.start_server()


def bare_updates(server: Any, database: str, clients: int, seconds: float) -> list[float]:
    """Milliseconds of each bare UPDATE by ``clients`` threads, each on a row of its own, for ``seconds``."""
    import psycopg

    from pg_server import SUPERUSER

    def connect() -> Any:
        return psycopg.connect(host=str(server.socket_dir), port=server.port, user=SUPERUSER, dbname=database,
                               autocommit=True)

    with connect() as admin:
        admin.execute("CREATE TABLE IF NOT EXISTS bare_row (id integer PRIMARY KEY, text text NOT NULL)")
        admin.execute("TRUNCATE bare_row")
        for n in range(clients):
            admin.execute("INSERT INTO bare_row (id, text) VALUES (%s, %s)", (n, ""))
    latencies: list[list[float]] = [[] for _ in range(clients)]
    until = time.monotonic() + seconds

    def one(n: int) -> None:
        with connect() as connection:
            i = 0
            while time.monotonic() < until:
                i += 1
                started = time.perf_counter()
                connection.execute("UPDATE bare_row SET text = %s WHERE id = %s", (f"client{n} write {i}", n))
                latencies[n].append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [ms for each in latencies for ms in each]


def bare_saves(server: Any, database: str, clients: int, seconds: float) -> list[float]:
    """Milliseconds of each save sent as the bare statements of Drafter's, each thread on paragraphs of its own."""
    import psycopg

    from pg_server import SUPERUSER

    def connect() -> Any:
        return psycopg.connect(host=str(server.socket_dir), port=server.port, user=SUPERUSER, dbname=database)

    with connect() as admin:
        rows = admin.execute("SELECT b.id, b.question_id, q.response_id FROM answer_block b "
                             "JOIN question q ON q.id = b.question_id ORDER BY b.id").fetchall()
    mine = [rows[n::clients] for n in range(clients)]
    latencies: list[list[float]] = [[] for _ in range(clients)]
    until = time.monotonic() + seconds

    def one(n: int) -> None:
        with connect() as connection:
            i = 0
            while time.monotonic() < until:
                i += 1
                block, question, response = mine[n][i % len(mine[n])]
                started = time.perf_counter()
                with connection.transaction():
                    row = connection.execute("UPDATE change_clock SET txn = txn + 1 WHERE id = 1 RETURNING txn"
                                             ).fetchone()
                    assert row is not None
                    txn = int(row[0])
                    connection.execute("SELECT pg_notify(%s, %s)", ("drafter_changes", str(txn)))
                    connection.execute("SELECT * FROM answer_block WHERE id = %s FOR UPDATE", (block,)).fetchone()
                    connection.execute("UPDATE answer_block SET text = %s, version = version + 1, edited_at = %s "
                                       "WHERE id = %s", (f"bare client{n} write {i}", time.time(), block))
                    connection.execute("SELECT * FROM question WHERE id = %s", (question,)).fetchone()
                    connection.execute("SELECT * FROM response WHERE id = %s", (response,)).fetchone()
                    connection.execute("SELECT entity, row_id, action FROM change_log WHERE txn = %s ORDER BY id",
                                       (txn,)).fetchall()
                latencies[n].append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [ms for each in latencies for ms in each]


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="each phase's length")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--src", help="the src folder of the code to measure (default: this checkout's)")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(args.src).resolve()) if args.src else str(ROOT / "src"))
    from suite import team

    server = _server()
    rows = []
    try:
        for clients in args.clients:
            database = server.new_database("latency")
            url = server.url(database)
            before = bare_updates(server, database, clients, args.seconds / 2)
            load_before = _load()
            drafter = team.run(clients, args.seconds, url, shared_every=0)
            load_drafter = _load()
            own_sql = bare_saves(server, database, clients, args.seconds)
            load_own_sql = _load()
            after = bare_updates(server, database, clients, args.seconds / 2)
            load_after = _load()
            baseline = before + after
            row = {
                "clients": clients,
                "saves": drafter["attempted"], "lost": drafter["lost"], "errors": drafter["errors"],
                "save_median_ms": drafter["save_median_ms"], "save_p95_ms": drafter["save_p95_ms"],
                "bare_updates": len(baseline),
                "bare_median_ms": round(statistics.median(baseline), 2),
                "bare_p95_ms": round(percentile(baseline, 95), 2),
                "bare_save_sql": len(own_sql),
                "bare_save_sql_median_ms": round(statistics.median(own_sql), 2),
                "bare_save_sql_p95_ms": round(percentile(own_sql, 95), 2),
                "load_average": [load_before, load_drafter, load_own_sql, load_after],
            }
            row["median_ratio"] = round(row["save_median_ms"] / row["bare_median_ms"], 1)
            row["p95_ratio"] = round(row["save_p95_ms"] / row["bare_p95_ms"], 1)
            row["median_ratio_to_save_sql"] = round(row["save_median_ms"] / row["bare_save_sql_median_ms"], 1)
            rows.append(row)
            print(json.dumps(row))
            server.drop_database(database)
    finally:
        server.stop()
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0 if all(r["lost"] == 0 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
