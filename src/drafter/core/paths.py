"""Where Drafter keeps its data.

Order of precedence: an explicit folder (``--data-dir``), then the
``DRAFTER_DATA_DIR`` environment variable, then the platform's user data folder
as platformdirs reports it (for example ``~/.local/share/Drafter`` on Linux,
``%LOCALAPPDATA%\\Drafter`` on Windows, ``~/Library/Application Support/Drafter``
on macOS).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from drafter import APP_NAME

ENV_VAR = "DRAFTER_DATA_DIR"
DATABASE_NAME = "drafter.sqlite"
#: The environment variable naming a shared library on a PostgreSQL server (as ``--database``).
DATABASE_ENV_VAR = "DRAFTER_DATABASE"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_data_dir()


def resolve_database(explicit: str | None = None) -> str | None:
    """The shared library's location (a ``postgresql://`` URL) to use instead of the data folder's, if any.

    ``--database`` first, then ``DRAFTER_DATABASE``; None (the local library) when neither is given.
    """
    for given in (explicit, os.environ.get(DATABASE_ENV_VAR)):
        if given and given.strip():
            return given.strip()
    return None


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_NAME


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"
