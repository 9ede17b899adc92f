"""The shape of a response file's ``bundle.json``, schema version 3 (versions 1 and 2 are read too).

A response file (``.drafter``) is a zip holding one entry, ``bundle.json``;
``docs/bundle-format.md`` describes it for people writing other tools. The
models here are strict on purpose: no type is coerced ("3" is not 3, 1 is not
true), every field must be present (unknown values are written as ``null``)
and a field the format doesn't define is refused, because a file that differs
from what Drafter writes was damaged or edited, and guessing what it meant
could put words in a quotation that its source never said.

Checks that involve more than one field (references, offsets, quotations
matching their source) are in ``drafter.core.bundle.checks``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

#: The value of "format" that marks a Drafter response file.
FORMAT_NAME = "drafter-response-bundle"
#: Raised whenever a change would make older Drafters misread a file (see docs/bundle-format.md).
#: 2: each author is a CSL-JSON name object, a person or an organisation (version 1: strings).
#: 3: a paragraph may be marked as a recommendation (``recommendation``, optional; false when left out).
#: 3: a quotation may be shortened (omissions, bracketed alterations) and have its own pinpoint.
#: 3: a source's type may be any of drafter.core.source_types, with its other CSL variables.
SCHEMA_VERSION = 3
#: Every version this Drafter reads; older ones are brought up to date by ``bundle_read``.
READABLE_VERSIONS = (1, 2, 3)
#: The one entry a response file holds.
BUNDLE_ENTRY = "bundle.json"
#: The file extension Drafter gives response files.
EXTENSION = ".drafter"

#: Largest bundle.json accepted, unpacked. A response quoting fifty long reports is a few
#: megabytes of text; this leaves ample room while keeping a hostile file from filling memory.
MAX_BUNDLE_JSON_BYTES = 64 * 1024 * 1024
#: Largest response file accepted on disk (compressed data is never larger than this plus zip overhead).
MAX_FILE_BYTES = MAX_BUNDLE_JSON_BYTES + 1024 * 1024
#: Text compresses about 3–5:1; an entry declaring 100 times its packed size is built to explode.
MAX_COMPRESSION_RATIO = 100
#: Small entries may compress extremely well (a short, repetitive file) without any danger.
RATIO_CHECK_FROM_BYTES = 1024 * 1024
#: Largest whole number accepted anywhere: far above any offset or limit, and within SQLite's range.
MAX_NUMBER = 2**31 - 1
#: Longest bundle-local reference ("source-1", "snippet-12").
MAX_REF_CHARS = 100

# How many of each thing a response file may hold: far more than any real consultation
# response (the largest UK consultations ask about 150 questions), and few enough that
# checking and importing the largest file allowed takes seconds, not minutes. They are
# counted in the parsed JSON before anything else is checked (see ``count_problem``):
# a 64 MB file of 200,000 tiny questions took over 30 seconds to import.
MAX_QUESTIONS = 2_000
MAX_BLOCKS_PER_ANSWER = 500
MAX_BLOCKS = 10_000
MAX_OPTIONS = 50
MAX_SNIPPETS = 5_000
MAX_TAGS_PER_SNIPPET = 100
MAX_SOURCES = 1_000
MAX_AUTHORS = 200
#: Other CSL variables of one source: no type holds more than a handful (source_types).
MAX_VARIABLES = 50
MAX_PAGES = 100_000


def _valid_text(value: str) -> str:
    # JSON can spell lone UTF-16 surrogates ("\ud800"); Python keeps them, but they are not
    # text, can't be written as UTF-8 and would make the database refuse the row mid-import.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("holds characters that are not valid text") from None
    return value


Text = Annotated[str, AfterValidator(_valid_text)]
Ref = Annotated[str, Field(min_length=1, max_length=MAX_REF_CHARS), AfterValidator(_valid_text)]
Offset = Annotated[int, Field(ge=0, le=MAX_NUMBER)]
Limit = Annotated[int, Field(ge=1, le=MAX_NUMBER)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class PageModel(_Strict):
    start: Offset
    end: Offset
    label: Text


NameText = Annotated[str, Field(min_length=1), AfterValidator(_valid_text)]


class PersonName(_Strict):
    """A person, as CSL-JSON writes one: ``{"family": "Foot", "given": "Tom"}``."""

    family: NameText
    given: NameText | None = None
    suffix: NameText | None = None


class OrganisationName(_Strict):
    """An organisation, as CSL-JSON writes one: ``{"literal": "Home Office"}``."""

    literal: NameText


#: A source's other CSL variable: text ("84"), or names (editors, interviewers).
VariableValue = Text | list[OrganisationName | PersonName]


class SourceModel(_Strict):
    ref: Ref
    type: Text
    title: Text | None
    publisher: Text | None
    authors: list[OrganisationName | PersonName] | None
    # The type's other CSL variables by their CSL-JSON names (since version 3; drafter.core.source_types).
    variables: dict[Text, VariableValue]
    date: Text | None
    url: Text | None
    accessed: Text | None
    standfirst: Text | None
    format: Text
    original_filename: Text | None
    fact_basis: dict[Text, Text] | None
    content_hash: Text
    text: Text
    pages: list[PageModel]

    def csl_variables(self) -> dict[str, str | list[dict[str, str]]]:
        """``variables`` as CSL-JSON, names as plain name objects."""
        return {key: value if isinstance(value, str) else [n.model_dump(exclude_none=True) for n in value]
                for key, value in self.variables.items()}


class SnippetModel(_Strict):
    ref: Ref
    source: Ref
    start: Offset
    end: Offset
    text: Text
    page_label: Text | None
    note: Text
    tags: list[Text]


class BlockModel(_Strict):
    kind: Literal["paragraph", "quotation"]
    text: Text
    snippet: Ref | None
    #: One of the response's recommendations (version 3; a file of version 1 or 2 has none).
    recommendation: bool = False
    #: The quotation as printed, "…" for omissions (version 3; left out or null: the whole snippet).
    shortened: Text | None = None
    #: The user's own pinpoint, "para 3" (version 3; left out or null: from where the snippet stands).
    pinpoint: Text | None = None


class QuestionModel(_Strict):
    label: Text
    text: Text
    section: Text | None
    options: list[Text]
    prompt: Text | None
    chosen_option: Text | None
    word_limit: Limit | None
    char_limit: Limit | None
    confidential: bool
    blocks: list[BlockModel]


class ResponseModel(_Strict):
    consultation_title: Text
    consulting_body: Text | None
    deadline: Text | None
    submit_to: Text | None
    organisation: Text | None
    contact: Text | None
    may_publish: bool | None
    introduction: Text
    citation_style: Text
    quotations_count_toward_limit: bool
    questions: list[QuestionModel]


class BundleModel(_Strict):
    format: Literal["drafter-response-bundle"]
    schema_version: Literal[3]
    app_version: Text
    exported_at: Text
    response: ResponseModel
    snippets: list[SnippetModel]
    sources: list[SourceModel]


# --- limits -------------------------------------------------------------------------------


def _items(owner: object, key: str) -> list[object]:
    value = owner.get(key) if isinstance(owner, dict) else None
    return value if isinstance(value, list) else []


def count_problem(document: object) -> str | None:
    """The first limit the parsed document goes over, in plain words; None if it keeps to all of them.

    Reads only list lengths of the raw JSON (whatever its shape: the shape is checked
    next), so a file built to be slow to check is refused before the slow part.
    """
    response = document.get("response") if isinstance(document, dict) else None
    questions = _items(response, "questions")
    if len(questions) > MAX_QUESTIONS:
        return f"it holds {len(questions):,} questions, and a response may have up to {MAX_QUESTIONS:,}"
    blocks = 0
    for number, question in enumerate(questions, start=1):
        answer = len(_items(question, "blocks"))
        if answer > MAX_BLOCKS_PER_ANSWER:
            return (f"the answer to question {number} has {answer:,} parts, and an answer may have up to "
                    f"{MAX_BLOCKS_PER_ANSWER:,}")
        if len(_items(question, "options")) > MAX_OPTIONS:
            return f"question {number} has more than the {MAX_OPTIONS} options a question may have"
        blocks += answer
    if blocks > MAX_BLOCKS:
        return f"its answers have {blocks:,} parts in all, and a response may have up to {MAX_BLOCKS:,}"
    snippets = _items(document, "snippets")
    if len(snippets) > MAX_SNIPPETS:
        return f"it holds {len(snippets):,} snippets, and a response may quote up to {MAX_SNIPPETS:,}"
    if any(len(_items(snippet, "tags")) > MAX_TAGS_PER_SNIPPET for snippet in snippets):
        return f"a snippet has more than the {MAX_TAGS_PER_SNIPPET} tags a snippet may have"
    sources = _items(document, "sources")
    if len(sources) > MAX_SOURCES:
        return f"it holds {len(sources):,} sources, and a response may quote up to {MAX_SOURCES:,}"
    if any(len(_items(source, "authors")) > MAX_AUTHORS for source in sources):
        return f"a source has more than the {MAX_AUTHORS} authors a source may have"
    for source in sources:
        variables = source.get("variables") if isinstance(source, dict) else None
        if isinstance(variables, dict) and (len(variables) > MAX_VARIABLES or any(
                isinstance(v, list) and len(v) > MAX_AUTHORS for v in variables.values())):
            return "a source has more facts, or more names in one of them, than a source may have"
    pages = sum(len(_items(source, "pages")) for source in sources)
    if pages > MAX_PAGES:
        return f"its sources have {pages:,} pages in all, and a response file may hold up to {MAX_PAGES:,}"
    return None


# --- plain words for what pydantic found ---------------------------------------------------

#: How a list's items are named in a message ("question 2"), by the list's field name.
_ITEM_NAMES = {
    "questions": "question",
    "blocks": "block",
    "snippets": "snippet",
    "sources": "source",
    "pages": "page",
    "options": "option",
    "tags": "tag",
    "authors": "author",
    "variables": "fact",
}

_PROBLEMS = {
    "missing": "is missing",
    "extra_forbidden": "is not part of the response file format",
    "string_type": "should be text",
    "int_type": "should be a whole number",
    "bool_type": "should be true or false",
    "list_type": "should be a list",
    "dict_type": "should be a group of named values",
    "model_type": "should be a group of named values",
    "model_attributes_type": "should be a group of named values",
    "literal_error": "has a value Drafter does not know",
    "greater_than_equal": "is too small",
    "less_than_equal": "is too large",
    "string_too_short": "is empty",
    "string_too_long": "is too long",
    "value_error": "holds characters that are not valid text",
}


def describe_first_problem(error: ValidationError) -> str:
    """The first problem pydantic found, as a phrase a person can read: "question 2 › label is missing"."""
    first = error.errors(include_url=False, include_context=False, include_input=False)[0]
    return f"{describe_location(first['loc'])} {_PROBLEMS.get(first['type'], 'is not valid')}"


def describe_location(loc: tuple[int | str, ...]) -> str:
    if len(loc) > 1 and loc[0] == "response":
        loc = loc[1:]  # "question 2 › “label”" is clear without saying it is the response's
    # A value that may be of either of two kinds (a fact: text or names) is located with the kind
    # pydantic tried ("function-after[…]", "list[…]"); no field's name has brackets.
    loc = tuple(step for step in loc if not (isinstance(step, str) and "[" in step))
    parts: list[str] = []
    for i, step in enumerate(loc):
        if isinstance(step, int):
            owner = loc[i - 1] if i > 0 else ""
            name = _ITEM_NAMES.get(str(owner), "item")
            if parts and parts[-1] == f"“{owner}”":
                parts.pop()  # "question 2" says all that "questions › question 2" would
            parts.append(f"{name} {step + 1}")
        else:
            parts.append(f"“{step}”")
    return " › ".join(parts) if parts else "the whole file"
