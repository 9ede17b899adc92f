"""File › Connect to Team Library…: the dialog, the remembered choice, live changes, a lost server.

The tests with a server use a real PostgreSQL (``pg_server``/``pg_url``, or a
``private_pg_server`` the test may stop and start again). The keyring is the in-memory
one of ``tests/conftest.py`` (``test_keyring``), never this computer's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from drafter.core.store import credentials
from drafter.core.team_login import TeamLogin
from drafter.ui.main_window import MainWindow
from drafter.ui.team_library import UNREACHABLE_BANNER, ConnectDialog, remembered_login

pytestmark = pytest.mark.gui

#: A test waits this long for something the window must do by itself (a hang, not a measurement).
PATIENCE_MS = 15_000


def login_on(server: object, database: str) -> TeamLogin:
    """The test server's socket folder as the host (libpq takes a folder for a Unix socket)."""
    from pg_server import SUPERUSER

    return TeamLogin(host=str(server.socket_dir), port=server.port, database=database,  # type: ignore[attr-defined]
                     user=SUPERUSER)


def database_of(pg_url: str) -> str:
    from sqlalchemy import make_url

    return str(make_url(pg_url).database)


def unused_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def titles(window: MainWindow) -> list[str | None]:
    model = window.library_panel.model
    return [model.source_at(r).title for r in range(model.rowCount())]


# -- the dialog ---------------------------------------------------------------------------------

def test_the_dialog_names_every_field_and_asks_for_what_is_missing(qtbot) -> None:
    dialog = ConnectDialog(None, team_open=False)
    qtbot.addWidget(dialog)
    dialog.show()
    for field in (dialog.host, dialog.port, dialog.database, dialog.user, dialog.password):
        assert field.accessibleName()
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    assert not dialog.local_button.isEnabled()  # the local library is open already
    dialog.host.setText("db.example.org")
    qtbot.keyClick(dialog.host, Qt.Key.Key_Return)  # Enter: the dialog's main action, Connect
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.problem.text() == "Fill in the database and the user name."
    dialog.database.setText("drafting")
    dialog.user.setText("amira")
    qtbot.keyClick(dialog.user, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.login() == TeamLogin("db.example.org", 5432, "drafting", "amira")


@pytest.mark.sqlite_file  # about the local library (the data folder's file); a team library's banner: below
def test_a_local_library_never_shows_the_team_banner(opened_window: MainWindow) -> None:
    opened_window.show()
    opened_window.team.save_failed("the disk is full")
    assert opened_window.team.bar.isHidden()
    assert opened_window.windowTitle() == "Drafter" and opened_window.library_status.text() == "Local library"


@pytest.mark.sqlite_file  # starts from the local library (the data folder's file), which must stay open
def test_a_server_that_does_not_answer_leaves_the_local_library_open(opened_window: MainWindow) -> None:
    window = opened_window
    store = window.store
    problem = window.team._switch(TeamLogin("127.0.0.1", unused_port(), "team", "amira"), "secret")
    assert problem is not None and "could not reach" in problem
    assert window.store is store and remembered_login(window.settings) is None
    assert window.windowTitle() == "Drafter"


# -- a real server ------------------------------------------------------------------------------

def connect_through_the_dialog(window: MainWindow, qtbot, login: TeamLogin, password: str) -> None:
    """Fill in File › Connect to Team Library… as a user does, and press Enter."""
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ConnectDialog)
        dialog.host.setText(login.host)
        dialog.port.setValue(login.port)
        dialog.database.setText(login.database)
        dialog.user.setText(login.user)
        dialog.password.setText(password)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill)
    window.team.connect_dialog()


