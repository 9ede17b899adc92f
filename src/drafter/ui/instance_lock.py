"""One Drafter window per data folder, held with ``QLockFile``.

Two windows on one database would each keep their own view of it and undo
history, and the later save would silently win; so the second is told and
exits. A lock left by a crash is stale (its process is gone) and QLockFile
removes it by itself. The lock's file name comes from the core
(``drafter.core.applock``), which reads it before restoring a backup.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from drafter.core.applock import lock_path
from drafter.core.errors import DrafterError

#: How long to wait for a lock a closing window is about to release.
WAIT_MS = 500


class AlreadyOpenError(DrafterError):
    """Another Drafter window is using this data folder."""


def lock_data_folder(data_dir: Path) -> QLockFile | None:
    """Hold the data folder's lock until the returned object is unlocked (or the process ends).

    Returns None when no lock file can be made at all (a read-only folder): opening
    the library then reports the real problem. Raises AlreadyOpenError if another
    live Drafter holds it.
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    lock = QLockFile(str(lock_path(data_dir)))
    # 0: never treat the lock as stale because of its age — a window may stay open for
    # weeks. It is stale only when the process that wrote it is gone (a crash).
    lock.setStaleLockTime(0)
    if lock.tryLock(WAIT_MS):
        return lock
    if lock.error() != QLockFile.LockError.LockFailedError:
        return None  # cannot write the lock file: not a second instance
    info = lock.getLockInfo()
    pid = info[0] if isinstance(info, tuple) and info else None
    raise AlreadyOpenError(
        "Drafter is already open on this data folder"
        + (f" (in another window, process {pid})." if pid else "."),
        hint="Switch to the Drafter window that is already open. Only one window can use a data "
        "folder at a time, so that no edit is lost. To work on a different library, start Drafter "
        "with --data-dir and another folder.",
    )
