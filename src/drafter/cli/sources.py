"""``drafter sources list|show|add|facts|checked|cite-as-is``: the library of sources on the command line.

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
    add.add_argument("--csl-json", metavar="FILE",
                     help="take the source's citation facts from this CSL-JSON item (e.g. exported from Zotero)")
    add.set_defaults(handler=_sources_add)
    facts = sources_cmd.add_parser(
        "facts", help="show a source's citation facts as a CSL-JSON item, or replace them with one")
    facts.add_argument("source_id", type=record_id, metavar="ID")
    facts.add_argument("--csl-json", metavar="FILE",
                       help="replace the facts with the one CSL-JSON item in FILE (or a RIS or BibTeX file)")
    facts.add_argument("--json", action="store_true", help="print the facts as a CSL-JSON item")
    facts.set_defaults(handler=_sources_facts)
    checked = sources_cmd.add_parser(
        "checked", help="confirm you checked an online source's page on a day: its accessed date")
    checked.add_argument("source_ids", nargs="+", type=record_id, metavar="ID")
    checked.add_argument("--on", type=day, metavar="DATE",
                         help="the day you checked it, e.g. 2026-02-04 or '4 Feb 2026' (default: today)")
    checked.set_defaults(handler=_sources_checked)
    as_is = sources_cmd.add_parser(
        "cite-as-is", help="confirm a source is to be cited with no author, title or publisher")
    as_is.add_argument("source_ids", nargs="+", type=record_id, metavar="ID")
    as_is.set_defaults(handler=_sources_cite_as_is)


def _csl_basis(path: str) -> dict[str, str]:
    from pathlib import Path

    return {"all": f"taken from the reference in {Path(path).name}, which you gave"}


def _sources_facts(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from drafter.core.citations.interchange import read_reference_file, to_csl_item
    from drafter.core.library import get_source
    from drafter.core.operations.library import replace_source_facts
    from drafter.core.sources import SourceFacts

    store = _open_store(args)
    try:
        record = get_source(store, args.source_id)
        left_out: tuple[str, ...] = ()
        if args.csl_json:
            read = read_reference_file(Path(args.csl_json), keep=SourceFacts.of(record))
            left_out = read.left_out
            [record] = replace_source_facts(record.id, read.facts, _csl_basis(args.csl_json)).run(store).value
    finally:
        store.close()
    facts = SourceFacts.of(record)
    if args.json:
        json.dump(to_csl_item(facts, f"s{record.id}"), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        if args.csl_json:
            print(f"Source {record.id}: its citation facts are now those of {Path(args.csl_json).name}.", file=out)
        _print_fields(record, out)
    for note in left_out:
        print(f"drafter: left out {note}", file=err)
    return EXIT_OK


def _other_fields(record: Any) -> list[tuple[str, str | None]]:
    """The labels and values of the type's fields beyond the usual six ('Volume', '84')."""
    from drafter.core.names import from_csl
    from drafter.core.source_types import BY_NAME

    kind = BY_NAME.get(record.type)
    out: list[tuple[str, str | None]] = []
    for field in kind.extra if kind else ():
        stored = record.variables.get(field.variable)
        if isinstance(stored, list):
            stored = "; ".join(described(from_csl(n)) for n in stored)
        out.append((field.label, stored))
    return out


def _print_fields(record: Any, out: TextIO) -> None:
    """Every field the source's type shows, each value or '(unknown)'."""
    from drafter.core.dates import display_iso
    from drafter.core.source_types import BY_NAME, COLUMN_VARIABLES, DESCRIPTION

    kind = BY_NAME.get(record.type)
    print(f"{'Type:':<24}{kind.label if kind else record.type} ({record.type})", file=out)
    if kind is None:
        return
    for field in kind.fields:
        if field.variable == DESCRIPTION and record.title and not record.variables.get(DESCRIPTION):
            continue  # only a work without a title is described (as the facts editor offers it)
        if field.variable == "author":
            value = "; ".join(described(n) for n in record.authors) if record.authors else None
        elif field.variable in ("issued", "accessed"):
            raw = getattr(record, COLUMN_VARIABLES[field.variable])
            value = display_iso(raw, unknown="") or None
        elif field.variable in COLUMN_VARIABLES:
            value = getattr(record, COLUMN_VARIABLES[field.variable])
        elif kind.outlet is not None and field.variable == kind.outlet.variable:
            value = record.publisher
        else:
            value = dict(_other_fields(record)).get(field.label)
        head = f"{field.label}:"
        print(f"{head:<24}" if len(head) < 24 else f"{head} ", end="", file=out)
        print(one_line(str(value)) if value else "(unknown)", file=out)


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
    for label, other in _other_fields(record):
        print(f"{label + ':':<11}{one_line(other or unknown)}", file=out)
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

    facts = None
    if args.csl_json:
        from drafter.core.citations.interchange import read_reference_file

        if len(args.files) != 1:
            print("drafter: --csl-json gives the facts of one source: name one file with it.", file=err)
            return EXIT_ERROR
        read = read_reference_file(Path(args.csl_json))  # a bad item stops here, before anything is added
        facts = read.facts
        for note in read.left_out:
            print(f"drafter: left out {note}", file=err)
    store = _open_store(args)
    results: list[_Added] = []
    try:
        for name in args.files:
            try:
                document = import_file(Path(name))
                # With --csl-json the facts are the item's, and the basis says so (not the file's guesses).
                [record] = lib_ops.add_imported(
                    [(document, facts)], allow_duplicates=args.allow_duplicate,
                    fact_basis=_csl_basis(args.csl_json) if facts is not None else None).run(store).value
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
