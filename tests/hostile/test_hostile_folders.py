"""Hostile library files and broken data folders: made here, since they need Drafter's own database.

Each library file goes to ``drafter library import`` into a folder holding only the
stored articles; each data folder is opened by ``drafter sources list`` and
``drafter responses list``. For every input: no traceback (anything but a plain
``DrafterError`` fails the test), a refusal leaves the folder byte for byte as it
was, an accepted input can be read afterwards, and a run past 30 seconds ends the
whole run as a hang (``faulthandler``), as in ``test_hostile_inputs.py``.
"""

from __future__ import annotations

import faulthandler
import io
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from drafter.cli import build_parser, run

# Library files (SQLite databases) and data folders: SQLite's by nature.
pytestmark = pytest.mark.sqlite_file

TIME_LIMIT = 30.0
OLD_LIBRARY = Path(__file__).resolve().parents[1] / "data" / "db" / "rev0001.sqlite"
REFUSED, ACCEPTED = "refused", "accepted"

_TECHNICAL = re.compile(r"Traceback|File \"|\bErrno\b|\b[A-Z][A-Za-z]*(?:Error|Exception)\b|<class |\bNone\b")


def drafter(data_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(["--data-dir", str(data_dir), *argv]), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def folder_state(folder: Path) -> dict[str, bytes | None]:
    if not folder.exists():
        return {}
    if folder.is_file():
        return {".": folder.read_bytes()}
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def assert_plain(message: str) -> None:
    assert message.strip(), "no message"
    assert len(message) < 800, message
    found = _TECHNICAL.search(message)
    assert found is None, f"technical words {found.group(0)!r} in {message!r}"


@pytest.fixture
def hang_guard():  # type: ignore[no-untyped-def]
    faulthandler.dump_traceback_later(TIME_LIMIT, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


# --- the library files ------------------------------------------------------------------------


def sound_library(folder: Path) -> Path:
    """A library exported by Drafter: a response with a paragraph and a quotation."""
    from drafter.core.responses import ResponseDetails, add_block, add_question, create_response
    from drafter.core.snippets import snippet_from_quote
    from drafter.core.store import Store
    from drafter.core.store.archive import export_archive

    data = folder / "maker"
    store = Store.open(data)
    try:
        response = create_response(store, ResponseDetails(consultation_title="Cycle lanes"))
        question = add_question(store, response.id, label="1", text="Do you agree?")
        add_block(store, question.id, text="We agree.")
        quote = snippet_from_quote(store, 4, "scaling up")
        add_block(store, question.id, kind="quotation", snippet_id=quote.id)
    finally:
        store.close()
    return export_archive(data, folder / "library.sqlite").path


def altered(*statements: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = sound_library(folder)
        con = sqlite3.connect(path)
        try:
            for statement in statements:
                con.execute(statement)
            con.commit()
        finally:
            con.close()
        return path
    return make


def raw(data: bytes | Callable[[Path], bytes]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "library.sqlite"
        path.write_bytes(data(folder) if callable(data) else data)
        return path
    return make


def _plain_sqlite(folder: Path) -> bytes:
    path = folder / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.commit()
    con.close()
    return path.read_bytes()


def _truncated(folder: Path) -> bytes:
    whole = sound_library(folder).read_bytes()
    return whole[: len(whole) // 2]


LIBRARIES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "lib_sound": (sound_library, ACCEPTED),
    "lib_revision_0001": (lambda folder: Path(shutil.copyfile(OLD_LIBRARY, folder / "old.sqlite")), ACCEPTED),
    "lib_trigger_empties_answers": (altered(
        "CREATE TRIGGER t AFTER INSERT ON answer_block BEGIN DELETE FROM answer_block; END"), REFUSED),
    "lib_trigger_on_read_path": (altered(
        "CREATE TRIGGER t AFTER UPDATE ON source BEGIN DELETE FROM snippet; END"), REFUSED),
    "lib_drafter_trigger_rewritten": (altered(
        "DROP TRIGGER source_fts_insert",
        "CREATE TRIGGER source_fts_insert AFTER INSERT ON source BEGIN DELETE FROM response; END"), REFUSED),
    "lib_view_in_place_of_table": (altered(
        "PRAGMA foreign_keys=OFF", "DROP TABLE snippet_tag",
        "CREATE VIEW snippet_tag AS SELECT 1 AS id, 1 AS snippet_id, 'x' AS tag"), REFUSED),
    "lib_extra_view": (altered("CREATE VIEW v AS SELECT * FROM source"), REFUSED),
    "lib_virtual_table": (altered("CREATE VIRTUAL TABLE v USING fts5(x)"), REFUSED),
    "lib_extra_table": (altered("CREATE TABLE macros (body TEXT)"), REFUSED),
    "lib_extra_index": (altered("CREATE INDEX ix_evil ON source (title)"), REFUSED),
    "lib_text_in_a_number": (
        altered("UPDATE answer_block SET position = 'first' WHERE id = (SELECT min(id) FROM answer_block)"), REFUSED
    ),
    "lib_broken_link": (altered("PRAGMA foreign_keys=OFF", "UPDATE snippet SET source_id = 424242"), REFUSED),
    "lib_authors_not_json": (altered("UPDATE source SET authors = '{{{'"), REFUSED),
    "lib_newer_revision": (altered("UPDATE alembic_version SET version_num = '9999'"), REFUSED),
    "lib_no_revision": (altered("DELETE FROM alembic_version"), REFUSED),
    "lib_plain_sqlite": (raw(_plain_sqlite), REFUSED),
    "lib_truncated": (raw(_truncated), REFUSED),
    "lib_empty": (raw(b""), REFUSED),
    "lib_text": (raw(b"Dear colleague, our library is attached.\n" * 50), REFUSED),
}


@pytest.mark.parametrize("name", sorted(LIBRARIES))
def test_hostile_library_file(name: str, tmp_path: Path, hang_guard) -> None:  # type: ignore[no-untyped-def]
    make, outcome = LIBRARIES[name]
    library = make(tmp_path)
    target = tmp_path / "target"
    code, _, err = drafter(target, "sources", "list")  # a new user's folder: the stored articles only
    assert code == 0, err
    before = folder_state(target)
    code, out, err = drafter(target, "library", "import", str(library))
    if outcome == REFUSED:
        assert code == 1 and out == ""
        assert_plain(err.removeprefix("drafter: "))
        assert folder_state(target) == before, "a refused library changed the data folder"
        return
    assert (code, err) == (0, ""), err
    code, out, err = drafter(target, "responses", "list", "--json")
    assert code == 0 and err == ""
    code, _, err = drafter(target, "search", "scaling")  # the search index was filled again
    assert code == 0 and err == ""


# --- the data folders -------------------------------------------------------------------------


def _with_library(folder: Path) -> None:
    code, _, err = drafter(folder, "sources", "list")
    assert code == 0, err


def _backups_a_file(folder: Path) -> None:
    _with_library(folder)
    shutil.rmtree(folder / "backups", ignore_errors=True)
    (folder / "backups").write_text("not a folder")


def _database_a_folder(folder: Path) -> None:
    (folder / "drafter.sqlite").mkdir(parents=True)


def _database_garbage(folder: Path) -> None:
    folder.mkdir()
    (folder / "drafter.sqlite").write_bytes(os.urandom(0) + b"\x00garbage" * 4096)


def _database_empty(folder: Path) -> None:
    folder.mkdir()
    (folder / "drafter.sqlite").write_bytes(b"")


def _folder_a_file(folder: Path) -> None:
    folder.write_text("not a folder")


def _wal_garbage(folder: Path) -> None:
    _with_library(folder)
    (folder / "drafter.sqlite-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\xff" * 8000)


def _lock_garbage(folder: Path) -> None:
    _with_library(folder)
    (folder / "drafter.lock").write_bytes(b"\xff\xfe not a pid\n")


def _backup_garbage(folder: Path) -> None:
    _with_library(folder)
    (folder / "backups").mkdir(exist_ok=True)
    (folder / "backups" / "daily-20200101T000000Z.sqlite").write_bytes(b"garbage" * 100)


def _backups_unreadable_names(folder: Path) -> None:
    _with_library(folder)
    (folder / "backups").mkdir(exist_ok=True)
    (folder / "backups" / "daily-99999999T999999Z.sqlite").write_bytes(b"")


FOLDERS: dict[str, tuple[Callable[[Path], None], str]] = {
    "dir_backups_is_a_file": (_backups_a_file, ACCEPTED),
    "dir_database_is_a_folder": (_database_a_folder, REFUSED),
    "dir_database_is_garbage": (_database_garbage, REFUSED),
    "dir_database_is_empty": (_database_empty, ACCEPTED),
    "dir_data_folder_is_a_file": (_folder_a_file, REFUSED),
    "dir_wal_is_garbage": (_wal_garbage, ACCEPTED),
    "dir_lock_is_garbage": (_lock_garbage, ACCEPTED),
    "dir_backup_is_garbage": (_backup_garbage, ACCEPTED),
    "dir_backup_with_impossible_date": (_backups_unreadable_names, ACCEPTED),
}


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_broken_data_folder(name: str, tmp_path: Path, hang_guard) -> None:  # type: ignore[no-untyped-def]
    make, outcome = FOLDERS[name]
    folder = tmp_path / "data"
    make(folder)
    before = folder_state(folder)
    for argv in (("sources", "list"), ("responses", "list"), ("backup", "list")):
        code, out, err = drafter(folder, *argv)
        if outcome == REFUSED and argv[0] == "backup":  # listing backups never opens the database:
            assert code == 0 or not out, (argv, out)    # it must work most when the database is broken
            assert folder_state(folder) == before
        elif outcome == REFUSED:
            assert code != 0 and out == "", (argv, out)
            assert_plain(err.removeprefix("drafter: "))
            assert folder_state(folder) == before, "a refused data folder was changed"
        else:
            assert code == 0, (argv, err)
            if err:  # only a failed backup may be said, and plainly
                assert "backup" in err
                assert_plain(err.removeprefix("drafter: "))
    if outcome == ACCEPTED:
        con = sqlite3.connect(folder / "drafter.sqlite")
        try:
            assert con.execute("PRAGMA quick_check").fetchone() == ("ok",)
            assert con.execute("SELECT count(*) FROM source").fetchone()[0] >= 5  # the stored articles
        finally:
            con.close()


def test_every_kind_of_input_is_in_the_corpus() -> None:
    assert len(LIBRARIES) >= 15 and len(FOLDERS) >= 8
    assert {outcome for _, outcome in LIBRARIES.values()} == {REFUSED, ACCEPTED}
