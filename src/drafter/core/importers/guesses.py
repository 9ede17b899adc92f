"""Small rules shared by the importers for reading metadata values as citation guesses.

Metadata fields are filled in by programs as often as by people: a PDF titled
"Microsoft Word - draft3.docx", a Word file whose author is "Administrator".
Those are not facts about the work, so they are dropped here rather than
offered to the user as if the document said them.
"""

from __future__ import annotations

import re

from drafter.core.dates import PartialDate, find_date_phrase
from drafter.core.importers.cleanup import collapse_spaces

# Author values that programs and company laptops fill in by themselves.
_PLACEHOLDER_AUTHORS = {
    "administrator",
    "admin",
    "author",
    "authorised user",
    "authorized user",
    "default",
    "microsoft office user",
    "owner",
    "pc",
    "preferred customer",
    "python-docx",
    "unknown",
    "user",
    "valued customer",
    "windows user",
}

_PLACEHOLDER_TITLES = {
    "document",
    "document1",
    "powerpoint presentation",
    "slide 1",
    "title",
    "untitled",
    "untitled document",
    "word document",
}

# A "title" that is really a file name, as PDF printers and converters write it.
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|rtf|odt|txt|indd|pptx?|xlsx?|pages|html?)$", re.IGNORECASE)
_OFFICE_PREFIX = re.compile(r"^Microsoft (?:Word|PowerPoint|Excel) - ", re.IGNORECASE)

_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s]|Z|[+-]\d\d:?\d\d$)")
_COMPACT = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def clean_title(value: object) -> str | None:
    """A metadata title worth offering, or None for placeholders and file names."""
    if not isinstance(value, str):
        return None
    title = collapse_spaces(value)
    if not title or title.lower() in _PLACEHOLDER_TITLES:
        return None
    if _OFFICE_PREFIX.match(title) or _FILE_NAME.search(title):
        return None
    return title


def clean_authors(value: object, *, split_and: bool = False) -> tuple[str, ...]:
    """Split an author field into names, dropping placeholders and web addresses.

    Names are split on ';' (the metadata convention). Commas are not split on
    because 'Smith, Jane' is one person; ``split_and`` also splits on 'and'/'&',
    for fields written as prose ('Jane Smith and Tom Foot').
    """
    if not isinstance(value, str):
        return ()
    pattern = r"\s*(?:;|\n|\band\b|&)\s*" if split_and else r"\s*[;\n]\s*"
    names = []
    for part in re.split(pattern, value):
        name = collapse_spaces(part).strip(" ,")
        if not name or name.lower() in _PLACEHOLDER_AUTHORS or "://" in name:
            continue
        if name not in names:
            names.append(name)
    return tuple(names)


def _partial(year: str, month: str | None, day: str | None) -> str | None:
    """ISO text for the known parts; a part that makes no real date is dropped with what follows.

    '2025-02-30' becomes '2025-02': what is certainly right is kept, nothing is made up.
    """
    parts = [int(year), int(month) if month else None, int(day) if day else None]
    while parts:
        try:
            return PartialDate(*parts).iso()  # type: ignore[arg-type]
        except ValueError:
            parts.pop()
    return None


def iso_date(value: object) -> str | None:
    """Read a metadata date ('2025-07-31T18:05:00+01:00', '2025-07', 'July 31, 2025') as ISO.

    The date is taken as written, in the publisher's own time zone, so an
    article stamped late on 31 July stays the 31st whatever zone we are in.
    A date without a year gives nothing.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _ISO_PREFIX.match(text)
    if match:
        return _partial(*match.groups())
    if re.fullmatch(r"\d{8}", text):
        return _partial(text[:4], text[4:6], text[6:])
    found = find_date_phrase(text)
    if found:
        partial = found[0].to_partial()
        return partial.iso() if partial else None
    return None


def pdf_date(value: object) -> str | None:
    """Read a PDF date string ('D:20250801093000+01'00'') as ISO, to the precision it has."""
    if not isinstance(value, str):
        return None
    match = _COMPACT.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    if year == "0000":
        return None
    return _partial(year, month, day)
