"""The window on a team library whose network goes silent, and small things it shows about the team.

The silent network is ``SilentProxy`` (tests/silent_proxy.py) between the window and the
real test server: it stops passing anything on, both ways, without closing a connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_team_library import database_of, make_answer  # the window's team tests share them

from drafter.core.team_login import TeamLogin
from drafter.ui.main_window import MainWindow
from drafter.ui.team_library import UNREACHABLE_BANNER

pytestmark = pytest.mark.gui

#: A test waits this long for something the window must do by itself (a hang, not a measurement).
PATIENCE_MS = 30_000


@pytest.fixture
def proxy(pg_server: Any) -> Iterator[Any]:
    from silent_proxy import SilentProxy

    proxy = SilentProxy("127.0.0.1", pg_server.port)
    try:
        yield proxy
    finally:
        proxy.close()


def through(proxy: Any, pg_url: str) -> TeamLogin:
    from pg_server import SUPERUSER

    return TeamLogin(host="127.0.0.1", port=proxy.port, database=database_of(pg_url), user=SUPERUSER)


def test_a_silent_network_shows_the_banner_keeps_the_typing_and_saves_it_when_back(
        opened_window: MainWindow, qtbot, proxy: Any, pg_url: str, tmp_path: Path) -> None:
    from drafter.core.responses import get_response, update_block_text
    from drafter.core.store import Store
    from pg_server import SUPERUSER_PASSWORD

    window = opened_window
    window.show()
    assert window.team._switch(through(proxy, pg_url), SUPERUSER_PASSWORD) is None
    mine, theirs = make_answer(window)
    panel = window.response_panel
    panel.answer_actions._retry.setInterval(200)
    panel.select_block(mine)
    proxy.silence()
    panel.editor.text.setPlainText("Words typed while the network was gone.")
    panel.editor.flush()  # the pause in typing: the save gives up, it does not hang
    assert not window.team.bar.isHidden() and window.team.banner.text() == UNREACHABLE_BANNER
    assert window.operations.server_away  # the watcher reconnects in the background
    assert panel.has_unsaved_text()
    # Typing goes on while the network is gone: kept in the editor and for the save, and not tried
    # on the server meanwhile (each try could wait for a connection's timeout on the window's thread).
    tried: list[object] = []
    run = window.operations.run
    window.operations.run = lambda op, *args, **kwargs: tried.append(op) or run(op, *args, **kwargs)  # type: ignore[method-assign]
    panel.editor.text.setPlainText("Words typed while the network was gone, and more.")
    panel.editor.flush()
    panel.answer_actions._retry_unsaved()  # what its timer does
    assert tried == []
    assert panel.has_unsaved_text() and not window.team.bar.isHidden()
    assert panel.editor.text.toPlainText() == "Words typed while the network was gone, and more."
    colleague = Store.open_url(pg_url, tmp_path / "colleague", seed=False)  # whose network works
    try:
        update_block_text(colleague, theirs, "Their second draft, saved meanwhile.")
        assert [b.text for b in get_response(colleague, panel.document.id).questions[0].blocks
                if b.id == mine] == [""]  # nothing of the typing reached the server
        proxy.forward()
        qtbot.waitUntil(lambda: not panel.has_unsaved_text() and window.team.bar.isHidden(), timeout=PATIENCE_MS)
        blocks = {b.id: b.text for b in get_response(colleague, panel.document.id).questions[0].blocks}
        assert blocks[mine] == "Words typed while the network was gone, and more."
        # And the colleague's change made while this window could not hear it is shown.
        qtbot.waitUntil(lambda: {b.id: b.text for b in panel.document.questions[0].blocks}.get(theirs)
                        == "Their second draft, saved meanwhile.", timeout=PATIENCE_MS)
        assert panel.editor.text.toPlainText() == "Words typed while the network was gone, and more."
    finally:
        colleague.close()


def test_a_presence_beat_that_meets_a_silent_network_shows_the_banner_and_tries_nothing_more(
        opened_window: MainWindow, qtbot, proxy: Any, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The beat runs on a timer with nobody saving: it must say the server is gone, or every later
    beat (and the next save) would wait on the window's thread again."""
    from drafter.core.store import pg_link
    from pg_server import SUPERUSER_PASSWORD

    monkeypatch.setattr(pg_link, "SILENCE_S", 0.5)  # the same path, fewer seconds of the run
    window = opened_window
    window.show()
    assert window.team._switch(through(proxy, pg_url), SUPERUSER_PASSWORD) is None
    make_answer(window)
    panel = window.response_panel
    proxy.silence()
    panel._beat()  # what its timer does every few seconds
    assert window.operations.server_away
    assert not window.team.bar.isHidden() and window.team.banner.text() == UNREACHABLE_BANNER
    tried: list[object] = []
    monkeypatch.setattr("drafter.core.teamwork.beat", lambda *args, **kwargs: tried.append(args))
    panel._beat()
    assert tried == []  # while away, the next beat does not try the server
    monkeypatch.undo()
    proxy.forward()
    qtbot.waitUntil(lambda: window.team.bar.isHidden(), timeout=PATIENCE_MS)
    assert not window.operations.server_away


