"""Opening the library for one command: the data folder's database, or a shared one on a server (``--database``)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from drafter.core.errors import DrafterError
from drafter.core.paths import resolve_data_dir, resolve_database

if TYPE_CHECKING:
    from drafter.core.store import Store


def server_location(args: argparse.Namespace) -> str | None:
    """The shared library ``--database`` (or ``DRAFTER_DATABASE``) names, checked to be a server's; None if none."""
    location = resolve_database(getattr(args, "database", None))
    if location is None:
        return None
    from drafter.core.store.postgres import is_server_location

    if not is_server_location(location):
        raise DrafterError(
            "--database takes the address of a shared library on a PostgreSQL server "
            "(postgresql://USER@HOST/DATABASE).",
            hint="For a library in a folder on this computer, use --data-dir instead.",
        )
    return location


def refuse_on_server(args: argparse.Namespace, what: str, instead: str) -> None:
    """Stop a command that only applies to a data folder's SQLite file when a server's library is in use."""
    location = server_location(args)
    if location is None:
        return
    from drafter.core.store.postgres import describe, server_url

    raise DrafterError(
        f"{what} a data folder's library file; it does not apply to the shared library "
        f"{describe(server_url(location))} on a server.",
        hint=instead,
    )


def open_store(args: argparse.Namespace) -> Store:
    """The library to work on: the server's ``--database`` names, else the data folder's, migrated if need be."""
    from drafter.core.store import Store

    return Store.open_library(resolve_data_dir(getattr(args, "data_dir", None)), server_location(args))


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    """``open_store`` for the length of a ``with`` block, closed however the block ends."""
    store = open_store(args)
    try:
        yield store
    finally:
        store.close()
