"""The parts of a Word document python-docx has no API for: footnotes, numbering, a page field.

Footnotes, minimally and as Word itself writes them: a part ``word/footnotes.xml``
related to the document (type .../relationships/footnotes, content type
...wordprocessingml.footnotes+xml, which python-docx lists in [Content_Types].xml
for every part it saves). It starts with the two notes Word requires, the
separator line and its continuation (``w:type`` set, ids -1 and 0, named in
settings.xml's ``w:footnotePr``); then one ``w:footnote`` per citation, each a
paragraph in the 'footnote text' style opening with a ``w:footnoteRef`` mark.
The body points at a note with a run holding ``w:footnoteReference w:id=N``.
Word numbers notes by the order of their references, so ids need only be unique.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.styles.style import BaseStyle
from lxml import etree

from drafter.core.citations import Run
from drafter.core.export.docx_xml import Body, run, runs

_NOTES_XML = f'<w:footnotes {nsdecls("w", "r")}/>'
_SEPARATORS = tuple(
    f'<w:footnote {nsdecls("w")} w:type="{kind}" w:id="{note_id}"><w:p><w:pPr><w:spacing w:after="0" '
    f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
    for kind, note_id in (("separator", -1), ("continuationSeparator", 0))
)


_AFTER_FOOTNOTE_PR = frozenset(
    [
        "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
        "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
    ]
)


def style(document: Document, names: Iterable[str], kind: WD_STYLE_TYPE, create: str,
          setup: object = None, *, style_id: str | None = None, builtin: bool = False) -> BaseStyle:
    """The template's style of one of ``names`` (Word's built-in spellings), else a new one.

    A built-in style (``builtin``) is created under Word's own lower-case name and
    id, so Word recognises it as its 'footnote text' rather than a look-alike.
    """
    styles = document.styles
    for name in names:
        try:
            found = styles[name]
        except KeyError:
            continue
        if found.type == kind:
            return found
    made = styles.add_style(create, kind, builtin=builtin)
    if style_id:
        made.style_id = style_id
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        normal = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        if normal is not None:  # so a made style takes the template's font, not Word's defaults
            made.base_style = normal
    if callable(setup):
        setup(made)
    return made


def note_styles(document: Document) -> tuple[str, str]:
    """The style ids of footnote text and the footnote mark (a template may name them in any language)."""
    def text_setup(made: BaseStyle) -> None:
        made.font.size = Pt(10)  # type: ignore[attr-defined]
        made.paragraph_format.space_after = Pt(0)  # type: ignore[attr-defined]

    def mark_setup(made: BaseStyle) -> None:
        made.font.superscript = True  # type: ignore[attr-defined]

    text = style(document, ("footnote text", "Footnote Text"), WD_STYLE_TYPE.PARAGRAPH,
                 "footnote text", text_setup, style_id="FootnoteText", builtin=True)
    mark = style(document, ("footnote reference", "Footnote Reference"), WD_STYLE_TYPE.CHARACTER,
                 "footnote reference", mark_setup, style_id="FootnoteReference", builtin=True)
    return text.style_id, mark.style_id


class Footnotes:
    """The footnotes part of one document, filled as the body is written."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._text_style, self.mark_style = note_styles(document)
        part = document.part
        self._element = parse_xml(_NOTES_XML)
        kept = 0
        for rid, rel in list(part.rels.items()):
            if rel.reltype == RT.FOOTNOTES:
                # A template's own notes: keep its separators (its settings name them), drop its notes.
                old = parse_xml(rel.target_part.blob)
                for note in old.findall(qn("w:footnote")):
                    if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                        self._element.append(note)
                        kept += 1
                del part.rels[rid]
        if not kept:
            for xml in _SEPARATORS:
                self._element.append(parse_xml(xml))
            _name_separators(document)
        self._next = 1 + max(int(n.get(qn("w:id"))) for n in self._element)
        self.count = 0
        self._part: _LatePart | None = None

    def add(self, paragraph: etree._Element, citation: Iterable[Run] = ()) -> etree._Element:
        """Put a footnote mark at the end of ``paragraph`` and a note holding ``citation``.

        Returns the note's paragraph, so the citation can also be added to it later.
        """
        note_id = self._next
        self._next += 1
        self.count += 1
        mark = run(paragraph, style_id=self.mark_style)
        etree.SubElement(mark, qn("w:footnoteReference")).set(qn("w:id"), str(note_id))
        note = etree.SubElement(self._element, qn("w:footnote"))
        note.set(qn("w:id"), str(note_id))
        text = Body(note).paragraph(self._text_style)
        etree.SubElement(run(text, style_id=self.mark_style), qn("w:footnoteRef"))
        run(text, " ")
        runs(text, citation)
        return text

    def attach(self, before_writing: Callable[[], None] | None = None) -> None:
        """Relate the part to the document; ``before_writing`` (filling in the notes) is called
        when the document is saved, just before this part is written."""
        self._part = _LatePart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self._element,
                               self._document.part.package)
        self._part.before_writing = before_writing
        self._document.part.relate_to(self._part, RT.FOOTNOTES)

    def raise_problem(self) -> None:
        """Raise what stopped the notes being filled in while the document was saved, if anything."""
        if self._part is not None and self._part.problem is not None:
            raise self._part.problem


