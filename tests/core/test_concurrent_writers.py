"""Many writers at once keep an answer's order: unique, gapless places, nothing lost, nothing doubled.

Forty command-line processes each add three paragraphs to one answer while ten
others move its first blocks about, all started together on one data folder.
Each process either succeeds or fails with the one plain message for a busy
library; whatever succeeded is there exactly once, in the order it was given.
The same runs against a shared library on the PostgreSQL test server
(``--database``), where the row lock of ``change_clock`` orders the writers.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from engine_sql import run_sql

from drafter.core.responses import ResponseDetails, add_block, add_question, create_response
from drafter.core.store import Store

APPENDERS = 40
MOVERS = 10
#: The plain message of a busy library, on each engine.
BUSY = {"sqlite": "was writing to this library", "postgresql": "held the records this change needed"}

MOVER = """
import sys
from pathlib import Path
from drafter.core.operations import responses as ops
from drafter.core.store import Store, LibraryBusyError

data_dir, block_id, question_id, position = Path(sys.argv[1]), *map(int, sys.argv[2:5])
store = Store.open_library(data_dir, sys.argv[5] if sys.argv[5:] else None)
try:
    ops.move_block(block_id, question_id, position).run(store)
except LibraryBusyError as exc:
    print(exc.message, file=sys.stderr)
    sys.exit(1)
finally:
    store.close()
"""


def places(store: Store, question_id: int) -> list[tuple[int, str]]:
    """The answer's blocks as (place, text), read by a connection of their own."""
    sql = "SELECT position, text FROM answer_block WHERE question_id = ? ORDER BY position, id"
    return [(p, t) for p, t in run_sql(store, sql, (question_id,))]


@pytest.mark.slow
def test_forty_appenders_and_ten_movers_keep_one_gapless_order(engine_store: Store, data_dir: Path) -> None:
    store = engine_store
    try:
        response = create_response(store, ResponseDetails("Concurrent consultation"))
        question = add_question(store, response.id, label="1", text="Do you agree?")
        seeds = [add_block(store, question.id, text=f"seed {k}").id for k in range(MOVERS)]
    finally:
        store.close()

    server = [store.url.render_as_string(hide_password=False)] if store.is_server else []
    command = [sys.executable, "-m", "drafter", "--data-dir", str(data_dir),
               *(["--database", *server] if server else [])]
    processes = []
    for n in range(APPENDERS):
        texts = [a for part in "abc" for a in ("--text", f"p{n:02d}-{part}")]
        processes.append(("append", n, subprocess.Popen(
            [*command, "answer", str(response.id), "1", *texts],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    for k, block_id in enumerate(seeds):
        processes.append(("move", k, subprocess.Popen(
            [sys.executable, "-c", MOVER, str(data_dir), str(block_id), str(question.id), str((k * 7) % 25),
             *server],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))

    succeeded: list[int] = []
    for kind, n, process in processes:
        _out, err = process.communicate(timeout=600)
        assert "Traceback" not in err and "sqlalche.me" not in err, err
        if process.returncode == 0:
            if kind == "append":
                succeeded.append(n)
        else:
            assert BUSY[store.dialect] in err, f"{kind} {n} failed without the plain message: {err}"

    rows = places(store, question.id)
    assert [p for p, _ in rows] == list(range(len(rows)))  # unique and gapless
    texts = [t for _, t in rows]
    assert sorted(t for t in texts if t.startswith("seed")) == sorted(f"seed {k}" for k in range(MOVERS))
    for n in range(APPENDERS):
        own = [t for t in texts if t.startswith(f"p{n:02d}-")]
        if n in succeeded:
            assert own == [f"p{n:02d}-a", f"p{n:02d}-b", f"p{n:02d}-c"]  # each once, in the order given
        else:
            assert own == []  # a refused command changed nothing
    assert len(texts) == MOVERS + 3 * len(succeeded)


def test_a_library_with_shared_places_is_repaired_keeping_the_order_shown(open_library, run_alembic) -> None:  # type: ignore[no-untyped-def]
    """A library from before migration 0007 whose blocks share places (as concurrent scripts left them)."""
    store = open_library()
    response = create_response(store, ResponseDetails("Old library"))
    first = add_question(store, response.id, label="1", text="First?")
    second = add_question(store, response.id, label="2", text="Second?")
    for k in range(6):
        add_block(store, first.id, text=f"b{k}")
    run_alembic(store, "downgrade", "0006")
    # The places the issue reported: [0, 0, 1, 1, 1, 2]; a question shares one too.
    block_ids = [i for (i,) in run_sql(store, "SELECT id FROM answer_block ORDER BY id")]
    for block_id, place in zip(block_ids, [0, 0, 1, 1, 1, 2], strict=True):
        run_sql(store, "UPDATE answer_block SET position = ? WHERE id = ?", (place, block_id))
    run_sql(store, "UPDATE question SET position = 0 WHERE id = ?", (second.id,))
    shown = [t for (t,) in run_sql(
        store, "SELECT text FROM answer_block WHERE question_id = ? ORDER BY position, id", (first.id,))]
    store.close()

    store = open_library()  # migrates to the newest revision

    rows = places(store, first.id)
    assert [p for p, _ in rows] == list(range(6))
    assert [t for _, t in rows] == shown
    questions = run_sql(store, "SELECT id, position FROM question WHERE response_id = ? ORDER BY position",
                        (response.id,))
    assert [tuple(q) for q in questions] == [(first.id, 0), (second.id, 1)]
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):  # the schema itself now says one place each
        run_sql(store, "UPDATE answer_block SET position = 0 WHERE question_id = ?", (first.id,))
    assert [p for p, _ in places(store, first.id)] == list(range(6))


@pytest.mark.slow
def test_a_library_kept_busy_past_the_timeout_is_explained_and_nothing_changes(open_library) -> None:  # type: ignore[no-untyped-def]
    import threading

    from drafter.core.store.sqlite import BUSY_TIMEOUT_MS

    store = open_library()
    response = create_response(store, ResponseDetails("Busy consultation"))
    question = add_question(store, response.id, label="1", text="Do you agree?")
    # Another writer that does not let go for longer than the timeout: SQLite's one write lock, or
    # on a server the row of change_clock every change numbers itself on.
    if store.is_server:
        from drafter.core.store.postgres import connect_args

        holder: Any = psycopg.connect(**connect_args(store.engine))
        holder.execute("SELECT 1 FROM change_clock FOR UPDATE")
        said = "drafter: A colleague's change to the shared library held the records this change needed"
    else:
        holder = sqlite3.connect(store.database_path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        said = "drafter: Another Drafter (the window, or a script) was writing"
    release = threading.Timer(BUSY_TIMEOUT_MS / 1000 + 8, holder.rollback)
    release.start()
    try:  # DRAFTER_DATABASE names the server's library, if that is the test's engine
        result = subprocess.run([sys.executable, "-m", "drafter", "--data-dir", str(store.data_dir), "answer",
                                 str(response.id), "1", "--text", "Waited too long."],
                                capture_output=True, text=True, timeout=120, check=False)
    finally:
        release.join()
        holder.close()
    assert result.returncode == 1
    assert result.stderr.startswith(said), result.stderr
    for technical in ("Traceback", "sqlite3", "psycopg", "sqlalche"):
        assert technical not in result.stderr
    assert places(store, question.id) == []
