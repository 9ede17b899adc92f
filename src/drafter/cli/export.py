"""``drafter export`` and ``drafter check``: the readiness check and the export, from a script.

``add_export_commands`` adds both to the command line's subcommands. Warnings
go to stderr and the export goes ahead (as the window does after asking);
something that blocks exits with status 1 and lists what to fix. This module
imports the export code only when a command runs, to keep ``drafter --help`` quick.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from drafter.core.checks import Readiness
    from drafter.core.store import Store

from drafter.cli.args import day, record_id
from drafter.cli.data import open_store as _open_store
from drafter.core.terminal import one_line
from drafter.core.wording import counted

EXIT_OK = 0
EXIT_BLOCKED = 1
#: The export formats, as drafter.core.export.FORMATS names them (a test keeps the two equal).
FORMAT_NAMES = ("docx", "md", "txt")


def add_export_commands(subparsers: Any) -> None:
    export = subparsers.add_parser(
        "export", help="export a response as a Word document with footnotes, or as text or Markdown"
    )
    export.add_argument("response_id", type=record_id, metavar="RESPONSE_ID")
    export.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="the file to write; a folder: the name the window proposes "
                             "(organisation – Response to consultation – date)")
    export.add_argument("--style", metavar="NAME", help="citation style (default: the response's, e.g. OSCOLA)")
    export.add_argument("--locale", metavar="CODE",
                        help="language of the citations, e.g. en-GB or en-US (default: the style's own)")
    export.add_argument("--template", metavar="FILE.docx", help="your organisation's Word template")
    export.add_argument("--numbered", action="store_true", help="number the paragraphs 1., 2., …")
    export.add_argument("--bibliography", action="store_true",
                        help="end with a list of sources (footnote styles; author-date styles always have one)")
    export.add_argument("--format", choices=FORMAT_NAMES,
                        help="docx, txt or md (default: from the file name, else docx)")
    export.set_defaults(handler=export_command)

    # The window's export, run in a process of its own (drafter.core.jobs.export); no help
    # text, so it is not listed: it reads a job as JSON on stdin, not arguments (drafter.core.jobs).
    job = subparsers.add_parser("export-job")
    job.set_defaults(handler=export_job_command)
    # Likewise the window's reading of files to import (drafter.core.jobs.read).
    reading = subparsers.add_parser("read-job")
    reading.set_defaults(handler=read_job_command)
    # And each of the processes such a job reads its files with (one file at a time).
    worker = subparsers.add_parser("read-worker")
    worker.set_defaults(handler=read_worker_command)

    check = subparsers.add_parser("check", help="check a response is ready to export")
    check.add_argument("response_id", type=record_id, metavar="RESPONSE_ID")
    check.add_argument("--json", action="store_true", help="print every item as JSON")
    check.add_argument("--style", metavar="NAME", help="judge the citations in this style (default: the response's)")
    check.add_argument("--confirm-accessed", action="store_true",
                       help="confirm you checked every online source missing an accessed date (on --on)")
    check.add_argument("--on", type=day, metavar="DATE",
                       help="the day you checked them, e.g. 2026-02-04 or '4 Feb 2026' (default: today)")
    check.add_argument("--cite-as-is", action="store_true",
                       help="confirm every source with no author, title or publisher is to be cited so")
    check.set_defaults(handler=check_command)




def export_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.export import ExportRefused, export_response, format_for_path
    from drafter.core.filekinds import refuse_unreadable_kind

    target = Path(args.output).expanduser()
    from drafter.core.export.options import ExportOptions

    options = ExportOptions(style=args.style, template=Path(args.template).expanduser() if args.template else None,
                            numbered=args.numbered, bibliography=args.bibliography, locale=args.locale)
    if options.template is not None:
        refuse_unreadable_kind(options.template)  # a pipe would keep the export waiting for ever
    name = args.format or format_for_path(target.suffix).name
    store = _open_store(args)
    try:
        if target.is_dir():  # the name the Export dialog proposes, in that folder
            target = target / _proposed_name(store, args.response_id, args.format or "docx")
        result = export_response(
            store, args.response_id, target, format=name, style=options.style, template=options.template,
            numbered=options.numbered, bibliography=options.bibliography, locale=options.locale,
        )
    except ExportRefused as exc:
        print(f"drafter: {exc}", file=err)
        return EXIT_BLOCKED
    finally:
        store.close()
    for item in result.warnings:
        print(f"warning: {item.message}", file=err)
    print(f"Exported to {one_line(str(result.path))}", file=out)
    return EXIT_OK


def _proposed_name(store: Store, response_id: int, format_name: str) -> str:
    from datetime import date

    from drafter.core.export import find_format
    from drafter.core.export.naming import proposed_file_name
    from drafter.core.responses import get_response

    details = get_response(store, response_id).details
    return proposed_file_name(details.consultation_title, details.organisation, date.today(),
                              find_format(format_name).extension)


def export_job_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.jobs import child_streams
    from drafter.core.jobs.export import run_job

    return run_job(*child_streams())


def read_job_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.jobs import child_streams
    from drafter.core.jobs.read import run_job

    return run_job(*child_streams())


def read_worker_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.jobs import child_streams
    from drafter.core.jobs.read import run_worker

    return run_worker(*child_streams())


def _confirm(store: Store, readiness: Readiness, args: argparse.Namespace) -> list[str]:
    """Record what the user confirmed with ``check``'s flags, for the sources the check named."""
    from datetime import date

    from drafter.core.operations.library import confirm_accessed, confirm_bare_citation

    said = []
    unchecked = [i.source_id for i in readiness.items if "accessed" in i.facts and i.source_id is not None]
    if args.confirm_accessed and unchecked:
        on = args.on or date.today()
        confirm_accessed(unchecked, on).run(store)
        said.append(f"Confirmed: you checked {counted(len(unchecked), 'source')} on {on.isoformat()}.")
    bare = [i.source_id for i in readiness.items if i.kind == "citation_empty" and i.source_id is not None]
    if args.cite_as_is and bare:
        confirm_bare_citation(bare).run(store)
        as_it_is = "it is" if len(bare) == 1 else "they are"
        said.append(f"Confirmed: {counted(len(bare), 'source')} will be cited as {as_it_is}.")
    return said


def check_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.checks import check_response

    if args.on is not None and not args.confirm_accessed:
        print("drafter check: --on goes with --confirm-accessed (the day you checked the pages)", file=err)
        return 2
    if args.style is not None:
        from drafter.core.citations import find_style

        find_style(args.style)  # a style named here that doesn't exist is the user's to fix: say so plainly
    store = _open_store(args)
    try:
        readiness = check_response(store, args.response_id, style=args.style)
        if args.confirm_accessed or args.cite_as_is:
            for line in _confirm(store, readiness, args):
                print(line, file=err if args.json else out)
            readiness = check_response(store, args.response_id, style=args.style)
    finally:
        store.close()
    if args.json:
        json.dump({"response_id": readiness.response_id, "blocking": readiness.blocking,
                   "items": [item.as_dict() for item in readiness.items], "backup": readiness.backup},
                  out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for item in readiness.items:
            print(f"{'BLOCKS ' if item.severity == 'blocker' else 'warning'}  {item.message}", file=out)
        blockers, warnings = len(readiness.blockers), len(readiness.warnings)
        if not readiness.items:
            print("Ready to export: nothing to fix.", file=out)
        else:
            print(f"{blockers} to fix before exporting, {counted(warnings, 'warning')}.",
                  file=out)
        if readiness.backup:
            print(readiness.backup, file=out)
    return EXIT_BLOCKED if readiness.blocking else EXIT_OK
