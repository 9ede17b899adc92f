"""Who is working: the name a change, a conflict, an assignment or a presence is recorded under.

On a shared PostgreSQL server each colleague connects with a database role of their
own, and that role (``current_user``) is who they are: the server vouches for it.
On a local SQLite library the name is the one set in the data folder
(``person.json``, written by ``set_own_name``: "drafter whoami --set NAME"), or
else the operating system's user name. Two Drafters on one SQLite library (a window
and the command line, or two windows) are then the same person unless one names
itself otherwise; a test or a benchmark gives each store a name of its own
(``set_person``).
"""

from __future__ import annotations

import getpass
import json
import os
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.core.errors import DrafterError

if TYPE_CHECKING:
    from drafter.core.store import Store

#: The file in a data folder that holds the name its user chose.
PERSON_FILE = "person.json"
#: The longest name kept (a role name on a server is at most 63 bytes).
MAX_NAME = 100
#: When the operating system knows no user name.
UNKNOWN = "someone"

_names: weakref.WeakKeyDictionary[Store, str] = weakref.WeakKeyDictionary()


class InvalidNameError(DrafterError):
    """A name a person can't be recorded under."""


def clean_name(name: str) -> str:
    """A name with its spaces tidied; refused when empty or too long."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise InvalidNameError("A name can't be empty.")
    if len(cleaned) > MAX_NAME:
        raise InvalidNameError(f"A name can be at most {MAX_NAME} characters long.")
    return cleaned


def set_person(store: Store, name: str | None) -> None:
    """Work on ``store`` under ``name`` (tests, benchmarks, a script acting for someone); None forgets it."""
    if name is None:
        _names.pop(store, None)
    else:
        _names[store] = clean_name(name)


def known_person(store: Store) -> str | None:
    """The name ``person`` gave (or was set) for ``store`` already, without looking it up; None if not yet."""
    return _names.get(store)


def person(store: Store) -> str:
    """The name this store's changes are recorded under (see the module's docstring)."""
    known = _names.get(store)
    if known is not None:
        return known
    found = _server_role(store) or own_name(store.data_dir) or os_user()
    _names[store] = found
    return found


def _server_role(store: Store) -> str | None:
    """The server's name for this connection's role; None on a local (SQLite) library."""
    engine = store.engine
    if engine.dialect.name == "sqlite":
        return None
    from sqlalchemy import text

    with engine.connect() as connection:
        role = connection.execute(text("SELECT current_user")).scalar()
    return str(role) if role else None


def own_name(data_dir: Path) -> str | None:
    """The name set for this data folder, or None."""
    try:
        data = json.loads((Path(data_dir) / PERSON_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("name") if isinstance(data, dict) else None
    try:
        return clean_name(value) if isinstance(value, str) else None
    except InvalidNameError:
        return None


def set_own_name(data_dir: Path, name: str | None) -> str | None:
    """Set (or with None, forget) the name this data folder's user works under on a local library."""
    path = Path(data_dir) / PERSON_FILE
    if name is None:
        path.unlink(missing_ok=True)
        return None
    cleaned = clean_name(name)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"name": cleaned}, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)
    return cleaned


def os_user() -> str:
    try:
        return clean_name(getpass.getuser())
    except (OSError, KeyError, ImportError, InvalidNameError):
        return UNKNOWN
