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


def places(library: Store | Path, question_id: int) -> list[tuple[int, str]]:
    """The answer's blocks as (place, text), read by a connection of their own (a store, or an SQLite file)."""
    sql = "SELECT position, text FROM answer_block WHERE question_id = ? ORDER BY position, id"
    if isinstance(library, Path):
        connection = sqlite3.connect(library)
        try:
            return [(p, t) for p, t in connection.execute(sql, (question_id,))]
        finally:
            connection.close()
    return [(p, t) for p, t in run_sql(library, sql, (question_id,))]


@pytest.mark.slow
def test_forty_appenders_and_ten_movers_keep_one_gapless_order(engine_store: Store, data_dir: Path,
                                                               hang_guard: None) -> None:
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


def test_a_library_with_shared_places_is_repaired_keeping_the_order_shown(tmp_path: Path, run_alembic) -> None:  # type: ignore[no-untyped-def]
    """A library from before migration 0007 whose blocks share places (as concurrent scripts left them)."""
    data_dir = tmp_path / "old"
    store = Store.open(data_dir)
    try:
        response = create_response(store, ResponseDetails("Old library"))
        first = add_question(store, response.id, label="1", text="First?")
        second = add_question(store, response.id, label="2", text="Second?")
        for k in range(6):
            add_block(store, first.id, text=f"b{k}")
        run_alembic(store, "downgrade", "0006")
    finally:
        store.close()
    connection = sqlite3.connect(data_dir / "drafter.sqlite")
    with connection:  # the places the issue reported: [0, 0, 1, 1, 1, 2]; a question shares one too
        for (block_id,), place in zip(connection.execute(
                "SELECT id FROM answer_block ORDER BY id").fetchall(), [0, 0, 1, 1, 1, 2], strict=True):
            connection.execute("UPDATE answer_block SET position = ? WHERE id = ?", (place, block_id))
        connection.execute("UPDATE question SET position = 0 WHERE id = ?", (second.id,))
    shown = [t for (t,) in connection.execute(
        "SELECT text FROM answer_block WHERE question_id = ? ORDER BY position, id", (first.id,))]
    connection.close()

    Store.open(data_dir).close()  # migrates to the newest revision

    rows = places(data_dir / "drafter.sqlite", first.id)
    assert [p for p, _ in rows] == list(range(6))
    assert [t for _, t in rows] == shown
    connection = sqlite3.connect(data_dir / "drafter.sqlite")
    try:
        questions = connection.execute(
            "SELECT id, position FROM question WHERE response_id = ? ORDER BY position", (response.id,)).fetchall()
        with pytest.raises(sqlite3.IntegrityError):  # the schema itself now says one place each
            connection.execute("UPDATE answer_block SET position = 0 WHERE question_id = ?", (first.id,))
    finally:
        connection.close()
    assert questions == [(first.id, 0), (second.id, 1)]


@pytest.mark.slow
def test_a_library_kept_busy_past_the_timeout_is_explained_and_nothing_changes(data_dir: Path) -> None:
    import threading

    from drafter.core.store.sqlite import BUSY_TIMEOUT_MS

    store = Store.open(data_dir)
    try:
        response = create_response(store, ResponseDetails("Busy consultation"))
        question = add_question(store, response.id, label="1", text="Do you agree?")
    finally:
        store.close()
    holder = sqlite3.connect(data_dir / "drafter.sqlite", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer that does not let go for longer than the timeout
    release = threading.Timer(BUSY_TIMEOUT_MS / 1000 + 8, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        result = subprocess.run([sys.executable, "-m", "drafter", "--data-dir", str(data_dir), "answer",
                                 str(response.id), "1", "--text", "Waited too long."],
                                capture_output=True, text=True, timeout=120, check=False)
    finally:
        release.join()
        holder.close()
    assert result.returncode == 1
    assert result.stderr.startswith("drafter: Another Drafter (the window, or a script) was writing"), result.stderr
    assert "Traceback" not in result.stderr and "sqlite3" not in result.stderr and "sqlalche" not in result.stderr
    assert places(data_dir / "drafter.sqlite", question.id) == []
