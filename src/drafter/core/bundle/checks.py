"""The checks a response file must pass beyond its shape: references, offsets, verbatim quotations.

``check_bundle`` runs on every file before import changes anything, and on
every file export is about to write (so Drafter never writes a file it would
refuse to read). Each rule here is one the database keeps for data made in the
app — a snippet is exactly ``source.text[start:end]``, a quotation quotes a
snippet, a chosen option is one of the question's options — so an imported
response is as trustworthy as one built by hand.
"""

from __future__ import annotations

from collections import Counter

from drafter.core.bundle.schema import BlockModel, BundleModel, SnippetModel, SourceModel
from drafter.core.errors import DrafterError
from drafter.core.locators import parse_locator
from drafter.core.responses.operations import validate_details
from drafter.core.responses.records import ResponseDetails
from drafter.core.seed import content_hash
from drafter.core.shortening import check as shortening_problem
from drafter.core.snippets import MAX_SNIPPET_CHARS
from drafter.core.sources import SourceFacts

#: The source formats Drafter records (``Source.format``): one per importer, and the stored articles.
SOURCE_FORMATS = ("text", "markdown", "html", "docx", "pdf", "rtf", "stored")


class BundleProblem(Exception):
    """Something wrong inside a bundle, in plain words; the caller says which file and what now."""


def check_bundle(bundle: BundleModel) -> ResponseDetails:
    """Raise BundleProblem for the first rule the bundle breaks; return the response's cleaned details."""
    _refs_unique([s.ref for s in bundle.sources], "source")
    _refs_unique([s.ref for s in bundle.snippets], "snippet")
    sources = {s.ref: s for s in bundle.sources}
    snippets = {s.ref for s in bundle.snippets}
    for source in bundle.sources:
        check_source(source)
    for snippet in bundle.snippets:
        quoted_source = sources.get(snippet.source)
        if quoted_source is None:
            raise BundleProblem(
                f"snippet “{short(snippet.ref)}” comes from source “{short(snippet.source)}”, "
                "which the file does not hold"
            )
        check_snippet(snippet, quoted_source)
    details = check_details(bundle)
    quoted = check_questions(bundle, snippets)
    # The format holds what the response uses and nothing else; anything more would slip
    # unseen snippets and sources into the library.
    unused_snippets = [s.ref for s in bundle.snippets if s.ref not in quoted]
    if unused_snippets:
        raise BundleProblem(f"snippet “{short(unused_snippets[0])}” is not quoted in any answer")
    used_sources = {s.source for s in bundle.snippets}
    unused_sources = [ref for ref in sources if ref not in used_sources]
    if unused_sources:
        raise BundleProblem(f"source “{short(unused_sources[0])}” is not quoted by any snippet")
    return details


def _refs_unique(refs: list[str], kind: str) -> None:
    twice = [ref for ref, n in Counter(refs).items() if n > 1]
    if twice:
        raise BundleProblem(f"two {kind}s have the same reference “{short(twice[0])}”")


def short(text: str, limit: int = 60) -> str:
    # Names come from the file: a message must stay readable whatever they hold.
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clause(message: str) -> str:
    """A sentence made into a clause of a longer one: "The date …." → "the date …"."""
    message = message.strip().rstrip(".")
    return message[:1].lower() + message[1:]


def _name(source: SourceModel) -> str:
    return f"source “{short(source.title or source.ref)}”"


def check_source(source: SourceModel) -> None:
    if not source.text.strip():
        raise BundleProblem(f"{_name(source)} has no text")
    if content_hash(source.text) != source.content_hash:
        # The fingerprint is of the text as exported: a mismatch means the text was changed since,
        # and every quotation of it would be evidence of words nobody can vouch for.
        raise BundleProblem(f"the text of {_name(source)} was changed after the file was made")
    if source.format not in SOURCE_FORMATS:
        raise BundleProblem(f"{_name(source)} has a format Drafter does not know (“{short(source.format, 20)}”)")
    name = source.original_filename
    if name is not None and (not name.strip() or "/" in name or "\\" in name or name in (".", "..")):
        raise BundleProblem(f"{_name(source)} gives a folder path instead of a file name")
    for page in source.pages:
        if not page.start <= page.end <= len(source.text):
            raise BundleProblem(f"page “{short(page.label, 20)}” of {_name(source)} lies outside its text")
    try:
        facts_of(source).cleaned()  # the rules the source details form applies
    except DrafterError as exc:
        raise BundleProblem(f"{_name(source)}: {clause(exc.message)}") from None


