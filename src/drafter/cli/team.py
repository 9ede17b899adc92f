"""Working together: ``drafter conflicts`` (list, show, resolve), ``drafter assign`` and ``drafter whoami``.

A save that found its paragraph changed by someone else since is kept as a conflict
(``drafter.core.teamwork``): both texts, until someone chooses. Handlers take
``(args, out, err)`` and return the exit status (see ``drafter.cli.run``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from drafter.cli.args import record_id, whole_number
from drafter.cli.data import opened_store
from drafter.cli.errors import EXIT_OK
from drafter.core.errors import DrafterError

if TYPE_CHECKING:
    from drafter.core.store import Store
    from drafter.core.teamwork import ConflictRecord


class UnreadableTextError(DrafterError):
    """The file of a merged text can't be read."""


def add_team_commands(subparsers: Any) -> None:
    """Add ``conflicts``, ``assign`` and ``whoami`` to the ``drafter`` command."""
    conflicts = subparsers.add_parser(
        "conflicts", help="list, show and resolve conflicts: saves kept beside a colleague's text",
        description="When two people change one paragraph at once, the second save does not overwrite the "
        "first: it is kept as a conflict with both texts. Without an action, the open conflicts are listed.",
        epilog="Examples: drafter conflicts · drafter conflicts show 3 · drafter conflicts resolve 3 --mine · "
        "drafter conflicts resolve 3 --text merged.txt",
    )
    _listing_options(conflicts)
    conflicts.set_defaults(handler=conflicts_list)
    actions = conflicts.add_subparsers(dest="conflicts_command", metavar="ACTION")
    listing = actions.add_parser("list", help="list the open conflicts, oldest first")
    _listing_options(listing)
    listing.set_defaults(handler=conflicts_list)
    show = actions.add_parser("show", help="print both texts of a conflict, and the paragraph as it is now")
    show.add_argument("conflict_id", type=record_id, metavar="CONFLICT_ID")
    show.add_argument("--json", action="store_true", help="print it as JSON")
    show.set_defaults(handler=conflicts_show)
    resolve = actions.add_parser(
        "resolve", help="keep your text, theirs, or a merged text from a file",
        description="Close a conflict. --mine puts the text kept in the conflict into the paragraph; --theirs "
        "leaves the paragraph as it is; --text FILE puts the file's text (UTF-8; - reads standard input) in. "
        "If the paragraph has changed again since the conflict, --mine and --text are refused until you have "
        "looked at it again (drafter conflicts show ID) and say which version you saw with --seen.",
    )
    resolve.add_argument("conflict_id", type=record_id, metavar="CONFLICT_ID")
    choice = resolve.add_mutually_exclusive_group(required=True)
    choice.add_argument("--mine", action="store_true", help="keep the text that was kept in the conflict")
    choice.add_argument("--theirs", action="store_true", help="keep the paragraph as it is")
    choice.add_argument("--text", metavar="FILE", help="put this file's text (a merge of both) in the paragraph")
    resolve.add_argument("--seen", type=whole_number(1, 2**62, what="a version number"), metavar="VERSION",
                         help="the paragraph's version you looked at (drafter conflicts show prints it)")
    resolve.set_defaults(handler=conflicts_resolve)

    assign = subparsers.add_parser(
        "assign", help="assign a question's answer to a colleague",
        description="Assign one question's answer to a colleague, by the name they work under "
        "(drafter whoami prints yours), or to nobody with --nobody.",
        epilog='Example: drafter assign 1 3 "Sam Okafor"',
    )
    assign.add_argument("response_id", type=record_id, metavar="RESPONSE_ID")
    assign.add_argument("question", metavar="QUESTION",
                        help="the question's number as the consultation prints it (3, 5a), or #N for the Nth question")
    who = assign.add_mutually_exclusive_group(required=True)
    who.add_argument("name", nargs="?", metavar="NAME", help="the colleague's name")
    who.add_argument("--nobody", action="store_true", help="assigned to nobody")
    assign.set_defaults(handler=assign_command)

    whoami = subparsers.add_parser(
        "whoami", help="the name your changes are recorded under",
        description="Print the name your changes, conflicts and assignments are recorded under: on a team "
        "server your database role; on this computer's library the name set with --set, or else your "
        "user name on this computer.",
    )
    name = whoami.add_mutually_exclusive_group()
    name.add_argument("--set", metavar="NAME", dest="new_name",
                      help="work under this name on this computer's library (not on a team server)")
    name.add_argument("--forget", action="store_true", help="go back to your user name on this computer")
    whoami.set_defaults(handler=whoami_command)


def _listing_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--response", type=record_id, metavar="RESPONSE_ID", help="only this response's conflicts")
    parser.add_argument("--all", action="store_true", help="resolved ones too")
    parser.add_argument("--json", action="store_true", help="print them as JSON")


