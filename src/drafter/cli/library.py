"""``drafter library export|import``: the whole library and every response, as one file.

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
