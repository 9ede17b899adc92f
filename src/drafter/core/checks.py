"""The readiness check: what to fix before a response goes out.

A quotation that no longer matches its source blocks an export (the product's
promise is that every quotation is the source's exact text), and so does a
citation that would name no author, no title and no publisher, until the user
adds a fact or confirms it (``operations.library.confirm_bare_citation``); the
rest are warnings the user may knowingly accept. The citations are judged in the
style being exported, which may not be the response's own. Each item names the question,
block, source or snippet to jump to, and says in plain words what is wrong.

``check_document`` is pure (records in, items out) so the exporter can run it
on the records it has already loaded; ``check_response`` loads them itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from drafter.core.citations import CitationError, StyleInfo, find_style, to_csl_json
from drafter.core.records import SnippetRecord, SourceRecord
from drafter.core.responses import QuestionRecord, ResponseDocument, count_answer
from drafter.core.shortening import check as shortening_problem
from drafter.core.source_types import BY_NAME, DESCRIPTION, lower_first
from drafter.core.sources import BARE_CITATION
from drafter.core.store import Store
from drafter.core.wording import UNTITLED

BLOCKER = "blocker"
WARNING = "warning"

# Styles whose published rules put the date of access after every URL, so an
# online source without one is cited incompletely. Other styles (APA 7, Chicago)
# make the accessed date optional; warning there would only be noise.
ACCESSED_DATE_STYLES = frozenset(
    {"oscola", "oscola-no-ibid", "harvard-cite-them-right", "harvard-cite-them-right-11th-edition",
     "chicago-notes-bibliography-access-dates"}
)
# Types cited by court, statute or the like, where no publisher appears in any style.
_NO_PUBLISHER_TYPES = frozenset(
    {"legal_case", "legislation", "bill", "regulation", "treaty", "hearing",
     "personal_communication", "interview", "manuscript"}
)


#: Kinds of item fixed in a source's citation facts (the window opens its facts editor for them).
FACTS_KINDS = frozenset({"source_facts", "citation_empty", "source_unusable"})


@dataclass(frozen=True)
class CheckItem:
    kind: str
    severity: str  # BLOCKER or WARNING
    message: str
    question_id: int | None = None
    block_id: int | None = None
    source_id: int | None = None
    snippet_id: int | None = None
    facts: tuple[str, ...] = ()  # for "source_facts": which facts are missing

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind, "severity": self.severity, "message": self.message,
            "question_id": self.question_id, "block_id": self.block_id,
            "source_id": self.source_id, "snippet_id": self.snippet_id, "facts": list(self.facts),
        }


@dataclass(frozen=True)
class Readiness:
    response_id: int
    items: tuple[CheckItem, ...]
    #: When the last backup copy of the database was made, or that none was (``check_response``).
    backup: str = ""

    @property
    def blockers(self) -> tuple[CheckItem, ...]:
        return tuple(i for i in self.items if i.severity == BLOCKER)

    @property
    def warnings(self) -> tuple[CheckItem, ...]:
        return tuple(i for i in self.items if i.severity == WARNING)

    @property
    def blocking(self) -> bool:
        return bool(self.blockers)


@dataclass(frozen=True)
class ExportResult:
    """A file an export wrote, and the readiness check's warnings it was written with.

    Here, with the check, rather than in ``drafter.core.export``: the export job's
    window side (``drafter.core.jobs.export``) reads it without importing the export
    and python-docx, and the export never imports the job.
    """

    path: Path
    warnings: tuple[CheckItem, ...]  # what the readiness check found, exported anyway


#: Unused snippets named one by one in the readiness list; the rest are counted in one item
#: (a library of years of clippings may hold tens of thousands, listed in the Overview tab).
UNUSED_LISTED = 20


def unused_snippets(store: Store) -> tuple[list[SnippetRecord], int]:
    """The first ``UNUSED_LISTED`` snippets no response quotes, and how many more there are.

    Reads those few records and a count, never every snippet of the library (reading
    the ids of 50,000 unused snippets took 16 ms of the window's time at each check).
    """
    from drafter.core import listing

    query = listing.SnippetQuery(unused_only=True)
    ids = listing.snippet_ids(store, query, limit=UNUSED_LISTED)
    total = listing.count_snippets(store, query)
    return listing.snippet_records(store, ids), max(0, total - len(ids))


def check_response(store: Store, response_id: int, *, style: str | None = None,
                   today: date | None = None) -> Readiness:
    """Load the response, the sources it quotes and the unused snippets, and check them.

    ``style`` is the citation style the export will use, when it is not the response's own.
    """
    from drafter.core.listing import source_record
    from drafter.core.responses import get_response

    document = get_response(store, response_id)
    source_ids = {b.snippet.source_id for q in document.questions for b in q.blocks if b.snippet}
    sources = {i: source_record(store, i) for i in sorted(source_ids)}
    snippets, more = unused_snippets(store)
    readiness = check_document(document, sources, snippets, more_unused=more, style=style, today=today)
    return _with_backup(readiness, store)


def _with_backup(readiness: Readiness, store: Store) -> Readiness:
    """Say when the last backup was made; a backup that failed this session is a warning."""
    from drafter.core.store.backups import last_backup_note

    items = readiness.items
    if store.backup_problem:
        items = (*items, CheckItem("backup", WARNING, store.backup_problem))
    if store.is_server:  # the data folder's copies are not of this library
        note = (f"The shared library {store.location} is backed up on its server, not by Drafter "
                "(docs/team-server.md, “Backing up”).")
        return replace(readiness, items=items, backup=note)
    return replace(readiness, items=items, backup=last_backup_note(store.data_dir))


def check_document(
    document: ResponseDocument,
    sources: Mapping[int, SourceRecord],
    snippets: Sequence[SnippetRecord] = (),
    *,
    more_unused: int = 0,
    style: str | None = None,
    today: date | None = None,
) -> Readiness:
    """Every item to fix, in the order of the document: deadline, details, questions, sources, snippets.

    ``more_unused`` counts unused snippets beyond those in ``snippets`` (see ``unused_snippets``).
    The citations are judged in ``style``, the one being exported, else the response's own.
    ``today`` is the user's local date unless given (for the deadline's days left).
    """
    items: list[CheckItem] = []
    items += _deadline(document, today)
    items += _details(document)
    info = _style(style or document.details.citation_style, items)
    for question in document.questions:
        items += _question(document, question)
    items += _sources(document, sources, info)
    # A snippet quoted by no response at all was collected and then forgotten. One
    # that another response quotes is in use, so it is not reported here, where a
    # library serving several consultations would otherwise fill the list.
    for snippet in snippets:
        if snippet.used_in == 0:
            items.append(CheckItem(
                "unused_snippet", WARNING,
                f"The snippet “{_excerpt(snippet.text)}” from {_named(snippet.source_title)} "
                "is not quoted anywhere. Quote it in an answer or ignore this.",
                source_id=snippet.source_id, snippet_id=snippet.id,
            ))
    if more_unused:
        items.append(CheckItem(
            "more_unused_snippets", WARNING,
            f"…and {more_unused:,} more snippet{'s are' if more_unused != 1 else ' is'} not quoted anywhere. "
            "The Overview tab lists them all.",
        ))
    return Readiness(document.id, tuple(items))


def _deadline(document: ResponseDocument, today: date | None) -> list[CheckItem]:
    from drafter.core.dates import DEADLINE_WARNING_DAYS, days_left, display_iso, plural_days

    deadline = document.details.deadline
    if not deadline:
        return []
    try:
        left = days_left(deadline, today)
    except ValueError:  # not a full ISO date (a file from elsewhere): nothing to count from
        return []
    shown = display_iso(deadline)
    if left < 0:
        ago = "yesterday" if left == -1 else f"{plural_days(-left)} ago"
        return [CheckItem("deadline_passed", WARNING,
                          f"The consultation closed {ago}, on {shown}. Check with whoever runs it "
                          "whether a late response is still accepted.")]
    if left == 0:
        return [CheckItem("deadline_near", WARNING, f"The consultation closes today, {shown}.")]
    if left <= DEADLINE_WARNING_DAYS:
        return [CheckItem("deadline_near", WARNING,
                          f"The consultation closes in {plural_days(left)}, on {shown}.")]
    return []


def _details(document: ResponseDocument) -> list[CheckItem]:
    details, items = document.details, []
    if not details.organisation:
        items.append(CheckItem(
            "no_organisation", WARNING,
            "The response doesn't say which organisation it is from; the export will open without "
            "“Response from …”."))
    if details.may_publish is None:
        items.append(CheckItem(
            "publication_undecided", WARNING,
            "You haven't said whether the response may be published, so the export says nothing "
            "about it. Most consultations ask."))
    return items


def _style(name: str, items: list[CheckItem]) -> StyleInfo | None:
    try:
        return find_style(name)
    except CitationError as exc:
        # Without a style nothing can be cited, so this one blocks too.
        items.append(CheckItem("unknown_style", BLOCKER, f"{exc.message} Choose another citation style."))
        return None


def _question(document: ResponseDocument, question: QuestionRecord) -> list[CheckItem]:
    items: list[CheckItem] = []
    name = f"Question {question.label}" if question.label else "A question"
    for block in question.blocks:
        if not block.is_quotation:
            continue
        snippet = block.snippet
        if snippet is None:
            items.append(CheckItem(
                "quotation_missing", BLOCKER, f"{name} has a quotation whose snippet is gone. Remove it.",
                question_id=question.id, block_id=block.id))
    if not any(b.is_quotation or b.text.strip() for b in question.blocks):
        if question.chosen_option is None:
            items.append(CheckItem("unanswered", WARNING, f"{name} has no answer yet.", question_id=question.id))
            return items  # "no option chosen" too would only repeat it
        if question.prompt:
            items.append(CheckItem(
                "unexplained", WARNING,
                f"{name} asks “{question.prompt}” but the answer is only “{question.chosen_option}”.",
                question_id=question.id))
    if question.options and question.chosen_option is None:
        items.append(CheckItem(
            "no_option", WARNING,
            f"{name} offers {' / '.join(question.options)}, and none is chosen.", question_id=question.id))
    include = document.details.quotations_count_toward_limit
    count = count_answer(question, include_quotations=include)
    if count.over_limit:
        scope = "" if include else " (not counting quotations)"
        items.append(CheckItem(
            "over_limit", WARNING, f"{name} is over its limit: {count.describe()}{scope}.",
            question_id=question.id))
    return items


def quotation_matches(snippet: SnippetRecord, source: SourceRecord | None) -> bool:
    """True when the snippet's text is still exactly the source's text at its offsets."""
    return source is not None and source.text[snippet.start : snippet.end] == snippet.text


def _sources(
    document: ResponseDocument, sources: Mapping[int, SourceRecord], style: StyleInfo | None
) -> list[CheckItem]:
    items: list[CheckItem] = []
    first_use: dict[int, int] = {}  # source id → the first question quoting it, to jump to
    for question in document.questions:
        for block in question.blocks:
            snippet = block.snippet
            if snippet is None:
                continue
            first_use.setdefault(snippet.source_id, question.id)
            if not quotation_matches(snippet, sources.get(snippet.source_id)):
                items.append(CheckItem(
                    "quotation_changed", BLOCKER,
                    f"In question {question.label}, the quotation “{_excerpt(snippet.text)}” no longer "
                    "matches its source's text. Make the snippet again from the source.",
                    question_id=question.id, block_id=block.id,
                    source_id=snippet.source_id, snippet_id=snippet.id))
            elif block.shortened is not None and (reason := shortening_problem(block.shortened, snippet.text)):
                items.append(CheckItem(
                    "shortened_quotation_changed", BLOCKER,
                    f"In question {question.label}, the shortened quotation “{_excerpt(block.shortened)}” no longer "
                    f"follows from its snippet: {reason} Shorten it again, or quote the whole snippet.",
                    question_id=question.id, block_id=block.id,
                    source_id=snippet.source_id, snippet_id=snippet.id))
    for source_id, question_id in first_use.items():
        source = sources.get(source_id)
        if source is not None:
            items += _facts(source, style, question_id)
    return items


def _named(title: str | None) -> str:
    """A source's title in quotation marks, or what a source without one is called."""
    return f"“{title}”" if title else f"an {UNTITLED.lower()}"


