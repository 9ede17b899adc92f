"""Open a response file and prove it is sound before anything is imported from it.

The order of the checks matters for the message a person gets: first whether
the file is a response file at all, then whether it is safe to unpack, then
whether a newer Drafter made it, and only then the details of its content.
Everything is read into memory under a size cap; nothing is ever unpacked to
disk, so an entry named ``../evil`` could do no harm — it is refused anyway,
because Drafter never writes one and a file holding one was tampered with.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter.core.bundle.checks import BundleProblem, check_bundle, short
from drafter.core.bundle.schema import (
    BUNDLE_ENTRY,
    FORMAT_NAME,
    MAX_BUNDLE_JSON_BYTES,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
    MAX_SOURCES,
    RATIO_CHECK_FROM_BYTES,
    READABLE_VERSIONS,
    SCHEMA_VERSION,
    BundleModel,
    count_problem,
    describe_first_problem,
)
from drafter.core.errors import DrafterError
from drafter.core.names import from_legacy_text, to_csl
from drafter.core.responses.records import ResponseDetails
from drafter.core.zipguard import BOMB, ENCRYPTED, ESCAPING, TOO_LARGE, ZIP_ERRORS, UnsafeZip, ZipGuard

NOTHING_CHANGED = "Nothing was imported, and your data is unchanged."

class BundleError(DrafterError):
    """A response file can't be imported (or written); nothing was changed."""


class TooLargeProblem(BundleProblem):
    """The bundle holds more questions, blocks, snippets… than the format allows."""


@dataclass(frozen=True)
class CheckedBundle:
    """A bundle that passed every check, with the response's details cleaned for storing."""

    model: BundleModel
    details: ResponseDetails


def read_bundle(path: Path) -> CheckedBundle:
    """Read and check the response file at ``path``; raise BundleError saying what is wrong."""
    raw = _read_entry(path)
    return check_document(parse_json(raw, path.name), path.name)


