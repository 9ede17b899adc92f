"""Opening the data folder's database for one command."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from drafter.core.paths import resolve_data_dir

if TYPE_CHECKING:
    from drafter.core.store import Store


def open_store(args: argparse.Namespace) -> Store:
    """The database of the data folder ``--data-dir`` (or the usual one) names, migrated if need be."""
    from drafter.core.store import Store

    return Store.open(resolve_data_dir(args.data_dir))
