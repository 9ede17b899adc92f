"""Where a team library is, as the window remembers it: server, port, database and user name.

Never the password: ``Store.open_url`` hands one the user gives to the platform's
keyring, and finds it there next time (``drafter.core.store.credentials``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from sqlalchemy import URL

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

    @classmethod
    def from_url(cls, url: URL) -> TeamLogin:
        """Where a server URL points (a Unix socket's folder given as ``?host=`` too); never its password."""
        host = url.host or url.query.get("host") or "localhost"
        port = url.port or url.query.get("port") or cls.DEFAULT_PORT
        return cls(host=str(host if isinstance(host, str) else ",".join(host)),
                   port=int(port if isinstance(port, int | str) else port[0]),
                   database=str(url.database or ""), user=str(url.username or ""))

    def describe(self) -> str:
        """'team_library on db.example.org' (with the port when it is not the usual one), for the title and
        status bars and messages; 'team_library on this computer' for a server on a local socket."""
        if is_local_socket(self.host):
            return f"{self.database} on this computer"
        port = "" if self.port == self.DEFAULT_PORT else f":{self.port}"
        return f"{self.database} on {self.host}{port}"


def is_local_socket(host: str) -> bool:
    """Whether libpq reads ``host`` as a Unix socket on this computer: a folder (or Linux's abstract '@name')."""
    return host.startswith(("/", "@")) or (len(host) > 2 and host[1] == ":" and host[2] in "\\/")
