"""Paragraphs and runs written straight as WordprocessingML elements.

python-docx's proxies re-check the schema's child order and look styles up by
walking every style on each call: right for editing a document, slow for
writing a thousand paragraphs and five hundred footnotes in one go. The export
only ever appends, in order, so it builds the few elements it needs directly,
children in the order the schema requires (pPr: pStyle … numPr; rPr: rStyle,
b, i, smallCaps, vertAlign).
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.oxml.ns import qn
from lxml import etree

from drafter.core.citations import Run

_P, _PPR, _PSTYLE, _NUMPR, _ILVL, _NUMID = (qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:numPr", "w:ilvl", "w:numId"))
_R, _RPR, _RSTYLE, _B, _I, _SMALLCAPS, _VERTALIGN = (
    qn(t) for t in ("w:r", "w:rPr", "w:rStyle", "w:b", "w:i", "w:smallCaps", "w:vertAlign"))
_T, _TAB, _BR, _VAL = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:val")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class Body:
    """Appends paragraphs to a body (or a footnote), before its closing section properties."""

    def __init__(self, container: etree._Element) -> None:
        self.container = container
        self.end = container.find(qn("w:sectPr"))

    def paragraph(self, style_id: str | None = None, num_id: int | None = None) -> etree._Element:
        p = self.container.makeelement(_P, {})
        if self.end is not None:
            self.end.addprevious(p)
        else:
            self.container.append(p)
        if style_id or num_id is not None:
            ppr = etree.SubElement(p, _PPR)
            if style_id:
                etree.SubElement(ppr, _PSTYLE).set(_VAL, style_id)
            if num_id is not None:
                numpr = etree.SubElement(ppr, _NUMPR)
                etree.SubElement(numpr, _ILVL).set(_VAL, "0")
                etree.SubElement(numpr, _NUMID).set(_VAL, str(num_id))
        return p


def run(p: etree._Element, text: str = "", *, style_id: str | None = None, bold: bool = False,
        italic: bool = False, small_caps: bool = False, superscript: bool = False) -> etree._Element:
    """A run of ``text`` at the end of paragraph ``p``; a tab in the text becomes Word's tab."""
    r = etree.SubElement(p, _R)
    if style_id or bold or italic or small_caps or superscript:
        rpr = etree.SubElement(r, _RPR)
        if style_id:
            etree.SubElement(rpr, _RSTYLE).set(_VAL, style_id)
        if bold:
            etree.SubElement(rpr, _B)
        if italic:
            etree.SubElement(rpr, _I)
        if small_caps:
            etree.SubElement(rpr, _SMALLCAPS)
        if superscript:
            etree.SubElement(rpr, _VERTALIGN).set(_VAL, "superscript")
    for index, piece in enumerate(text.split("\t")):
        if index:
            etree.SubElement(r, _TAB)
        if piece:
            t = etree.SubElement(r, _T)
            t.text = piece
            t.set(_SPACE, "preserve")
    return r


def line_break(p: etree._Element) -> None:
    etree.SubElement(etree.SubElement(p, _R), _BR)


def runs(p: etree._Element, formatted: Iterable[Run]) -> None:
    """Formatted citation text as runs."""
    for piece in formatted:
        run(p, piece.text, italic=piece.italic, bold=piece.bold, small_caps=piece.small_caps,
            superscript=piece.superscript)


def text_of(p: etree._Element) -> str:
    return "".join(p.itertext())
