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
from drafter.core.importers.document import GuessedFacts
from drafter.core.names import Name, Organisation, Person, from_legacy_text, guess_name

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


def read_authors(value: object, *, split_and: bool = False) -> tuple[tuple[Name, str], ...]:
    """Each name an author field gives, with how it was read as a person or an organisation.

    A text field is split into names on ';' (the metadata convention); commas are
    not split on because 'Smith, Jane' is one person; ``split_and`` also splits on
    'and'/'&', for fields written as prose ('Jane Smith and Tom Foot'). Each name
    is then read by its shape (``names.guess_name``). A JSON-LD object that says
    what it is ('"@type": "Organization"') is taken at its word: an organisation
    named as author in page metadata stays an organisation.
    """
    if isinstance(value, list):
        found: list[tuple[Name, str]] = []
        for item in value:
            found += [pair for pair in read_authors(item, split_and=split_and) if pair[0] not in dict(found)]
        return tuple(found)
    if isinstance(value, dict):
        return _typed_name(value)
    if not isinstance(value, str):
        return ()
    pattern = r"\s*(?:;|\n|\band\b|&)\s*" if split_and else r"\s*[;\n]\s*"
    names: list[tuple[Name, str]] = []
    for part in re.split(pattern, value):
        text = collapse_spaces(part).strip(" ,")
        if not text or text.lower() in _PLACEHOLDER_AUTHORS or "://" in text:
            continue
        name, why = guess_name(text)
        if name not in dict(names):
            names.append((name, f"read as {why}"))
    return tuple(names)


def _typed_name(value: dict[str, object]) -> tuple[tuple[Name, str], ...]:
    declared = value.get("@type")
    types = [str(t) for t in (declared if isinstance(declared, list) else [declared]) if t]
    name = value.get("name")
    text = collapse_spaces(name) if isinstance(name, str) else ""
    if any(t.endswith("Organization") or t in _SCHEMA_BODIES for t in types) and text:
        return ((Organisation(text), f"an organisation, as the page says (@type {types[0]})"),)
    if "Person" in types:
        family, given = value.get("familyName"), value.get("givenName")
        if isinstance(family, str) and family.strip():
            person = Person(collapse_spaces(family), collapse_spaces(given) if isinstance(given, str) else None)
            return ((person, "a person, as the page says, with its family and given names"),)
        if text and text.lower() not in _PLACEHOLDER_AUTHORS:
            read = from_legacy_text(text)
            if isinstance(read, Organisation):  # one word: a person known by one name
                read = Person(read.name)
            return ((read, "a person, as the page says; the family name is taken to be the last word"),)
        return ()
    return read_authors(text) if text else ()


# schema.org types of bodies that don't end in 'Organization'.
_SCHEMA_BODIES = frozenset({"Corporation", "NGO", "GovernmentOrganization", "Project", "Consortium"})


def clean_authors(value: object, *, split_and: bool = False) -> tuple[Name, ...]:
    """The names of ``read_authors``, without how each was read."""
    return tuple(name for name, _ in read_authors(value, split_and=split_and))


def authors_basis(where: str, names: tuple[tuple[Name, str], ...]) -> str:
    """Where the names came from and how each was read: shown beside them as a guess."""
    return f"{where}; " + "; ".join(f"{name.display}: {why}" for name, why in names)


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


#: Words that may stand beside a date on a line that states when the document was
#: published. 'Updated' is not among them: a revision date is not the publication's.
_PUBLISHED_WORDS = frozenset({"", "published", "published on", "first published", "date", "dated", "issued",
                              "date of publication", "publication date"})
#: How far into the text a publication date is looked for: a report's cover and
#: title page, a briefing's heading lines. A date deeper in is about something else.
_LEADING_LINES = 15
_LEADING_CHARS = 3000


def date_from_text(text: str) -> tuple[str, str] | None:
    """A publication date the document's own leading lines state, with the line it came from.

    Only a line that is a date and nothing else, or a date after 'Published' or
    'Date' ('Published 4 December 2025', 'Date: 12 March 2024'), counts; a date
    inside a sentence ('closes on 12 February 2026') says when something else happens.
    """
    seen = 0
    for raw in text[:_LEADING_CHARS].splitlines():
        line = collapse_spaces(raw).strip()
        if not line:
            continue
        seen += 1
        if seen > _LEADING_LINES:
            break
        found = find_date_phrase(line)
        if found is None:
            continue
        phrase, (start, end) = found
        rest = (line[:start] + " " + line[end:]).strip(" ,.-—–|:").lower()
        partial = phrase.to_partial()
        if partial is not None and " ".join(rest.split()) in _PUBLISHED_WORDS:
            return partial.iso(), f"the document's text: the line '{line}'"
    return None


