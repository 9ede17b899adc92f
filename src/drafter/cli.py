"""Drafter's command line, over the same core as the window.

``drafter`` with no subcommand opens the app; with one it runs here, prints
results on stdout (``--json`` for scripts) and plain-language errors on stderr
with a non-zero exit status. This module never imports Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Required, TextIO, TypedDict, cast

from drafter import __version__
from drafter.cli_args import MAX_ID, Parser, parse, record_id, shorten_long_words, whole_number
from drafter.core.errors import DrafterError
from drafter.core.paths import ENV_VAR, resolve_data_dir
from drafter.core.terminal import TerminalWriter, one_line

if TYPE_CHECKING:
    from drafter.core.store import Store

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 70  # a bug: the details are in the problem log (70 is EX_SOFTWARE of sysexits.h)
EXIT_INTERRUPTED = 130
#: The most results of each kind ``search --limit`` asks for.
MAX_SEARCH_LIMIT = 10_000


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

    find = commands.add_parser("search", help='search sources and snippets: words, or "an exact phrase"')
    find.add_argument("query", metavar="QUERY")
    find.add_argument("--source", type=record_id, metavar="ID", help="only in this source")
    find.add_argument("--tag", help="only snippets with this tag")
    find.add_argument("--limit", type=whole_number(1, MAX_SEARCH_LIMIT), default=20, metavar="N",
                      help=f"at most this many results of each kind (1 to {MAX_SEARCH_LIMIT:,}; default 20)")
    find.add_argument("--json", action="store_true")
    find.set_defaults(handler=_search)

    whole = commands.add_parser("library", help="the whole library and every response, as one file")
    whole_cmd = whole.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    export_all = whole_cmd.add_parser("export", help="write everything to one file (an SQLite database)")
    export_all.add_argument("file", metavar="FILE")
    export_all.set_defaults(handler=_library_export)
    import_all = whole_cmd.add_parser("import", help="put an exported library into an empty data folder")
    import_all.add_argument("file", metavar="FILE")
    import_all.set_defaults(handler=_library_import)

    from drafter.cli_backup import add_backup_commands
    from drafter.cli_bundle import add_bundle_commands
    from drafter.cli_export import add_export_commands
    from drafter.cli_responses import add_response_commands

    add_response_commands(commands)
    add_export_commands(commands)
    add_bundle_commands(commands)
    add_backup_commands(commands)
    return parser


def run(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run the command ``args`` names; every outcome is an exit status and plain words, never a traceback.

    Everything printed goes through ``TerminalWriter``, so a title holding terminal
    control characters is shown as escapes (``\\x1b``, ``\\u202e``), never acted on.
    """
    _tolerate_unencodable(out, err)
    out, err = cast(TextIO, TerminalWriter(out)), cast(TextIO, TerminalWriter(err))
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] | None = getattr(args, "handler", None)
    if handler is None:
        build_parser().print_usage(err)
        return EXIT_USAGE
    from drafter.core.store.backups import reporting_backup_problems

    try:
        with reporting_backup_problems(lambda message: print(f"drafter: {message}", file=err)):
            return handler(args, out, err)
    except DrafterError as exc:
        print(f"drafter: {shorten_long_words(_for_the_command_line(exc))}", file=err)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        return EXIT_OK
    except KeyboardInterrupt:
        print("drafter: stopped.", file=err)
        return EXIT_INTERRUPTED
    except Exception as exc:
        return report_unexpected(exc, err, data_dir=getattr(args, "data_dir", None), command=_command_name(args))


def parse_arguments(argv: Sequence[str] | None = None, err: TextIO | None = None) -> argparse.Namespace | int:
    """The parsed command line, or the exit status when it ends here (a usage error, --help, --version)."""
    try:
        return parse(build_parser(), argv)
    except Exception as exc:  # a bug in the parser itself: still no traceback
        return report_unexpected(exc, cast(TextIO, TerminalWriter(err or sys.stderr)), data_dir=None,
                                 command="reading the command line")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    if isinstance(args, int):
        return args
    return run(args)


def report_unexpected(exc: BaseException, err: TextIO, *, data_dir: str | None, command: str) -> int:
    """Write ``exc``'s details to the problem log and one plain line (and where the log is) to ``err``."""
    from drafter.core.errorlog import write_report

    try:
        folder: Path | None = resolve_data_dir(data_dir)
    except Exception:  # the data folder can't be worked out: the log goes to the temporary folder
        folder = None
    report = write_report(exc, folder, context=command)
    try:
        print("drafter: Something went wrong that Drafter did not expect, and the command stopped.", file=err)
        if report is None:
            print("  The details could not be saved: neither the data folder nor the temporary folder "
                  "can be written.", file=err)
        elif report.fallback:
            print(f"  The data folder can't be written, so the details are in the temporary folder: {report.path}",
                  file=err)
        else:
            print(f"  The details are in {report.path} (send it to whoever supports Drafter).", file=err)
    except OSError:  # stderr itself is gone: the exit status still says it failed
        pass
    return EXIT_UNEXPECTED


