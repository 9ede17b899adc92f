"""``drafter library push URL`` and ``pull URL``: a library to a real server and back, checked row for row."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from drafter.cli import build_parser, run


def drafter(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def snapshot(engine) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from drafter.core.store.transfer import library_tables, table_check

    with engine.connect() as connection:
        return {t.name: table_check(connection, t) for t in library_tables()}


def library_of(folder: Path) -> dict[str, object]:
    from drafter.core.store import Store

    store = Store.open(folder, seed=False)
    try:
        return snapshot(store.engine)
    finally:
        store.close()


def test_push_then_pull_gives_the_same_library(data_dir: Path, tmp_path: Path, pg_url: str) -> None:
    assert drafter("snippets", "add", "4", "--quote", "scaling up")[0] == 0
    code, out, err = drafter("library", "push", pg_url)
    assert (code, err) == (0, "")
    assert "5 sources, 1 snippet and 0 responses" in out and "checked row for row" in out
    elsewhere = tmp_path / "elsewhere"
    code, out, err = drafter("--data-dir", str(elsewhere), "library", "pull", pg_url)
    assert (code, err) == (0, "")
    assert library_of(elsewhere) == library_of(data_dir)


def test_push_refuses_a_server_library_that_holds_anything(data_dir: Path, pg_url: str) -> None:
    from drafter.core.store import Store

    assert drafter("library", "push", pg_url)[0] == 0
    server = Store.open_url(pg_url, data_dir, seed=False)
    try:
        before = snapshot(server.engine)
        code, _out, err = drafter("library", "push", pg_url)
        assert code == 1 and "not empty" in err
        assert snapshot(server.engine) == before
    finally:
        server.close()


def test_pull_keeps_a_local_library_unless_told_to_replace_it(data_dir: Path, tmp_path: Path, pg_url: str) -> None:
    from drafter.core.store.backups import KIND_IMPORT, list_backups

    other = tmp_path / "other"
    assert drafter("--data-dir", str(other), "snippets", "add", "4", "--quote", "scaling up")[0] == 0
    assert drafter("--data-dir", str(other), "library", "push", pg_url)[0] == 0
    # This folder's own library (the stored articles, no snippet) is not the server's.
    assert drafter("sources", "list")[0] == 0
    mine = library_of(data_dir)
    code, _out, err = drafter("library", "pull", pg_url)
    assert code == 1 and "not empty" in err and "--replace" in err
    assert library_of(data_dir) == mine
    code, out, err = drafter("library", "pull", "--replace", pg_url)
    assert (code, err) == (0, "") and "backed up first" in out
    assert library_of(data_dir) == library_of(other)
    backups = [b for b in list_backups(data_dir) if b.kind == KIND_IMPORT]
    assert len(backups) == 1 and backups[0].ok
    assert backups[0].id in out


@pytest.mark.parametrize("url", ["mysql://someone@host/db", "postgresql://someone@127.0.0.1:1/nothing"])
def test_a_bad_or_unreachable_server_is_refused_plainly(data_dir: Path, url: str) -> None:
    before = library_of(data_dir)
    for command in ("push", "pull"):
        code, out, err = drafter("library", command, url)
        assert code == 1 and out == "" and "Traceback" not in err
        assert err.startswith("drafter")
    assert library_of(data_dir) == before


def test_the_password_the_window_kept_is_used_for_a_url_without_one(data_dir: Path, pg_server, pg_url: str) -> None:
    from sqlalchemy import make_url

    from drafter.core.store import credentials
    from pg_server import SUPERUSER_PASSWORD

    database = str(make_url(pg_url).database)
    bare = pg_server.url(database, tcp=True)  # over TCP the server asks for the password
    assert make_url(bare).password is None
    code, _out, err = drafter("library", "push", bare)
    assert code == 1 and "refused the sign-in" in err
    assert credentials.remember(make_url(bare), SUPERUSER_PASSWORD)  # as the window keeps it
    code, out, err = drafter("library", "push", bare)
    assert (code, err) == (0, "") and "checked row for row" in out
    assert SUPERUSER_PASSWORD not in out
