"""The file name an export proposes: 'Liberty – Response to <consultation> – 2026-02-10.docx'.

Who responds, to what, and when, as a policy team names the file it submits
(the consulting body sees dozens of 'Response.docx'). The name is made safe for
every system's file names, since the file is often sent on to colleagues on
Windows, macOS and Linux alike: no character any of them forbids or treats
specially (``<>:"/\\|?*``, control characters), no name Windows reserves for a
device (CON, NUL, COM1 …), nothing but a letter, digit or closing mark at its
end (Windows drops trailing dots and spaces), and short enough for Windows'
260-character paths once a folder is added. Hand-written: it is a few rules,
and the libraries that exist for it (pathvalidate …) would be a new dependency
for one function.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

#: Forbidden on Windows (and '/' everywhere, ':' on older macOS); control characters too.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
#: The longest name proposed, extension included: room for a deep folder on Windows.
MAX_NAME = 120
SEPARATOR = " – "


def safe_file_name(name: str, extension: str = "") -> str:
    """``name`` as a file name every system accepts, with ``extension`` ('.docx') kept whole."""
    text = unicodedata.normalize("NFC", name)
    text = _FORBIDDEN.sub(" ", text)
    text = " ".join(text.split())
    limit = MAX_NAME - len(extension)
    if len(text) > limit:
        cut = text[: limit - 1]
        cut = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut
        text = cut.rstrip(" –-,;") + "…"
    text = text.strip(" .")
    if not text or text.split(".")[0].upper() in _RESERVED:
        text = f"Response {text}".strip()
    return text + extension


def proposed_file_name(consultation: str, organisation: str | None, day: date, extension: str) -> str:
    """'Liberty – Response to <consultation> – 2026-02-10.docx' (without the organisation when none is given).

    The date is ISO (year first), so the files of several drafts sort in order.
    """
    title = " ".join(consultation.split()) or "the consultation"
    parts = [f"Response to {title}", day.isoformat()]
    who = " ".join((organisation or "").split())
    if who:
        parts.insert(0, who)
    stem = SEPARATOR.join(parts)
    limit = MAX_NAME - len(extension)
    if len(stem) > limit:  # shorten the consultation's title, never the organisation or the date
        keep = limit - (len(stem) - len(title)) - 1
        short = title[:max(keep, 10)].rsplit(" ", 1)[0].rstrip(" –-,;:") + "…"
        parts[-2] = f"Response to {short}"
        stem = SEPARATOR.join(parts)
    return safe_file_name(stem, extension)