def _for_the_command_line(exc: DrafterError) -> str:
    """The error's words, with what is true on the command line where the core speaks of the window."""
    from drafter.core.store import DatabaseIOError, SaveFailedError

    # A full disk: the core's hint speaks of the window (the text kept in it, saving retried); here neither
    # is true. A removed journal's advice (close and reopen the window) is as true here, so it stays.
    if isinstance(exc, SaveFailedError) and not isinstance(exc, DatabaseIOError):
        return (f"{exc.message}\nEach change is saved whole or not at all. Free some space or make the "
                "folder writable, then run the command again.")
    return str(exc)


def _command_name(args: argparse.Namespace) -> str:
    """ "drafter responses new" and the like: the command, never its arguments (they may be private text)."""
    words = ["drafter", str(getattr(args, "command", "") or "")]
    words += [str(value) for key, value in vars(args).items() if key.endswith("_command") and value]
    return " ".join(word for word in words if word)


def _tolerate_unencodable(*streams: TextIO) -> None:
    # A console or pipe in a legacy encoding can't show every character of a title: escape those
    # (\u…) rather than fail half way through the output.
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")


def _open_store(args: argparse.Namespace) -> Store:
    from drafter.core.store import Store

    return Store.open(resolve_data_dir(args.data_dir))


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
        data["text"] = record.text
        data["pages"] = [{"start": p.start, "end": p.end, "label": p.label} for p in record.pages]
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    unknown = "(unknown)"
    authors = ", ".join(record.authors) if record.authors else unknown
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
    from drafter.core.sources import add_imported

    store = _open_store(args)
    results: list[_Added] = []
    try:
        for name in args.files:
            try:
                document = import_file(Path(name))
                record = add_imported(store, document, allow_duplicate=args.allow_duplicate)
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
                title = one_line(str(r["title"] or "title unknown"))
                print(f"added {one_line(str(r['file']))}: source {r['id']} ({title})", file=out)
                for warning in r["warnings"]:
                    print(f"  note: {warning}", file=out)
        for r in failed:
            print(f"drafter: not added {one_line(str(r['file']))}: {r['error']}", file=err)
    return EXIT_ERROR if failed else EXIT_OK


def _snippets_add(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.snippets import snippet_from_quote

    store = _open_store(args)
    try:
        snippet = snippet_from_quote(
            store, args.source_id, args.quote, occurrence=args.occurrence, note=args.note, tags=args.tags
        )
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


def _search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.search import search

    store = _open_store(args)
    try:
        results = search(store, args.query, limit=args.limit, source_id=args.source, tag=args.tag)
    finally:
        store.close()
    if args.json:
        hits = [
            {
                "kind": h.kind,
                "id": h.id,
                "source_id": h.source_id,
                "title": h.title,
                "text": h.snippet_text,
                "excerpt": h.excerpt_text,
                "rank": h.rank,
            }
            for h in results.hits
        ]
        json.dump(hits, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if not results:
        print("Nothing found.", file=out)
    for h in results.hits:
        excerpt = "".join(f"[{t}]" if match else t for t, match in h.excerpt).replace("\n", " ")
        where = f"snippet {h.id}" if h.kind == "snippet" else f"source {h.source_id}"
        print(f"{where:>12}  {one_line(h.title or 'Untitled source')}\n              {one_line(excerpt)}", file=out)
    return EXIT_OK


def _library_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from drafter.core.store.archive import export_archive

    _open_store(args).close()  # brings the database up to date first
    summary = export_archive(resolve_data_dir(args.data_dir), Path(args.file))
    print(f"Exported {summary.sources} sources, {summary.snippets} snippets and {summary.responses} "
          f"responses to {one_line(str(summary.path))}", file=out)
    return EXIT_OK


def _library_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from drafter.core.filekinds import refuse_unreadable_kind
    from drafter.core.store.archive import import_archive

    refuse_unreadable_kind(Path(args.file))  # a pipe would keep the import waiting for ever
    summary = import_archive(resolve_data_dir(args.data_dir), Path(args.file))
    _open_store(args).close()  # migrates it if it came from an older version
    print(f"Imported {summary.sources} sources, {summary.snippets} snippets and {summary.responses} "
          f"responses into {one_line(str(summary.path.parent))}", file=out)
    return EXIT_OK
