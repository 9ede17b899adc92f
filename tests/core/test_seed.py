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
#: The stored articles on a radio station's website (migration 0012 retypes them in older libraries).
RADIO_WEBSITES = ("002_8b559e0b24f3fe4a.txt", "004_1c2985f54badc2ec.txt")


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
    if name != "sources.json":
        assert ARTICLES.joinpath(name).read_bytes() == (SHARED / name).read_bytes()
        return
    # The facts are the checked ones, but for the corrections Drafter made and documents
    # (each with its basis): the radio stations' pages are web pages (migration 0012).
    shipped = {e["file"]: e for e in MANIFEST}
    checked = {e["file"]: e for e in json.loads((SHARED / name).read_text(encoding="utf-8"))["articles"]}
    assert shipped.keys() == checked.keys()
    for key, entry in checked.items():
        ours = dict(shipped[key])
        if key in RADIO_WEBSITES and entry.get("type") == "article-newspaper":
            assert ours.pop("type") == "webpage" and "radio station" in ours.pop("type_basis")
            entry = {k: v for k, v in entry.items() if k != "type"}
        assert ours == entry, key


def test_radio_stations_pages_are_web_pages_so_the_station_is_no_newspaper(store: Store) -> None:
    """APA 7 §10.16, OSCOLA §3.4: a broadcaster's news page is a web page, its name in roman."""
    from drafter.core.citations import Cite, render_items, to_csl_json
    from drafter.core.citations.from_records import citation_source

    records = _by_file(store)
    for key in RADIO_WEBSITES:
        record = get_source(store, records[key].id)
        assert record.type == "webpage"
        item = to_csl_json(citation_source(record))
        note = render_items([item], [Cite(item["id"])], "oscola").citations[0]
        station = record.publisher
        assert station and any(station in run.text and not run.italic for run in note), note
        assert not any(station in run.text and run.italic for run in note), note


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


def test_an_article_present_without_its_seeded_record_is_recorded_not_added_again(
    library_engine: str, open_library,  # type: ignore[no-untyped-def]
) -> None:
    # A library whose rows were copied or mended by hand can hold the stored articles without
    # the record that they were seeded: opening it added them again, broke the rule of one
    # source per stored article, and the library did not open at all.
    from engine_sql import run_sql

    store = open_library()
    before = sorted((s.id, s.stored_article) for s in list_source_facts(store))
    store.close()
    run_sql(store, "DELETE FROM seeded_article")
    again = open_library()
    assert sorted((s.id, s.stored_article) for s in list_source_facts(again)) == before
    assert sorted(k for (k,) in run_sql(again, "SELECT key FROM seeded_article")) == sorted(k for _, k in before)
    victim = before[0][0]  # and a deleted one still stays deleted
    delete_source(again, victim)
    again.close()
    assert victim not in {s.id for s in list_source_facts(open_library())}
