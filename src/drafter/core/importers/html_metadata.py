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
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

from drafter.core.importers.cleanup import collapse_spaces
from drafter.core.importers.document import GuessedFacts
from drafter.core.importers.guesses import clean_authors, clean_title, iso_date

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(?P<url>https?://[^\s>]+?)\s*-->", re.I)

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
    "scholarlyarticle": "article-journal",
    "report": "report",
}


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
    if not isinstance(value, str) or re.fullmatch(r"[\w.-]+\.[a-z]{2,}", value.strip(), re.I):
        return None
    return collapse_spaces(value) or None


def page_facts(html: str, tree: HtmlElement | None, extracted: Any) -> GuessedFacts:
    """Facts from the page's markup; ``extracted`` is trafilatura's Document (or None)."""
    meta = _meta_tags(tree) if tree is not None else {}
    ld = next((i for i in _json_ld(tree) if _schema_type(i)), {}) if tree is not None else {}
    canonical = None
    if tree is not None:
        canonical = next(
            (link.get("href") for link in tree.iter("link") if "canonical" in (link.get("rel") or "").lower().split()),
            None,
        )
    saved_from = _SAVED_FROM.search(html[:4096])

    def meta_value(key: str) -> tuple[str | None, str]:
        value, basis = meta.get(key, (None, ""))
        return value, basis

    facts = GuessedFacts()
    trafilatura_basis = "the page as read by trafilatura"

    title_candidates = [meta_value("og:title"), meta_value("twitter:title"), (ld.get("headline"), "JSON-LD headline")]
    title_candidates.append((getattr(extracted, "title", None), f"page headline or <title> ({trafilatura_basis})"))
    for value, basis in title_candidates:
        if title := clean_title(value):
            facts.title, facts.basis["title"] = title, basis
            break

    author_candidates = [meta_value(key) for key in _AUTHOR_META]
    author_candidates.insert(1, (_names(ld.get("author")), "JSON-LD author"))
    author_candidates.append((getattr(extracted, "author", None), f"byline ({trafilatura_basis})"))
    for value, basis in author_candidates:
        if authors := clean_authors(value, split_and=True):
            facts.authors, facts.basis["authors"] = authors, basis
            break

    date_candidates = [meta_value(key) for key in _DATE_META]
    date_candidates.insert(1, (ld.get("datePublished"), "JSON-LD datePublished"))
    date_candidates.append((getattr(extracted, "date", None), "date markup in the page (found by htmldate)"))
    for value, basis in date_candidates:
        if date := iso_date(value):
            facts.date, facts.basis["date"] = date, basis
            break

    publisher_candidates = [
        (meta_value("og:site_name")[0], meta_value("og:site_name")[1]),
        (_names(ld.get("publisher")), "JSON-LD publisher"),
        (getattr(extracted, "sitename", None), f"site name ({trafilatura_basis})"),
    ]
    for value, basis in publisher_candidates:
        if publisher := _site_name(value):
            facts.publisher, facts.basis["publisher"] = publisher, basis
            break

    url_candidates = [
        (canonical, 'HTML <link rel="canonical">'),
        meta_value("og:url"),
        (saved_from.group("url") if saved_from else None, "the browser's 'saved from url' note"),
    ]
    for value, basis in url_candidates:
        if value and re.match(r"https?://", value.strip()):
            facts.url, facts.basis["url"] = value.strip(), basis
            break

    for value, basis in (meta_value("og:description"), meta_value("description"), meta_value("twitter:description")):
        if value:
            facts.standfirst, facts.basis["standfirst"] = value, basis
            break

    schema = _schema_type(ld) if ld else None
    og_type = meta_value("og:type")
    if schema and schema.lower() in _SCHEMA_TYPES:
        facts.source_type = _SCHEMA_TYPES[schema.lower()]
        facts.basis["source_type"] = f"JSON-LD @type {schema}"
    elif (og_type[0] or "").lower() == "article":
        facts.source_type = "article-newspaper"
        facts.basis["source_type"] = f'{og_type[1]} says "article"'
    else:
        facts.source_type = "webpage"
        facts.basis["source_type"] = "a saved web page that does not call itself an article"
    return facts
