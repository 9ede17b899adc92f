"""``drafter sources list|show|add|checked|cite-as-is``: the library of sources on the command line.

Handlers take ``(args, out, err)`` and return the exit status; a DrafterError
propagates to ``drafter.cli.run``, which prints it plainly and exits 1. Like the
rest of ``drafter.cli``, no Qt here, and the core is imported inside handlers so
``drafter --help`` stays quick.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any, Required, TextIO, TypedDict

from drafter.cli.args import day, record_id
from drafter.cli.data import open_store as _open_store
from drafter.cli.errors import EXIT_ERROR, EXIT_OK
from drafter.core.errors import DrafterError
from drafter.core.names import described
from drafter.core.terminal import one_line
from drafter.core.wording import UNTITLED


def add_source_commands(commands: Any) -> None:
    """Add ``sources list|show|add`` to the ``drafter`` command."""
    sources = commands.add_parser("sources", help="the library of sources")
    sources_cmd = sources.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    listing = sources_cmd.add_parser("list", help="list every source: id, date, publisher, title")
    listing.add_argument("--json", action="store_true", help="print JSON with every citation fact")
    listing.set_defaults(handler=_sources_list)
    show = sources_cmd.add_parser("show", help="print a source's citation facts and text")
    show.add_argument("source_id", type=record_id, metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_sources_show)
    add = sources_cmd.add_parser(
        "add", help="import files (text, Markdown, HTML pages, Word, PDF, RTF) into the library"
    )
    add.add_argument("files", nargs="+", metavar="FILE")
    add.add_argument("--json", action="store_true", help="print each file's result as JSON")
    add.add_argument(
        "--allow-duplicate", action="store_true", help="import a file even if its text is already there"
    )
    add.set_defaults(handler=_sources_add)
    checked = sources_cmd.add_parser(
        "checked", help="confirm you checked an online source's page on a day: its accessed date")
    checked.add_argument("source_ids", nargs="+", type=record_id, metavar="ID")
    checked.add_argument("--on", type=day, metavar="YYYY-MM-DD", help="the day you checked it (default: today)")
    checked.set_defaults(handler=_sources_checked)
    as_is = sources_cmd.add_parser(
        "cite-as-is", help="confirm a source is to be cited with no author, title or publisher")
    as_is.add_argument("source_ids", nargs="+", type=record_id, metavar="ID")
    as_is.set_defaults(handler=_sources_cite_as_is)


def _sources_checked(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.operations.library import confirm_accessed

    store = _open_store(args)
    try:
        done = confirm_accessed(args.source_ids, args.on or date.today()).run(store).value
    finally:
        store.close()
    for record in done:
        print(f"Source {record.id}: accessed {record.accessed}, as you confirmed.", file=out)
    return EXIT_OK


def _sources_cite_as_is(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.operations.library import confirm_bare_citation

    store = _open_store(args)
    try:
        done = confirm_bare_citation(args.source_ids).run(store).value
    finally:
        store.close()
    for record in done:
        print(f"Source {record.id} will be cited as it is.", file=out)
    return EXIT_OK


def _sources_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
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
        (str(r.id), display_iso(r.date, unknown="date unknown"), one_line(r.publisher or "publisher unknown"),
         one_line(r.display_title))
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


def _sources_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.dates import display_iso
    from drafter.core.library import get_source

    store = _open_store(args)
    try:
        record = get_source(store, args.source_id)
    finally:
        store.close()
    if args.json:
        data = record.facts()
        data["fact_basis"] = dict(record.fact_basis)  # where each fact came from (or that you confirmed it)
        data["text"] = record.text
        data["pages"] = [{"start": p.start, "end": p.end, "label": p.label} for p in record.pages]
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    unknown = "(unknown)"
    authors = "; ".join(described(name) for name in record.authors) if record.authors else unknown
    for label, value in (
        ("Title", record.title or unknown),
        ("Publisher", record.publisher or unknown),
        ("Author", authors),
        ("Date", display_iso(record.date, unknown=unknown)),
        ("URL", record.url or unknown),
        ("Accessed", display_iso(record.accessed, unknown=unknown)),
        ("Type", record.type),
    ):
        print(f"{label + ':':<11}{one_line(value)}", file=out)
    print(file=out)
    print(record.text, file=out)
    return EXIT_OK


class _Added(TypedDict, total=False):
    """What ``sources add`` reports for one file (each an object of its --json output)."""

    file: Required[str]
    ok: Required[bool]
    error: str  # when not ok
    id: int
    title: str | None
    warnings: list[str]


def _sources_add(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from drafter.core.importers import ImportRefused, import_file
    from drafter.core.operations import library as lib_ops

    store = _open_store(args)
    results: list[_Added] = []
    try:
        for name in args.files:
            try:
                document = import_file(Path(name))
                [record] = lib_ops.add_imported([(document, None)], allow_duplicates=args.allow_duplicate).run(
                    store).value
            except (ImportRefused, DrafterError) as exc:
                results.append({"file": name, "ok": False, "error": str(exc)})
            else:
                results.append({"file": name, "ok": True, "id": record.id, "title": record.title,
                                "warnings": list(document.warnings)})
    finally:
        store.close()
    failed = [r for r in results if not r["ok"]]
    if args.json:
        json.dump(results, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for r in results:
            if r["ok"]:
                title = one_line(str(r["title"] or UNTITLED))
                print(f"added {one_line(str(r['file']))}: source {r['id']} ({title})", file=out)
                for warning in r["warnings"]:
                    print(f"  note: {warning}", file=out)
        for r in failed:
            print(f"drafter: not added {one_line(str(r['file']))}: {r['error']}", file=err)
    return EXIT_ERROR if failed else EXIT_OK
