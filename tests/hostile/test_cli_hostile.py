"""Every command of the command line, fed hostile arguments: no traceback, no hang, a plain refusal.

The commands and their arguments are read from ``drafter.cli.build_parser``, so a
command added later is fed too. Each argument gets the hostile values of its kind:

- numbers (ids, counts): 2^63 and far beyond, negative, zero, not a number;
- files to read: a pipe (FIFO), a folder, a device, a missing file, a name full of
  control characters;
- files to write: a device, a pipe, a folder, a read-only file, a missing folder,
  a path through a file;
- any other text: ANSI escapes, a right-to-left override, newlines, C1 controls,
  a very long string, an empty string;
- the data folder itself: a file, a pipe, a device;
- and every single-value option given twice.

Each run is in this process, on the test's own data folder, and must end within
the time guard. Checked: no "Traceback" and never the unexpected-error exit (70);
a refusal exits non-zero with a plain message (its first line starts with
"drafter" and says what is wrong; no raw control characters) and changes
nothing: every table as it was, no file written, the pipe or device untouched.
Input that is accepted prints nothing a terminal would act on.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import io
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cli_commands import leaf_commands
from drafter.cli import EXIT_UNEXPECTED, build_parser, parse_arguments, run
from drafter.cli.args import StoreOnce
from drafter.core.terminal import has_controls
from hostile.library_rows import dump

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pipes, devices and /dev are POSIX")

# A hang, not a slow machine: the export cases run the citation engine once for each hostile
# value, which took over 60 s on two busy cores. The same limit as tests/conftest.py's hang guard.
TIME_LIMIT = 300
HELP_ACTIONS = (argparse._HelpAction, argparse._VersionAction)
TECHNICAL = re.compile(r"Traceback|Errno|\w+Error\b|\w+Exception\b|File \"|line \d+, in ")
CONTROLS = "Title\x1b[31mRED\x1b]0;owned\x07\u202eevil\u202c\nInjected: line\r\x9b2J\x00"

NUMBERS = ["9223372036854775808", "99999999999999999999999999", "-1", "-9223372036854775809", "0", "abc", "1e3",
           "", "1" * 5000]
# Not dates at all, or days that never were ("3 February 2026" is a date as people write it, and is read).
DATES = ["2026-02-30", "99999-01-01", "0000-01-01", "2026-2-3", "31 February 2026", "9999-12-31"]
TEXTS = [CONTROLS, "x" * 100_000, "", "-", "../../../../etc/passwd", "%s%n{0}"]


# --- the commands, read from the parser ---------------------------------------------------


COMMANDS = dict(leaf_commands(build_parser()))


def kind_of(path: tuple[str, ...], action: argparse.Action) -> str:
    """number, date, read (a file read), write (a file written) or text."""
    if action.type is not None:
        name = getattr(action.type, "__qualname__", "")
        if name == "day":
            return "date"
        assert name.startswith("whole_number"), f"{action.dest}: typed: a number or a date"
        return "number"
    if "FILE" in str(action.metavar or ""):
        return "write" if action.dest == "output" or (action.dest == "file" and "export" in path) else "read"
    return "text"


@dataclass(frozen=True)
class Case:
    path: tuple[str, ...]
    dest: str
    kind: str

    def __str__(self) -> str:
        return f"{' '.join(self.path)} {self.dest} ({self.kind})"


def cases() -> list[Case]:
    found = []
    for path, parser in COMMANDS.items():
        for action in parser._actions:
            if isinstance(action, HELP_ACTIONS) or action.nargs == 0:
                continue
            found.append(Case(path, action.dest, kind_of(path, action)))
    return found


# --- the data folder and the files --------------------------------------------------------


@dataclass
class World:
    store: Any
    data_dir: Path
    tmp: Path
    fifo: Path
    hostile_name: Path

    def valid(self, path: tuple[str, ...], action: argparse.Action) -> list[str]:
        """A value ``action`` accepts, so that only the argument under test is hostile."""
        if action.nargs == 0:
            return []
        if action.choices:
            return [next(iter(action.choices))]
        kind = kind_of(path, action)
        if kind == "number":
            return ["4" if "source" in action.dest else "1"]
        if kind == "date":
            return ["2026-02-03"]
        if kind == "write":
            return [str(self.tmp / "out" / "written.docx")]
        if kind == "read":
            return [str(self.tmp / "article.md")]
        return {"quote": ["scaling up"], "question": ["1"], "query": ["facial"]}.get(action.dest, ["x"])

    def hostile(self, kind: str) -> list[tuple[str, str]]:
        """(value, what it is) for an argument of ``kind``."""
        if kind == "number":
            return [(n, "number") for n in NUMBERS]
        if kind == "date":
            return [(d, "date") for d in [*DATES, *NUMBERS, *TEXTS]]
        if kind == "text":
            return [(t, "text") for t in TEXTS]
        common = [(str(self.fifo), "fifo"), (str(self.tmp / "no-folder" / "x.docx"), "missing"),
                  (str(self.tmp / "article.md" / "x.docx"), "through-a-file")]
        if kind == "read":
            return [*common, ("/dev/zero", "device"), (str(self.tmp), "folder"),
                    (str(self.hostile_name), "control-name")]
        # Names with an extension: a response file adds ".drafter" to a name without one, which
        # makes it a new name (for /dev/full: /dev/full.drafter, a new file in /dev).
        return [*common, (str(self.tmp / "full-device.docx"), "device"), (str(self.tmp / "folder.docx"), "folder"),
                (str(self.tmp / "read-only.docx"), "read-only")]


@pytest.fixture
def store(open_library):  # type: ignore[no-untyped-def]
    """The test's library: on SQLite and on a server library of its own (DRAFTER_DATABASE, which the
    commands read as --database), so every test with a ``world`` runs on both engines."""
    return open_library()


@pytest.fixture
def world(store, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    from drafter.core.responses import ResponseDetails, add_block, add_question, create_response
    from drafter.core.snippets import snippet_from_quote

    response = create_response(store, ResponseDetails(consultation_title="Facial recognition"))
    question = add_question(store, response.id, label="1", text="Do you agree?", options=["Agree", "Disagree"])
    add_block(store, question.id, text="We agree, with reservations.")
    snippet_from_quote(store, 4, "scaling up")
    (tmp_path / "out").mkdir()
    (tmp_path / "article.md").write_text("# A short article\n\nIndependent oversight of biometrics is needed now.")
    hostile_name = tmp_path / "evil\x1b[2J\u202egpj.md"
    hostile_name.write_text("# Evil\x1b[31m title\u202e\n\nBody text of the article with a hostile name, long enough.")
    (tmp_path / "read-only.docx").write_bytes(b"someone else's document")
    (tmp_path / "read-only.docx").chmod(0o444)
    (tmp_path / "full-device.docx").symlink_to("/dev/full")  # a link is what it points to
    (tmp_path / "folder.docx").mkdir()
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    return World(store, store.data_dir, tmp_path, fifo, hostile_name)


def state(world: World) -> tuple[object, ...]:
    """What a refused command must leave as it was: the tables, the files made by the test, the pipe."""
    files = sorted(p.name for p in world.tmp.rglob("*") if "drafter-data" not in p.parts)
    written = sorted(p.name for p in (world.tmp / "out").iterdir())
    return dump(world.store), files, written, os.stat(world.fifo).st_ino


@pytest.fixture(autouse=True)
def time_guard() -> Iterator[None]:
    """End the run with every thread's stack if a command hangs (a pipe opened for reading, say)."""
    faulthandler.dump_traceback_later(TIME_LIMIT, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def drafter(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        args = parse_arguments(list(argv), err=err)
    if isinstance(args, int):
        return args, out.getvalue(), err.getvalue()
    return run(args, out=out, err=err), out.getvalue(), err.getvalue()


def check(argv: list[str], world: World, *, must_refuse: bool) -> str | None:
    """What is wrong with running ``argv``, or None."""
    before = state(world)
    code, out, err = drafter(*argv)
    shown = " ".join(repr(a) if len(a) < 60 else repr(a[:60] + "…") for a in argv)
    if "Traceback" in err or code == EXIT_UNEXPECTED:
        return f"{shown}: a traceback or an unexpected error ({code}): {err[:500]!r}"
    if has_controls(out) or has_controls(err):
        return f"{shown}: raw control characters printed"
    if code == 0:
        return f"{shown}: accepted, but it must be refused" if must_refuse else None
    lines = err.splitlines()
    # One plain line says what is wrong; a hint, or the places a quotation occurs, may follow.
    if not lines or not lines[0].startswith("drafter") or len(lines[0]) > 400 or TECHNICAL.search(err):
        return f"{shown}: not one plain message: {err[:500]!r}"
    if state(world) != before:
        return f"{shown}: refused ({lines[0][:100]}), but something changed"
    return None


# --- the tests ----------------------------------------------------------------------------


def test_every_kind_of_argument_is_covered() -> None:
    kinds = {case.kind for case in cases()}
    assert kinds == {"number", "date", "read", "write", "text"}
    assert {str(c) for c in cases()} >= {"search limit (number)", "export output (write)", "sources add files (read)",
                                          "library export file (write)", "answer response_id (number)",
                                          "sources checked on (date)"}


@pytest.mark.parametrize("case", cases(), ids=str)
def test_hostile_arguments_are_refused_plainly(case: Case, world: World) -> None:
    parser = COMMANDS[case.path]
    problems = []
    for value, what in world.hostile(case.kind):
        argv: list[str] = [*case.path]
        for action in parser._actions:
            if isinstance(action, HELP_ACTIONS) or (action.option_strings and not action.required
                                                      and action.dest != case.dest):
                continue
            values = [value] if action.dest == case.dest else world.valid(case.path, action)
            argv += [*action.option_strings[:1], *values]
        # Refused for certain: a bad number, anything but an ordinary file, a missing file or folder. Text and
        # a hostile (but ordinary) file name may be accepted: then only what is printed is checked.
        must_refuse = what not in ("text", "control-name")
        if case.path == ("export",) and what == "folder":
            must_refuse = False  # `drafter export -o FOLDER` writes the proposed file name inside it
        problem = check(argv, world, must_refuse=must_refuse)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("path", "option"), [
    (path, action.option_strings[-1]) for path, parser in COMMANDS.items() for action in parser._actions
    if isinstance(action, StoreOnce) and action.option_strings
], ids=lambda v: " ".join(v) if isinstance(v, tuple) else v)
def test_a_repeated_option_is_refused_and_changes_nothing(path: tuple[str, ...], option: str, world: World) -> None:
    parser = COMMANDS[path]
    argv: list[str] = [*path]
    for action in parser._actions:
        if isinstance(action, HELP_ACTIONS):
            continue
        if option in action.option_strings:
            argv += [option, *world.valid(path, action), option, *world.valid(path, action)]
        elif not action.option_strings or action.required:
            argv += [*action.option_strings[:1], *world.valid(path, action)]
    problem = check(argv, world, must_refuse=True)
    assert problem is None, problem


@pytest.mark.parametrize("what", ["file", "fifo", "device"])
def test_a_hostile_data_folder_is_refused_plainly(what: str, world: World) -> None:
    folder = {"file": str(world.tmp / "article.md"), "fifo": str(world.fifo), "device": "/dev/null"}[what]
    for command in (["sources", "list"], ["responses", "list"], ["backup", "list"], ["search", "x"]):
        problem = check(["--data-dir", folder, *command], world, must_refuse=True)
        assert problem is None, problem
