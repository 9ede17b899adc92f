"""The database: created and migrated at start-up, refused clearly when it can't be used."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from drafter.core.errors import DatabaseDamagedError, DatabaseTooNewError, DataFolderError
from drafter.core.paths import database_path
from drafter.core.store import Store
from drafter.core.store import migrate as migrate_module
from drafter.core.store.migrate import HEAD_REVISION, migrations_dir

FIXTURES = Path(__file__).parent.parent / "data" / "db"


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


def _table_names(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def test_empty_folder_is_migrated_to_head(data_dir: Path) -> None:
    store = Store.open(data_dir, seed=False)
    store.close()
    tables = _table_names(database_path(data_dir))
    assert {"source", "source_page", "snippet", "snippet_tag", "response", "question", "answer_block"} <= tables
    con = sqlite3.connect(database_path(data_dir))
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    con.close()
    # A brand-new database has nothing to protect, so no pre-migration copy is made.
    assert store.migration_backup is None


def test_head_constant_matches_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory(str(migrations_dir())).get_current_head() == HEAD_REVISION


def test_models_and_migrations_agree(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from drafter.core.store.migrate import include_name

    # The same filter as migrations/env.py: the search index is not in the models.
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        diffs = compare_metadata(context, SQLModel.metadata)
    assert diffs == []


@pytest.mark.sqlite_file
def test_connection_settings(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_a_failed_operation_changes_nothing(store: Store) -> None:
    from drafter.core.models import Source

    with pytest.raises(RuntimeError), store.transaction() as session:
        session.add(Source(title="half-done", content_hash="x", text="x"))
        session.flush()
        raise RuntimeError("power cut in the middle")
    with store.reading() as session:
        assert session.exec(text("SELECT count(*) FROM source WHERE title='half-done'")).scalar() == 0


def test_database_from_first_revision_opens_with_data_intact(data_dir: Path) -> None:
    """A database written at revision 0001 (checked in) opens in this version with its data."""
    data_dir.mkdir(parents=True)
    shutil.copy(FIXTURES / "rev0001.sqlite", database_path(data_dir))
    store = Store.open(data_dir)
    try:
        from drafter.core.library import get_source, list_sources

        titles = {s.title for s in list_sources(store)}
        assert "A source written at revision 0001" in titles
        record = next(s for s in list_sources(store) if s.title == "A source written at revision 0001")
        assert get_source(store, record.id).text == "Exact text, kept character for character: ‘£260m’."
    finally:
        store.close()


def _add_revision(tmp_path: Path) -> Path:
    """A copy of the migrations with one more revision, as a future release would ship."""
    copy = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), copy)
    (copy / "versions" / "0099_test_add_column.py").write_text(
        '"""Test-only revision."""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '0099'\ndown_revision = '{HEAD_REVISION}'\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('source') as batch:\n"
        "        batch.add_column(sa.Column('extra', sa.String(), nullable=True))\n"
        "def downgrade():\n"
        "    with op.batch_alter_table('source') as batch:\n"
        "        batch.drop_column('extra')\n"
    )
    return copy


def test_upgrade_keeps_data_and_copies_the_database_aside_first(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(data_dir)
    from drafter.core.library import list_sources

    before = [(s.id, s.title, s.date) for s in list_sources(store)]
    store.close()

    future = _add_revision(tmp_path)
    monkeypatch.setattr(migrate_module, "migrations_dir", lambda: future)
    monkeypatch.setattr(migrate_module, "HEAD_REVISION", "0099")
    store = Store.open(data_dir)
    try:
        assert [(s.id, s.title, s.date) for s in list_sources(store)] == before
        assert store.migration_backup is not None
        backup = Path(store.migration_backup)
        assert backup.parent == data_dir / "backups"
        con = sqlite3.connect(backup)
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
        assert con.execute("SELECT count(*) FROM source").fetchone()[0] == len(before)
        con.close()
    finally:
        store.close()


def test_database_from_a_newer_version_is_refused_and_left_alone(data_dir: Path) -> None:
    Store.open(data_dir).close()
    path = database_path(data_dir)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff-from-the-future'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version of Drafter"):
        Store.open(data_dir)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 4000, b"\x00" * 8192],
    ids=["text", "bad-header", "zeros"],
)
def test_damaged_database_is_refused_and_left_alone(data_dir: Path, content: bytes) -> None:
    data_dir.mkdir(parents=True)
    path = database_path(data_dir)
    path.write_bytes(content)
    with pytest.raises(DatabaseDamagedError) as caught:
        Store.open(data_dir)
    assert "damaged" in caught.value.message
    assert path.read_bytes() == content


def test_data_folder_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    with pytest.raises(DataFolderError, match="is a file, not a folder"):
        Store.open(target)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_data_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DataFolderError, match="cannot write"):
            Store.open(folder)
    finally:
        folder.chmod(0o700)


def test_folder_where_writing_fails(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same refusal as a read-only folder, also when the tests run as root."""
    import drafter.core.store as store_module

    def refuse(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store_module.tempfile, "mkstemp", refuse)
    with pytest.raises(DataFolderError, match="cannot write to its data folder") as caught:
        Store.open(data_dir)
    assert "read-only" in (caught.value.hint or "")
    assert not database_path(data_dir).exists()


def test_data_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DataFolderError, match="cannot create"):
        Store.open(blocker / "inside")


