"""Several colleagues on one response at once: writes attempted, landed, kept as conflicts, lost.

``clients`` simulated people (threads, each with a ``Store`` of its own and a name
of its own, as separate Drafters are) edit one response for ``seconds``: each types
into the paragraphs of its own answer, saving on the version it last saw, as the
window does; every ``shared_every``-th write goes to one paragraph that everybody
edits, so that conflicts really happen; and each beats its presence once a second.
After the run every count is checked against the database:

- landed: the save changed the block. Each landed save's version is its base + 1
  and unique for its block, and each block ends holding its highest landed
  version's text — so no landed save was overwritten without a conflict;
- conflicts: the save found the block moved on and was kept; each one is in
  ``block_conflict`` with the text that was typed;
- lost: landed saves overwritten unseen, or conflicts not kept. Must be 0.
- blind (``--blind``, the control): the same run saving without versions, as
  Drafter did before; the check must then find lost writes on the shared paragraph;
- errors: saves refused outright (the library busy past its timeout), which the
  window keeps and retries; reported, not lost.

No baseline and no target time (the issue's figure is "no lost or unreported
conflicting writes"); the save latency's median and p95 are printed for scale.

    .venv/bin/python bench/suite/team.py                      # 10 clients, 5 s, a local SQLite library
    .venv/bin/python bench/suite/team.py --seconds 60         # the issue's minute
    .venv/bin/python bench/suite/team.py --database postgresql://…   # a team server: an empty database
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run on its own: the project's src/ from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

PARAGRAPHS = 3  # per client's own answer


@dataclass
class Counts:
    attempted: int = 0
    landed: int = 0
    conflicts: int = 0
    errors: int = 0
    unchanged: int = 0  # the same text was there already
    beats: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    #: (block, base, version, text) of every landed save; (conflict id, block, text) of every conflict.
    landed_saves: list[tuple[int, int, int, str]] = field(default_factory=list)
    kept: list[tuple[int, int, str]] = field(default_factory=list)


def open_store(database: str | None, folder: Path) -> Any:
    from drafter.core.store import Store

    if database is None:
        return Store.open(folder, seed=False)
    return Store.open_url(database, folder, seed=False)


def set_up(store: Any, clients: int) -> tuple[int, list[list[int]], int]:
    """A response with one answer of ``PARAGRAPHS`` paragraphs per client and one shared paragraph."""
    from drafter.core import responses as core
    from drafter.core.responses.records import ResponseDetails

    response = core.create_response(store, ResponseDetails("Team benchmark"))
    own = []
    for n in range(clients):
        question = core.add_question(store, response.id, label=str(n + 1), text=f"Question for client {n}?")
        own.append([core.add_block(store, question.id, text=f"Client {n}, paragraph {p}.").id
                    for p in range(PARAGRAPHS)])
    shared_q = core.add_question(store, response.id, label="shared", text="Everybody's question?")
    shared = core.add_block(store, shared_q.id, text="A paragraph everybody edits.").id
    return response.id, own, shared


def client(number: int, database: str | None, folder: Path, response_id: int, blocks: list[int], shared: int,
           until: float, shared_every: int, counts: Counts, seed: int, blind: bool = False) -> None:
    from drafter.core import teamwork
    from drafter.core.errors import DrafterError
    from drafter.core.identity import set_person
    from drafter.core.operations import responses as ops

    rng = random.Random(seed)
    store = open_store(database, folder)
    set_person(store, f"client{number}")
    try:
        seen: dict[int, int] = {}
        for block in [*blocks, shared]:
            now = teamwork.block_now(store, block)
            assert now is not None
            seen[block] = now.version
        last_beat = 0.0
        n = 0
        while time.monotonic() < until:
            n += 1
            block = shared if shared_every and n % shared_every == 0 else rng.choice(blocks)
            text = f"client{number} write {n}: " + " ".join(rng.choice(("we", "agree", "because", "oversight",
                                                                         "data", "faces")) for _ in range(8))
            counts.attempted += 1
            started = time.perf_counter()
            try:
                result = ops.update_block_text(block, text, base_version=None if blind else seen[block]).run(store)
            except DrafterError:
                counts.errors += 1
                continue
            finally:
                counts.latencies_ms.append((time.perf_counter() - started) * 1000)
            outcome = result.value
            if isinstance(outcome, teamwork.ConflictRecord):
                counts.conflicts += 1
                counts.kept.append((outcome.id, block, text))
                now = teamwork.block_now(store, block)  # as the window does: show theirs, go on from it
                assert now is not None
                seen[block] = now.version
            elif outcome.changed:
                counts.landed += 1
                counts.landed_saves.append((block, seen[block], outcome.version, text))
                seen[block] = outcome.version
            else:
                counts.unchanged += 1
                seen[block] = outcome.version
            if time.monotonic() - last_beat >= 1.0:
                teamwork.beat(store, response_id, None)
                counts.beats += 1
                last_beat = time.monotonic()
    finally:
        teamwork.leave(store)
        store.close()


def check(store: Any, all_counts: list[Counts]) -> dict[str, int]:
    """Lost writes: landed saves overwritten unseen, and conflicts not kept with their text."""
    from drafter.core import teamwork

    by_block: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for counts in all_counts:
        for block, base, version, text in counts.landed_saves:
            by_block[block].append((base, version, text))
    lost = 0
    for block, saves in by_block.items():
        versions = [v for _b, v, _t in saves]
        lost += len(versions) - len(set(versions))  # two saves landing on one version: one overwritten
        lost += sum(1 for b, v, _t in saves if v != b + 1)  # a save that skipped someone's version
        newest = max(saves, key=lambda s: s[1])
        now = teamwork.block_now(store, block)
        if now is None or (now.version, now.text) != (newest[1], newest[2]):
            lost += 1
    kept = {c.id: c for c in teamwork.list_conflicts(store, include_resolved=True)}
    for counts in all_counts:
        for conflict_id, block, text in counts.kept:
            found = kept.get(conflict_id)
            if found is None or (found.block_id, found.my_text) != (block, text):
                lost += 1
    return {"lost": lost, "conflicts_in_database": len(kept)}


def run(clients: int, seconds: float, database: str | None, shared_every: int, blind: bool = False
        ) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="drafter-team-bench-") as tmp:
        folder = Path(tmp) / "data"
        first = open_store(database, folder)
        try:
            response_id, own, shared = set_up(first, clients)
            all_counts = [Counts() for _ in range(clients)]
            until = time.monotonic() + seconds
            threads = [threading.Thread(target=client, args=(n, database, folder, response_id, own[n], shared, until,
                                                             shared_every, all_counts[n], n, blind))
                       for n in range(clients)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            checked = check(first, all_counts)
        finally:
            first.close()
    latencies = sorted(ms for c in all_counts for ms in c.latencies_ms)
    total = {name: sum(getattr(c, name) for c in all_counts)
             for name in ("attempted", "landed", "conflicts", "errors", "unchanged", "beats")}
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else 0.0
    return {"engine": "postgresql" if database else "sqlite", "blind": blind, "clients": clients,
            "seconds": round(elapsed, 1), "shared_every": shared_every, **total, **checked,
            "writes_per_second": round(total["attempted"] / elapsed, 1) if elapsed else 0.0,
            "save_median_ms": round(statistics.median(latencies), 2) if latencies else 0.0,
            "save_p95_ms": round(p95, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long they edit (the issue's figure: 60)")
    parser.add_argument("--database", metavar="URL", help="a PostgreSQL server's URL; default a local SQLite library")
    parser.add_argument("--shared-every", type=int, default=10,
                        help="every Nth write of a client goes to the paragraph everybody edits (0: never)")
    parser.add_argument("--blind", action="store_true",
                        help="the control: save without versions (as before), so the check must find lost writes")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    result = run(args.clients, args.seconds, args.database, args.shared_every, args.blind)
    for key, value in result.items():
        print(f"{key:>22}: {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if (result["lost"] == 0) != args.blind else 1


if __name__ == "__main__":
    raise SystemExit(main())
