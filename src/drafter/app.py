"""Entry points: ``drafter``, ``drafter-gui`` and ``python -m drafter``.

With no subcommand the window opens; with one, the command line runs and Qt is
never imported (so scripts start fast and work on machines with no display).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

_STARTED = time.perf_counter()


def main(argv: Sequence[str] | None = None) -> int:
    from drafter import cli

    args = cli.build_parser().parse_args(argv)
    if args.command is None:
        from drafter.ui.application import run_app

        return run_app(args, started=_STARTED)
    return cli.run(args)


def gui_main() -> None:
    """The GUI launcher (no console window on Windows); same arguments as ``drafter``."""
    sys.exit(main())
