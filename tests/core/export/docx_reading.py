"""Reading an exported .docx back: raw XML of its parts, as Word would read them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def text_of(element: etree._Element) -> str:
    return "".join(element.xpath(".//w:t/text()", namespaces=NS))


def reference_ids(path: Path) -> list[str]:
    """The footnote ids the body refers to, in reading order."""
    return part(path, "word/document.xml").xpath("//w:footnoteReference/@w:id", namespaces=NS)


def footnotes(path: Path) -> dict[str, str]:
    """Every real note's text (separators left out), by id."""
    root = part(path, "word/footnotes.xml")
    return {
        note.get(f"{{{W}}}id"): text_of(note).strip()
        for note in root.xpath("w:footnote[not(@w:type)]", namespaces=NS)
    }


def notes_in_order(path: Path) -> list[str]:
    notes = footnotes(path)
    return [notes[i] for i in reference_ids(path)]


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style id, text) of each body paragraph."""
    body = part(path, "word/document.xml")
    out = []
    for p in body.xpath("//w:body/w:p", namespaces=NS):
        style = p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
        out.append((style, text_of(p)))
    return out


def numbered(path: Path) -> list[str]:
    """The text of every paragraph carrying Word numbering."""
    body = part(path, "word/document.xml")
    return [text_of(p) for p in body.xpath("//w:body/w:p[w:pPr/w:numPr]", namespaces=NS)]
