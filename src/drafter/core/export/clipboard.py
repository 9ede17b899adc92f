"""One answer as text to paste into an online consultation form.

The text is what the form's box receives: the answer's paragraphs and
quotations, each quotation with its citation, and the notes after them. Its
citations are rendered for this answer alone (the first citation of each source
in full), since a pasted answer can't refer to notes in other boxes. The count
is of everything pasted, notes included, because that is what the form counts;
the chosen option is left out, as forms ask for it with their own buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafter.core.checks import Readiness
from drafter.core.errors import DrafterError
from drafter.core.export.plan import build_plan, citation_cache, load
from drafter.core.export.text_writer import _Flavour, answer_lines
from drafter.core.responses import count_words
from drafter.core.store import Store


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
    text = "\n\n".join(answer_lines(plan.questions[0], plan, _Flavour(markdown=False)))
    words, characters = count_words(text), len(text)
    name = f"question {question.label}" if question.label else "this question"
    over = []
    if question.word_limit is not None and words > question.word_limit:
        over.append(f"{words} words where {name} allows {question.word_limit}")
    if question.char_limit is not None and characters > question.char_limit:
        over.append(f"{characters} characters where {name} allows {question.char_limit}")
    if over:
        message = f"Over the limit: {' and '.join(over)}. The form may cut it short or refuse it."
    else:
        limits = [f"{n} {unit}" for n, unit in ((question.word_limit, "words"), (question.char_limit, "characters"))
                  if n is not None]
        allowed = f" (the limit is {' and '.join(limits)})" if limits else ""
        message = f"{words} words, {characters} characters{allowed}."
    return ClipboardAnswer(text, words, characters, bool(over), message)
