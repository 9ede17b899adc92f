"""The data folder's lock: one Drafter window per data folder, and the core knowing one is open.

Two windows on one database would each keep their own view of it and undo
history, and the later save would silently win; so the window holds
``drafter.lock`` in the data folder for as long as it is open
(``lock_data_folder``), and a second window is told and exits. Before doing
something an open window must not see happen under it (restoring a backup,
importing a whole library), the core asks whether another process holds it
(``app_lock_holder``).

The lock is filelock's: an operating-system lock on the file (``flock`` on Linux
and macOS, ``LockFileEx`` on Windows; a marker file where a network drive has
neither), which the system lets go of when its process ends, however it ends. So
a lock left by a crash never stands in the way, and a pid reused by another
program can't hold the folder. The holder writes its process id into the file,
for the second window's message.
"""

from __future__ import annotations

import os
from pathlib import Path

from filelock import FileLock, Timeout

from drafter.core.errors import DrafterError

LOCK_NAME = "drafter.lock"
#: How long to wait for a lock a closing window is about to release.
WAIT_SECONDS = 0.5

#: The data folders whose lock this process holds: its own lock never counts against it
#: (the window restores a backup itself, after closing its store, still holding the folder).
_held: set[Path] = set()


class AlreadyOpenError(DrafterError):
    """Another Drafter window is using this data folder."""


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_NAME


class DataFolderLock:
    """The data folder's lock, held until ``unlock`` (or until the process ends)."""

    def __init__(self, folder: Path, lock: FileLock) -> None:
        self._folder = folder
        self._lock = lock

    def unlock(self) -> None:
        _held.discard(self._folder)
        self._lock.release()


def lock_data_folder(data_dir: Path, *, wait: float = WAIT_SECONDS) -> DataFolderLock | None:
    """Hold the data folder's lock until the returned object is unlocked (or the process ends).

    Returns None when no lock file can be made at all (a read-only folder): opening
    the library then reports the real problem. Raises AlreadyOpenError if another
    Drafter holds it.
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    # Not per thread: the window takes the lock and may let go of it from another thread.
    lock = FileLock(lock_path(data_dir), thread_local=False, on_acquired=_write_pid)
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        pid = _recorded_pid(data_dir)
        raise AlreadyOpenError(
            "Drafter is already open on this data folder"
            + (f" (in another window, process {pid})." if pid else "."),
            hint="Switch to the Drafter window that is already open. Only one window can use a data "
            "folder at a time, so that no edit is lost. To work on a different library, start Drafter "
            "with --data-dir and another folder.",
        ) from None
    except OSError:
        return None  # cannot write the lock file: not a second instance
    folder = _key(data_dir)
    _held.add(folder)
    return DataFolderLock(folder, lock)


def app_lock_holder(data_dir: Path) -> int | None:
    """Whether another process holds the data folder's lock: its pid (0 if unrecorded), or None.

    Asks by trying the lock without waiting, and lets go at once if it was free.
    """
    path = lock_path(data_dir)
    if _key(data_dir) in _held or not path.is_file():
        return None  # this process's own lock, or no lock file: nobody else holds it
    probe = FileLock(path, thread_local=False)
    try:
        probe.acquire(blocking=False)
    except Timeout:
        return _recorded_pid(data_dir) or 0
    except OSError:
        return None  # the file can't even be opened: no window of this user holds it
    probe.release()
    return None


def _write_pid(fd: int) -> None:
    # Over what an earlier holder wrote, never truncating (Windows keeps a locked file's length):
    # only the first line is read.
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))


def _recorded_pid(data_dir: Path) -> int | None:
    try:
        first = lock_path(data_dir).read_text(encoding="ascii", errors="replace").split("\n", 1)[0]
        return int(first)
    except (OSError, ValueError):  # unreadable (Windows keeps a held file from others) or not written yet
        return None


def _key(data_dir: Path) -> Path:
    try:
        return data_dir.resolve()
    except OSError:
        return data_dir.absolute()
