"""The Word export, read back as Word reads it: footnotes, quotations, numbering, styles."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from drafter.core.checks import check_document
from drafter.core.citations import plain_text, render_citations
from drafter.core.citations.from_records import citation_source, cite_for
from drafter.core.export import LONG_QUOTATION_WORDS, export_response
from drafter.core.export.measure import Measure, lines_at
from drafter.core.export.plan import Quotation, build_plan, load
from drafter.core.library import get_source
from drafter.core.responses import ResponseDetails, add_block, add_question, create_response
from drafter.core.snippets import create_snippet

from .conftest import (
    CW_LONG_DOUBLE,
    CW_LONG_OSCOLA,
    EXPORT_DAY,
    FOOT_1,
    OSCOLA_NOTES,
    Q1_TEXT,
    Q2_TEXT,
    Q3_TEXT,
    QUOTES_OSCOLA,
    build_response,
)
from .docx_reading import (
    NS,
    W,
    footnotes,
    notes_in_order,
    numbered,
    paragraphs,
    part,
    reference_ids,
)


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


@pytest.fixture
def oscola(store, built, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return export_response(store, built.response_id, tmp_path / "response.docx", today=EXPORT_DAY).path


def test_every_quotation_has_a_real_footnote_in_oscola(oscola: Path) -> None:
    assert reference_ids(oscola) == ["1", "2", "3", "4", "5", "6", "7"]
    assert notes_in_order(oscola) == OSCOLA_NOTES  # full, full, full, 'Foot (n 1).', …, 'ibid.'
    root = part(oscola, "word/footnotes.xml")
    kinds = root.xpath("w:footnote/@w:type", namespaces=NS)
    assert kinds == ["separator", "continuationSeparator"]
    # The footnote mark is a styled run in the text, not a typed number.
    marks = part(oscola, "word/document.xml").xpath("//w:r[w:footnoteReference]/w:rPr/w:rStyle/@w:val",
                                                    namespaces=NS)
    assert marks == ["FootnoteReference"] * 7
    with zipfile.ZipFile(oscola) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        settings = archive.read("word/settings.xml").decode()
    assert (
        'PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.footnotes+xml"'
    ) in types
    assert 'relationships/footnotes" Target="footnotes.xml"' in rels
    assert '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>' in settings


def test_the_notes_are_the_citation_engines_own_strings(store, built, oscola: Path) -> None:
    document, sources, _ = load(store, built.response_id)
    quoted = [b.snippet for q in document.questions for b in q.blocks if b.snippet]
    rendered = render_citations([citation_source(s) for s in sources.values()], [cite_for(s) for s in quoted])
    assert notes_in_order(oscola) == [plain_text(c) for c in rendered.citations]
    italic = part(oscola, "word/footnotes.xml").xpath("//w:footnote[@w:id='1']//w:r[w:rPr/w:i]/w:t/text()",
                                                      namespaces=NS)
    assert italic == ["West End Extra"]


def test_short_quotations_are_inline_and_long_ones_a_block(oscola: Path) -> None:
    texts = paragraphs(oscola)
    assert ("", f"As Liberty warned, \u2018{FOOT_1}\u2019") in texts
    index = texts.index(("BlockQuotation", CW_LONG_OSCOLA))  # verbatim, without quotation marks
    assert texts[index - 1] == ("", "The Met has announced:")
    block_style = docx.Document(str(oscola)).styles["Block Quotation"]
    assert block_style.paragraph_format.left_indent > 0
    assert block_style.paragraph_format.right_indent > 0
    for quote in QUOTES_OSCOLA:
        assert sum(quote in text for _, text in texts) == 1


def _planned_quotation(store, words: int, style: str, measure: Measure | None = None) -> bool:
    """Whether the first ``words`` words of source 4's longest paragraph are planned as a block."""
    source = get_source(store, 4)
    paragraph = max(source.text.split("\n"), key=lambda p: len(p.split()))
    start = source.text.index(paragraph)
    end = start + len(" ".join(paragraph.split(" ")[:words]))
    snippet = create_snippet(store, 4, start, end)
    assert len(snippet.text.split()) == words
    response = create_response(store, ResponseDetails(consultation_title="T"))
    q = add_question(store, response.id, label="1", text="Q?")
    add_block(store, q.id, kind="quotation", snippet_id=snippet.id)
    document, sources, snippets = load(store, response.id)
    plan = build_plan(document, sources, check_document(document, sources, snippets), style=style, measure=measure)
    item = plan.questions[0].items[0]
    assert isinstance(item, Quotation)
    return item.long


