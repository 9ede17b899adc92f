"""A network that silently drops packets: reads and saves give up with ServerUnreachableError, then recover.

Drafter reaches the test server through ``SilentProxy`` (tests/silent_proxy.py), a TCP
proxy on loopback that can stop passing anything on, in both directions, without closing
a connection — to Drafter, the server simply never answers again (a pulled cable, a
dropped VPN). Nothing here measures time: a hang is caught by the run's hang guard, and
how long the window waited is measured in bench/ (docs/performance.md).
"""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

#: How long a test keeps trying for the server to be usable again (a hang, not a measurement).
PATIENCE_S = 30.0


class Silent:
    """The library, reached through a proxy (``url``) or directly (``direct``)."""

    def __init__(self, proxy: Any, url: str, direct: str) -> None:
        self.proxy, self.url, self.direct = proxy, url, direct


@pytest.fixture
def silent(pg_server: Any, server_library: str) -> Iterator[Silent]:
    from sqlalchemy import URL, make_url

    from pg_server import SUPERUSER, SUPERUSER_PASSWORD
    from silent_proxy import SilentProxy

    proxy = SilentProxy("127.0.0.1", pg_server.port)
    url = URL.create("postgresql+psycopg", username=SUPERUSER, password=SUPERUSER_PASSWORD, host="127.0.0.1",
                     port=proxy.port, database=make_url(server_library).database)
    try:
        yield Silent(proxy, url.render_as_string(hide_password=False), server_library)
    finally:
        proxy.close()


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shorter silence before the server is checked: the same path, fewer seconds of the test run."""
    from drafter.core.store import pg_link

    monkeypatch.setattr(pg_link, "SILENCE_S", 0.5)


def open_store(url: str, folder: Path):  # type: ignore[no-untyped-def]
    from drafter.core.store import Store

    return Store.open_url(url, folder, seed=False)


def a_paragraph(store) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A response with one question and one paragraph: (block id, its version)."""
    from drafter.core.questions import parse_questions
    from drafter.core.responses import add_block, create_response, replace_questions
    from drafter.core.responses.records import ResponseDetails

    response = create_response(store, ResponseDetails(consultation_title="Team response"))
    document = replace_questions(store, response.id, parse_questions("1. Why?").questions)
    block = add_block(store, document.questions[0].id, text="Saved before the network went.")
    from drafter.core.teamwork import block_now

    now = block_now(store, block.id)
    assert now is not None
    return block.id, now.version


def text_on_the_server(direct: str, block_id: int, folder: Path) -> tuple[str, int]:
    """The block as the server holds it, read by a colleague whose network works."""
    from drafter.core.teamwork import block_now

    other = open_store(direct, folder)
    try:
        now = block_now(other, block_id)
        assert now is not None
        return now.text, now.version
    finally:
        other.close()


def until_it_works(attempt: Callable[[], Any]) -> Any:
    """Try ``attempt`` until it stops raising ServerUnreachableError (the server back); fail after PATIENCE_S."""
    from drafter.core.store.postgres import ServerUnreachableError

    deadline = time.monotonic() + PATIENCE_S
    while True:
        try:
            return attempt()
        except ServerUnreachableError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_save_on_a_silent_network_is_refused_as_unreachable_writes_nothing_and_works_once_back(
        silent: Silent, tmp_path: Path) -> None:
    """With Drafter's own timings: the save gives up (it does not hang), and nothing of it lands."""
    from drafter.core.store.postgres import ServerUnreachableError
    from drafter.core.teamwork import TextSaved, save_block_text

    store = open_store(silent.url, tmp_path / "mine")
    try:
        block_id, version = a_paragraph(store)
        silent.proxy.silence()
        with pytest.raises(ServerUnreachableError) as caught:
            save_block_text(store, block_id, "Typed while the network was gone.", base_version=version)
        assert "could not reach" in caught.value.message
        assert text_on_the_server(silent.direct, block_id, tmp_path / "colleague") == (
            "Saved before the network went.", version)
        silent.proxy.forward()  # what was held reaches the server now: an unfinished transaction, rolled back
        saved = until_it_works(lambda: save_block_text(store, block_id, "Typed while the network was gone.",
                                                       base_version=version))
        # Saved now, on the version it was typed on: the refused attempt had changed nothing.
        assert isinstance(saved, TextSaved) and saved.changed
        assert text_on_the_server(silent.direct, block_id, tmp_path / "colleague") == (
            "Typed while the network was gone.", saved.version)
        assert saved.version == version + 1
    finally:
        store.close()


