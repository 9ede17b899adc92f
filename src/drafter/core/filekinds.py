"""Only ordinary files are read or written: never a pipe, a device, a socket or a folder.

A named pipe (FIFO) given as a file to import makes ``open`` wait for ever for
someone to write into it; a device given as the file to export to (``/dev/full``,
``/dev/sda``) would be replaced by the document when Drafter renames its finished
temporary file over it, or written into. Both are refused here, by what the path
*is*, before anything is opened:

- ``refuse_unreadable_kind`` before a file is read (the importers, question lists,
  templates, response files, libraries);
- ``open_regular`` opens for reading without waiting on a pipe that appeared
  since the check, and checks again what was opened;
- ``check_write_target`` before a file is written: the target must be an
  ordinary file that is not read-only (to replace) or a name nothing has yet.

Symbolic links are followed: a link to a device is a device. Nothing here imports Qt.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

from drafter.core.errors import DrafterError


class FileKindError(DrafterError):
    """The path names something other than an ordinary file (a folder, pipe, device or socket)."""


def describe_mode(mode: int) -> str | None:
    """What a non-regular file is, as a noun ("a folder", "a device" …); None for an ordinary file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"


def special_kind(path: Path) -> str | None:
    """What ``path`` is when it exists and is not an ordinary file; None otherwise.

    None also when it can't be looked at (missing, or a folder that can't be
    searched): the caller's own open then reports that in its words.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # ValueError: a NUL character in the name
        return None
    return describe_mode(mode)


def refuse_unreadable_kind(path: Path, error: type[DrafterError] = FileKindError) -> None:
    """Raise ``error`` if ``path`` is a folder, pipe, device or socket, before anything opens it."""
    kind = special_kind(path)
    if kind is not None:
        raise error(
            f"“{path.name or path}” is {kind}, not a file, so Drafter did not read it.",
            hint="Give the name of an ordinary file.",
        )


def open_regular(path: Path, error: type[DrafterError] = FileKindError) -> BinaryIO:
    """Open ``path`` for reading, refusing anything but an ordinary file.

    Checked before opening, then opened without waiting (so a pipe put in its
    place since cannot hang the open) and checked again on what was opened.
    OSError from the open itself is the caller's to put in words.
    """
    refuse_unreadable_kind(path, error)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        kind = describe_mode(os.fstat(descriptor).st_mode)
        if kind is not None:
            raise error(f"“{path.name or path}” is {kind}, not a file, so Drafter did not read it.")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


#: The files of a data folder that only Drafter writes (beside its database, ``drafter.sqlite``).
LIBRARY_FILES = frozenset({
    "drafter.sqlite", "drafter.sqlite-wal", "drafter.sqlite-shm", "drafter.sqlite-journal",
    "drafter.lock", "window.ini",
})


def library_part(path: Path) -> str | None:
    """Which part of a Drafter data folder ``path`` is (its database, journal, lock, a backup), or None.

    Judged by place, for every data folder, open or not: a file named as one of the
    library's own beside a ``drafter.sqlite``, or anything inside the ``backups`` folder
    of one. Links are followed, so a link to the library is the library.
    """
    candidates = [Path(os.path.abspath(path))]
    with contextlib.suppress(OSError, RuntimeError):
        candidates.append(Path(path).resolve())
    for candidate in candidates:
        folder = candidate.parent
        if candidate.name in LIBRARY_FILES and (folder / "drafter.sqlite").exists():
            return "the library's database" if candidate.name.startswith("drafter.sqlite") else (
                "one of the library's own files")
        for ancestor in [folder, *folder.parents]:
            if ancestor.name == "backups" and (ancestor.parent / "drafter.sqlite").exists():
                return "inside the library's backups folder"
    return None


def check_write_target(path: Path, error: type[DrafterError] = FileKindError) -> None:
    """Raise ``error`` unless ``path`` is an ordinary file (to be replaced) or a name not yet taken.

    Never a part of a Drafter library either: writing a Word document over ``drafter.sqlite``
    would make everything unreadable.
    """
    part = library_part(path)
    if part is not None:
        raise error(
            f"“{path.name}” is {part} (in the data folder {path.parent}), so Drafter did not write over it.",
            hint="Choose another name or another folder, such as your Documents folder.",
        )
    kind = special_kind(path)
    if kind is not None:
        raise error(
            f"Drafter writes only to ordinary files, and “{path.name or path}” is {kind}, "
            "so nothing was written.",
            hint="Give the name of a new file, or of a file to replace.",
        )
    # The permission bits, not os.access: an administrator may write anything, but a
    # file someone marked read-only should not be replaced behind their back.
    with contextlib.suppress(OSError, ValueError):
        if not os.stat(path).st_mode & stat.S_IWUSR:
            raise error(
                f"“{path.name}” is read-only, so Drafter did not replace it.",
                hint="Save under another name, or make the file writable first.",
            )