def test_a_table_rebuild_in_a_migration_keeps_linked_rows(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rebuilding 'snippet' (as Alembic does on SQLite) must not cascade away its tags."""
    from drafter.core.library import list_sources
    from drafter.core.snippets import list_snippets, snippet_from_quote

    store = Store.open(data_dir)
    source = list_sources(store)[0]
    snippet_from_quote(store, source.id, "Met", occurrence=1, tags=["kept"])
    store.close()
    future = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), future)
    (future / "versions" / "0098_rebuild_snippet.py").write_text(
        '"""Test-only revision that rebuilds a table."""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '0098'\ndown_revision = {HEAD_REVISION!r}\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('snippet', recreate='always') as batch:\n"
        "        batch.add_column(sa.Column('extra', sa.String(), nullable=True))\n"
        "def downgrade():\n    pass\n"
    )
    monkeypatch.setattr(migrate_module, "migrations_dir", lambda: future)
    monkeypatch.setattr(migrate_module, "HEAD_REVISION", "0098")
    store = Store.open(data_dir)
    try:
        assert [s.tags for s in list_snippets(store)] == [("kept",)]
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        store.close()


@pytest.mark.sqlite_file
def test_a_write_that_the_disk_refuses_is_a_plain_error_and_changes_nothing(store: Store) -> None:
    from sqlalchemy import event

    from drafter.core.library import list_sources
    from drafter.core.models import Source
    from drafter.core.store import SaveFailedError

    before = len(list_sources(store))
    store.engine.dispose()
    # Every new connection can no longer write: what a read-only folder or a full disk looks like.
    event.listen(store.engine, "connect", lambda con, _record: con.execute("PRAGMA query_only = 1"))
    with (
        pytest.raises(SaveFailedError, match="could not save your latest change") as caught,
        store.transaction() as session,
    ):
        session.add(Source(title="x", content_hash="x", text="x"))
    assert "keeps trying" in (caught.value.hint or "")
    assert len(list_sources(store)) == before


def test_a_big_database_is_checked_after_opening_when_asked(data_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import drafter.core.store as store_module

    Store.open(data_dir).close()
    calls: list[str] = []
    monkeypatch.setattr(store_module, "_check_integrity", lambda *_: calls.append("check"))
    monkeypatch.setattr(Store, "_daily_backup", lambda self: calls.append("backup"))
    Store.open(data_dir, later=True).close()  # small: checked first, backup left for later
    assert calls == ["check"]
    monkeypatch.setattr(Store, "CHECK_FIRST_BYTES", 0)
    calls.clear()
    opened = Store.open(data_dir, later=True)
    assert calls == []
    opened.run_later_checks()
    assert calls == ["check", "backup"]
    opened.run_later_checks()  # once only
    assert calls == ["check", "backup"]
    opened.close()
    calls.clear()
    Store.open(data_dir).close()  # the command line: everything first
    assert calls == ["check", "backup"]


def test_changes_wait_until_the_orm_is_warmed_up(store: Store) -> None:
    """Two threads importing one package can deadlock in it: a change waits for the warm-up."""
    import threading

    store._warm_thread = -1  # another thread is importing the ORM
    finished = threading.Event()

    def change() -> None:
        with store.transaction():
            pass
        finished.set()

    worker = threading.Thread(target=change)
    worker.start()
    assert not finished.wait(0.3)  # held back
    store._warm_done.set()  # the warm-up ends
    worker.join(30)
    assert finished.is_set()


def test_warm_up_imports_the_orm_and_the_export(data_dir: Path) -> None:
    """The first export then imports nothing; every other thread waits for this (``wait_for_warm_up``)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from drafter.core.store import Store\n"
        "from drafter.core.warmup import warm_up\n"
        "store = Store.open(Path(sys.argv[1]))\n"
        "store.close()\n"
        "store = Store.open(Path(sys.argv[1]), later=True)\n"
        "warm_up(store)\n"
        "print('sqlalchemy' in sys.modules, 'drafter.core.responses.operations' in sys.modules,\n"
        "      'docx' in sys.modules, store._engine is not None)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(data_dir)], check=True, capture_output=True,
                            text=True, timeout=120)
    assert result.stdout.split() == ["True", "True", "True", "True"]


def test_warm_up_opens_the_first_connection_but_not_after_close(data_dir: Path) -> None:
    store = Store.open(data_dir, later=True)
    store.warm_up()
    assert store._engine is not None and store._engine.pool.checkedin() == 1  # ready for the first edit
    store.close()
    late = Store.open(data_dir, later=True)
    late.close()  # the window closed while the start-up thread was still importing
    late.warm_up()
    assert late._engine is not None and late._engine.pool.checkedin() == 0  # nothing left open on the file


def test_a_data_folder_whose_name_holds_uri_characters_works_throughout(tmp_path: Path) -> None:
    """SQLite reads ``#`` and ``?`` after ``file:`` as the end of the path: every read-only open escapes them."""
    from drafter.core.store.backups import daily_backup_if_due, list_backups
    from drafter.core.store.sqlite import quick_check

    folder = tmp_path / "Team #2 ? drafts%20"
    store = Store.open(folder)
    store.close()
    attached = Store.attach(folder)  # checks the schema through a read-only URI
    attached.close()
    assert quick_check(folder / "drafter.sqlite") == "ok"
    daily_backup_if_due(folder)
    [backup] = list_backups(folder)
    assert backup.ok
    reopened = Store.open(folder)  # the next day's start: checks and reads it read-only first
    reopened.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # no database made anywhere else
