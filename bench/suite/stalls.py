"""The longest UI event-loop stall while the user works: start-up work, import, search typing, autosave, export.

In one child process with the window open on the library, a 5 ms heartbeat
timer runs in the GUI thread; its longest gap in each phase is the longest the
window could not respond (target: under 50 ms each). Phases, in order:

- start-up: from ``open_library`` returning (the library is on screen) to the
  end of the start-up thread's work (``later_checks_finished``: the ORM's
  import, the day's backup, a big database's check), with nothing else done:
  a user may start typing at once;
- search: typing five queries letter by letter into the search box
  (``search.type_queries``), results arriving in the background;
- autosave: ``saves`` words typed into an answer paragraph's editor a key
  every 40 ms, never pausing, saved by the editor's own timers (at most
  ``SAVE_MAX_WAIT_MS`` after the first unsaved key, while the typing goes on);
- export: the open response to Word through the export controller;
- import: ``files`` mixed files (``import_bench.make_files``) through the import
  controller, the facts dialog answered "Add all as read". Last, since it adds
  sources to the library.

Baseline: the beat itself (5 ms), so there is no ratio.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from suite.common import Row, judged, run_child

PHASES = {
    "start-up": ("stalls", "start-up work: longest stall (ms)"),
    "search": ("search (window)", "typing: longest UI stall (ms)"),
    "autosave": ("stalls", "autosave burst: longest stall (ms)"),
    "export": ("stalls", "export: longest stall (ms)"),
    "import": ("stalls", "import: longest stall (ms)"),
}


def gui_stalls(data_dir: str, files_dir: str, saves: int) -> dict[str, Any]:
    from suite import autosave, search
    from suite.export import export_in_window
    from suite.qt import Heartbeat, open_window, wait, wait_until

    folder = Path(data_dir)
    _app, window, opened = open_window(folder)
    beat = Heartbeat()
    stalls: dict[str, Any] = {"start-up": round(opened["start_stall"], 1)}
    notes: dict[str, str] = {"start-up": f"from the library on screen to the end of the start-up thread's work "
                                         f"({opened['later']:.0f} ms)"}
    where: dict[str, str] = {"start-up": opened["start_where"]}

    def phase(name: str, work: Any, prepare: Any = None) -> None:
        try:
            if prepare is not None:
                prepare()
            with beat.phase(stalls, name, where):
                notes[name] = work() or ""
        except Exception as exc:
            stalls[name] = None
            notes[name] = f"error: {type(exc).__name__}: {exc}"

    def typing() -> str:
        timing = search.type_queries(window)
        return f"results {timing['results_after_last_key_ms']:.0f} ms after the last key (median)"

    block_id, _text = autosave.paragraph_block(folder)

    def choose_block() -> None:
        autosave.select_block(window, block_id)
        wait(50)

    def burst() -> str:
        from PySide6.QtTest import QTest

        editor = window.response_panel.editor
        saved: list[object] = []
        window.operations.did_execute.connect(lambda *_: saved.append(None))
        started = time.perf_counter()
        for i in range(saves):
            for key in f" word{i}":
                QTest.keyClick(editor.text, key)
                wait(40)  # a steady typist: never the pause that the save waits for
        seconds = time.perf_counter() - started
        focused = "editor focused" if editor.text.hasFocus() else "editor NOT focused"
        return f"{saves} words typed in {seconds:.1f} s, a key every 40 ms, saved {len(saved)} times ({focused})"

    def export() -> str:
        result = export_in_window(window, folder.parent / f"{folder.name}-stalls.docx")
        where = "its own process" if result["worker"] else "the window's process"
        return f"{where}, {result['elapsed_ms']:.0f} ms"

    def importing() -> str:
        from drafter.ui.import_controller import ImportController

        ImportController.review = lambda self, doc, facts, dup, rest: (3, facts, True)  # type: ignore[method-assign]
        paths = sorted(Path(files_dir).iterdir())
        done: list[object] = []
        window.importer.finished.connect(lambda results: done.append(results))
        started = time.perf_counter()
        window.importer.import_paths(paths)
        if not wait_until(lambda: bool(done), 600):
            raise TimeoutError("the import did not finish")
        return f"{len(paths)} files in {time.perf_counter() - started:.1f} s"

    phase("search", typing)
    phase("autosave", burst, choose_block)
    phase("export", export)
    phase("import", importing)
    beat.stop()
    window.close_library()
    return {"stalls": stalls, "notes": notes, "where": where}


def write_files(folder: Path, count: int) -> Path:
    """``count`` mixed files to import, written by ``import_bench``."""
    import import_bench

    folder.mkdir(parents=True, exist_ok=True)
    import_bench.make_files(folder, count)
    return folder


def rows(folder: Path, label: str, files_dir: Path, saves: int = 30) -> list[Row]:
    result = run_child("stalls:gui_stalls", folder, files_dir=str(files_dir), saves=saves)
    out = []
    for key, (benchmark, figure) in PHASES.items():
        value = result["stalls"].get(key)
        note = result["notes"].get(key, "")
        if result["where"].get(key):
            note += f"; longest in {result['where'][key]}"
        if value is None:
            out.append(Row(benchmark, label, figure.split(":")[0], note=note or "error: not measured"))
            continue
        out.append(judged(Row(benchmark, label, figure, value, 5.0, show_ratio=False, note=note),
                          value_below=50.0))
    return out
