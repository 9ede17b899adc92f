"""Pinpoints worked out from where a quotation stands in its source (``derive_pinpoint``)."""

from __future__ import annotations

import pytest

from drafter.core.citations import CitationError, Cite, find_style, plain_text, render_items
from drafter.core.citations.from_records import cite_at
from drafter.core.citations.pinpoint import derive_pinpoint

OSCOLA, APA, HARVARD = find_style("oscola"), find_style("apa"), find_style("harvard-cite-them-right")

ACT = """Data Protection Act 2018

PART 3
Law enforcement processing

63 Data protection impact assessment
(1) Where a type of processing is likely to result in a high risk, the controller must carry out an assessment.
(2) The assessment must include a general description of the envisaged processing operations.

64 Prior consultation with the Commissioner
(1) This section applies where a controller intends to create a filing system.
(2) The controller must consult the Commissioner prior to the processing.
(3) The controller must give the Commissioner the assessment.
"""

JUDGMENT = """Judgment approved by the court

Introduction
90. The appeal concerns the use of automated facial recognition by the police.
91. We accept that the use of AFR Locate is in accordance with the law in part.
It follows that the second ground succeeds.
92. We turn to the third ground.
[93] The Public Sector Equality Duty requires the police to inquire.
"""

REPORT = """Independent review

2.13 The review considered the current framework.
2.14 The framework is not fit for purpose and needs new legislation.
2.15 A new regulator is needed.
"""

WEB = """Met sets out plans to expand live facial recognition

The Met will use live facial recognition five days a week.

Officers say the technology is very responsibly used.

Campaigners warn that it is Orwellian."""


def _at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("the controller must carry out an assessment", "s 63(1)"),
        ("general description of the envisaged", "s 63(2)"),
        ("consult the Commissioner prior to the processing", "s 64(2)"),
        ("Prior consultation with the Commissioner", "s 64"),  # the heading itself: the section
        ("the envisaged processing operations.\n\n64 Prior consultation", "ss 63(2)\u201364"),
    ],
)
def test_legislation_is_cited_to_its_section(words: str, expected: str) -> None:
    start, end = _at(ACT, words)
    assert derive_pinpoint(ACT, "legislation", start, end, OSCOLA) == expected


def test_before_any_section_there_is_no_section_but_the_page_if_known() -> None:
    start, end = _at(ACT, "Law enforcement processing")
    assert derive_pinpoint(ACT, "legislation", start, end, OSCOLA) is None
    assert derive_pinpoint(ACT, "legislation", start, end, OSCOLA, page="3") == "p 3"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("AFR Locate is in accordance", "para 91"),
        ("the second ground succeeds", "para 91"),  # a second line of paragraph 91
        ("Public Sector Equality Duty", "para 93"),  # written [93]
        ("in part.\nIt follows that the second ground succeeds.\n92. We turn", "paras 91\u201392"),
    ],
)
def test_a_judgment_is_cited_to_its_numbered_paragraph(words: str, expected: str) -> None:
    start, end = _at(JUDGMENT, words)
    assert derive_pinpoint(JUDGMENT, "legal_case", start, end, OSCOLA) == expected


def test_a_report_with_numbered_paragraphs_is_cited_to_them_else_to_its_page() -> None:
    start, end = _at(REPORT, "not fit for purpose")
    assert derive_pinpoint(REPORT, "report", start, end, HARVARD, page="12") == "para 2.14"
    plain = "A report without numbered paragraphs.\nIt says something quotable."
    start, end = _at(plain, "something quotable")
    assert derive_pinpoint(plain, "report", start, end, HARVARD, page="12") == "p 12"
    assert derive_pinpoint(plain, "report", start, end, HARVARD) is None


def test_an_unpaged_web_page_gets_a_counted_paragraph_in_apa_only() -> None:
    start, end = _at(WEB, "very responsibly used")
    assert derive_pinpoint(WEB, "webpage", start, end, APA) == "para 3"  # the heading is paragraph 1
    assert derive_pinpoint(WEB, "webpage", start, end, OSCOLA) is None
    assert derive_pinpoint(WEB, "webpage", start, end, HARVARD) is None
    start, end = _at(WEB, "responsibly used.\n\nCampaigners warn")
    assert derive_pinpoint(WEB, "post-weblog", start, end, APA) == "paras 3\u20134"
    one_per_line = WEB.replace("\n\n", "\n")
    start, end = _at(one_per_line, "Orwellian")
    assert derive_pinpoint(one_per_line, "article-newspaper", start, end, APA) == "para 4"


def test_a_paged_source_is_cited_to_its_page() -> None:
    assert derive_pinpoint("any text", "book", 0, 3, APA, page="87") == "p 87"
    assert derive_pinpoint("any text", "book", 0, 3, APA, page="87-89") == "pp 87\u201389"
    assert derive_pinpoint("any text", "book", 0, 3, APA, page="iv") is None  # not a number the formatter takes
    assert derive_pinpoint(WEB, "webpage", 0, 5, APA, page="2") == "p 2"  # a page, when the source has one


def test_the_users_own_pinpoint_wins() -> None:
    start, end = _at(ACT, "consult the Commissioner prior")
    assert derive_pinpoint(ACT, "legislation", start, end, OSCOLA, override="  s 64(3) ") == "s 64(3)"
    assert derive_pinpoint(ACT, "legislation", start, end, OSCOLA, override="   ") == "s 64(2)"  # blank: none
    assert cite_at(7, "12", "para 4") == Cite("s7", "para 4")
    assert cite_at(7, "12") == Cite("s7", "p 12")


def test_bad_input_is_refused_plainly() -> None:
    with pytest.raises(CitationError, match="can't be used in a citation"):
        derive_pinpoint(ACT, "legislation", 0, 5, OSCOLA, override="somewhere near the end")
    with pytest.raises(CitationError, match="outside its source's text"):
        derive_pinpoint("short", "webpage", 2, 50, APA)
    with pytest.raises(CitationError, match="outside its source's text"):
        derive_pinpoint("short", "webpage", 4, 2, APA)


def test_derived_pinpoints_print_as_each_guide_asks() -> None:
    """The whole way: derived pinpoint → citation (OSCOLA [91] and s 64(2); APA para. 3)."""
    case = {"id": "bridges", "type": "legal_case", "title": "R (Bridges) v Chief Constable of South Wales Police",
            "authority": "EWCA Civ", "number": "1058", "issued": {"date-parts": [[2020]]}}
    act = {"id": "dpa", "type": "legislation", "title": "Data Protection Act 2018"}
    page = {"id": "met", "type": "webpage", "title": "Met sets out plans",
            "author": [{"literal": "Metropolitan Police"}], "issued": {"date-parts": [[2025, 7, 31]]}, "URL": "https://news.met.police.uk/x"}
    para = derive_pinpoint(JUDGMENT, "legal_case", *_at(JUDGMENT, "AFR Locate"), OSCOLA)
    section = derive_pinpoint(ACT, "legislation", *_at(ACT, "consult the Commissioner"), OSCOLA)
    notes = render_items([case, act], [Cite("bridges", para), Cite("dpa", section)], "oscola").citations
    assert [plain_text(n) for n in notes] == [
        "R (Bridges) v Chief Constable of South Wales Police [2020] EWCA Civ 1058 [91].",
        "Data Protection Act 2018, s 64(2).",
    ]
    web = derive_pinpoint(WEB, "webpage", *_at(WEB, "very responsibly used"), APA)
    (in_text,) = render_items([page], [Cite("met", web)], "apa").citations
    assert plain_text(in_text) == "(Metropolitan Police, 2025, para. 3)"
