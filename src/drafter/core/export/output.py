"""Writing an export safely, and reporting progress to whoever waits for it.

The document is written to a temporary file beside the target and renamed over
it only once complete, so a crash, a full disk or a cancel never leaves half a
document, and the previous file stays as it was until the new one is whole.
The rename is what fails when Word holds the old file open on Windows.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from drafter.core.errors import DrafterError
from drafter.core.filekinds import check_write_target


class ExportCancelled(DrafterError):
    """The user cancelled the export; nothing was written."""


class ExportWriteError(DrafterError):
    """The target can't be written; the old file, if any, is unchanged."""


class Progress:
    """Counts steps of an export, reports them and stops the work when cancelled."""

    def __init__(self, total: int, report: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._report = report
        self._cancelled = cancelled

    def step(self, count: int = 1) -> None:
        self.check()
        self.done = min(self.done + count, self.total)
        if self._report is not None:
            self._report(self.done, self.total)

    def check(self) -> None:
        """Stop the work (raise ExportCancelled) if the user has cancelled; no step is counted."""
        if self._cancelled is not None and self._cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")

    def finish(self) -> None:
        """Report completion; too late to cancel, as the file is already in place."""
        self.done = self.total
        if self._report is not None:
            self._report(self.done, self.total)


def check_target(path: Path) -> None:
    """Refuse early, before any work, a target that plainly can't be written."""
    folder = path.parent
    if not folder.is_dir():
        raise ExportWriteError(
            f"Drafter can't save “{path.name}”: the folder {folder} doesn't exist.",
            hint="Choose another folder, or create this one first.",
        )
    if path.is_dir():
        raise ExportWriteError(f"Drafter can't save over “{path.name}”: it is a folder.")
    check_write_target(path, ExportWriteError)  # a device, pipe or socket is never replaced or written into
    # The permission bits, not os.access: an administrator may write anything, but a
    # file someone marked read-only should not be replaced behind their back.
    if path.exists() and not path.stat().st_mode & stat.S_IWUSR:
        raise ExportWriteError(
            f"“{path.name}” is read-only, so Drafter did not replace it.",
            hint="Save under another name, or make the file writable first.",
        )


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write`` on a temporary file in the target's folder, then rename it to ``path``."""
    check_target(path)
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, before the rename
            dir=path.parent, prefix=f".{path.stem[:40]}-", suffix=".part", delete=False
        )
    except OSError as exc:
        raise _write_error(path, exc, folder=True) from None
    temporary = Path(handle.name)
    try:
        with handle:
            write(cast(BinaryIO, handle))
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(path, temporary)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from None
        raise


def _keep_mode(path: Path, temporary: Path) -> None:
    # A temporary file is private (0600); the export should get the permissions an
    # ordinary new file would, or those of the file it replaces.
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
    except OSError:
        pass


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _write_error(path: Path, exc: OSError, *, folder: bool = False) -> ExportWriteError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportWriteError(f"There isn't enough space to save “{path.name}”; the disk is full.")
    if folder:
        return ExportWriteError(
            f"Drafter can't save in the folder {path.parent}: it can't be written to.",
            hint="Choose another folder, such as your Documents folder.",
        )
    if isinstance(exc, PermissionError):
        return ExportWriteError(
            f"“{path.name}” can't be replaced: it may be open in Word or another program.",
            hint="Close it there and export again, or save under another name. The old file is unchanged.",
        )
    reason = exc.strerror or "the system refused"
    return ExportWriteError(f"Drafter couldn't save “{path.name}”: {reason}. The old file is unchanged.")
