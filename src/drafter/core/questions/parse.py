"""Reading a consultation's questions out of lines of text.

Each line gets a context-free shape (``shapes.py``); this module walks the lines
once, deciding from the question being built what each shape means: a checkbox
line is an option, a wrapped line joins the wording, a line nothing explains is
ignored and reported. Question wording is only ever cut from the input, never
composed, so every question's text is a stretch of the input (up to whitespace).
"""

from __future__ import annotations

import re
from dataclasses import replace

from drafter.core.questions import notes as say
from drafter.core.questions.draft import Draft, finish
from drafter.core.questions.leading import read_leading
from drafter.core.questions.lines import (
    NO_QUESTIONS_HINT,
    SourceLine,
    split_text,
)
from drafter.core.questions.model import ParsedQuestionSet, QuestionParseError
from drafter.core.questions.options import is_vocabulary_option, option_like, question_like
from drafter.core.questions.patterns import ends_sentence, find_limits, heading_strength, number_value
from drafter.core.questions.shapes import Shape, classify


def parse_questions(text: str) -> ParsedQuestionSet:
    """Read the questions from pasted text.

    Raises ``QuestionParseError`` (with a message for the user) when the text is
    empty, too long, binary, or holds nothing recognisable as a question.
    """
    return parse_lines(split_text(text))


def parse_lines(lines: list[SourceLine], notes: tuple[str, ...] = ()) -> ParsedQuestionSet:
    return _Parser(lines).run(notes)


# Shapes that, right after a bare 'Question 1' line, are that question's wording.
_WORDING_KINDS = frozenset({"text", "prompt", "instruction", "heading"})


