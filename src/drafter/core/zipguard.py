"""One guard for every zip Drafter opens: response files, Word documents and Word templates.

A zip can be built to hurt whoever opens it: a few kilobytes that expand to
gigabytes (a "zip bomb"), entry names that climb out of a folder ('../evil') for
any tool that unpacks it, thousands of entries, an encrypted entry. ``ZipGuard``
holds one kind of file's limits and refuses each of those with ``UnsafeZip``,
which names what was wrong (``kind``) and the entry; each caller turns that into
its own plain words ("This .docx file…", "“team.drafter” holds…").

The sizes checked are the ones the zip declares; Python's zipfile stops at the
declared size and checks the CRC, so a zip lying about them fails to read
(``read`` caps what it reads as well, and reports any failure as ``DAMAGED``).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# What went wrong, in ``UnsafeZip.kind``.
DAMAGED = "damaged"  # not a zip, or its contents can't be unpacked
TOO_MANY = "too many entries"
ESCAPING = "escaping"  # an entry whose name points outside the folder it would unpack into
ENCRYPTED = "encrypted"
TOO_LARGE = "too large"  # one entry declares more than the limit
BOMB = "bomb"  # an entry far smaller packed than unpacked, or too much unpacked in all

#: What goes wrong reading a zip that lies about itself: bad CRC, truncated data, an
#: unsupported compression method, encryption (RuntimeError), a broken stream.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
)


class UnsafeZip(Exception):
    """The zip is damaged or built to do harm; ``kind`` says which, ``entry`` names the entry."""

    def __init__(self, kind: str, entry: str | None = None) -> None:
        super().__init__(kind if entry is None else f"{kind}: {entry}")
        self.kind = kind
        self.entry = entry


def escapes(name: str) -> bool:
    """Whether unpacking an entry of this name would write outside the folder it is unpacked into."""
    path = PurePosixPath(name.replace("\\", "/"))
    first = path.parts[0] if path.parts else ""
    return path.is_absolute() or ".." in path.parts or ":" in first


@dataclass(frozen=True)
class ZipGuard:
    """The limits of one kind of zip file."""

    #: The most entries (None: no limit of its own, the caller checks the names it expects).
    max_entries: int | None = None
    #: The most all entries may declare unpacked, together.
    max_total_bytes: int | None = None
    #: The most one entry may declare unpacked (and ``read`` reads).
    max_entry_bytes: int | None = None
    #: Text compresses about 3–10:1 and images barely; a big entry declaring this many
    #: times its packed size is built to explode.
    max_ratio: int = 100
    #: Small entries may compress extremely well (a short, repetitive file) without any danger.
    ratio_from_bytes: int = 1024 * 1024
    refuse_encrypted: bool = False

    def open(self, source: bytes | Path) -> zipfile.ZipFile:
        """The zip, opened; ``UnsafeZip(DAMAGED)`` if it isn't one (a PermissionError is left to the caller)."""
        try:
            return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        except PermissionError:
            raise
        except ZIP_ERRORS:
            raise UnsafeZip(DAMAGED) from None

    def refuse_escaping(self, entries: Sequence[zipfile.ZipInfo]) -> None:
        """``UnsafeZip(ESCAPING)`` naming the first entry whose name points outside the folder."""
        for entry in entries:
            if escapes(entry.filename):
                raise UnsafeZip(ESCAPING, entry.filename)

    def check(self, entries: Sequence[zipfile.ZipInfo]) -> None:
        """Every limit, entry by entry in order, then the total; the first broken one is raised."""
        if self.max_entries is not None and len(entries) > self.max_entries:
            raise UnsafeZip(TOO_MANY)
        for entry in entries:
            self.check_entry(entry)
        self.check_total(entries)

    def check_entry(self, entry: zipfile.ZipInfo) -> None:
        """One entry's name, encryption, size and packing ratio."""
        if escapes(entry.filename):
            raise UnsafeZip(ESCAPING, entry.filename)
        if self.refuse_encrypted and entry.flag_bits & 0x1:
            raise UnsafeZip(ENCRYPTED, entry.filename)
        if self.max_entry_bytes is not None and entry.file_size > self.max_entry_bytes:
            raise UnsafeZip(TOO_LARGE, entry.filename)
        big = entry.file_size > self.ratio_from_bytes
        if big and entry.file_size > self.max_ratio * max(entry.compress_size, 1):
            raise UnsafeZip(BOMB, entry.filename)

    def check_total(self, entries: Sequence[zipfile.ZipInfo]) -> None:
        """What all entries declare unpacked, together."""
        if self.max_total_bytes is not None and sum(e.file_size for e in entries) > self.max_total_bytes:
            raise UnsafeZip(BOMB)

    def read(self, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
        """The entry's bytes, never more than ``max_entry_bytes``; ``UnsafeZip`` if it can't be or is more."""
        limit = self.max_entry_bytes
        try:
            with archive.open(entry) as stream:
                data = stream.read() if limit is None else stream.read(limit + 1)
        except ZIP_ERRORS:
            raise UnsafeZip(DAMAGED, entry.filename) from None
        if limit is not None and len(data) > limit:
            raise UnsafeZip(TOO_LARGE, entry.filename)
        return data