def test_connecting_remembers_the_library_keeps_the_password_in_the_keyring_and_says_which(
        opened_window: MainWindow, qtbot, pg_server, pg_url: str, test_keyring, data_dir: Path) -> None:
    window = opened_window
    window.show()
    login = login_on(pg_server, database_of(pg_url))
    connect_through_the_dialog(window, qtbot, login, "a-password")
    assert window.store is not None and window.store.url is not None
    assert window.windowTitle() == f"Team library: {login.describe()}"  # Qt adds " — Drafter"
    assert window.library_status.text() == f"Team library: {login.describe()}"
    assert remembered_login(window.settings) == login
    assert credentials.find_password(login.url()) == "a-password"
    assert set(test_keyring) == {(credentials.SERVICE, credentials.entry_for(login.url()))}
    assert "a-password" not in (data_dir / "window.ini").read_text(encoding="utf-8")
    # The next window opens the team library by itself.
    again = MainWindow(data_dir)
    qtbot.addWidget(again)
    again.open_library()
    try:
        assert again.store is not None and again.store.url is not None
        assert again.library_status.text() == f"Team library: {login.describe()}"
    finally:
        again.close_library()
    # And "Use Local Library" goes back.
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().local_button.click())
    window.team.connect_dialog()
    assert window.store is not None and window.store.url is None
    assert remembered_login(window.settings) is None and window.library_status.text() == "Local library"


def test_a_colleagues_change_appears_in_the_window(opened_window: MainWindow, qtbot, pg_server, pg_url: str,
                                                    tmp_path: Path) -> None:
    from drafter.core.sources import SourceFacts, add_source
    from drafter.core.store import Store

    window = opened_window
    window.show()
    assert window.team._switch(login_on(pg_server, database_of(pg_url)), None) is None
    window.operations._timer.stop()  # no polling on a timer: the watcher's socket alone must bring it
    colleague = Store.open_url(pg_url, tmp_path / "colleague")
    try:
        add_source(colleague, "Evidence a colleague found.", SourceFacts(title="From a colleague"))
        # The colleague's NOTIFY makes the watcher's socket readable; the window polls it then.
        qtbot.waitUntil(lambda: "From a colleague" in titles(window), timeout=PATIENCE_MS)
    finally:
        colleague.close()


def make_answer(window: MainWindow) -> tuple[int, int]:
    """A response with one question and two paragraphs, open in the window: (mine, theirs) block ids."""
    from drafter.core.questions import parse_questions
    from drafter.core.responses import add_block, create_response, replace_questions
    from drafter.core.responses.records import ResponseDetails

    store = window.store
    response = create_response(store, ResponseDetails(consultation_title="Team response"))
    replace_questions(store, response.id, parse_questions("1. Why?").questions)
    window.response_panel.refresh_list(select_id=response.id)
    question_id = window.response_panel.document.questions[0].id
    mine = add_block(store, question_id, text="")
    theirs = add_block(store, question_id, text="Their first draft.")
    window.operations.poll_outside()
    window.response_panel.reload()
    return mine.id, theirs.id


def test_a_colleagues_edit_elsewhere_does_not_disturb_my_typing(opened_window: MainWindow, qtbot, pg_server,
                                                                 pg_url: str, tmp_path: Path) -> None:
    from drafter.core.responses import update_block_text
    from drafter.core.store import Store

    window = opened_window
    window.show()
    assert window.team._switch(login_on(pg_server, database_of(pg_url)), None) is None
    mine, theirs = make_answer(window)
    panel = window.response_panel
    panel.select_block(mine)
    panel.editor.text.setFocus()
    qtbot.keyClicks(panel.editor.text, "Our own words")
    cursor = panel.editor.text.textCursor()
    cursor.setPosition(4)
    panel.editor.text.setTextCursor(cursor)
    colleague = Store.open_url(pg_url, tmp_path / "colleague")
    try:
        update_block_text(colleague, theirs, "Their second draft.")
    finally:
        colleague.close()
    qtbot.waitUntil(lambda: [b.text for b in panel.document.questions[0].blocks][1] == "Their second draft.",
                    timeout=PATIENCE_MS)
    assert panel.editor.current_block_id() == mine
    assert panel.editor.text.toPlainText() == "Our own words"
    assert panel.editor.text.textCursor().position() == 4
    assert panel.editor.text.hasFocus()


