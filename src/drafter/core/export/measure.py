"""How long a quotation is on the page, and so whether each guide sets it as a block.

The guides judge "long" quotations differently:

- OSCOLA 4th ed. §1.5.1: a quotation of **more than three lines** is set as an
  indented block without quotation marks. Lines depend on the page, so the line
  count is estimated at the document's own measure: the text width of its page
  (page width less the left and right margins, from the template's page set-up)
  and its body font size (the template's default run size). An average character
  of English prose in a common body font (Calibri, Arial, Times New Roman) is
  about 0.47 of the font size wide (``AVERAGE_CHARACTER_EM``: lowercase letters,
  spaces and punctuation together, the mean of those fonts' advance widths for a
  sample of running text), so a line holds about ``text width / (0.47 × size)``
  characters: 84 on the default template (US Letter, 1.25 in margins, 11 pt), 87
  on A4 with 2.54 cm margins at 11 pt.
- APA 7 §8.27: **40 words or more** is a block quotation.
- Cite Them Right 12th ed. (Quotations): short quotations are "a few words or one or
  two sentences" and run in; longer ones are set apart. It gives no number, so
  Drafter sets a quotation of **more than two sentences** as a block.
- Any other style: APA's 40 words, the common academic threshold.

A passage over more than one paragraph of its source is always a block, whatever
its length: run in, its paragraph break could not be shown.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from drafter.core.citations import StyleInfo
from drafter.core.errors import DrafterError
from drafter.core.importers.docx_safety import check_docx_archive

#: A quotation of this many words or more is a block in APA 7 (§8.27) and in styles with no rule of their own.
LONG_QUOTATION_WORDS = 40
#: OSCOLA 4th ed. §1.5.1: more than this many lines is a block.
OSCOLA_MAX_LINES = 3
#: Cite Them Right: "a few words or one or two sentences" run in.
HARVARD_MAX_SENTENCES = 2
#: The average width of a character of English prose, as a fraction of the font size (see above).
AVERAGE_CHARACTER_EM = 0.47

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TWIPS_PER_POINT = 20
# A sentence ends with . ! or ? (and any closing marks) before a space and a capital or an opening mark.
_SENTENCE_END = re.compile(r"[.!?][\u2019\u201d\"')\]]*\s+(?=[A-Z\u2018\u201c\"'(\[])")


@dataclass(frozen=True)
class Measure:
    """The width of a page's text and the size of its body font, in points."""

    text_width: float
    font_size: float

    @property
    def characters_per_line(self) -> float:
        return self.text_width / (AVERAGE_CHARACTER_EM * self.font_size)


#: US Letter, 1.25 in side margins, 11 pt: python-docx's default template, which a Word
#: export without a template of the user's is made from (read from it by ``template_measure``).
DEFAULT_MEASURE = Measure(text_width=432.0, font_size=11.0)


def lines_at(text: str, measure: Measure) -> int:
    """The lines ``text`` fills at ``measure`` when set on its own (at least one)."""
    length = len(" ".join(text.split()))
    return max(1, math.ceil(length / measure.characters_per_line))


def sentences(text: str) -> int:
    """The sentences of ``text`` (at least one for any text)."""
    flat = " ".join(text.split())
    return len(_SENTENCE_END.findall(flat)) + 1 if flat else 0


def is_long_quotation(text: str, style: StyleInfo, measure: Measure = DEFAULT_MEASURE) -> bool:
    """True when ``style``'s guide sets this quotation as an indented block (see the module's notes)."""
    if len([line for line in text.split("\n") if line.strip()]) > 1:
        return True  # more than one paragraph of its source
    rules = style.parent or style.id
    if rules == "oscola":
        return lines_at(text, measure) > OSCOLA_MAX_LINES
    if rules == "harvard-cite-them-right":
        return sentences(text) > HARVARD_MAX_SENTENCES
    return len(text.split()) >= LONG_QUOTATION_WORDS


def template_measure(template: Path | None) -> Measure:
    """The measure of a Word template's first page set-up and body font (``DEFAULT_MEASURE``,
    python-docx's default template's, when None); ``DEFAULT_MEASURE`` for anything it does not
    say or a file that can't be read (the export itself then reports the template's problem)."""
    if template is None:
        return DEFAULT_MEASURE  # the default template's own (a test reads it from the file)
    try:
        data = template.read_bytes()
        check_docx_archive(data)
        with zipfile.ZipFile(BytesIO(data)) as archive:
            document = ET.fromstring(archive.read("word/document.xml"))
            styles = ET.fromstring(archive.read("word/styles.xml")) if "word/styles.xml" in archive.namelist() else None
    except (OSError, KeyError, ET.ParseError, zipfile.BadZipFile, DrafterError):
        return DEFAULT_MEASURE
    width = _text_width(document)
    size = _body_size(styles) if styles is not None else None
    return Measure(width or DEFAULT_MEASURE.text_width, size or DEFAULT_MEASURE.font_size)


def _text_width(document: ET.Element) -> float | None:
    section = next(document.iter(f"{_W}sectPr"), None)
    if section is None:
        return None
    size, margins = section.find(f"{_W}pgSz"), section.find(f"{_W}pgMar")
    try:
        width = int(size.get(f"{_W}w", "")) if size is not None else None
        left = int(margins.get(f"{_W}left", "0")) if margins is not None else 0
        right = int(margins.get(f"{_W}right", "0")) if margins is not None else 0
    except ValueError:
        return None
    if width is None or width - left - right <= 0:
        return None
    return (width - left - right) / _TWIPS_PER_POINT


def _body_size(styles: ET.Element) -> float | None:
    """The Normal style's font size, else the document default's (in half-points in the file)."""
    for style in styles.iter(f"{_W}style"):
        if style.get(f"{_W}styleId") == "Normal" and (size := _half_points(style)) is not None:
            return size
    defaults = styles.find(f"{_W}docDefaults")
    return _half_points(defaults) if defaults is not None else None


def _half_points(element: ET.Element) -> float | None:
    found = next(element.iter(f"{_W}sz"), None)
    try:
        value = int(found.get(f"{_W}val", "")) if found is not None else 0
    except ValueError:
        return None
    return value / 2 if value > 0 else None
