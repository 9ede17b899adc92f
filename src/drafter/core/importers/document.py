"""What an importer hands back: the body text, its pages and the guessed facts.

An importer never decides a citation: it reports what the document itself says
(``GuessedFacts``) and where each guess came from (``basis``), so the user can
check it. The body text is the exact text that will be stored and quoted, so
every offset (a snippet's position, a ``PageSpan``) indexes into it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafter.core.errors import DrafterError
from drafter.core.names import Name


class ImportRefused(DrafterError):
    """A file or text that cannot be imported, with a reason a non-technical reader understands.

    Nothing has been stored when this is raised; the caller shows ``message``
    (and ``hint``, the suggested next step, when there is one).
    """


@dataclass(frozen=True)
class PageSpan:
    """Where one printed page lies in the body text: ``text[start:end]``."""

    start: int
    end: int
    label: str  # the page's printed label ('iv', '12', 'A-3'), else its 1-based index


@dataclass
class GuessedFacts:
    """Citation facts as the document states them; anything unknown stays None or empty.

    ``basis`` maps each guessed field name to a plain description of where the
    guess came from, e.g. ``{'title': 'HTML <meta property="og:title">'}``. A
    field may have a basis but no value, when the basis explains why it stayed
    unknown (e.g. a date line without a year).
    """

    title: str | None = None
    publisher: str | None = None
    authors: tuple[Name, ...] = ()  # each a person or an organisation, as read (see basis)
    date: str | None = None  # ISO 8601, possibly partial: 'YYYY', 'YYYY-MM', 'YYYY-MM-DD'
    url: str | None = None
    source_type: str | None = None  # a CSL type such as 'article-newspaper', 'webpage'
    standfirst: str | None = None
    # Other CSL variables the document states for the guessed type ({"DOI": …, "genre": …}),
    # by their CSL-JSON names (drafter.core.source_types); each has its basis under its name.
    variables: dict[str, str] = field(default_factory=dict)
    basis: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportedDocument:
    """One imported source, ready to be stored."""

    text: str
    format: str  # 'text', 'markdown', 'html', 'docx', 'pdf', 'rtf'
    original_filename: str | None  # the file's name only, never a path; None for pasted text
    pages: tuple[PageSpan, ...] = ()
    facts: GuessedFacts = field(default_factory=GuessedFacts)
    warnings: tuple[str, ...] = ()


def make_document(
    text: str,
    *,
    format: str,
    original_filename: str | None,
    facts: GuessedFacts,
    empty_message: str,
    pages: tuple[PageSpan, ...] = (),
    warnings: list[str] | tuple[str, ...] = (),
) -> ImportedDocument:
    """Build the result, refusing a body with nothing in it to quote.

    Every importer ends here so the "nothing to quote" rule is applied the same
    way everywhere; ``empty_message`` says it in the words of that format.
    """
    if not text.strip():
        raise ImportRefused(empty_message)
    for span in pages:
        # A wrong span would point snippets at the wrong page: fail loudly in development.
        if not 0 <= span.start <= span.end <= len(text):
            raise AssertionError(f"page span {span} outside text of length {len(text)}")
    return ImportedDocument(
        text=text,
        format=format,
        original_filename=original_filename,
        pages=pages,
        facts=facts,
        warnings=tuple(dict.fromkeys(warnings)),  # keep order, drop repeats
    )
