"""How long a save or a read on a team library waits when the network silently drops packets.

A throwaway server (``tests/pg_server.py``, as the tests start theirs) is reached through
``tests/silent_proxy.py``, a TCP proxy on loopback that can stop passing anything on, both
ways, without closing a connection (a pulled cable, a dropped VPN, a gateway answering for
the server). For each of ``--rounds`` rounds the proxy goes silent, then a save of a
paragraph (``save_block_text``, what the window's typing does) and a read (the window's
read connection, ``Store.reader``) are timed until they return — the time the window's
thread would be frozen — and the proxy forwards again; the time from then to the first
save that works is the recovery. A call still waiting after ``--cap`` seconds is let go by
forwarding again, and counted as "waited more than the cap".

``--src DIR`` runs the same against another checkout's ``src`` (the code before a change:
``git archive main src | tar -x -C /tmp/before``), for a before/after in one run; the
figures are printed with the load average.

    .venv/bin/python bench/suite/silent_network.py [--rounds 5] [--cap 30] [--src /tmp/before/src]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cap", type=float, default=30.0, help="let a call go after this many seconds")
    parser.add_argument("--src", help="the src folder of the code to measure (default: this checkout's)")
    parser.add_argument("--json", metavar="FILE")
    return parser.parse_args(argv)


def _timed(call: Any, proxy: Any, cap: float) -> tuple[float, str]:
    """Seconds ``call`` kept its caller waiting, and how it ended (the exception's name, "returned", or "capped")."""
    released = threading.Event()

    def let_go() -> None:
        if not released.wait(cap):
            proxy.forward()

    guard = threading.Thread(target=let_go, daemon=True)
    guard.start()
    started = time.perf_counter()
    try:
        call()
        outcome = "returned"
    except Exception as exc:
        outcome = type(exc).__name__
    waited = time.perf_counter() - started
    released.set()
    guard.join()
    return waited, "capped" if waited >= cap else outcome


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    sys.path.insert(0, str(Path(args.src).resolve()) if args.src else str(ROOT / "src"))
    sys.path.insert(1, str(ROOT / "tests"))
    from sqlalchemy import URL

    import drafter
    import pg_server
    from drafter.core.questions import parse_questions
    from drafter.core.responses import add_block, create_response, replace_questions
    from drafter.core.responses.records import ResponseDetails
    from drafter.core.store import Store
    from drafter.core.teamwork import block_now, save_block_text
    from silent_proxy import SilentProxy

    reason = pg_server.why_unavailable()
    if reason is not None:
        raise SystemExit(f"no PostgreSQL server can be started here: {reason}")
    server = pg_server.start_server()
    proxy = SilentProxy("127.0.0.1", server.port)
    saves: list[tuple[float, str]] = []
    reads: list[tuple[float, str]] = []
    recoveries: list[float] = []
    try:
        name = server.new_database("bench")
        url = URL.create("postgresql+psycopg", username=pg_server.SUPERUSER, password=pg_server.SUPERUSER_PASSWORD,
                         host="127.0.0.1", port=proxy.port, database=name).render_as_string(hide_password=False)
        with tempfile.TemporaryDirectory(prefix="drafter-silent-bench-") as tmp:
            store = Store.open_url(url, Path(tmp) / "data", seed=False)
            try:
                response = create_response(store, ResponseDetails(consultation_title="Bench"))
                document = replace_questions(store, response.id, parse_questions("1. Why?").questions)
                block = add_block(store, document.questions[0].id, text="").id
                store.reader().execute("SELECT 1").fetchall()
                for n in range(args.rounds):
                    now = block_now(store, block)
                    assert now is not None
                    proxy.silence()
                    text, version = f"round {n}", now.version
                    saves.append(_timed(lambda: save_block_text(store, block, text, base_version=version),  # noqa: B023
                                        proxy, args.cap))
                    proxy.silence()
                    reads.append(_timed(lambda: store.reader().execute("SELECT count(*) FROM source").fetchall(),
                                        proxy, args.cap))
                    proxy.forward()
                    back = time.perf_counter()
                    while True:
                        try:
                            latest = block_now(store, block)
                            assert latest is not None
                            save_block_text(store, block, f"round {n}, back", base_version=latest.version)
                            break
                        except Exception:
                            if time.perf_counter() - back > 120:
                                raise
                            time.sleep(0.1)
                    recoveries.append(time.perf_counter() - back)
            finally:
                store.close()
    finally:
        proxy.close()
        server.stop()
    load = os.getloadavg()
    result = {
        "code": str(Path(drafter.__file__).resolve().parents[1]),
        "rounds": args.rounds, "cap_s": args.cap,
        "save_waits_s": [round(w, 2) for w, _ in saves], "save_outcomes": [o for _, o in saves],
        "read_waits_s": [round(w, 2) for w, _ in reads], "read_outcomes": [o for _, o in reads],
        "save_median_s": round(statistics.median(w for w, _ in saves), 2),
        "read_median_s": round(statistics.median(w for w, _ in reads), 2),
        "recovery_median_s": round(statistics.median(recoveries), 2),
        "load_average": [round(x, 2) for x in load],
    }
    for key, value in result.items():
        print(f"{key:>18}: {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
