"""How the command line reads its arguments: nothing given is dropped, every number is checked.

- ``Parser`` is the ``argparse.ArgumentParser`` of every ``drafter`` command and
  subcommand. An option that takes one value (``--style NAME``) is refused when
  given twice ("--style given twice") instead of argparse's habit of keeping the
  last; an option meant to repeat says so (``action="append"``, or ``InOrder``).
  Usage errors are one plain line on stderr, exit status 2.
- ``InOrder`` collects several options into one list in the order they were
  typed, so ``drafter answer … --text A --quote 1 --text B`` adds A, the
  quotation, then B.
- ``record_id`` and ``whole_number`` are the types of every number: an id is a
  whole number from 1 to the largest the database can hold, and a count has its
  own range; anything else is a usage error, never an ``OverflowError`` later.

Like ``drafter.cli``, no Qt here; and nothing of the core but the text and date helpers.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NoReturn

from drafter.core.terminal import one_line

#: The largest id SQLite can store (a signed 64-bit integer).
MAX_ID = 2**63 - 1
_NUMBER = re.compile(r"\s*([+-]?)(\d+)\s*")
_GIVEN = "_drafter_given"  # on the namespace: the options already given once


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose single-value options refuse to be given twice, with plain errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Options with no action named, or action="store", take one value: given once only.
        self.register("action", None, StoreOnce)
        self.register("action", "store", StoreOnce)

    def error(self, message: str) -> NoReturn:
        """One line on stderr: what is wrong, and where the help is; exit status 2."""
        message = re.sub(r"^argument ([^:]+): ", r"\1: ", message)
        self.exit(2, f"{self.prog}: {one_line(shorten_long_words(message))} (see “{self.prog} --help”)\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, rest = super().parse_known_args(args, namespace)
        if hasattr(parsed, _GIVEN):
            delattr(parsed, _GIVEN)
        return parsed, rest


class StoreOnce(argparse._StoreAction):
    """``store``, but a second value for the same option is an error, not a silent replacement."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
        option_string: str | None = None,
    ) -> None:
        given: set[str] = namespace.__dict__.setdefault(_GIVEN, set())
        if self.option_strings and self.dest in given:
            parser.error(f"{'/'.join(self.option_strings)} given twice: give it once")
        given.add(self.dest)
        super().__call__(parser, namespace, values, option_string)


class InOrder(argparse.Action):
    """Appends ``(kind, value)`` to the list at ``dest``, which several options share, in typed order."""

    def __init__(self, option_strings: Sequence[str], dest: str, *, kind: str, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(option_strings, dest, **kwargs)

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
        option_string: str | None = None,
    ) -> None:
        # A new list each time: the default (None) is shared between parses, a list would be too.
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest, None) or []), (self.kind, values)])


def whole_number(
    lowest: int, highest: int, *, what: str = "a whole number", too_large: str | None = None
) -> Callable[[str], int]:
    """An argparse type: ``text`` as an int from ``lowest`` to ``highest``, else a plain usage error."""

    def convert(text: str) -> int:
        shown = one_line(text if len(text) <= 30 else text[:29] + "…")
        match = _NUMBER.fullmatch(text)
        if match is None:
            raise argparse.ArgumentTypeError(f"expects {what}, not “{shown}”")
        sign, digits = match.groups()
        digits = digits.lstrip("0") or "0"
        if len(digits) > len(str(max(abs(lowest), highest))):  # never int() of a thousand digits
            number = lowest - 1 if sign == "-" else highest + 1
        else:
            number = int(sign + digits)
        if number < lowest:
            raise argparse.ArgumentTypeError(f"must be {lowest} or more, not {shown}")
        if number > highest:
            raise argparse.ArgumentTypeError(
                f"“{shown}” is too large: at most {highest:,}" if too_large is None else f"“{shown}” {too_large}"
            )
        return number

    convert.__name__ = what  # argparse names the type in some messages
    return convert


#: The type of every id on the command line: sources, snippets, responses.
record_id = whole_number(1, MAX_ID, what="an id (a whole number, 1 or more)", too_large="is too large to be an id")


def shorten_long_words(text: str, longest: int = 200) -> str:
    """``text`` with any run of more than ``longest`` characters without a space cut in the middle.

    A message quotes what was typed ("There is no preset called '…'"); a value of a
    hundred thousand characters must not make the message itself that long.
    """
    keep = longest // 2
    return re.sub(rf"\S{{{longest + 1},}}", lambda m: f"{m.group()[:keep]}…{m.group()[-keep // 2:]}", text)


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace | int:
    """``parser.parse_args(argv)``, or the exit status when argparse stopped (usage error, --help)."""
    try:
        return parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)


def day(text: str) -> date:
    """A whole day as people write it (``--on 2026-02-04``, ``--on "4 Feb 2026"``); else a usage error.

    Read by the core (``drafter.core.dates.read_date``) with the user's locale from the
    environment (LC_ALL, LC_TIME, LANG), so ``04/02/2026`` is 4 February in the UK and
    2 April in the US; the day read is what the command then reports.
    """
    from drafter.core.dates import DateReadError, read_date

    try:
        read = read_date(text, full=True)
    except DateReadError as exc:
        raise argparse.ArgumentTypeError(shorten_long_words(str(exc))) from None
    assert read.month is not None and read.day is not None
    return date(read.year, read.month, read.day)
