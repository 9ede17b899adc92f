"""What the export must never do: leak the computer's user or paths, half-write, or export a changed quotation."""

from __future__ import annotations

import getpass
import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import RGBColor

from drafter.core.export import (
    ExportCancelled,
    ExportRefused,
    ExportWriteError,
    TemplateError,
    docx_writer,
    export_response,
)
from drafter.core.models import Source

from .conftest import EXPORT_DAY
from .docx_reading import NS, paragraphs, part


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
LETTERHEAD = "RIGHTS WATCH LETTERHEAD"
CHARITY = "Registered charity 123456"


def make_template(path: Path) -> Path:
    """An organisation's template as Word leaves it: styles, letterhead, stray body text, personal details."""
    template = docx.Document()
    template.styles["Normal"].font.name = "Arial"
    template.styles["Heading 2"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    section = template.sections[0]
    section.header.paragraphs[0].text = LETTERHEAD
    section.footer.paragraphs[0].text = CHARITY
    template.add_paragraph("TEMPLATE BODY TEXT to be removed")
    user = getpass.getuser()
    template.core_properties.author = user
    template.core_properties.last_modified_by = user
    template.core_properties.comments = str(path)
    settings = template.settings.element
    rid = template.part.part_related_by(RT.SETTINGS).relate_to(
        (path.parent / "Normal.dotm").as_uri(), ATTACHED_TEMPLATE, is_external=True)
    settings.append(parse_xml(f'<w:attachedTemplate {nsdecls("w", "r")} r:id="{rid}"/>'))
    settings.append(parse_xml(f'<w:documentProtection {nsdecls("w")} w:edit="readOnly" w:enforcement="1"/>'))
    template.save(str(path))
    return path


def zip_bytes(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_properties_name_the_organisation_and_nothing_of_the_computer(store, built, tmp_path: Path) -> None:
    path = export_response(store, built.response_id, tmp_path / "r.docx").path
    props = docx.Document(str(path)).core_properties
    assert props.title == "Legal framework for using facial recognition in law enforcement"
    assert (props.author, props.last_modified_by) == ("Rights Watch", "Rights Watch")
    assert props.revision == 1
    app = part(path, "docProps/app.xml")
    assert [child.tag.rsplit("}")[-1] for child in app] == ["Application", "Company"]
    content = zip_bytes(path)
    for leak in (str(tmp_path), getpass.getuser(), os.environ.get("HOME", "/nonexistent"), "python-docx"):
        assert leak.encode() not in content, leak
    with zipfile.ZipFile(path) as archive:
        assert not [n for n in archive.namelist() if "thumbnail" in n]


def test_a_template_gives_its_styles_header_and_footer_and_nothing_else(store, built, tmp_path: Path) -> None:
    template = make_template(tmp_path / "letterhead.docx")
    path = export_response(store, built.response_id, tmp_path / "r.docx", template=template).path
    exported = docx.Document(str(path))
    assert exported.styles["Normal"].font.name == "Arial"
    assert exported.styles["Heading 2"].font.color.rgb == RGBColor(0x12, 0x34, 0x56)
    section = exported.sections[0]
    assert section.header.paragraphs[0].text == LETTERHEAD
    assert section.footer.paragraphs[0].text == CHARITY
    assert " PAGE " in section.footer._element.xml  # page numbers added below the charity line
    texts = [t for _, t in paragraphs(path)]
    assert "TEMPLATE BODY TEXT to be removed" not in texts
    assert texts[0] == "Legal framework for using facial recognition in law enforcement"
    assert len(part(path, "word/footnotes.xml").xpath("w:footnote[not(@w:type)]", namespaces=NS)) == 7
    content = zip_bytes(path)
    for leak in (str(tmp_path), getpass.getuser(), "Normal.dotm", "attachedTemplate", "documentProtection"):
        assert leak.encode() not in content, leak
    assert (exported.core_properties.author, exported.core_properties.comments) == ("Rights Watch", "")


def test_a_dotx_template_is_accepted(store, built, tmp_path: Path) -> None:
    source = make_template(tmp_path / "letterhead.docx")
    dotx = tmp_path / "letterhead.dotx"
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml."
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(dotx, "w") as new:
        for entry in old.infolist():
            data = old.read(entry)
            if entry.filename == "[Content_Types].xml":
                data = data.replace(main + b"document.main+xml", main + b"template.main+xml")
            new.writestr(entry, data)
    path = export_response(store, built.response_id, tmp_path / "r.docx", template=dotx).path
    assert docx.Document(str(path)).sections[0].header.paragraphs[0].text == LETTERHEAD


def _entity_bomb(path: Path) -> None:
    good = io.BytesIO()
    docx.Document().save(good)
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(path, "w") as new:
        for entry in old.infolist():
            data = old.read(entry)
            if entry.filename == "word/styles.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
            new.writestr(entry, data)


def _macros(path: Path) -> None:
    good = io.BytesIO()
    docx.Document().save(good)
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(path, "w") as new:
        for entry in old.infolist():
            data = old.read(entry).replace(b"document.main+xml", b"document.macroEnabled.main+xml")
            new.writestr(entry, data)


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: p.write_text("not a zip at all"), "damaged or is not a Word document"),
    (_entity_bomb, "unsafe content"),
    (_macros, "contains macros"),
    (None, "doesn't exist"),
])
def test_a_bad_template_is_refused_plainly(store, built, tmp_path: Path, make, words: str) -> None:  # type: ignore[no-untyped-def]
    template = tmp_path / "bad.docx"
    if make is not None:
        make(template)
    target = tmp_path / "r.docx"
    with pytest.raises(TemplateError, match=words) as caught:
        export_response(store, built.response_id, target, template=template)
    assert "bad.docx" in str(caught.value)
    assert not target.exists()


