"""Colleagues' changes on a shared server reach every watcher (LISTEN/NOTIFY + the change log).

Two stores on one real PostgreSQL database stand for two colleagues' Drafters: one
writes, the other's ``ServerChangeWatcher`` must hear of it, leave its own changes out,
and catch up after the server went away and came back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

#: How long a test waits for a notice before it fails (a hung test, not a speed measurement).
PATIENCE_S = 10.0


def open_server_store(url: str, folder: Path):  # type: ignore[no-untyped-def]
    from drafter.core.store import Store

    return Store.open_url(url, folder, seed=False)


@pytest.fixture
def colleagues(pg_url: str, tmp_path: Path) -> Iterator[tuple[object, object]]:
    """Two Drafters on one server library: (mine, theirs)."""
    mine = open_server_store(pg_url, tmp_path / "mine")
    theirs = open_server_store(pg_url, tmp_path / "theirs")
    try:
        yield mine, theirs
    finally:
        mine.close()
        theirs.close()


def wait_for(poll: Callable[[], object]) -> object:
    """Poll until it gives something; fail after ``PATIENCE_S``."""
    deadline = time.monotonic() + PATIENCE_S
    while time.monotonic() < deadline:
        got = poll()
        if got:
            return got
        time.sleep(0.02)
    pytest.fail("nothing arrived")


def add(store, title: str) -> int:  # type: ignore[no-untyped-def]
    from drafter.core.sources import SourceFacts, add_source

    return int(add_source(store, f"The text of {title}.", SourceFacts(title=title)).id)


def test_a_colleagues_change_is_heard(colleagues) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.change_watch import ServerChangeWatcher, watcher_for

    mine, theirs = colleagues
    watcher = watcher_for(mine)
    assert isinstance(watcher, ServerChangeWatcher)
    try:
        new = add(theirs, "Their evidence")
        changes = wait_for(watcher.poll)
        assert new in changes.sources.created  # type: ignore[attr-defined]
    finally:
        watcher.close()


def test_my_own_changes_are_left_out(colleagues) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.change_watch import watcher_for

    mine, theirs = colleagues
    watcher = watcher_for(mine)
    try:
        own = add(mine, "My evidence")
        theirs_id = add(theirs, "Their evidence")
        seen = wait_for(watcher.poll)
        assert seen.sources.created == {theirs_id}  # type: ignore[attr-defined]
        assert own not in seen.sources.ids  # type: ignore[attr-defined]
    finally:
        watcher.close()


def test_a_rolled_back_change_is_never_announced(colleagues) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.change_watch import watcher_for
    from drafter.core.sources import SourceFacts, add_source

    mine, theirs = colleagues
    watcher = watcher_for(mine)
    try:
        with pytest.raises(RuntimeError), theirs.transaction():
            add_source(theirs, "Never kept.", SourceFacts(title="Abandoned"))
            raise RuntimeError("the operation failed half-way")
        kept = add(theirs, "Kept")
        seen = wait_for(watcher.poll)
        assert seen.sources.created == {kept}  # type: ignore[attr-defined]
    finally:
        watcher.close()


def test_the_watcher_catches_up_after_the_server_was_away(private_pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.change_watch import ServerChangeWatcher

    server = private_pg_server
    url = server.url(server.new_database())  # type: ignore[attr-defined]
    mine = open_server_store(url, tmp_path / "mine")
    # It tries again only when told (retry_now), so the colleague's change is surely made while it is away.
    watcher = ServerChangeWatcher(mine, retry_seconds=3600)
    try:
        server.pause()  # type: ignore[attr-defined]
        wait_for(lambda: watcher.poll() or not watcher.reachable)
        assert watcher.reachable is False
        server.resume()  # type: ignore[attr-defined]
        theirs = open_server_store(url, tmp_path / "theirs")
        try:
            missed = add(theirs, "Written while I was away")  # its notice went to no one of mine
        finally:
            theirs.close()
        assert watcher.poll() is None and watcher.reachable is False  # not tried again yet
        watcher.retry_now()
        caught = wait_for(watcher.poll)
        assert watcher.reachable is True
        assert missed in caught.sources.created  # type: ignore[attr-defined]
    finally:
        watcher.close()
        mine.close()


def test_a_change_while_the_server_is_away_is_refused_in_plain_words(private_pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.store.postgres import ServerUnreachableError

    server = private_pg_server
    url = server.url(server.new_database())  # type: ignore[attr-defined]
    mine = open_server_store(url, tmp_path / "mine")
    try:
        add(mine, "Before")
        server.pause()  # type: ignore[attr-defined]
        with pytest.raises(ServerUnreachableError, match="could not reach"):
            add(mine, "While away")
        server.resume()  # type: ignore[attr-defined]
        add(mine, "After")  # the pool's dead connections are replaced
    finally:
        mine.close()


def test_a_library_pushed_to_the_server_is_heard_by_the_drafters_open_on_it(pg_url: str, tmp_path: Path,
                                                                            store) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.change_watch import watcher_for
    from drafter.core.store.transfer import copy_library

    mine = open_server_store(pg_url, tmp_path / "mine")
    watcher = watcher_for(mine)
    try:
        copy_library(store.engine, mine.engine)
        heard = wait_for(watcher.poll)
        with store.engine.connect() as connection:
            from drafter.core.store.transfer import row_counts

            sources = row_counts(connection)["source"]
        assert len(heard.sources.created) == sources  # type: ignore[attr-defined]
    finally:
        watcher.close()
        mine.close()
