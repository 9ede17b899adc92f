"""Opening the data folder's database for one command."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from drafter.core.paths import resolve_data_dir

if TYPE_CHECKING:
    from drafter.core.store import Store


def open_store(args: argparse.Namespace) -> Store:
    """The database of the data folder ``--data-dir`` (or the usual one) names, migrated if need be."""
    from drafter.core.store import Store

    return Store.open(resolve_data_dir(getattr(args, "data_dir", None)))


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    """``open_store`` for the length of a ``with`` block, closed however the block ends."""
    store = open_store(args)
    try:
        yield store
    finally:
        store.close()
