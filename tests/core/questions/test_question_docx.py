"""Questions read back from real .docx files built with python-docx."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

from drafter.core.questions import ParsedQuestion as Q
from drafter.core.questions import QuestionParseError, questions_from_docx

LIKERT = ("Agree", "Neither agree nor disagree", "Disagree", "Don’t know")
EXPLAIN = "Please explain your answer."

# A list whose level 0 counts 1, 2, 3… and level 1 a, b, c… (python-docx's
# template has no lettered level), and a second list that restarts it at 7.
OWN_LIST = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
</w:abstractNum>"""
OWN_NUM = f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
RESTART_AT_7 = f"""
<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride>
</w:num>"""


def _add_own_lists(document: Document) -> None:
    numbering = document.part.part_related_by(RT.NUMBERING).element
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(parse_xml(OWN_LIST))  # abstractNum elements come before num
    numbering.append(parse_xml(OWN_NUM))
    numbering.append(parse_xml(RESTART_AT_7))


def _number(paragraph: Paragraph, num_id: int, level: int = 0) -> Paragraph:
    numpr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    paragraph._p.get_or_add_pPr().append(numpr)
    return paragraph


def _bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_numbering_and_typed_numbers_together() -> None:
    document = docx.Document()
    document.add_paragraph("Biometrics Consultation: Response Form", style="Title")
    document.add_paragraph(
        "Please answer in the boxes below. Answers will be published."
    )  # not a question
    document.add_paragraph("Part 1: Scope", style="Heading 1")
    document.add_paragraph(
        "Do you agree that the framework should cover live facial recognition?",
        style="List Number",
    )
    for option in LIKERT:
        document.add_paragraph(f"☐ {option}")
    document.add_paragraph(EXPLAIN)
    document.add_paragraph("Which organisations should it apply to?", style="List Number")
    document.add_paragraph("Police forces", style="List Bullet")
    document.add_paragraph("The National Crime Agency", style="List Bullet")
    document.add_paragraph("What other technologies should it cover?", style="List Number")
    document.add_paragraph("Part 2: Oversight", style="Heading 1")
    document.add_paragraph("4. Should one independent body oversee all uses?")
    document.add_paragraph("Yes / No")
    wrapped = document.add_paragraph("5. What powers should that body have?")
    wrapped.add_run().add_break()  # Shift+Enter: a line break inside the paragraph
    wrapped.add_run("(max 300 words)")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "6. Do you have any other comments?"

    result = questions_from_docx(_bytes(document))

    assert result.title == "Biometrics Consultation: Response Form"
    assert result.questions == (
        Q(
            "1",
            "Do you agree that the framework should cover live facial recognition?",
            LIKERT,
            EXPLAIN,
            "Part 1: Scope",
        ),
        Q(
            "2",
            "Which organisations should it apply to?",
            ("Police forces", "The National Crime Agency"),
            section="Part 1: Scope",
        ),
        Q("3", "What other technologies should it cover?", section="Part 1: Scope"),
        Q(
            "4",
            "Should one independent body oversee all uses?",
            ("Yes", "No"),
            section="Part 2: Oversight",
        ),
        Q("5", "What powers should that body have?", section="Part 2: Oversight", word_limit=300),
        Q("6", "Do you have any other comments?", section="Part 2: Oversight"),
    )
    assert any("Questions 1, 2 and 3 use Word's automatic numbering" in n for n in result.notes)
    assert any("Paragraph 2 was not recognised" in n for n in result.notes)


def test_restarted_list_and_lettered_sub_questions() -> None:
    document = docx.Document()
    _add_own_lists(document)
    _number(document.add_paragraph("On authorisation:"), 91)
    _number(document.add_paragraph("Should a judge authorise each deployment?"), 91, level=1)
    _number(document.add_paragraph("Should the authorisation be published?"), 91, level=1)
    _number(document.add_paragraph("Who should oversee the police’s use of it?"), 91)

    result = questions_from_docx(_bytes(document))

    assert [(q.label, q.text) for q in result.questions] == [
        ("7", "On authorisation:"),
        ("7a", "Should a judge authorise each deployment?"),
        ("7b", "Should the authorisation be published?"),
        ("8", "Who should oversee the police’s use of it?"),
    ]


def test_symbol_and_content_control_checkboxes_are_options() -> None:
    document = docx.Document()
    document.add_paragraph("1. Should the framework cover voice recognition?")
    symbol = document.add_paragraph()
    symbol._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:sym w:font="Wingdings" w:char="F06F"/><w:t xml:space="preserve"> Yes</w:t></w:r>'
        )
    )
    control = document.add_paragraph()
    control._p.append(
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent><w:r><w:t>☐</w:t></w:r>"
            "</w:sdtContent></w:sdt>"
        )
    )
    control.add_run(" No")
    deleted = document.add_paragraph("Please explain your answer.")
    deleted._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText> Deleted.</w:delText>'
            "</w:r></w:del>"
        )
    )

    result = questions_from_docx(_bytes(document))

    assert result.questions == (
        Q("1", "Should the framework cover voice recognition?", ("Yes", "No"), EXPLAIN),
    )


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "The file is empty.", id="empty"),
        pytest.param(b"1. Do you agree?\n", "could not be read as a Word document", id="text"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "could not be read", id="pdf"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "older Word document", id="doc"
        ),
        pytest.param(_zip({"hello.txt": b"hi"}), "could not be read", id="zip-not-docx"),
        pytest.param(_bytes(docx.Document())[:2000], "could not be read", id="truncated-docx"),
    ],
)
def test_not_a_docx_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(QuestionParseError, match=message):
        questions_from_docx(data)


def test_docx_without_questions() -> None:
    document = docx.Document()
    document.add_paragraph("Our response to the consultation.")
    with pytest.raises(QuestionParseError, match="No questions were found"):
        questions_from_docx(_bytes(document))


def test_odd_numbering_definitions_do_not_break_reading() -> None:
    document = docx.Document()
    _add_own_lists(document)
    styles = document.styles.element
    # A style whose id has a quote and which is based on itself.
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Odd\'Style">'
            '<w:name w:val="Odd"/><w:basedOn w:val="Odd\'Style"/></w:style>'
        )
    )
    odd = document.add_paragraph("1. Should the police publish every deployment?")
    odd._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {nsdecls("w")} w:val="Odd\'Style"/>'))
    _number(document.add_paragraph("Yes"), 4242)  # a list that is not defined
    numbering = document.part.part_related_by(RT.NUMBERING).element
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="92"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="99999999999"/></w:lvlOverride>'
            "</w:num>"
        )
    )
    _number(document.add_paragraph("Who should see the records?"), 92)

    result = questions_from_docx(_bytes(document))

    assert [(q.label, q.text, q.options) for q in result.questions] == [
        ("1", "Should the police publish every deployment?", ("Yes",)),
        ("1", "Who should see the records?", ()),
    ]
    assert any("More than one question is numbered 1" in note for note in result.notes)
