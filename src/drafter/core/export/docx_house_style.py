"""Drafter's own look for a Word export made without the organisation's template.

python-docx's blank document is Word 2010's: US Letter, Cambria headings in blue
on a Calibri body, a blue rule under the title. A submission looks generated
in that dress. This is the plain house style of an NGO policy team instead,
taken from how civil-liberties groups lay out their consultation responses
(see docs/export.md): one type family, black headings, an A4 page, a title block
closed by a thin rule, question headings in bold, long quotations set in from
both margins (never in colour), smaller footnotes and page numbers at the foot.

One family: Arial, which Windows and macOS both ship; Linux renders it in
Liberation Sans, drawn to the same widths, so lines and pages break alike on all
three and in LibreOffice. Heading sizes step down (20, 14, 12 pt over an 11 pt
body) and weight alone marks them; nothing is coloured.

A template the user chooses keeps its own styles: this is applied only to the
blank document (``docx_template.open_base``). The styles are set as Word's own
(Title, Heading 1, footnote text …), so an organisation that edits the file in
Word finds them where it expects, and ``docx_writer`` finds them by name.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

#: The one type family (Windows and macOS); LibreOffice and Linux use the metric-compatible Liberation Sans.
FONT = "Arial"
#: A4 in twentieths of a point, and margins of 2.5 cm (1.25 cm to the footer).
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN, FOOTER_DISTANCE = 1418, 709
BLACK = "000000"
#: The style of the lines under the title (who responds, date, contact), closed by a rule.
DETAILS_STYLE = "ResponseDetails"
#: The style of each entry in the summary of recommendations.
RECOMMENDATION_STYLE = "Recommendation"

# name, id, based on, paragraph properties, run properties (half-points for sizes; twips for spacing)
_STYLES: tuple[tuple[str, str, str | None, str, str], ...] = (
    ("Normal", "Normal", None,
     '<w:spacing w:after="160" w:line="276" w:lineRule="auto"/>',
     '<w:sz w:val="22"/><w:szCs w:val="22"/>'),
    ("Title", "Title", "Normal",
     '<w:keepNext/><w:spacing w:before="0" w:after="80" w:line="240" w:lineRule="auto"/>',
     f'<w:b/><w:bCs/><w:color w:val="{BLACK}"/><w:sz w:val="40"/><w:szCs w:val="40"/>'),
    ("Subtitle", "Subtitle", "Normal",
     '<w:keepNext/><w:spacing w:before="0" w:after="240"/>',
     f'<w:color w:val="{BLACK}"/><w:sz w:val="26"/><w:szCs w:val="26"/>'),
    ("heading 1", "Heading1", "Normal",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>',
     f'<w:b/><w:bCs/><w:color w:val="{BLACK}"/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
    ("heading 2", "Heading2", "Normal",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="280" w:after="80"/><w:outlineLvl w:val="1"/>',
     f'<w:b/><w:bCs/><w:color w:val="{BLACK}"/><w:sz w:val="24"/><w:szCs w:val="24"/>'),
    ("Response Details", DETAILS_STYLE, "Normal",
     # Consecutive paragraphs with the same border share it: one rule under the whole block.
     ('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="8" w:color="000000"/></w:pBdr>'
      '<w:spacing w:after="0"/>'),
     '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    ("Block Quotation", "BlockQuotation", "Normal",
     '<w:spacing w:after="160" w:line="259" w:lineRule="auto"/><w:ind w:left="567" w:right="567"/>',
     '<w:sz w:val="21"/><w:szCs w:val="21"/>'),
    ("Recommendation", RECOMMENDATION_STYLE, "Normal",
     '<w:spacing w:after="120"/>', ""),
    ("Bibliography", "Bibliography", "Normal",
     '<w:spacing w:after="80"/><w:ind w:left="567" w:hanging="567"/>',
     '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    ("footnote text", "FootnoteText", "Normal",
     '<w:spacing w:after="40" w:line="240" w:lineRule="auto"/>',
     '<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    ("Footer", "Footer", "Normal",
     '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
     '<w:sz w:val="18"/><w:szCs w:val="18"/>'),
)


def apply_house_style(document: Document) -> None:
    """Give a blank document the house style: the font, A4 page, and every style the export uses."""
    styles = document.styles.element
    _default_font(styles)
    for element in styles.findall(qn("w:style")):
        _plain(element)
    for name, style_id, based_on, ppr, rpr in _STYLES:
        _set_style(styles, name, style_id, based_on, ppr, rpr)
    _footnote_mark(styles)
    for section in document.sections:
        sect = section._sectPr
        size = sect.find(qn("w:pgSz"))
        if size is None:
            size = etree.SubElement(sect, qn("w:pgSz"))
        size.set(qn("w:w"), str(PAGE_WIDTH))
        size.set(qn("w:h"), str(PAGE_HEIGHT))
        margins = sect.find(qn("w:pgMar"))
        if margins is None:
            margins = etree.SubElement(sect, qn("w:pgMar"))
        for side in ("top", "right", "bottom", "left"):
            margins.set(qn(f"w:{side}"), str(MARGIN))
        margins.set(qn("w:header"), str(FOOTER_DISTANCE))
        margins.set(qn("w:footer"), str(FOOTER_DISTANCE))


def _fonts() -> etree._Element:
    return parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" '
                     f'w:cs="{FONT}"/>')


def _default_font(styles: etree._Element) -> None:
    """The document's default font and language: Arial, British English (for Word's spelling check)."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        styles.insert(0, defaults)
    holder = defaults.find(qn("w:rPrDefault"))
    if holder is None:
        holder = etree.SubElement(defaults, qn("w:rPrDefault"))
        defaults.insert(0, holder)
    for old in holder.findall(qn("w:rPr")):
        holder.remove(old)
    holder.append(parse_xml(
        f'<w:rPr {nsdecls("w")}><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr>'))


