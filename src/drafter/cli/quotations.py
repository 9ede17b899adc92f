"""``drafter quotation BLOCK_ID``: shorten a quotation in an answer, or set its pinpoint.

Handlers take ``(args, out, err)`` and return the exit status (see ``drafter.cli.run``).
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from drafter.cli.args import record_id
from drafter.cli.data import opened_store
from drafter.cli.errors import EXIT_OK
from drafter.core.errors import DrafterError


class NothingToChangeError(DrafterError):
    """``quotation`` was given nothing to change."""


def add_quotation_command(commands: Any) -> None:
    """Add ``quotation`` to the ``drafter`` command."""
    quotation = commands.add_parser(
        "quotation", help="shorten a quotation in an answer, or set the pinpoint its citation gives",
        description="Change how one quotation of an answer is printed. The snippet stays the exact passage "
        "of the source; --shorten gives the quotation as it should be printed, with … (or ...) where words "
        "are left out and [square brackets] around words you put in. Every piece is checked against the "
        "snippet, in order. Find a quotation's block number with: drafter responses show RESPONSE_ID.",
        epilog='Example: drafter quotation 7 --shorten "the technology … is very responsibly used" '
        '--pinpoint "para 3"',
    )
    quotation.add_argument("block_id", type=record_id, metavar="BLOCK_ID")
    shorten = quotation.add_mutually_exclusive_group()
    shorten.add_argument("--shorten", metavar="TEXT", help="the quotation as printed, with … for omissions")
    shorten.add_argument("--whole", action="store_true", help="quote the whole snippet again")
    pinpoint = quotation.add_mutually_exclusive_group()
    pinpoint.add_argument("--pinpoint", metavar="WHERE",
                          help="where the citation points: 'p 12', 'para 3', '[3]', 's 64'")
    pinpoint.add_argument("--derived-pinpoint", action="store_true",
                          help="let Drafter give the pinpoint from where the snippet stands again")
    quotation.add_argument("--json", action="store_true", help="print the quotation as JSON")
    quotation.set_defaults(handler=quotation_command)


def quotation_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.operations import responses as ops
    from drafter.core.operations.base import sequence
    from drafter.core.responses.quotations import get_block

    steps = []
    if args.shorten is not None or args.whole:
        steps.append(ops.shorten_quotation(args.block_id, None if args.whole else args.shorten))
    if args.pinpoint is not None or args.derived_pinpoint:
        steps.append(ops.set_pinpoint(args.block_id, None if args.derived_pinpoint else args.pinpoint))
    if not steps:
        raise NothingToChangeError("Nothing to change: give --shorten TEXT or --whole, "
                                   "and/or --pinpoint WHERE or --derived-pinpoint.")
    with opened_store(args) as store:
        sequence("Change Quotation", *steps).run(store)  # both or neither
        block = get_block(store, args.block_id)
    if args.json:
        json.dump({"id": block.id, "shortened": block.shortened, "pinpoint": block.pinpoint,
                   "printed": block.quoted_text}, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    print(f"block {block.id}: “{block.quoted_text}”", file=out)
    print(f"  {'shortened' if block.shortened is not None else 'the whole snippet'}; "
          f"pinpoint: {block.pinpoint or 'from where the snippet stands'}", file=out)
    return EXIT_OK

