"""Rules of the printed guides that a CSL style file cannot express, applied to the items.

CSL can test whether a variable is present, never what it holds or whether two
variables agree, so a few rules of the guides are applied here, to a copy of each
CSL-JSON item, just before the render. Each rule names the guide's section; the
published style files (or Drafter's patched copies, ``resources/styles``) do the rest.
"""

from __future__ import annotations

import re
from typing import Any

from drafter.core.citations.model import StyleInfo

#: The minor words OSCOLA leaves in lower case inside a title (4th ed. §3.1 (titles) and §3.2.1
#: capitalise "major words": nouns, pronouns, verbs, adjectives and adverbs): articles,
#: conjunctions and prepositions. 'up', 'out', 'off' and 'down' are not here: in a title they
#: are nearly always adverbs of a phrasal verb ("Met Ramps Up Tech Use", "Sets Out Plans"), so
#: major words. pandoc's own title case, which the published style asked for, left out 'amid',
#: 'among', 'against', 'between' and others, and lowercased 'up' but not 'out'.
OSCOLA_MINOR_WORDS = frozenset(
    """a an the and but or nor for so yet as if than via vs versus per
    about above across after against along amid amidst among amongst around at before behind below
    beneath beside besides between beyond by despite during except from in inside into like near
    of on onto outside over past since through throughout till to toward towards under underneath
    until unto upon with within without""".split()  # noqa: SIM905 - a list to read, not to edit
)
# Types whose titles OSCOLA prints as given: case names and the short titles of legislation.
_TITLES_AS_GIVEN = frozenset({"legal_case", "legislation", "bill", "regulation", "treaty", "hearing"})
# Types whose container is a book, whose title OSCOLA capitalises like any book's.
_IN_A_BOOK = frozenset({"chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary"})
_WORD = re.compile(r"\S+")


def adapt_item(item: dict[str, Any], style: StyleInfo) -> dict[str, Any]:
    """``item`` as the style's guide would have it cited (a new dict; ``item`` is not changed)."""
    rules = style.parent or style.id
    adapted = dict(item)
    if adapted.get("type") == "hearing" and adapted.get("authority") and not adapted.get("container-title"):
        # Drafter's facts editor keeps Hansard's House ('HC Deb') as the hearing's 'authority';
        # the styles read it, as Zotero writes it, from container-title (OSCOLA §3.4.2, CTR).
        adapted["container-title"] = adapted["authority"]
    if rules == "harvard-cite-them-right":
        _cite_them_right(adapted)
    if rules == "oscola":
        # Drafter's OSCOLA style prints titles as they come (see OSCOLA_MINOR_WORDS for why).
        if adapted.get("type") not in _TITLES_AS_GIVEN:
            for key in ("title", "title-short"):
                if isinstance(adapted.get(key), str):
                    adapted[key] = oscola_title_case(adapted[key])
        if adapted.get("type") in _IN_A_BOOK and isinstance(adapted.get("container-title"), str):
            adapted["container-title"] = oscola_title_case(adapted["container-title"])
    if rules == "apa":
        # APA 7 §9.24: when the author and the publisher are the same, the publisher is omitted.
        if _same_as_an_author(adapted.get("publisher"), adapted.get("author")):
            del adapted["publisher"]
        # APA 7 §10.16 sets a press release among the webpages of a website: its full date and
        # "[Press release]" after the title. CSL has no press-release type (Zotero and Drafter
        # write a report with the genre "press release"), and apa.csl dates a report by its year.
        if adapted.get("type") == "report" and _genre(adapted) == "press release":
            adapted["type"] = "webpage"
        # APA 7 §9.21: a work of an unusual kind has its description in brackets after the
        # title; for a speech the type itself says what it is ("[Speech]").
        if adapted.get("type") == "speech" and not _genre(adapted):
            adapted["genre"] = "Speech"
        if adapted.get("type") in UK_LEGAL_TYPES and _in_the_uk(adapted):
            # APA 7 §11: legal material of another country is cited in that country's form; for
            # the UK, OSCOLA's (Drafter's apa.csl prints it for items so marked).
            adapted[UK_LEGAL] = "true"
            if adapted.get("type") == "legislation" and _CHAPTER.match(str(adapted.get("number", ""))):
                # OSCOLA §2.4.1: an Act is cited by its short title and year, without its chapter.
                del adapted["number"]
    return adapted


