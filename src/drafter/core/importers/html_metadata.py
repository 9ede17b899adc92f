"""Guess citation facts from a saved web page's own markup.

Pages describe themselves in ``<meta>`` tags (Open Graph, Dublin Core,
citation_*), a canonical ``<link>`` and JSON-LD. We read those ourselves so
that every guess can name the exact tag it came from; trafilatura's metadata
(which also reads bylines and the ``<title>``) fills the gaps. The order of
candidates for each fact is most-explicit first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from lxml.html import HtmlElement

from drafter.core.importers.cleanup import collapse_spaces
from drafter.core.importers.document import GuessedFacts
from drafter.core.importers.guesses import authors_basis, clean_title, iso_date, read_authors, type_from_text
from drafter.core.names import Name

_SAVED_FROM = re.compile(
    r"<!--\s*saved from url=\(\d+\)(?P<url>https?://[^\s>]+?)\s*-->", re.IGNORECASE
)

_DATE_META = (
    "article:published_time",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
    "pubdate",
    "publishdate",
    "parsely-pub-date",
    "sailthru.date",
    "og:published_time",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "citation_author", "parsely-author")

# JSON-LD / schema.org types → CSL types.
_SCHEMA_TYPES = {
    "newsarticle": "article-newspaper",
    "reportagenewsarticle": "article-newspaper",
    "analysisnewsarticle": "article-newspaper",
    "opinionnewsarticle": "article-newspaper",
    "blogposting": "post-weblog",
    "socialmediaposting": "post-weblog",
    "scholarlyarticle": "article-journal",
    "report": "report",
    "legislation": "legislation",
    "book": "book",
    "chapter": "chapter",
    "webpage": "webpage",
    "episode": "broadcast",
    "radioepisode": "broadcast",
    "tvepisode": "broadcast",
}

# GOV.UK names each page's kind of document in <meta name="govuk:format">: the type it is
# and the label GOV.UK prints above its title (the kind of document, CSL's genre).
_GOVUK_FORMATS = {
    "policy_paper": ("report", "Policy paper"),
    "open_consultation": ("report", "Open consultation"),
    "closed_consultation": ("report", "Closed consultation"),
    "consultation_outcome": ("report", "Consultation outcome"),
    "press_release": ("report", "Press release"),
    "independent_report": ("report", "Independent report"),
    "corporate_report": ("report", "Corporate report"),
    "research": ("report", "Research and analysis"),
    "impact_assessment": ("report", "Impact assessment"),
    "guidance": ("report", "Guidance"),
    "speech": ("speech", None),
    "written_statement": ("hearing", "Written statement"),
    "news_story": ("webpage", None),
}
# Journal articles' own tags (Google Scholar's citation_*, PRISM) → CSL variables.
_JOURNAL_META = (
    ("citation_volume", "volume"), ("prism.volume", "volume"),
    ("citation_issue", "issue"), ("prism.number", "issue"),
    ("citation_doi", "DOI"), ("prism.doi", "DOI"), ("dc.identifier", "DOI"),
)


def _meta_tags(tree: HtmlElement) -> dict[str, tuple[str, str]]:
    """First value of each <meta> key → (value, how the tag was written)."""
    found: dict[str, tuple[str, str]] = {}
    for meta in tree.iter("meta"):
        content = collapse_spaces(meta.get("content") or "")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = (meta.get(attribute) or "").strip().lower()
            if key and key not in found:
                found[key] = (content, f'HTML <meta {attribute}="{key}">')
    return found


def _json_ld(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object in the page (inside @graph lists too); broken JSON is skipped."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))


def _schema_type(item: dict[str, Any]) -> str | None:
    """The item's schema.org type when it describes the page's work (an article, a report …)."""
    kinds = item.get("@type")
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        if isinstance(kind, str) and (kind.lower() in _SCHEMA_TYPES or kind.lower() == "article"):
            return kind
    return None


def _names(value: Any) -> str:
    """Names from a JSON-LD author/publisher value (a string, an object or a list of them)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else ""
    if isinstance(value, list):
        return "; ".join(filter(None, (_names(v) for v in value)))
    return ""


def _site_name(value: object) -> str | None:
    # trafilatura falls back to the web address's domain; that is not a publisher's name.
    if not isinstance(value, str) or re.fullmatch(
        r"[\w.-]+\.[a-z]{2,}", value.strip(), re.IGNORECASE
    ):
        return None
    return collapse_spaces(value) or None


Candidate = tuple[Any, str]  # (a raw value, where it came from)


def _first(candidates: list[Candidate], read: Callable[[Any], Any]) -> tuple[Any, str] | None:
    """The first candidate whose value ``read`` accepts, as (read value, basis)."""
    for value, basis in candidates:
        if result := read(value):
            return result, basis
    return None