def test_a_read_on_a_silent_network_is_refused_as_unreachable_and_works_once_back(
        silent: Silent, tmp_path: Path, quick: None) -> None:
    from drafter.core.store.postgres import ServerUnreachableError

    store = open_store(silent.url, tmp_path / "mine")
    try:
        reader = store.reader()
        before = reader.execute("SELECT count(*) FROM source").fetchall()
        silent.proxy.silence()
        with pytest.raises(ServerUnreachableError):
            reader.execute("SELECT count(*) FROM source").fetchall()
        with pytest.raises(ServerUnreachableError):  # and so is the ORM's read
            from drafter.core.library import list_sources

            list_sources(store)
        silent.proxy.forward()
        assert until_it_works(lambda: store.reader().execute("SELECT count(*) FROM source").fetchall()) == before
    finally:
        store.close()


def test_a_slow_server_is_not_taken_for_a_lost_one(silent: Silent, tmp_path: Path, quick: None) -> None:
    """A colleague's change holds the lock longer than the silence allows: the save waits for it, then lands."""
    import threading

    import psycopg

    from drafter.core.teamwork import TextSaved, save_block_text

    store = open_store(silent.url, tmp_path / "mine")
    try:
        block_id, version = a_paragraph(store)
        colleague = psycopg.connect(silent.direct.replace("postgresql+psycopg", "postgresql"))
        colleague.execute("UPDATE change_clock SET txn = txn WHERE id = 1")  # the writers' lock, held
        release = threading.Timer(2.5, colleague.commit)  # five silences of 0.5 s: a probe finds the server
        release.start()
        try:
            saved = save_block_text(store, block_id, "Saved after the colleague's change.", base_version=version)
        finally:
            release.join()
            colleague.close()
        assert isinstance(saved, TextSaved) and saved.changed
    finally:
        store.close()


def test_the_watcher_counts_the_server_away_when_told_and_comes_back_by_itself(
        silent: Silent, tmp_path: Path, quick: None) -> None:
    """A read or save that found the server gone tells the watcher; it reconnects in the background."""
    from drafter.core.change_watch import watcher_for

    store = open_store(silent.url, tmp_path / "mine")
    watcher = watcher_for(store)
    try:
        assert watcher.reachable
        silent.proxy.silence()
        watcher.server_lost()
        assert not watcher.reachable and watcher.fileno() is None
        assert watcher.poll() is None  # nothing tried on the caller's thread
        silent.proxy.forward()
        deadline = time.monotonic() + PATIENCE_S
        while watcher.poll() is None and not watcher.reachable:
            assert time.monotonic() < deadline, "the watcher did not reconnect"
            time.sleep(0.05)
        assert watcher.reachable and watcher.fileno() is not None
    finally:
        watcher.close()
        store.close()


# -- the options every connection gets -------------------------------------------------------------


def tcp_option(connection: Any, level: int, option: int) -> int:
    with socket.socket(fileno=os.dup(connection.fileno())) as s:
        return int(s.getsockopt(level, option))


def test_every_connection_gets_keepalives_and_the_urls_own_settings_win(silent: Silent, tmp_path: Path) -> None:
    from sqlalchemy import make_url

    from drafter.core.store import pg_link
    from drafter.core.store.postgres import open_connection

    store = open_store(silent.url, tmp_path / "mine")
    own_url = make_url(silent.url).update_query_dict({"keepalives_idle": "30", "connect_timeout": "7"})
    own = open_store(own_url.render_as_string(hide_password=False), tmp_path / "own")
    try:
        for opened, idle, timeout in ((store, pg_link.KEEPALIVES["keepalives_idle"], pg_link.RECONNECT_TIMEOUT_S),
                                      (own, 30, 7)):
            connection = open_connection(opened.engine)
            try:
                settings = {o.keyword.decode(): (o.val or b"").decode() for o in connection.pgconn.info}
                assert settings["keepalives"] == "1"
                assert settings["keepalives_idle"] == str(idle)
                assert settings["connect_timeout"] == str(timeout)  # a later connection: the shorter wait
                assert tcp_option(connection, socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
                assert tcp_option(connection, socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == idle
                if sys.platform.startswith("linux"):
                    assert tcp_option(connection, socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT) == \
                        pg_link.TCP_USER_TIMEOUT_MS
            finally:
                connection.close()
        # The engine's own pool too (the saves): its connections are made the same way.
        with store.engine.connect() as pooled:
            raw = pooled.connection.dbapi_connection
            interval = tcp_option(raw, socket.IPPROTO_TCP, socket.TCP_KEEPINTVL)
            assert interval == pg_link.KEEPALIVES["keepalives_interval"]
    finally:
        own.close()
        store.close()


def test_a_lost_connection_is_said_in_plain_words() -> None:
    """libpq's words when the operating system ends a connection whose network went (keepalives, tcp_user_timeout)."""
    import psycopg

    from drafter.core.store.postgres import ServerUnreachableError, plain_error

    for words in ("could not receive data from server: Connection timed out",
                  "could not send data to server: No route to host"):
        error = plain_error(psycopg.OperationalError(words), None)
        assert isinstance(error, ServerUnreachableError)
    assert plain_error(psycopg.OperationalError("division by zero"), None) is None
