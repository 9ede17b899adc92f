"""Entry points: ``drafter``, ``drafter-gui`` and ``python -m drafter``.

With no subcommand the window opens; with one, the command line runs and Qt is
never imported (so scripts start fast and work on machines with no display).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from types import SimpleNamespace

_STARTED = time.perf_counter()


def window_arguments(argv: Sequence[str]) -> SimpleNamespace | None:
    """The options, if they only open the window; None for anything else (a command, --help…).

    Building the whole command-line parser imports every command's module, a
    fifth of the window's start-up; the window needs two options, so they are
    read here and everything else goes to the real parser (tests keep the two agreeing).
    """
    data_dir: str | None = None
    quit_after_load = False
    rest = list(argv)
    while rest:
        option = rest.pop(0)
        if option == "--quit-after-load":
            quit_after_load = True
        elif option == "--data-dir" and rest and not rest[0].startswith("-"):
            data_dir = rest.pop(0)
        elif option.startswith("--data-dir=") and len(option) > len("--data-dir="):
            data_dir = option.split("=", 1)[1]
        else:
            return None
    return SimpleNamespace(command=None, data_dir=data_dir, quit_after_load=quit_after_load)


def _window_cannot_start() -> bool:
    """On Linux, say which system libraries Qt lacks (and how to install them) instead of letting Qt abort."""
    from drafter.desktop_libraries import check_before_window

    return check_before_window() != 0


def main(argv: Sequence[str] | None = None) -> int:
    quick = window_arguments(sys.argv[1:] if argv is None else argv)
    if quick is not None:
        if _window_cannot_start():
            return 1
        from drafter.ui.application import run_app

        return run_app(quick, started=_STARTED)  # type: ignore[arg-type]
    from drafter import cli

    args = cli.parse_arguments(argv)
    if isinstance(args, int):  # a usage error, --help or --version: already answered
        return args
    if args.command is None:
        if _window_cannot_start():
            return 1
        from drafter.ui.application import run_app

        return run_app(args, started=_STARTED)
    return cli.run(args)


def gui_main() -> None:
    """The GUI launcher (no console window on Windows); same arguments as ``drafter``."""
    sys.exit(main())
