"""A child process for the crash tests: the real window on a data folder, typing into an answer.

``python typing_child.py DATA_DIR BLOCK_ID TEXT INTERVAL_MS`` opens the window on
DATA_DIR (Qt drawing offscreen in the tests; on the team library DRAFTER_DATABASE
names, if set, as ``drafter`` does), chooses the answer paragraph BLOCK_ID in the
answers tree as a user would (it opens the response the block is in), and prints
``loaded <json text>``: the paragraph's text as this start of the app found it on
disk. Then it types TEXT into the paragraph's editor with real key events, one
character every INTERVAL_MS, printing ``typed <i> <time.time()>`` after each,
and stays open until it is killed (the test's SIGKILL is the crash).

``python typing_child.py DATA_DIR layout`` opens the window and prints
``layout <json>``: its size, both splitters' sizes and the open response.
``python typing_child.py DATA_DIR change-layout RESPONSE_ID`` opens it, resizes it,
moves both splitters and opens that response as a user would, prints ``changed
<json>`` (the same as ``layout``), and stays open until it is killed.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    from drafter.core.paths import resolve_database
    from drafter.ui.application import make_application
    from drafter.ui.main_window import MainWindow

    app = make_application()
    # DRAFTER_DATABASE (the test's team library on its server, if it has one), as ``run_app`` reads it.
    window = MainWindow(Path(sys.argv[1]), database=resolve_database())
    window.show()
    window.open_library()
    panel = window.response_panel
    if sys.argv[2] in {"layout", "change-layout"}:
        QTest.qWait(100)
        said = "layout"
        if sys.argv[2] == "change-layout":
            said = "changed"
            window.resize(780, 560)  # within the offscreen screen (800 × 600)
            QTest.qWait(50)
            for splitter, sizes in ((window.splitter, [230, 250, 290]), (panel.split, [150, 300])):
                splitter.setSizes(sizes)
                splitter.splitterMoved.emit(sizes[0], 1)  # what dragging the handle says
            panel.chooser.setCurrentIndex(panel.chooser.findData(int(sys.argv[3])))
            QTest.qWait(50)
        document = panel.document
        _say(f"{said} " + json.dumps({
            "size": [window.width(), window.height()],
            "splitter": window.splitter.sizes(),
            "answers_splitter": panel.split.sizes(),
            "response": document.id if document is not None else None,
        }))
        app.exec()
        return
    block_id, text, interval = int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    panel.select_block(block_id)  # in the response open at start (the tests' library has one)
    editor = panel.editor.text
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    _say("loaded " + json.dumps(editor.toPlainText()))
    typed = iter(enumerate(text))

    def type_one() -> None:
        step = next(typed, None)
        if step is None:
            timer.stop()
            return
        QTest.keyClick(editor, step[1])
        _say(f"typed {step[0]} {time.time():.4f}")

    timer = QTimer()
    timer.setInterval(interval)
    timer.timeout.connect(type_one)
    timer.start()
    app.exec()


if __name__ == "__main__":
    main()