def check_document(document: object, name: str) -> CheckedBundle:
    """Check a parsed bundle.json (``name`` is the file's name, for messages)."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise _not_a_bundle(name)
    version = document.get("schema_version")
    if type(version) is int and version > SCHEMA_VERSION:
        which = f"response file version {version}" if version < 10_000 else "a much later response file version"
        raise BundleError(
            f"“{name}” was made by a newer version of Drafter ({which}; "
            f"this version reads version {SCHEMA_VERSION}).",
            hint="Install the newer Drafter to import it. " + NOTHING_CHANGED,
        )
    if version not in READABLE_VERSIONS or type(version) is not int:
        raise _damaged(name, "its version number is missing or not valid")
    try:
        return validate_document(upgraded(document))
    except TooLargeProblem as exc:
        raise BundleError(
            f"“{name}” is larger than any real consultation response: {exc}.",
            hint="A file this large was made by another program or changed outside Drafter. " + NOTHING_CHANGED,
        ) from None
    except BundleProblem as exc:
        raise _damaged(name, str(exc)) from None


def validate_document(document: object) -> CheckedBundle:
    """Check the size, shape and every rule of a bundle; raise BundleProblem naming the first thing wrong."""
    too_many = count_problem(document)
    if too_many is not None:
        raise TooLargeProblem(too_many)
    try:
        model = BundleModel.model_validate(document)
    except ValidationError as exc:
        raise BundleProblem(describe_first_problem(exc)) from None
    return CheckedBundle(model, check_bundle(model))


def upgraded(document: dict[str, Any]) -> dict[str, Any]:
    """A bundle of an older readable version as the current version says the same thing.

    Version 1 wrote each author as one string; they are read the way Drafter's
    citations read them when that file was written (``names.from_legacy_text``:
    '{Home Office}' and one-word names are organisations, anything else a person
    whose family name is the last word), so a response imported from a version 1
    file cites exactly as it did where it was made. Anything not a string is left
    for the version 2 checks to describe.

    Versions 1 and 2 had no ``variables`` (a source's other CSL variables): each
    source has none. One that holds the field anyway was not written by Drafter
    and is refused, as any unknown field is.
    """
    version = document.get("schema_version")
    if version == SCHEMA_VERSION:
        return document
    sources = document.get("sources")
    if isinstance(sources, list) and len(sources) <= MAX_SOURCES:
        for number, source in enumerate(sources, start=1):
            if isinstance(source, dict) and "variables" in source:
                raise BundleProblem(f"source {number} › “variables” is not part of the response file format "
                                    f"(version {version})")
        sources = [_upgrade_source(source, version) for source in sources]
    return {**document, "schema_version": SCHEMA_VERSION, "sources": sources}


def _upgrade_source(source: object, version: object) -> object:
    if not isinstance(source, dict):
        return source
    source = {**source, "variables": {}}  # versions 1 and 2 had no other CSL variables
    if version != 1 or not isinstance(source.get("authors"), list):
        return source
    names = [to_csl(from_legacy_text(a)) if isinstance(a, str) and a.strip() else a for a in source["authors"]]
    return {**source, "authors": names}


def _not_a_bundle(name: str) -> BundleError:
    return BundleError(f"“{name}” is not a Drafter response file.", hint=NOTHING_CHANGED)


def _damaged(name: str, problem: str) -> BundleError:
    problem = short(problem, 300).rstrip(".")
    return BundleError(
        f"“{name}” is damaged or was changed outside Drafter: {problem}.",
        hint="Ask whoever sent it to export the response again. " + NOTHING_CHANGED,
    )


def _too_large(name: str) -> BundleError:
    limit = MAX_BUNDLE_JSON_BYTES // (1024 * 1024)
    return BundleError(
        f"“{name}” is too large to import: Drafter imports response files of up to {limit} MB.",
        hint=NOTHING_CHANGED,
    )


def _guard() -> ZipGuard:
    """The limits of a response file: at most MAX_BUNDLE_JSON_BYTES unpacked, not encrypted."""
    return ZipGuard(max_entry_bytes=MAX_BUNDLE_JSON_BYTES, max_ratio=MAX_COMPRESSION_RATIO,
                    ratio_from_bytes=RATIO_CHECK_FROM_BYTES, refuse_encrypted=True)


def _read_entry(path: Path) -> bytes:
    name = path.name
    try:
        if not path.is_file():
            raise BundleError(f"There is no file “{path}”.", hint=NOTHING_CHANGED)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _too_large(name)
        archive = _guard().open(path)
    except BundleError:
        raise
    except PermissionError:
        raise BundleError(f"Drafter is not allowed to read “{path}”.", hint=NOTHING_CHANGED) from None
    except (UnsafeZip, *ZIP_ERRORS):  # not a zip at all, or not even readable as one
        raise _not_a_bundle(name) from None
    with archive:
        try:
            return _read_only_entry(archive, name)
        except BundleError:
            raise
        except UnsafeZip as unsafe:
            raise _refusal(unsafe, name) from None
        except ZIP_ERRORS:
            raise _damaged(name, "its contents can't be unpacked") from None


def _read_only_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    guard = _guard()
    entries = archive.infolist()
    guard.refuse_escaping(entries)
    names = [e.filename for e in entries]
    if BUNDLE_ENTRY not in names:
        raise _not_a_bundle(name)
    if names.count(BUNDLE_ENTRY) > 1:
        # Which copy counts differs between zip readers: another tool could show one, Drafter import the other.
        raise _damaged(name, "it holds more than one copy of the response")
    if names != [BUNDLE_ENTRY]:
        # Only bundle.json is defined; anything else is a file someone added, and whatever it
        # was meant to do, Drafter would be importing something it did not check.
        other = next(n for n in names if n != BUNDLE_ENTRY)
        raise BundleError(
            f"“{name}” holds other files besides the response (“{short(other)}”), which Drafter never "
            "writes, so it was not opened.",
            hint=NOTHING_CHANGED,
        )
    guard.check(entries)
    # The declared sizes may lie: zipfile stops at the declared size and checks the CRC,
    # and the guard's cap on what it reads holds even if it did not.
    return guard.read(archive, entries[0])


def _refusal(unsafe: UnsafeZip, name: str) -> BundleError:
    """The guard's refusal, in a response file's words."""
    if unsafe.kind == ESCAPING:
        return BundleError(
            f"“{name}” holds a file that points outside it (“{short(unsafe.entry or '')}”), which Drafter never "
            "writes, so it was not opened.",
            hint=NOTHING_CHANGED,
        )
    if unsafe.kind == ENCRYPTED:
        return _damaged(name, "it is encrypted")
    if unsafe.kind == TOO_LARGE:
        return _too_large(name)
    if unsafe.kind == BOMB:
        return BundleError(
            f"“{name}” is built to expand to an enormous size when opened, which no real response "
            "file does, so Drafter did not open it.",
            hint=NOTHING_CHANGED,
        )
    return _damaged(name, "its contents can't be unpacked")


def _refuse_constant(value: str) -> Any:
    raise ValueError(f"{value} is not a number JSON allows")


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # {"text": "a", "text": "b"}: which one counts differs between JSON readers, so a file
    # could show one thing to another tool and import another.
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("a field appears twice")
    return result


def parse_json(raw: bytes, name: str) -> object:
    try:
        text = raw.decode("utf-8-sig")
        return json.loads(text, object_pairs_hook=_no_repeated_keys, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise _damaged(name, "its contents are not readable JSON") from None
