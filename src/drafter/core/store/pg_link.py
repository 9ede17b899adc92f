"""Connections to a team's server that never keep the window waiting long on a silent network.

A server that is stopped refuses the connection at once. A network that silently drops
packets (a cable pulled, a VPN dropped, a laptop's Wi-Fi gone) says nothing: TCP would
retransmit a query for about fifteen minutes, and a connection waiting for an answer
would wait as long — on the window's thread, a frozen window. Three things bound it:

* **The operating system** (libpq's options, given to every connection unless the
  library's URL sets them itself: the user's settings win): TCP keepalives
  (``keepalives_idle`` 5 s, then ``keepalives_interval`` 2 s, ``keepalives_count`` 3)
  notice an idle connection whose network went, and on Linux ``tcp_user_timeout``
  (10 s) ends a connection whose sent data has gone unacknowledged that long.
* **Silence** (``SILENCE_S``): when a statement has had no byte of answer for that
  long, a second connection is tried (``PROBE_TIMEOUT_S``). If the server answers it,
  it is only slow (a colleague's change holds a lock for a few seconds): waiting goes
  on. If not, the statement's connection is dropped and the caller gets the usual
  ``ServerUnreachableError``. This also holds where the operating system can't tell —
  a proxy or VPN gateway that accepts the packets and never passes them on.
* **Reconnecting**: the first connection of a library waits up to ``CONNECT_TIMEOUT_S``
  (a slow VPN, a TLS handshake); later ones — the window reconnecting after a loss —
  ``RECONNECT_TIMEOUT_S``, and for ``RECONNECT_TIMEOUT_S`` after a probe found no
  server they fail at once instead of waiting again (the change watcher's thread keeps
  trying in the background and says when it is back).

Every psycopg connection to the server is made here (``ServerLink.connect``): the
engine's pool, the read connections, the change watcher's. The silence check rests on
``psycopg.Connection.wait`` (the one place psycopg waits for the server: every
statement, commit and rollback goes through it), overridden in ``_HeededConnection``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Generator, Iterable
from typing import Any

import psycopg

#: How long opening a library's first connection may take before the server counts as unreachable.
CONNECT_TIMEOUT_S = 10
#: How long a later connection may take (psycopg's least is 2 s).
RECONNECT_TIMEOUT_S = 3
#: TCP keepalives: probe an idle connection after 5 s, every 2 s, and give up after 3 unanswered.
KEEPALIVES: dict[str, int] = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2,
                              "keepalives_count": 3}
#: Linux: a connection whose sent data has gone unacknowledged this long is closed.
TCP_USER_TIMEOUT_MS = 10_000
#: How long a statement may go without a byte of answer before the server is checked.
SILENCE_S = 3.0
#: How long the check's own connection may take (psycopg's least).
PROBE_TIMEOUT_S = 2

#: What a statement that lost its server says (``postgres.plain_error`` reads "connection is lost").
NO_ANSWER = ("the server did not answer and a new connection to it failed: the network may be down "
             "(the connection is lost)")


def tcp_defaults() -> dict[str, int]:
    """libpq's TCP options Drafter sets on this platform (``tcp_user_timeout`` is Linux's own)."""
    defaults = dict(KEEPALIVES)
    if sys.platform.startswith("linux"):
        defaults["tcp_user_timeout"] = TCP_USER_TIMEOUT_MS
    return defaults


class ServerLink:
    """One library's connections: their options, the silence check, and whether the server was just lost.

    ``given`` are the option names the library's URL sets itself: those are never replaced.
    """

    def __init__(self, given: Iterable[str], application_name: str) -> None:
        self._given = frozenset(given)
        self._application_name = application_name
        self._reached = False
        self._lost_at: float | None = None  # when a probe last found no server
        self._lock = threading.Lock()

    def options(self) -> dict[str, Any]:
        """The options this link adds to a connection's (not those the URL sets)."""
        wanted: dict[str, Any] = {
            "connect_timeout": RECONNECT_TIMEOUT_S if self._reached else CONNECT_TIMEOUT_S,
            "application_name": self._application_name,
            **tcp_defaults(),
        }
        return {key: value for key, value in wanted.items() if key not in self._given}

    def with_options(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """``kwargs`` (psycopg's, from the URL) with this link's options added where they don't say."""
        merged = dict(kwargs)
        for key, value in self.options().items():
            merged.setdefault(key, value)
        return merged

    @property
    def recently_lost(self) -> bool:
        with self._lock:
            return self._lost_at is not None and time.monotonic() - self._lost_at < RECONNECT_TIMEOUT_S

    def lost(self) -> None:
        with self._lock:
            self._lost_at = time.monotonic()

    def connect(self, **kwargs: Any) -> psycopg.Connection[Any]:
        """A connection with ``kwargs`` (already holding ``with_options``), heeded for silence."""
        if self.recently_lost:
            raise psycopg.OperationalError(NO_ANSWER)
        connection = _HeededConnection.connect(**kwargs)
        connection.heed(self, kwargs)
        with self._lock:
            self._reached = True
            self._lost_at = None
        return connection


class _NoAnswer(Exception):
    pass


class _Probe:
    """A second connection to the server, tried in a thread: does it still answer?"""

    def __init__(self, kwargs: dict[str, Any]) -> None:
        self.answered: bool | None = None
        params = {k: v for k, v in kwargs.items() if k not in ("autocommit",)}
        params["connect_timeout"] = PROBE_TIMEOUT_S
        self._params = params
        threading.Thread(target=self._try, name="drafter-server-probe", daemon=True).start()

    def _try(self) -> None:
        try:
            psycopg.connect(**self._params).close()
        except Exception:
            self.answered = False
        else:
            self.answered = True


class _HeededConnection(psycopg.Connection[Any]):
    """A psycopg connection whose waits for the server give up when it is silent and gone."""

    _link: ServerLink | None = None
    _params: dict[str, Any]

    def heed(self, link: ServerLink, params: dict[str, Any]) -> None:
        self._link = link
        self._params = params

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        if self._link is None or timeout is not None:  # a wait with a limit of its own (notifies)
            return super().wait(gen, interval, timeout)
        try:
            return super().wait(self._heeded(gen), interval, None)
        except _NoAnswer:
            self._link.lost()
            # Mid-statement: the connection can't be used again. Close it (psycopg then counts it
            # closed, SQLAlchemy's pool drops it) and say the server is gone.
            self.pgconn.finish()
            raise psycopg.OperationalError(NO_ANSWER) from None

    def _heeded(self, gen: Generator[Any, Any, Any]) -> Generator[Any, Any, Any]:
        """``gen`` as it is, but raising ``_NoAnswer`` after ``SILENCE_S`` of silence and a failed probe.

        psycopg sends "nothing ready" into the generator every ``interval`` while it waits,
        which gives this check its turn without a thread of its own.
        """
        heard = time.monotonic()
        probe: _Probe | None = None
        try:
            state = next(gen)
        except StopIteration as stop:  # nothing to wait for (a setting already as asked)
            return stop.value
        while True:
            ready = yield state
            if ready:
                heard, probe = time.monotonic(), None
            elif time.monotonic() - heard >= SILENCE_S:
                if probe is None:
                    probe = _Probe(self._params)
                elif probe.answered is False:
                    raise _NoAnswer
                elif probe.answered:  # slow, not gone: keep waiting, and look again later
                    heard, probe = time.monotonic(), None
            try:
                state = gen.send(ready)
            except StopIteration as stop:
                return stop.value
