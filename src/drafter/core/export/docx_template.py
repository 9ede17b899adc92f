"""The Word document an export starts from: python-docx's blank one, or the user's template.

A template gives its styles, page set-up, header and footer; everything else of
it is dropped, because a template file carries more than its looks: body text,
comments with their authors' names, the path of the template it was made from
(``attachedTemplate``, often ``C:\\Users\\name\\…\\Normal.dotm``), mail-merge
data sources, a thumbnail of its first page, custom properties, editing
restrictions. The document properties are then written afresh (see
``set_properties``): the author is the organisation, never the computer's user.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from drafter import __version__
from drafter.core.errors import DrafterError
from drafter.core.importers.document import ImportRefused
from drafter.core.importers.zip_safety import check_docx_archive

_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# What the document part may keep pointing at once the template's body is gone.
_KEEP = frozenset({
    RT.STYLES, RT.NUMBERING, RT.SETTINGS, RT.FONT_TABLE, RT.THEME, RT.WEB_SETTINGS,
    RT.FOOTNOTES, RT.ENDNOTES, RT.CUSTOM_XML,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
})
# Settings that would lock, link or personalise the new document.
_DROPPED_SETTINGS = ("w:writeProtection", "w:documentProtection", "w:attachedTemplate",
                     "w:mailMerge", "w:docVars")


class TemplateError(DrafterError):
    """The chosen Word template can't be used; nothing was exported."""


def open_base(template: Path | None) -> Document:
    """A document with no body content: blank, or the user's template emptied of its text."""
    if template is None:
        return docx.Document()
    name = template.name
    try:
        data = template.read_bytes()
    except FileNotFoundError:
        raise TemplateError(f"The Word template “{name}” doesn't exist any more.") from None
    except OSError:
        raise TemplateError(f"The Word template “{name}” can't be read.") from None
    try:
        check_docx_archive(data)
    except ImportRefused as exc:
        raise TemplateError(f"The Word template “{name}” can't be used. {exc.message}",
                            hint="Choose another template, or export without one.") from None
    data = _as_document(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise TemplateError(f"The Word template “{name}” is damaged or is not a Word document.",
                            hint="Open it in Word, save it as a .docx, and choose it again.") from None
    _empty(document)
    return document


def _as_document(data: bytes, name: str) -> bytes:
    """A .dotx template repackaged as a document; a macro-enabled file refused."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
        main = ""
        try:
            overrides = list(ET.fromstring(types))
        except ET.ParseError:
            raise TemplateError(
                f"The Word template “{name}” is damaged (its list of parts is not readable), "
                "so it can't be used.",
                hint="Open it in Word, save it again as .docx or .dotx, and choose that.",
            ) from None
        for override in overrides:
            if override.get("PartName") == "/word/document.xml":
                main = override.get("ContentType") or ""
        if "macroEnabled" in main:
            raise TemplateError(
                f"The Word template “{name}” contains macros, which Drafter never copies.",
                hint="Save it in Word as a Word Template (.dotx) or Document (.docx) and choose that.")
        if main != _TEMPLATE_MAIN:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for entry in archive.infolist():
                content = archive.read(entry)
                if entry.filename == "[Content_Types].xml":
                    content = content.replace(_TEMPLATE_MAIN.encode(), CT.WML_DOCUMENT_MAIN.encode())
                copy.writestr(entry, content)
        return out.getvalue()


def _empty(document: Document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):  # the last section keeps the page set-up, header and footer
            body.remove(child)
    part = document.part
    used = {value for el in document.element.iter() for key, value in el.attrib.items()
            if key.startswith(_R_NS)}
    for rid, rel in list(part.rels.items()):
        if rel.reltype not in _KEEP and rid not in used:
            del part.rels[rid]  # comments, images, hyperlinks, the glossary of the old body
    _clear_endnotes(document)
    settings = part.part_related_by(RT.SETTINGS)
    element = settings.element  # type: ignore[attr-defined]
    for tag in _DROPPED_SETTINGS:
        for found in element.findall(qn(tag)):
            element.remove(found)
    kept = {value for el in element.iter() for key, value in el.attrib.items() if key.startswith(_R_NS)}
    for rid in [rid for rid in settings.rels if rid not in kept]:
        del settings.rels[rid]  # the attached template's path, the mail-merge source


def _clear_endnotes(document: Document) -> None:
    """Keep a template's endnote separators (its settings name them) but none of its endnotes."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype != RT.ENDNOTES:
            continue
        element = parse_xml(rel.target_part.blob)
        for note in element.findall(qn("w:endnote")):
            if note.get(qn("w:type")) is None:
                element.remove(note)
        partname = rel.target_part.partname
        del part.rels[rid]
        part.relate_to(XmlPart(partname, CT.WML_ENDNOTES, element, part.package), RT.ENDNOTES)


def set_properties(document: Document, title: str, organisation: str | None, language: str = "en-GB") -> None:
    """Write the document properties afresh: nothing of the template's or the computer's."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype in (RT.CORE_PROPERTIES, RT.EXTENDED_PROPERTIES, RT.THUMBNAIL, RT.CUSTOM_PROPERTIES):
            del package.rels[rid]
    now = datetime.now(UTC).replace(microsecond=0)
    props = document.core_properties  # python-docx makes a new, default part
    props.title = title
    props.author = organisation or ""
    props.last_modified_by = organisation or ""
    props.subject = "Consultation response"
    props.language = language
    props.revision = 1
    props.created = now
    props.modified = now
    app = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>Drafter {escape(__version__)}</Application>"
        f"<Company>{escape(organisation or '')}</Company>"
        "</Properties>"
    )
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, app.encode("utf-8"), package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)
