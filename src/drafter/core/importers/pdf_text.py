"""Turn a PDF page's text lines back into paragraphs.

A PDF has no paragraphs, only lines placed on a page, so text extracted from it
breaks mid-sentence and splits words at line-end hyphens. A quotation must read
like the publication, so lines are rejoined here.

Paragraph breaks: a line starts a new paragraph when the gap above it is
clearly wider than the page's line spacing (or its font size changes), when it
starts with a bullet or list number, when the extracted text has a blank line
there, or when the line before is short (well under the page's longest line)
and either ends a sentence or is followed by a line starting with a capital or
digit (a heading or list item). Otherwise it joins the line before with one
space. A short line that breaks mid-sentence before a proper noun (text
flowing round a picture) is therefore split wrongly; it is rare.

Hyphens at a line end ('regu-' + 'lation'): when the next line starts with a
lower-case letter, the word is rejoined without the hyphen, unless
  1. the document elsewhere spells the hyphenated form on one line, or
  2. the part before the hyphen is a common first half of a compound ('well-',
     'self-', 'non-', 'cross-', number words …),
in which case the hyphen stays ('well-known'). If the joined word appears
elsewhere in the document, it is joined whatever the prefix. Limits: a real
compound split at its hyphen whose first half is not in the list and that the
document never writes on one line loses its hyphen ('cyber-security' becomes
'cybersecurity'); multi-column pages and tables are read in pypdf's order and
may be joined into run-on paragraphs.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_TRAILING_FRAGMENT = re.compile(r"([^\W\d_]+)[-\u2010]$")
_LEADING_WORD = re.compile(r"^([^\W\d_]+)")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_BULLET = re.compile(r"^(?:[•▪◦●■\-–—*]\s|\(?\d{1,3}[.)]\s|\(?[a-z]{1,3}\)\s)")

COMPOUND_PREFIXES = frozenset(
    [
        "well",
        "self",
        "non",
        "cross",
        "half",
        "long",
        "short",
        "full",
        "so",
        "all",
        "ill",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
    ]
)

#: A line at most this share of the page's longest line counts as short.
SHORT_LINE = 0.75
#: A gap this many times the usual line spacing separates paragraphs.
PARAGRAPH_GAP = 1.35


@dataclass(frozen=True)
class Line:
    text: str
    y: float | None = None  # baseline height on the page (bigger is higher up), if known
    size: float | None = None  # font size as drawn, if known


@dataclass(frozen=True)
class Vocabulary:
    """Words the whole document spells on one line, as evidence for rejoining split words."""

    words: frozenset[str]
    compounds: frozenset[str]

    @classmethod
    def from_lines(cls, lines: list[str]) -> Vocabulary:
        words: set[str] = set()
        compounds: set[str] = set()
        for line in lines:
            for match in _WORD.finditer(line):
                token = match.group().lower()
                if match.end() < len(line) and line[match.end()] in "-\u2010":
                    continue  # a fragment split at the line end is no evidence
                (compounds if "-" in token else words).add(token)
        return cls(frozenset(words), frozenset(compounds))


def join_hyphenated(left: str, right: str, vocabulary: Vocabulary) -> str:
    """Join two lines where ``left`` ends with a hyphen, deciding whether it was a real one."""
    if left.endswith("\u00ad"):  # a soft hyphen is only ever a line-break hint
        return left[:-1] + right
    fragment = _TRAILING_FRAGMENT.search(left)
    following = _LEADING_WORD.match(right)
    if not fragment or not following or not right[0].islower():
        return left + right  # 'COVID-' + '19', 'Anglo-' + 'French': the hyphen is real
    first, second = fragment.group(1).lower(), following.group(1).lower()
    if first + second in vocabulary.words:
        return left[:-1] + right
    if f"{first}-{second}" in vocabulary.compounds or first in COMPOUND_PREFIXES:
        return left + right
    return left[:-1] + right


def _line_spacing(lines: list[Line]) -> float | None:
    """The page's line spacing inside a paragraph: the smallest plausible gap between lines.

    Not the median: on a page of short paragraphs most gaps are paragraph gaps.
    Gaps under half the font size are superscripts or overprinting, not lines.
    """
    gaps = []
    for previous, line in itertools.pairwise(lines):
        if previous.y is None or line.y is None:
            continue
        gap = previous.y - line.y
        if gap > 0 and gap >= 0.5 * (line.size or 0):
            gaps.append(gap)
    return min(gaps) if gaps else None


def _starts_paragraph(previous: Line, line: Line, spacing: float | None, longest: int) -> bool:
    before, text = previous.text.strip(), line.text.strip()
    if _BULLET.match(text):
        return True
    if previous.size and line.size and abs(previous.size - line.size) > 0.15 * previous.size:
        return True  # a heading, or a caption, is set in another size
    if spacing and previous.y is not None and line.y is not None:
        gap = previous.y - line.y
        if gap > PARAGRAPH_GAP * spacing:
            return True
    if len(before) >= SHORT_LINE * longest:
        return False
    # A short line ends a paragraph if it ends a sentence; if it doesn't, it is a
    # heading, list item or table row when the next line starts like a new block.
    return bool(_SENTENCE_END.search(before)) or text[0].isupper() or text[0].isdigit()


def page_paragraphs(lines: list[Line], vocabulary: Vocabulary) -> str:
    """One page's lines as paragraphs separated by blank lines."""
    kept = [line for line in lines if line.text.strip()]
    spacing = _line_spacing(kept)
    longest = max((len(line.text.strip()) for line in kept), default=0)
    paragraphs: list[str] = []
    current = ""
    previous: Line | None = None
    blank_before = False
    for line in lines:
        text = line.text.strip()
        if not text:
            blank_before = True
            continue
        if previous is None or blank_before or _starts_paragraph(previous, line, spacing, longest):
            if current:
                paragraphs.append(current)
            current = text
        elif current.endswith(("-", "\u2010", "\u00ad")) and not current.endswith(" -"):
            current = join_hyphenated(current, text, vocabulary)
        elif current.endswith(("—", "/")):
            current += text  # an em dash or a slash at a line end joins without a space
        else:
            current = f"{current} {text}"
        previous, blank_before = line, False
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)
