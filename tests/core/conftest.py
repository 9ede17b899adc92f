"""The core's tests on both engines: a data folder's SQLite file and a shared library on PostgreSQL.

``engine_store`` is a store opened on each engine in turn (test ids ``[sqlite]`` and
``[postgresql]``). A module whose tests don't depend on the engine runs on both by
overriding ``store`` with it::

    @pytest.fixture
    def store(engine_store):
        return engine_store

Tests about the SQLite file itself (its integrity check, backups, WAL journal) keep
the plain ``store``; in a module that runs on both, such a test is marked
``@pytest.mark.sqlite_file`` and runs on SQLite only (its id still says ``[sqlite]``).

On PostgreSQL each test gets a database of its own, copied from a template that was
migrated and seeded once per run (``CREATE DATABASE … TEMPLATE``): opening a fresh
library runs every migration and seeds the stored articles, which would take most of
a second per test.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_library_template(pg_server: Any, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The name of a database on the test server holding a migrated, seeded library (never opened by a test)."""
    from drafter.core.store import Store

    name = pg_server.new_database("library_template")
    store = Store.open_url(pg_server.url(name), tmp_path_factory.mktemp("template-data"))
    store.close()
    return str(name)


@pytest.fixture
def server_library(pg_server: Any, pg_library_template: str) -> Iterator[str]:
    """The URL of a fresh database on the test server that already holds a new library."""
    from psycopg import sql

    name = f"lib_{os.getpid()}_{next(_numbers)}"
    with pg_server.connect_admin() as con:
        con.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(pg_library_template)))
    try:
        yield str(pg_server.url(name))
    finally:
        pg_server.drop_database(name)


_numbers = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_file: about the data folder's SQLite file; not run on a server")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine_store" in metafunc.fixturenames:
        engines = ("sqlite",) if metafunc.definition.get_closest_marker("sqlite_file") else ENGINES
        metafunc.parametrize("engine_store", engines, indirect=True)


@pytest.fixture
def engine_store(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Any]:
    """An opened store with the stored articles, on SQLite (the data folder) or on the PostgreSQL test server."""
    from drafter.core.store import Store

    if request.param == "sqlite":
        opened = Store.open(data_dir)
    else:
        url = request.getfixturevalue("server_library")
        opened = Store.open_url(url, data_dir)
    try:
        yield opened
    finally:
        opened.close()