# -- what the window shows about the team -----------------------------------------------------------


def a_conflict(window: MainWindow) -> None:
    """One save kept beside another's text in the open response (two saves typed on one version)."""
    from drafter.core.teamwork import block_now, save_block_text

    mine, _theirs = make_answer(window)
    now = block_now(window.store, mine)
    assert now is not None
    save_block_text(window.store, mine, "Their words, saved first.", base_version=now.version)
    kept = save_block_text(window.store, mine, "My words, typed on the same version.", base_version=now.version)
    assert not hasattr(kept, "changed")  # a conflict, not a save
    window.response_panel.refresh_conflicts()


def test_the_conflicts_button_is_never_cut_short_in_a_narrow_window(opened_window: MainWindow, qtbot) -> None:
    window = opened_window
    window.show()
    a_conflict(window)
    button = window.response_panel.conflicts
    assert button.text() == "Conflicts (1)…"
    for width in (1200, 1):  # wide, then as narrow as the window goes
        window.resize(width, 600)
        qtbot.waitUntil(lambda: button.isVisible())
        settle()
        assert button.width() >= button.sizeHint().width(), f"cut short at a window {window.width()} wide"
        assert button.fontMetrics().horizontalAdvance(button.text()) < button.contentsRect().width()


def settle() -> None:
    """Let the window lay itself out after a resize."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()


def test_my_own_save_says_last_edited_by_me(opened_window: MainWindow, qtbot) -> None:
    from drafter.core.identity import set_person

    window = opened_window
    window.show()
    set_person(window.store, "Sam")  # a colleague wrote the paragraphs
    mine, theirs = make_answer(window)
    panel = window.response_panel
    set_person(window.store, "Amira")  # and now it is me, in this window
    panel.reload()
    panel.select_block(theirs)
    assert "Last edited by Sam" in panel.editor.block_status.text()
    panel.editor.text.setFocus()
    qtbot.keyClicks(panel.editor.text, " My addition.")
    panel.editor.flush()  # the pause in typing: the save
    assert not panel.has_unsaved_text()
    assert "Last edited by you, today at" in panel.editor.block_status.text()
    assert "Sam" not in panel.editor.block_status.text()
    panel.select_block(mine)  # the answer's line: the newest change among its paragraphs, mine
    assert "Last edited by you, today at" in panel.editor.block_status.text()


def test_the_status_bar_names_a_local_servers_library_as_on_this_computer(
        opened_window: MainWindow, pg_server: Any, pg_url: str) -> None:
    """Not the Unix socket's folder; and never a password."""
    from pg_server import SUPERUSER

    window = opened_window
    window.show()
    login = TeamLogin(host=str(pg_server.socket_dir), port=pg_server.port, database=database_of(pg_url),
                      user=SUPERUSER)
    assert window.team._switch(login, "a-secret-password") is None
    shown = window.library_status.text()
    assert shown == f"Team library: {database_of(pg_url)} on this computer"
    assert str(pg_server.socket_dir) not in shown + window.windowTitle()
    assert "a-secret-password" not in shown + window.windowTitle()


def test_a_servers_library_is_named_by_its_database_and_host() -> None:
    from sqlalchemy import URL

    from drafter.core.store.postgres import describe

    assert TeamLogin("db.example.org", 5432, "team", "ana").describe() == "team on db.example.org"
    assert TeamLogin("db.example.org", 5433, "team", "ana").describe() == "team on db.example.org:5433"
    assert TeamLogin("/run/postgresql", 5432, "team", "ana").describe() == "team on this computer"
    assert TeamLogin("@pg", 5432, "team", "ana").describe() == "team on this computer"
    on_socket = URL.create("postgresql+psycopg", username="ana", password="pw", database="team",
                           query={"host": "/run/postgresql"})
    assert describe(on_socket) == "ana@this computer/team"
    assert describe(on_socket.set(host="db.example.org", port=5433)) == "ana@db.example.org:5433/team"