#: Set by ``adapt_item`` (APA) on a court case, an Act or SI, or a Hansard record of the UK;
#: Drafter's apa.csl then prints it in the UK's own legal form instead of the US (Bluebook)
#: form the published file gives all legal material.
UK_LEGAL = "drafter-uk-legal"
UK_LEGAL_TYPES = frozenset({"legal_case", "legislation", "hearing"})
#: Jurisdictions (CSL-JSON ``jurisdiction``, as Zotero and Juris-M write it) that are the UK's.
_UK_JURISDICTIONS = frozenset({"gb", "uk", "united kingdom", "england", "england and wales", "wales",
                               "scotland", "northern ireland"})
_CHAPTER = re.compile(r"^\s*c(h|ap)?\.?\s*\d+\s*$", re.IGNORECASE)


def _in_the_uk(item: dict[str, Any]) -> bool:
    """Whether a legal item is the UK's: Drafter's facts editor asks for the UK's legal forms
    (a neutral citation's court, a short title with its year, 'HC Deb'), so an item is taken
    as the UK's unless its CSL-JSON names another jurisdiction ('us', 'ca' …) or, for an Act,
    a code it is printed in."""
    place = item.get("jurisdiction")
    if not isinstance(place, str) or not place.strip():
        # An Act in a code ('42 U.S.C. § 12101', Zotero's 'Code' field) is cited in the code's
        # country's form: UK Acts are cited by short title and year, in no code (OSCOLA §2.4.1).
        return not (item.get("type") == "legislation" and item.get("container-title"))
    first = place.strip().casefold().split(":", 1)[0].split(";", 1)[0].strip()
    return first in _UK_JURISDICTIONS


#: Set by ``adapt_items`` on an item whose authors also wrote another cited item; Drafter's
#: OSCOLA style then adds the short title to its short form (OSCOLA 4th ed §1.2.1). CSL's own
#: test, ``disambiguate="true"``, never fires here: the note numbers already tell the two
#: short forms apart ("Home Office (n 1)", "Home Office (n 2)"), though a reader cannot tell
#: which work each is without going back.
SHARED_AUTHOR = "drafter-shared-author"


def adapt_items(items: list[dict[str, Any]], style: StyleInfo) -> list[dict[str, Any]]:
    """Every item adapted (``adapt_item``), and the rules that depend on the other items."""
    adapted = [adapt_item(item, style) for item in items]
    if (style.parent or style.id) == "oscola":
        keys = [_author_key(item) for item in adapted]
        for item, key in zip(adapted, keys, strict=True):
            if key and keys.count(key) > 1:
                item[SHARED_AUTHOR] = "true"
    return adapted


def _author_key(item: dict[str, Any]) -> tuple[str, ...]:
    """The names a short form prints: family names, or organisations' whole names."""
    names = item.get("author")
    if not isinstance(names, list):
        return ()
    return tuple(
        " ".join(str(n.get("family") or n.get("literal") or "").split()).casefold()
        for n in names if isinstance(n, dict)
    )


def oscola_title_case(title: str) -> str:
    """``title`` with its major words capitalised, as OSCOLA prints titles.

    The first and last words and a word after a colon, dash or question mark are always
    capitalised; a minor word elsewhere is set in lower case. A word with a capital or a
    digit after its first letter ('GOV.UK', 'iPhone', 'AFR', 'Covid-19') is kept as written,
    and so is a word in lower case that holds no letter. Each part of a hyphenated word is
    treated as a word.
    """
    words = list(_WORD.finditer(title))
    out: list[str] = []
    position = 0
    opens_clause = True
    for index, match in enumerate(words):
        out.append(title[position : match.start()])
        word = match.group()
        last = index == len(words) - 1
        parts = word.split("-")
        fixed = [
            _case_word(part, first=opens_clause and n == 0, last=last and n == len(parts) - 1)
            for n, part in enumerate(parts)
        ]
        out.append("-".join(fixed))
        position = match.end()
        opens_clause = word.rstrip("’”'\")").endswith((":", "?", "!", "—", "–")) or word in (
            "—", "–", "-")
    out.append(title[position:])
    return "".join(out)


