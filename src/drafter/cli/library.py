"""``drafter library export|import|push|pull``: the whole library and every response, as one file or to a server.

``push URL`` copies this computer's library to an empty library on a team's PostgreSQL
server (its tables made there first, if need be); ``pull URL`` copies a server's library
into the data folder, refusing to overwrite a library that holds anything unless
``--replace`` is given, which backs it up first. Both are checked row for row
(``drafter.core.store.transfer``).

Handlers take ``(args, out, err)`` and return the exit status (see ``drafter.cli.run``).
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from drafter.cli.data import open_store as _open_store
from drafter.cli.data import refuse_on_server
from drafter.cli.errors import EXIT_OK
from drafter.core.paths import resolve_data_dir
from drafter.core.terminal import one_line
from drafter.core.wording import counted


def add_library_commands(commands: Any) -> None:
    """Add ``library export|import`` to the ``drafter`` command."""
    whole = commands.add_parser("library", help="the whole library and every response, as one file")
    whole_cmd = whole.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    export_all = whole_cmd.add_parser("export", help="write everything to one file (an SQLite database)")
    export_all.add_argument("file", metavar="FILE")
    export_all.set_defaults(handler=_library_export)
    import_all = whole_cmd.add_parser("import", help="put an exported library into an empty data folder")
    import_all.add_argument("file", metavar="FILE")
    import_all.set_defaults(handler=_library_import)
    push = whole_cmd.add_parser("push", help="copy this library to an empty library on a PostgreSQL server")
    push.add_argument("url", metavar="URL", help="postgresql://USER@HOST:PORT/DATABASE")
    push.set_defaults(handler=_library_push)
    pull = whole_cmd.add_parser("pull", help="copy a PostgreSQL server's library into the data folder")
    pull.add_argument("url", metavar="URL", help="postgresql://USER@HOST:PORT/DATABASE")
    pull.add_argument("--replace", action="store_true",
                      help="replace the library in the data folder (a backup copy of it is made first)")
    pull.set_defaults(handler=_library_pull)


def _library_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from drafter.core.store.archive import export_archive

    refuse_on_server(args, "“drafter library export” copies",
                     "Copy a server's library with pg_dump (docs/team-server.md, “Backing up”).")
    _open_store(args).close()  # brings the database up to date first
    summary = export_archive(resolve_data_dir(args.data_dir), Path(args.file))
    print(f"Exported {counted(summary.sources, 'source')}, {counted(summary.snippets, 'snippet')} and "
          f"{counted(summary.responses, 'response')} to {one_line(str(summary.path))}", file=out)
    return EXIT_OK


def _library_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from drafter.core.filekinds import refuse_unreadable_kind
    from drafter.core.store.archive import import_archive

    refuse_on_server(args, "“drafter library import” puts an exported library in place of",
                     "Import it into a data folder (--data-dir) instead.")
    refuse_unreadable_kind(Path(args.file))  # a pipe would keep the import waiting for ever
    summary = import_archive(resolve_data_dir(args.data_dir), Path(args.file))
    _open_store(args).close()  # migrates it if it came from an older version
    print(f"Imported {counted(summary.sources, 'source')}, {counted(summary.snippets, 'snippet')} and "
          f"{counted(summary.responses, 'response')} into {one_line(str(summary.path.parent))}", file=out)
    return EXIT_OK


def _describe_copy(rows: dict[str, int]) -> str:
    return (f"{counted(rows.get('source', 0), 'source')}, {counted(rows.get('snippet', 0), 'snippet')} and "
            f"{counted(rows.get('response', 0), 'response')} ({counted(sum(rows.values()), 'row')} in all, "
            "every table checked row for row)")


def _library_push(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.store import Store
    from drafter.core.store.transfer import copy_library

    refuse_on_server(args, "“drafter library push” copies",
                     "Leave out --database: the URL after push names the server.")
    data_dir = resolve_data_dir(args.data_dir)
    # The password: in the URL, else the one the keyring keeps for this server and user (Store.open_url).
    server = Store.open_url(args.url, data_dir, seed=False)  # makes the tables of a new library
    try:
        local = Store.open(data_dir)
        try:
            summary = copy_library(local.engine, server.engine)
            where = server.location
        finally:
            local.close()
    finally:
        server.close()
    print(f"Copied {_describe_copy(summary.rows)} to {one_line(where)}", file=out)
    return EXIT_OK


def _library_pull(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.store import Store
    from drafter.core.store.backups import KIND_IMPORT, make_backup
    from drafter.core.store.transfer import copy_library, is_empty

    refuse_on_server(args, "“drafter library pull” copies into",
                     "Leave out --database: the URL after pull names the server.")
    data_dir = resolve_data_dir(args.data_dir)
    server = Store.open_url(args.url, data_dir, seed=False)
    try:
        local = Store.open(data_dir, seed=False)
        try:
            backup = None
            if args.replace:
                with local.engine.connect() as connection:
                    holds_something = not is_empty(connection)
                if holds_something:
                    backup = make_backup(data_dir, KIND_IMPORT)
            summary = copy_library(server.engine, local.engine, replace=args.replace)
            where = server.location
        finally:
            local.close()
    finally:
        server.close()
    print(f"Copied {_describe_copy(summary.rows)} from {one_line(where)} into {one_line(str(data_dir))}",
          file=out)
    if backup is not None:
        print(f"The library it replaced was backed up first: {backup.id} "
              f"(“drafter backup restore {backup.id}” puts it back)", file=out)
    return EXIT_OK
