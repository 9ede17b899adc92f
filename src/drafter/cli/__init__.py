"""Drafter's command line, over the same core as the window.

``drafter`` with no subcommand opens the app; with one it runs here, prints
results on stdout (``--json`` for scripts) and plain-language errors on stderr
with a non-zero exit status. One module per command group (``sources``,
``snippets``, ``search``, ``library``, ``responses``, ``export``, ``bundle``,
``backup``); ``parser`` puts them together, ``main`` runs one, ``errors`` says
how it ended. This package never imports Qt.
"""

from __future__ import annotations

from drafter.cli.errors import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNEXPECTED,
    EXIT_USAGE,
    report_unexpected,
)
from drafter.cli.main import main, parse_arguments, run
from drafter.cli.parser import build_parser
from drafter.cli.search import MAX_SEARCH_LIMIT

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_UNEXPECTED",
    "EXIT_USAGE",
    "MAX_SEARCH_LIMIT",
    "build_parser",
    "main",
    "parse_arguments",
    "report_unexpected",
    "run",
]
