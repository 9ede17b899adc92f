"""Plain records of a response, handed to the window, the exporters and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field

from drafter.core.records import SnippetRecord

#: Fields of a response a user can edit, in the order the details form shows them.
DETAIL_FIELDS = (
    "consultation_title",
    "consulting_body",
    "deadline",
    "submit_to",
    "organisation",
    "contact",
    "may_publish",
    "introduction",
    "citation_style",
    "quotations_count_toward_limit",
)


@dataclass(frozen=True)
class ResponseDetails:
    consultation_title: str
    consulting_body: str | None = None
    deadline: str | None = None  # ISO date
    submit_to: str | None = None
    organisation: str | None = None
    contact: str | None = None
    may_publish: bool | None = None  # None: not decided yet
    introduction: str = ""
    citation_style: str = "oscola"
    quotations_count_toward_limit: bool = True


@dataclass(frozen=True)
class ResponseSummary:
    id: int
    consultation_title: str
    organisation: str | None
    deadline: str | None
    questions: int
    updated_at: str


@dataclass(frozen=True)
class BlockRecord:
    """One item of an answer: the user's paragraph, or a quotation of a snippet."""

    id: int
    question_id: int
    position: int
    kind: str  # "paragraph" | "quotation"
    text: str  # the paragraph, or the quotation's lead-in/comment
    snippet_id: int | None = None
    snippet: SnippetRecord | None = None  # the quoted snippet, for quotations
    recommendation: bool = False  # a paragraph the user marked as one of the response's recommendations
    shortened: str | None = None  # the quotation as printed, with omissions (drafter.core.shortening); None: whole
    pinpoint: str | None = None  # the user's own pinpoint ("para 3"); None: derived from the snippet
    # Who changed it last, when, and how many changes it has seen (migration 0013): the stamps of a
    # change, not its content, so two blocks alike in content are equal whatever their history.
    version: int = field(default=1, compare=False)
    edited_by: str | None = field(default=None, compare=False)
    edited_at: str | None = field(default=None, compare=False)

    @property
    def quoted_text(self) -> str | None:
        """What the quotation prints (before the style's marks): the shortened form, or the whole snippet."""
        if self.snippet is None:
            return None
        return self.shortened if self.shortened is not None else self.snippet.text

    @property
    def is_quotation(self) -> bool:
        return self.kind == "quotation"


@dataclass(frozen=True)
class QuestionRecord:
    id: int
    response_id: int
    position: int
    label: str
    text: str
    section: str | None = None
    options: tuple[str, ...] = ()
    prompt: str | None = None
    chosen_option: str | None = None
    word_limit: int | None = None
    char_limit: int | None = None
    confidential: bool = False
    blocks: tuple[BlockRecord, ...] = ()
    assigned_to: str | None = None  # the colleague the answer is assigned to (migration 0013)


@dataclass(frozen=True)
class ResponseDocument:
    """A whole response: its details and every question with its blocks, in order."""

    id: int
    details: ResponseDetails
    questions: tuple[QuestionRecord, ...] = ()
    created_at: str = ""
    updated_at: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    def question(self, question_id: int) -> QuestionRecord:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)
