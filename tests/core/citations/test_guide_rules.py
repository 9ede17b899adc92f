"""The guides' rules a CSL file cannot express, applied to the items before a render."""

from __future__ import annotations

import pytest

from drafter.core.citations import CitationError, Cite, find_style, plain_text, render_items
from drafter.core.citations.guide_rules import (
    SHARED_AUTHOR,
    UK_LEGAL,
    adapt_item,
    adapt_items,
    oscola_title_case,
)

OSCOLA, APA, HARVARD = find_style("oscola"), find_style("apa"), find_style("harvard-cite-them-right")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Met Police to double facial recognition use amid budget cuts",
         "Met Police to Double Facial Recognition Use amid Budget Cuts"),
        # A headline already in title case: a minor word goes down, nothing else changes.
        ("Met Police To Double Facial Recognition Use Amid Budget Cuts",
         "Met Police to Double Facial Recognition Use amid Budget Cuts"),
        ("Rights fears as Met ramps up tech use", "Rights Fears as Met Ramps Up Tech Use"),  # 'up': an adverb
        ("Police use of facial recognition: a factsheet", "Police Use of Facial Recognition: A Factsheet"),
        ("The long arm of the algorithm? Automated recognition",
         "The Long Arm of the Algorithm? Automated Recognition"),
        ("GOV.UK guidance on AFR and iPhones in 2024", "GOV.UK Guidance on AFR and iPhones in 2024"),
        ("self-driving cars and the law of the sea", "Self-Driving Cars and the Law of the Sea"),
        ("what the police are looking at", "What the Police Are Looking At"),  # the last word is capitalised
        ("‘Orwellian’ cameras on the high street", "‘Orwellian’ Cameras on the High Street"),
    ],
)
def test_oscola_capitalises_major_words_only(title: str, expected: str) -> None:
    assert oscola_title_case(title) == expected


def test_oscola_titles_are_cased_but_case_names_and_acts_are_printed_as_given() -> None:
    article = {"id": "a", "type": "article-newspaper", "title": "Fears over cameras", "container-title": "the paper"}
    case = {"id": "c", "type": "legal_case", "title": "R (Bridges) v Chief Constable of South Wales Police"}
    chapter = {"id": "h", "type": "chapter", "title": "Surveillance and the law",
               "container-title": "The Cambridge handbook of surveillance law"}
    assert adapt_item(article, OSCOLA)["title"] == "Fears over Cameras"
    assert adapt_item(article, OSCOLA)["container-title"] == "the paper"  # a newspaper's name as it is
    assert adapt_item(case, OSCOLA) == case
    assert adapt_item(chapter, OSCOLA)["container-title"] == "The Cambridge Handbook of Surveillance Law"
    assert adapt_item(article, APA)["title"] == "Fears over cameras"  # APA keeps the data's sentence case
    assert article["title"] == "Fears over cameras"  # the caller's item is never changed


def test_apa_leaves_out_a_publisher_that_is_the_author() -> None:
    report = {"id": "r", "type": "report", "title": "Countermeasures", "publisher": "Ada  Lovelace Institute",
              "author": [{"literal": "Ada Lovelace Institute"}]}
    assert "publisher" not in adapt_item(report, APA)
    assert adapt_item(report, HARVARD)["publisher"] == "Ada  Lovelace Institute"  # Cite Them Right names it
    by_person = {**report, "author": [{"family": "Ryder", "given": "Matthew"}]}
    assert adapt_item(by_person, APA)["publisher"] == "Ada  Lovelace Institute"


def test_only_oscola_marks_works_that_share_their_authors() -> None:
    home_office = [{"literal": "Home Office"}]
    items = [
        {"id": "a", "type": "webpage", "title": "Factsheet", "author": home_office},
        {"id": "b", "type": "report", "title": "Consultation", "author": [{"literal": "home  office"}]},
        {"id": "c", "type": "webpage", "title": "Other", "author": [{"literal": "Ministry of Justice"}]},
        {"id": "d", "type": "webpage", "title": "Anonymous"},
    ]
    marked = adapt_items(items, OSCOLA)
    assert [SHARED_AUTHOR in item for item in marked] == [True, True, False, False]
    assert not any(SHARED_AUTHOR in item for item in adapt_items(items, APA))


def test_bad_items_are_refused_before_pandoc_starts() -> None:
    item = {"id": "a", "type": "webpage", "title": "T"}
    with pytest.raises(CitationError, match="share an identifier"):
        render_items([item, dict(item)], [Cite("a")], "oscola")
    with pytest.raises(CitationError, match="isn't in the library"):
        render_items([item], [Cite("b")], "oscola")
    with pytest.raises(CitationError, match="pinpoint"):
        render_items([item], [Cite("a", "somewhere")], "oscola")


