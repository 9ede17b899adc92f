"""``import_file`` and ``import_text``: the rules every import obeys, whatever the format.

Checks that need no parser (size, emptiness, extension, does the content match
the name) happen here, before any third-party library sees a byte. Then the
format's importer runs, and anything it lets escape is translated into a
plain-language ``ImportRefused``: a damaged file must never reach the user as
a traceback.
"""

from __future__ import annotations

import logging
from pathlib import Path

from drafter.core.filekinds import open_regular, special_kind
from drafter.core.importers import registry
from drafter.core.importers.document import ImportedDocument, ImportRefused
from drafter.core.importers.sniffing import HEAD_SIZE, describe_foreign, is_html, is_plain_text
from drafter.core.importers.text_file import import_pasted

log = logging.getLogger(__name__)

#: Files larger than this are refused before they are read. Real articles,
#: reports and consultation documents are far smaller; a bigger file is almost
#: certainly the wrong file, and would make the app unresponsive while parsed.
MAX_FILE_BYTES = 50 * 1024 * 1024


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.1f} MB" if value < 10 else f"{value:.0f} MB"


def _too_large(size: int) -> ImportRefused:
    return ImportRefused(
        f"This file is too large to import ({_megabytes(size)}). "
        f"Drafter imports files up to {_megabytes(MAX_FILE_BYTES)}.",
        hint="If it is a long report, save just the part you need as a separate file.",
    )


def import_file(path: Path | str) -> ImportedDocument:
    """Read the file at ``path``; raise ImportRefused with a plain reason if it can't be imported."""
    path = Path(path)
    name = path.name
    extension = path.suffix.lower()
    importer = registry.importer_for_extension(extension) if extension else None
    if extension and importer is None:
        raise ImportRefused(
            f"Drafter can't import '{extension}' files.",
            hint=f"It can import {registry.supported_summary()}.",
        )

    data = _read(path)
    head = data[:HEAD_SIZE]
    if importer is None:  # no extension: go by the content alone
        importer = registry.importer_for_content(head)
        if importer is None:
            raise _not_importable(head)
    elif not importer.sniff(head):
        raise _mismatch(name, importer, head)
    return _load(importer, data, name)


def import_text(text: str, *, name: str = "Pasted text") -> ImportedDocument:
    """Import text from the clipboard (or any string); ``name`` labels it in messages."""
    if len(text) > MAX_FILE_BYTES:
        raise ImportRefused(
            f"{name} is too long to import ({len(text):,} characters).",
            hint="Paste a shorter passage, or save the text to a file and import just what you need.",
        )
    try:
        return import_pasted(text, name=name)
    except ImportRefused:
        raise
    except Exception as error:
        log.warning("Could not import pasted text", exc_info=error)
        raise ImportRefused(f"Drafter could not read {name}.") from error


def _read(path: Path) -> bytes:
    try:
        # By what the path is, before opening it: opening a pipe (FIFO) waits for ever for
        # a writer, and a device or socket is never a document.
        kind = special_kind(path)
        if kind is not None:
            raise ImportRefused(f"This is {kind}, not a file.")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_large(size)
        with open_regular(path, ImportRefused) as handle:
            # Read one byte past the limit: a file that grew after stat() is still caught.
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ImportRefused(
            "This file could not be found. It may have been moved or deleted."
        ) from None
    except PermissionError:
        raise ImportRefused(
            "Drafter is not allowed to open this file.",
            hint="Check that the file is not protected or in a folder you can't open.",
        ) from None
    except OSError as error:
        raise ImportRefused(f"This file could not be read ({error.strerror or error}).") from None
    except ValueError:  # a NUL character in the name: no file can have it
        raise ImportRefused("This file could not be found: its name holds a character no file name can.") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data))
    if not data:
        raise ImportRefused("This file is empty.")
    return data


def _load(importer: registry.Importer, data: bytes, name: str) -> ImportedDocument:
    try:
        return importer.load(data, name)
    except (ImportRefused, ImportError):
        raise  # an ImportError is a broken installation, not a broken file: don't blame the file
    except RecursionError as error:
        log.warning("Import of %s hit the recursion limit", name, exc_info=error)
        raise ImportRefused(
            "This file is built in too complicated a way for Drafter to read: its parts are "
            f"nested far more deeply than in any ordinary {importer.description.split(' ', 1)[1]}."
        ) from error
    except MemoryError as error:
        raise ImportRefused("This file is too large for this computer's memory to read.") from error
    except Exception as error:
        log.warning("Import of %s failed", name, exc_info=error)
        raise ImportRefused(
            f"Drafter could not read this file as {importer.description}: "
            "it seems to be damaged or incomplete.",
            hint="Try opening it in the program that made it and saving it again.",
        ) from error


def _describe(head: bytes) -> str | None:
    """What the content is, in words, or None when it is no kind we know."""
    kind = describe_foreign(head)
    if kind is None and is_plain_text(head):
        kind = "a web page" if is_html(head) else "plain text"
    return kind


def _mismatch(name: str, importer: registry.Importer, head: bytes) -> ImportRefused:
    kind = _describe(head)
    if importer.format == "docx" and kind and kind.startswith("an older Microsoft Office"):
        # A password-protected .docx is stored in the old Office container too.
        return ImportRefused(
            "This file is either an older Word document (.doc) or a password-protected "
            "Word document, which Drafter can't read.",
            hint="Open it in Word and save it as a .docx without a password, then import it again.",
        )
    if kind is None:
        return ImportRefused(
            f"This file is named '{name}', but it does not contain {importer.description}. "
            "It may be damaged, or another kind of file that was renamed."
        )
    hint = None
    actual = registry.importer_for_content(head)
    if actual is not None and actual.format != importer.format:
        hint = f"Rename it to end in {actual.extensions[0]} and import it again."
    return ImportRefused(
        f"This file is named '{name}', but it is {kind}, not {importer.description}.",
        hint=hint,
    )


def _not_importable(head: bytes) -> ImportRefused:
    kind = describe_foreign(head)
    what = f"It looks like {kind}. " if kind else ""
    return ImportRefused(
        f"Drafter can't tell what kind of file this is. {what}".strip(),
        hint=f"Drafter can import {registry.supported_summary()}.",
    )
