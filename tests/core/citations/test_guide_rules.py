"""The guides' rules a CSL file cannot express, applied to the items before a render."""

from __future__ import annotations

import pytest

from drafter.core.citations import CitationError, Cite, find_style, plain_text, render_items
from drafter.core.citations.guide_rules import (
    CTR_COMMAND_PAPER,
    CTR_PRESS_RELEASE,
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


# ---------------------------------------------------------------- Cite Them Right (12th ed.)

@pytest.mark.parametrize(
    ("title", "number", "expected"),
    [
        ("Data Protection Act 2018", "c 12", "c. 12"),  # OSCOLA's spelling, as the facts editor asks
        ("Data Protection Act 2018", "c.12", "c. 12"),
        ("Data Protection Act 2018", "  Chapter  12 ", "c. 12"),
        ("Data Protection Act 2018", "12", "c. 12"),  # a bare number of an Act is its chapter
        ("Education (Student Support) Regulations 2021", "SI 2021/123", "SI 2021/123"),
        ("Education (Student Support) Regulations 2021", "123", "123"),  # not an Act: not a chapter
        ("Children and Young People (Scotland) Act 2014", "asp 8", "asp 8"),
    ],
)
def test_cite_them_right_writes_an_acts_chapter_its_way(title: str, number: str, expected: str) -> None:
    act = {"id": "a", "type": "legislation", "title": title, "number": number}
    assert adapt_item(act, HARVARD)["number"] == expected
    assert act["number"] == number  # the caller's item is never changed
    assert adapt_item(act, OSCOLA).get("number") == number  # other guides' own business


def test_cite_them_right_prints_an_act_by_its_title_its_chapter_and_its_sections() -> None:
    act = {"id": "a", "type": "legislation", "title": "Equality Act 2010", "number": "c 15",
           "issued": {"date-parts": [[2010]]}}
    rendered = render_items([act], [Cite("a", "ss 4-6")], "harvard-cite-them-right", with_bibliography=True)
    assert plain_text(rendered.citations[0]) == "(Equality Act 2010, ss. 4–6)"  # no second year, no 'sect.'
    assert plain_text(rendered.bibliography[0]) == "Equality Act 2010, c. 15."
    without = render_items([{**act, "number": ""}], [Cite("a")], "harvard-cite-them-right",
                           with_bibliography=True)
    assert plain_text(without.citations[0]) == "(Equality Act 2010)"
    assert plain_text(without.bibliography[0]) == "Equality Act 2010."  # no chapter given: none printed


@pytest.mark.parametrize("number", ["CP 1412", "Cm 9230", "Cmnd. 8092", "cmd 6404", "C. 1234"])
def test_cite_them_right_knows_a_command_paper_by_its_number(number: str) -> None:
    paper = {"id": "p", "type": "report", "title": "Legal framework", "number": number, "genre": "Consultation paper",
             "author": [{"literal": "Home Office"}], "publisher": "Home  Office"}
    adapted = adapt_item(paper, HARVARD)
    assert adapted[CTR_COMMAND_PAPER] == "true"
    assert "genre" not in adapted and "publisher" not in adapted  # the department is the author only
    assert CTR_COMMAND_PAPER not in adapt_item(paper, OSCOLA) and CTR_COMMAND_PAPER not in adapt_item(paper, APA)


@pytest.mark.parametrize("number", ["HC 567", "Research report 12", "CP", "Cm 12a", ""])
def test_other_numbered_reports_are_not_command_papers(number: str) -> None:
    report = {"id": "r", "type": "report", "title": "Annual report", "number": number,
              "author": [{"literal": "Ofcom"}], "publisher": "Ofcom", "publisher-place": "London"}
    adapted = adapt_item(report, HARVARD)
    assert CTR_COMMAND_PAPER not in adapted
    assert adapted["publisher"] == "Ofcom"  # Cite Them Right names a report's publisher, even its author


def test_cite_them_right_command_paper_keeps_a_printer_that_is_not_the_department() -> None:
    paper = {"id": "p", "type": "report", "title": "Educational excellence everywhere", "number": "Cm 9230",
             "author": [{"literal": "Department for Education"}], "publisher": "The Stationery Office",
             "publisher-place": "London", "issued": {"date-parts": [[2016]]}}
    entry = render_items([paper], [Cite("p")], "harvard-cite-them-right", with_bibliography=True).bibliography[0]
    assert plain_text(entry) == (
        "Department for Education (2016) Educational excellence everywhere (Cm 9230). "
        "London: The Stationery Office.")


def test_cite_them_right_press_release_has_its_date_and_no_publisher() -> None:
    release = {"id": "m", "type": "report", "genre": "press  Release", "title": "New cameras",
               "author": [{"literal": "Metropolitan Police Service"}], "publisher": "GOV.UK",
               "issued": {"date-parts": [[2025, 3, 2]]}}
    adapted = adapt_item(release, HARVARD)
    assert adapted[CTR_PRESS_RELEASE] == "true" and "publisher" not in adapted
    entry = render_items([release], [Cite("m")], "harvard-cite-them-right", with_bibliography=True).bibliography[0]
    assert plain_text(entry) == "Metropolitan Police Service (2025) New cameras. 2 March. Press release."
    policy = {**release, "genre": "Policy paper"}
    assert CTR_PRESS_RELEASE not in adapt_item(policy, HARVARD)
    assert adapt_item(policy, HARVARD)["publisher"] == "GOV.UK"


def test_cite_them_right_speech_without_a_place_or_event_leaves_no_stray_punctuation() -> None:
    speech = {"id": "s", "type": "speech", "title": "A talk", "author": [{"family": "Doe", "given": "Jane"}],
              "issued": {"date-parts": [[2024, 5, 6]]}}
    render = render_items  # one style, three sets of facts
    assert plain_text(render([speech], [Cite("s")], "harvard-cite-them-right", with_bibliography=True)
                      .bibliography[0]) == "Doe, J. (2024) ‘A talk’. 6 May."
    at_event = {**speech, "event": "Big conference", "event-place": "Leeds"}
    assert plain_text(render([at_event], [Cite("s")], "harvard-cite-them-right", with_bibliography=True)
                      .bibliography[0]) == "Doe, J. (2024) ‘A talk’, Big conference. Leeds, 6 May."