def test_an_organisation_with_two_works_is_never_an_ambiguous_short_form() -> None:
    """OSCOLA §1.2.1: 'Home Office (n 1)' would not say which of its works; the title says it."""
    factsheet = {"id": "f", "type": "webpage", "title": "Police use of facial recognition",
                 "author": [{"literal": "Home Office"}], "container-title": "GOV.UK"}
    paper = {"id": "p", "type": "report", "number": "CP 1412", "title": "Legal framework",
             "author": [{"literal": "Home Office"}]}
    notes = render_items([factsheet, paper], [Cite("f"), Cite("p"), Cite("f"), Cite("p", "para 4")],
                         "oscola").citations
    assert [plain_text(n) for n in notes[2:]] == [
        "Home Office, ‘Police Use of Facial Recognition’ (n 1).",
        "Home Office, Legal Framework (n 2) para 4.",
    ]


def test_apa_cites_uk_legal_material_in_the_uks_form_and_other_countries_in_bluebook() -> None:
    """APA 7 §11: a country's legal material in its own form; Drafter's facts are the UK's."""
    act = {"id": "a", "type": "legislation", "title": "Data Protection Act 2018", "number": "c 12",
           "issued": {"date-parts": [[2018]]}}
    si = {"id": "s", "type": "legislation", "title": "Eggs and Chicks (England) Regulations 2009",
          "number": "SI 2009/2163", "issued": {"date-parts": [[2009]]}}
    us_act = {"id": "u", "type": "legislation", "title": "Americans With Disabilities Act of 1990",
              "container-title": "U.S.C.", "volume": "42", "section": "12101", "jurisdiction": "us",
              "issued": {"date-parts": [[1990]]}}
    assert adapt_item(act, APA)[UK_LEGAL] == "true"
    assert "number" not in adapt_item(act, APA)  # OSCOLA §2.4.1: no chapter
    assert adapt_item(si, APA)["number"] == "SI 2009/2163"  # an SI keeps its number
    assert UK_LEGAL not in adapt_item(us_act, APA)
    assert UK_LEGAL not in adapt_item({**act, "jurisdiction": "us"}, APA)
    assert UK_LEGAL not in adapt_item({k: v for k, v in us_act.items() if k != "jurisdiction"}, APA)  # in a code
    assert adapt_item({**act, "jurisdiction": "GB"}, APA)[UK_LEGAL] == "true"
    assert UK_LEGAL not in adapt_item(act, OSCOLA) and UK_LEGAL not in adapt_item(act, HARVARD)
    assert act["number"] == "c 12"  # the caller's item is never changed

    rendered = render_items([act, si, us_act], [Cite("a", "ss 64-66"), Cite("s"), Cite("u")], "apa",
                            with_bibliography=True)
    assert [plain_text(c) for c in rendered.citations] == [
        "(Data Protection Act 2018, ss 64–66)",
        "(Eggs and Chicks (England) Regulations 2009)",
        "(Americans With Disabilities Act of 1990, 1990)",  # the published Bluebook form, untouched
    ]
    entries = [plain_text(e) for e in rendered.bibliography]
    assert "Data Protection Act 2018." in entries
    assert "Eggs and Chicks (England) Regulations 2009, SI 2009/2163." in entries


def test_hansard_reads_the_house_from_either_field_in_every_style() -> None:
    """Drafter's facts editor keeps the House in 'authority'; Zotero's CSL-JSON in container-title."""
    debate = {"id": "d", "type": "hearing", "title": "Facial Recognition", "authority": "HL Deb",
              "volume": "840", "page": "1201", "issued": {"date-parts": [[2024, 5, 2]]}}
    rendered = render_items([debate], [Cite("d")], "apa", with_bibliography=True)
    assert plain_text(rendered.citations[0]) == "(HL Deb 2 May 2024, vol 840, col 1201)"
    assert plain_text(rendered.bibliography[0]) == "HL Deb 2 May 2024, vol 840, col 1201."
    oscola = render_items([debate], [Cite("d")], "oscola").citations[0]
    assert plain_text(oscola) == "HL Deb 2 May 2024, vol 840, col 1201."  # OSCOLA §3.4.2
    harvard = render_items([debate], [Cite("d")], "harvard-cite-them-right", with_bibliography=True)
    assert plain_text(harvard.bibliography[0]) == "Hansard HL Deb. (2024) vol. 840, col. 1201, 2 May."
    assert "container-title" not in debate  # the caller's item is never changed
