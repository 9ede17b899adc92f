"""The Word export's own look, without a template, read back from the file: one family, black
headings, A4, a ruled title block, set-off quotations, smaller footnotes, page numbers."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from drafter.core.export import export_response
from drafter.core.export.docx_house_style import FONT

from .conftest import EXPORT_DAY, Built
from .docx_reading import NS, part


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def exported(store, built: Built, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return export_response(store, built.response_id, tmp_path / "r.docx", today=EXPORT_DAY).path


def test_one_type_family_and_no_theme_fonts(exported: Path) -> None:
    styles = part(exported, "word/styles.xml")
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert {defaults.get(f"{W}{k}") for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {FONT}
    # Theme fonts (the blank document's Cambria headings, Calibri body) would override it.
    assert not [f for f in styles.iter(f"{W}rFonts") if any("Theme" in key or "theme" in key for key in f.attrib)]
    named = {f.get(f"{W}ascii") for f in styles.iter(f"{W}rFonts")} | {
        f.get(f"{W}ascii") for f in part(exported, "word/document.xml").iter(f"{W}rFonts")}
    assert named <= {FONT, None}


def test_headings_are_black_and_weight_alone_marks_them(exported: Path) -> None:
    document = docx.Document(str(exported))
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 12)):
        style = document.styles[name]
        assert str(style.font.color.rgb) == "000000", name
        assert style.font.bold and style.font.size == Pt(size), name
    assert document.styles["Normal"].font.size == Pt(11)
    colours = {c.get(f"{W}val") for c in part(exported, "word/styles.xml").xpath(
        "//w:style[@w:type='paragraph']//w:color", namespaces=NS)}
    assert colours == {"000000"}  # no blue left in any paragraph style, used or not


def test_a4_with_even_margins_and_a_page_number_in_the_footer(exported: Path) -> None:
    section = docx.Document(str(exported)).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert {round(m.cm, 1) for m in (section.left_margin, section.right_margin,
                                     section.top_margin, section.bottom_margin)} == {2.5}
    footer = part(exported, "word/footer1.xml")
    assert footer.xpath("//w:fldSimple/@w:instr", namespaces=NS) == [" PAGE "]


def test_quotations_are_indented_and_footnotes_smaller(exported: Path) -> None:
    styles = docx.Document(str(exported)).styles
    quotation = styles["Block Quotation"].paragraph_format
    assert round(quotation.left_indent.cm, 2) == round(quotation.right_indent.cm, 2) == 1.0
    assert styles["Block Quotation"].font.color.rgb is None  # set off by the indent, not by colour
    assert styles["footnote text"].font.size == Pt(9) < styles["Normal"].font.size


def test_the_title_block_is_closed_by_one_rule(exported: Path) -> None:
    style = part(exported, "word/styles.xml").xpath("//w:style[@w:styleId='ResponseDetails']", namespaces=NS)[0]
    assert style.xpath("string(w:pPr/w:pBdr/w:bottom/@w:val)", namespaces=NS) == "single"
    body = part(exported, "word/document.xml")
    details = body.xpath("//w:body/w:p[w:pPr/w:pStyle/@w:val='ResponseDetails']", namespaces=NS)
    assert len(details) == 4  # submitted to, date, contact, publication: one bordered group


def test_a_template_keeps_its_own_look(store, built: Built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    template = docx.Document()
    template.styles["Heading 1"].font.color.rgb = docx.shared.RGBColor(0x12, 0x34, 0x56)
    template.save(str(tmp_path / "ours.docx"))
    path = export_response(store, built.response_id, tmp_path / "t.docx", template=tmp_path / "ours.docx").path
    assert str(docx.Document(str(path)).styles["Heading 1"].font.color.rgb) == "123456"
