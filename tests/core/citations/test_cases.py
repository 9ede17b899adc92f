"""Citation facts in, exact citations out: OSCOLA, Cite Them Right Harvard and APA.

Every expected string below was written from the style's published rules, not
copied from pandoc: OSCOLA 4th edition (§1.3 subsequent citations and ibid,
§1.7 bibliographies, §3 secondary sources, newspaper articles), Cite Them Right
12th edition (Harvard), APA Publication Manual 7th edition (ch. 8 in-text,
ch. 9–10 references). Where pandoc with the published CSL file prints
something else, the row carries ``xfail`` with the reason: that is a finding
about the style file or processor, not a failure of Drafter.

Notes that apply throughout:
- OSCOLA capitalises the major words of a title ("Rights Fears as Met Ramps Up
  Tech Use"); Harvard and APA keep the title as the publisher wrote it.
  'up' in 'ramps up' is an adverb (a phrasal verb's particle), so a major word;
  'amid' is a preposition, so a minor one (``guide_rules.OSCOLA_MINOR_WORDS``).
- Quotation marks are the typeset ones: OSCOLA and Cite Them Right ‘single’
  around titles, APA “double” (American punctuation, comma inside). Each style
  renders in its guide's language unless a row asks for another: OSCOLA's file
  says en-GB; APA's and Cite Them Right's name none, and Drafter takes APA's as
  en-US and Cite Them Right's as en-GB (``quotes.HOME_LOCALES``).
- Where a fact is unknown (no accessed date, no title) the rules ask for it;
  the expected string is the rules applied to what is known, as Drafter never
  invents a fact. The readiness check is what tells the user.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib.resources import files

import pytest

from drafter.core.citations import CitationSource, Cite, Run, plain_text, render_citations
from drafter.core.names import Name, Organisation, Person

URL_FOOT = "https://www.westendextra.co.uk/article/rights-fears-as-met-ramps-up-tech-use"
URL_CW = "https://www.computerweekly.com/news/366628280/Met-Police-to-double-facial-recognition-use-amid-budget-cuts"
URL_HITS = "https://hellorayo.co.uk/hits-radio/london/news/met-boosting-facial-recognition"
URL_LBC = "https://www.lbc.co.uk/article/facial-recognition-police-orwellian-5HjdNrd_2/"
# The consultation's landing page (the checked facts in shared/consultations/homeoffice-frt-2025.md).
URL_HO = "https://www.gov.uk/government/consultations/legal-framework-for-using-facial-recognition-in-law-enforcement"
HO_TITLE = (
    "Consultation on a new legal framework for law enforcement use of biometrics, facial recognition "
    "and similar technologies"
)
HO_TITLE_OSCOLA = (
    "Consultation on a New Legal Framework for Law Enforcement Use of Biometrics, Facial Recognition "
    "and Similar Technologies"
)

# The two named authors of the stored articles are journalists of a byline: people.
FOOT, QUINN = Person("Foot", "Tom"), Person("Quinn", "Chay")
SMITH, LEE = Person("Smith", "Jane"), Person("Lee", "Ann")
PEOPLE = {"Tom Foot": FOOT, "Chay Quinn": QUINN}


def _stored_articles() -> dict[str, CitationSource]:
    """The five stored articles exactly as sources.json has them (no accessed dates)."""
    data = json.loads(
        files("drafter.resources").joinpath("articles/sources.json").read_text("utf-8")
    )
    return {
        article["file"][:3]: CitationSource(
            id=f"a{article['file'][:3]}",
            type=article["type"],
            title=article["title"],
            publisher=article["publisher"],
            authors=(PEOPLE[article["author"]],) if article["author"] else (),
            date=article["date"],
            url=article["url"],
            accessed=None,
        )
        for article in data["articles"]
    }


REAL = _stored_articles()


def _made_up(
    id: str,
    title: str | None,
    publisher: str,
    authors: tuple[Name, ...],
    date: str | None,
    url: str | None = None,
    accessed: str | None = None,
    type: str = "article-newspaper",
) -> CitationSource:
    return CitationSource(
        id=id,
        type=type,
        title=title,
        publisher=publisher,
        authors=authors,
        date=date,
        url=url,
        accessed=accessed,
    )


SOURCES = {
    **{f"a{key}": source for key, source in REAL.items()},
    # Article 003 as the brief's example: one author, a full date, URL and accessed date.
    "foot": _made_up(
        "foot",
        "Rights fears as Met ramps up tech use",
        "West End Extra",
        (FOOT,),
        "2025-08-01",
        URL_FOOT,
        "2026-11-23",
    ),
    # What the stored articles lack: two, three and four authors, a date known only
    # to the month or the year, a second work by one author, an undated article
    # with an accessed date.
    "two": _made_up(
        "two", "Liberty calls for regulation", "The Guardian", (FOOT, QUINN), "2025-08"
    ),
    "three": _made_up(
        "three",
        "Facial recognition in London",
        "The Times",
        (FOOT, QUINN, SMITH),
        "2024",
    ),
    "four": _made_up(
        "four",
        "Policing by algorithm",
        "The Times",
        (FOOT, QUINN, SMITH, LEE),
        "2024",
    ),
    "foot24": _made_up(
        "foot24", "Cameras on the high street", "Camden New Journal", (FOOT,), "2024-03-02"
    ),
    "hits_acc": _made_up(
        "hits_acc",
        "Met to double use of live facial recognition",
        "Hits Radio",
        (),
        None,
        URL_HITS,
        "2026-11-23",
    ),
    # Organisations as authors: the consultation's page (its accessed date is made up for the
    # test), and Press Association copy run by a newspaper (made up).
    "ho": _made_up(
        "ho", HO_TITLE, "GOV.UK", (Organisation("Home Office"),), "2025-12-04", URL_HO, "2026-01-15", type="webpage"
    ),
    "pa": _made_up(
        "pa",
        "Met to double use of live facial recognition",
        "The Independent",
        (Organisation("Press Association"),),
        "2025-08-01",
    ),
}


@dataclass(frozen=True)
class Case:
    name: str
    style: str
    cites: tuple[str, ...]  # 'source' or 'source@locator', in document order
    show: str  # 'cite N' (1-based), 'all' cites, 'bib N' (1-based) or 'bib' (all entries)
    expected: str  # several lines when show is 'all' or 'bib'
    italic: tuple[str, ...] = ()  # the italic runs, in order (checked for single outputs)
    xfail: str | None = None
    locale: str | None = None
    italic_xfail: str | None = None  # the text is right, the italics are not (reason)


OSCOLA, HARVARD, APA = "oscola", "harvard-cite-them-right", "apa"
# Case(name, style, cites in document order, which output to show, expected text, italic runs,
#      xfail=reason the published rule and pandoc's output differ, locale=language asked for)
CASES = [
    # ---- OSCOLA 4th edition: footnotes -------------------------------------------------------
    Case(
        "oscola: one author, URL and accessed date",
        OSCOLA,
        ("foot",),
        "cite 1",
        f"Tom Foot, ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025) <{URL_FOOT}> "
        "accessed 23 November 2026.",
        ("West End Extra",),
    ),
    Case(
        "oscola: stored article 003, URL but no accessed date known",
        OSCOLA,
        ("a003",),
        "cite 1",
        f"Tom Foot, ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025) <{URL_FOOT}>.",
        ("West End Extra",),
    ),
    Case(
        "oscola: anonymous article begins with its title (stored 001, no URL)",
        OSCOLA,
        ("a001",),
        "cite 1",
        "‘Met Police to Expand Facial Recognition Use as Part of Wider Crime Strategy’ "
        "OpenVoiceNews U.K. (31 July 2025).",
        ("OpenVoiceNews U.K.",),
    ),
    Case(
        "oscola: anonymous article, stored 000",
        OSCOLA,
        ("a000",),
        "cite 1",
        f"‘Met Police to Double Facial Recognition Use amid Budget Cuts’ Computer Weekly (1 August 2025) <{URL_CW}>.",
        ("Computer Weekly",),
    ),
    Case(
        "oscola: no date known (stored 002): the website alone in brackets",
        OSCOLA,
        ("a002",),
        "cite 1",
        # A radio station's news page is a website (§3.4): its name in roman, in the brackets.
        f"‘Met to Double Use of Live Facial Recognition’ (Hits Radio) <{URL_HITS}>.",
        (),
    ),
    # OSCOLA has no rule for an untitled web page: with no title, the comma that separates it from
    # the author goes too; the website and date in brackets (§3.4), never run on ("Chay Quinn LBC").
    Case(
        "oscola: no title known (stored 004)",
        OSCOLA,
        ("a004",),
        "cite 1",
        f"Chay Quinn (LBC, 4 December 2025) <{URL_LBC}>.",
        (),
    ),
    Case(
        "oscola: two authors, date known to the month",
        OSCOLA,
        ("two",),
        "cite 1",
        "Tom Foot and Chay Quinn, ‘Liberty Calls for Regulation’ The Guardian (August 2025).",
        ("The Guardian",),
    ),
    Case(
        "oscola: three authors, date known to the year",
        OSCOLA,
        ("three",),
        "cite 1",
        "Tom Foot, Chay Quinn and Jane Smith, ‘Facial Recognition in London’ The Times (2024).",
        ("The Times",),
    ),
    Case(
        "oscola: more than three authors: first and 'and others'",
        OSCOLA,
        ("four",),
        "cite 1",
        "Tom Foot and others, ‘Policing by Algorithm’ The Times (2024).",
        ("The Times",),
    ),
    Case(
        "oscola: pinpoint in a first citation follows the brackets",
        OSCOLA,
        ("foot@p 3",),
        "cite 1",
        f"Tom Foot, ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025) 3 <{URL_FOOT}> "
        "accessed 23 November 2026.",
        ("West End Extra",),
    ),
    Case(
        "oscola: full, ibid, full, then short form with cross-reference",
        OSCOLA,
        ("foot", "foot", "two", "foot"),
        "all",
        "\n".join(
            [
                (
                    f"Tom Foot, ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025) <{URL_FOOT}> "
                    "accessed 23 November 2026."
                ),
                "ibid.",
                "Tom Foot and Chay Quinn, ‘Liberty Calls for Regulation’ The Guardian (August 2025).",
                "Foot (n 1).",
            ]
        ),
    ),
    Case(
        "oscola: subsequent citation with a page",
        OSCOLA,
        ("foot", "two", "foot@p 3"),
        "cite 3",
        "Foot (n 1) 3.",
    ),
    Case(
        "oscola: subsequent citation with a paragraph",
        OSCOLA,
        ("foot", "two", "foot@para 5"),
        "cite 3",
        "Foot (n 1) para 5.",
    ),
    Case(
        "oscola: subsequent citation of two authors",
        OSCOLA,
        ("two", "foot", "two"),
        "cite 3",
        "Foot and Quinn (n 1).",
    ),
    Case(
        "oscola: subsequent citation of an anonymous work uses its title",
        OSCOLA,
        ("a001", "foot", "a001"),
        "cite 3",
        "‘Met Police to Expand Facial Recognition Use as Part of Wider Crime Strategy’ (n 1).",
    ),
    Case("oscola: ibid with a page", OSCOLA, ("foot", "foot@p 3"), "cite 2", "ibid 3."),
    Case(
        "oscola: ibid with a paragraph keeps 'para'",
        OSCOLA,
        ("foot", "foot@para 4"),
        "cite 2",
        "ibid para 4.",
    ),
    Case(
        "oscola: two works by one author: the short form adds the title",
        OSCOLA,
        ("foot", "foot24", "foot"),
        "cite 3",
        "Foot, ‘Rights Fears as Met Ramps Up Tech Use’ (n 1).",
    ),
    # ---- Organisations as authors: named whole, never split into given and family names --------
    # OSCOLA 4th ed: an institution that is the author is named as it calls itself; websites:
    # author, 'title' (website, date) <URL> accessed date.
    Case(
        "oscola: an organisation as author of a web page, named whole",
        OSCOLA,
        ("ho",),
        "cite 1",
        f"Home Office, ‘{HO_TITLE_OSCOLA}’ (GOV.UK, 4 December 2025) <{URL_HO}> accessed 15 January 2026.",
        (),
    ),
    # §1.3: later citations give the author's name (an organisation's whole name) and the note.
    Case(
        "oscola: short form of an organisation's work: its whole name and the note",
        OSCOLA,
        ("ho", "foot", "ho"),
        "cite 3",
        "Home Office (n 1).",
    ),
    Case(
        "oscola: a news agency as author of a newspaper article",
        OSCOLA,
        ("pa",),
        "cite 1",
        "Press Association, ‘Met to Double Use of Live Facial Recognition’ The Independent (1 August 2025).",
        ("The Independent",),
    ),
    Case(
        "oscola: a later short form of a news agency's article after another work",
        OSCOLA,
        ("foot", "pa", "foot", "pa@p 2"),
        "cite 4",
        "Press Association (n 2) 2.",
    ),
    # §1.7: people are listed surname first with initials; an organisation's name is not inverted.
    Case(
        "oscola bibliography: an organisation is not inverted, sorted by its name among people",
        OSCOLA,
        ("pa", "foot"),
        "bib",
        "\n".join(
            [
                ("Foot T, ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025) "
                f"<{URL_FOOT}> accessed 23 November 2026"),
                "Press Association, ‘Met to Double Use of Live Facial Recognition’ The Independent (1 August 2025)",
            ]
        ),
    ),
    # ---- OSCOLA: bibliography ----------------------------------------------------------------
    Case(
        "oscola bibliography: surname and initial, no full stop",
        OSCOLA,
        ("foot",),
        "bib 1",
        f"Foot T, ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025) <{URL_FOOT}> "
        "accessed 23 November 2026",
        ("West End Extra",),
    ),
    Case(
        "oscola bibliography: two authors",
        OSCOLA,
        ("two",),
        "bib 1",
        "Foot T and Quinn C, ‘Liberty Calls for Regulation’ The Guardian (August 2025)",
        ("The Guardian",),
    ),
    Case(
        "oscola bibliography: unattributed works first, each after '——' (stored 001–004)",
        OSCOLA,
        ("a001", "a002", "a003", "a004"),
        "bib",
        "\n".join(
            [
                (
                    "—— ‘Met Police to Expand Facial Recognition Use as Part of Wider Crime Strategy’ "
                    "OpenVoiceNews U.K. (31 July 2025)"
                ),
                f"—— ‘Met to Double Use of Live Facial Recognition’ (Hits Radio) <{URL_HITS}>",
                f"Foot T, ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025) <{URL_FOOT}>",
                f"Quinn C (LBC, 4 December 2025) <{URL_LBC}>",
            ]
        ),
        xfail="OSCOLA §1.7 lists unattributed works first, in order of title, each after a double em-dash; "
        "oscola.csl sorts them among the authors by title and prints no dash",
    ),
    Case(
        "oscola bibliography: a second work by the same author after '——', chronological",
        OSCOLA,
        ("foot", "foot24"),
        "bib",
        "\n".join(
            [
                "Foot T, ‘Cameras on the High Street’ Camden New Journal (2 March 2024)",
                (
                    f"—— ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025) <{URL_FOOT}> "
                    "accessed 23 November 2026"
                ),
            ]
        ),
        xfail="OSCOLA §1.7's example has no comma after the double em-dash ('—— ‘Varieties of "
        "Responsibility’'); oscola.csl keeps the comma that followed the name ('——, ‘Rights…')",
    ),
    Case(
        "oscola bibliography: attributed works alone are in surname order",
        OSCOLA,
        ("a004", "three", "a003"),
        "bib",
        "\n".join(
            [
                f"Foot T, ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025) <{URL_FOOT}>",
                "Foot T, Quinn C and Smith J, ‘Facial Recognition in London’ The Times (2024)",
                f"Quinn C (LBC, 4 December 2025) <{URL_LBC}>",
            ]
        ),
    ),
    # ---- Cite Them Right 12th edition (Harvard) ---------------------------------------------
    Case("harvard: in-text, one author", HARVARD, ("foot",), "cite 1", "(Foot, 2025)"),
    Case(
        "harvard: reference, one author, URL and accessed date",
        HARVARD,
        ("foot",),
        "bib 1",
        f"Foot, T. (2025) ‘Rights fears as Met ramps up tech use’, West End Extra, 1 August. Available at: "
        f"{URL_FOOT} (Accessed: 23 November 2026).",
        ("West End Extra",),
    ),
    Case(
        "harvard: in-text, anonymous newspaper article: the newspaper stands for the author",
        HARVARD,
        ("a000",),
        "cite 1",
        "(Computer Weekly, 2025)",
        ("Computer Weekly",),
    ),
    Case(
        "harvard: reference, anonymous newspaper article (stored 000)",
        HARVARD,
        ("a000",),
        "bib 1",
        f"Computer Weekly (2025) ‘Met Police to double facial recognition use amid budget cuts’, 1 August. "
        f"Available at: {URL_CW}.",
        ("Computer Weekly",),
    ),
    Case(
        "harvard: reference, anonymous, no URL (stored 001)",
        HARVARD,
        ("a001",),
        "bib 1",
        "OpenVoiceNews U.K. (2025) ‘Met Police to Expand Facial Recognition Use as Part of Wider Crime "
        "Strategy’, 31 July.",
        ("OpenVoiceNews U.K.",),
    ),
    Case(
        "harvard: in-text, no date",
        HARVARD,
        ("a002",),
        "cite 1",
        # A web page with no author is cited by its title, in italics (Web pages).
        "(Met to double use of live facial recognition, no date)",
        ("Met to double use of live facial recognition",),
    ),
    Case(
        "harvard: reference, no date (stored 002)",
        HARVARD,
        ("a002",),
        "bib 1",
        f"Met to double use of live facial recognition (no date). Available at: {URL_HITS}.",
        ("Met to double use of live facial recognition",),
    ),
    # A web page with no title and no description from the user (Cite Them Right's web page form
    # names no website): the readiness check asks for a title or a description.
    Case(
        "harvard: reference, no title (stored 004)",
        HARVARD,
        ("a004",),
        "bib 1",
        f"Quinn, C. (2025). Available at: {URL_LBC}.",
        (),
    ),
    Case(
        "harvard: two authors, date known to the month",
        HARVARD,
        ("two",),
        "cite 1",
        "(Foot and Quinn, 2025)",
    ),
    Case(
        "harvard: reference, two authors, month only",
        HARVARD,
        ("two",),
        "bib 1",
        "Foot, T. and Quinn, C. (2025) ‘Liberty calls for regulation’, The Guardian, August.",
        ("The Guardian",),
    ),
    Case(
        "harvard: three authors are all named",
        HARVARD,
        ("three",),
        "cite 1",
        "(Foot, Quinn and Smith, 2024)",
    ),
    Case(
        "harvard: reference, three authors, year only",
        HARVARD,
        ("three",),
        "bib 1",
        "Foot, T., Quinn, C. and Smith, J. (2024) ‘Facial recognition in London’, The Times.",
        ("The Times",),
    ),
    Case(
        "harvard: four or more authors: et al. in italics",
        HARVARD,
        ("four",),
        "cite 1",
        "(Foot et al., 2024)",
        ("et al.",),
    ),
    Case(
        "harvard: repeated citations are unchanged",
        HARVARD,
        ("foot", "two", "foot", "foot"),
        "all",
        "(Foot, 2025)\n(Foot and Quinn, 2025)\n(Foot, 2025)\n(Foot, 2025)",
    ),
    Case(
        "harvard: page and paragraph pinpoints",
        HARVARD,
        ("foot@p 3", "foot@para 4", "foot@pp 3-4"),
        "all",
        "(Foot, 2025, p. 3)\n(Foot, 2025, para. 4)\n(Foot, 2025, pp. 3–4)",
    ),
    # Cite Them Right: a corporate author is cited by the organisation's name, in full.
    Case("harvard: in-text, an organisation as author", HARVARD, ("ho",), "cite 1", "(Home Office, 2025)"),
    Case(
        "harvard: reference, a news agency as author of a newspaper article",
        HARVARD,
        ("pa",),
        "bib 1",
        "Press Association (2025) ‘Met to double use of live facial recognition’, The Independent, 1 August.",
        ("The Independent",),
    ),
    Case(
        "harvard: reference list of the five stored articles, alphabetical",
        HARVARD,
        ("a003", "a004", "a002", "a001", "a000"),
        "bib",
        "\n".join(
            [
                (
                    f"Computer Weekly (2025) ‘Met Police to double facial recognition use amid budget cuts’, 1 August. "
                    f"Available at: {URL_CW}."
                ),
                (
                    f"Foot, T. (2025) ‘Rights fears as Met ramps up tech use’, West End Extra, 1 August. Available at: "
                    f"{URL_FOOT}."
                ),
                f"Met to double use of live facial recognition (no date). Available at: {URL_HITS}.",
                (
                    "OpenVoiceNews U.K. (2025) ‘Met Police to Expand Facial Recognition Use as Part of Wider Crime "
                    "Strategy’, 31 July."
                ),
                f"Quinn, C. (2025). Available at: {URL_LBC}.",
            ]
        ),
    ),
    # ---- APA 7th edition ----------------------------------------------------------------------
    Case("apa: in-text, one author", APA, ("foot",), "cite 1", "(Foot, 2025)"),
    Case(
        "apa: reference, one author; no retrieval date for a dated article",
        APA,
        ("foot",),
        "bib 1",
        f"Foot, T. (2025, August 1). Rights fears as Met ramps up tech use. West End Extra. {URL_FOOT}",
        ("West End Extra",),
    ),
    Case(
        "apa: two authors, date known to the month", APA, ("two",), "cite 1", "(Foot & Quinn, 2025)"
    ),
    Case(
        "apa: reference, two authors, month only",
        APA,
        ("two",),
        "bib 1",
        "Foot, T., & Quinn, C. (2025, August). Liberty calls for regulation. The Guardian.",
        ("The Guardian",),
    ),
    Case(
        "apa: three or more authors: et al. from the first citation",
        APA,
        ("three",),
        "cite 1",
        "(Foot et al., 2024)",
    ),
    Case(
        "apa: reference, three authors, year only",
        APA,
        ("three",),
        "bib 1",
        "Foot, T., Quinn, C., & Smith, J. (2024). Facial recognition in London. The Times.",
        ("The Times",),
    ),
    Case(
        "apa: et al. forms that would collide are written out",
        APA,
        ("three", "four"),
        "all",
        "(Foot, Quinn, & Smith, 2024)\n(Foot, Quinn, Smith, & Lee, 2024)",
    ),
    Case(
        "apa: in-text, anonymous: title in title case and quotation marks",
        APA,
        ("a000",),
        "cite 1",
        "(“Met Police to Double Facial Recognition Use Amid Budget Cuts,” 2025)",
    ),
    # APA's file names no language; Drafter renders it in its guide's own, American English
    # (APA 7 §6.7: “double” marks, comma and full stop inside). A user who asks for British
    # English gets its marks, comma outside.
    Case(
        "apa: in-text, anonymous, British English asked for",
        APA,
        ("a000",),
        "cite 1",
        "(‘Met Police to Double Facial Recognition Use Amid Budget Cuts’, 2025)",
        locale="en-GB",
    ),
    Case(
        "apa: reference, anonymous: title moves to the author position",
        APA,
        ("a000",),
        "bib 1",
        f"Met Police to double facial recognition use amid budget cuts. (2025, August 1). Computer Weekly. {URL_CW}",
        ("Computer Weekly",),
    ),
    Case(
        "apa: in-text, no date",
        APA,
        ("a002",),
        "cite 1",
        # A webpage's title is in italics in the reference, so in the text too (§8.14).
        "(Met to Double Use of Live Facial Recognition, n.d.)",
        ("Met to Double Use of Live Facial Recognition",),
        locale="en-US",
    ),
    Case(
        "apa: reference, no date and no retrieval date (stored 002)",
        APA,
        ("a002",),
        "bib 1",
        f"Met to double use of live facial recognition. (n.d.). Hits Radio. {URL_HITS}",
        ("Met to double use of live facial recognition",),  # a webpage (§10.16): its title in italics
    ),
    Case(
        "apa: reference, no date, with a retrieval date",
        APA,
        ("hits_acc",),
        "bib 1",
        f"Met to double use of live facial recognition. (n.d.). Hits Radio. Retrieved November 23, 2026, "
        f"from {URL_HITS}",
        ("Hits Radio",),
        locale="en-US",
    ),
    # APA wants a [description] in place of a missing title; only the user can write one.
    Case(
        "apa: reference, no title (stored 004)",
        APA,
        ("a004",),
        "bib 1",
        f"Quinn, C. (2025, December 4). LBC. {URL_LBC}",
        (),  # the website's name in roman (§10.16)
    ),
    Case(
        "apa: repeated citations are unchanged",
        APA,
        ("foot", "two", "foot"),
        "all",
        "(Foot, 2025)\n(Foot & Quinn, 2025)\n(Foot, 2025)",
    ),
    Case(
        "apa: page and paragraph pinpoints",
        APA,
        ("foot@p 3", "foot@para 4"),
        "all",
        "(Foot, 2025, p. 3)\n(Foot, 2025, para. 4)",
    ),
    # APA 7 §8.21 and §9.11: a group author is named in full, in text and reference alike;
    # §8.28 paragraph numbers for unpaged works; §10.16 a webpage: author, date, title in
    # italics, site name, URL.
    Case("apa: in-text, a group author", APA, ("ho",), "cite 1", "(Home Office, 2025)"),
    Case(
        "apa: in-text, a group author with a paragraph",
        APA,
        ("ho@para 5",),
        "cite 1",
        "(Home Office, 2025, para. 5)",
    ),
    Case(
        "apa: reference, a group author's webpage",
        APA,
        ("ho",),
        "bib 1",
        f"Home Office. (2025, December 4). {HO_TITLE}. GOV.UK. {URL_HO}",
        (HO_TITLE,),
        locale="en-US",
    ),
    Case(
        "apa: reference list, alphabetical by author or title",
        APA,
        ("a004", "a003", "a001", "a000"),
        "bib",
        "\n".join(
            [
                f"Foot, T. (2025, August 1). Rights fears as Met ramps up tech use. West End Extra. {URL_FOOT}",
                (
                    "Met Police to double facial recognition use amid budget cuts. (2025, August 1). "
                    f"Computer Weekly. {URL_CW}"
                ),
                (
                    "Met Police to Expand Facial Recognition Use as Part of Wider Crime Strategy. (2025, July 31). "
                    "OpenVoiceNews U.K."
                ),
                f"Quinn, C. (2025, December 4). LBC. {URL_LBC}",
            ]
        ),
    ),
]


@functools.cache  # the text and the italics tests share one render
def _render(case: Case) -> list[tuple[Run, ...]]:
    cites = [Cite(*c.split("@", 1)) if "@" in c else Cite(c) for c in case.cites]
    used = {c.source_id for c in cites}
    result = render_citations(
        [s for k, s in SOURCES.items() if k in used],
        cites,
        case.style,
        with_bibliography=case.show.startswith("bib"),
        locale=case.locale,
    )
    kind, _, number = case.show.partition(" ")
    outputs = result.bibliography if kind == "bib" else result.citations
    return [outputs[int(number) - 1]] if number else list(outputs)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c, id=c.name, marks=[pytest.mark.xfail(reason=c.xfail, strict=True)] if c.xfail else []
        )
        for c in CASES
    ],
)
def test_rendered_text(case: Case) -> None:
    outputs = _render(case)
    assert "\n".join(plain_text(runs) for runs in outputs) == case.expected


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c,
            id=c.name,
            marks=[pytest.mark.xfail(reason=c.italic_xfail, strict=True)] if c.italic_xfail else [],
        )
        for c in CASES
        if " " in c.show and not c.xfail
    ],
)
def test_italic_spans(case: Case) -> None:
    (runs,) = _render(case)
    assert tuple(r.text for r in runs if r.italic) == case.italic
    assert not any(r.bold or r.small_caps or r.superscript for r in runs)
