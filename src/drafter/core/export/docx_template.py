"""The Word document an export starts from: python-docx's blank one, or the user's template.

A template gives its styles, page set-up, header and footer; everything else of
it is dropped, because a template file carries more than its looks: body text,
comments with their authors' names, the path of the template it was made from
(``attachedTemplate``, often ``C:\\Users\\name\\…\\Normal.dotm``), mail-merge
data sources, a thumbnail of its first page, custom properties, editing
restrictions. The document properties are then written afresh (see
``set_properties``): the author is the organisation, never the computer's user.

A template may lack parts a Word document usually has (settings, styles,
numbering, fonts, theme, footnotes, a header or footer its page set-up names):
Word saves files without some of them, and other programs leave out more. A
relationship to a part the file does not hold is dropped before the file is
opened (``_without_missing_parts``), and what Drafter needs then comes from
python-docx's default template: its styles and settings when the template has
none, a new numbering and footnotes part (``docx_parts``). Only a template
without its main document is refused.
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
from drafter.core.importers.docx_safety import check_docx_archive

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
    """A document with no body content: blank in Drafter's house style, or the user's template emptied of its text."""
    if template is None:
        from drafter.core.export.docx_house_style import apply_house_style

        document = docx.Document()
        apply_house_style(document)
        return document
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
    data = _without_missing_parts(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds for a malformed package
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


_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = RT.OFFICE_DOCUMENT


def _without_missing_parts(data: bytes, name: str) -> bytes:
    """The package with every relationship to a part it does not hold removed.

    python-docx raises ``KeyError`` on the first such relationship (a template
    without ``word/settings.xml``, say); the part is optional, and what Drafter
    needs of it is supplied afterwards from the default template.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = {entry.filename for entry in archive.infolist()}
        changed: dict[str, bytes] = {}
        for rels_name in sorted(n for n in names if n.endswith(".rels")):
            try:
                root = ET.fromstring(archive.read(rels_name))
            except ET.ParseError:
                raise TemplateError(
                    f"The Word template “{name}” is damaged (a list of its parts is not readable), "
                    "so it can't be used.",
                    hint="Open it in Word, save it again as .docx or .dotx, and choose that.",
                ) from None
            folder = _source_folder(rels_name)
            missing = [rel for rel in root if rel.get("TargetMode") != "External"
                       and _resolve(folder, rel.get("Target") or "") not in names]
            if not missing:
                continue
            if any(rel.get("Type") == _OFFICE_DOCUMENT for rel in missing):
                raise TemplateError(f"The Word template “{name}” is damaged: it has no document in it.",
                                    hint="Open it in Word, save it as a .docx, and choose it again.")
            for rel in missing:
                root.remove(rel)
            ET.register_namespace("", _RELS_NS)
            changed[rels_name] = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        if not changed:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for entry in archive.infolist():
                copy.writestr(entry, changed.get(entry.filename) or archive.read(entry))
        return out.getvalue()


def _source_folder(rels_name: str) -> str:
    """'word/_rels/document.xml.rels' -> 'word'; '_rels/.rels' -> ''."""
    folder = rels_name.rsplit("/", 1)[0] if "/" in rels_name else ""
    return folder.removesuffix("_rels").rstrip("/")


def _resolve(folder: str, target: str) -> str:
    """A relationship's target as a name in the zip ('../media/a.png' from 'word/x' -> 'media/a.png')."""
    parts = [] if target.startswith("/") else [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)


def _empty(document: Document) -> None:
    # Styles and settings from the default template where the template has none (python-docx
    # makes the part on first use), before anything below looks for them.
    _ = document.styles, document.settings
    body = document.element.body
    if body.find(qn("w:sectPr")) is None:  # no page set-up of its own: the default template's
        body.append(docx.Document().element.body.find(qn("w:sectPr")))
    # Before any part is related anew: a new relationship may take a dropped one's id.
    _drop_dangling_references(document)
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


def _drop_dangling_references(document: Document) -> None:
    """A page set-up naming a header or footer the template lacks would make Word refuse the file."""
    rels = document.part.rels
    for ref in [el for el in document.element.body.iter(qn("w:headerReference"), qn("w:footerReference"))]:
        if ref.get(qn("r:id")) not in rels:
            ref.getparent().remove(ref)


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
