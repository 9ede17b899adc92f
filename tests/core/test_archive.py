"""Leaving: the whole library to one file, and back into an empty data folder, nothing lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from drafter.core.errors import DrafterError, RefusedError
from drafter.core.questions import parse_questions
from drafter.core.responses import add_block, create_response, replace_questions, set_chosen_option
from drafter.core.responses.records import ResponseDetails
from drafter.core.snippets import snippet_from_quote
from drafter.core.sources import SourceFacts, add_source
from drafter.core.store import Store
from drafter.core.store.archive import export_archive, import_archive

# The library as one SQLite file, into and out of a data folder: SQLite's by nature (on a server the
# commands refuse and name pg_dump: tests/test_cli.py, tests/test_cli_server.py).
pytestmark = pytest.mark.sqlite_file

USER_TABLES = ("source", "source_page", "snippet", "snippet_tag", "response", "question", "answer_block")


def dump(data_dir: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(data_dir / "drafter.sqlite")
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in USER_TABLES}
    finally:
        con.close()


def _fill(store: Store) -> None:
    pdf = add_source(store, "Page one text.\n\nPage two text.", SourceFacts(type="report", title="A report"),
                     format="pdf", pages=[(0, 14, "iv"), (16, 30, "v")])
    snippet_from_quote(store, pdf.id, "Page two", tags=["pages"], note="from p v")
    response = create_response(store, ResponseDetails(consultation_title="FRT", organisation="Rights Watch"))
    response = replace_questions(store, response.id, parse_questions("1. Agree?\nYes / No").questions)
    set_chosen_option(store, response.questions[0].id, "No")
    quote = snippet_from_quote(store, 4, "scaling up")
    add_block(store, response.questions[0].id, text="Our view.")
    add_block(store, response.questions[0].id, kind="quotation", snippet_id=quote.id)


def test_round_trip_into_an_empty_folder_loses_nothing(store: Store, tmp_path: Path) -> None:
    _fill(store)
    before = dump(store.data_dir)
    summary = export_archive(store.data_dir, tmp_path / "everything.sqlite")
    assert (summary.sources, summary.snippets, summary.responses) == (6, 2, 1)
    assert not list(tmp_path.glob("everything.sqlite-*"))  # no side files left beside the archive
    elsewhere = tmp_path / "new-computer"
    import_archive(elsewhere, summary.path)
    Store.open(elsewhere).close()  # as the app does on its next start
    assert dump(elsewhere) == before


def test_an_empty_folder_with_only_the_stored_articles_counts_as_empty(store: Store, tmp_path: Path) -> None:
    _fill(store)
    archive = export_archive(store.data_dir, tmp_path / "lib.sqlite").path
    fresh = tmp_path / "fresh"
    Store.open(fresh).close()  # a new user's library: the stored articles only
    import_archive(fresh, archive)
    assert len(dump(fresh)["response"]) == 1


def test_import_never_replaces_someone_s_work(store: Store, tmp_path: Path) -> None:
    archive = export_archive(store.data_dir, tmp_path / "lib.sqlite").path
    _fill(store)
    before = dump(store.data_dir)
    store.close()
    with pytest.raises(RefusedError, match="already holds your own"):
        import_archive(store.data_dir, archive)
    assert dump(store.data_dir) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a database at all" * 100, "not a sound Drafter library"),
        (b"", "not a sound Drafter library"),
    ],
)
def test_files_that_are_not_libraries_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    with pytest.raises(DrafterError, match=message):
        import_archive(tmp_path / "target", bad)
    assert not (tmp_path / "target" / "drafter.sqlite").exists()


def test_a_library_from_a_newer_version_is_refused(store: Store, tmp_path: Path) -> None:
    archive = export_archive(store.data_dir, tmp_path / "lib.sqlite").path
    con = sqlite3.connect(archive)
    con.execute("UPDATE alembic_version SET version_num = 'from-the-future'")
    con.commit()
    con.close()
    with pytest.raises(RefusedError, match="newer version of Drafter"):
        import_archive(tmp_path / "target", archive)


def test_export_to_a_missing_folder_is_a_plain_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(DrafterError, match="does not exist"):
        export_archive(store.data_dir, tmp_path / "no" / "such" / "lib.sqlite")