def _plain(element: etree._Element) -> None:
    """No theme font (Cambria, Calibri) and no colour left in a paragraph style of the blank document.

    The styles the export does not use (Heading 3, Quote, Caption …) are kept for
    whoever edits the file in Word; they then look of a piece with the rest.
    """
    for fonts in element.iter(qn("w:rFonts")):
        fonts.getparent().remove(fonts)
    if element.get(qn("w:type")) != "paragraph":
        return
    for colour in element.iter(qn("w:color")):
        for attribute in list(colour.attrib):
            if attribute != qn("w:val"):
                del colour.attrib[attribute]
        colour.set(qn("w:val"), BLACK)
    for border in element.iter(qn("w:pBdr")):
        border.getparent().remove(border)  # the blue rule under the blank document's title


def _set_style(styles: etree._Element, name: str, style_id: str, based_on: str | None, ppr: str, rpr: str) -> None:
    element = next((s for s in styles.findall(qn("w:style")) if s.get(qn("w:styleId")) == style_id), None)
    if element is None:
        element = parse_xml(f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{style_id}">'
                            f'<w:name w:val="{name}"/></w:style>')
        if based_on is not None:
            element.append(parse_xml(f'<w:basedOn {nsdecls("w")} w:val="{based_on}"/>'))
            element.append(parse_xml(f'<w:qFormat {nsdecls("w")}/>'))
        styles.append(element)
    for tag in ("w:pPr", "w:rPr"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    element.append(parse_xml(f'<w:pPr {nsdecls("w")}>{ppr}</w:pPr>'))
    element.append(parse_xml(f'<w:rPr {nsdecls("w")}>{rpr}</w:rPr>'))


def _footnote_mark(styles: etree._Element) -> None:
    if any(s.get(qn("w:styleId")) == "FootnoteReference" for s in styles.findall(qn("w:style"))):
        return
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="character" w:styleId="FootnoteReference">'
        '<w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'))
