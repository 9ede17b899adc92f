"""Opening a long source in the reader: 200,000 words with 500 highlighted snippets.

Figure: in a child process, milliseconds from ``window.show_source(id)`` (what
selecting it in the library calls: read the source and its snippets, lay out
the text, highlight the snippets) to the end of the reader's next paint. The
median of ``repeats`` openings, each after showing a short source.

Baseline: a bare ``QPlainTextEdit`` of the same size, in the same process,
``setPlainText`` of the same text and its paint. Target: under 300 ms.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from suite.common import Row, judged, median, run_child


def gui_reader(data_dir: str, source_id: int, repeats: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QPlainTextEdit

    from suite.qt import open_window, time_to_paint, wait

    folder = Path(data_dir)
    _app, window, _ = open_window(folder)
    con = sqlite3.connect(window.store.database_path)
    text, other = con.execute("SELECT text FROM source WHERE id = ?", (source_id,)).fetchone()[0], \
        con.execute("SELECT min(id) FROM source WHERE id != ?", (source_id,)).fetchone()[0]
    con.close()
    bare = QPlainTextEdit()
    bare.resize(window.reader.text.size())
    bare.show()
    opened, floor = [], []
    for _ in range(repeats):
        window.show_source(other)
        wait(50)
        opened.append(time_to_paint(window.reader.text.viewport(), lambda: window.show_source(source_id)))
        wait(50)
        bare.setPlainText("")
        wait(50)
        floor.append(time_to_paint(bare.viewport(), lambda: bare.setPlainText(text)))
        wait(50)
    label = window.reader.snippet_count.text()  # "500 snippets in this source"
    highlighted = int(label.split()[0]) if label[:1].isdigit() else -1
    window.close_library()
    return {"opened": opened, "floor": floor, "words": len(text.split()), "highlighted": highlighted}


def rows(folder: Path, source_id: int, repeats: int = 5) -> list[Row]:
    result = run_child("reader:gui_reader", folder, source_id=source_id, repeats=repeats)
    label = f"1 source, {result['words']:,} words"
    opened, floor = list(result["opened"]), list(result["floor"])
    row = Row("reader: open a long source", label, "to painted (ms)", median(opened), median(floor),
              note=f"{result['highlighted']} snippets shown; runs {min(opened):.0f}–{max(opened):.0f} ms")
    return [judged(row, value_below=300.0)]
