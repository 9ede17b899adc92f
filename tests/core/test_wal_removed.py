"""The -wal file removed while the window has the database open: plain words, and nothing acknowledged lost."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.core.applock import lock_data_folder
from drafter.core.responses import ResponseDetails, add_block, add_question, create_response
from drafter.core.store import DatabaseIOError, SaveFailedError, Store, database_io_error

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows does not let a file in use be removed")


def drafter(data_dir: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "drafter", "--data-dir", str(data_dir), *argv],
                          capture_output=True, text=True, timeout=120, check=False)


def test_removing_the_journal_under_the_window_is_explained_and_loses_nothing(data_dir: Path) -> None:
    Store.open(data_dir).close()
    window = Store.open(data_dir, later=True)
    held = lock_data_folder(data_dir)  # as the window holds it
    try:
        response = create_response(window, ResponseDetails(consultation_title="Kept"))
        question = add_question(window, response.id, label="1", text="Do you agree?")
        add_block(window, question.id, text="Written before the journal went.")
        Path(f"{window.database_path}-wal").unlink()

        for argv in (("answer", str(response.id), "1", "--text", "From the command line."),
                     ("responses", "list")):
            result = drafter(data_dir, *argv)
            assert result.returncode == 1
            assert "Traceback" not in result.stderr and "OperationalError" not in result.stderr
            assert "its journal file (drafter.sqlite-wal) was removed" in result.stderr
            assert "Close the Drafter window and open it again" in result.stderr

        add_block(window, question.id, text="Written after it went.")  # the window carries on
    finally:
        window.close()
        assert held is not None
        held.unlock()

    con = sqlite3.connect(data_dir / "drafter.sqlite")
    try:
        texts = [t for (t,) in con.execute("SELECT text FROM answer_block ORDER BY position")]
    finally:
        con.close()
    assert texts == ["Written before the journal went.", "Written after it went."]
    again = drafter(data_dir, "answer", str(response.id), "1", "--text", "From the command line.")
    assert again.returncode == 0, again.stderr


def test_the_error_is_a_save_failure_the_window_already_handles(data_dir: Path) -> None:
    error = database_io_error(data_dir)
    assert isinstance(error, SaveFailedError) and isinstance(error, DatabaseIOError)
    assert "OperationalError" not in error.message and "I/O" not in error.message
