"""Citation facts as CSL-JSON, the input every CSL processor reads.

Nothing unknown is filled in: a source with no known author gets no
``author`` key, one with no known date no ``issued`` key, so the style alone
decides what an anonymous or undated work looks like (its 'n.d.', its title
in the author's place) and nothing like 'Anon' is ever invented here.
"""

from __future__ import annotations

import re
from typing import Any

from drafter.core.citations.model import CitationError, CitationSource
from drafter.core.dates import PartialDate
from drafter.core.names import clean_name, to_csl
from drafter.core.source_types import outlet_variable

# The item types of CSL 1.0.2; anything else would silently fall through every
# style's <choose> and come out as a bare title, so it is refused instead.
CSL_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast
    chapter classic collection dataset document entry entry-dictionary entry-encyclopedia
    event figure graphic hearing interview legal_case legislation manuscript map
    motion_picture musical_score pamphlet paper-conference patent performance periodical
    personal_communication post post-weblog regulation report review review-book software
    song speech standard thesis treaty webpage""".split()  # noqa: SIM905 - a list to read, not to edit
)


_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:\-]*$")


def to_csl_json(source: CitationSource) -> dict[str, Any]:
    """The source as one CSL-JSON item; raises CitationError for facts that make no sense."""
    if not _ID.match(source.id or ""):
        raise CitationError(
            f"A source has the identifier {source.id!r}, which can't be used in a citation.",
            hint="Identifiers are letters, digits and _ . : - only.",
        )
    if source.type not in CSL_TYPES:
        raise CitationError(
            f"The source {source.id!r} has the type {source.type!r}, which no citation style knows.",
            hint="Use a CSL type such as 'article-newspaper', 'webpage', 'report' or 'book'.",
        )
    item: dict[str, Any] = {"id": source.id, "type": source.type}
    if title := _clean(source.title):
        item["title"] = title
    # The outlet is the work the item appears in (CSL's container-title: the newspaper,
    # the journal, the website, the law report series), which the styles print in
    # italics after the title, or the body that published it: source_types says which.
    outlet = outlet_variable(source.type)
    if outlet and (publisher := _clean(source.publisher)):
        item[outlet] = publisher
    # A person as family and given names, an organisation as one literal name, so
    # 'Home Office' is never printed 'Office H' or shortened to 'Office'.
    names = [to_csl(name) for name in (clean_name(n) for n in source.authors) if name is not None]
    if names:
        item["author"] = names
    if date := _clean(source.date):
        item["issued"] = _csl_date(date, source.id, "date")
    if url := _clean(source.url):
        item["URL"] = url
    if accessed := _clean(source.accessed):
        item["accessed"] = _csl_date(accessed, source.id, "accessed date")
    # The type's other variables (volume, DOI, court, editors …) as stored: already CSL-JSON.
    for name, value in source.variables.items():
        if name not in item and value:
            item[name] = [dict(n) for n in value] if isinstance(value, list) else value
    return item


def _csl_date(value: str, source_id: str, what: str) -> dict[str, list[list[int]]]:
    # A partial date keeps exactly its known parts, so a style prints 'August
    # 2025' or '2025' rather than a made-up first of the month.
    try:
        date = PartialDate.parse_iso(value)
    except ValueError:
        raise CitationError(
            f"The {what} of the source {source_id!r} is {value!r}, which is not a date.",
            hint="Write it as 2025, 2025-08 or 2025-08-01.",
        ) from None
    parts = [p for p in (date.year, date.month, date.day) if p is not None]
    return {"date-parts": [parts]}


def _clean(value: str | None) -> str | None:
    """The value without surrounding blanks; an empty value is as unknown as None."""
    if value is None or not value.strip():
        return None
    return value.strip()
