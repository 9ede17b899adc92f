"""``drafter questions add|edit|move|remove``: change a response's questions, answers or not.

The same core operations as the window's Response menu (``drafter.core.operations.responses``),
each in one transaction. No answer is lost by any of them: questions are added after the
others (or where asked), never merged into one there; a question with an answer is removed
only when ``--discard-answer`` says so, since the command line has no Undo. Like the other
command modules, no Qt, and the core is imported inside handlers.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from drafter.cli.args import record_id, whole_number
from drafter.cli.data import opened_store as _opened
from drafter.core.errors import DrafterError, RefusedError
from drafter.core.terminal import one_line

if TYPE_CHECKING:
    from drafter.core.questions import ParsedQuestion
    from drafter.core.responses import QuestionRecord

EXIT_OK = 0
_PLACE = whole_number(1, 1_000_000, what="a place in the list (1 for the first)")
_LIMIT = whole_number(1, 1_000_000, what="a limit (a whole number, 1 or more)")
_REFERENCE = "the question's number as the consultation prints it (3, 5a), or #N for the Nth question"


class NothingToChangeError(DrafterError):
    """``questions add`` or ``edit`` was given nothing to add or change."""


def add_question_commands(subparsers: Any) -> None:
    questions = subparsers.add_parser(
        "questions", help="add, edit, move or remove a response's questions (their answers are kept)")
    actions = questions.add_subparsers(dest="questions_command", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add", help="add one question, or every question of a .txt or .docx file, after the others",
        description="Add questions to a response that may already have answers: one with --text, or all "
        "those of a file with --from. They go after the last question unless --at says where. A question "
        "whose number the response already has is refused unless --same-number-ok is given (it is then "
        "added as a second question with that number, never merged into the first).",
    )
    add.add_argument("response_id", type=record_id, metavar="RESPONSE_ID")
    source = add.add_mutually_exclusive_group()  # one of them: checked by the handler, in words
    source.add_argument("--text", metavar="QUESTION", help="the question's wording")
    source.add_argument("--from", dest="from_file", metavar="FILE", help="the questions of a .txt or .docx file")
    add.add_argument("--label", metavar="NUMBER",
                     help="with --text: its number as printed (default: one more than the highest there)")
    add.add_argument("--options", metavar="'A / B / C'", help="with --text: the options to choose from, "
                     "separated by ' / '")
    add.add_argument("--at", type=_PLACE, metavar="N", help="with --text: put it in place N (1 for the first)")
    add.add_argument("--same-number-ok", action="store_true",
                     help="add questions whose numbers the response already has")
    add.add_argument("--json", action="store_true", help="print the added questions as JSON")
    add.set_defaults(handler=questions_add)

    edit = actions.add_parser("edit", help="change a question's number, wording, options, prompt or limits")
    edit.add_argument("response_id", type=record_id, metavar="RESPONSE_ID")
    edit.add_argument("question", metavar="QUESTION", help=_REFERENCE)
    edit.add_argument("--label", metavar="NUMBER", help="its number as printed")
    edit.add_argument("--text", metavar="QUESTION", help="its wording")
    options = edit.add_mutually_exclusive_group()
    options.add_argument("--options", metavar="'A / B / C'", help="its options, separated by ' / '")
    options.add_argument("--no-options", action="store_true", help="answered in words only")
    edit.add_argument("--prompt", metavar="TEXT", help="what it asks after the options ('' for nothing)")
    edit.add_argument("--word-limit", type=_LIMIT, metavar="N")
    edit.add_argument("--char-limit", type=_LIMIT, metavar="N")
    edit.add_argument("--json", action="store_true", help="print the question as JSON")
    edit.set_defaults(handler=questions_edit)

    move = actions.add_parser("move", help="move a question, with its answer, to another place")
    move.add_argument("response_id", type=record_id, metavar="RESPONSE_ID")
    move.add_argument("question", metavar="QUESTION", help=_REFERENCE)
    move.add_argument("--to", type=_PLACE, required=True, metavar="N", help="its new place (1 for the first)")
    move.set_defaults(handler=questions_move)

    remove = actions.add_parser("remove", help="remove a question (one with an answer only with --discard-answer)")
    remove.add_argument("response_id", type=record_id, metavar="RESPONSE_ID")
    remove.add_argument("question", metavar="QUESTION", help=_REFERENCE)
    remove.add_argument("--discard-answer", action="store_true",
                        help="remove it even though it has an answer, and the answer with it")
    remove.set_defaults(handler=questions_remove)


def _options(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(" / ") if part.strip()]


def _name(question: QuestionRecord) -> str:
    return one_line(f"question {question.label}" if question.label else f"question #{question.position + 1}")


def questions_add(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.cli.responses import _dump, _get_response, _question_json, read_question_file
    from drafter.core.operations import responses as ops
    from drafter.core.questions import ParsedQuestion
    from drafter.core.responses.numbering import labels_in_use, next_label

    if args.text is None and args.from_file is None:
        raise NothingToChangeError("Nothing to add: give the question with --text, or a file of them with --from.")
    if args.from_file is not None and (args.label or args.options or args.at):
        raise NothingToChangeError("--label, --options and --at go with --text (a file's questions keep their own).")
    if args.text is not None and not args.text.strip():
        raise NothingToChangeError("The question given with --text is empty.", hint="Nothing was added.")
    parsed: list[ParsedQuestion] = (
        list(read_question_file(Path(args.from_file)).questions) if args.from_file is not None else [])
    with _opened(args) as store:
        document = _get_response(store, args.response_id)
        if args.text is not None:
            label = (args.label or "").strip() or next_label(document)
            parsed = [ParsedQuestion(label, args.text.strip(), tuple(_options(args.options)))]
        in_use = labels_in_use(document, parsed)
        if in_use and not args.same_number_ok:
            numbers = ", ".join(one_line(label) for label in in_use)
            raise RefusedError(
                f"Response {document.id} already has question{'s' if len(in_use) > 1 else ''} {numbers}. "
                "Nothing was added.",
                hint="Give --same-number-ok to add them as further questions with the same numbers.")
        if args.text is not None and args.at is not None:
            one = parsed[0]
            added = [ops.add_question(document.id, label=one.label, text=one.text,
                                      options=one.options, position=args.at - 1).run(store).value]
        else:
            added = ops.append_questions(document.id, parsed).run(store).value
        document = _get_response(store, document.id)
    if args.json:
        include = document.details.quotations_count_toward_limit
        _dump([_question_json(document.question(q.id), include) for q in added], out)
        return EXIT_OK
    for question in added:
        where = document.question(question.id).position + 1
        print(f"added {_name(question)} to response {document.id} (#{where} of {len(document.questions)})", file=out)
    for label in in_use:
        print(f"drafter: warning: response {document.id} now has more than one question {one_line(label)}.",
              file=err)
    return EXIT_OK


def questions_edit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.cli.responses import _dump, _get_response, _question_json, find_question
    from drafter.core.operations import responses as ops

    changes: dict[str, object] = {}
    if args.label is not None:
        changes["label"] = args.label
    if args.text is not None:
        changes["text"] = args.text
    if args.options is not None or args.no_options:
        changes["options"] = _options(args.options)
    if args.prompt is not None:
        changes["prompt"] = args.prompt.strip() or None
    if args.word_limit is not None:
        changes["word_limit"] = args.word_limit
    if args.char_limit is not None:
        changes["char_limit"] = args.char_limit
    if not changes:
        raise NothingToChangeError(
            "Nothing to change: give --label, --text, --options, --no-options, --prompt, --word-limit "
            "or --char-limit.")
    with _opened(args) as store:
        document = _get_response(store, args.response_id)
        question = find_question(document, args.question)
        before = question.chosen_option
        question = ops.update_question(question.id, **changes).run(store).value
        include = _get_response(store, document.id).details.quotations_count_toward_limit
    if args.json:
        _dump(_question_json(question, include), out)
        return EXIT_OK
    print(f"edited {_name(question)} of response {document.id}: {', '.join(changes)}", file=out)
    if before and not question.chosen_option:
        print(f"drafter: warning: the chosen option '{one_line(before)}' is no longer one of its options, "
              "so it was cleared.", file=err)
    return EXIT_OK


def questions_move(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.cli.responses import _get_response, find_question
    from drafter.core.operations import responses as ops

    with _opened(args) as store:
        document = _get_response(store, args.response_id)
        question = find_question(document, args.question)
        place = min(args.to, len(document.questions))
        ops.move_question(question.id, place - 1).run(store)
    print(f"moved {_name(question)} of response {document.id} to #{place} of {len(document.questions)}, "
          "with its answer", file=out)
    return EXIT_OK


def questions_remove(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.cli.responses import _get_response, _plural, find_question
    from drafter.core.operations import responses as ops

    with _opened(args) as store:
        document = _get_response(store, args.response_id)
        question = find_question(document, args.question)
        answer = _describe_answer(question)
        if answer and not args.discard_answer:
            raise RefusedError(
                f"{_name(question).capitalize()} of response {document.id} has an answer ({answer}), "
                "so it was not removed.",
                hint="Give --discard-answer to remove it and its answer; the command line has no Undo.")
        ops.delete_question(question.id).run(store)
        left = len(document.questions) - 1
    print(f"removed {_name(question)} from response {document.id}"
          + (f", and its answer ({answer})" if answer else "") + f"; {_plural(left, 'question')} left", file=out)
    return EXIT_OK


def _describe_answer(question: QuestionRecord) -> str:
    """What the answer holds, in words ("the option Agree, 2 paragraphs"); empty for no answer."""
    from drafter.cli.responses import _plural

    parts = []
    if question.chosen_option:
        parts.append(f"the option {question.chosen_option}")
    quotations = sum(b.is_quotation for b in question.blocks)
    paragraphs = sum(not b.is_quotation and bool(b.text.strip()) for b in question.blocks)
    if paragraphs:
        parts.append(_plural(paragraphs, "paragraph"))
    if quotations:
        parts.append(_plural(quotations, "quotation"))
    return one_line(", ".join(parts))
