"""Errors the user is meant to read.

Every failure that can reach a person (a broken file, a folder that can't be
written, a database from a newer version) is raised as a ``DrafterError`` whose
message is plain language; the command line prints it and the window shows it.
Anything else reaching the top is a bug.
"""

from __future__ import annotations


class DrafterError(Exception):
    """An error with a message written for a non-technical reader."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class DataFolderError(DrafterError):
    """The data folder cannot be created, read or written."""


class DatabaseDamagedError(DrafterError):
    """The database file exists but SQLite cannot read it."""


class DatabaseTooNewError(DrafterError):
    """The database was written by a newer Drafter than this one."""


class NotFoundError(DrafterError):
    """A record the user named (by id or label) does not exist."""


class RefusedError(DrafterError):
    """The operation would lose or corrupt the user's work, so it was not done."""
