"""The five stored articles: in a new library, exact, with their checked facts only."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from drafter.core.frontmatter import split_front_matter
from drafter.core.library import delete_source, get_source, list_source_facts, list_sources
from drafter.core.names import Person
from drafter.core.store import Store


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

PEOPLE = {"Tom Foot": (Person("Foot", "Tom"),), "Chay Quinn": (Person("Quinn", "Chay"),)}

ARTICLES = files("drafter.resources").joinpath("articles")
MANIFEST = json.loads(ARTICLES.joinpath("sources.json").read_text(encoding="utf-8"))["articles"]
SHARED = Path(__file__).resolve().parents[3] / "shared" / "articles"


def _by_file(store: Store) -> dict[str, object]:
    return {r.stored_article: r for r in list_source_facts(store)}


def test_new_library_holds_the_five_articles(store: Store) -> None:
    assert len(list_sources(store)) == 5
    assert set(_by_file(store)) == {entry["file"] for entry in MANIFEST}


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["file"])
def test_facts_are_the_checked_ones_and_unknown_stays_unknown(store: Store, entry: dict) -> None:
    record = _by_file(store)[entry["file"]]
    assert record.type == entry["type"]
    assert record.title == entry["title"]
    assert record.publisher == entry["publisher"]
    assert record.date == entry["date"]
    assert record.url == entry["url"]
    # The named authors of the stored articles are journalists (bylines): people.
    assert record.authors == (PEOPLE[entry["author"]] if entry["author"] else None)
    assert record.accessed is None  # not in the checked facts, so not made up


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["file"])
def test_body_is_the_file_text_exactly_after_its_front_matter(store: Store, entry: dict) -> None:
    raw = ARTICLES.joinpath(entry["file"]).read_text(encoding="utf-8")
    record = get_source(store, _by_file(store)[entry["file"]].id)
    assert raw.endswith(record.text)
    assert record.text == raw[split_front_matter(raw).body_start :]
    head = raw[: len(raw) - len(record.text)]
    # What was cut is never article prose: no byline, headline or date is left in the body.
    for fact in (entry["title"], entry["author"] and f"By {entry['author']}", " date "):
        if fact:
            assert fact not in record.text[:200]
    assert len(head) < 400


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ is not beside the checkout")
@pytest.mark.parametrize("name", sorted(p.name for p in SHARED.glob("*")) if SHARED.is_dir() else [])
def test_shipped_copies_match_the_checked_originals(name: str) -> None:
    assert ARTICLES.joinpath(name).read_bytes() == (SHARED / name).read_bytes()


def test_seeding_is_idempotent(data_dir: Path) -> None:
    for _ in range(3):
        store = Store.open(data_dir)
        assert len(list_sources(store)) == 5
        store.close()


def test_a_deleted_article_does_not_come_back(data_dir: Path) -> None:
    store = Store.open(data_dir)
    victim = list_sources(store)[0]
    delete_source(store, victim.id)
    store.close()
    store = Store.open(data_dir)
    try:
        assert victim.id not in {s.id for s in list_sources(store)}
        assert len(list_sources(store)) == 4
    finally:
        store.close()
