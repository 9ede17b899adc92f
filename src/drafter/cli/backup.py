"""``drafter backup list`` and ``drafter backup restore ID``: the automatic backups on the command line.

``add_backup_commands`` is called by ``drafter.cli.build_parser`` with its
subparsers. Neither command opens the database itself, so both work when it is
damaged — which is when they are needed. Like ``drafter.cli``, no Qt here.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

EXIT_OK = 0

_KIND_NAMES = {"daily": "daily", "before-migration": "before upgrade", "before-import": "before import"}


def add_backup_commands(subparsers: Any) -> None:
    """Add ``backup list`` and ``backup restore`` to the ``drafter`` command."""
    backup = subparsers.add_parser("backup", help="the automatic backup copies of the database")
    actions = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the backups, newest first, with whether each is readable")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=backup_list)
    restore = actions.add_parser(
        "restore",
        help="put a backup in place of the database (the database it replaces is kept beside it)",
    )
    restore.add_argument("backup_id", metavar="ID", help="a backup's ID, as “drafter backup list” shows it")
    restore.add_argument("--json", action="store_true", help="print the result as JSON")
    restore.set_defaults(handler=backup_restore)


def _data_dir(args: argparse.Namespace) -> Path:
    from drafter.cli.data import refuse_on_server
    from drafter.core.errors import DataFolderError
    from drafter.core.paths import resolve_data_dir

    refuse_on_server(args, "Drafter's backup copies are of",
                     "A server's library is backed up on the server, with pg_dump "
                     "(docs/team-server.md, “Backing up”).")
    folder = resolve_data_dir(getattr(args, "data_dir", None))
    # Neither command opens the database (so both work when it is damaged); they still must not
    # report "no backups" for a data folder that is a file, a pipe or a device.
    if folder.exists() and not folder.is_dir():
        raise DataFolderError(
            f"Drafter's data folder {folder} is a file, not a folder.",
            hint="Move the file away, or use --data-dir to choose another folder.",
        )
    return folder


def backup_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.store.backups import describe_time
    from drafter.core.store.untrusted import sound_backups

    backups = sound_backups(_data_dir(args))
    if args.json:
        json.dump([b.as_dict() for b in backups], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if not backups:
        print("There are no backups yet. Drafter makes one each day it starts, and before "
              "upgrading its database or importing a response file.", file=out)
        return EXIT_OK
    rows = [
        (b.id, _KIND_NAMES.get(b.kind, b.kind), describe_time(b.created), _size(b.size),
         "ok" if b.ok else "DAMAGED")
        for b in backups
    ]
    header = ("ID", "KIND", "MADE", "SIZE", "STATE")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for r in [header, *rows]:
        print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]:>{widths[3]}}  {r[4]}",
              file=out)
    return EXIT_OK


def backup_restore(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.store.backups import describe_time
    from drafter.core.store.restore import restore_backup

    result = restore_backup(_data_dir(args), args.backup_id)
    if args.json:
        json.dump({"restored": result.restored.as_dict(),
                   "set_aside": str(result.set_aside) if result.set_aside else None}, out, indent=2)
        out.write("\n")
        return EXIT_OK
    print(f"restored the backup {result.restored.id} (made {describe_time(result.restored.created)})", file=out)
    if result.set_aside is not None:
        print(f"  the database it replaced is kept as {result.set_aside}", file=out)
    return EXIT_OK


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"