def _url(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and re.match(r"\s*https?://", value) else None


def _canonical(tree: HtmlElement) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            return link.get("href")
    return None


def page_facts(html: str, tree: HtmlElement | None, extracted: Any) -> GuessedFacts:
    """Facts from the page's markup; ``extracted`` is trafilatura's Document (or None)."""
    meta = _meta_tags(tree) if tree is not None else {}
    ld = next((i for i in _json_ld(tree) if _schema_type(i)), {}) if tree is not None else {}
    saved_from = _SAVED_FROM.search(html[:4096])
    by_trafilatura = "as read by trafilatura"

    def tag(key: str) -> Candidate:
        return meta.get(key, (None, ""))

    authors = _first(
        [
            tag(_AUTHOR_META[0]),
            (ld.get("author"), "JSON-LD author"),
            *(tag(key) for key in _AUTHOR_META[1:]),
            (getattr(extracted, "author", None), f"byline, {by_trafilatura}"),
        ],
        lambda value: read_authors(value, split_and=True),
    )
    found = {
        "title": _first(
            [
                tag("og:title"),
                tag("twitter:title"),
                (ld.get("headline"), "JSON-LD headline"),
                (getattr(extracted, "title", None), f"page headline or <title>, {by_trafilatura}"),
            ],
            clean_title,
        ),
        "date": _first(
            [
                tag(_DATE_META[0]),
                (ld.get("datePublished"), "JSON-LD datePublished"),
                *(tag(key) for key in _DATE_META[1:]),
                (getattr(extracted, "date", None), "date markup in the page, found by htmldate"),
            ],
            iso_date,
        ),
        "publisher": _first(
            [
                tag("og:site_name"),
                (_names(ld.get("publisher")), "JSON-LD publisher"),
                (getattr(extracted, "sitename", None), f"site name, {by_trafilatura}"),
            ],
            _site_name,
        ),
        "url": _first(
            [
                (_canonical(tree) if tree is not None else None, 'HTML <link rel="canonical">'),
                tag("og:url"),
                (saved_from and saved_from.group("url"), "the browser's 'saved from url' note"),
            ],
            _url,
        ),
        "standfirst": _first(
            [tag("og:description"), tag("description"), tag("twitter:description")],
            lambda value: value,
        ),
    }
    facts = GuessedFacts()
    for fact, guess in found.items():
        if guess:
            setattr(facts, fact, guess[0])
            facts.basis[fact] = guess[1]
    if authors:
        read: tuple[tuple[Name, str], ...] = authors[0]
        facts.authors = tuple(name for name, _ in read)
        facts.basis["authors"] = authors_basis(authors[1], read)
    _guess_type(facts, ld, meta, getattr(extracted, "text", None))
    return facts


def _guess_type(facts: GuessedFacts, ld: dict[str, Any], meta: dict[str, tuple[str, str]], text: object) -> None:
    """The page's type, from what it says of itself, most explicit first, and what it states of
    that type's other facts (a DOI, a volume, the kind of document), each with its basis."""
    schema = _schema_type(ld) if ld else None
    govuk = meta.get("govuk:format")
    journal = meta.get("citation_journal_title") or meta.get("prism.publicationname")
    from_text = type_from_text(text) if isinstance(text, str) else None
    variables: dict[str, str] = {}
    basis: dict[str, str] = {}
    if schema and schema.lower() in _SCHEMA_TYPES:
        kind, basis["source_type"] = _SCHEMA_TYPES[schema.lower()], f"JSON-LD @type {schema}"
    elif govuk and govuk[0].lower() in _GOVUK_FORMATS:
        kind, genre = _GOVUK_FORMATS[govuk[0].lower()]
        basis["source_type"] = f'{govuk[1]} says "{govuk[0]}"'
        if genre:
            variables["genre"], basis["genre"] = genre, f'{govuk[1]} says "{govuk[0]}", which GOV.UK prints "{genre}"'
    elif journal:
        kind, basis["source_type"] = "article-journal", f"{journal[1]} names a journal"
    elif from_text is not None:
        kind, variables, basis = from_text[0], dict(from_text[1]), dict(from_text[2])
    elif (meta.get("og:type", ("",))[0] or "").lower() == "article":
        # Every news site marks its stories so; so do blogs, which the user can correct.
        kind, basis["source_type"] = "article-newspaper", f'{meta["og:type"][1]} says "article"'
    else:
        kind, basis["source_type"] = "webpage", "a saved web page that does not call itself an article"
    if kind == "article-journal":
        if journal:  # a journal article's outlet is the journal, not the site that hosts it
            facts.publisher, facts.basis["publisher"] = journal
        for key, variable in _JOURNAL_META:
            value = meta.get(key)
            if value and variable not in variables:
                clean = _doi(value[0]) if variable == "DOI" else value[0]
                if clean:
                    variables[variable], basis[variable] = clean, value[1]
        first, last = meta.get("citation_firstpage"), meta.get("citation_lastpage")
        if first:
            variables["page"] = f"{first[0]}–{last[0]}" if last else first[0]
            basis["page"] = first[1] + (f" and {last[1]}" if last else "")
    facts.source_type, facts.variables = kind, variables
    facts.basis.update(basis)


def _doi(value: str) -> str | None:
    found = re.search(r"\b(10\.\d{4,9}/\S+)", value)
    return found.group(1).rstrip(".,;)") if found else None
