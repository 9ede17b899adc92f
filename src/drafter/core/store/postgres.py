"""Everything PostgreSQL-specific about a shared library, in one place (the sibling of ``sqlite``).

A team's library lives on a PostgreSQL server their IT runs; every Drafter of the
team points at it with a URL (``postgresql://user@host/library?sslmode=require``).
This module turns such a location into SQLAlchemy's engine (driver: psycopg 3),
gives the list pages and the reader their plain read connection (``PostgresReader``,
the same small interface as ``sqlite3``'s), and says in plain words what went wrong
when the server cannot be reached, refuses the sign-in or the rights.

Whatever the URL's query holds (``sslmode``, ``sslrootcert``, ``sslcert``, ``sslkey``,
``connect_timeout``, ``keepalives_idle``, ``application_name``, ``options`` …) is handed
to libpq as it is: a team that requires TLS writes ``sslmode=verify-full`` and gets it.
What it leaves out, Drafter sets (``pg_link``: timeouts and TCP keepalives that keep a
network silently dropping packets from freezing the window).

Concurrency. SQLite has one writer at a time; a server has none such. Each change
(``Store.transaction``) starts by numbering itself on ``change_clock`` — an ``UPDATE``
of its one row, which takes that row's lock until the commit. At PostgreSQL's READ
COMMITTED level a second writer waits at that statement, and once the first commits it
re-reads the row and takes the next number; its later statements see everything the
first committed. So writers still follow each other in one order, every transaction
gets a number of its own, and the change log's ids rise in commit order, as on SQLite.
A writer that waits longer than ``LOCK_TIMEOUT_MS`` gives up with ``LibraryBusyError``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from drafter.core.errors import DrafterError
from drafter.core.store.pg_link import ServerLink
from drafter.core.store.problems import LibraryBusyError
from drafter.core.store.sqlite import BUSY_TIMEOUT_MS

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine

#: How long a writer waits for another's lock before it gives up (the same as SQLite's busy timeout).
LOCK_TIMEOUT_MS = BUSY_TIMEOUT_MS
#: How the library's connections are named on the server (``pg_stat_activity``).
APPLICATION_NAME = "Drafter"

#: The schemes a location may start with to name a server rather than a data folder.
SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


class ServerLibraryError(DrafterError):
    """The shared library on a PostgreSQL server could not be used."""


class ServerUnreachableError(ServerLibraryError):
    """The server did not answer (down, wrong address, a firewall, TLS refused)."""


class SignInError(ServerLibraryError):
    """The server refused the user name or the password."""


class PermissionDeniedError(ServerLibraryError):
    """The user's database role lacks a right the operation needs."""


def is_server_location(location: object) -> bool:
    """Whether ``location`` (a string from ``--database`` or the settings) names a server."""
    return isinstance(location, str) and location.strip().lower().startswith(SCHEMES)


def server_url(location: str | URL) -> URL:
    """The SQLAlchemy URL of a server location, with psycopg 3 as its driver."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(location.strip() if isinstance(location, str) else location)
    except (ArgumentError, ValueError) as exc:
        raise ServerLibraryError(
            "This is not a PostgreSQL address Drafter can read.",
            hint="Write it as postgresql://USER@HOST:PORT/DATABASE (a password is asked for, not written here).",
        ) from exc
    if url.get_backend_name() != "postgresql":
        raise ServerLibraryError(
            f"Drafter keeps a shared library on a PostgreSQL server, not on '{url.get_backend_name()}'.",
            hint="Write it as postgresql://USER@HOST:PORT/DATABASE.",
        )
    if not url.database:
        raise ServerLibraryError(
            "The address does not name the database on the server.",
            hint="Add it after the server's name: postgresql://USER@HOST/DATABASE.",
        )
    return url.set(drivername="postgresql+psycopg")


def describe(url: URL) -> str:
    """The server and database a URL names, for messages: never its password.

    A server on this computer's Unix socket is "this computer", not the socket's folder
    ("ana@this computer/team").
    """
    from drafter.core.team_login import is_local_socket

    host = url.host or url.query.get("host") or "this computer"
    if isinstance(host, tuple):
        host = ",".join(host)
    user = f"{url.username}@" if url.username else ""
    if host == "this computer" or is_local_socket(host):
        return f"{user}this computer/{url.database}"
    port = f":{url.port}" if url.port else ""
    return f"{user}{host}{port}/{url.database}"


def create_postgres_engine(url: URL) -> Engine:
    from sqlalchemy import create_engine, event

    link = ServerLink(url.query, APPLICATION_NAME)  # the URL's own options win over Drafter's
    engine = create_engine(
        url,
        # See the module's notes: the row lock on change_clock orders the writers.
        isolation_level="READ COMMITTED",
        pool_pre_ping=True,  # a connection the server dropped (a restart) is replaced, not used
    )
    _LINKS[engine] = link

    def connect(_dialect: object, _record: object, cargs: Sequence[Any], cparams: dict[str, Any]) -> Any:
        return link.connect(**link.with_options(cparams), **({"conninfo": cargs[0]} if cargs else {}))

    event.listen(engine, "do_connect", connect)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "before_cursor_execute", _without_nul, retval=True)
    return engine


_LINKS: WeakKeyDictionary[Engine, ServerLink] = WeakKeyDictionary()


def link_of(engine: Engine) -> ServerLink:
    """The connections' options and silence check of an engine ``create_postgres_engine`` made."""
    return _LINKS[engine]


