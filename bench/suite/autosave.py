"""Autosave of an answer edit: the window's save path and the core's, against a raw UPDATE.

Figures (95th percentile and median of ``edits`` saves, each with new text):
- core: ``drafter.core.responses.update_block_text`` (one transaction: the
  block's text, its ``updated_at`` and the response's);
- window: ``AnswerActions.save_text``, what the answer editor calls after a
  pause in typing (the core save, the undo step, and re-reading the response
  to refresh counts and the tree), timed in a child process on the library.

Baseline: a raw ``sqlite3`` UPDATE of the same row's text and ``updated_at``,
with the app's pragmas (WAL, synchronous=FULL, foreign keys) and a commit,
alternating with the measured saves. Target: p95 under 10 ms up to 10,000
sources.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from suite.common import Row, judged, median, percentile, run_child


def raw_connection(folder: Path) -> sqlite3.Connection:
    from drafter.core.paths import database_path

    con = sqlite3.connect(database_path(folder))
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        con.execute(f"PRAGMA {pragma}")
    return con


def raw_save(con: sqlite3.Connection, block_id: int, text: str) -> None:
    con.execute("UPDATE answer_block SET text = ?, updated_at = ? WHERE id = ?",
                (text, time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()), block_id))
    con.commit()


def paragraph_block(folder: Path) -> tuple[int, str]:
    """The first paragraph block of the first response, and its text."""
    con = sqlite3.connect(folder / "drafter.sqlite")
    try:
        row = con.execute(
            "SELECT b.id, b.text FROM answer_block b JOIN question q ON q.id = b.question_id"
            " WHERE b.kind = 'paragraph' ORDER BY q.response_id, q.position, b.position LIMIT 1").fetchone()
    finally:
        con.close()
    if row is None:
        raise LookupError("the library has no paragraph to edit")
    return int(row[0]), str(row[1])


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def saves(save: Callable[[str], object], raw: Callable[[str], object], base_text: str,
          edits: int, between: Callable[[], object] = lambda: None) -> tuple[list[float], list[float]]:
    """Alternate ``edits`` measured saves with raw ones; each text differs from the last.

    ``between`` runs untimed after each save (the window's event loop, in the child).
    """
    measured, floor = [], []
    for i in range(edits):
        text = f"{base_text} {'word ' * (i % 7)}edit {i}"
        floor.append(_timed(lambda: raw(text + " (raw)")))  # noqa: B023 - called at once
        measured.append(_timed(lambda: save(text)))  # noqa: B023
        between()
    return measured, floor


def core_rows(folder: Path, label: str, edits: int = 200) -> list[Row]:
    from drafter.core.responses import update_block_text
    from drafter.core.store import Store

    block_id, text = paragraph_block(folder)
    store = Store.open(folder)
    con = raw_connection(folder)
    try:
        measured, floor = saves(lambda t: update_block_text(store, block_id, t),
                                lambda t: raw_save(con, block_id, t), text, edits)
    finally:
        con.close()
        store.close()
    return _rows("autosave (core)", label, measured, floor)


def gui_rows(folder: Path, label: str, edits: int = 100) -> list[Row]:
    result = run_child("autosave:gui_saves", folder, edits=edits)
    return _rows("autosave (window)", label, list(result["measured"]), list(result["floor"]),  # type: ignore[arg-type]
                 note=f"longest stall {result['stall_ms']} ms" + (f" in {result['where']}" if result["where"] else ""))


def _rows(name: str, label: str, measured: list[float], floor: list[float], note: str = "") -> list[Row]:
    row = Row(name, label, "p95 (ms)", percentile(measured, 95), percentile(floor, 95),
              note=f"{len(measured)} saves; median {median(measured):.1f} ms vs {median(floor):.1f} ms; {note}"
              .rstrip("; "))
    sources = int(label.replace(",", ""))
    return [judged(row, value_below=10.0) if sources <= 10_000 else row]


# --- child side ------------------------------------------------------------------------------


def select_block(window: Any, block_id: int) -> None:
    """Open the response holding ``block_id``, select the block, and focus its editor as a typist would.

    The focus matters: the window holds back refreshes from outside while the editor has it.
    """
    panel = window.response_panel
    con = sqlite3.connect(window.store.database_path)
    try:
        response_id = con.execute("SELECT q.response_id FROM answer_block b JOIN question q"
                                  " ON q.id = b.question_id WHERE b.id = ?", (block_id,)).fetchone()[0]
    finally:
        con.close()
    if panel.document is None or panel.document.id != response_id:
        panel.refresh_list(select_id=response_id)
    panel.select_block(block_id)
    window.activateWindow()
    panel.editor.text.setFocus()


def gui_saves(data_dir: str, edits: int) -> dict[str, object]:
    """In a child: the window's save path for ``edits`` edits of one paragraph, and the raw floor."""
    from suite.qt import Heartbeat, open_window, wait

    folder = Path(data_dir)
    _app, window, _ = open_window(folder)
    block_id, text = paragraph_block(folder)
    select_block(window, block_id)
    wait(100)
    con = raw_connection(folder)
    beat = Heartbeat()
    stalls: dict[str, float] = {}
    where: dict[str, str] = {}
    with beat.phase(stalls, "saves", where):
        measured, floor = saves(lambda t: window.response_panel.answer_actions.save_text(block_id, t),
                                lambda t: raw_save(con, block_id, t), text, edits, lambda: wait(20))
    con.close()
    window.close_library()
    return {"measured": measured, "floor": floor, "stall_ms": stalls["saves"], "where": where["saves"]}
