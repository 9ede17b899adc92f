"""``drafter responses …`` and ``drafter answer …``: responses on the command line.

``add_response_commands`` is called by ``drafter.cli.build_parser`` with its
subparsers. Handlers take ``(args, out, err)`` and return the exit status; a
DrafterError propagates to ``drafter.cli.run``, which prints it plainly and
exits 1. Like ``drafter.cli``, this module never imports Qt, and it imports the
core only inside handlers so ``drafter --help`` stays quick.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from drafter.cli.args import InOrder, day, record_id
from drafter.cli.data import opened_store as _opened
from drafter.core.errors import DrafterError, NotFoundError
from drafter.core.terminal import one_line
from drafter.core.wording import UNTITLED, counted

if TYPE_CHECKING:
    from drafter.core.questions import ParsedQuestionSet
    from drafter.core.responses import BlockRecord, QuestionRecord, ResponseDocument
    from drafter.core.store import Store

EXIT_OK = 0


class MissingTitleError(DrafterError):
    """``responses new`` was given neither a title nor a preset to take one from."""


class UnknownQuestionError(NotFoundError):
    """No question of the response has the label (or position) the user gave."""


class AmbiguousQuestionError(DrafterError):
    """Several questions of the response carry the label the user gave."""


class NothingToAnswerError(DrafterError):
    """``answer`` was given no option, paragraph or quotation to add."""


# --- the parser ---------------------------------------------------------------------------


def add_response_commands(subparsers: Any) -> None:
    """Add ``responses new|list|show`` and ``answer`` to the ``drafter`` command."""
    responses = subparsers.add_parser("responses", help="responses to consultations")
    actions = responses.add_subparsers(dest="responses_command", metavar="ACTION", required=True)

    new = actions.add_parser("new", help="start a response, with its questions from a file or a preset")
    new.add_argument("--title", help="the consultation's title (taken from the preset if --template is given)")
    new.add_argument("--questions", metavar="FILE", help="read the questions from a .txt or .docx file")
    new.add_argument(
        "--template", metavar="NAME",
        help="fill in the consultation's details from a preset, e.g. homeoffice-frt-2025 (never its questions)",
    )
    new.add_argument("--organisation", metavar="ORG", help="the organisation responding")
    new.add_argument("--deadline", type=day, metavar="DATE",
                     help="when the consultation closes, e.g. 2026-02-12 or '12 Feb 2026' (read in your locale)")
    new.add_argument("--json", action="store_true", help="print the new response as JSON")
    new.set_defaults(handler=responses_new)

    listing = actions.add_parser("list", help="list responses, most recently changed first")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=responses_list)

    show = actions.add_parser("show", help="print a response: details, questions, options and answers")
    show.add_argument("response_id", type=record_id, metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=responses_show)

    answer = subparsers.add_parser(
        "answer", help="choose an option and/or add paragraphs and quotations to one question's answer",
        description="Choose an option and/or add paragraphs and quotations at the end of one question's "
        "answer. --text and --quote may each be given any number of times: the blocks are added in the "
        "order they are given on the command line.",
        epilog='Example: drafter answer 1 3 --option Agree --text "First paragraph." --quote 12 '
        '--text "Second paragraph." --quote 15 adds a paragraph, a quotation of snippet 12, '
        "a paragraph and a quotation of snippet 15, in that order.",
    )
    answer.add_argument("response_id", type=record_id, metavar="RESPONSE_ID")
    answer.add_argument(
        "question", metavar="QUESTION",
        help="the question's number as the consultation prints it (3, 5a), or #N for the Nth question",
    )
    answer.add_argument("--option", metavar="TEXT", help="the chosen option, e.g. Disagree (any capitalisation)")
    answer.add_argument(
        "--text", action=InOrder, kind="text", dest="additions", metavar="PARAGRAPH",
        help="a paragraph to add at the end of the answer; repeat for more, mixed with --quote in any order",
    )
    answer.add_argument(
        "--quote", action=InOrder, kind="quote", dest="additions", type=record_id, metavar="SNIPPET_ID",
        help="a snippet to quote at the end of the answer; repeat for more, mixed with --text in any order",
    )
    answer.add_argument("--json", action="store_true", help="print the question and its answer as JSON")
    answer.set_defaults(handler=answer_question)

    recommend = subparsers.add_parser(
        "recommend", help="mark a paragraph of an answer as one of the response's recommendations",
        description="Mark one of your paragraphs as a recommendation: the export gathers them, in order, into a "
        "numbered summary after the introduction. `drafter responses show ID --json` gives each block's id "
        "(so does `drafter answer` when it adds one).",
    )
    recommend.add_argument("block_id", type=record_id, metavar="BLOCK_ID")
    recommend.add_argument("--off", action="store_true", help="no longer a recommendation")
    recommend.set_defaults(handler=recommend_block)




def _dump(data: object, out: TextIO) -> None:
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


# --- responses new ------------------------------------------------------------------------


def read_question_file(path: Path) -> ParsedQuestionSet:
    """The questions of a .txt or .docx file, for storing; every failure is a QuestionFileError."""
    from drafter.core.questions.files import read_questions_file

    return read_questions_file(path).parsed


def responses_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.operations import responses as ops
    from drafter.core.responses import ResponseDetails, get_response
    from drafter.core.responses.presets import find_preset

    # Everything that can fail is checked before anything is stored.
    preset = find_preset(args.template) if args.template else None
    if not (args.title or "").strip() and preset is None:
        raise MissingTitleError(
            "A new response needs the consultation's title: give --title, "
            "or --template NAME to take it from a preset."
        )
    parsed = read_question_file(Path(args.questions)) if args.questions else None
    details: dict[str, Any] = {"organisation": args.organisation}
    if (args.title or "").strip():  # a preset's own title stands unless another is given
        details["consultation_title"] = args.title
    if args.deadline is not None:  # else a preset's own deadline stands
        details["deadline"] = args.deadline.isoformat()
    with _opened(args) as store:
        with store.transaction():  # the response and its questions, or nothing
            if preset is not None:
                response = ops.new_response_from_preset(preset.key, **details).run(store).value
            else:
                response = ops.create_response(ResponseDetails(**details)).run(store).value
            if parsed is not None:
                response = ops.replace_questions(response.id, parsed.questions).run(store).value
        response = get_response(store, response.id)

    warnings = list(parsed.warnings) if parsed is not None else []
    notes = list(parsed.notes) if parsed is not None else []
    if preset is not None and parsed is None:
        count = f"its {counted(preset.questions, 'question')}" if preset.questions else "its questions"
        notes.append(
            f"The preset fills in the consultation's details but not {count}: copy them from the "
            "consultation document and paste them in Drafter (or save them as a .txt file and give it "
            "with --questions FILE alongside --template)."
        )
    elif preset is not None and preset.questions and len(response.questions) != preset.questions:
        notes.append(
            f"The consultation has {counted(preset.questions, 'question')} but {len(response.questions)} "
            f"{'was' if len(response.questions) == 1 else 'were'} read "
            f"from {Path(args.questions).name}: check that none is missing or split in two."
        )
    if args.json:
        _dump({**_document_json(response), "warnings": warnings, "notes": notes}, out)
        return EXIT_OK
    print(
        f"created response {response.id}: {one_line(response.details.consultation_title)} "
        f"({_plural(len(response.questions), 'question')})",
        file=out,
    )
    for warning in warnings:
        print(f"  warning: {warning}", file=out)
    for note in notes:
        print(f"  note: {note}", file=out)
    return EXIT_OK


# --- responses list / show ----------------------------------------------------------------


def responses_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.dates import display_iso
    from drafter.core.responses import list_responses

    with _opened(args) as store:
        summaries = list_responses(store)
    if args.json:
        _dump([asdict(s) for s in summaries], out)
        return EXIT_OK
    if not summaries:
        print("No responses yet. Start one with: drafter responses new --title TITLE", file=out)
        return EXIT_OK
    rows = [
        (str(s.id), display_iso(s.deadline, unknown="no deadline"), str(s.questions),
         one_line(s.consultation_title + (f" ({s.organisation})" if s.organisation else "")))
        for s in summaries
    ]
    header = ("ID", "DEADLINE", "QUESTIONS", "TITLE")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        print(f"{row[0]:>{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}", file=out)
    return EXIT_OK


def responses_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with _opened(args) as store:
        response = _get_response(store, args.response_id)
    if args.json:
        _dump(_document_json(response), out)
    else:
        _print_document(response, out)
    return EXIT_OK


def _get_response(store: Store, response_id: int) -> ResponseDocument:
    from drafter.core.responses import get_response

    try:
        return get_response(store, response_id)
    except NotFoundError as exc:
        raise NotFoundError(exc.message, hint="`drafter responses list` shows the responses there are.") from exc


def _print_document(response: ResponseDocument, out: TextIO) -> None:
    d = response.details
    publish = {True: "yes", False: "no", None: "not decided"}[d.may_publish]
    print(f"Response {response.id}: {one_line(d.consultation_title)}", file=out)
    for label, value in (
        ("Consulting body", d.consulting_body or "(not given)"),
        ("Deadline", _deadline(d.deadline)),
        ("Submit to", d.submit_to or "(not given)"),
        ("Organisation", d.organisation or "(not given)"),
        ("Contact", d.contact or "(not given)"),
        ("May be published", publish),
        ("Citation style", d.citation_style),
        ("Quotations count toward limits", "yes" if d.quotations_count_toward_limit else "no"),
    ):
        print(f"  {label}: {one_line(value)}", file=out)
    if d.introduction.strip():
        print("  Introduction:", file=out)
        print(_indent(d.introduction.strip(), "    "), file=out)
    if not response.questions:
        print("\nNo questions yet.", file=out)
    section: str | None = None
    for question in response.questions:
        if question.section and question.section != section:
            print(f"\n== {one_line(question.section)} ==", file=out)
        section = question.section
        print(file=out)
        _print_question(question, d.quotations_count_toward_limit, out)


def _deadline(deadline: str | None) -> str:
    """The deadline and the days left, counted from the local date ("Closes 12 February 2026 — 9 days left")."""
    from drafter.core.dates import describe_deadline, display_iso

    try:
        return describe_deadline(deadline) if deadline else "(not given)"
    except ValueError:  # not a full date (a response file from elsewhere): as it is
        return display_iso(deadline)


def _print_question(question: QuestionRecord, include_quotations: bool, out: TextIO) -> None:
    from drafter.core.responses import count_answer

    label = f"Question {one_line(question.label)}" if question.label else f"Question #{question.position + 1}"
    print(f"{label}: {question.text}", file=out)
    if question.options:
        print(f"  Options: {one_line(' / '.join(question.options))}", file=out)
        print(f"  Chosen: {one_line(question.chosen_option or '(none yet)')}", file=out)
    if question.prompt:
        print(f"  {question.prompt}", file=out)
    if question.confidential:
        print("  Confidential: not for publication", file=out)
    if not question.blocks:
        print("  (no answer yet)", file=out)
    for number, block in enumerate(question.blocks, start=1):
        marker = "[Recommendation] " if block.recommendation else ""
        print(_indent(marker + _block_text(block), "     ", first=f"  {number}. "), file=out)
    count = count_answer(question, include_quotations=include_quotations)
    warning = " (over the limit)" if count.over_limit else ""
    print(f"  [{count.describe()}{warning}]", file=out)


def _block_text(block: BlockRecord) -> str:
    if not block.is_quotation:
        return block.text
    lead = f"{block.text.strip()}\n" if block.text.strip() else ""
    snippet = block.snippet
    if snippet is None:  # only if the snippet vanished under us; say so rather than guess
        return f"{lead}[quotation of snippet {block.snippet_id}, which is missing]"
    source = snippet.source_title or UNTITLED
    page = f", page {snippet.page_label}" if snippet.page_label else ""
    pinpoint = f", cited at {block.pinpoint}" if block.pinpoint else ""
    shortened = " (shortened)" if block.shortened is not None else ""
    return (f"{lead}“{block.quoted_text}”{shortened}\n— snippet {snippet.id}, "
            f"from source {snippet.source_id}: {source}{page}{pinpoint} (block {block.id})")


def _indent(text: str, prefix: str, *, first: str | None = None) -> str:
    lines = text.splitlines() or [""]
    return "\n".join((first if i == 0 and first is not None else prefix) + line for i, line in enumerate(lines))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _document_json(response: ResponseDocument) -> dict[str, object]:
    include = response.details.quotations_count_toward_limit
    return {
        "id": response.id,
        **asdict(response.details),
        "created_at": response.created_at,
        "updated_at": response.updated_at,
        "questions": [_question_json(q, include) for q in response.questions],
    }


def _question_json(question: QuestionRecord, include_quotations: bool) -> dict[str, object]:
    from drafter.core.responses import count_answer

    count = count_answer(question, include_quotations=include_quotations)
    return {
        "id": question.id,
        "position": question.position,
        "label": question.label,
        "text": question.text,
        "section": question.section,
        "options": list(question.options),
        "prompt": question.prompt,
        "chosen_option": question.chosen_option,
        "word_limit": question.word_limit,
        "char_limit": question.char_limit,
        "confidential": question.confidential,
        "count": {"words": count.words, "characters": count.characters, "over_limit": count.over_limit},
        "blocks": [
            {
                "id": b.id,
                "position": b.position,
                "kind": b.kind,
                "text": b.text,
                "recommendation": b.recommendation,
                "shortened": b.shortened,
                "pinpoint": b.pinpoint,
                "snippet": None if b.snippet is None else {
                    "id": b.snippet.id, "text": b.snippet.text, "source_id": b.snippet.source_id,
                    "source_title": b.snippet.source_title, "page": b.snippet.page_label,
                },
            }
            for b in question.blocks
        ],
    }


# --- answer -------------------------------------------------------------------------------


def normalise_label(label: str) -> str:
    """A label as typed or printed, reduced to compare: 'Q5(a)', 'question 5a:', '5A.' -> '5a'."""
    from drafter.core.responses.numbering import label_key

    return label_key(label)


def find_question(response: ResponseDocument, reference: str) -> QuestionRecord:
    """The question ``reference`` names: its printed number ('3', 'Q5a'), or '#N' for the Nth."""
    questions = response.questions
    if not questions:
        raise UnknownQuestionError(f"Response {response.id} has no questions yet.")
    reference = reference.strip()
    if reference.startswith("#"):
        number = reference[1:].strip()
        # isdecimal, not isdigit: int() can't read "²"; and a number longer than 18 digits is out of range anyway.
        if not number.isdecimal() or len(number) > 18 or not 1 <= int(number) <= len(questions):
            raise UnknownQuestionError(
                f"Response {response.id} has {_plural(len(questions), 'question')}, "
                f"so '{reference}' must be #1 to #{len(questions)}."
            )
        return questions[int(number) - 1]
    wanted = normalise_label(reference)
    matches = [q for q in questions if q.label and normalise_label(q.label) == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        places = " or ".join(f"#{q.position + 1}" for q in matches)
        raise AmbiguousQuestionError(
            f"Response {response.id} has {len(matches)} questions numbered {reference}. "
            f"Say which by its position: {places}."
        )
    labels = [q.label for q in questions if q.label]
    shown = ", ".join(labels[:30]) + (" …" if len(labels) > 30 else "")
    raise UnknownQuestionError(
        f"Response {response.id} has no question {reference}."
        + (f" Its questions are numbered: {shown}." if labels else ""),
        hint="Use #N for the Nth question.",
    )


def answer_question(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.operations import responses as ops
    from drafter.core.responses import count_answer, get_response
    from drafter.core.snippets import get_snippet

    additions: list[tuple[str, Any]] = args.additions or []
    if args.option is None and not additions:
        raise NothingToAnswerError("Nothing to add: give --option, --text and/or --quote.")
    texts = [value for kind, value in additions if kind == "text"]
    for number, text in enumerate(texts, start=1):
        if not text.strip():
            which = "paragraph" if len(texts) == 1 else f"{_ordinal(number)} paragraph"
            raise NothingToAnswerError(f"The {which} given with --text is empty.", hint="Nothing was added.")
    with _opened(args) as store:
        response = _get_response(store, args.response_id)
        question = find_question(response, args.question)
        # Check every snippet before changing anything, so a wrong id leaves the answer as it was;
        # a wrong option is refused by set_chosen_option before it changes anything either.
        for snippet_id in dict.fromkeys(value for kind, value in additions if kind == "quote"):
            try:
                get_snippet(store, snippet_id)
            except NotFoundError as exc:
                raise NotFoundError(exc.message, hint="`drafter snippets list` shows the snippets there are.") from exc
        done: list[str] = []
        with store.transaction():  # the whole command or nothing, its blocks together and in order
            if args.option is not None:
                chosen = ops.set_chosen_option(question.id, args.option).run(store).value.chosen_option
                done.append(f"chose {chosen}")
            for kind, value in additions:
                if kind == "text":
                    block = ops.add_block(question.id, text=value.strip()).run(store).value
                    done.append(f"added a paragraph (block {block.id})")
                else:
                    block = ops.add_block(question.id, kind="quotation", snippet_id=value).run(store).value
                    done.append(f"added a quotation of snippet {value} (block {block.id})")
        response = get_response(store, response.id)
    question = response.question(question.id)
    include = response.details.quotations_count_toward_limit
    if args.json:
        _dump(_question_json(question, include), out)
        return EXIT_OK
    count = count_answer(question, include_quotations=include)
    # The label alone, unless it doesn't name this question by itself.
    shared = sum(q.label == question.label for q in response.questions) > 1
    name = f"{question.label} (#{question.position + 1})" if shared else question.label or f"#{question.position + 1}"
    name = one_line(name)
    print(f"question {name} of response {response.id}: {'; '.join(done)}", file=out)
    print(f"  answer now: {_plural(len(question.blocks), 'block')}, {count.describe()}", file=out)
    if count.over_limit:
        print(f"drafter: warning: the answer to question {name} is over its limit ({count.describe()}).", file=err)
    return EXIT_OK


# --- recommend ----------------------------------------------------------------------------


def recommend_block(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.operations import responses as ops

    with _opened(args) as store:
        block = ops.set_recommendation(args.block_id, not args.off).run(store).value
    said = "is no longer a recommendation" if args.off else "is now a recommendation"
    print(f"block {block.id} {said}: {one_line(' '.join(block.text.split())[:70])}", file=out)
    return EXIT_OK
