"""``drafter snippets add|list``: quoted passages of sources on the command line.

Handlers take ``(args, out, err)`` and return the exit status (see ``drafter.cli.run``).
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from drafter.cli.args import MAX_ID, record_id, whole_number
from drafter.cli.data import open_store as _open_store
from drafter.cli.errors import EXIT_OK
from drafter.core.terminal import one_line


def add_snippet_commands(commands: Any) -> None:
    """Add ``snippets add|list`` to the ``drafter`` command."""
    snippets = commands.add_parser("snippets", help="quoted passages of sources")
    snippets_cmd = snippets.add_subparsers(dest="snippets_command", metavar="ACTION", required=True)
    s_add = snippets_cmd.add_parser("add", help="make a snippet by quoting a source exactly")
    s_add.add_argument("source_id", type=record_id, metavar="SOURCE_ID")
    s_add.add_argument("--quote", required=True, help="the exact words, as they stand in the source")
    s_add.add_argument("--occurrence", type=whole_number(1, MAX_ID), metavar="N",
                       help="which place, when the words occur more than once")
    s_add.add_argument("--note", default="")
    s_add.add_argument("--tag", action="append", default=[], dest="tags",
                       help="a tag; repeat the option for more tags (--tag LFR --tag oversight)")
    s_add.add_argument("--json", action="store_true")
    s_add.set_defaults(handler=_snippets_add)
    s_list = snippets_cmd.add_parser("list", help="list snippets")
    s_list.add_argument("--source", type=record_id, metavar="ID", help="only this source's snippets")
    s_list.add_argument("--json", action="store_true")
    s_list.set_defaults(handler=_snippets_list)


def _snippets_add(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.operations import library as lib_ops

    store = _open_store(args)
    try:
        snippet = lib_ops.snippet_from_quote(
            args.source_id, args.quote, occurrence=args.occurrence, note=args.note, tags=args.tags
        ).run(store).value
    finally:
        store.close()
    if args.json:
        json.dump(snippet.as_dict(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        print(f"snippet {snippet.id}: source {snippet.source_id}, characters {snippet.start}–{snippet.end}", file=out)
    return EXIT_OK


def _snippets_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.snippets import list_snippets

    store = _open_store(args)
    try:
        snippets = list_snippets(store, source_id=args.source)
    finally:
        store.close()
    if args.json:
        json.dump([s.as_dict() for s in snippets], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if not snippets:
        print("No snippets yet.", file=out)
    for s in snippets:
        text = s.text if len(s.text) <= 70 else s.text[:69] + "…"
        tags = f" [{one_line(', '.join(s.tags))}]" if s.tags else ""
        used = f" (quoted {s.used_in}×)" if s.used_in else ""
        print(f"{s.id:>4}  source {s.source_id}: {text!r}{tags}{used}".replace("\n", " "), file=out)
    return EXIT_OK
