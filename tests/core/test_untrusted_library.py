"""A library file or a backup carries data only: its schema is Drafter's own, its rows are checked."""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path

import pytest

from drafter.cli import build_parser, run
from drafter.core.errors import RefusedError
from drafter.core.questions import parse_questions
from drafter.core.responses import add_block, create_response, delete_block, replace_questions
from drafter.core.responses.records import ResponseDetails
from drafter.core.store import Store
from drafter.core.store.archive import export_archive, import_archive
from drafter.core.store.backups import KIND_DAILY, make_backup
from drafter.core.store.restore import restore_backup
from drafter.core.store.untrusted import normalise_sql, normalised_schema

OLD_LIBRARY = Path(__file__).parents[1] / "data" / "db" / "rev0001.sqlite"


def drafter(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def schema_of(database: Path) -> dict:
    con = sqlite3.connect(database)
    try:
        return normalised_schema(con)
    finally:
        con.close()


def folder_state(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def library_file(store: Store, tmp_path: Path) -> Path:
    """An exported library holding a response with one paragraph."""
    response = create_response(store, ResponseDetails(consultation_title="FRT"))
    response = replace_questions(store, response.id, parse_questions("1. Agree?\n2. Why?").questions)
    add_block(store, response.questions[0].id, text="Our view.")
    return export_archive(store.data_dir, tmp_path / "library.sqlite").path


def edited(path: Path, *statements: str) -> Path:
    con = sqlite3.connect(path)
    try:
        for statement in statements:
            con.execute(statement)
        con.commit()
    finally:
        con.close()
    return path


def test_an_imported_library_has_exactly_the_schema_the_migrations_make(library_file: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    Store.open(fresh).close()
    moved = tmp_path / "moved"
    import_archive(moved, library_file)
    Store.open(moved).close()
    assert schema_of(moved / "drafter.sqlite") == schema_of(fresh / "drafter.sqlite")


def test_a_library_from_revision_0001_comes_in_whole_and_is_brought_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    Store.open(fresh).close()
    moved = tmp_path / "moved"
    import_archive(moved, OLD_LIBRARY)
    store = Store.open(moved)
    try:
        titles = [t for (t,) in store.reader().execute("SELECT title FROM source")]
    finally:
        store.close()
    assert "A source written at revision 0001" in titles
    assert schema_of(moved / "drafter.sqlite") == schema_of(fresh / "drafter.sqlite")


EMPTIES_ANSWERS = "CREATE TRIGGER empty_answers AFTER INSERT ON answer_block BEGIN DELETE FROM answer_block; END"

#: (what the file holds, statements that put it there, words of the refusal)
HOSTILE_SCHEMAS: list[tuple[str, tuple[str, ...], str]] = [
    ("a trigger that empties every answer", (EMPTIES_ANSWERS,), "a trigger “empty_answers”"),
    ("a view in place of a table", (
        "PRAGMA foreign_keys=OFF", "DROP TABLE answer_block",
        ("CREATE VIEW answer_block AS SELECT 1 AS id, 1 AS question_id, 0 AS position, 'paragraph' AS kind, "
         "'' AS text, NULL AS snippet_id, '' AS created_at, '' AS updated_at"),
    ), "a view “answer_block”"),
    ("a view beside the tables", ("CREATE VIEW everything AS SELECT * FROM source",), "a view “everything”"),
    ("a virtual table of its own", ("CREATE VIRTUAL TABLE notes USING fts5(body)",), "a virtual table “notes”"),
    ("a table of its own", ("CREATE TABLE extra (x)",), "a table “extra”"),
    ("an index of its own", ("CREATE INDEX ix_extra ON source (url)",), "an index “ix_extra”"),
    ("Drafter's trigger with another body", (
        "DROP TRIGGER source_fts_delete",
        "CREATE TRIGGER source_fts_delete AFTER DELETE ON source BEGIN DELETE FROM answer_block; END",
    ), "a trigger “source_fts_delete” that is not made the way Drafter makes it"),
    ("a missing search trigger", ("DROP TRIGGER snippet_fts_insert",), "no trigger “snippet_fts_insert”"),
]


@pytest.mark.parametrize(("statements", "words"), [c[1:] for c in HOSTILE_SCHEMAS], ids=[c[0] for c in HOSTILE_SCHEMAS])
def test_a_library_carrying_code_is_refused_and_the_folder_left_as_it_was(
    library_file: Path, tmp_path: Path, statements: tuple[str, ...], words: str
) -> None:
    edited(library_file, *statements)
    target = tmp_path / "target"
    Store.open(target, seed=True).close()  # a new user's folder: the stored articles only
    before = folder_state(target)
    code, out, err = drafter("--data-dir", str(target), "library", "import", str(library_file))
    assert code != 0 and out == ""
    assert words in err and "nothing was changed" in err and "Traceback" not in err
    assert folder_state(target) == before


def test_the_trigger_case_end_to_end_added_paragraphs_stay(library_file: Path, tmp_path: Path) -> None:
    """The issue's case: once refused, nothing of the trigger reaches the library."""
    edited(library_file, EMPTIES_ANSWERS)
    target = tmp_path / "target"
    with pytest.raises(RefusedError):
        import_archive(target, library_file)
    assert not target.exists()  # made for the import, removed again on refusal


ROW_PROBLEMS: list[tuple[str, tuple[str, ...], str]] = [
    ("text where a number goes", ("UPDATE answer_block SET position = 'first'",), "“position” holds a value"),
    ("authors that are not JSON", ("UPDATE source SET authors = '[unclosed' WHERE id = 1",), "“authors” holds"),
    ("a deeply nested JSON value", (f"UPDATE source SET authors = '{'[' * 100_000}{']' * 100_000}' WHERE id = 1",),
     "“authors” holds"),
    ("a quotation of a snippet that is not there", (
        "PRAGMA foreign_keys=OFF", "UPDATE answer_block SET snippet_id = 999999",
    ), "at records it does not hold"),
    ("a flag that is neither yes nor no", ("UPDATE question SET confidential = 7",), "“confidential” holds"),
]


@pytest.mark.parametrize(("statements", "words"), [c[1:] for c in ROW_PROBLEMS], ids=[c[0] for c in ROW_PROBLEMS])
def test_rows_are_checked_one_by_one(library_file: Path, tmp_path: Path, statements: tuple[str, ...],
                                     words: str) -> None:
    edited(library_file, *statements)
    with pytest.raises(RefusedError, match="damaged") as refused:
        import_archive(tmp_path / "target", library_file)
    assert words in str(refused.value)
    assert not (tmp_path / "target").exists()


def test_ids_never_handed_out_again_stay_so(store: Store, tmp_path: Path) -> None:
    response = create_response(store, ResponseDetails(consultation_title="FRT"))
    response = replace_questions(store, response.id, parse_questions("1. Agree?").questions)
    question = response.questions[0].id
    blocks = [add_block(store, question, text=f"p{n}") for n in range(3)]
    delete_block(store, blocks[-1].id)
    archive = export_archive(store.data_dir, tmp_path / "lib.sqlite").path
    moved = tmp_path / "moved"
    import_archive(moved, archive)
    again = Store.open(moved)
    try:
        new = add_block(again, question, text="after the move")
        assert new.id > blocks[-1].id
        texts = [t for (t,) in again.reader().execute(
            "SELECT text FROM answer_block WHERE question_id = ? ORDER BY position", (question,))]
        assert texts == ["p0", "p1", "after the move"]
    finally:
        again.close()


def test_a_tampered_backup_is_refused_and_the_database_kept(store: Store) -> None:
    """A backup comes from Drafter's own folder, but that folder can be changed by anyone who can write to it."""
    response = create_response(store, ResponseDetails(consultation_title="Kept"))
    backup = make_backup(store.data_dir, KIND_DAILY)
    store.close()
    edited(backup.path, EMPTIES_ANSWERS)
    database = store.data_dir / "drafter.sqlite"
    before = database.read_bytes()
    with pytest.raises(RefusedError, match="a trigger “empty_answers”") as refused:
        restore_backup(store.data_dir, backup.id)
    assert "changed after it was made" in (refused.value.hint or "")
    assert database.read_bytes() == before
    assert not list(store.data_dir.glob("*.replaced-*"))
    assert not [p for p in store.data_dir.iterdir() if p.name.startswith(".checking-")]
    assert response.id


def test_a_sound_backup_is_restored_with_drafter_s_own_schema(store: Store, tmp_path: Path) -> None:
    create_response(store, ResponseDetails(consultation_title="In the backup"))
    backup = make_backup(store.data_dir, KIND_DAILY)
    create_response(store, ResponseDetails(consultation_title="After it"))
    store.close()
    restore_backup(store.data_dir, backup.id)
    reopened = Store.open(store.data_dir)
    try:
        titles = [t for (t,) in reopened.reader().execute("SELECT consultation_title FROM response")]
    finally:
        reopened.close()
    assert titles == ["In the backup"]
    fresh = tmp_path / "fresh"
    Store.open(fresh).close()
    assert schema_of(store.data_dir / "drafter.sqlite") == schema_of(fresh / "drafter.sqlite")


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("CREATE TABLE t (a INTEGER, FOREIGN KEY(a) REFERENCES x (id), FOREIGN KEY(b) REFERENCES y (id))",
         "CREATE TABLE t (a INTEGER, FOREIGN KEY(b) REFERENCES y (id), FOREIGN KEY(a) REFERENCES x (id))", True),
        ("CREATE TABLE t (a INTEGER,\n   b TEXT)", "CREATE TABLE t (a INTEGER, b TEXT)", True),
        ("CREATE TABLE t (a TEXT DEFAULT 'x, y')", "CREATE TABLE t (a TEXT DEFAULT 'x', y)", False),
        ("CREATE TABLE t (a INTEGER)", "CREATE TABLE t (a TEXT)", False),
        ("CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM a; DELETE FROM b; END",
         "CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; DELETE FROM a; END", False),
    ],
)
def test_normalising_a_statement_ignores_only_what_means_nothing(one: str, other: str, same: bool) -> None:
    assert (normalise_sql(one) == normalise_sql(other)) is same


def test_the_old_library_fixture_is_untouched(tmp_path: Path) -> None:
    copy = tmp_path / "old.sqlite"
    shutil.copyfile(OLD_LIBRARY, copy)
    import_archive(tmp_path / "moved", copy)
    assert copy.read_bytes() == OLD_LIBRARY.read_bytes()
