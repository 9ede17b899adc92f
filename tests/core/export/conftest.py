"""A response quoting the five stored articles under two questions, as an NGO would write it.

Source ids are the stored articles in file order: 1 Computer Weekly, 2
OpenVoiceNews, 3 Hits Radio, 4 West End Extra (Tom Foot), 5 LBC (Chay Quinn).
The quotations are cited in this order, so in OSCOLA the notes are: 1 Foot in
full, 2 Computer Weekly (a long quotation, set as a block), 3 OpenVoiceNews,
4 'Foot (n 1)', 5 LBC, 6 Hits Radio, 7 'ibid' (Hits Radio again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from drafter.core.responses import (
    ResponseDetails,
    add_block,
    add_question,
    create_response,
    set_chosen_option,
    update_question,
)
from drafter.core.snippets import snippet_from_quote

EXPORT_DAY = date(2026, 2, 4)

FOOT_1 = (
    "Any tech which has the potential to infringe on our rights in the way scanning and identifying "
    "millions of people does needs to have robust safeguards around its use"
)
CW_LONG = (
    "Detailing its restructuring plans – which also include bulking up the force's protest-focused "
    '"public order crime" team and putting more officers on the beat – the Met said LFR will now be '
    "deployed up to 10 times a week across five days, up from the current rate of four deployments over two days."
)
OVN = (
    "The Met revealed that live facial recognition has already led to more than 1,000 arrests, with 773 "
    "resulting in charges or cautions."
)
FOOT_2 = "He called on the government to introduce new laws on regulating its use."
LBC = (
    "Labour is also proposing to create a regulator to oversee police use of facial recognition, "
    "biometrics and other tools"
)
HITS_1 = (
    "Britain's biggest police force is set to more than double its use of live facial recognition to up "
    "to 10 deployments a week."
)
HITS_2 = "The squad will go from 48 to 63 officers"

URL_CW = "https://www.computerweekly.com/news/366628280/Met-Police-to-double-facial-recognition-use-amid-budget-cuts"
URL_HITS = "https://hellorayo.co.uk/hits-radio/london/news/met-boosting-facial-recognition"
URL_FOOT = "https://www.westendextra.co.uk/article/rights-fears-as-met-ramps-up-tech-use"
URL_LBC = "https://www.lbc.co.uk/article/facial-recognition-police-orwellian-5HjdNrd_2/"

#: The footnotes of the OSCOLA export, checked against OSCOLA 4th edition by hand
#: (see tests/core/citations/test_cases.py). Computer Weekly's 'Amid' is pandoc's
#: title case (OSCOLA would keep the preposition lower case), a known gap listed there.
OSCOLA_NOTES = [
    f"Tom Foot, ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025) <{URL_FOOT}>.",
    f"‘Met Police to Double Facial Recognition Use amid Budget Cuts’ Computer Weekly (1 August 2025) <{URL_CW}>.",
    "‘Met Police to Expand Facial Recognition Use as Part of Wider Crime Strategy’ OpenVoiceNews U.K. (31 July 2025).",
    "Foot (n 1).",
    # LBC's and Hits Radio's pages are web pages: the station in roman, in the brackets (§3.4).
    f"Chay Quinn (LBC, 4 December 2025) <{URL_LBC}>.",
    f"‘Met to Double Use of Live Facial Recognition’ (Hits Radio) <{URL_HITS}>.",
    "ibid.",
]
QUOTES = [FOOT_1, CW_LONG, OVN, FOOT_2, LBC, HITS_1, HITS_2]
# A block quotation has no marks of its own, so the marks inside it take the style's
# outer form: OSCOLA ‘single’ (§1.5.1), Cite Them Right and APA “double”.
CW_LONG_OSCOLA = CW_LONG.replace('"public order crime"', "\u2018public order crime\u2019")
CW_LONG_DOUBLE = CW_LONG.replace('"public order crime"', "\u201cpublic order crime\u201d")
QUOTES_OSCOLA = [FOOT_1, CW_LONG_OSCOLA, OVN, FOOT_2, LBC, HITS_1, HITS_2]

Q1_TEXT = "Do you agree that the framework should cover live facial recognition?"
Q2_TEXT = "Which organisations should the framework apply to?"
Q3_TEXT = "Please tell us about your organisation's own experience of facial recognition."


@dataclass(frozen=True)
class Built:
    response_id: int
    question_ids: tuple[int, ...]
    snippet_ids: tuple[int, ...]


def build_response(store, *, style: str = "oscola") -> Built:  # type: ignore[no-untyped-def]
    details = ResponseDetails(
        consultation_title="Legal framework for using facial recognition in law enforcement",
        consulting_body="Home Office",
        organisation="Rights Watch",
        contact="Jane Doe, Policy Officer\njane@rightswatch.example",
        may_publish=True,
        introduction="Rights Watch is a civil liberties charity.\nWe welcome this consultation.",
        citation_style=style,
    )
    response = create_response(store, details)
    q1 = add_question(store, response.id, label="1", text=Q1_TEXT,
                      options=("Agree", "Neither agree nor disagree", "Disagree", "Don't know"),
                      prompt="Please explain your answer.")
    q2 = add_question(store, response.id, label="2", text=Q2_TEXT)
    q3 = add_question(store, response.id, label="3", text=Q3_TEXT)
    update_question(store, q3.id, confidential=True)
    set_chosen_option(store, q1.id, "Disagree")
    snippets = [
        snippet_from_quote(store, source, quote)
        for source, quote in ((4, FOOT_1), (1, CW_LONG), (2, OVN), (4, FOOT_2), (5, LBC), (3, HITS_1), (3, HITS_2))
    ]
    add_block(store, q1.id, text="The framework must put live facial recognition on a statutory footing.")
    add_block(store, q1.id, kind="quotation", snippet_id=snippets[0].id, text="As Liberty warned,")
    add_block(store, q1.id, kind="quotation", snippet_id=snippets[1].id, text="The Met has announced:")
    add_block(store, q1.id, kind="quotation", snippet_id=snippets[2].id, text="It reports that")
    add_block(store, q2.id, text="It should apply to every police force in England and Wales.")
    for snippet in snippets[3:]:
        add_block(store, q2.id, kind="quotation", snippet_id=snippet.id)
    add_block(store, q3.id, text="Our volunteers were scanned at Notting Hill Carnival.")
    return Built(response.id, (q1.id, q2.id, q3.id), tuple(s.id for s in snippets))


@pytest.fixture
def built(store) -> Built:  # type: ignore[no-untyped-def]
    return build_response(store)
