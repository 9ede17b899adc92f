"""Put the bundled articles into a library.

The five stored articles ship in ``resources/articles`` with their checked
citation facts (``sources.json``: ``null`` means unknown and stays unknown).
Each article's body is its text exactly as in the file, minus the leading lines
that are not the article's words (see ``drafter.core.frontmatter``).

Seeding is idempotent and respects the user: every article put in is recorded
in ``seeded_article``, so one the user deleted never comes back.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.resources import files
from typing import TYPE_CHECKING, NotRequired, TypedDict

from drafter.core.frontmatter import split_front_matter
from drafter.core.names import from_legacy_text, to_csl

if TYPE_CHECKING:
    from sqlmodel import Session

_FACT_BASIS = "checked against the publisher's page (bundled sources.json)"


@dataclass(frozen=True)
class StoredArticle:
    key: str  # the file name, stable across releases
    type: str
    title: str | None
    publisher: str | None
    authors: list[dict[str, str]] | None  # CSL-JSON names
    date: str | None
    url: str | None
    standfirst: str | None
    text: str


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _ManifestEntry(TypedDict):
    """One article in ``sources.json`` (``None``: the fact is unknown)."""

    file: str
    type: NotRequired[str | None]
    title: NotRequired[str | None]
    publisher: NotRequired[str | None]
    author: NotRequired[str | None]
    date: NotRequired[str | None]
    url: NotRequired[str | None]


def _manifest() -> list[_ManifestEntry]:
    folder = files("drafter.resources").joinpath("articles")
    entries: list[_ManifestEntry] = json.loads(
        folder.joinpath("sources.json").read_text(encoding="utf-8")
    )["articles"]
    return entries


def stored_articles(skip: set[str] | frozenset[str] = frozenset()) -> list[StoredArticle]:
    """The bundled articles, read from the package; those whose key is in ``skip`` are not read."""
    folder = files("drafter.resources").joinpath("articles")
    articles = []
    for entry in _manifest():
        if entry["file"] in skip:
            continue
        raw = folder.joinpath(entry["file"]).read_bytes().decode("utf-8")
        front = split_front_matter(raw)
        author = entry.get("author")
        articles.append(
            StoredArticle(
                key=entry["file"],
                type=entry.get("type") or "article-newspaper",
                title=entry.get("title"),
                publisher=entry.get("publisher"),
                # An unknown author is None (unknown), never an empty list (known to have none).
                # Every author sources.json names is a journalist of a byline, a person:
                # 'Tom Foot', 'Chay Quinn' (the outlets are publishers, not authors).
                authors=[to_csl(from_legacy_text(author))] if author else None,
                date=entry.get("date"),
                url=entry.get("url"),
                standfirst=front.standfirst,
                text=raw[front.body_start :],
            )
        )
    return articles


def manifest_keys() -> set[str]:
    """The keys of every bundled article (what ``seeded_article`` records once each is in)."""
    return {entry["file"] for entry in _manifest()}


def seed_stored_articles(session: Session) -> list[str]:
    """Add every bundled article not seeded before, in the store's open transaction; return the keys added."""
    from sqlmodel import col, select

    from drafter.core.models import SeededArticle, Source

    added: list[str] = []
    done = set(session.exec(select(SeededArticle.key)).all())
    # An article already in the library without its record of having been seeded (a library
    # whose rows were copied or mended by hand) is recorded, not added again: a second copy
    # would break the one-source-per-article rule, and the library would not open.
    present = {str(key) for key in session.exec(
        select(Source.stored_article).where(col(Source.stored_article).is_not(None))).all()}
    for key in sorted(present - done):
        session.add(SeededArticle(key=key))
    done |= present
    for article in stored_articles(skip=done):
        session.add(
            Source(
                type=article.type,
                title=article.title,
                publisher=article.publisher,
                authors=article.authors,
                date=article.date,
                url=article.url,
                standfirst=article.standfirst,
                original_filename=article.key,
                format="stored",
                content_hash=content_hash(article.text),
                text=article.text,
                fact_basis={"all": _FACT_BASIS},
                stored_article=article.key,
            )
        )
        session.add(SeededArticle(key=article.key))
        added.append(article.key)
    return added
