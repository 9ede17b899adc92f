"""Regenerate the binary and specially encoded importer samples in this folder.

The generated files are committed, so the tests never run this script. Run it
only to change a sample, then update the expected texts in
``tests/core/importers/``:

    .venv/bin/pip install "fpdf2>=2.8" "cryptography>=43"   # dev tools, not app dependencies
    .venv/bin/python tests/data/importers/make_samples.py

Samples that are plain UTF-8 text (the saved web page, the Markdown files) are
written by hand and are not made here. Broken inputs (truncated, zip bombs …)
are made by the tests themselves from these good samples.
"""

from __future__ import annotations

import io
import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Fixed so that regenerating gives the same metadata (and the tests' expectations hold).
CREATED = datetime(2025, 12, 4, 9, 30, tzinfo=UTC)

REPORT_PAGES = [
    (
        "Summary",
        [
            [
                "Live facial recognition is now used by police forces across England and",
                "Wales. The Committee heard that the absence of specific regu-",
                "lation leaves both the police and the public uncertain about where the",
                "limits of lawful use lie.",
            ],
            [
                "Witnesses told us that only a statutory regulator, independent of the",
                "police and of ministers, and with a well-",
                "known and trusted voice, could restore public confidence.",
            ],
        ],
    ),
    (
        "Recommendations",
        [
            ["1. Parliament should legislate for police use of biometric technology."],
            ["2. A regulator should approve each deployment in advance."],
            [
                "The Home Office consultation on a new legal framework closes on 12",
                "February 2026, and we urge every affected group to respond to it.",
            ],
        ],
    ),
]


def _png(width: int = 40, height: int = 20) -> bytes:
    """A small grey PNG, built by hand so no imaging library is needed."""
    raw = b"".join(b"\x00" + bytes([128, 128, 128]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _fpdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_margins(20, 20)
    return pdf


def make_report_pdf() -> bytes:
    """Two pages printed as 'iv' and 'v', with a word hyphenated across a line end."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle

    pdf = _fpdf()
    pdf.set_title("Facial recognition: the case for regulation")
    pdf.set_author("Committee on Biometrics")
    for heading, paragraphs in REPORT_PAGES:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("Helvetica", size=11)
        for lines in paragraphs:
            for line in lines:
                pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(5)  # paragraph spacing, as a word processor adds it
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(pdf.output()))))
    writer.set_page_label(0, 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=4)
    return _written(writer)


def make_scanned_pdf() -> bytes:
    """A page that is only a picture, like a scan with no text recognition."""
    pdf = _fpdf()
    pdf.add_page()
    pdf.image(io.BytesIO(_png()), x=20, y=20, w=170)
    return bytes(pdf.output())


def _encrypted(user_password: str, owner_password: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_report_pdf())))
    writer.encrypt(user_password, owner_password, algorithm=algorithm)
    return _written(writer)


def _written(writer) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_briefing_docx() -> bytes:
    """A Word document with a Title, headings, a tracked change, a table and properties."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Response to the consultation on facial recognition", style="Title")
    document.add_heading("Summary", level=1)
    document.add_paragraph("We welcome the consultation and ask for a statutory framework.")
    document.add_paragraph("")  # an empty paragraph, as people leave them
    document.add_heading("Question 1", level=2)
    paragraph = document.add_paragraph("Live facial recognition ")
    for kind, words in (("w:ins", "should be authorised by a judge"), ("w:del", "is acceptable")):
        change = OxmlElement(
            kind, {qn("w:id"): "1", qn("w:author"): "Jane", qn("w:date"): "2025-12-05T10:00:00Z"}
        )
        run = OxmlElement("w:r")
        text = OxmlElement("w:delText" if kind == "w:del" else "w:t")
        text.text = words
        run.append(text)
        change.append(run)
        paragraph._p.append(change)
    paragraph.add_run(".")
    contact = document.add_paragraph("Contact: Jane Campaigner")
    contact.add_run().add_break()
    contact.add_run("Policy Officer")
    table = document.add_table(rows=2, cols=2)
    for row, (label, value) in zip(
        table.rows, [("Deployments per week", "10"), ("Arrests", "1,000")], strict=False
    ):
        row.cells[0].text, row.cells[1].text = label, value
    properties = document.core_properties
    properties.title = "Consultation response: facial recognition"
    properties.author = "Jane Campaigner"
    properties.created = CREATED.replace(tzinfo=None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# Written out byte for byte (its lines are the committed briefing.rtf's), so not wrapped.
BRIEFING_RTF = r"""{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Calibri;}}
{\info{\title Briefing: the Met\'92s facial recognition plans}{\author Tom Foot}{\creatim\yr2025\mo8\dy1\hr9\min30}}
\f0\fs24{\b Briefing}\par
The Met\'92s plan follows a \'a3260m shortfall \u8212? and Liberty calls it \'93incredibly concerning\'94.\line It wants oversight.\par
\par
Caf\'e9 owners in the West End welcomed more patrols.\par
\trowd\cellx3000\cellx6000 Arrests\cell 1,000\cell\row
\trowd\cellx3000\cellx6000 Charged or cautioned\cell 773\cell\row
\pard Last line.\par
}
"""  # noqa: E501

LATIN1_TEXT = (
    "Café owners near Oxford Street said the £260m shortfall was «worrying».\n"
    "\n"
    "One naïve estimate put the cost of each deployment at £1,200.\n"
)

UTF16_TEXT = (
    "Консультация (consultation): the Home Office asks seventeen questions about biometrics.\r\n"
    "\r\n"
    "Responses close on 12 February 2026 — 日本語 readers can respond too.\r\n"
)

PRESS_RELEASE_HTM = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Liberty responds to Met plans</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Liberty"},
  {"@type": "NewsArticle", "headline": "Liberty responds to Met facial recognition plans",
   "datePublished": "2025-07-31",
   "author": [{"@type": "Person", "name": "Charlie Whelton"}, {"@type": "Person", "name": "Sam Grant"}],
   "publisher": {"@type": "Organization", "name": "Liberty"}}
]}
</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/donate">Donate</a></nav>
<h1>Liberty responds to Met facial recognition plans</h1>
<p>“It’s incredibly concerning to see an expansion of facial recognition,” said Liberty.</p>
<table><tr><th>Measure</th><th>Figure</th></tr><tr><td>Arrests</td><td>1,000</td></tr></table>
</body></html>
"""


def main() -> None:
    outputs = {
        "report.pdf": make_report_pdf(),
        "scanned.pdf": make_scanned_pdf(),
        # Needs the user password 'secret' to open at all.
        "password.pdf": _encrypted("secret", "owner-secret", "AES-256"),
        # Opens without a password; only printing/copying is "restricted".
        "restricted.pdf": _encrypted("", "owner-secret", "AES-128"),
        "briefing.docx": make_briefing_docx(),
        "briefing.rtf": BRIEFING_RTF.encode("ascii"),
        "latin1.txt": LATIN1_TEXT.encode("latin-1"),
        "utf16_bom.txt": UTF16_TEXT.encode("utf-16"),  # Python writes the BOM
        "press_release.htm": PRESS_RELEASE_HTM.encode("cp1252"),
    }
    for name, data in outputs.items():
        (HERE / name).write_bytes(data)
        print(f"wrote {name} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
