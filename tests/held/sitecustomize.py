"""Test aid, for the reading processes the tests start: a file is read only once its gate is opened.

Drafter refuses to read a named pipe (it would wait for ever), so a test that needs
a reading held at one file gives an ordinary file and, beside it, a pipe named
``<file>.gate``: a child process started with this folder on its PYTHONPATH
(the ``held_file`` fixture in tests/conftest.py) waits on the gate before reading
the file, until the test writes into the gate. Nothing of this is in Drafter itself.
"""

from __future__ import annotations

import os
from pathlib import Path

if os.environ.get("DRAFTER_TEST_GATES") == "1":
    from drafter.core.importers import api

    _read = api._read

    def _read_after_the_gate(path: Path) -> bytes:
        gate = Path(f"{path}.gate")
        if gate.exists():
            with open(gate, "rb") as waiting:
                waiting.read()
        return _read(path)

    api._read = _read_after_the_gate
