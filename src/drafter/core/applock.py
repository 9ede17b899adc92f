"""Reading the lock the Drafter window holds on its data folder, without Qt.

The window takes ``drafter.lock`` with ``QLockFile`` (in ``drafter.ui``); the
core only needs to know whether some *other* live process holds it, before
doing something the open window must not see happen under it (restoring a
backup). QLockFile writes the holder's pid, program name and host name, one a
line; a lock whose process is gone is stale and does not count.
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

LOCK_NAME = "drafter.lock"


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_NAME


def app_lock_holder(data_dir: Path) -> int | None:
    """The pid of another live process holding the data folder's lock, or None."""
    try:
        lines = lock_path(data_dir).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:  # no lock file: nobody holds it
        return None
    try:
        pid = int(lines[0])
    except (IndexError, ValueError):
        return None  # an empty or half-written file: QLockFile treats it as stale too
    host = lines[2] if len(lines) > 2 else ""
    if pid == os.getpid():
        return None
    if host and host != platform.node():
        return pid  # held from another computer (a shared drive): we can't tell, so respect it
    name = lines[1] if len(lines) > 1 else ""
    return pid if pid_alive(pid) and not _pid_reused(pid, name) else None


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: asks whether the process exists, sends nothing
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, but belongs to someone else
        return True
    except OSError:
        return False
    return True


def _pid_reused(pid: int, name: str) -> bool:
    """On Linux, a live pid running another program than the lock names: the pid was reused.

    QLockFile makes the same check (its program name is the executable's file name).
    Elsewhere the answer is "not known", and the lock is respected.
    """
    if not name or not sys.platform.startswith("linux"):
        return False
    try:
        running = Path(os.readlink(f"/proc/{pid}/exe")).name
    except OSError:  # not ours to read (another user's process): respect the lock
        return False
    return running != name


def _windows_pid_alive(pid: int) -> bool:
    # os.kill on Windows would terminate the process, so ask the kernel instead.
    import ctypes

    process_query_limited_information = 0x1000
    still_active = 259
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return False
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
