"""Running one command: parse, run its handler, and turn every outcome into an exit status.

Everything printed goes through ``TerminalWriter``; errors are plain words
(``drafter.cli.errors``). This module never imports Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
from typing import TextIO, cast

from drafter.cli.args import parse, shorten_long_words
from drafter.cli.errors import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    command_name,
    for_the_command_line,
    report_unexpected,
)
from drafter.cli.parser import build_parser
from drafter.core.errors import DrafterError
from drafter.core.terminal import TerminalWriter


def run(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run the command ``args`` names; every outcome is an exit status and plain words, never a traceback.

    Everything printed goes through ``TerminalWriter``, so a title holding terminal
    control characters is shown as escapes (``\\x1b``, ``\\u202e``), never acted on.
    """
    _tolerate_unencodable(out, err)
    out, err = cast(TextIO, TerminalWriter(out)), cast(TextIO, TerminalWriter(err))
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] | None = getattr(args, "handler", None)
    if handler is None:
        build_parser().print_usage(err)
        return EXIT_USAGE
    from drafter.core.store.backups import reporting_backup_problems

    try:
        with reporting_backup_problems(lambda message: print(f"drafter: {message}", file=err)):
            return handler(args, out, err)
    except DrafterError as exc:
        print(f"drafter: {shorten_long_words(for_the_command_line(exc))}", file=err)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        return EXIT_OK
    except KeyboardInterrupt:
        print("drafter: stopped.", file=err)
        return EXIT_INTERRUPTED
    except Exception as exc:
        return report_unexpected(exc, err, data_dir=getattr(args, "data_dir", None), command=command_name(args))


def parse_arguments(argv: Sequence[str] | None = None, err: TextIO | None = None) -> argparse.Namespace | int:
    """The parsed command line, or the exit status when it ends here (a usage error, --help, --version)."""
    try:
        return parse(build_parser(), argv)
    except Exception as exc:  # a bug in the parser itself: still no traceback
        return report_unexpected(exc, cast(TextIO, TerminalWriter(err or sys.stderr)), data_dir=None,
                                 command="reading the command line")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    if isinstance(args, int):
        return args
    return run(args)


def _tolerate_unencodable(*streams: TextIO) -> None:
    # A console or pipe in a legacy encoding can't show every character of a title: escape those
    # (\u…) rather than fail half way through the output.
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")