def _without_nul(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
                 executemany: bool) -> tuple[str, Any]:
    """Text with U+0000 in it, which PostgreSQL cannot store, is saved without it.

    Text inside a JSON value too (a question's options): the column would take JSON's
    ``\\u0000``, but the change log's trigger, which reads it as text, refuses it.

    SQLite keeps the character; no document shows it, and the exports remove it
    (Word cannot hold it either), so a server's library keeps the rest of the text
    rather than refusing the whole change.
    """
    if executemany and isinstance(parameters, list):
        return statement, [_clean(p) for p in parameters]
    return statement, _clean(parameters)


def _clean(parameters: Any) -> Any:
    if isinstance(parameters, dict):
        if any(_has_nul(v) for v in parameters.values()):
            return {k: _without_nul_value(v) for k, v in parameters.items()}
        return parameters
    if isinstance(parameters, (list, tuple)) and any(_has_nul(v) for v in parameters):
        return type(parameters)(_without_nul_value(v) for v in parameters)
    return parameters


@lru_cache(maxsize=1)
def _json_wrappers() -> tuple[type[Any], ...]:
    """psycopg's wrappers of a JSON column's value (imported once a server's engine is in use)."""
    from psycopg.types.json import Json, Jsonb

    return Json, Jsonb


def _has_nul(value: Any) -> bool:
    """Whether a parameter holds U+0000: in text, or anywhere in a JSON column's value (a list of options, say)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, _json_wrappers()):
        return _has_nul(value.obj)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


def _without_nul_value(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, _json_wrappers()):  # JSON's "\u0000" is refused too, as soon as the server reads it as text
        return type(value)(_without_nul_value(value.obj), value.dumps)
    if isinstance(value, dict):
        return {_without_nul_value(k): _without_nul_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_nul_value(v) for v in value)
    return value


def _on_connect(dbapi_connection: Any, _record: object) -> None:
    """Every connection waits at most ``LOCK_TIMEOUT_MS`` for a lock (then the change is refused)."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, false)", (str(LOCK_TIMEOUT_MS),))
    dbapi_connection.commit()


def connect_args(engine: Engine) -> dict[str, Any]:
    """The keyword arguments for ``psycopg.connect`` that reach the engine's server (with Drafter's options)."""
    _args, kwargs = engine.dialect.create_connect_args(engine.url)
    return link_of(engine).with_options(dict(kwargs))


def open_connection(engine: Engine, **extra: Any) -> Any:
    """A psycopg connection of its own to the engine's server, with the engine's options and silence check."""
    return link_of(engine).connect(**connect_args(engine), **extra)


# -- the read connection ----------------------------------------------------------------------