class _LatePart(XmlPart):
    """An XML part whose content may be completed while the parts before it are written.

    What goes wrong while completing it (a cancel, pandoc failing) is kept, not raised:
    raised inside python-docx's save it would leave the zip open, to be closed later
    over a file that is gone. The caller raises it once the save is over.
    """

    before_writing: Callable[[], None] | None = None
    problem: Exception | None = None

    @property
    def blob(self) -> bytes:
        if self.before_writing is not None:
            fill, self.before_writing = self.before_writing, None
            try:
                fill()
            except Exception as exc:
                self.problem = exc
        return super().blob


def _name_separators(document: Document) -> None:
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
    # Word checks the schema's order of settings: footnotePr goes before the first of these.
    after = next((child for child in settings if child.tag.rsplit("}", 1)[-1] in _AFTER_FOOTNOTE_PR), None)
    if after is not None:
        after.addprevious(pr)
    else:
        settings.append(pr)


def numbering(document: Document) -> int:
    """A new list of plain numbered paragraphs ('1.', '2.' … hanging at the margin); its numId.

    Real Word numbering rather than typed numbers, so paragraphs a policy team
    adds in Word afterwards are numbered in turn.
    """
    part = document.part
    try:
        element = part.part_related_by(RT.NUMBERING).element  # type: ignore[attr-defined]
    except KeyError:
        element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
        made = XmlPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, part.package)
        part.relate_to(made, RT.NUMBERING)
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in element.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in element.findall(qn("w:num"))]
    abstract_id, num_id = max(abstract_ids, default=0) + 1, max(num_ids, default=0) + 1
    indent = int(Cm(1).twips)
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    # The schema wants every abstractNum before the first num.
    first_num = element.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        element.append(abstract)
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    cleanup = element.find(qn("w:numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(num)
    else:
        element.append(num)
    return num_id


def page_numbers(document: Document) -> None:
    """A centred page number in the footer, unless the template's footer already shows one."""
    footer = document.sections[-1].footer
    xml = footer._element.xml
    if " PAGE " in xml or 'w:instr="PAGE' in xml or ">PAGE<" in xml:
        return
    empty = [p for p in footer.paragraphs if not p.text.strip() and len(p._p) <= 1]
    # A new footer comes with one empty paragraph; use it rather than add a blank line above.
    paragraph = empty[-1] if empty and len(footer.paragraphs) == 1 else footer.add_paragraph()
    paragraph.alignment = 1  # centre
    field = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    paragraph._p.append(field)
