"""Text for a terminal: characters that could rewrite the screen are shown as escapes instead.

A source's title, a file's name or an answer's text can hold anything a file or
a colleague put there, including characters a terminal acts on rather than
shows: ANSI escape sequences (colours, cursor moves, changing the window's
title), a carriage return that lets a line overwrite itself, and the Unicode
bidirectional overrides (U+202E and its kin) that make text read differently
from how it is stored. The command line prints everything through
``TerminalWriter``, which writes each such character as a visible escape
(``\\x1b``, ``\\r``, ``\\u202e``); the text itself is not changed in the library.

What is escaped: every C0 control except newline and tab, DEL, every C1 control
(U+0080–U+009F), the bidirectional embeddings, overrides and isolates
(U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators
(U+2028, U+2029). The direction *marks* (U+200E, U+200F, U+061C) and the
zero-width joiners are left alone: they are part of ordinary Arabic, Hebrew,
Persian and Indic text and cannot move other characters around.

Characters from U+007F up are written as ``\\uXXXX``, which is also a JSON
escape of the same character, so JSON output passed through the writer stays
valid JSON meaning the same thing (``json.dumps`` already escapes C0 controls,
so none of those reach the writer from JSON). Newlines and tabs in a value that
must stay on one line (a title in a table) are escaped with ``one_line``.

Nothing here imports Qt.
"""

from __future__ import annotations

import re
from typing import TextIO

_CONTROL_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE = re.compile(f"[{_CONTROL_CLASS}]")
_UNSAFE_ON_ONE_LINE = re.compile(f"[{_CONTROL_CLASS}\n\t]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x7F else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every character a terminal would act on written as an escape; newlines and tabs kept."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """Like ``escape_controls``, and newlines and tabs escaped too: for a value that must stay on its line."""
    return _UNSAFE_ON_ONE_LINE.sub(_escape, text)


def has_controls(text: str) -> bool:
    """Whether ``escape_controls`` would change ``text``."""
    return _UNSAFE.search(text) is not None


class TerminalWriter:
    """A text stream that passes everything written through ``escape_controls``.

    Wraps ``sys.stdout`` or ``sys.stderr`` (or a test's ``StringIO``); every print
    of the command line goes through one of these, so no path can forget.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape_controls(text))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    @property
    def encoding(self) -> str | None:
        return getattr(self._stream, "encoding", None)

    @property
    def wrapped(self) -> TextIO:
        """The stream underneath, for code that must write it unchanged (none should)."""
        return self._stream
