"""File › Connect to Team Library…: a shared library on a PostgreSQL server, and back to the local one.

The dialog asks for the server's address, the database, the user name and the password.
The first three (and whether the team library is in use) are remembered in the window's
settings; the password is kept by the platform's keyring (``Store.open_url`` hands it to
``drafter.core.store.credentials``), never in a file. The window's title and status bar say which library is open.

While the server cannot be reached (the change watcher says so, or a save failed for
that reason) a banner says so over the window; what the user types is kept by the answers'
retry (``AnswerActions``) and saved once the server answers again, and the watcher
catches up on colleagues' changes from the change log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from drafter.core.errors import DrafterError
from drafter.core.team_login import TeamLogin
from drafter.ui.accessibility import announce, main_action, name, warning_colour

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from drafter.core.store import Store
    from drafter.ui.main_window import MainWindow

#: What the banner says while the team library's server cannot be reached.
UNREACHABLE_BANNER = ("The team library cannot be reached — your typing is kept and saved when it is back")

_KEYS = ("host", "port", "database", "user")


def remembered_login(settings: QSettings) -> TeamLogin | None:
    """The team library the window used last, if it was one (never a password)."""
    if str(settings.value("team_library/in_use", "false")).lower() != "true":
        return None
    return stored_login(settings)


def stored_login(settings: QSettings) -> TeamLogin | None:
    values = {key: str(settings.value(f"team_library/{key}", "") or "") for key in _KEYS}
    if not (values["host"] and values["database"] and values["user"]):
        return None
    try:
        port = int(values["port"] or TeamLogin.DEFAULT_PORT)
    except ValueError:
        port = TeamLogin.DEFAULT_PORT
    return TeamLogin(host=values["host"], port=port, database=values["database"], user=values["user"])


def remember_login(settings: QSettings, login: TeamLogin | None) -> None:
    """Remember ``login`` as the library to open next time (None: the local library)."""
    settings.setValue("team_library/in_use", "true" if login is not None else "false")
    if login is not None:
        for key in _KEYS:
            settings.setValue(f"team_library/{key}", str(getattr(login, key)))
    settings.sync()


class ConnectDialog(QDialog):
    """The server, database, user name and password of a team library; or back to the local library."""

    #: ``exec`` returns this when the user chose "Use Local Library".
    USE_LOCAL = 2

    def __init__(self, login: TeamLogin | None, *, team_open: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to Team Library")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "A team library lives on your organisation's PostgreSQL server: everyone connected to it "
            "works on the same sources, snippets and responses. Ask whoever runs the server for these details.",
            self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit(login.host if login else "", self)
        self.host.setPlaceholderText("e.g. db.example.org")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(login.port if login else TeamLogin.DEFAULT_PORT)
        self.database = QLineEdit(login.database if login else "", self)
        self.user = QLineEdit(login.user if login else "", self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kept by this computer's keyring" if login else "")
        for label, widget, spoken in (
            ("Server &address", self.host, "Server address"), ("&Port", self.port, "Port"),
            ("&Database", self.database, "Database"), ("&User name", self.user, "User name"),
            ("Pass&word", self.password, "Password"),
        ):
            form.addRow(label, widget)
            name(widget, spoken)
        name(self.password, "Password", "Leave empty to use the password this computer's keyring keeps.")
        layout.addLayout(form)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {warning_colour().name()}")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.connect_button = buttons.addButton("&Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        main_action(self.connect_button)
        self.local_button: QPushButton = buttons.addButton("Use &Local Library", QDialogButtonBox.ButtonRole.ResetRole)
        self.local_button.setEnabled(team_open)
        name(self.local_button, "Use Local Library", "Close the team library and open this computer's own.")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._connect)
        buttons.rejected.connect(self.reject)
        self.local_button.clicked.connect(lambda: self.done(self.USE_LOCAL))
        layout.addWidget(buttons)
        (self.host if not self.host.text() else self.password).setFocus()

    def login(self) -> TeamLogin:
        return TeamLogin(host=self.host.text().strip(), port=self.port.value(),
                         database=self.database.text().strip(), user=self.user.text().strip())

    def _connect(self) -> None:
        missing = [label for label, field in (("the server address", self.host), ("the database", self.database),
                                              ("the user name", self.user)) if not field.text().strip()]
        if missing:
            self.show_problem("Fill in " + " and ".join(missing) + ".")
            return
        self.accept()

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        announce(self, message, urgent=True)


class TeamLibrary(QObject):
    """The window's choice of library (local or a team's), its banner, and the connect dialog."""

    #: After a read failed, how often the server is tried again (until it answers).
    RECHECK_MS = 2000

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: The team library open now (None: the local library).
        self.login: TeamLogin | None = None
        self._unreachable_watch = False  # the watcher lost the server
        self._unreachable_save = False  # typing could not be saved for that reason
        self._unreachable_read = False  # a read (a list, the reader) failed for that reason
        self._recheck = QTimer(self)  # after a failed read: is the server back?
        self._recheck.setInterval(self.RECHECK_MS)
        self._recheck.timeout.connect(self._check_back)
        # Across the top of the window, under the menus: seen at once, and never covered by a status tip.
        self.bar = QToolBar("Team library", window)
        self.bar.setObjectName("teamLibraryBar")
        self.bar.setMovable(False)
        self.bar.setFloatable(False)
        self.bar.toggleViewAction().setVisible(False)  # not one the user can hide from a context menu
        self.banner = QLabel(UNREACHABLE_BANNER, self.bar)
        self.banner.setObjectName("teamLibraryUnreachable")
        self.banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)  # the window's width
        self.banner.setStyleSheet("color: white; background: #8a4b00; padding: 4px 8px; font-weight: bold")
        name(self.banner, "Team library unreachable", UNREACHABLE_BANNER)
        self.bar.addWidget(self.banner)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bar.hide()

    # --- which library ---------------------------------------------------------------------

    def location_for_start(self) -> TeamLogin | None:
        return remembered_login(self.window.settings)

    def open_store(self, login: TeamLogin | None, password: str | None = None) -> Store:
        """The store of ``login``'s team library (None: the local one); raises DrafterError plainly."""
        from drafter.core.store import Store

        if login is None:
            return Store.open(self.window.data_dir, later=True)
        # No password given: the one the keyring keeps for this server and user; one given is kept there.
        return Store.open_url(login.url(), self.window.data_dir, password=password or None)

    def open_given(self, location: str) -> tuple[Store, TeamLogin]:
        """The library ``drafter --database URL`` names (for this run: not remembered in the settings)."""
        from drafter.core.store import Store

        store = Store.open_url(location, self.window.data_dir)
        assert store.url is not None
        return store, TeamLogin.from_url(store.url)

    def opened(self, login: TeamLogin | None) -> None:
        """The window now shows ``login``'s library: say which in the title and the status bar."""
        self.login = login
        self._unreachable_watch = self._unreachable_save = self._unreachable_read = False
        self._recheck.stop()
        self.banner.setText(UNREACHABLE_BANNER)
        self.banner.setWordWrap(False)
        self.banner.setAccessibleDescription(UNREACHABLE_BANNER)
        self._show_banner()
        where = f"Team library: {login.describe()}" if login else "Local library"
        # Qt adds the application's name after a window's own title ("Team library: … — Drafter"):
        # naming it here too printed it twice.
        self.window.setWindowTitle(where if login else "Drafter")
        self.window.library_status.setText(where)
        self.window.library_status.setAccessibleName(where)

    def start_failed(self, where: str, problem: DrafterError) -> None:
        """The team library ``where`` could not be opened at start, so the local one is: say so plainly.

        The banner, not a passing message: typing into the local library while believing it
        the team's is the mistake to prevent.
        """
        text = (f"The team library {where} could not be opened, so this computer's own library is "
                f"open instead: {problem.message} File › Connect to Team Library… tries again.")
        self.banner.setText(text)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleDescription(text)
        self.bar.show()
        announce(self.window, text, urgent=True)

    def connect_dialog(self) -> None:
        window = self.window
        dialog = ConnectDialog(self.login or stored_login(window.settings), team_open=self.login is not None,
                               parent=window)
        while True:
            answer = dialog.exec()
            if answer == ConnectDialog.USE_LOCAL:
                self._switch(None, None)
                return
            if answer != QDialog.DialogCode.Accepted:
                return
            login, password = dialog.login(), dialog.password.text()
            problem = self._switch(login, password)
            if problem is None:
                if password and not self._kept(login, password):
                    window.statusBar().showMessage(
                        "This computer has no keyring to keep the password: Drafter asks for it next time.")
                return
            dialog.show_problem(problem)

    def _switch(self, login: TeamLogin | None, password: str | None) -> str | None:
        """Open ``login``'s library in place of the open one; the problem in plain words, or None."""
        from drafter.core.changes import LIBRARY_REPLACED

        window = self.window
        try:
            store = self.open_store(login, password)
        except DrafterError as exc:
            return exc.message + (f" {exc.hint}" if exc.hint else "")
        window.response_panel.editor.flush()
        window.close_library()
        window.store = store
        remember_login(window.settings, login)
        self.opened(login)
        window.operations.announce(LIBRARY_REPLACED, window)
        window.operations.watch(store)
        if login is None:
            window._run_later_checks(store)  # the local library's backup of the day, as at start
        announce(window, f"Opened the {'team library ' + login.describe() if login else 'local library'}.")
        return None

    @staticmethod
    def _kept(login: TeamLogin, password: str) -> bool:
        from drafter.core.store import credentials

        return credentials.find_password(login.url()) == password

    # --- the banner ------------------------------------------------------------------------

    def watcher_reachable(self, reachable: bool) -> None:
        self._unreachable_watch = not reachable
        self._show_banner()

    def save_failed(self, _message: str) -> None:
        """Typing could not be saved: on a team library, because its server cannot be reached."""
        self._unreachable_save = self.login is not None
        self._show_banner()

    def read_failed(self, _message: str) -> None:
        """A read from the server failed (it went away): the banner, until it answers again."""
        if self.login is None:
            return
        self._unreachable_read = True
        self.window.operations.server_lost()
        self._recheck.start()
        self._show_banner()

    def _check_back(self) -> None:
        store = self.window.store
        if store is None or self.login is None:
            self._recheck.stop()
            return
        if self.window.operations.server_away:
            return  # the watcher reconnects in the background; trying here could freeze the window
        try:
            store.reader().execute("SELECT 1").fetchall()
        except DrafterError:
            return  # still away
        self._recheck.stop()
        self._unreachable_read = False
        self._show_banner()

    def save_resumed(self) -> None:
        self._unreachable_save = False
        self._show_banner()

    @property
    def unreachable(self) -> bool:
        return self.login is not None and (self._unreachable_watch or self._unreachable_save
                                           or self._unreachable_read)

    def _show_banner(self) -> None:
        was = not self.bar.isHidden()
        shown = self.unreachable
        self.bar.setVisible(shown)
        if shown and not was:
            announce(self.window, UNREACHABLE_BANNER, urgent=True)
        elif was and not shown:
            announce(self.window, "The team library is back: everything you typed is saved.")
