"""Noticing what other programs changed: the command line, a script, a second window.

``PRAGMA data_version`` on a connection of the watcher's own changes whenever any
other connection commits, so ``poll`` costs one pragma when nothing happened. When
it moves, the change log (migration 0006) is read from where the watcher last
stopped, and the rows of this store's own transactions (``Store.own_transactions``)
are left out: the window has already shown those. The result is the same ``Changes``
notice as for the window's own operations. Qt-free: the window calls ``poll`` on a
timer, a script could call it in a loop.

A shared library on a PostgreSQL server has no ``data_version``: there every committing
transaction sends a notice (``drafter.core.store.live``) and ``ServerChangeWatcher``
listens for it on a connection of its own, then reads the same change log the same way.
When that connection is lost (the server restarts, the network goes), ``reachable`` turns
False, ``poll`` tries again every ``RETRY_SECONDS``, and once back it reads the log from
where it stopped, so nothing committed meanwhile is missed. ``watcher_for`` picks the one
a store needs; the window uses either through ``poll`` and ``close``.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from drafter.core.changes import Changes

if TYPE_CHECKING:
    from drafter.core.store import Store


class Watcher(Protocol):
    """What the window needs of a watcher, whichever the engine."""

    @property
    def reachable(self) -> bool: ...

    def fileno(self) -> int | None: ...

    def poll(self) -> Changes | None: ...

    def server_lost(self) -> None: ...

    def close(self) -> None: ...


def watcher_for(store: Store) -> Watcher:
    """The watcher of other programs' changes that ``store``'s engine needs."""
    if getattr(store, "url", None) is not None:  # a shared library on a server (Store.open_url)
        return ServerChangeWatcher(store)
    return ChangeWatcher(store)


def _theirs(store: Store, rows: Sequence[Sequence[Any]]) -> Changes | None:
    """The notice for change-log rows (id, txn, entity, row_id, action), this store's own left out."""
    own = store.own_transactions
    theirs = [(entity, row_id, action) for _id, txn, entity, row_id, action in rows if txn not in own]
    own.difference_update({txn for _id, txn, *_rest in rows})  # seen: no need to remember them
    changes = Changes.from_log(theirs)
    return changes if changes else None