def facts_of(source: SourceModel) -> SourceFacts:
    return SourceFacts.of(source)


def check_snippet(snippet: SnippetModel, source: SourceModel) -> None:
    where = f"snippet “{short(snippet.ref)}”"
    if not snippet.start < snippet.end <= len(source.text):
        raise BundleProblem(
            f"{where} points at characters {snippet.start}–{snippet.end}, outside the "
            f"{len(source.text):,} characters of {_name(source)}"
        )
    if snippet.end - snippet.start > MAX_SNIPPET_CHARS:
        raise BundleProblem(f"{where} is longer than the {MAX_SNIPPET_CHARS:,} characters a snippet may hold")
    if source.text[snippet.start : snippet.end] != snippet.text:
        raise BundleProblem(
            f"the quotation in {where} does not match the words of {_name(source)} at characters "
            f"{snippet.start}–{snippet.end}, so it would not be verbatim"
        )
    if not snippet.text.strip():
        raise BundleProblem(f"{where} holds only spaces or line breaks")


def check_details(bundle: BundleModel) -> ResponseDetails:
    """The response's details, cleaned by the same rules as ``create_response``."""
    r = bundle.response
    details = ResponseDetails(
        consultation_title=r.consultation_title,
        consulting_body=r.consulting_body,
        deadline=r.deadline,
        submit_to=r.submit_to,
        organisation=r.organisation,
        contact=r.contact,
        may_publish=r.may_publish,
        introduction=r.introduction,
        citation_style=r.citation_style,
        quotations_count_toward_limit=r.quotations_count_toward_limit,
    )
    try:
        return validate_details(details)
    except DrafterError as exc:
        raise BundleProblem(f"the response's details are not valid: {clause(exc.message)}") from None


def check_questions(bundle: BundleModel, snippets: set[str]) -> set[str]:
    """Check every question and block; return the references of the snippets quoted."""
    quoted: set[str] = set()
    texts = {snippet.ref: snippet.text for snippet in bundle.snippets}
    for number, question in enumerate(bundle.response.questions, start=1):
        where = f"question {number} (“{short(question.label, 20)}”)" if question.label.strip() else f"question {number}"
        if not question.text.strip():
            raise BundleProblem(f"{where} has no text")
        if question.chosen_option is not None and question.chosen_option not in question.options:
            raise BundleProblem(f"the chosen option of {where} is not one of its options")
        for place, block in enumerate(question.blocks, start=1):
            if block.kind == "quotation":
                if block.recommendation:
                    raise BundleProblem(f"block {place} of {where} is a quotation marked as a recommendation")
                if block.snippet is None:
                    raise BundleProblem(f"block {place} of {where} is a quotation that quotes nothing")
                if block.snippet not in snippets:
                    raise BundleProblem(
                        f"block {place} of {where} quotes snippet “{short(block.snippet)}”, "
                        "which the file does not hold"
                    )
                quoted.add(block.snippet)
                _check_quotation_form(block, texts[block.snippet], f"block {place} of {where}")
            elif block.snippet is not None:
                raise BundleProblem(f"block {place} of {where} is a paragraph but names a snippet")
            elif block.shortened is not None or block.pinpoint is not None:
                raise BundleProblem(f"block {place} of {where} is a paragraph but is shortened or pinpointed "
                                    "like a quotation")
    return quoted


def _check_quotation_form(block: BlockModel, snippet_text: str, where: str) -> None:
    """A shortened form must follow from its snippet, and a pinpoint be one a citation can take."""
    if block.shortened is not None and (reason := shortening_problem(block.shortened, snippet_text)):
        raise BundleProblem(f"the shortened quotation in {where} does not follow from its snippet: {clause(reason)}")
    try:
        parse_locator(block.pinpoint)
    except DrafterError as exc:
        raise BundleProblem(f"the pinpoint of {where} can't be used: {clause(exc.message)}") from None
