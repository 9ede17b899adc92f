"""Telling every Drafter on a PostgreSQL server that a change was committed (``NOTIFY``).

Each writing transaction on a server sends one notice on ``CHANNEL`` whose payload is its
change-log number (``change_clock``). It is sent inside the transaction, so PostgreSQL
delivers it only if, and when, the transaction commits — never for one rolled back. The
watchers (``drafter.core.change_watch.ServerChangeWatcher``) ``LISTEN`` on the channel and
then read the change log from where they stopped: the notice says *that* something
changed, the log says *what*, so a notice lost while a watcher was away costs nothing
(it catches up from the log when it is back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

#: The channel the notices go out on (one per database: LISTEN/NOTIFY never crosses databases).
CHANNEL = "drafter_changes"


def notify_commit(session: Session, txn: int) -> None:
    """Queue this transaction's notice; PostgreSQL sends it at the commit (nothing on SQLite)."""
    from sqlalchemy import text

    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": str(txn)})