def test_losing_the_server_keeps_the_typing_says_so_and_saves_it_when_back(
        opened_window: MainWindow, qtbot, private_pg_server, tmp_path: Path) -> None:
    from drafter.core.responses import get_response
    from drafter.core.store import Store

    server = private_pg_server
    login = login_on(server, server.new_database())  # type: ignore[attr-defined]
    window = opened_window
    window.show()
    assert window.team._switch(login, None) is None
    mine, _theirs = make_answer(window)
    panel = window.response_panel
    panel.answer_actions._retry.setInterval(200)  # the test need not wait the usual seconds between tries
    panel.select_block(mine)
    server.pause()  # type: ignore[attr-defined]
    panel.editor.text.setPlainText("Words typed while the server was away.")
    panel.editor.flush()
    qtbot.waitUntil(lambda: not window.team.bar.isHidden(), timeout=PATIENCE_MS)
    assert window.team.banner.text() == UNREACHABLE_BANNER
    assert panel.has_unsaved_text()
    assert panel.editor.text.toPlainText() == "Words typed while the server was away."
    server.resume()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not panel.has_unsaved_text() and window.team.bar.isHidden(), timeout=PATIENCE_MS)
    reader = Store.open_url(login.url(), tmp_path / "reader", seed=False)
    try:
        blocks = get_response(reader, panel.document.id).questions[0].blocks
        assert [b.text for b in blocks if b.id == mine] == ["Words typed while the server was away."]
    finally:
        reader.close()


def test_a_read_that_fails_while_the_server_is_away_shows_the_banner_not_a_problem_report(
        opened_window: MainWindow, qtbot, private_pg_server, data_dir: Path) -> None:
    from drafter.core.store.postgres import ServerUnreachableError
    from drafter.ui.problem_report import ProblemHooks, ProblemReporter

    server = private_pg_server
    window = opened_window
    window.show()
    assert window.team._switch(login_on(server, server.new_database()), None) is None  # type: ignore[attr-defined]
    window.team._recheck.setInterval(100)
    hooks = ProblemHooks(ProblemReporter(data_dir, lambda: window))  # what run_app installs
    hooks.reporter.unreachable.connect(window.team.read_failed)
    reports: list[str] = []
    hooks.reporter.reported.connect(reports.append)
    server.pause()  # type: ignore[attr-defined]
    with pytest.raises(ServerUnreachableError) as caught:  # a list page, the reader: any read in a slot
        window.store.reader().execute("SELECT count(*) FROM source").fetchall()
    hooks.excepthook(type(caught.value), caught.value, caught.value.__traceback__)  # as PySide6 calls it
    assert not window.team.bar.isHidden() and window.team.banner.text() == UNREACHABLE_BANNER
    server.resume()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.team.bar.isHidden(), timeout=PATIENCE_MS)
    assert reports == []  # never shown as a fault of Drafter's


def test_two_windows_on_one_server_show_each_others_typing(qtbot, pg_server, pg_url: str, tmp_path: Path) -> None:
    """The issue's "done when": two windows, one response; what one types appears in the other."""
    from drafter.ui.application import make_application

    make_application()
    login = login_on(pg_server, database_of(pg_url))
    windows = []
    for who in ("amira", "ben"):
        window = MainWindow(tmp_path / who)
        qtbot.addWidget(window)
        window.open_library()
        window.show()
        assert window.team._switch(login, None) is None
        windows.append(window)
    amira, ben = windows
    try:
        mine, _theirs = make_answer(amira)
        response_id = amira.response_panel.document.id
        qtbot.waitUntil(lambda: ben.response_panel.chooser.findData(response_id) >= 0, timeout=PATIENCE_MS)
        ben.response_panel.chooser.setCurrentIndex(ben.response_panel.chooser.findData(response_id))
        ben.response_panel.open_response(response_id)
        amira.response_panel.select_block(mine)
        amira.response_panel.editor.text.setFocus()
        qtbot.keyClicks(amira.response_panel.editor.text, "Typed in Amira's window.")
        amira.response_panel.editor.flush()  # what the pause in typing does

        def ben_sees() -> bool:
            document = ben.response_panel.document
            return document is not None and any(
                b.text == "Typed in Amira's window." for q in document.questions for b in q.blocks)

        qtbot.waitUntil(ben_sees, timeout=PATIENCE_MS)
    finally:
        for window in windows:
            window.close_library()


