"""``drafter search``: words or an exact phrase, in sources and snippets.

The handler takes ``(args, out, err)`` and returns the exit status (see ``drafter.cli.run``).
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from drafter.cli.args import record_id, whole_number
from drafter.cli.data import open_store as _open_store
from drafter.cli.errors import EXIT_OK
from drafter.core.terminal import one_line
from drafter.core.wording import UNTITLED

#: The most results of each kind ``search --limit`` asks for.
MAX_SEARCH_LIMIT = 10_000


def add_search_command(commands: Any) -> None:
    """Add ``search`` to the ``drafter`` command."""
    find = commands.add_parser("search", help='search sources and snippets: words, or "an exact phrase"')
    find.add_argument("query", metavar="QUERY")
    find.add_argument("--source", type=record_id, metavar="ID", help="only in this source")
    find.add_argument("--tag", help="only snippets with this tag")
    find.add_argument("--limit", type=whole_number(1, MAX_SEARCH_LIMIT), default=20, metavar="N",
                      help=f"at most this many results of each kind (1 to {MAX_SEARCH_LIMIT:,}; default 20)")
    find.add_argument("--json", action="store_true")
    find.set_defaults(handler=_search)


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
        print(f"{where:>12}  {one_line(h.title or UNTITLED)}\n              {one_line(excerpt)}", file=out)
    return EXIT_OK