def test_a_changed_quotation_refuses_the_export_and_writes_nothing(store, built, tmp_path: Path) -> None:
    with store.transaction() as session:
        source = session.get(Source, 4)
        source.text = source.text.replace("robust safeguards", "strong safeguards")
        session.add(source)
    target = tmp_path / "r.docx"
    with pytest.raises(ExportRefused, match="no longer matches its source") as caught:
        export_response(store, built.response_id, target)
    assert caught.value.readiness.blocking
    assert not target.exists()


def test_a_failure_midway_leaves_the_old_file_and_no_litter(store, built, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(b"the old export")

    def broken(self) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(docx_writer._Writer, "finish", broken)
    with pytest.raises(RuntimeError):
        export_response(store, built.response_id, target)
    assert target.read_bytes() == b"the old export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["r.docx"]


def test_a_file_open_in_word_keeps_the_old_file(store, built, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(b"the old export")

    def locked(src: str, dst: str) -> None:
        raise PermissionError(13, "The process cannot access the file")  # what Windows says

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportWriteError, match="may be open in Word") as caught:
        export_response(store, built.response_id, target)
    assert "old file is unchanged" in str(caught.value)
    assert target.read_bytes() == b"the old export"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["r.docx"]


def test_targets_that_cannot_be_written(store, built, tmp_path: Path) -> None:
    with pytest.raises(ExportWriteError, match="doesn't exist"):
        export_response(store, built.response_id, tmp_path / "missing" / "r.docx")
    with pytest.raises(ExportWriteError, match="it is a folder"):
        export_response(store, built.response_id, tmp_path)
    read_only = tmp_path / "final.docx"
    read_only.write_bytes(b"signed off")
    read_only.chmod(0o444)
    with pytest.raises(ExportWriteError, match="read-only"):
        export_response(store, built.response_id, read_only)
    assert read_only.read_bytes() == b"signed off"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write into any folder")
def test_a_read_only_folder(store, built, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportWriteError, match="can't be written"):
            export_response(store, built.response_id, folder / "r.docx")
    finally:
        folder.chmod(0o755)


def test_progress_is_reported_and_cancel_stops_without_a_file(store, built, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_response(store, built.response_id, tmp_path / "r.docx", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    calls = []

    def cancel_after_two() -> bool:
        calls.append(1)
        return len(calls) > 2

    target = tmp_path / "c.docx"
    with pytest.raises(ExportCancelled):
        export_response(store, built.response_id, target, cancelled=cancel_after_two, today=EXPORT_DAY)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_last_years_response_as_the_template_brings_none_of_its_text_or_notes(store, built, tmp_path: Path) -> None:
    old = export_response(store, built.response_id, tmp_path / "last-year.docx", numbered=True).path
    path = export_response(store, built.response_id, tmp_path / "r.docx", template=old).path
    notes = part(path, "word/footnotes.xml").xpath("w:footnote[not(@w:type)]", namespaces=NS)
    assert len(notes) == 7
    assert [t for _, t in paragraphs(path)].count("We welcome this consultation.") == 1
    assert part(path, "word/document.xml").xpath("count(//w:numPr)", namespaces=NS) == 0
