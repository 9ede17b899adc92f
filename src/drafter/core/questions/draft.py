"""A question while it is being read, and how it becomes a ``ParsedQuestion``."""

from __future__ import annotations

from dataclasses import dataclass, field

from drafter.core.questions.lines import normalise_spaces
from drafter.core.questions.model import ParsedQuestion
from drafter.core.questions.options import question_like, split_trailing_options
from drafter.core.questions.patterns import Limits, split_inline_prompt, split_limits


@dataclass
class Draft:
    """A question being read; ``last`` is the part the latest line went to."""

    label: str
    where: str
    section: str | None
    origin: str  # 'typed', 'word' (automatic list number) or 'bullet' (counted)
    text: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    prompt: list[str] = field(default_factory=list)
    words: int | None = None
    chars: int | None = None
    # 'text' while the wording may go on; 'closed' once a line was skipped, so
    # that wording is never joined across a gap.
    last: str = "text"
    question_mark: bool = False  # kept up to date so no check re-reads the wording

    def add_text(self, part: str) -> None:
        self.text.append(part)
        self.question_mark = self.question_mark or "?" in part

    def asks(self) -> bool:
        """Is the wording a question or a request ('Which…', '…?', 'Please list…')?"""
        return self.question_mark or (bool(self.text) and question_like(self.text[0]))

    def ends_with_colon(self) -> bool:
        return bool(self.text) and self.text[-1].rstrip().endswith(":")

    def add_limits(self, limits: Limits) -> None:
        # The first limit stated wins: a later one is usually the same limit repeated.
        self.words = self.words if self.words is not None else limits.words
        self.chars = self.chars if self.chars is not None else limits.chars


def finish(draft: Draft) -> ParsedQuestion | None:
    """The question as read, or None when it has a number but no wording."""
    text, text_limits = split_limits(normalise_spaces(" ".join(draft.text)))
    options = list(draft.options)
    if not options:
        # 'Do you agree? (Yes/No)': the answers were printed on the question's line.
        text, trailing = split_trailing_options(text)
        options = trailing or []
    text, inline_prompt = split_inline_prompt(text.strip())
    text = text.strip()
    if not text:
        return None
    prompt: str | None = normalise_spaces(" ".join([inline_prompt or "", *draft.prompt]))
    if prompt:
        prompt, prompt_limits = split_limits(prompt)
        draft.add_limits(prompt_limits)
    draft.add_limits(text_limits)
    return ParsedQuestion(
        label=draft.label,
        text=text,
        options=tuple(options),
        prompt=prompt.strip() or None if prompt else None,
        section=draft.section,
        word_limit=draft.words,
        char_limit=draft.chars,
    )
