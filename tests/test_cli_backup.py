"""``drafter backup list`` / ``restore``, and the command line working alongside an open app."""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from drafter.cli import build_parser, run
from drafter.cli.backup import add_backup_commands
from drafter.core.paths import database_path
from drafter.core.responses.operations import create_response, list_responses
from drafter.core.responses.records import ResponseDetails
from drafter.core.store import Store
from drafter.core.store.backups import KIND_DAILY, KIND_IMPORT, make_backup

# Backups are copies of the data folder's SQLite file: those tests are marked sqlite_file. On a
# server library (DRAFTER_DATABASE) the commands say so and point at pg_dump (docs/team-server.md).
pytestmark = pytest.mark.usefixtures("library_engine")

SERVER_REFUSAL = ("Drafter's backup copies are of a data folder's library file; it does not apply to the "
                  "shared library ")


def parser() -> argparse.ArgumentParser:
    built = build_parser()
    commands = next(a for a in built._actions if isinstance(a, argparse._SubParsersAction))
    if "backup" not in commands.choices:  # until drafter.cli wires it in itself
        add_backup_commands(commands)
    return built


def drafter(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(parser().parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def add_response(data_dir: Path, title: str) -> None:
    store = Store.open(data_dir, seed=False)
    try:
        create_response(store, ResponseDetails(consultation_title=title))
    finally:
        store.close()


def titles(data_dir: Path) -> list[str]:
    store = Store.open(data_dir, seed=False)
    try:
        return [r.consultation_title for r in list_responses(store)]
    finally:
        store.close()


def test_backup_list_when_there_are_none(data_dir: Path, library_engine: str) -> None:
    code, out, err = drafter("backup", "list")
    if library_engine == "postgresql":
        assert (code, out) == (1, "") and err.startswith(f"drafter: {SERVER_REFUSAL}")
        assert "pg_dump" in err and "docs/team-server.md" in err and "Traceback" not in err
        assert not data_dir.exists()
        return
    assert (code, err) == (0, "")
    assert "no backups yet" in out


@pytest.mark.sqlite_file  # backups of the data folder's file
def test_backup_list_table_and_json(data_dir: Path) -> None:
    Store.open(data_dir).close()
    now = datetime.now(UTC)
    daily = make_backup(data_dir, KIND_DAILY, now=now - timedelta(hours=1))
    before_import = make_backup(data_dir, KIND_IMPORT, now=now)
    code, out, err = drafter("backup", "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "KIND", "MADE", "SIZE", "STATE"]
    assert lines[1].startswith(before_import.id) and "before import" in lines[1] and lines[1].endswith("ok")
    assert lines[2].startswith(daily.id) and "daily" in lines[2]
    code, out, _ = drafter("backup", "list", "--json")
    listed = json.loads(out)
    assert [(b["id"], b["kind"], b["ok"]) for b in listed] == [
        (before_import.id, "before-import", True), (daily.id, "daily", True)]


@pytest.mark.sqlite_file  # restores the data folder's file from a backup
def test_backup_restore_round_trip(data_dir: Path) -> None:
    Store.open(data_dir, seed=False).close()
    add_response(data_dir, "Kept")
    backup = make_backup(data_dir, KIND_DAILY)
    add_response(data_dir, "Written after the backup")
    code, out, err = drafter("backup", "restore", backup.id)
    assert (code, err) == (0, "")
    assert f"restored the backup {backup.id}" in out and "drafter.sqlite.replaced-" in out
    assert titles(data_dir) == ["Kept"]


@pytest.mark.sqlite_file  # a damaged backup file
def test_backup_restore_of_a_damaged_backup_is_refused_plainly(data_dir: Path) -> None:
    Store.open(data_dir).close()
    backup = make_backup(data_dir, KIND_DAILY)
    with backup.path.open("r+b") as f:
        f.seek(8192)
        f.write(b"\x00\xff" * 8192)
    before = database_path(data_dir).read_bytes()
    code, out, err = drafter("backup", "restore", backup.id)
    assert (code, out) == (1, "")
    assert err.startswith("drafter: The backup") and "damaged" in err and "Traceback" not in err
    assert database_path(data_dir).read_bytes() == before


@pytest.mark.sqlite_file  # a backup file changed behind Drafter's back
def test_a_backup_someone_changed_is_listed_as_not_ok_and_refused(data_dir: Path) -> None:
    """A backup SQLite reads happily but that holds what Drafter never makes (a trigger that would
    empty every answer) is not offered as good: the list says what restoring would find."""
    Store.open(data_dir).close()
    now = datetime.now(UTC)
    good = make_backup(data_dir, KIND_DAILY, now=now - timedelta(hours=1))
    changed = make_backup(data_dir, KIND_IMPORT, now=now)
    with sqlite3.connect(changed.path) as con:
        con.execute("CREATE TRIGGER t AFTER INSERT ON answer_block BEGIN DELETE FROM answer_block; END")
    con.close()
    code, out, _ = drafter("backup", "list", "--json")
    assert code == 0
    assert {b["id"]: b["ok"] for b in json.loads(out)} == {good.id: True, changed.id: False}
    _, table, _ = drafter("backup", "list")
    assert [line.split()[-1] for line in table.splitlines()[1:]] == ["DAMAGED", "ok"]
    before = database_path(data_dir).read_bytes()
    code, out, err = drafter("backup", "restore", changed.id)
    assert (code, out) == (1, "") and "nothing was changed" in err.lower()
    assert database_path(data_dir).read_bytes() == before


def test_backup_restore_unknown_id(data_dir: Path, library_engine: str) -> None:
    code, out, err = drafter("backup", "restore", "nothing-like-it")
    if library_engine == "postgresql":  # refused for what it is, before any backup is looked for
        assert (code, out) == (1, "") and err.startswith(f"drafter: {SERVER_REFUSAL}") and "pg_dump" in err
        assert not data_dir.exists()
        return
    assert code == 1 and "no backup called" in err


@pytest.mark.sqlite_file  # SQLite's one write lock on the file (a server locks rows)
def test_command_line_waits_for_the_apps_write_and_succeeds(data_dir: Path) -> None:
    """The app (here: this process) holds a write transaction; `drafter snippets add` waits, then works."""
    from drafter.core.library import get_source

    store = Store.open(data_dir)
    try:
        quote = get_source(store, 1).text[:40]
    finally:
        store.close()
    app = sqlite3.connect(database_path(data_dir), isolation_level=None, check_same_thread=False)
    app.execute("BEGIN IMMEDIATE")  # the write lock, as during a save in the app
    app.execute("UPDATE source SET title = title WHERE id = 1")
    cli = subprocess.Popen(
        [sys.executable, "-m", "drafter", "--data-dir", str(data_dir), "snippets", "add", "1", "--quote", quote],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    # Released 1 s after the command line has had time to start and reach its write.
    still_waiting_at_release: list[bool] = []

    def release_lock() -> None:
        still_waiting_at_release.append(cli.poll() is None)
        app.execute("COMMIT")

    release = threading.Timer(2.5, release_lock)
    release.start()
    try:
        out, err = cli.communicate(timeout=60)
    finally:
        release.join()
        app.close()
    assert (cli.returncode, err) == (0, ""), err
    assert out.startswith("snippet 1: source 1")
    assert still_waiting_at_release == [True]  # it did wait for the lock, not fail on it
