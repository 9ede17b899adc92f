"""Noticing what other programs changed: the command line, a script, a second window.

``PRAGMA data_version`` on a connection of the watcher's own changes whenever any
other connection commits, so ``poll`` costs one pragma when nothing happened. When
it moves, the change log (migration 0006) is read from where the watcher last
stopped, and the rows of this store's own transactions (``Store.own_transactions``)
are left out: the window has already shown those. The result is the same ``Changes``
notice as for the window's own operations. Qt-free: the window calls ``poll`` on a
timer, a script could call it in a loop.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from drafter.core.changes import Changes

if TYPE_CHECKING:
    from drafter.core.store import Store


class ChangeWatcher:
    def __init__(self, store: Store) -> None:
        from drafter.core.store.sqlite import read_only_uri

        self._store = store
        self._connection: sqlite3.Connection | None = sqlite3.connect(
            read_only_uri(store.database_path), uri=True, check_same_thread=False
        )
        self._version = self._data_version()
        self._last_id = self._newest_log_id()

    def _data_version(self) -> int:
        assert self._connection is not None
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def _newest_log_id(self) -> int:
        assert self._connection is not None
        row = self._connection.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()
        return int(row[0])

    def poll(self) -> Changes | None:
        """What other programs changed since the last call, or None when nothing (or only we) did."""
        if self._connection is None:
            return None
        try:
            version = self._data_version()
            if version == self._version:
                return None
            self._version = version
            rows = self._connection.execute(
                "SELECT id, txn, entity, row_id, action FROM change_log WHERE id > ? ORDER BY id", (self._last_id,)
            ).fetchall()
        except sqlite3.Error:
            return None  # the library is being closed or replaced: the next poll, or the reopen, tells
        if not rows:
            return None
        self._last_id = int(rows[-1][0])
        own = self._store.own_transactions
        theirs = [(entity, row_id, action) for _id, txn, entity, row_id, action in rows if txn not in own]
        own.difference_update({txn for _id, txn, *_rest in rows})  # seen: no need to remember them
        changes = Changes.from_log(theirs)
        return changes if changes else None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
