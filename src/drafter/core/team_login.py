"""Signing in to a team library: where it is, and the password the platform's keyring keeps.

A ``TeamLogin`` is what the window remembers (server, port, database, user name); the
password is never written to a file: ``keep_password`` hands it to the ``keyring`` package
(the Windows Credential Locker, the macOS Keychain, the Secret Service on Linux), under
one entry per user and library. Where no keyring works, nothing is kept and the caller
says so (the password is asked for again next time).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from sqlalchemy import URL

#: The keyring's name for Drafter's entries.
KEYRING_SERVICE = "Drafter team library"


@dataclass(frozen=True)
class TeamLogin:
    host: str
    port: int
    database: str
    user: str

    DEFAULT_PORT: ClassVar[int] = 5432

    def url(self, password: str | None = None) -> URL:
        """The SQLAlchemy URL (built part by part: no value is pasted into a string)."""
        from sqlalchemy import URL

        return URL.create("postgresql+psycopg", username=self.user, password=password or None, host=self.host,
                          port=self.port, database=self.database)

    def describe(self) -> str:
        """'host/database' (the port when it is not the usual one), for the title bar and messages."""
        port = "" if self.port == self.DEFAULT_PORT else f":{self.port}"
        return f"{self.host}{port}/{self.database}"

    @property
    def keyring_entry(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


def keep_password(login: TeamLogin, password: str) -> bool:
    """Hand the password to the platform's keyring; False where there is none that works."""
    try:
        import keyring
        from keyring.errors import KeyringError

        keyring.set_password(KEYRING_SERVICE, login.keyring_entry, password)
    except (ImportError, KeyringError, RuntimeError):
        return False
    return True


def kept_password(login: TeamLogin) -> str | None:
    """The password the keyring keeps for ``login``, or None."""
    try:
        import keyring
        from keyring.errors import KeyringError

        return keyring.get_password(KEYRING_SERVICE, login.keyring_entry)
    except (ImportError, KeyringError, RuntimeError):
        return None


def forget_password(login: TeamLogin) -> None:
    try:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):  # nothing kept: nothing to forget
            keyring.delete_password(KEYRING_SERVICE, login.keyring_entry)
    except (ImportError, KeyringError, RuntimeError):
        return