def test_a_team_library_that_cannot_be_opened_at_start_says_the_local_one_is_open(qtbot, data_dir: Path) -> None:
    from drafter.ui.application import make_application
    from drafter.ui.team_library import remember_login
    from drafter.ui.window_layout import window_settings

    make_application()
    login = TeamLogin("127.0.0.1", unused_port(), "team", "amira")
    remember_login(window_settings(data_dir), login)
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.show()
    window.open_library()
    try:
        assert window.store is not None and window.store.url is None
        assert window.library_status.text() == "Local library"
        assert not window.team.bar.isHidden()
        assert window.team.banner.text().startswith(f"The team library {login.describe()} could not be opened")
        assert "could not reach" in window.team.banner.text()
    finally:
        window.close_library()


def test_the_database_option_opens_that_library_for_this_run(qtbot, pg_url: str, data_dir: Path) -> None:
    from drafter.ui.application import make_application

    make_application()
    window = MainWindow(data_dir, database=pg_url)  # drafter --database URL
    qtbot.addWidget(window)
    window.open_library()
    try:
        assert window.store is not None and window.store.url is not None
        assert window.library_status.text().startswith("Team library: ")
        assert database_of(pg_url) in window.windowTitle()
        assert remembered_login(window.settings) is None  # for this run only
    finally:
        window.close_library()


def test_a_database_option_that_cannot_be_opened_opens_the_local_library_and_says_so(qtbot, data_dir: Path) -> None:
    from drafter.ui.application import make_application

    make_application()
    window = MainWindow(data_dir, database=f"postgresql://amira@127.0.0.1:{unused_port()}/team")
    qtbot.addWidget(window)
    window.show()
    window.open_library()
    try:
        assert window.store is not None and window.store.url is None
        assert window.team.banner.text().startswith("The team library amira@127.0.0.1:")
        assert not window.team.bar.isHidden()
    finally:
        window.close_library()


def test_while_the_server_is_away_changes_other_than_typing_are_refused_at_once(
        opened_window: MainWindow, qtbot, private_pg_server) -> None:
    """Read-only while the banner shows: a change is refused in plain words, not after a timeout."""
    from drafter.core.operations import responses as ops
    from drafter.ui.operations import READ_ONLY_MESSAGE

    server = private_pg_server
    window = opened_window
    window.show()
    assert window.team._switch(login_on(server, server.new_database()), None) is None  # type: ignore[attr-defined]
    mine, _theirs = make_answer(window)
    question_id = window.response_panel.document.questions[0].id
    told: list[tuple[str, str]] = []
    window.operations.report = lambda title, message: told.append((title, message))
    server.pause()  # type: ignore[attr-defined]
    window.team.read_failed("gone")  # what a failed read in the window reports
    assert window.team.unreachable and not window.team.bar.isHidden()
    assert window.operations.run(ops.add_block(question_id, text="Not now.")) is None
    assert told == [("Not changed", READ_ONLY_MESSAGE)]
    server.resume()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not window.team.unreachable, timeout=PATIENCE_MS)
    result = window.operations.run(ops.add_block(question_id, text="Now it is back."))
    assert result is not None
    window.response_panel.reload()
    texts = [b.text for b in window.response_panel.document.questions[0].blocks]
    assert texts.count("Not now.") == 0 and texts[-1] == "Now it is back."
    assert mine in [b.id for b in window.response_panel.document.questions[0].blocks]
