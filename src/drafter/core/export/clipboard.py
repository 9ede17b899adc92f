"""One answer as text to paste into an online consultation form.

The text is what the form's box receives: the chosen option first, where the
question has one ("Answer: Disagree", as the exports write it), then the answer's
paragraphs and quotations, each quotation with its citation, and the notes after
them. Its citations are rendered for this answer alone (the first citation of
each source in full), since a pasted answer can't refer to notes in other boxes.
The count is of everything pasted, notes included, because that is what the form
counts; the message says the option is the first line, for a form that asks for
it with its own buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafter.core.checks import Readiness
from drafter.core.errors import DrafterError
from drafter.core.export.plan import build_plan, citation_cache, clean, load
from drafter.core.export.text_writer import _Flavour, answer_lines
from drafter.core.responses import count_words
from drafter.core.store import Store
from drafter.core.wording import counted

#: What the chosen option's line begins with, as in the exported documents.
OPTION_LABEL = "Answer:"


@dataclass(frozen=True)
class ClipboardAnswer:
    text: str
    words: int
    characters: int
    over_limit: bool
    message: str


def answer_text(store: Store, response_id: int, question_id: int, *, style: str | None = None) -> ClipboardAnswer:
    document, sources, snippets = load(store, response_id)
    question = document.question(question_id)
    from drafter.core.checks import check_document

    readiness = check_document(document, sources, snippets)
    blockers = [i for i in readiness.blockers if i.question_id in (None, question_id)]
    if blockers:
        lines = "\n".join(f"- {item.message}" for item in blockers)
        raise DrafterError(f"This answer can't be copied until this is fixed:\n{lines}")
    plan = build_plan(document, sources, Readiness(response_id, ()), style=style, only=[question_id],
                      cache=citation_cache(store))
    paragraphs = answer_lines(plan.questions[0], plan, _Flavour(markdown=False))
    option = clean(question.chosen_option).strip() if question.chosen_option else ""
    if option:
        paragraphs.insert(0, f"{OPTION_LABEL} {option}")
    text = "\n\n".join(paragraphs)
    words, characters = count_words(text), len(text)
    name = f"question {question.label}" if question.label else "this question"
    over = []
    if question.word_limit is not None and words > question.word_limit:
        over.append(f"{counted(words, 'word')} where {name} allows {question.word_limit:,}")
    if question.char_limit is not None and characters > question.char_limit:
        over.append(f"{counted(characters, 'character')} where {name} allows {question.char_limit:,}")
    if over:
        message = f"Over the limit: {' and '.join(over)}. The form may cut it short or refuse it."
    else:
        limits = [counted(n, unit) for n, unit in ((question.word_limit, "word"), (question.char_limit, "character"))
                  if n is not None]
        allowed = f" (the limit is {' and '.join(limits)})" if limits else ""
        message = f"{counted(words, 'word')}, {counted(characters, 'character')}{allowed}."
    if option:
        message += (f" The first line is your chosen option (“{option}”): if the form asks for it with "
                    "buttons of its own, choose it there and leave that line out.")
    return ClipboardAnswer(text, words, characters, bool(over), message)