@pytest.mark.parametrize(("words", "long"), [(LONG_QUOTATION_WORDS - 1, False), (LONG_QUOTATION_WORDS, True)])
def test_apa_sets_forty_words_or_more_as_a_block(store, words: int, long: bool) -> None:
    assert _planned_quotation(store, words, "apa") is long


def test_oscola_judges_more_than_three_lines_at_the_pages_measure(store) -> None:
    """The same 38 words: three lines of a wide page stay run in, four of a narrow one are a block."""
    text_length = len(" ".join(get_source(store, 4).text.split()[:38]))
    wide = Measure(text_width=432.0, font_size=11.0)  # the default template: about 84 characters a line
    narrow = Measure(text_width=text_length * 0.47 * 11.0 / 3.5, font_size=11.0)  # a line holds 1/3.5 of it
    assert lines_at("x" * text_length, wide) == 3 and lines_at("x" * text_length, narrow) == 4
    assert _planned_quotation(store, 38, "oscola", wide) is False
    assert _planned_quotation(store, 38, "oscola", narrow) is True


def test_opening_headings_option_and_confidential_label(oscola: Path) -> None:
    texts = paragraphs(oscola)
    assert texts[:6] == [
        ("Title", "Legal framework for using facial recognition in law enforcement"),
        ("Subtitle", "Response from Rights Watch"),
        ("ResponseDetails", "Submitted to: Home Office"),
        ("ResponseDetails", "Date: 4 February 2026"),
        ("ResponseDetails", "Contact: Jane Doe, Policy Officerjane@rightswatch.example"),
        ("ResponseDetails", "Publication: This response may be published."),
    ]
    headings = [t for s, t in texts if s.startswith("Heading")]
    assert headings == ["Introduction", f"Question 1: {Q1_TEXT}", f"Question 2: {Q2_TEXT}", f"Question 3: {Q3_TEXT}"]
    after = {t: texts[i + 1][1] for i, (_, t) in enumerate(texts[:-1])}
    assert after[f"Question 1: {Q1_TEXT}"] == "Answer: Disagree"
    assert after[f"Question 3: {Q3_TEXT}"] == "Confidential — not for publication"
    assert sum(t == "Confidential — not for publication" for _, t in texts) == 1
    footer = part(oscola, "word/footer1.xml")
    assert footer.xpath("//w:fldSimple/@w:instr", namespaces=NS) == [" PAGE "]


@pytest.mark.parametrize(("may_publish", "line"), [
    (False, "Publication: Please do not publish this response."),
    (None, None),  # undecided: nothing is said (the check warns)
])
def test_publication_line(store, tmp_path: Path, may_publish: bool | None, line: str | None) -> None:
    from drafter.core.responses import update_response

    built = build_response(store)
    update_response(store, built.response_id, may_publish=may_publish)
    path = export_response(store, built.response_id, tmp_path / "r.docx", today=EXPORT_DAY).path
    found = [t for _, t in paragraphs(path) if t.startswith("Publication")]
    assert found == ([line] if line else [])


def test_numbered_paragraphs_run_through_the_document(store, built, tmp_path: Path) -> None:
    path = export_response(store, built.response_id, tmp_path / "n.docx", numbered=True).path
    texts = numbered(path)
    assert texts[:3] == ["Rights Watch is a civil liberties charity.", "We welcome this consultation.",
                         "The framework must put live facial recognition on a statutory footing."]
    assert "The Met has announced:" in texts  # the lead-in of the block quotation is numbered …
    assert CW_LONG_OSCOLA not in texts  # … the block quotation itself is not
    assert len(texts) == 12 and texts[-1] == "Our volunteers were scanned at Notting Hill Carnival."
    levels = part(path, "word/numbering.xml").xpath("//w:abstractNum[last()]/w:lvl", namespaces=NS)
    assert levels[0].xpath("string(w:numFmt/@w:val)", namespaces=NS) == "decimal"
    assert levels[0].xpath("string(w:lvlText/@w:val)", namespaces=NS) == "%1."
    assert numbered(export_response(store, built.response_id, tmp_path / "plain.docx").path) == []