def _conflict_json(conflict: ConflictRecord) -> dict[str, object]:
    from dataclasses import asdict

    return {**asdict(conflict), "open": conflict.is_open}


def _one_line(text: str, longest: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= longest else flat[: longest - 1] + "…"


def conflicts_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.teamwork import list_conflicts

    with opened_store(args) as store:
        found = list_conflicts(store, response_id=args.response, include_resolved=args.all)
    if args.json:
        json.dump([_conflict_json(c) for c in found], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if not found:
        print("No open conflicts." if not args.all else "No conflicts.", file=out)
        return EXIT_OK
    for c in found:
        state = "open" if c.is_open else f"resolved: {c.resolution}, by {c.resolved_by}"
        print(f"conflict {c.id} · response {c.response_id}, block {c.block_id} · {c.author}'s save kept beside "
              f"{c.their_author or 'an earlier'}'s · {c.created_at} · {state}", file=out)
        print(f"  {c.author}: “{_one_line(c.my_text)}”", file=out)
        print(f"  {c.their_author or 'theirs'}: “{_one_line(c.their_text)}”", file=out)
    return EXIT_OK


def conflicts_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.teamwork import block_now, get_conflict

    with opened_store(args) as store:
        conflict = get_conflict(store, args.conflict_id)
        now = block_now(store, conflict.block_id)
    if args.json:
        data = _conflict_json(conflict)
        data["now"] = None if now is None else {"text": now.text, "version": now.version,
                                                "edited_by": now.edited_by, "edited_at": now.edited_at}
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    state = "open" if conflict.is_open else f"resolved ({conflict.resolution}, by {conflict.resolved_by})"
    print(f"conflict {conflict.id} · response {conflict.response_id}, block {conflict.block_id} · {state}", file=out)
    print(f"\n{conflict.author}'s text (typed on version {conflict.base_version}):\n{conflict.my_text}", file=out)
    print(f"\n{conflict.their_author or 'The other'}'s text (version {conflict.their_version}):\n"
          f"{conflict.their_text}", file=out)
    if now is None:
        print("\nThe paragraph has been removed since.", file=out)
    elif now.version != conflict.their_version:
        print(f"\nThe paragraph now (version {now.version}, by {now.edited_by or 'someone'}):\n{now.text}", file=out)
    return EXIT_OK


def _read_text(path: str) -> str:
    import sys

    from drafter.core.filekinds import open_regular

    if path == "-":
        return sys.stdin.read()
    try:
        # Only an ordinary file: a pipe or a device named here would keep the command waiting for ever.
        with open_regular(Path(path), UnreadableTextError) as handle:
            return handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableTextError(f"Can't read the merged text from {path}: {getattr(exc, 'strerror', None) or exc}.",
                                  hint="Nothing was changed.") from exc


def conflicts_resolve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.operations import responses as ops

    text = None if args.text is None else _read_text(args.text)
    choice = "mine" if args.mine else "theirs" if args.theirs else "merged"
    with opened_store(args) as store:
        conflict = ops.resolve_conflict(args.conflict_id, choice, text=text, seen_version=args.seen).run(store).value
    kept = {"mine": f"{conflict.author}'s text", "theirs": "the paragraph as it was", "merged": "the merged text"}
    print(f"conflict {conflict.id} resolved: kept {kept[choice]} (block {conflict.block_id}).", file=out)
    return EXIT_OK


def assign_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.cli.responses import _get_response, find_question
    from drafter.core.operations import responses as ops

    with opened_store(args) as store:
        question = find_question(_get_response(store, args.response_id), args.question)
        ops.assign_answer(question.id, None if args.nobody else args.name).run(store)
        now = _assigned(store, args.response_id, question.id)
    print(f"question {question.label}: assigned to {now or 'nobody'}.", file=out)
    return EXIT_OK


def _assigned(store: Store, response_id: int, question_id: int) -> str | None:
    from drafter.core.responses import get_response

    return get_response(store, response_id).question(question_id).assigned_to


def whoami_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from drafter.core.identity import person, set_own_name
    from drafter.core.paths import resolve_data_dir

    with opened_store(args) as store:  # the data folder exists from here on
        if args.new_name is not None or args.forget:
            if store.dialect != "sqlite":  # the server vouches for who you are: your role, not a chosen name
                raise DrafterError(
                    f"On a shared library your changes are recorded under your role on the server, "
                    f"{person(store)}; a name can't be set or forgotten there.",
                    hint="To work under another name, connect with that colleague's own role "
                    "(docs/team-server.md, Roles).",
                )
            set_own_name(resolve_data_dir(getattr(args, "data_dir", None)), None if args.forget else args.new_name)
        print(person(store), file=out)
    return EXIT_OK