def document_date(facts: GuessedFacts, text: str, file_date: str | None, property_name: str) -> None:
    """Set the date the text states; never the file's own date, which is only explained.

    A Word file's created date and a PDF's CreationDate say when the file was made
    (often its template, years before), not when the work was published.
    """
    if found := date_from_text(text):
        facts.date, facts.basis["date"] = found
    elif file_date:
        facts.basis["date"] = (
            f"nothing in the text: the file's {property_name} ({file_date}) says when the file was made, "
            "not when the work was published, so it is not used"
        )


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


# --- the type of work -----------------------------------------------------------------------

#: Labels that publishers print on a line of their own near the top to say what a document
#: is (GOV.UK's above every title, a report's cover), with the CSL type each says. The line
#: itself becomes the kind of document (CSL ``genre``), as the document writes it.
TYPE_LABELS = {
    **dict.fromkeys(
        ("policy paper", "consultation", "open consultation", "closed consultation", "consultation outcome",
         "consultation paper", "consultation document", "consultation response", "government response",
         "press release", "independent report", "corporate report", "research and analysis", "guidance",
         "white paper", "green paper", "command paper", "impact assessment", "briefing paper",
         "research briefing"),
        "report"),
    "speech": "speech",
    **dict.fromkeys(("written statement to parliament", "written ministerial statement", "written statement"),
                    "hearing"),
}
_HANSARD = re.compile(r"\b(H[CL] Deb)\b")
_STATEMENT_NUMBER = re.compile(r"\b(H[CL]WS\s?\d+)\b")
_DOI = re.compile(r"(?:\bdoi:?\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_ISSN = re.compile(r"\b(?:e-?)?ISSN:?\s*(\d{4}-\d{3}[\dX])\b", re.IGNORECASE)


def type_from_text(text: str) -> tuple[str, dict[str, str], dict[str, str]] | None:
    """The type of work the document's leading lines say it is, with what they state of its
    other facts and the basis of each: (type, variables, basis), or None when they say nothing.

    Only what the text states is taken: 'HC Deb' is the House as Hansard writes it, a label
    line ('Policy paper') is the kind of document, a DOI is the article's. Each is a guess
    shown with its basis; the type itself is never more than the user can correct.
    """
    lines = [collapse_spaces(raw).strip() for raw in text[:_LEADING_CHARS].splitlines()]
    lines = [line for line in lines if line][:_LEADING_LINES]
    head = "\n".join(lines)
    if found := _HANSARD.search(head):
        house = found.group(1)
        variables, basis = {"authority": house}, {"authority": f"the text's '{house}', as Hansard writes the House"}
        if number := _STATEMENT_NUMBER.search(head):
            variables["number"] = number.group(1)
            basis["number"] = f"the text's '{number.group(1)}'"
        return "hearing", variables, {**basis, "source_type": f"the text's '{house}': a debate in Hansard"}
    if number := _STATEMENT_NUMBER.search(head):
        statement = number.group(1)
        return "hearing", {"number": statement, "genre": "Written statement"}, {
            "source_type": f"the text's '{statement}', the number Parliament gives a written statement",
            "number": f"the text's '{statement}'",
            "genre": f"the number '{statement}' (WS: written statement)",
        }
    for line in lines:
        kind = TYPE_LABELS.get(line.lower().rstrip(":"))
        if kind is not None:
            where = f"the text's line '{line}'"
            variables, basis = ({"genre": line}, {"genre": where}) if kind in ("report", "hearing") else ({}, {})
            return kind, variables, {**basis, "source_type": f"{where}, which says what the document is"}
    if found := _DOI.search(head):
        doi = found.group(1).rstrip(".,;)")
        return "article-journal", {"DOI": doi}, {
            "source_type": f"the DOI in the text ({doi}): a journal article, most often",
            "DOI": "the text's DOI",
        }
    if found := _ISSN.search(head):
        return "article-journal", {}, {"source_type": f"the ISSN in the text ({found.group(1)}): a journal's number"}
    return None


def guess_type(facts: GuessedFacts, text: str) -> None:
    """Set the type (and the other facts it states) that the text's leading lines say, if any."""
    found = type_from_text(text)
    if found is None:
        return
    facts.source_type, facts.variables = found[0], {**facts.variables, **found[1]}
    facts.basis.update(found[2])
