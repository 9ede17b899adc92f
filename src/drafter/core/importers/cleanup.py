"""Make extracted text safe to store, quote and write into a Word document.

Word (like any XML 1.0 file) cannot hold most C0 control characters, U+FFFE,
U+FFFF or unpaired surrogates: a quotation containing one would make the export
fail much later, far from its cause. So they are taken out here, at the door,
and the user is told how many. Line endings are unified to ``\\n`` because the
front-matter reader, the search index and the editor all count offsets in
characters and must agree on what a line break is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters that mean "new line" in some program or other. Turning them into
# "\n" (rather than deleting them) keeps the words on either side apart: Word
# puts U+000B into copied text for Shift+Enter, and text files use U+000C as a
# page break.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

# C0 controls except tab and newline (carriage return is already gone), the two
# non-characters XML forbids, and any lone surrogate left by a lenient decoder.
_UNSTORABLE = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class CleanText:
    text: str
    removed: int  # how many unstorable characters were taken out


def clean_text(text: str) -> CleanText:
    """Unify line breaks, drop characters Word cannot store, compose accents (NFC).

    NFC makes 'é' one character whether the source wrote it as one or as 'e'
    plus a combining accent, so searching for a quotation finds it either way.
    Trailing whitespace at the very end is dropped: a file's final newline is
    not part of what anyone would quote.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text, removed = _UNSTORABLE.subn("", text)
    text = unicodedata.normalize("NFC", text)
    return CleanText(text.rstrip(), removed)


def removed_warning(removed: int) -> list[str]:
    """The warning for ``removed`` unstorable characters (none when nothing was removed)."""
    if not removed:
        return []
    noun = "character" if removed == 1 else "characters"
    return [f"Removed {removed} control {noun} Word cannot store."]


def collapse_spaces(text: str) -> str:
    """Turn every run of whitespace into one space (for metadata values, never body text)."""
    return re.sub(r"\s+", " ", text).strip()
