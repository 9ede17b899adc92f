"""Editing a big response in the window: the longest UI stall of each structural edit.

The response ``bench/export_bench.py`` builds (50 questions, each two
paragraphs and 10 quotations: about 600 rows in the answers tree) is opened in
the window, in a child process, with the 5 ms heartbeat running. Each edit is
one phase, run through the response panel as the user's action would run it
(the core operation, the undo command, the tree brought up to date, the block
selected and scrolled to), then a 0.3 s pause for painting:

- opening the response (the tree filled for the first time);
- Alt+Down on a quotation of the first question, then Alt+Up;
- moving that quotation to the last question (the tree scrolls to the end);
- undo, then redo, of that move;
- adding a paragraph, then removing it;
- quoting a snippet under question 25.

Figure: the longest gap of all phases (target under 50 ms, as for the other
stalls); the note names the slowest edit. Baseline: the beat itself (5 ms).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from suite.common import Row, judged, run_child

LABEL = "50 q × 10 quotations"


def rows(data_dir: Path, response_id: int) -> list[Row]:
    result = run_child("editing:gui_edits", data_dir, response_id=response_id)
    stalls: dict[str, float] = result["stalls"]  # type: ignore[assignment]
    worst = max(stalls, key=lambda name: stalls[name])
    where = result["where"][worst]  # type: ignore[index]
    note = (f"slowest: {worst}" + (f", in {where}" if where else "") + "; "
            + ", ".join(f"{name} {ms:.0f}" for name, ms in stalls.items()))
    return [judged(Row("response edits (window)", LABEL, "longest UI stall (ms)", stalls[worst], 5.0,
                       show_ratio=False, note=note), value_below=50.0)]


# --- child side ------------------------------------------------------------------------------


def gui_edits(data_dir: str, response_id: int) -> dict[str, Any]:
    from suite.qt import Heartbeat, open_window, wait

    _app, window, _ = open_window(Path(data_dir))
    panel = window.response_panel
    beat = Heartbeat()
    stalls: dict[str, float] = {}
    where: dict[str, str] = {}

    def edit(name: str, action: Any) -> None:
        with beat.phase(stalls, name, where):
            action()
            wait(300)

    edit("open", lambda: panel.refresh_list(select_id=response_id))
    document = panel.document
    first, last, middle = document.questions[0], document.questions[-1], document.questions[24]
    quotation = next(b for b in first.blocks if b.is_quotation)
    snippet_id = quotation.snippet_id
    panel.select_block(quotation.id)
    wait(100)
    edit("Alt+Down", lambda: panel.answer_actions.move_current(1))
    edit("Alt+Up", lambda: panel.answer_actions.move_current(-1))
    actions = panel.answer_actions
    edit("move to the last question", lambda: actions.move_block_to(quotation.id, last.id, len(last.blocks)))
    edit("undo", panel.runner.undo_stack.undo)
    edit("redo", panel.runner.undo_stack.redo)
    edit("add a paragraph", lambda: panel.answer_actions.add_paragraph(first.id))
    edit("remove it", panel.answer_actions.remove_block)
    started = time.perf_counter()
    edit("quote a snippet", lambda: panel.answer_actions.quote_snippet(snippet_id, middle.id, 0))
    elapsed = (time.perf_counter() - started) * 1000
    beat.stop()
    window.close_library()
    return {"stalls": stalls, "where": where, "last_ms": elapsed}