@lru_cache(maxsize=512)
def to_pyformat(sql: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s`` (and a literal ``%`` doubled).

    The core's read SQL is written once with ``?``; quoted text ('…' and "…") is left
    as it is, so a ``?`` inside a string literal stays a question mark.
    """
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote is not None:
            if ch == quote:
                quote = None
            out.append("%%" if ch == "%" else ch)
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class PostgresReader:
    """A read connection with the interface the lists use on ``sqlite3``: ``execute(sql, params)``.

    The SQL is written with ``?`` placeholders (see ``to_pyformat``); values are always
    bound, never pasted. JSON columns come back as their text, as SQLite returns them,
    so the readers parse them the same way on both engines. A connection of its own
    (``open_reader``) that the server dropped (a restart, a network blip) is opened
    again and the read tried once more: reads change nothing, so that is safe.
    """

    #: ``onestep`` runs the plain query on this connection (no JSON aggregation: see its notes).
    one_step = False

    def __init__(self, connection: Any, url: URL | None, *, owned: bool,
                 reconnect: Callable[[], Any] | None = None) -> None:
        self._connection = connection
        self._url = url
        self._owned = owned
        self._reconnect = reconnect
        self._trace: Callable[[str], object] | None = None

    def set_trace_callback(self, callback: Callable[[str], object] | None) -> None:
        """As ``sqlite3.Connection.set_trace_callback``: ``callback`` is given each statement's SQL."""
        self._trace = callback

    def execute(self, sql: str, parameters: Sequence[object] = (), /) -> Any:
        import psycopg

        if self._trace is not None:
            self._trace(sql)
        query, values = to_pyformat(sql), tuple(parameters)
        try:
            try:
                return self._run(query, values)
            except psycopg.OperationalError:
                if self._reconnect is None or not self._connection.broken:
                    raise
                self._connection = self._reconnect()
                return self._run(query, values)
        except psycopg.Error as exc:
            error = plain_error(exc, self._url)
            if error is None:
                raise
            raise error from exc

    def _run(self, query: str, values: tuple[object, ...]) -> Any:
        cursor = self._connection.cursor()
        if not self._owned:  # the ORM's connection: only this cursor reads JSON as text
            _json_as_text(cursor)
        cursor.execute(query, values)
        return cursor

    def close(self) -> None:
        if self._owned:
            self._connection.close()


def _json_as_text(target: Any) -> None:
    from psycopg.types.string import TextLoader

    for name in ("json", "jsonb"):
        target.adapters.register_loader(name, TextLoader)


def open_reader(engine: Engine) -> PostgresReader:
    """A connection of its own for one thread's reads: every statement sees the latest commits.

    Autocommit, so each read is its own snapshot (as SQLite's reader outside a
    transaction), and read-only at the server, so a write through it is an error.
    """
    import psycopg

    def connect() -> Any:
        connection = open_connection(engine, autocommit=True)
        connection.execute("SET default_transaction_read_only = on")
        _json_as_text(connection)
        return connection

    try:
        return PostgresReader(connect(), engine.url, owned=True, reconnect=connect)
    except psycopg.Error as exc:
        error = plain_error(exc, engine.url)
        if error is None:
            raise
        raise error from exc


# -- errors in plain words ----------------------------------------------------------------------

_BUSY_STATES = {"40001", "40P01", "55P03", "57014"}  # serialization, deadlock, lock timeout, cancelled
_SIGN_IN_STATES = {"28P01", "28000"}


def _parts(exc: BaseException) -> tuple[str | None, str]:
    original = getattr(exc, "orig", None) or exc
    return getattr(original, "sqlstate", None), str(original).lower()


def plain_error(exc: BaseException, url: URL | None) -> DrafterError | None:
    """The plain-words error for a server's failure, or None when it is none of those (a bug: raise it as it is).

    The URL's password is never part of the message: only ``describe(url)`` is.
    """
    state, text = _parts(exc)
    where = describe(url) if url is not None else "the server"
    if state in _BUSY_STATES or "lock timeout" in text:
        return LibraryBusyError(
            "A colleague's change to the shared library held the records this change needed for longer "
            f"than {LOCK_TIMEOUT_MS // 1000} seconds, so nothing was changed.",
            hint="Try again in a moment.",
        )
    if state in _SIGN_IN_STATES or "password authentication failed" in text or "no password supplied" in text:
        return SignInError(
            f"The server refused the sign-in to the shared library {where}: the user name or the password "
            "is not right.",
            hint="Check them with whoever runs the server; Drafter asks for the password again.",
        )
    if state == "42501" or "permission denied" in text:
        return PermissionDeniedError(
            f"Your database role may not do this in the shared library {where}, so nothing was changed.",
            hint="Ask whoever runs the server to give your role the rights of Drafter's group role "
            "(docs/team-server.md, “Roles”).",
        )
    if state == "22003":  # an id beyond the server's INTEGER (SQLite's reach 2**63)
        return ServerLibraryError(
            "A number given is larger than any the shared library holds, so nothing matched it and nothing "
            "was changed.",
            hint=f"Ids in a shared library go up to {2**31 - 1:,}.",
        )
    if state == "54000":  # program_limit_exceeded: a search vector past the 1 MB a tsvector may hold
        return ServerLibraryError(
            "This text has too many different words for a shared library's search index (PostgreSQL keeps at "
            "most 1 MB of them for one source or snippet), so nothing was changed.",
            hint="Split the document into smaller files and add those, or keep it in a local library.",
        )
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return ServerLibraryError(
            f"The server has no database named in {where}.",
            hint="Check the database's name with whoever runs the server.",
        )
    if "ssl" in text or "tls" in text:
        return ServerUnreachableError(
            f"Drafter could not open a secure (TLS) connection to {where}, which the address asks for, "
            "so it did not connect.",
            hint="Check the address's sslmode with whoever runs the server: the server may not offer TLS, "
            "or its certificate may not be the one expected.",
        )
    if (state or "").startswith("08") or _unreachable(text):
        return ServerUnreachableError(
            f"Drafter could not reach the shared library's server ({where}).",
            hint="Check that the server is running and that this computer can reach it "
            "(the network, a VPN, a firewall); then try again.",
        )
    return None


def _unreachable(text: str) -> bool:
    return any(s in text for s in (
        "connection refused", "could not connect", "timeout expired", "could not translate host name",
        "no such file or directory", "server closed the connection", "connection is lost",
        "the connection is closed", "network is unreachable", "terminating connection",
        "connection timed out", "could not receive data from server", "could not send data to server",
        "no route to host",
    ))