def _case_word(word: str, *, first: bool, last: bool) -> str:
    start = next((i for i, c in enumerate(word) if c.isalpha()), None)
    if start is None:
        return word
    core = word[start:]
    letters = "".join(c for c in core if c.isalnum())
    if any(c.isupper() or c.isdigit() for c in letters[1:]):
        return word  # an acronym, a brand or a mixed form: as written
    bare = letters.casefold()
    if bare in OSCOLA_MINOR_WORDS and not first and not last:
        return word[:start] + core.lower()
    return word[:start] + core[0].upper() + core[1:]


def _genre(item: dict[str, Any]) -> str:
    genre = item.get("genre")
    return " ".join(genre.split()).casefold() if isinstance(genre, str) else ""


def _same_as_an_author(publisher: Any, authors: Any) -> bool:
    if not isinstance(publisher, str) or not isinstance(authors, list):
        return False
    wanted = " ".join(publisher.split()).casefold()
    return any(
        isinstance(name, dict) and " ".join(str(name.get("literal", "")).split()).casefold() == wanted
        for name in authors
    )


#: Set by ``adapt_item`` on a report that is a command paper (its number is one: ``CP 1412``,
#: ``Cm 9230``, ``Cmnd 8092``, ``Cmd 6404``, ``C. 1234``); Drafter's Cite Them Right style then
#: prints it in that guide's form, ``Department (Year) *Title* (CP 1412).``
CTR_COMMAND_PAPER = "drafter-command-paper"
#: Set by ``adapt_item`` on a press release (a report whose genre is "press release", as Zotero
#: and Drafter write one); Drafter's Cite Them Right style then prints it in that guide's form,
#: ``Organisation (Year) *Title*. Day Month. Press release.``
CTR_PRESS_RELEASE = "drafter-press-release"
_COMMAND_PAPER_NUMBER = re.compile(r"(?:CP|Cm|Cmnd|Cmd|C)\.?\s*\d+", re.IGNORECASE)
_ACT_CHAPTER = re.compile(r"(?:c|ch|chapter)\.?\s*(\d+[A-Za-z]?)", re.IGNORECASE)
_ACT_TITLE = re.compile(r"\bAct \d{4}$")


def _cite_them_right(item: dict[str, Any]) -> None:
    """The Cite Them Right 12th edition (Harvard) forms a CSL file cannot choose by itself."""
    kind = item.get("type")
    if kind == "legislation":
        # CTR 12th ed., Acts of Parliament: 'Title of Act Year, c. chapter.' Drafter's facts
        # editor asks for 'c 12' (OSCOLA's spelling); Cite Them Right abbreviates with a full
        # stop. A bare number is an Act's chapter only when the title is an Act's; anything else
        # (an SI number, 'asp 5') is printed as the user gave it.
        number = item.get("number")
        if isinstance(number, str):
            number = " ".join(number.split())
            chapter = _ACT_CHAPTER.fullmatch(number)
            title = item.get("title")
            if chapter:
                item["number"] = f"c. {chapter.group(1)}"
            elif number.isdigit() and isinstance(title, str) and _ACT_TITLE.search(title.strip()):
                item["number"] = f"c. {number}"
            else:
                item["number"] = number
    elif kind == "report":
        number = item.get("number")
        if isinstance(number, str) and _COMMAND_PAPER_NUMBER.fullmatch(" ".join(number.split())):
            # CTR 12th ed., Command papers (Green and White Papers, consultation papers presented
            # to Parliament): 'Department (Year) *Title* (Cm number). Place: Publisher.' The kind
            # of paper is not printed, and the department is the author, never the publisher.
            item[CTR_COMMAND_PAPER] = "true"
            item.pop("genre", None)
            if _same_as_an_author(item.get("publisher"), item.get("author")):
                del item["publisher"]
        elif _genre(item) == "press release":
            # CTR 12th ed., Press releases: 'Organisation (Year) *Title*. Day Month. Press release.'
            # The issuer is the author; no publisher is printed.
            item[CTR_PRESS_RELEASE] = "true"
            item.pop("publisher", None)
