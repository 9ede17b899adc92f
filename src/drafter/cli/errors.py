"""How the command line ends: exit statuses, plain-language errors and the problem log.

Every outcome of a command is an exit status and plain words on stderr, never a
traceback: a ``DrafterError`` is its message (``for_the_command_line``); anything
unexpected is a report in the problem log and one line saying where it is.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from drafter.core.errors import DrafterError
from drafter.core.paths import resolve_data_dir

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 70  # a bug: the details are in the problem log (70 is EX_SOFTWARE of sysexits.h)
EXIT_INTERRUPTED = 130


def report_unexpected(exc: BaseException, err: TextIO, *, data_dir: str | None, command: str) -> int:
    """Write ``exc``'s details to the problem log and one plain line (and where the log is) to ``err``."""
    from drafter.core.errorlog import write_report

    try:
        folder: Path | None = resolve_data_dir(data_dir)
    except Exception:  # the data folder can't be worked out: the log goes to the temporary folder
        folder = None
    report = write_report(exc, folder, context=command)
    try:
        print("drafter: Something went wrong that Drafter did not expect, and the command stopped.", file=err)
        if report is None:
            print("  The details could not be saved: neither the data folder nor the temporary folder "
                  "can be written.", file=err)
        elif report.fallback:
            print(f"  The data folder can't be written, so the details are in the temporary folder: {report.path}",
                  file=err)
        else:
            print(f"  The details are in {report.path} (send it to whoever supports Drafter).", file=err)
    except OSError:  # stderr itself is gone: the exit status still says it failed
        pass
    return EXIT_UNEXPECTED


def for_the_command_line(exc: DrafterError) -> str:
    """The error's words, with what is true on the command line where the core speaks of the window."""
    from drafter.core.store import DatabaseIOError, SaveFailedError

    # A full disk: the core's hint speaks of the window (the text kept in it, saving retried); here neither
    # is true. A removed journal's advice (close and reopen the window) is as true here, so it stays.
    if isinstance(exc, SaveFailedError) and not isinstance(exc, DatabaseIOError):
        return (f"{exc.message}\nEach change is saved whole or not at all. Free some space or make the "
                "folder writable, then run the command again.")
    return str(exc)


def command_name(args: argparse.Namespace) -> str:
    """ "drafter responses new" and the like: the command, never its arguments (they may be private text)."""
    words = ["drafter", str(getattr(args, "command", "") or "")]
    words += [str(value) for key, value in vars(args).items() if key.endswith("_command") and value]
    return " ".join(word for word in words if word)
