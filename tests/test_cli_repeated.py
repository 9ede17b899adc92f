"""Issue 21: the command line keeps everything it is given, in order, or refuses plainly.

The commands and their options are read from ``drafter.cli.build_parser`` itself,
so a command added later is covered without touching this file: each option of
each command is given twice, and either both values are kept (options meant to
repeat) or the command is refused with "… given twice" (everything else).
"""

from __future__ import annotations

import argparse
import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_commands import leaf_commands
from drafter.cli import build_parser, run
from drafter.cli.args import InOrder, StoreOnce


@pytest.fixture
def store(open_library):  # type: ignore[no-untyped-def]
    """The test's library on its engine: the one the command line opens (DRAFTER_DATABASE on a server).

    The tests that use it run on SQLite and on a server library (``library_engine``); the
    parser's own tests, which open no library, run once.
    """
    return open_library()


HELP_ACTIONS = (argparse._HelpAction, argparse._VersionAction)


COMMANDS = dict(leaf_commands(build_parser()))


def value_for(action: argparse.Action, n: int) -> str:
    """A value ``action`` accepts; ``n`` picks a different one for the second use."""
    if action.choices:
        choices = list(action.choices)
        return choices[n % len(choices)]
    if getattr(action.type, "__qualname__", "") == "day":  # a date (--on)
        return f"2026-02-0{n + 1}"
    if action.type is not None:  # every other typed option of the command line is a number
        return str(n + 1)
    return f"value{n + 1}"


def required_arguments(parser: argparse.ArgumentParser, leave_out: argparse.Action | None = None) -> list[str]:
    argv: list[str] = []
    # What may not stand beside the option left out (``assign``'s NAME or --nobody) is left out too.
    rivals = {a for g in parser._mutually_exclusive_groups if leave_out in g._group_actions for a in g._group_actions}
    for action in parser._actions:
        if action is leave_out or action in rivals or isinstance(action, HELP_ACTIONS):
            continue
        if not action.option_strings:
            argv.append(value_for(action, 0))
        elif action.required:
            argv += [action.option_strings[0], value_for(action, 0)]
    return argv


def parse(argv: list[str]) -> tuple[argparse.Namespace | None, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            return build_parser().parse_args(argv), err.getvalue()
        except SystemExit as stop:
            assert stop.code == 2, err.getvalue()
            return None, err.getvalue()


def option_cases() -> Iterator[tuple[tuple[str, ...], str]]:
    for path, parser in COMMANDS.items():
        for action in parser._actions:
            if action.option_strings and not isinstance(action, HELP_ACTIONS):
                yield path, action.option_strings[-1]


def test_the_list_of_commands_is_read_from_the_parser() -> None:
    assert {("answer",), ("export",), ("search",), ("responses", "new"), ("bundle", "export"),
            ("library", "import"), ("backup", "restore")} <= set(COMMANDS)


@pytest.mark.parametrize(("path", "option"), list(option_cases()), ids=lambda v: " ".join(v) if isinstance(
    v, tuple) else v)
def test_no_repeated_option_is_dropped_silently(path: tuple[str, ...], option: str) -> None:
    parser = COMMANDS[path]
    action = next(a for a in parser._actions if option in a.option_strings)
    base = [*path, *required_arguments(parser, leave_out=action)]
    if action.nargs == 0:  # a switch (--json): given twice, it is still on; nothing is lost
        args, err = parse([*base, option, option])
        assert args is not None and err == ""
        assert getattr(args, action.dest) == action.const
    elif isinstance(action, StoreOnce):
        args, err = parse([*base, option, value_for(action, 0), option, value_for(action, 1)])
        assert args is None, f"{' '.join(path)} {option} kept one of two values without a word"
        assert err.count("\n") == 1 and "given twice" in err and "Traceback" not in err
    elif isinstance(action, argparse._AppendAction | InOrder):
        first, second = value_for(action, 0), value_for(action, 1)
        args, err = parse([*base, option, first, option, second])
        assert args is not None and err == ""
        kept = [v[1] if isinstance(action, InOrder) else v for v in getattr(args, action.dest)]
        assert [str(v) for v in kept] == [first, second]
        assert "repeat" in (action.help or ""), f"{option} repeats, and its help must say so"
    else:
        pytest.fail(f"{' '.join(path)} {option}: decide whether it may be repeated ({type(action).__name__})")


def test_the_data_folder_option_is_refused_twice(tmp_path: Path) -> None:
    args, err = parse(["--data-dir", str(tmp_path / "a"), "--data-dir", str(tmp_path / "b"), "sources", "list"])
    assert args is None and err == (
        "drafter: --data-dir given twice: give it once (see “drafter --help”)\n")


def test_the_answer_help_says_the_blocks_go_in_the_order_given() -> None:
    help_text = " ".join(COMMANDS[("answer",)].format_help().split())
    assert "in the order they are given" in help_text
    assert 'Example: drafter answer 1 3 --option Agree --text "First paragraph." --quote 12' in help_text


def drafter(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def answerable(store) -> None:  # type: ignore[no-untyped-def]
    """Response 1 with question 1 (Agree / Disagree) and snippets 1 and 2 of the stored articles."""
    from drafter.core.responses import ResponseDetails, add_question, create_response
    from drafter.core.snippets import snippet_from_quote

    response = create_response(store, ResponseDetails(consultation_title="Facial recognition"))
    assert response.id == 1
    add_question(store, 1, label="1", text="Do you agree?", options=["Agree", "Disagree"])
    assert snippet_from_quote(store, 4, "scaling up").id == 1
    assert snippet_from_quote(store, 4, "live facial recognition", occurrence=1).id == 2


def test_the_issues_example_gives_four_blocks_in_order(answerable: None) -> None:
    code, out, err = drafter("answer", "1", "1", "--option", "Agree", "--text", "First paragraph.", "--quote", "1",
                             "--text", "Second paragraph.", "--quote", "2")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        "question 1 of response 1: chose Agree; added a paragraph (block 1); added a quotation of snippet 1 "
        "(block 2); added a paragraph (block 3); added a quotation of snippet 2 (block 4)")
    code, shown, _ = drafter("responses", "show", "1")
    assert code == 0
    lines = shown.splitlines()
    numbered = [line for line in lines if line[:5].strip().rstrip(".").isdigit()]
    assert numbered == ["  1. First paragraph.", "  2. “scaling up”", "  3. Second paragraph.",
                        "  4. “live facial recognition”"]
    assert "  Chosen: Agree" in lines


def test_a_wrong_snippet_anywhere_in_the_list_adds_nothing(store, answerable: None) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.responses import get_response

    code, out, err = drafter("answer", "1", "1", "--text", "Kept?", "--quote", "1", "--quote", "99")
    assert code == 1 and out == "" and "no snippet with id 99" in err
    code, out, err = drafter("answer", "1", "1", "--text", "One", "--text", "  ", "--quote", "1")
    assert code == 1 and err.startswith("drafter: The 2nd paragraph given with --text is empty.")
    assert get_response(store, 1).questions[0].blocks == ()
