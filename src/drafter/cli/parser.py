"""The ``drafter`` command and its subcommands: one module of ``drafter.cli`` per command group.

Each group module adds its subcommands (``add_*_commands``) and holds their
handlers; ``drafter.cli.run`` calls the handler the parsed arguments name.
"""

from __future__ import annotations

import argparse

from drafter import __version__
from drafter.cli.args import Parser
from drafter.cli.backup import add_backup_commands
from drafter.cli.bundle import add_bundle_commands
from drafter.cli.export import add_export_commands
from drafter.cli.library import add_library_commands
from drafter.cli.questions import add_question_commands
from drafter.cli.quotations import add_quotation_command
from drafter.cli.responses import add_response_commands
from drafter.cli.search import add_search_command
from drafter.cli.snippets import add_snippet_commands
from drafter.cli.sources import add_source_commands
from drafter.core.paths import DATABASE_ENV_VAR, ENV_VAR


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="drafter",
        description="Draft cited responses to public consultations. "
        "Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"Drafter {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"use this data folder instead of the usual one (also: the {ENV_VAR} environment variable)",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="use the shared library on this PostgreSQL server (postgresql://USER@HOST/DATABASE) instead of "
        f"the data folder's (also: the {DATABASE_ENV_VAR} environment variable; see docs/team-server.md)",
    )
    parser.add_argument(
        "--quit-after-load",
        action="store_true",
        help="open the window, load the library, print start-up times in milliseconds and quit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    add_source_commands(commands)
    add_snippet_commands(commands)
    add_search_command(commands)
    add_library_commands(commands)
    add_response_commands(commands)
    add_question_commands(commands)
    add_quotation_command(commands)
    add_export_commands(commands)
    add_bundle_commands(commands)
    add_backup_commands(commands)
    return parser
