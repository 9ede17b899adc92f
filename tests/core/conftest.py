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

The engine itself is the ``library_engine`` fixture of tests/conftest.py, which the
command line's and the window's tests use too; on PostgreSQL each test gets a database
of its own there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def engine_store(library_engine: str, data_dir: Path) -> Iterator[Any]:
    """An opened store with the stored articles, on SQLite (the data folder) or on the PostgreSQL test server."""
    from drafter.core.store import Store

    url = os.environ.get("DRAFTER_DATABASE") if library_engine == "postgresql" else None
    opened = Store.open_url(url, data_dir) if url else Store.open(data_dir)
    try:
        yield opened
    finally:
        opened.close()
