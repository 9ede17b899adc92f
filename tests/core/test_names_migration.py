"""Migration 0008: names stored as strings become a person or an organisation, and say how."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from engine_sql import run_sql

from drafter.core.library import get_source, list_sources
from drafter.core.names import Organisation, Person
from drafter.core.paths import database_path
from drafter.core.search import search
from drafter.core.sources import SourceFacts, add_source
from drafter.core.store import Store

FIXTURES = Path(__file__).parents[1] / "data" / "db"

# (name as stored before 0008, name after, read by the upgrade rather than told by the user)
NAMES = [
    ("{Home Office}", Organisation("Home Office"), False),  # braces: the user said so
    ("Liberty", Organisation("Liberty"), False),  # one word: always cited whole
    ("Tom Foot", Person("Foot", "Tom"), True),
    ("Foot, Tom", Person("Foot", "Tom"), True),
    ("Home Office", Organisation("Home Office"), True),  # was cited 'Office H': now read by its word
    ("Metropolitan Police Service", Organisation("Metropolitan Police Service"), True),
    ("Big Brother Watch", Person("Watch", "Big Brother"), True),  # no word says so: a person, to check
]


def _old_library(open_library, run_alembic, names: list[str]) -> int:  # type: ignore[no-untyped-def]
    """The test's library (on its engine) taken back to revision 0007, one source's names stored as then."""
    store = open_library()
    try:
        source = add_source(store, "Some evidence about cameras.", SourceFacts(title="Old"))
        run_alembic(store, "downgrade", "0007")
        run_sql(store, "UPDATE source SET authors = ?, fact_basis = ? WHERE id = ?",
                (json.dumps(names), json.dumps({"all": "entered or confirmed by the user"}), source.id))
    finally:
        store.close()
    return source.id


@pytest.mark.parametrize(("old", "new", "read_by_upgrade"), NAMES, ids=[n[0] for n in NAMES])
def test_a_stored_name_becomes_a_person_or_an_organisation(
    open_library, run_alembic, old: str, new: object, read_by_upgrade: bool  # type: ignore[no-untyped-def]
) -> None:
    source_id = _old_library(open_library, run_alembic, [old])
    store = open_library()  # migrates to the newest revision
    try:
        record = get_source(store, source_id)
        assert record.authors == (new,)
        basis = record.fact_basis.get("authors", "")
        assert ("by Drafter's upgrade (0008), not by you" in basis) is read_by_upgrade
        assert record.fact_basis["all"] == "entered or confirmed by the user"  # the rest is kept
    finally:
        store.close()


def test_unknown_and_none_stay_so_and_the_index_reads_names(open_library, run_alembic) -> None:  # type: ignore[no-untyped-def]
    source_id = _old_library(open_library, run_alembic, ["{Home Office}", "Tom Foot"])
    store = open_library()
    try:
        hits = {s.id for s in search(store, "home office").sources}
        assert source_id in hits
        assert not search(store, "literal").sources and not search(store, "family").sources
        stored = {s.title: s.authors for s in list_sources(store)}
        # A stored article's author is a journalist of a byline (sources.json): a person.
        assert stored["Rights fears as Met ramps up tech use"] == (Person("Foot", "Tom"),)
        assert stored["Met to double use of live facial recognition"] is None  # unknown stays unknown
    finally:
        store.close()


def test_downgrade_writes_names_the_old_code_reads_the_same(open_library, run_alembic) -> None:  # type: ignore[no-untyped-def]
    store = open_library()
    try:
        source = add_source(
            store, "Text.", SourceFacts(title="T", authors=(Organisation("Home Office"), Person("Foot", "Tom")))
        )
        run_alembic(store, "downgrade", "0007")
        [(raw,)] = run_sql(store, "SELECT authors FROM source WHERE id = ?", (source.id,))
    finally:
        store.close()
    assert json.loads(raw) == ["{Home Office}", "Tom Foot"]


@pytest.mark.sqlite_file  # a library file made by revision 0001 (tests/data/db), opened from the data folder
def test_a_library_from_revision_0001_reads_its_names(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    shutil.copy(FIXTURES / "rev0001.sqlite", database_path(data_dir))
    store = Store.open(data_dir)
    try:
        record = next(s for s in list_sources(store) if s.title == "A source written at revision 0001")
        assert record.authors == (Person("Example", "Ann"),)
    finally:
        store.close()