def _facts(source: SourceRecord, style: StyleInfo | None, question_id: int) -> list[CheckItem]:
    from drafter.core.citations.from_records import citation_source

    if source.title:
        name = f"“{source.title}”"
    elif source.publisher:  # the publisher tells the user which source this is
        name = f"The {UNTITLED.lower()} from {source.publisher}"
    else:
        name = f"{UNTITLED} {source.id}"
    missing = []
    # A work with no title is cited by the user's description of it in brackets where the title
    # would be (APA 7 §9.22, Cite Them Right): either one will do, and only the user can write it.
    described = bool(source.variables.get(DESCRIPTION))
    if not source.title and not described:
        missing.append(("title", "its title (or, if it has none, a description of it)"))
    if not source.date:
        missing.append(("date", "its date"))
    if not source.publisher and source.type not in _NO_PUBLISHER_TYPES:
        missing.append(("publisher", "who published it"))
    # The other facts the type's citation needs (a journal article's volume, a case's court):
    # named by the core's table of types, keyed by their CSL-JSON names.
    kind = BY_NAME.get(source.type)
    for field in kind.extra if kind else ():
        if field.required and not source.variables.get(field.variable):
            missing.append((field.variable, f"its {lower_first(field.label)}"))
    if source.authors is None:
        missing.append(("authors", "its author (if it has none, say so in its facts)"))
    rules = (style.parent or style.id) if style else None
    if source.url and not source.accessed and rules in ACCESSED_DATE_STYLES:
        missing.append(("accessed", f"the date you checked the page, which {style.title} asks for"))  # type: ignore[union-attr]
    # One item per source, naming every missing fact: the fix is one visit to its facts.
    items = []
    if missing:
        words = [w for _, w in missing]
        listing = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        items.append(CheckItem("source_facts", WARNING, f"{name} is cited without {listing}.",
                               question_id=question_id, source_id=source.id,
                               facts=tuple(f for f, _ in missing)))
    if (not source.title and not described and not source.publisher and not source.authors
            and BARE_CITATION not in source.fact_basis):
        # Such a citation names nothing the reader could find; the user adds a fact or says so.
        items.append(CheckItem(
            "citation_empty", BLOCKER,
            f"{name} would be cited with no author, no title and no publisher. Add what you know to its "
            "facts, or confirm it is to be cited as it is.",
            question_id=question_id, source_id=source.id, facts=("authors", "title", "publisher")))
    try:
        to_csl_json(citation_source(source))
    except CitationError as exc:
        # The formatter would refuse this source, so the export could not be written.
        items.append(CheckItem("source_unusable", BLOCKER, f"{name}: {exc}", question_id=question_id,
                               source_id=source.id))
    return items


def _excerpt(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
