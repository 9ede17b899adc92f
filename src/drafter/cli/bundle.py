"""``drafter bundle export`` and ``drafter bundle import``: response files on the command line.

``add_bundle_commands`` is called by ``drafter.cli.build_parser`` with its
subparsers. Handlers take ``(args, out, err)`` and return the exit status; a
DrafterError propagates to ``drafter.cli.run``, which prints it plainly and
exits 1. Like ``drafter.cli``, this module never imports Qt.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from drafter.cli.args import record_id
from drafter.cli.data import open_store as _open_store
from drafter.core.terminal import one_line

EXIT_OK = 0


def add_bundle_commands(subparsers: Any) -> None:
    """Add ``bundle export`` and ``bundle import`` to the ``drafter`` command."""
    bundle = subparsers.add_parser(
        "bundle", help="response files: carry a response, its snippets and sources to another machine"
    )
    actions = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="write a response and every snippet and source it quotes to one .drafter file"
    )
    export.add_argument("response_id", type=record_id, metavar="RESPONSE_ID")
    export.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the file to write (.drafter is added if no extension)"
    )
    export.set_defaults(handler=bundle_export)
    imp = actions.add_parser("import", help="import a .drafter response file as a new response")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--json", action="store_true", help="print the result as JSON")
    imp.set_defaults(handler=bundle_import)




def bundle_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.bundle import export_bundle

    store = _open_store(args)
    try:
        summary = export_bundle(store, args.response_id, args.output)
    finally:
        store.close()
    print(
        f"exported response {summary.response_id} ({one_line(summary.consultation_title)}) to "
        f"{one_line(str(summary.path))}: "
        f"{_count(summary.questions, 'question')}, {_count(summary.blocks, 'block')}, "
        f"{_count(summary.snippets, 'snippet')} from {_count(summary.sources, 'source')}",
        file=out,
    )
    return EXIT_OK


def bundle_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from drafter.core.bundle import import_bundle
    from drafter.core.filekinds import refuse_unreadable_kind

    refuse_unreadable_kind(Path(args.file))  # a pipe would keep the import waiting for ever
    store = _open_store(args)
    try:
        result = import_bundle(store, args.file)
    finally:
        store.close()
    if args.json:
        json.dump(result.as_dict(), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    print(
        f"imported response {result.response_id} ({one_line(result.consultation_title)}): "
        f"{_count(result.questions, 'question')}, {_count(result.blocks, 'block')}",
        file=out,
    )
    print(
        f"  sources: {len(result.sources_added)} added, {len(result.sources_reused)} already in the library",
        file=out,
    )
    print(
        f"  snippets: {len(result.snippets_added)} added, {len(result.snippets_reused)} already in the library",
        file=out,
    )
    if result.backup is not None:
        print(f"  backup of the database before the import: {result.backup}", file=out)
    return EXIT_OK


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
