"""Drafter's command line, over the same core as the window.

``drafter`` with no subcommand opens the app; with one it runs here, prints
results on stdout (``--json`` for scripts) and plain-language errors on stderr
with a non-zero exit status. This module never imports Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from drafter import __version__
from drafter.core.errors import DrafterError
from drafter.core.paths import ENV_VAR, resolve_data_dir

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
        "--quit-after-load",
        action="store_true",
        help="open the window, load the library, print start-up times in milliseconds and quit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    sources = commands.add_parser("sources", help="the library of sources")
    sources_cmd = sources.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    listing = sources_cmd.add_parser("list", help="list every source: id, date, publisher, title")
    listing.add_argument("--json", action="store_true", help="print JSON with every citation fact")
    listing.set_defaults(handler=_sources_list)
    return parser


def run(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    handler: Callable[[argparse.Namespace, TextIO], int] | None = getattr(args, "handler", None)
    if handler is None:
        build_parser().print_usage(err)
        return EXIT_USAGE
    try:
        return handler(args, out)
    except DrafterError as exc:
        print(f"drafter: {exc}", file=err)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run(args)


def _open_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from drafter.core.store import Store

    return Store.open(resolve_data_dir(args.data_dir))


def _sources_list(args: argparse.Namespace, out: TextIO) -> int:
    from drafter.core.dates import display_iso
    from drafter.core.library import list_source_facts

    store = _open_store(args)
    try:
        records = list_source_facts(store)
    finally:
        store.close()
    if args.json:
        json.dump([r.facts() for r in records], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    rows = [
        (str(r.id), display_iso(r.date, unknown="date unknown"), r.publisher or "publisher unknown",
         r.display_title)
        for r in records
    ]
    if not rows:
        print("The library is empty.", file=out)
        return EXIT_OK
    widths = [max(len(row[i]) for row in rows + [("ID", "DATE", "PUBLISHER", "TITLE")]) for i in range(3)]
    header = ("ID", "DATE", "PUBLISHER", "TITLE")
    for row in [header, *rows]:
        print(f"{row[0]:>{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}", file=out)
    return EXIT_OK
