"""Crash test: kill Drafter's core with SIGKILL mid-edit, again and again; count what is lost.

A child process opens the data folder with ``Store.open`` (as the app does),
starts a response and then edits it in a loop through the core operations —
``add_block`` (a new paragraph) and ``update_block_text`` (typing into one) —
printing each edit's number and text on stdout, flushed, *after* its
transaction has committed. This process reads those lines (noting when each
arrived), kills the child with SIGKILL at a random moment, reopens the
database, runs ``PRAGMA integrity_check``, and checks that every edit reported
more than one second before the kill is there: for a paragraph, its text must
be that edit's or a later edit's. The next child reopens the same folder, so
recovery after each kill is exercised too. One kill in five lands at a random
moment from the child's start, so some hit ``Store.open`` itself.

    .venv/bin/python bench/crash_bench.py               # 50 kills
    .venv/bin/python bench/crash_bench.py --kills 200 --seed 7

It prints kills, edits committed, edits lost (older than 1 s — the promise —
and, stricter, any reported edit), integrity failures, and failures to reopen.
POSIX only (SIGKILL).
"""

from __future__ import annotations

import argparse
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

#: The promise: an edit is on disk within a second.
GRACE_S = 1.0
BLOCKS_PER_QUESTION = 40
_EDIT = re.compile(r"run (\d+) edit (\d+): ")


# --- the child: edits in a loop until killed ----------------------------------------------------


def child(data_dir: Path, run: int, seed: int) -> None:
    from drafter.core.responses.operations import (
        add_block,
        add_question,
        create_response,
        update_block_text,
    )
    from drafter.core.responses.records import ResponseDetails
    from drafter.core.store import Store

    rng = random.Random(seed)
    words = ("the", "police", "facial", "recognition", "deployment", "oversight", "regulation", "evidence")
    store = Store.open(data_dir)
    response = create_response(store, ResponseDetails(consultation_title=f"Crash run {run}"))
    question_id = 0
    blocks: list[int] = []
    n = 0
    while True:
        n += 1
        text = f"run {run} edit {n}: " + " ".join(rng.choice(words) for _ in range(rng.randint(3, 40)))
        if n == 1 or len(blocks) % BLOCKS_PER_QUESTION == 0 and rng.random() < 0.05:
            question_id = add_question(store, response.id, label=str(n), text=f"Question {n}?").id
            blocks = []
        if not blocks or rng.random() < 0.3:
            block_id = add_block(store, question_id, text=text).id
            blocks.append(block_id)
            kind = "add"
        else:
            block_id = rng.choice(blocks)
            update_block_text(store, block_id, text)
            kind = "update"
        sys.stdout.write(f"{n}\t{kind}\t{block_id}\t{text}\n")
        sys.stdout.flush()


# --- the parent: spawn, kill, check --------------------------------------------------------------


@dataclass
class Edit:
    run: int
    n: int
    block_id: int
    text: str
    received: float
    old: bool = False  # reported more than GRACE_S before its kill


@dataclass
class Tally:
    kills: int = 0
    kills_before_first_edit: int = 0
    edits: int = 0
    old_edits: int = 0
    lost_old: set[tuple[int, int]] = field(default_factory=set)
    lost_any: set[tuple[int, int]] = field(default_factory=set)
    integrity_failures: int = 0
    reopen_failures: int = 0


def _read_lines(stream, sink: list[tuple[float, str]]) -> None:  # type: ignore[no-untyped-def]
    for line in stream:
        sink.append((time.monotonic(), line))


def one_kill(data_dir: Path, run: int, rng: random.Random, edits: list[Edit], tally: Tally, log: Path) -> None:
    with log.open("a") as err:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(data_dir),
             "--run", str(run), "--seed", str(rng.randrange(1 << 30))],
            stdout=subprocess.PIPE, stderr=err, text=True, bufsize=1,
        )
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True)
    reader.start()
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0.0, 3.0))  # anywhere, start-up included
    else:
        deadline = time.monotonic() + 60
        while not lines and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.05, 3.0))
    killed_at = time.monotonic()
    exited = proc.poll()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join()
    tally.kills += 1
    if exited is not None:  # it died by itself: it could not open or edit the database
        tally.reopen_failures += 1
    complete = [(t, line) for t, line in lines if line.endswith("\n")]
    if not complete:
        tally.kills_before_first_edit += 1
    for t, line in complete:
        n, _kind, block_id, text = line.rstrip("\n").split("\t", 3)
        edits.append(Edit(run, int(n), int(block_id), text, t, old=t <= killed_at - GRACE_S))
    tally.edits += len(complete)
    tally.old_edits += sum(1 for t, _ in complete if t <= killed_at - GRACE_S)
    check(data_dir, edits, tally)


def check(data_dir: Path, edits: list[Edit], tally: Tally) -> None:
    """Integrity, then every reported edit against what the database holds."""
    con = sqlite3.connect(data_dir / "drafter.sqlite")  # read-write: replays the -wal as the app would
    try:
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            tally.integrity_failures += 1
        stored = dict(con.execute("SELECT id, text FROM answer_block").fetchall())
    finally:
        con.close()
    by_block: dict[int, list[Edit]] = {}
    for e in edits:
        by_block.setdefault(e.block_id, []).append(e)
    for block_id, block_edits in by_block.items():
        block_edits.sort(key=lambda e: (e.run, e.n))
        text = stored.get(block_id)
        # Stored: the text of edit (run, n) — possibly one committed but killed before it was
        # reported. Every edit up to it is superseded, not lost; a text that matches no edit
        # of the bench (None: the paragraph is missing) supersedes nothing.
        match = _EDIT.match(text or "")
        stored_edit = (int(match[1]), int(match[2])) if match else (-1, -1)
        for e in block_edits:
            # (The stored edit itself counts only with exactly its words: anything else is damage.)
            if (e.run, e.n) < stored_edit or ((e.run, e.n) == stored_edit and e.text == text):
                continue
            tally.lost_any.add((e.run, e.n))
            if e.old:
                tally.lost_old.add((e.run, e.n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, help="use (and keep) this folder")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--run", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        child(args.child, args.run, args.seed)
        return 0
    if sys.platform == "win32":
        print("crash_bench needs SIGKILL (Linux or macOS).", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="drafter-crash-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        log = Path(tmp) / "children.log"
        edits: list[Edit] = []
        tally = Tally()
        started = time.monotonic()
        for run in range(1, args.kills + 1):
            one_kill(data_dir, run, rng, edits, tally, log)
            if run % 10 == 0:
                print(f"  {run} kills, {tally.edits} edits, {len(tally.lost_old)} lost", flush=True)
        errors = log.read_text().strip()
        print(f"kills:                          {tally.kills} ({tally.kills_before_first_edit} before the first edit)")
        print(f"edits committed and reported:   {tally.edits}")
        print(f"  of which > {GRACE_S:.0f} s before a kill:  {tally.old_edits}")
        print(f"edits lost (> {GRACE_S:.0f} s old):          {len(tally.lost_old)}")
        print(f"edits lost (any reported):      {len(tally.lost_any)}")
        print(f"integrity failures:             {tally.integrity_failures}")
        print(f"failures to reopen:             {tally.reopen_failures}")
        print(f"time:                           {time.monotonic() - started:.0f} s")
        if errors:
            print("child errors:\n" + errors[-2000:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
