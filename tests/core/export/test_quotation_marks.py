"""Quotation marks and the citation's place follow the style being exported.

Each expected paragraph is the rule applied by hand:
- OSCOLA 4th ed. §1.5.1: a short quotation in ‘single’ marks, a quotation
  within it in “double”; the footnote mark after the closing mark.
- APA 7 §8.26 (short quotations) and §6.7 (punctuation): “double” marks, ‘single’
  within; the in-text citation follows the closing mark and the sentence's full
  stop follows the citation. §8.27: a block quotation has no marks, a quotation
  within it takes “double”, and the citation follows its final punctuation.
- Cite Them Right 12th ed. (Harvard), quotations: ‘single’ marks, “double” within
  (British practice, as its titles); placement as APA, with its own citation form
  ('(Foot, 2025)').
The quotations are the stored articles' own words (source 4: West End Extra,
Tom Foot; source 5: LBC, Chay Quinn).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.core.citations import find_style, quote_marks, style_locale, swap_marks
from drafter.core.citations.quotes import DOUBLE, SINGLE
from drafter.core.export import export_response
from drafter.core.export.plan import PendingCitations, PlannedCitations, Quotation
from drafter.core.responses import ResponseDetails, add_block, add_question, create_response
from drafter.core.snippets import snippet_from_quote

from .conftest import EXPORT_DAY, FOOT_1


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

SCALING = (
    "As part of the changes there will be a \u201cscaling up\u201d of live facial recognition that will run "
    "five days a week instead of two."
)
SCALING_INNER_SINGLE = SCALING.replace("\u201c", "\u2018").replace("\u201d", "\u2019")
DNA = ('Policing minister Sarah Jones described facial recognition as the "biggest breakthrough for catching '
       'criminals since DNA matching".')
DNA_BODY = ("Policing minister Sarah Jones described facial recognition as the {o}biggest breakthrough for "
            "catching criminals since DNA matching{c}")

ROWS = [
    # (style, source, quotation, lead-in, the paragraph exported as plain text)
    ("oscola", 4, SCALING, "The paper reports:", f"The paper reports: \u2018{SCALING}\u2019 [1]"),
    ("oscola", 5, DNA, "LBC reports:",
     "LBC reports: \u2018" + DNA_BODY.format(o="\u201c", c="\u201d") + ".\u2019 [1]"),
    ("oscola", 4, FOOT_1, "As Liberty warned,", f"As Liberty warned, \u2018{FOOT_1}\u2019 [1]"),
    ("apa", 4, SCALING, "The paper reports:",
     f"The paper reports: \u201c{SCALING_INNER_SINGLE[:-1]}\u201d (Foot, 2025, para. 4)."),
    ("apa", 5, DNA, "LBC reports:",
     "LBC reports: \u201c" + DNA_BODY.format(o="\u2018", c="\u2019") + "\u201d (Quinn, 2025, para. 3)."),
    ("apa", 4, FOOT_1, "As Liberty warned,", f"As Liberty warned, \u201c{FOOT_1}\u201d (Foot, 2025, para. 5)."),
    ("harvard-cite-them-right", 4, SCALING, "The paper reports:",
     f"The paper reports: \u2018{SCALING[:-1]}\u2019 (Foot, 2025)."),
    ("harvard-cite-them-right", 5, DNA, "LBC reports:",
     "LBC reports: \u2018" + DNA_BODY.format(o="\u201c", c="\u201d") + "\u2019 (Quinn, 2025)."),
]


@pytest.mark.parametrize(("style", "source", "quote", "lead", "expected"), ROWS,
                         ids=[f"{r[0]}: {r[2][:30]}" for r in ROWS])
def test_a_run_in_quotation_in_the_styles_marks(store, tmp_path: Path, style: str, source: int, quote: str,
                                                lead: str, expected: str) -> None:
    response = create_response(store, ResponseDetails(consultation_title="T", citation_style=style))
    question = add_question(store, response.id, label="1", text="Q?")
    snippet = snippet_from_quote(store, source, quote)
    add_block(store, question.id, kind="quotation", snippet_id=snippet.id, text=lead)
    path = export_response(store, response.id, tmp_path / "r.txt", format="txt", today=EXPORT_DAY).path
    assert expected in path.read_text(encoding="utf-8").split("\n")


def test_a_block_quotation_takes_the_outer_marks_and_its_citation_after_the_full_stop(
        store, tmp_path: Path) -> None:
    response = create_response(store, ResponseDetails(consultation_title="T", citation_style="apa"))
    question = add_question(store, response.id, label="1", text="Q?")
    text = store_text(store, 5)
    start = text.index(DNA)
    end = text.index("keeping Londoners safe\".", start) + len("keeping Londoners safe\".")
    quote = text[start:end]
    assert "\n" in quote  # it runs over paragraphs, so it is set as a block
    snippet = snippet_from_quote(store, 5, quote)
    add_block(store, question.id, kind="quotation", snippet_id=snippet.id, text="LBC reports:")
    out = export_response(store, response.id, tmp_path / "r.txt", format="txt", today=EXPORT_DAY).path
    exported = out.read_text(encoding="utf-8")
    # APA 7 §8.28: the paragraphs the block comes from, counted in the article (a range: it runs over two).
    assert ("\u201cboth lawful and proportionate, playing a key role in keeping Londoners safe\u201d. "
            "(Quinn, 2025, paras. 3\u20134)") in exported
    assert '"' not in exported.split("LBC reports:", 1)[1].split("References")[0]


def store_text(store, source_id: int) -> str:  # type: ignore[no-untyped-def]
    from drafter.core.library import get_source

    return get_source(store, source_id).text


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        # Pairs are set in the marks asked for; nested pairs alternate.
        ('the "public order crime" team', SINGLE, "the \u2018public order crime\u2019 team"),
        ("the \u2018public order crime\u2019 team", DOUBLE, "the \u201cpublic order crime\u201d team"),
        ("he said 'it is \u201cfine\u201d now'", DOUBLE, "he said \u201cit is \u2018fine\u2019 now\u201d"),
        # Apostrophes stay: inside a word, and a plural possessive with no opening mark.
        ("the Met\u2019s plan and officers\u2019 pay", DOUBLE, "the Met\u2019s plan and officers\u2019 pay"),
        ("the force's \"plan\"", SINGLE, "the force's \u2018plan\u2019"),
        # A mark left open (the snippet ends mid-quotation) is left as the source has it.
        ('is "both lawful and proportionate', SINGLE, 'is "both lawful and proportionate'),
    ],
)
def test_swap_marks(text: str, marks, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert swap_marks(text, marks) == expected


@pytest.mark.parametrize(
    ("style", "locale", "marks"),
    [
        ("oscola", "en-GB", SINGLE),  # oscola.csl: default-locale="en-GB"
        ("apa", "en-US", DOUBLE),  # apa.csl names none: APA's own American English
        ("harvard-cite-them-right", "en-GB", SINGLE),  # names none: British; quotations in ‘single’
        ("academy-of-management-review", "en-US", DOUBLE),  # its file says en-US; no table entry
    ],
)
def test_each_style_renders_in_its_own_language(style: str, locale: str, marks) -> None:  # type: ignore[no-untyped-def]
    info = find_style(style)
    assert style_locale(info) == locale
    assert quote_marks(info) == marks


@pytest.mark.parametrize(
    ("text", "quoted", "after"),
    [
        ("it is used.", "\u201cit is used\u201d", "."),  # the full stop moves after the citation
        ("is it used?", "\u201cis it used?\u201d", "."),  # a question mark stays, a full stop follows
        ("it is used \u2026", "\u201cit is used \u2026\u201d", "."),
        ("it is used", "\u201cit is used\u201d", "."),
    ],
)
def test_author_date_full_stop_follows_the_citation(text: str, quoted: str, after: str) -> None:
    quotation = Quotation(1, 1, 1, "", (text,), False, 0, None, PlannedCitations(PendingCitations()), DOUBLE,
                          author_date=True)
    assert (quotation.quoted, quotation.after_citation) == (quoted, after)
    note = Quotation(1, 1, 1, "", (text,), False, 0, 1, PlannedCitations(PendingCitations()), SINGLE)
    assert (note.quoted, note.after_citation) == (f"\u2018{text}\u2019", "")


def test_the_user_may_choose_the_citations_language(store, tmp_path: Path) -> None:
    """APA renders in American English unless the user asks for another language."""
    from drafter.core.export.options import ExportOptions

    response = create_response(store, ResponseDetails(consultation_title="T", citation_style="apa"))
    question = add_question(store, response.id, label="1", text="Q?")
    words = "The Metropolitan Police will more than double its number of live facial recognition (LFR) deployments"
    snippet = snippet_from_quote(store, 1, words)  # Computer Weekly: no author
    add_block(store, question.id, kind="quotation", snippet_id=snippet.id)

    def exported(**options: object) -> str:
        path = export_response(store, response.id, tmp_path / "r.txt", format="txt", today=EXPORT_DAY,
                               **ExportOptions(**options).arguments()).path  # type: ignore[arg-type]
        return path.read_text(encoding="utf-8")

    assert "(\u201cMet Police to Double Facial Recognition Use Amid Budget Cuts,\u201d 2025, para. 1)." in exported()
    british = exported(locale="en-GB")
    assert "(\u2018Met Police to Double Facial Recognition Use Amid Budget Cuts\u2019, 2025, para. 1)." in british
    # The marks around the quotation are APA's own whatever the language (§8.26).
    assert f"\u201c{words}\u201d (" in british