class _Parser:
    def __init__(self, lines: list[SourceLine]) -> None:
        self.lines = lines
        self.shapes = shapes = [classify(line) for line in lines]
        # 'Q1' / 'Question 1' labels are unambiguous; where a consultation uses
        # them, a '1.' line may be a numbered answer or a list in a question.
        self.explicit_doc = any(shape.kind == "question" and shape.explicit for shape in shapes)
        # With no numbers at all, a bulleted list of questions is numbered in order.
        self.bullet_mode = not any(shape.kind == "question" for shape in shapes) and any(
            shape.kind == "bullet" and question_like(shape.rest) for shape in shapes
        )
        self.drafts: list[Draft] = []
        self.current: Draft | None = None
        self.section: str | None = None
        self.title: str | None = None
        self.notes: list[str] = []
        self.decisions: dict[int, str] = {}
        self.heading_at: int | None = None  # a heading no question has followed yet
        self.bullets_counted = 0

    def _starts_question(self, i: int) -> bool:
        kind = self.shapes[i].kind
        return kind in ("question", "letter") or (self.bullet_mode and kind == "bullet")

    def run(self, extra_notes: tuple[str, ...]) -> ParsedQuestionSet:
        first = next((i for i in range(len(self.lines)) if self._starts_question(i)), None)
        if first is None:
            raise QuestionParseError("No questions were found.", hint=NO_QUESTIONS_HINT)
        leading = read_leading(self.lines, self.shapes, first)
        self.title, self.section = leading.title, leading.section
        for i in leading.ignored:
            self._ignore(i)
        for i in range(first, len(self.lines)):
            line, shape, cur = self.lines[i], self.shapes[i], self.current
            # 'Question 1' on a line of its own: the next line of words is its wording.
            if (
                cur is not None
                and not cur.text
                and shape.kind in _WORDING_KINDS
                and not shape.strong
            ):
                cur.add_text(line.text)
                cur.last = "text"
                continue
            getattr(self, "_on_" + shape.kind)(i, line, shape)
        if self.heading_at is not None:
            self.notes.append(say.unused_heading(self.lines[self.heading_at]))
        kept = []
        for draft in self.drafts:
            question = finish(draft)
            if question is None:
                self.notes.append(say.no_wording(draft.where, draft.label))
            else:
                kept.append((question, draft))
        if not kept:
            raise QuestionParseError("No questions were found.", hint=NO_QUESTIONS_HINT)
        numbering = say.numbering_notes([(q.label, d.where, d.origin) for q, d in kept])
        notes = [*extra_notes, *self.notes, *numbering]
        questions = tuple(q for q, _ in kept)
        return ParsedQuestionSet(self.title, questions, tuple(notes), tuple(say.length_warnings(questions)))

    # --- one handler per shape ------------------------------------------------------

    def _start(self, i: int, label: str, rest: str, origin: str) -> None:
        draft = Draft(label, self.lines[i].where, self.section, origin)
        self.heading_at = None
        if rest:
            draft.add_text(rest)
        self.drafts.append(draft)
        self.current = draft

    def _ignore(self, i: int) -> None:
        self.notes.append(say.ignored(self.lines[i]))
        if self.current is not None:
            self.current.last = "closed"

    def _on_question(self, i: int, line: SourceLine, shape: Shape) -> None:
        if self.explicit_doc and not shape.explicit:
            if self._numbered_answer(i, shape.label):
                self._on_item(i, line, shape)
                return
            # Beside 'Question N' labels, '3. Safeguards' numbers a chapter.
            if heading_strength(shape.rest):
                self._on_heading(i, line, replace(shape, kind="heading", strong=True))
                return
        self._start(i, shape.label, shape.rest, shape.origin)

    def _numbered_answer(self, i: int, label: str) -> bool:
        """In a 'Question N' consultation, is this '1.' line a numbered list inside a question?"""
        if self.current is None:
            return False
        decision = self._run_decision(i)
        if decision == "options":
            return True
        found, last = number_value(label), number_value(self.drafts[-1].label)
        in_sequence = found is not None and last is not None and found == last + 1
        return decision == "text" and not in_sequence

    def _on_letter(self, i: int, line: SourceLine, shape: Shape) -> None:
        cur = self.current
        if cur is None:
            self._start(i, shape.label, shape.rest, shape.origin)
            return
        decision = self._run_decision(i)
        if decision == "sub":
            parent = re.match(r"\d*", cur.label)
            label = (parent.group() if parent else "") + shape.label
            self._start(i, label, shape.rest, shape.origin)
        else:
            self._apply(decision, i, line, shape)

    def _on_bullet(self, i: int, line: SourceLine, shape: Shape) -> None:
        if not self.bullet_mode:
            self._on_item(i, line, shape)
            return
        cur = self.current
        rest = shape.rest
        answer = option_like(rest) and not question_like(rest)
        if cur is not None and self._takes_options(cur) and answer:
            cur.options.append(rest)
            cur.last = "options"
            return
        self.bullets_counted += 1
        self._start(i, str(self.bullets_counted), shape.rest, "bullet")

    def _on_item(self, i: int, line: SourceLine, shape: Shape) -> None:
        if self.current is None:
            self._ignore(i)
            return
        self._apply(self._run_decision(i), i, line, shape)

    def _apply(self, decision: str, i: int, line: SourceLine, shape: Shape) -> None:
        cur = self.current
        assert cur is not None
        if decision == "options":
            cur.options.append(shape.rest)
            cur.last = "options"
        elif decision == "text":
            cur.add_text(line.text)
        elif decision == "prompt":
            cur.prompt.append(line.text)
        else:
            self._ignore(i)

    @staticmethod
    def _takes_options(cur: Draft) -> bool:
        return bool(cur.text) and not cur.prompt

    def _run_decision(self, i: int) -> str:
        """Decide once for a run of list lines: options, wording, or sub-questions."""
        if i in self.decisions:
            return self.decisions[i]
        kind, explicit, end = self.shapes[i].kind, self.shapes[i].explicit, i
        while end < len(self.shapes) and (self.shapes[end].kind, self.shapes[end].explicit) == (
            kind,
            explicit,
        ):
            end += 1
        items = [shape.rest for shape in self.shapes[i:end]]
        cur = self.current
        assert cur is not None
        asks = cur.asks()
        # 'The framework could include:' followed by a list: the list is wording.
        lead_in = not asks and cur.ends_with_colon()
        all_options = all(option_like(item) for item in items)
        known = all(is_vocabulary_option(item) for item in items)
        if self._takes_options(cur) and all_options and not lead_in and (asks or known):
            decision = "options"
        elif kind == "letter":
            decision = "text" if lead_in and all_options and cur.last == "text" else "sub"
        elif cur.last == "text":
            decision = "text"
        elif cur.last == "prompt" and cur.prompt[-1].rstrip().endswith(":"):
            decision = "prompt"
        else:
            decision = "ignore"
        for k in range(i, end):
            self.decisions[k] = decision
        return decision

    def _on_checkbox(self, i: int, line: SourceLine, shape: Shape) -> None:
        if self.current is None:
            self._ignore(i)
            return
        self.current.options.extend(shape.items)
        self.current.last = "options"

    _on_options = _on_checkbox

    def _on_prompt(self, i: int, line: SourceLine, shape: Shape) -> None:
        if self.current is None:
            self._ignore(i)
            return
        self.current.prompt.append(line.text)
        self.current.last = "prompt"

    def _on_instruction(self, i: int, line: SourceLine, shape: Shape) -> None:
        if self.current is None:
            self._ignore(i)
            return
        self.notes.append(say.instruction(line))
        self.current.last = "instruction"

    def _on_limit(self, i: int, line: SourceLine, shape: Shape) -> None:
        cur = self.current
        if cur is None:
            self._ignore(i)
            return
        cur.add_limits(find_limits(line.text))
        cur.last = "limit"

    def _on_heading(self, i: int, line: SourceLine, shape: Shape) -> None:
        if shape.strong or self._heading_ok(i):
            if self.heading_at is not None:
                self.notes.append(say.unused_heading(self.lines[self.heading_at]))
            self.section, self.heading_at = line.text, i
            self.current = None
        else:
            self._on_text(i, line, shape)

    def _heading_ok(self, i: int) -> bool:
        """A short Title Case line is a heading only between questions, before one."""
        if i + 1 >= len(self.lines) or not self._starts_question(i + 1):
            return False
        cur, line = self.current, self.lines[i]
        return (
            cur is None
            or line.blank_before
            or cur.last != "text"
            or ends_sentence(self.lines[i - 1].text)
        )

    def _on_text(self, i: int, line: SourceLine, shape: Shape) -> None:
        cur = self.current
        if cur is not None and cur.last == "text" and self._continues(cur, line):
            cur.add_text(line.text)
        elif (
            cur is not None
            and cur.last == "prompt"
            and (not line.blank_before or not ends_sentence(cur.prompt[-1]))
        ):
            cur.prompt.append(line.text)
        else:
            self._ignore(i)

    @staticmethod
    def _continues(cur: Draft, line: SourceLine) -> bool:
        """Does a line of words carry on the question's wording?"""
        if not line.blank_before:
            return True  # same paragraph
        # Across a blank line only when the sentence plainly goes on: PDF copies
        # break paragraphs mid-sentence, and a preamble may precede its question.
        return (
            line.text[:1].islower()
            or cur.ends_with_colon()
            or (not cur.question_mark and "?" in line.text)
        )
