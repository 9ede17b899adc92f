"""Reading a consultation's questions from a Word (.docx) file.

Word keeps automatic list numbers out of the paragraph text: '1.' before a
numbered paragraph is drawn from the numbering definitions. So the numbers are
counted here, in document order, the way Word counts them (per list, honouring
its start values), and the parser is told which numbers were counted.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from drafter.core.questions.lines import AutoKind, SourceLine, check_text_size
from drafter.core.questions.model import ParsedQuestionSet, QuestionParseError
from drafter.core.questions.parse import parse_lines

MAX_DOCX_BYTES = 50 * 1024 * 1024
# A zip can expand enormously; a consultation's XML is a few megabytes at most.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .doc format

_NOT_DOCX = "This file could not be read as a Word document (.docx)."
_NOT_DOCX_HINT = "It may be damaged or in another format. Open it in Word and save it as .docx."

_LETTER_FORMATS = {"lowerLetter", "upperLetter"}
_ROMAN_FORMATS = {"lowerRoman", "upperRoman"}
# Wingdings box glyphs some forms insert with Insert > Symbol (w:sym, not text).
_BOX_SYMBOLS = {"F06F", "F0A8", "F071", "F072", "F0FE", "F0FD", "F0A1", "F0A3"}
# Text that is not part of the paragraph as read: text boxes (their paragraphs
# are elsewhere), deleted or moved-away tracked changes, and the duplicate copy
# Word keeps for older readers.
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIPPED = {qn("w:txbxContent"), qn("w:del"), qn("w:moveFrom"), _MC_FALLBACK}


def questions_from_docx(data: bytes) -> ParsedQuestionSet:
    """Read the questions from the bytes of a .docx file.

    Raises ``QuestionParseError`` for anything that is not a readable .docx or
    holds no recognisable question.
    """
    document = _open(bytes(data))
    lines = list(_lines(document))
    check_text_size(sum(len(line.text) for line in lines))
    return parse_lines(lines)


def _open(data: bytes) -> Any:
    if not data:
        raise QuestionParseError("The file is empty.", hint=_NOT_DOCX_HINT)
    if len(data) > MAX_DOCX_BYTES:
        raise QuestionParseError(
            f"The file is too large to be a list of questions ({len(data) // 1_048_576} MB).",
            hint="Copy the questions into a smaller document or paste them as text.",
        )
    if data.startswith(_OLE_MAGIC):
        raise QuestionParseError(
            "This is an older Word document (.doc), which Drafter cannot read.",
            hint="Open it in Word and save it as .docx, then try again.",
        )
    from drafter.core.zipguard import UnsafeZip, ZipGuard

    guard = ZipGuard(max_total_bytes=MAX_UNZIPPED_BYTES)
    try:
        with guard.open(data) as archive:
            guard.check_total(archive.infolist())
    except UnsafeZip as exc:
        raise QuestionParseError(_NOT_DOCX, hint=_NOT_DOCX_HINT) from exc
    # The same safety checks as every other .docx Drafter opens: zip bombs, entries
    # that escape the folder, DOCTYPE/entity declarations.
    from drafter.core.importers.document import ImportRefused
    from drafter.core.importers.docx_safety import DAMAGED, check_docx_archive

    try:
        check_docx_archive(data)
    except ImportRefused as exc:
        if exc.message == DAMAGED:  # not a Word document at all: say it as this reader does
            raise QuestionParseError(_NOT_DOCX, hint=_NOT_DOCX_HINT) from None
        raise QuestionParseError(exc.message, hint=exc.hint or _NOT_DOCX_HINT) from None
    import docx  # python-docx; imported here so parsing pasted text never needs it

    try:
        return docx.Document(io.BytesIO(data))
    # python-docx reports a broken package with many exception types (KeyError,
    # ValueError, XMLSyntaxError, PackageNotFoundError…); all mean the same here.
    except Exception as exc:
        raise QuestionParseError(_NOT_DOCX, hint=_NOT_DOCX_HINT) from exc


def _blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs in reading order, including those in tables and content controls."""
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            yield child
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                for cell in row.iterchildren(qn("w:tc")):
                    yield from _blocks(cell)
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent"))
            yield from _blocks(content if content is not None else child)


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    tags = (qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:sym"), qn("w:noBreakHyphen"))
    for element in paragraph.iter(*tags):
        if any(ancestor.tag in _SKIPPED for ancestor in element.iterancestors()):
            continue
        tag = element.tag
        if tag == qn("w:t"):
            parts.append(element.text or "")
        elif tag == qn("w:tab"):
            parts.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
        elif (element.get(qn("w:char")) or "").upper() in _BOX_SYMBOLS:
            parts.append("☐")
    return "".join(parts)


class _Numbering:
    """Word's list numbering: which paragraphs are numbered, and with what number."""

    def __init__(self, document: Any) -> None:
        try:
            root: Any = document.part.part_related_by(RT.NUMBERING).element
        except (KeyError, AttributeError):
            root = None
        # Looked up by id through dicts, not XPath: ids come from the file and
        # may hold any character.
        self.nums = _by_id(root, "w:num", "w:numId")
        self.abstracts = _by_id(root, "w:abstractNum", "w:abstractNumId")
        self.styles = _by_id(document.styles.element, "w:style", "w:styleId")
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()

    def _style_numpr(self, style_id: str | None) -> tuple[str | None, str | None]:
        for _ in range(10):  # basedOn chains are short; a cycle must not hang us
            style = self.styles.get(style_id or "")
            if style is None:
                break
            numpr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numpr is not None:
                return _val(numpr, "w:numId"), _val(numpr, "w:ilvl")
            style_id = _val(style, "w:basedOn")
        return None, None

    def label(self, paragraph: Any) -> tuple[AutoKind, str | None] | None:
        ppr = paragraph.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = _val(numpr, "w:numId") if numpr is not None else None
        level_text = _val(numpr, "w:ilvl") if numpr is not None else None
        if num_id is None:
            num_id, style_level = self._style_numpr(
                _val(ppr, "w:pStyle") if ppr is not None else None
            )
            level_text = level_text or style_level
        if not num_id or num_id == "0":  # numId 0 switches a style's numbering off
            return None
        num = self.nums.get(num_id)
        if num is None:
            return None
        level = _int(level_text, 0)
        abstract_id = _val(num, "w:abstractNumId") or num_id
        abstract = self.abstracts.get(abstract_id)
        levels = [] if abstract is None else abstract.iterchildren(qn("w:lvl"))
        lvl = next((el for el in levels if _int(el.get(qn("w:ilvl")), 0) == level), None)
        fmt = (_val(lvl, "w:numFmt") if lvl is not None else None) or "decimal"
        if fmt == "none":
            return None
        if fmt == "bullet":
            return "bullet", None
        start = _int(_val(lvl, "w:start") if lvl is not None else None, 1)
        # Lists sharing an abstract definition continue one another in Word,
        # unless a list restarts with a startOverride.
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for override in num.iterchildren(qn("w:lvlOverride")):
                start_override = override.find(qn("w:startOverride"))
                if start_override is not None:
                    override_level = _int(override.get(qn("w:ilvl")), 0)
                    counters[override_level] = _int(start_override.get(qn("w:val")), 1) - 1
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        value = counters[level]
        if fmt in _LETTER_FORMATS:
            return "letter", _letters(value)
        if level > 0:
            return "bullet", None  # nested numbered items: answer lists, not questions
        return "number", _roman(value) if fmt in _ROMAN_FORMATS else str(value)


def _by_id(root: Any, tag: str, id_attribute: str) -> dict[str, Any]:
    if root is None:
        return {}
    found: dict[str, Any] = {}
    for element in root.iterchildren(qn(tag)):
        found.setdefault(element.get(qn(id_attribute)) or "", element)
    return found


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


def _int(text: str | None, default: int) -> int:
    # Word's numbers are small; anything else in the file falls back to the default.
    return int(text) if text and re.fullmatch(r"-?[0-9]{1,6}", text) else default


def _letters(value: int) -> str:
    # Word's lowerLetter goes a..z, then aa..zz, then aaa...
    if not 1 <= value <= 26 * 3:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    if not 1 <= value < 4000:
        return str(value)
    numerals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = []
    for amount, numeral in numerals:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


def _lines(document: Any) -> Iterator[SourceLine]:
    numbering = _Numbering(document)
    for number, paragraph in enumerate(_blocks(document.element.body), start=1):
        listed = numbering.label(paragraph)
        ppr = paragraph.find(qn("w:pPr"))
        style = (_val(ppr, "w:pStyle") if ppr is not None else None) or ""
        first = True
        for raw in _paragraph_text(paragraph).splitlines():
            text = raw.strip()
            if not text:
                continue
            yield SourceLine(
                text,
                f"Paragraph {number}",
                # Each Word paragraph is a paragraph of its own: a blank line in a paste.
                blank_before=first,
                auto_kind=listed[0] if listed and first else None,
                auto_label=listed[1] if listed and first else None,
                heading_style=style.lower().startswith("heading"),
                title_style=style.lower() == "title",
            )
            first = False
