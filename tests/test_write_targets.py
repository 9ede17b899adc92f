"""No command writes over the library: every writing command refuses each of the library's own files."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.core.responses import ResponseDetails, add_block, add_question, create_response
from drafter.core.store import Store

# The data folder's own files (the SQLite library, its journal, lock and backups): SQLite's by nature.
pytestmark = pytest.mark.sqlite_file

#: Each writing command, with "{target}" where the file it writes goes.
COMMANDS = {
    "export docx": ["export", "1", "-o", "{target}"],
    "export txt": ["export", "1", "-o", "{target}", "--format", "txt"],
    "export md": ["export", "1", "-o", "{target}", "--format", "md"],
    "bundle export": ["bundle", "export", "1", "-o", "{target}"],
    "library export": ["library", "export", "{target}"],
}
TARGETS = ["drafter.sqlite", "drafter.sqlite-wal", "drafter.sqlite-shm", "drafter.lock",
           "backups/latest.sqlite", "link-to-library.sqlite"]


def fingerprint(data_dir: Path, target: str) -> tuple[list[object], str | None]:
    """The library's content, and the refused target's bytes (SQLite keeps its -wal and -shm to itself)."""
    import sqlite3

    from drafter.core.store.sqlite import read_only_uri

    connection = sqlite3.connect(read_only_uri(data_dir / "drafter.sqlite"), uri=True)
    try:
        tables = [n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        content: list[object] = [(t, connection.execute(f'SELECT * FROM "{t}"').fetchall()) for t in sorted(tables)]
    finally:
        connection.close()
    path = data_dir / target
    own = target.endswith(("-wal", "-shm")) or not path.exists()
    return content, None if own else hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("library") / "data"
    store = Store.open(data_dir)
    try:
        response = create_response(store, ResponseDetails("Consultation"))
        question = add_question(store, response.id, label="1", text="Do you agree?")
        add_block(store, question.id, text="We agree.")
    finally:
        store.close()
    (data_dir / "drafter.lock").write_text("")
    backups = data_dir / "backups"
    backups.mkdir(exist_ok=True)
    (backups / "latest.sqlite").write_bytes((data_dir / "drafter.sqlite").read_bytes())
    for side in ("-wal", "-shm"):
        Path(f"{data_dir / 'drafter.sqlite'}{side}").touch()
    os.symlink(data_dir / "drafter.sqlite", data_dir / "link-to-library.sqlite")
    return data_dir


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_writing_command_refuses_each_library_file(library: Path, command: str, target: str) -> None:
    before = fingerprint(library, target)
    argv = [a.replace("{target}", str(library / target)) for a in COMMANDS[command]]
    result = subprocess.run([sys.executable, "-m", "drafter", "--data-dir", str(library), *argv],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    assert "did not write over it" in result.stderr
    assert fingerprint(library, target) == before


def test_another_data_folder_s_library_is_refused_too(library: Path, tmp_path: Path) -> None:
    """Not only the open library: the files of any data folder are judged by where they are."""
    from drafter.core.filekinds import library_part

    assert library_part(library / "drafter.sqlite") == "the library's database"
    assert library_part(library / "backups" / "new-name.docx") == "inside the library's backups folder"
    assert library_part(tmp_path / "drafter.sqlite") is None  # no library there: an ordinary name
    assert library_part(library / "response.docx") is None  # beside the library, a new name is fine
