"""A Word template may lack any part but its document: what Drafter needs comes from the default template."""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from drafter.core.export import TemplateError, export_response

from .test_docx_safety import CHARITY, LETTERHEAD, make_template


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

#: Every part of a Word document but the main one, by the name Word gives it.
OPTIONAL_PARTS = (
    "word/settings.xml",
    "word/styles.xml",
    "word/stylesWithEffects.xml",
    "word/numbering.xml",
    "word/fontTable.xml",
    "word/webSettings.xml",
    "word/theme/theme1.xml",
    "word/footnotes.xml",
    "word/endnotes.xml",
    "word/header1.xml",
    "word/footer1.xml",
    "docProps/core.xml",
    "docProps/app.xml",
    "docProps/thumbnail.jpeg",
    "customXml/item1.xml",
    "customXml/itemProps1.xml",
)


def rich_template(path: Path) -> Path:
    """The letterhead template with footnotes and endnotes parts too, so every optional part exists."""
    make_template(path)
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    for kind in ("footnote", "endnote"):
        entries[f"word/{kind}s.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s {w}>'
            f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
            f"</w:{kind}></w:{kind}s>"
        ).encode()
        rel = (f'<Relationship Id="rId{kind}" Target="{kind}s.xml" Type="http://schemas.openxmlformats.org/'
               f'officeDocument/2006/relationships/{kind}s"/></Relationships>')
        entries["word/_rels/document.xml.rels"] = entries["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", rel.encode())
        entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(b"</Types>", (
            f'<Override PartName="/word/{kind}s.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"/></Types>').encode())
    write_zip(path, entries)
    return path


def write_zip(path: Path, entries: dict[str, bytes]) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    path.write_bytes(out.getvalue())


def without(template: Path, part: str, target: Path) -> Path:
    """A copy of ``template`` with ``part`` gone from the zip and everything still pointing at it."""
    with zipfile.ZipFile(template) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    assert part in entries, f"the test template has no {part}: {sorted(entries)}"
    del entries[part]
    write_zip(target, entries)
    return target


@pytest.mark.parametrize("part", OPTIONAL_PARTS)
def test_a_template_without_an_optional_part_still_exports(store, built, tmp_path: Path, part: str) -> None:
    template = without(rich_template(tmp_path / "full.docx"), part, tmp_path / "partial.docx")
    path = export_response(store, built.response_id, tmp_path / "r.docx", template=template).path
    exported = docx.Document(str(path))  # the real file read back, as Word would open it
    text = "\n".join(p.text for p in exported.paragraphs)
    assert "Legal framework for using facial recognition in law enforcement" in text
    assert "TEMPLATE BODY TEXT" not in text
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {"word/styles.xml", "word/settings.xml", "word/footnotes.xml"} <= names
        for rels in (n for n in names if n.endswith(".rels")):
            folder = posixpath.dirname(posixpath.dirname(rels))
            for rel in ET.fromstring(archive.read(rels)):
                if rel.get("TargetMode") != "External":  # every part pointed at is there: Word opens it
                    target = rel.get("Target", "")
                    resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                        posixpath.join(folder, target))
                    assert resolved in names, (rels, target)
    section = exported.sections[-1]
    if part != "word/header1.xml":
        assert section.header.paragraphs[0].text == LETTERHEAD
    if part != "word/footer1.xml":
        assert CHARITY in "\n".join(p.text for p in section.footer.paragraphs)


def test_a_template_that_is_only_a_document_exports(store, built, tmp_path: Path) -> None:
    """No styles, settings, page set-up or properties: a bare document part and its content types."""
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body><w:p><w:r><w:t>stray text</w:t></w:r></w:p></w:body></w:document>")
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    template = tmp_path / "bare.docx"
    write_zip(template, {"[Content_Types].xml": types.encode(), "_rels/.rels": rels.encode(),
                         "word/document.xml": document.encode()})
    path = export_response(store, built.response_id, tmp_path / "r.docx", template=template).path
    exported = docx.Document(str(path))
    assert "stray text" not in "\n".join(p.text for p in exported.paragraphs)
    assert exported.paragraphs[0].text == "Legal framework for using facial recognition in law enforcement"
    assert parse_xml(zipfile.ZipFile(path).read("word/footnotes.xml")) is not None


def test_a_template_without_its_document_is_refused_plainly(store, built, tmp_path: Path) -> None:
    template = without(rich_template(tmp_path / "full.docx"), "word/document.xml", tmp_path / "partial.docx")
    with pytest.raises(TemplateError, match="can't be used") as refused:
        export_response(store, built.response_id, tmp_path / "r.docx", template=template)
    assert "KeyError" not in str(refused.value)
    assert not (tmp_path / "r.docx").exists()