def test_author_date_style_cites_in_the_text_and_ends_with_references(store, tmp_path: Path) -> None:
    built = build_response(store, style="harvard-cite-them-right")
    path = export_response(store, built.response_id, tmp_path / "h.docx", today=EXPORT_DAY).path
    assert reference_ids(path) == [] and footnotes(path) == {}  # only Word's separators
    texts = paragraphs(path)
    # Cite Them Right 12th ed. (Quotations): ‘single’ marks, “double” within; a quotation of one or
    # two sentences runs in (the 50-word one-sentence CW_LONG too), the sentence's full stop after
    # the citation.
    assert ("", f"As Liberty warned, \u2018{FOOT_1}\u2019 (Foot, 2025).") in texts
    assert ("", f"The Met has announced: \u2018{CW_LONG_DOUBLE[:-1]}\u2019 (Computer Weekly, 2025).") in texts
    heading = texts.index(("Heading1", "References"))
    entries = [t for s, t in texts[heading + 1 :] if s == "Bibliography"]
    assert len(entries) == 5
    assert entries[1] == (
        "Foot, T. (2025) ‘Rights fears as Met ramps up tech use’, West End Extra, 1 August. Available at: "
        "https://www.westendextra.co.uk/article/rights-fears-as-met-ramps-up-tech-use."
    )


def test_a_note_style_can_end_with_a_bibliography(store, built, tmp_path: Path) -> None:
    path = export_response(store, built.response_id, tmp_path / "b.docx", bibliography=True).path
    texts = paragraphs(path)
    heading = texts.index(("Heading1", "Bibliography"))
    entries = texts[heading + 1 :]
    assert {s for s, _ in entries} == {"Bibliography"}
    # oscola.csl's order, surname initial and no full stop (unattributed works sorted by title, a
    # known gap against OSCOLA §1.7 listed in tests/core/citations/test_cases.py).
    assert [t.split(" <")[0] for _, t in entries] == [
        "Foot T, ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025)",
        "‘Met Police to Double Facial Recognition Use amid Budget Cuts’ Computer Weekly (1 August 2025)",
        ("‘Met Police to Expand Facial Recognition Use as Part of Wider Crime Strategy’ OpenVoiceNews U.K. "
         "(31 July 2025)"),
        "‘Met to Double Use of Live Facial Recognition’ (Hits Radio)",
        "Quinn C (LBC, 4 December 2025)",
    ]
    assert reference_ids(path) == ["1", "2", "3", "4", "5", "6", "7"]  # the notes are still there


def test_style_given_at_export_overrides_the_responses(store, built, tmp_path: Path) -> None:
    path = export_response(store, built.response_id, tmp_path / "apa.docx", style="apa").path
    assert reference_ids(path) == []
    assert ("Heading1", "References") in paragraphs(path)


def test_characters_word_cannot_store_are_removed(store, tmp_path: Path) -> None:
    response = create_response(store, ResponseDetails(consultation_title="Bad\x01 title", organisation="Org\x0b"))
    q = add_question(store, response.id, label="1", text="Why\x08?")
    add_block(store, q.id, text="Before\x00 after\ufffe.")
    path = export_response(store, response.id, tmp_path / "c.docx").path
    texts = [t for _, t in paragraphs(path)]
    assert "Bad title" in texts and "Question 1: Why?" in texts and "Before after." in texts
    assert docx.Document(str(path)).core_properties.author == "Org"


def test_footnote_ids_are_unique_and_every_reference_has_a_note(oscola: Path) -> None:
    notes = footnotes(oscola)
    assert sorted(notes, key=int) == reference_ids(oscola)
    root = part(oscola, "word/footnotes.xml")
    for note in root.xpath("w:footnote[not(@w:type)]", namespaces=NS):
        first = note.xpath("w:p[1]/w:r[1]", namespaces=NS)[0]
        assert first.find(f"{{{W}}}footnoteRef") is not None
        assert note.xpath("string(w:p/w:pPr/w:pStyle/@w:val)", namespaces=NS) == "FootnoteText"
