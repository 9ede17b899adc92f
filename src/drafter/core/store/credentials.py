"""The password of a shared library's server: kept by the platform's keyring, never in plain text.

A colleague's Drafter signs in to the team's PostgreSQL server with their own role.
Its password is never written into Drafter's settings, logs or messages. It is kept
by the system's own password store (the ``keyring`` package: the macOS Keychain,
Windows Credential Locker, the Secret Service on Linux), under the server and the user
name (``entry_for``), so two roles on one server, or one role on two servers, each
have their own.

A location given with a password in it (``postgresql://ana:secret@db/team``) is used
for that connection only: once the server has accepted it, the password is offered to
the keyring (``remember``), and everything Drafter keeps or shows is the location
without it (``without_password``). Where no keyring is available (a server without a
desktop session), nothing is stored and the password must be given again next time;
that is said plainly, never worked around by writing it to a file.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import URL

#: The keyring's "service" every entry of Drafter's is filed under.
SERVICE = "Drafter shared library"


def entry_for(url: URL) -> str:
    """The keyring's user name for this server and role: ``user@host:port`` (the database is not part of it)."""
    host = url.host or url.query.get("host") or "localhost"
    if isinstance(host, tuple):
        host = ",".join(host)
    port = url.port or url.query.get("port") or 5432
    if isinstance(port, tuple):
        port = ",".join(port)
    return f"{url.username or ''}@{host}:{port}"


def describe(url: URL) -> str:
    """The server and database a URL names, for messages: never its password."""
    from drafter.core.store.postgres import describe as described

    return described(url)


def without_password(url: URL) -> URL:
    return url._replace(password=None)  # URL.set(password=None) would leave it: None means "unchanged" there


def find_password(url: URL) -> str | None:
    """The password the keyring holds for this server and role, or None (also when there is no keyring)."""
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(SERVICE, entry_for(url))
        except KeyringError:
            return None
    except Exception:  # a keyring backend that fails in its own way (no D-Bus session …): none kept
        return None


def remember(url: URL, password: str) -> bool:
    """Offer ``password`` to the keyring for this server and role; whether it was kept."""
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(SERVICE, entry_for(url), password)
        except KeyringError:
            return False
    except Exception:
        return False
    return find_password(url) == password


def forget(url: URL) -> None:
    """Remove the kept password for this server and role, if there is one (the server refused it)."""
    with contextlib.suppress(Exception):  # none kept, or no keyring: nothing to remove
        import keyring

        keyring.delete_password(SERVICE, entry_for(url))