class ChangeWatcher:
    #: A file on this computer is always there to be read.
    reachable = True

    def fileno(self) -> int | None:
        """No socket to watch: SQLite's commits are noticed by polling ``data_version``."""
        return None

    def __init__(self, store: Store) -> None:
        from drafter.core.store.sqlite import read_only_uri

        self._store = store
        self._connection: sqlite3.Connection | None = sqlite3.connect(
            read_only_uri(store.database_path), uri=True, check_same_thread=False
        )
        self._version = self._data_version()
        self._last_id = self._newest_log_id()

    def server_lost(self) -> None:
        """Nothing to do: a file on this computer is never "away"."""

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
        return _theirs(self._store, rows)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class ServerChangeWatcher:
    """Other Drafters' changes to a shared library on a PostgreSQL server, heard by ``LISTEN``.

    ``poll`` never waits: it takes the notices that have arrived (none: nothing to read),
    then reads the change log from its last id. A lost connection is not an error to the
    caller: ``reachable`` turns False, and a thread of the watcher's own tries to connect
    again every ``retry_seconds`` (a server that does not answer may keep a connection
    attempt waiting for seconds: never on the window's thread). Once it is back, the next
    ``poll`` reads the log from where it stopped, so it returns everything committed meanwhile.
    """

    #: How long after a failed attempt the next connection is tried.
    RETRY_SECONDS = 1.0

    def __init__(self, store: Store, *, retry_seconds: float | None = None) -> None:
        self._store = store
        self._retry_seconds = self.RETRY_SECONDS if retry_seconds is None else retry_seconds
        self._connection: Any = None
        self._last_id: int | None = None
        self._lock = threading.Lock()
        self._fresh: Any = None  # a connection the reconnecting thread made, for ``poll`` to take
        self._wake = threading.Event()
        self._reconnecting: threading.Thread | None = None
        self._closed = False
        #: False while the server cannot be reached (the window shows its banner).
        self.reachable = True
        try:
            self._connection = self._open()
        except Exception:  # the server is away already: try again in the background
            self._lost()

    def fileno(self) -> int | None:
        """The listening connection's socket (None while away): readable when a notice arrives.

        The window watches it (``QSocketNotifier``) and polls at once, instead of waiting for
        its timer; the timer stays for noticing the reconnection.
        """
        if self._connection is None:
            return None
        try:
            return int(self._connection.fileno())
        except Exception:  # a closed connection has no socket
            return None

    def _open(self) -> Any:
        """A new listening connection (and, the first time, where the log stands now)."""
        from psycopg import sql

        from drafter.core.store.live import CHANNEL
        from drafter.core.store.postgres import open_connection

        # The store's own server, user and password, and its timeouts and TCP keepalives (pg_link):
        # a network that silently drops this idle connection is noticed in about ten seconds.
        connection = open_connection(self._store.engine, autocommit=True)
        try:
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))
            if self._last_id is None:  # the first connection: only what is committed from now on
                row = connection.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()
                self._last_id = int(row[0]) if row else 0
        except BaseException:
            connection.close()
            raise
        return connection

    def _lost(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # closing a broken connection may fail too; it is gone
                self._connection.close()
        self._connection = None
        self.reachable = False
        if self._reconnecting is None or not self._reconnecting.is_alive():
            self._reconnecting = threading.Thread(target=self._reconnect, name="drafter-team-reconnect",
                                                  daemon=True)
            self._reconnecting.start()

    def _reconnect(self) -> None:
        """Try every ``retry_seconds`` (or when woken) until a connection is made or the watcher closes."""
        while not self._closed:
            self._wake.wait(self._retry_seconds)
            self._wake.clear()
            if self._closed:
                return
            try:
                connection = self._open()
            except Exception:  # still away
                continue
            with self._lock:
                if self._closed:
                    connection.close()
                else:
                    self._fresh = connection
            return

    def server_lost(self) -> None:
        """A read or a save found the server gone: count it away now and reconnect in the background.

        The listening connection may not know yet: on a network that silently drops
        packets an idle connection notices only when its TCP keepalives go unanswered
        (``pg_link``), or never, behind a gateway that answers for the server. Until the
        background thread connects again (``reachable``), the window tries nothing on its
        own thread, where each attempt could wait for a connection's timeout.
        """
        if self._closed or self._connection is None:
            return
        self._lost()

    def retry_now(self) -> None:
        """Try to reconnect at once rather than at the next ``retry_seconds``."""
        self._wake.set()

    def poll(self) -> Changes | None:
        """What other Drafters changed since the last call, or None when nothing (or only we) did."""
        import psycopg

        if self._closed:
            return None
        if self._connection is None:
            with self._lock:
                fresh, self._fresh = self._fresh, None
            if fresh is None:
                return None
            self._connection = fresh
            self.reachable = True
            return self._read_log()  # catch up on everything committed while away
        try:
            heard = False
            for _notice in self._connection.notifies(timeout=0):
                heard = True
        except psycopg.Error:
            self._lost()
            return None
        return self._read_log() if heard else None

    def _read_log(self) -> Changes | None:
        import psycopg

        try:
            rows = self._connection.execute(
                "SELECT id, txn, entity, row_id, action FROM change_log WHERE id > %s ORDER BY id",
                (self._last_id or 0,),
            ).fetchall()
        except psycopg.Error:
            self._lost()
            return None
        if not rows:
            return None
        self._last_id = int(rows[-1][0])
        return _theirs(self._store, rows)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            fresh, self._fresh = self._fresh, None
        self._wake.set()
        for connection in (self._connection, fresh):
            if connection is not None:
                with contextlib.suppress(Exception):
                    connection.close()
        self._connection = None
