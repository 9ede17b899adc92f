"""Nothing lost in a crash: the real window, typed into at a steady rhythm, killed at random moments.

(And the window's size, splitters and open response, written as they change, come back after a kill.)

Each child process (``typing_child.py``) opens the window on the test's data
folder, chooses the answer paragraph, and types into it with real key events,
one character every ``INTERVAL_MS`` and never a pause, printing when each was
typed. The test kills it (SIGKILL: no clean-up, no last save) at a random
moment, and the next start of the app must find every character typed more than
a second before the kill. The last kill is checked by reading the database.

On both engines (``library_engine``): the children open the test's team library on its
server when DRAFTER_DATABASE names one, as ``drafter`` does.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from drafter.core.store import Store

# Both engines: a team library's server must hold every keystroke as surely as the data folder's file.
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("library_engine")]

CHILD = Path(__file__).with_name("typing_child.py")
KILLS = 20
INTERVAL_MS = 70
#: The promise: a keystroke is on disk within this long.
WITHIN_S = 1.0
ALPHABET = "abcdefghijklmnopqrstuvwxyz"


class Child:
    """One start of the app, typing; its lines read as they come, each with the moment it was read."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-u", str(CHILD), str(data_dir), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = next((line for line in self.lines if line.startswith(prefix)), None)
            if found is not None:
                return found
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.01)
        self.kill()
        stderr = self.process.stderr.read() if self.process.stderr else ""
        raise AssertionError(f"the window never said {prefix!r}; it said {self.lines}; errors: {stderr[-3000:]}")

    def kill(self) -> float:
        """SIGKILL now; returns the moment it was sent."""
        killed_at = time.time()
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._reader.join(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        return killed_at


def _open(data_dir: Path) -> Store:
    """The test's library, as the app opens it: the server's DRAFTER_DATABASE names, else the data folder's."""
    from drafter.core.paths import resolve_database
    from drafter.core.store import Store

    return Store.open_library(data_dir, resolve_database())


def _library_with_a_paragraph(data_dir: Path) -> tuple[int, int]:
    from drafter.core.questions import parse_questions
    from drafter.core.responses import add_block, create_response, replace_questions
    from drafter.core.responses.records import ResponseDetails

    store = _open(data_dir)
    try:
        response = create_response(store, ResponseDetails(consultation_title="Crash test"))
        document = replace_questions(store, response.id, parse_questions("1. Why?").questions)
        block = add_block(store, document.questions[0].id, text="Start.")
        return response.id, block.id
    finally:
        store.close()


def _text_on_disk(data_dir: Path, response_id: int) -> str:
    from drafter.core.responses import get_response

    store = _open(data_dir)
    try:
        return get_response(store, response_id).questions[0].blocks[0].text
    finally:
        store.close()


@pytest.mark.slow
def test_typing_without_a_pause_survives_kills_at_random_moments(data_dir: Path) -> None:
    rng = random.Random(19)
    response_id, block_id = _library_with_a_paragraph(data_dir)
    expected_start = "Start."
    checked = 0
    for kill in range(KILLS):
        text = "".join(rng.choice(ALPHABET) for _ in range(80))
        child = Child(data_dir, str(block_id), text, str(INTERVAL_MS))
        try:
            loaded = json.loads(child.wait_for("loaded ").removeprefix("loaded "))
            # What the previous start typed more than a second before its kill is all here.
            assert loaded.startswith(expected_start), f"kill {kill - 1}: lost typing: {expected_start!r} → {loaded!r}"
            child.wait_for("typed 0 ")
            time.sleep(rng.uniform(1.3, 3.3))  # a random moment while the typing goes on
        finally:
            killed_at = child.kill()
        typed = [line.split() for line in child.lines if line.startswith("typed ")]
        assert typed and len(typed) < len(text), "the typing had stopped before the kill"
        safe = sum(1 for _typed, _index, at in typed if float(at) <= killed_at - WITHIN_S)
        assert safe >= 1, "the kill came too soon to test anything"
        expected_start = loaded + text[:safe]
        checked += safe
    on_disk = _text_on_disk(data_dir, response_id)
    assert on_disk.startswith(expected_start), f"the last kill lost typing: {expected_start!r} → {on_disk!r}"
    assert checked >= KILLS * 5


def test_the_windows_size_splitters_and_open_response_come_back_after_a_crash(data_dir: Path) -> None:
    from drafter.core.questions import parse_questions
    from drafter.core.responses import create_response, replace_questions
    from drafter.core.responses.records import ResponseDetails

    _library_with_a_paragraph(data_dir)
    store = _open(data_dir)
    try:
        second = create_response(store, ResponseDetails(consultation_title="Another consultation"))
        replace_questions(store, second.id, parse_questions("1. What?\n2. When?").questions)
    finally:
        store.close()
    child = Child(data_dir, "change-layout", str(second.id))
    try:
        changed = json.loads(child.wait_for("changed ").removeprefix("changed "))
        time.sleep(1.5)  # the state is written within a second or two of a change
    finally:
        child.kill()  # a crash: no closeEvent, nothing saved at the end
    assert changed["response"] == second.id and changed["size"] == [780, 560]
    child = Child(data_dir, "layout")
    try:
        restored = json.loads(child.wait_for("layout ").removeprefix("layout "))
    finally:
        child.kill()
    assert restored == changed
