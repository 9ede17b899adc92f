"""The style file pandoc runs: the published one, or a copy without the bibliography nobody will see.

pandoc's citeproc works out a style's bibliography even when none is printed:
it sorts the entries, since their order can number citations ('[3]') and
decides which work of an author's year is 2025a and which 2025b, and it lays
every entry out. Sorting makes it build Unicode's collation tables first. For
500 OSCOLA footnotes that is a quarter to a third of pandoc's time (178 ms with
the published file, 133 ms without its bibliography, in one measurement on the
project's machine).
When no bibliography is printed and the style prints neither citation numbers
nor year suffixes, the bibliography changes no citation at all, so pandoc is
given a copy of the file with the ``<bibliography>`` element taken out and
every other byte as published.

The copies live in the user's temporary folder, in a folder of Drafter's
that only the user can open, each named by a hash of its content, so every
Drafter process shares them and a copy removed by a cleaner is simply written
again. Anything unexpected about a file (a second bibliography, a comment that
looks like one, a file that does not parse) keeps the published file.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
import tempfile
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

_NS = "{http://purl.org/net/xbiblio/csl}"
# What makes the bibliography's order show in the citations: the citation-number
# variable (or sorting by it), and year suffixes, which citeproc hands out only
# when the style asks for them as a way to tell works apart.
_CITATION_NUMBER = re.compile(rb"citation-number")
_YEAR_SUFFIXES = re.compile(rb"disambiguate-add-year-suffix\s*=\s*[\"']true[\"']")
_BIBLIOGRAPHY = re.compile(rb"<bibliography\b.*?</bibliography\s*>\s*", re.DOTALL)

_lock = threading.Lock()
_private: list[Path] = []  # this process's own folder, if the shared one can't be used


def style_to_run(path: Path, *, with_bibliography: bool) -> Path:
    """The file to give pandoc for the style at ``path``."""
    if with_bibliography:
        return path
    try:
        state = path.stat()
    except OSError:
        return path  # pandoc reports the missing file in its own words
    copy = _trimmed_copy(path, state.st_mtime_ns, state.st_size)
    if copy != path and not copy.is_file():  # a cleaner emptied the temporary folder
        _trimmed_copy.cache_clear()
        copy = _trimmed_copy(path, state.st_mtime_ns, state.st_size)
    return copy


@functools.lru_cache(maxsize=32)
def _trimmed_copy(path: Path, mtime_ns: int, size: int) -> Path:
    """The style without its bibliography, written once per process (the key is the file's state)."""
    try:
        data = path.read_bytes()
    except OSError:
        return path
    trimmed = without_bibliography(data)
    if trimmed is None:
        return path
    try:
        return _write(trimmed, path.name)
    except OSError:
        return path  # no temporary folder: the published file renders the same, only slower


def without_bibliography(data: bytes) -> bytes | None:
    """The style's bytes without its <bibliography>, or None where that could change a citation."""
    if _CITATION_NUMBER.search(data) or _YEAR_SUFFIXES.search(data):
        return None
    found = _BIBLIOGRAPHY.search(data)
    if found is None:
        return None
    trimmed = data[: found.start()] + data[found.end() :]
    # The cut is checked, not trusted: the copy must parse to exactly the published
    # style with its one <bibliography> removed.
    try:
        published, copy = ET.fromstring(data), ET.fromstring(trimmed)
    except ET.ParseError:
        return None
    bibliographies = published.findall(f"{_NS}bibliography")
    if len(bibliographies) != 1:
        return None
    published.remove(bibliographies[0])
    if ET.tostring(published) != ET.tostring(copy):
        return None
    return trimmed


def _write(data: bytes, name: str) -> Path:
    with _lock:
        folder = _folder()
        target = folder / f"{hashlib.sha256(data).hexdigest()[:16]}-{name}"
        if not target.is_file():
            handle, partial = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(partial, target)  # whole or not at all, whoever else writes it too
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise
        return target


def _folder() -> Path:
    """Drafter's folder of style copies in the temporary folder, this user's alone."""
    owner = os.getuid() if hasattr(os, "getuid") else None
    folder = Path(tempfile.gettempdir()) / (f"drafter-styles-{owner}" if owner is not None else "drafter-styles")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = os.lstat(folder)
    except OSError:
        return _private_folder()
    # On a shared computer someone else could have made the folder first: use it only if it
    # is a real folder of this user's that no one else can open.
    mine = owner is None or (found.st_uid == owner and not found.st_mode & 0o077)
    if not stat.S_ISDIR(found.st_mode) or not mine:
        return _private_folder()
    return folder


def _private_folder() -> Path:
    if not _private or not _private[0].is_dir():
        _private[:] = [Path(tempfile.mkdtemp(prefix="drafter-styles-"))]
    return _private[0]
