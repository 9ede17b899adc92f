"""Turn a text file's bytes into characters without ever crashing on them.

The order is the one that is right most often and guesses least: a byte-order
mark is certain; an encoding the file declares (HTML's ``<meta charset>``) is
the author's word; strict UTF-8 is what nearly every modern program writes and
almost never decodes non-UTF-8 text by accident; only then does
charset-normalizer guess, and the user is told it was a guess.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import charset_normalizer

from drafter.core.importers.document import ImportRefused
from drafter.core.importers.sniffing import bom_encoding, describe_foreign, utf16_without_bom

# Friendly names for the encodings a guess most often lands on in the UK and Europe.
_FRIENDLY = {
    "cp1252": "Windows Western European (cp1252)",
    "latin_1": "Western European (ISO-8859-1)",
    "iso8859_15": "Western European (ISO-8859-15)",
    "mac_roman": "Mac Western European (Mac Roman)",
    "cp1250": "Windows Central European (cp1250)",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16",
    "utf_16_be": "UTF-16",
}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _count_replacements(text: str) -> list[str]:
    bad = text.count("\ufffd")
    if not bad:
        return []
    noun = "character" if bad == 1 else "characters"
    return [f"{bad} {noun} could not be read and were replaced with '\ufffd'."]


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode a text file; raise ImportRefused if it is not text at all.

    ``declared`` is the encoding the file names for itself, if any.
    """
    bom = bom_encoding(data)
    if bom:
        # The mark is certain, so a stray bad byte is replaced rather than refused.
        text = data.decode(bom, errors="replace")
        return Decoded(text, bom, _count_replacements(text))

    if b"\x00" in data:
        # NUL never occurs in text except in UTF-16/32, which without a mark we
        # accept only in its unmistakable pattern.
        utf16 = utf16_without_bom(data)
        if utf16 is None:
            raise _not_text(data)
        text = data.decode(utf16, errors="replace")
        return Decoded(text, utf16, _count_replacements(text))

    codec = _known_codec(declared)
    if codec and codec not in ("utf-16", "utf-32"):  # a UTF-16 claim without a mark is a lie
        try:
            return Decoded(data.decode(codec), codec)
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration is wrong; fall through to detection

    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise _not_text(data)
    text = str(best)
    name = _FRIENDLY.get(best.encoding, best.encoding)
    warning = (
        f"This file is not in UTF-8, so Drafter guessed its encoding: {name}. "
        "If some letters look wrong, save the file as UTF-8 in a text editor and import it again."
    )
    return Decoded(text, best.encoding, [warning, *_count_replacements(text)])


def _not_text(data: bytes) -> ImportRefused:
    kind = describe_foreign(data[:64])
    if kind:
        return ImportRefused(f"This file is {kind}, not text, so there is no text to quote.")
    return ImportRefused(
        "This file does not contain readable text. It may be damaged, or it may be "
        "another kind of file (such as an image or a program) that was renamed."
    )
