"""The Word export opened by real programs: LibreOffice prints it, pandoc reads it.

LibreOffice (headless) converts the export to PDF and poppler's pdftotext reads
the PDF back: every heading, quotation and footnote citation must be on the
printed pages. pandoc (the binary in the pypandoc-binary wheel) reads the
.docx and must find one footnote per cited quotation. scripts/test.sh installs
LibreOffice and poppler; these tests skip, saying why, only where they are absent.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pypandoc
import pytest

from drafter.core.export import export_response

from .conftest import (
    EXPORT_DAY,
    FOOT_1,
    OSCOLA_NOTES,
    Q1_TEXT,
    Q2_TEXT,
    Q3_TEXT,
    QUOTES_OSCOLA,
    build_response,
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) or pdftotext is not installed; scripts/test.sh installs "
    "libreoffice-writer-nogui and poppler-utils",
)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A profile of its own, so a LibreOffice the developer has open is neither used nor disturbed.
    return tmp_path_factory.mktemp("libreoffice-profile")


def printed_text(docx_path: Path, profile: Path) -> str:
    """The PDF's text with all white space removed (lines break inside URLs and quotations).

    -layout keeps a hyphen at a line end as printed: by default pdftotext drops
    it, which would turn the URL's 'tech-use' into 'techuse'.
    """
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)],
        check=True, capture_output=True, timeout=240,
    )
    pdf = docx_path.with_suffix(".pdf")
    text = subprocess.run([str(PDFTOTEXT), "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    return squeeze(text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@needs_libreoffice
def test_libreoffice_prints_every_heading_quotation_and_footnote(store, tmp_path: Path, profile: Path) -> None:
    built = build_response(store)
    path = export_response(store, built.response_id, tmp_path / "oscola.docx", numbered=True,
                           today=EXPORT_DAY).path
    printed = printed_text(path, profile)
    for heading in (f"Question 1: {Q1_TEXT}", f"Question 2: {Q2_TEXT}", f"Question 3: {Q3_TEXT}"):
        assert squeeze(heading) in printed
    for quote in QUOTES_OSCOLA:
        assert squeeze(quote) in printed, quote
    for number, note in enumerate(OSCOLA_NOTES, start=1):
        # Each note is printed under its number at the foot of a page.
        assert squeeze(f"{number}{note}") in printed, note
    assert squeeze(f"4. As Liberty warned, \u2018{FOOT_1}\u20191") in printed  # numbered, marked note 1
    assert "Confidential—notforpublication" in printed


@needs_libreoffice
def test_libreoffice_prints_author_date_citations_and_references(store, tmp_path: Path, profile: Path) -> None:
    built = build_response(store, style="harvard-cite-them-right")
    path = export_response(store, built.response_id, tmp_path / "harvard.docx", today=EXPORT_DAY).path
    printed = printed_text(path, profile)
    assert squeeze(f"\u2018{FOOT_1}\u2019 (Foot, 2025).") in printed  # Cite Them Right: ‘single’ marks
    assert squeeze("(Met to double use of live facial recognition, no date)") in printed  # a web page's title
    references = printed.split("References", 1)[1]
    assert squeeze("Foot, T. (2025) ‘Rights fears as Met ramps up tech use’, West End Extra, 1 August.") in references


def _plain(inlines: list[Any]) -> str:
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "SmallCaps", "Superscript", "Underline"):
            out.append(_plain(content))
        elif kind in ("Span", "Link"):
            out.append(_plain(content[1]))
    return "".join(out)


def _notes(node: Any) -> list[str]:
    if isinstance(node, list):
        return [n for child in node for n in _notes(child)]
    if isinstance(node, dict):
        if node.get("t") == "Note":
            return [" ".join(_plain(block["c"]) for block in node["c"]).strip()]
        return _notes(node.get("c"))
    return []


def test_pandoc_reads_one_footnote_per_quotation(store, tmp_path: Path) -> None:
    built = build_response(store)
    path = export_response(store, built.response_id, tmp_path / "oscola.docx", today=EXPORT_DAY).path
    document = json.loads(pypandoc.convert_file(str(path), "json", format="docx"))
    assert _notes(document["blocks"]) == OSCOLA_NOTES
