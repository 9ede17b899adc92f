"""Source types and their fields: one table, checked on every save, carried to and from CSL-JSON."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from drafter.core.citations.interchange import (
    ReferenceFileError,
    facts_from_csl,
    read_reference_file,
    to_csl_item,
)
from drafter.core.library import get_source
from drafter.core.names import Organisation, Person
from drafter.core.paths import database_path
from drafter.core.source_types import COLUMN_VARIABLES, DESCRIPTION, DRAFTER_VARIABLES, TYPES
from drafter.core.sources import InvalidFactError, SourceFacts, add_source, update_source_facts
from drafter.core.store import Store


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


def _value(variable: str, is_names: bool) -> Any:
    if is_names:
        return [{"family": "Lee", "given": "Ann"}, {"literal": "Law Commission"}]
    if variable == "issued":
        return {"date-parts": [[2025, 12, 4]]}
    if variable == "accessed":
        return {"date-parts": [[2026, 1, 15]]}
    if variable == "URL":
        return "https://example.org/item"
    return f"a {variable} value"


def _full_item(kind: Any) -> dict[str, Any]:
    """A CSL-JSON item of the type with every variable the table shows for it filled in."""
    item: dict[str, Any] = {"id": "s1", "type": kind.name}
    for field in kind.fields:
        item[field.variable] = _value(field.variable, field.is_names)
    return item


@pytest.mark.parametrize("kind", TYPES, ids=[t.name for t in TYPES])
def test_csl_json_to_drafter_to_csl_json_keeps_every_field_of_every_type(store: Store, kind: Any) -> None:
    item = _full_item(kind)
    read = facts_from_csl(item)
    assert read.left_out == ()
    stored = add_source(store, "The text of the work.", read.facts)
    assert to_csl_item(SourceFacts.of(get_source(store, stored.id)), "s1") == item


def test_each_fact_goes_where_the_type_says() -> None:
    facts = facts_from_csl({
        "type": "legal_case", "title": "R (Bridges) v Chief Constable of South Wales Police",
        "authority": "EWCA Civ", "number": "1058", "container-title": "WLR",
        "volume": "1", "page": "5037", "issued": {"date-parts": [[2020]]},
    }).facts
    assert facts.publisher == "WLR"  # the law report series is a case's outlet
    assert facts.variables == {"authority": "EWCA Civ", "number": "1058", "volume": "1",
                               "page": "5037"}
    report = facts_from_csl({"type": "report", "title": "Consultation", "publisher": "Home Office",
                             "genre": "Consultation paper", "number": "CP 1391", "event-title": "x"})
    assert report.facts.publisher == "Home Office"
    assert report.facts.variables == {"genre": "Consultation paper", "number": "CP 1391"}
    assert report.left_out == (
        "'event-title', which Drafter does not keep for the type 'Report, government paper or press release'",)


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (SourceFacts(type="webpage", title="T", variables={"volume": "3"}),
         "A source of the type 'Web page' has no 'volume'"),
        (SourceFacts(type="report", title="T", variables={"DOI": "10.1/x"}),
         ("has no 'DOI'. Besides its title, authors, date and web address it holds: description of an untitled "
          "work (drafter-description), kind of document (genre)")),
        (SourceFacts(type="article-journal", variables={"volume": ["84"]}), "The volume ('volume') must be text"),
        (SourceFacts(type="book", variables={"editor": "Ann Lee"}), "The editors must be a list of names"),
        (SourceFacts(type="thing", title="T"), "'thing' is not a source type Drafter knows"),
        (SourceFacts(type="hearing", title="T", publisher="Hansard"),
         "A source of the type 'Parliamentary debate or statement (Hansard)' has no publisher or outlet"),
    ],
)
def test_a_fact_the_type_does_not_hold_is_refused_and_nothing_changes(
        store: Store, facts: SourceFacts, message: str) -> None:
    with pytest.raises(InvalidFactError, match=message.replace("(", r"\(").replace(")", r"\)")):
        add_source(store, "Some new text.", facts)
    source = add_source(store, "Other text.", SourceFacts(type="book", title="Kept", variables={"edition": "2nd"}))
    with pytest.raises(InvalidFactError):
        update_source_facts(store, source.id, facts)
    after = get_source(store, source.id)
    assert (after.type, after.title, after.variables) == ("book", "Kept", {"edition": "2nd"})


def test_blank_facts_are_unknown_and_names_are_cleaned() -> None:
    facts = SourceFacts(type="chapter", variables={
        "container-title": "  Surveillance   and the Law ", "page": " ", "editor": [Person(" Lee ", "Ann"),
                                                                                 Organisation("  ")],
    }).cleaned()
    assert facts.variables == {"container-title": "Surveillance and the Law",
                               "editor": [{"family": "Lee", "given": "Ann"}]}


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ([1], "This is not a CSL-JSON item"),
        ({"title": "No type"}, "The item has no type, which is not a source type Drafter knows"),
        ({"type": "patent", "title": "T"}, "The item has 'patent'"),
        ({"type": "report", "issued": {"date-parts": [["last", "Tuesday"]]}}, "The item's date is not a date"),
        ({"type": "report", "issued": "4 December 2025"}, "The item's date is not a date"),
        ({"type": "report", "author": "Home Office"}, "The item's 'author' should be a list of names"),
        ({"type": "report", "author": [{"dropping-particle": "de"}]}, "One of the item's 'author' is not a name"),
        ({"type": "report", "accessed": "2026-01"}, "must be a full date"),
    ],
)
def test_a_csl_json_item_drafter_cannot_read_is_refused_plainly(item: Any, message: str) -> None:
    with pytest.raises(ReferenceFileError, match=message):
        facts_from_csl(item[0] if isinstance(item, list) else item)


def test_reference_files_csl_json_ris_and_bibtex(tmp_path: Path) -> None:
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps([{"id": "x", "type": "webpage", "title": "Facial recognition",
                                "container-title": "GOV.UK", "issued": "2025-12-04"}]), encoding="utf-8")
    assert read_reference_file(csl).facts == SourceFacts(type="webpage", title="Facial recognition",
                                                         publisher="GOV.UK", date="2025-12-04")
    ris = tmp_path / "ref.ris"
    ris.write_text("TY  - JOUR\nAU  - Lee, Ann\nTI  - Faces in the crowd\nT2  - Modern Law Review\n"
                   "PY  - 2021\nVL  - 84\nIS  - 3\nSP  - 12\nEP  - 19\nDO  - 10.1111/x\nER  - \n", encoding="utf-8")
    facts = read_reference_file(ris).facts
    assert (facts.type, facts.title, facts.publisher, facts.date, facts.authors) == (
        "article-journal", "Faces in the crowd", "Modern Law Review", "2021", (Person("Lee", "Ann"),))
    assert facts.variables == {"volume": "84", "issue": "3", "page": "12–19", "DOI": "10.1111/x"}
    page = tmp_path / "page.ris"
    page.write_text("TY  - ELEC\nAU  - Home Office\nTI  - Biometrics\nT2  - GOV.UK\nDA  - 2025/12/04\n"
                    "Y2  - 2026/01/15\nUR  - https://www.gov.uk/x\nER  - \n", encoding="utf-8")
    assert read_reference_file(page).facts == SourceFacts(
        type="webpage", title="Biometrics", publisher="GOV.UK", authors=(Organisation("Home Office"),),
        date="2025-12-04", url="https://www.gov.uk/x", accessed="2026-01-15")
    bib = tmp_path / "ref.bib"
    bib.write_text("@techreport{k, author = {{Home Office} and Lee, Ann}, title = {Biometrics},"
                   " institution = {Home Office}, year = 2025, month = 12, number = {CP 1391}}", encoding="utf-8")
    facts = read_reference_file(bib).facts
    assert (facts.type, facts.publisher, facts.date, facts.variables) == (
        "report", "Home Office", "2025-12", {"number": "CP 1391"})
    assert facts.authors == (Organisation("Home Office"), Person("Lee", "Ann"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("two.json", json.dumps([{"type": "book"}, {"type": "book"}]), "holds 2 references; give a file with"),
        ("none.json", "[]", "holds no reference"),
        ("broken.json", '{"type": ', "is not CSL-JSON: the JSON is broken"),
        ("latin1.json", b'{"title": "Caf\xe9"}', "is not a text file in UTF-8"),
    ],
)
def test_a_reference_file_that_is_not_one_reference_is_refused(
        tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(ReferenceFileError, match=message):
        read_reference_file(path)
    with pytest.raises(ReferenceFileError, match="could not be read"):
        read_reference_file(tmp_path / "missing.json")
    with pytest.raises(ReferenceFileError, match="is a folder"):
        read_reference_file(tmp_path)


# --- migration 0009 ---------------------------------------------------------------------------


def test_migration_0009_keeps_every_fact_and_says_what_drafter_read(
        tmp_path: Path, run_alembic) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "lib"
    store = Store.open(data_dir)
    try:
        case = add_source(store, "A judgment.", SourceFacts(type="legal_case", title="R v X", publisher="QB"))
        odd = add_source(store, "A map.", SourceFacts(type="report", title="A map"))
        run_alembic(store, "downgrade", "0008")
    finally:
        store.close()
    connection = sqlite3.connect(database_path(data_dir))
    with connection:
        connection.execute("UPDATE source SET type = 'map' WHERE id = ?", (odd.id,))
    before = {row[0]: row for row in connection.execute("SELECT id, title, publisher, authors, date FROM source")}
    connection.close()

    store = Store.open(data_dir)  # upgrades to the newest revision
    try:
        upgraded_case, upgraded_odd = get_source(store, case.id), get_source(store, odd.id)
        articles = [get_source(store, i) for i in before if i not in (case.id, odd.id)]
        assert {(r.id, r.title, r.publisher) for r in [upgraded_case, upgraded_odd, *articles]} == {
            (i, row[1], row[2]) for i, row in before.items()}
        assert upgraded_case.type == "legal_case" and "now the law report series" in upgraded_case.fact_basis[
            "publisher"]
        assert upgraded_odd.type == "document"
        assert "the type was 'map'" in upgraded_odd.fact_basis["source_type"]
        # The stored articles keep their type (the bundled facts') and 0009 says nothing new.
        assert sorted(a.type for a in articles) == ["article-newspaper"] * 3 + ["webpage"] * 2
        assert all("source_type" not in a.fact_basis and a.variables == {} for a in articles)
        update_source_facts(store, case.id, SourceFacts(type="legal_case", title="R v X", publisher="QB",
                                                        variables={"authority": "EWHC"}))
        run_alembic(store, "downgrade", "0008")
    finally:
        store.close()
    connection = sqlite3.connect(database_path(data_dir))
    columns = [row[1] for row in connection.execute("PRAGMA table_info(source)")]
    row = connection.execute("SELECT title, publisher, type FROM source WHERE id = ?", (case.id,)).fetchone()
    connection.close()
    assert "variables" not in columns and row == ("R v X", "QB", "legal_case")


def test_the_table_names_only_csl_variables_and_column_facts_are_shown_by_every_type() -> None:
    from drafter.core.citations.csl_json import CSL_TYPES

    csl_variables = {"abstract", "authority", "call-number", "collection-title", "container-title", "DOI",
                     "edition", "event", "event-place", "genre", "ISBN", "ISSN", "issue", "medium", "number",
                     "page", "publisher", "publisher-place", "section", "volume", "editor", "interviewer",
                     "container-author"}
    for kind in TYPES:
        assert kind.name in CSL_TYPES
        shown = [f.variable for f in kind.fields]
        assert set(COLUMN_VARIABLES) <= set(shown) and len(shown) == len(set(shown))
        # Every variable is CSL's but Drafter's own, documented ones (a description of an untitled work).
        assert kind.extra_names <= csl_variables | DRAFTER_VARIABLES
    assert {DESCRIPTION} == DRAFTER_VARIABLES and all(v.startswith("drafter-") for v in DRAFTER_VARIABLES)


# --- migration 0012 ---------------------------------------------------------------------------


def test_migration_0012_makes_the_radio_stations_pages_web_pages_unless_the_user_chose(
        tmp_path: Path, run_alembic) -> None:  # type: ignore[no-untyped-def]
    lbc, hits = "004_1c2985f54badc2ec.txt", "002_8b559e0b24f3fe4a.txt"
    data_dir = tmp_path / "lib"
    store = Store.open(data_dir)
    try:
        run_alembic(store, "downgrade", "0011")
    finally:
        store.close()
    connection = sqlite3.connect(database_path(data_dir))
    with connection:  # a library seeded before: both typed as newspaper articles
        connection.execute("UPDATE source SET type = 'article-newspaper' WHERE stored_article IN (?, ?)", (lbc, hits))
        # The user gave the Hits Radio piece a page number: a fact a web page can't hold, so theirs.
        connection.execute("UPDATE source SET variables = ? WHERE stored_article = ?", ('{"page": "4"}', hits))
    ids = dict(connection.execute("SELECT stored_article, id FROM source"))
    before = {row[0]: row for row in connection.execute("SELECT id, title, publisher, authors, date, url FROM source")}
    connection.close()

    store = Store.open(data_dir)  # upgrades to the newest revision
    try:
        after = {i: get_source(store, i) for i in before}
        assert {(r.id, r.title, r.publisher, r.date, r.url) for r in after.values()} == {
            (row[0], row[1], row[2], row[4], row[5]) for row in before.values()}
        assert after[ids[lbc]].type == "webpage"
        assert "radio station's website" in after[ids[lbc]].fact_basis["source_type"]
        assert after[ids[hits]].type == "article-newspaper" and after[ids[hits]].variables == {"page": "4"}
        others = [r for i, r in after.items() if i not in (ids[lbc], ids[hits])]
        assert {r.type for r in others} == {"article-newspaper"}
        assert all("source_type" not in r.fact_basis for r in others)
        run_alembic(store, "downgrade", "0011")
    finally:
        store.close()
    connection = sqlite3.connect(database_path(data_dir))
    row = connection.execute("SELECT type, fact_basis FROM source WHERE id = ?", (ids[lbc],)).fetchone()
    connection.close()
    assert row[0] == "article-newspaper" and "source_type" not in json.loads(row[1])
