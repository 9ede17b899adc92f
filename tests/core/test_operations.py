"""Every operation, done, undone and redone: the data comes back exactly, and each notice names what changed.

The library is read straight from the database file before and after each step
(every table Drafter keeps, all columns but the timestamps ``created_at`` and
``updated_at``, which a redo stamps anew). The notice of each step is compared
with the difference of the two reads: the records created and deleted exactly,
and every record whose columns changed among those it says were updated.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from drafter.core.changes import Changes, Entity
from drafter.core.names import Organisation, Person
from drafter.core.operations import Op
from drafter.core.operations import library as lib
from drafter.core.operations import responses as ops
from drafter.core.sources import SourceFacts
from drafter.core.store import Store


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

#: Table -> (entity announced, column naming the record). Tags and pages belong to their parents.
TABLES = {
    "source": (Entity.SOURCE, "id"),
    "source_page": (Entity.SOURCE, "source_id"),
    "snippet": (Entity.SNIPPET, "id"),
    "snippet_tag": (Entity.SNIPPET, "snippet_id"),
    "response": (Entity.RESPONSE, "id"),
    "question": (Entity.QUESTION, "id"),
    "answer_block": (Entity.BLOCK, "id"),
}
STAMPS = {"created_at", "updated_at"}
#: Rows known by what they hold, not their own id: a tag or a page put back by an undo or a redo
#: is the same tag or page under whatever id the database gives it (SQLite hands the highest
#: deleted id back; a PostgreSQL server's sequence never does).
NATURAL_KEYS = {"snippet_tag": ("snippet_id", "tag"), "source_page": ("source_id", "start", "end")}

Snapshot = dict[str, dict[object, tuple[object, ...]]]


def snapshot(store: Store) -> Snapshot:
    """Every row of the logged tables, read by a connection of its own (on a server: the store's reader)."""
    if store.dialect == "postgresql":
        return _rows(store.reader())
    connection = sqlite3.connect(store.database_path)
    try:
        return _rows(connection)
    finally:
        connection.close()


def _rows(connection: Any) -> Snapshot:
    tables: Snapshot = {}
    for table in TABLES:
        cursor = connection.execute(f"SELECT * FROM {table}")  # our own table names
        names = [d[0] for d in cursor.description]
        keep = [i for i, n in enumerate(names) if n not in STAMPS]
        key_at = names.index("id")
        natural = [names.index(n) for n in NATURAL_KEYS.get(table, ())]
        found: dict[object, tuple[object, ...]] = {}
        for row in cursor.fetchall():
            if natural:
                found[tuple(row[i] for i in natural)] = tuple(None if i == key_at else row[i] for i in keep)
            else:
                found[row[key_at]] = tuple(row[i] for i in keep)
        tables[table] = found
    return tables


@dataclass
class Difference:
    created: dict[Entity, set[int]]
    updated: dict[Entity, set[int]]
    deleted: dict[Entity, set[int]]


def difference(before: Snapshot, after: Snapshot) -> Difference:
    found = Difference({e: set() for e in Entity}, {e: set() for e in Entity}, {e: set() for e in Entity})
    for table, (entity, column) in TABLES.items():
        own = column == "id"
        old, new = before[table], after[table]
        for key in old.keys() | new.keys():
            row = new.get(key) or old.get(key)
            assert row is not None
            record = key if own else _parent(table, row)
            if key not in old:
                (found.created if own else found.updated)[entity].add(record)  # type: ignore[arg-type]
            elif key not in new:
                (found.deleted if own else found.updated)[entity].add(record)  # type: ignore[arg-type]
            elif old[key] != new[key]:
                found.updated[entity].add(record)  # type: ignore[arg-type]
    for entity in Entity:  # a child row of a record created or deleted is part of that
        found.updated[entity] -= found.created[entity] | found.deleted[entity]
    return found


def _parent(table: str, row: tuple[object, ...]) -> int:
    return int(row[1])  # type: ignore[call-overload]  # snippet_tag.snippet_id, source_page.source_id


def assert_notice_names(changes: Changes, before: Snapshot, after: Snapshot, step: str) -> None:
    found = difference(before, after)
    for entity in Entity:
        said = changes.of(entity)
        assert set(said.created) == found.created[entity], f"{step}: {entity.value} created: {changes.describe()}"
        assert set(said.deleted) == found.deleted[entity], f"{step}: {entity.value} deleted: {changes.describe()}"
        assert found.updated[entity] <= set(said.updated), f"{step}: {entity.value} updated: {changes.describe()}"
        # Beyond the visible columns, only a response's "last changed" stamp may be what was updated.
        extra = set(said.updated) - found.updated[entity]
        assert entity is Entity.RESPONSE or not extra, f"{step}: {entity.value} said updated {extra}"


# --- the library every operation starts from --------------------------------------------------


@dataclass
class Library:
    store: Store
    response_id: int
    questions: list[int]
    blocks: list[int]
    snippets: list[int]  # [quoted, unused]
    source_id: int


@pytest.fixture
def library(store: Store) -> Library:
    from drafter.core import responses as core
    from drafter.core.library import get_source
    from drafter.core.responses.records import ResponseDetails
    from drafter.core.snippets import create_snippet

    text = get_source(store, 1).text
    quoted = create_snippet(store, 1, 0, 40, note="lead", tags=["met", "lfr"])
    unused = create_snippet(store, 1, 50, 90)
    response = core.create_response(store, ResponseDetails("Biometrics framework", consulting_body="Home Office"))
    q1 = core.add_question(store, response.id, label="1", text="Do you agree?", options=["Agree", "Disagree"])
    q2 = core.add_question(store, response.id, label="2", text="Why?", word_limit=300)
    core.set_chosen_option(store, q1.id, "Agree")
    b1 = core.add_block(store, q1.id, text="We agree, with reservations.")
    b2 = core.add_block(store, q1.id, kind="quotation", snippet_id=quoted.id)
    b3 = core.add_block(store, q1.id, text="And a third paragraph.")
    b4 = core.add_block(store, q2.id, text="Because of oversight.")
    assert len(text) > 200
    return Library(store, response.id, [q1.id, q2.id], [b1.id, b2.id, b3.id, b4.id], [quoted.id, unused.id], 1)


def _parsed() -> list[Any]:
    from drafter.core.questions import ParsedQuestion

    return [ParsedQuestion(label="1", text="New first question?", options=("Yes", "No")),
            ParsedQuestion(label="2", text="New second question?")]


def _empty_response(lib_: Library) -> int:
    from drafter.core import responses as core
    from drafter.core.responses.records import ResponseDetails

    document = core.create_response(lib_.store, ResponseDetails("Another consultation"))
    core.add_question(lib_.store, document.id, label="1", text="Old question?")
    return document.id


def _imported() -> list[Any]:
    from drafter.core.importers import import_text

    return [(import_text("A pasted briefing about oversight of biometrics.\n\nSecond paragraph."), None),
            (import_text("Another pasted note, on retention of images."), None)]


def _marked(lib_: Library, op: Op[Any]) -> Op[Any]:
    """``op``, once the answer's last paragraph is a recommendation (so unmarking it changes something)."""
    from drafter.core import responses as core

    core.set_recommendation(lib_.store, lib_.blocks[3], True)
    return op


def _exported(lib_: Library, op: Op[Any]) -> Op[Any]:
    """``op``, once the response has been exported (its settings must come back with an undo)."""
    from drafter.core import responses as core

    core.set_export_settings(lib_.store, lib_.response_id, {"format": "txt", "folder": "Documents"})
    return op


def _shortened(lib_: Library) -> str:
    """The library's quoted snippet with its middle words left out."""
    from drafter.core.snippets import get_snippet

    words = get_snippet(lib_.store, lib_.snippets[0]).text.split()
    assert len(words) >= 3
    return f"{words[0]} … {words[-1]}"


def _shorten_first(lib_: Library) -> int:
    from drafter.core.responses.quotations import set_shortened

    set_shortened(lib_.store, lib_.blocks[1], _shortened(lib_))
    return lib_.blocks[1]


def _facts() -> Any:
    from drafter.core.sources import SourceFacts

    return SourceFacts(type="report", title="Edited title", publisher="Edited publisher",
                       authors=(Person("Doe", "Jane"), Organisation("Home Office")), date="2025-07",
                       url="https://example.org/r", accessed="2025-12-01")


OPERATIONS: list[tuple[str, Callable[[Library], Op[Any]]]] = [
    ("create response", lambda lb: ops.create_response(__import__(
        "drafter.core.responses.records", fromlist=["ResponseDetails"]).ResponseDetails("A new consultation"))),
    ("delete response", lambda lb: ops.delete_response(lb.response_id)),
    ("duplicate response", lambda lb: ops.duplicate_response(lb.response_id)),
    ("update response", lambda lb: ops.update_response(lb.response_id, organisation="Liberty", deadline="2026-02-12")),
    ("replace questions", lambda lb: ops.replace_questions(_empty_response(lb), _parsed())),
    ("append questions", lambda lb: ops.append_questions(lb.response_id, [*_parsed(), _parsed()[0]])),
    ("add question", lambda lb: ops.add_question(lb.response_id, label="1a", text="Inserted?", position=1)),
    ("update question", lambda lb: ops.update_question(lb.questions[0], text="Reworded?", options=["Yes", "No"])),
    ("choose option", lambda lb: ops.set_chosen_option(lb.questions[0], "Disagree")),
    ("clear option", lambda lb: ops.set_chosen_option(lb.questions[0], None)),
    ("move question", lambda lb: ops.move_question(lb.questions[1], 0)),
    ("delete question", lambda lb: ops.delete_question(lb.questions[0])),
    ("add paragraph", lambda lb: ops.add_block(lb.questions[0], text="Inserted paragraph.", position=1)),
    ("add quotation", lambda lb: ops.add_block(lb.questions[1], kind="quotation", snippet_id=lb.snippets[1])),
    ("typing", lambda lb: ops.update_block_text(lb.blocks[0], "We agree, with many reservations.")),
    ("move block within", lambda lb: ops.move_block(lb.blocks[2], lb.questions[0], 0)),
    ("move block across", lambda lb: ops.move_block(lb.blocks[1], lb.questions[1], 0)),
    ("remove block", lambda lb: ops.delete_block(lb.blocks[1])),
    ("mark recommendation", lambda lb: ops.set_recommendation(lb.blocks[2])),
    ("unmark recommendation", lambda lb: _marked(lb, ops.set_recommendation(lb.blocks[3], False))),
    ("remember export settings", lambda lb: ops.remember_export_settings(
        lb.response_id, {"format": "docx", "numbered": True, "style": "apa"})),
    ("delete a response exported before", lambda lb: _exported(lb, ops.delete_response(lb.response_id))),
    ("shorten quotation", lambda lb: ops.shorten_quotation(lb.blocks[1], _shortened(lb))),
    ("quote whole snippet", lambda lb: ops.shorten_quotation(_shorten_first(lb), None)),
    ("set pinpoint", lambda lb: ops.set_pinpoint(lb.blocks[1], "para 3")),
    ("new response from a preset", lambda lb: ops.new_response_from_preset("homeoffice-frt-2025")),
    ("snippet from a quotation", lambda lb: lib.snippet_from_quote(lb.source_id, "the", occurrence=2, tags=["q"])),
    ("make snippet", lambda lb: lib.create_snippet(lb.source_id, 100, 140, note="n", tags=["x"])),
    ("edit snippet", lambda lb: lib.update_snippet(lb.snippets[0], note="changed", tags=["only"])),
    ("delete unused snippet", lambda lb: lib.delete_snippet(lb.snippets[1])),
    ("delete quoted snippet", lambda lb: lib.delete_snippet(lb.snippets[0], even_if_used=True)),
    ("quote selection", lambda lb: lib.quote_selection(lb.source_id, 150, 190, lb.questions[1])),
    ("edit facts", lambda lb: lib.update_source_facts(lb.source_id, _facts())),
    ("replace facts", lambda lb: lib.replace_source_facts(
        lb.source_id, SourceFacts(type="article-journal", title="Faces", publisher="MLR",
                                  variables={"volume": "84", "DOI": "10.1/x"}),
        {"all": "taken from the CSL-JSON item in item.json"})),
    ("confirm accessed dates", lambda lb: lib.confirm_accessed([1, 3], date(2026, 2, 3), today=date(2026, 2, 4))),
    ("cite as it is", lambda lb: lib.confirm_bare_citation([lb.source_id], today=date(2026, 2, 4))),
    ("import files", lambda lb: lib.add_imported(_imported())),
    ("delete source", lambda lb: lib.delete_sources([2])),
]


@pytest.mark.parametrize(("step", "make"), OPERATIONS, ids=[name for name, _ in OPERATIONS])
def test_every_operation_undoes_and_redoes_exactly(library: Library, step: str,
                                                   make: Callable[[Library], Op[Any]]) -> None:
    store = library.store
    op = make(library)  # may set up what it needs (a response without answers) first
    start = snapshot(store)

    done = op.run(store)
    after = snapshot(store)
    assert after != start, f"{step} changed nothing"
    assert done.changes, f"{step}: no notice"
    assert_notice_names(done.changes, start, after, f"do {step}")
    assert done.inverse is not None and done.inverse.name == op.name

    undone = done.inverse.run(store)
    assert snapshot(store) == start, f"undo {step} did not give back the data"
    assert_notice_names(undone.changes, after, start, f"undo {step}")

    assert undone.inverse is not None
    redone = undone.inverse.run(store)
    assert snapshot(store) == after, f"redo {step} did not do it again"
    assert_notice_names(redone.changes, start, after, f"redo {step}")

    assert redone.inverse is not None
    redone.inverse.run(store)
    assert snapshot(store) == start, f"a second undo of {step} did not give back the data"


def test_every_operation_of_the_core_is_walked() -> None:
    """A new operation must join the table above: each public Op factory is named there."""
    import inspect

    walked = {make.__code__.co_names for _, make in OPERATIONS}
    named = {name for names in walked for name in names}
    for module in (ops, lib):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if name.startswith("restore_"):
                continue  # the inverses of deletions, walked as their undo
            assert name in named, f"{module.__name__}.{name} is not walked by this test"


def test_a_quotation_is_never_a_recommendation(library: Library) -> None:
    from drafter.core.errors import DrafterError

    start = snapshot(library.store)
    with pytest.raises(DrafterError, match="Only a paragraph of your own"):
        ops.set_recommendation(library.blocks[1]).run(library.store)  # blocks[1] quotes a snippet
    assert snapshot(library.store) == start


def test_marking_a_recommendation_is_read_back_and_its_undo_is_named(library: Library) -> None:
    from drafter.core.responses import get_response

    done = ops.set_recommendation(library.blocks[0]).run(library.store)
    assert done.value.recommendation and done.inverse is not None
    assert done.inverse.name == "Mark as Recommendation"
    blocks = get_response(library.store, library.response_id).questions[0].blocks
    assert [b.recommendation for b in blocks] == [True, False, False]
    done.inverse.run(library.store)
    assert not get_response(library.store, library.response_id).questions[0].blocks[0].recommendation


def test_a_refused_operation_changes_nothing_and_announces_nothing(library: Library) -> None:
    from drafter.core.errors import DrafterError

    heard: list[Changes] = []
    library.store.listeners.add(heard.append)
    start = snapshot(library.store)
    with pytest.raises(DrafterError):
        lib.delete_snippet(library.snippets[0]).run(library.store)  # quoted: refused without even_if_used
    with pytest.raises(DrafterError):
        lib.quote_selection(library.source_id, 10, 10, library.questions[0]).run(library.store)  # empty selection
    assert snapshot(library.store) == start
    assert heard == []


def test_quote_selection_is_one_transaction_with_one_notice(library: Library) -> None:
    heard: list[Changes] = []
    library.store.listeners.add(heard.append)
    result = lib.quote_selection(library.source_id, 150, 190, library.questions[1]).run(library.store)
    assert len(heard) == 1
    assert heard[0] == result.changes
    assert result.changes.snippets.created and result.changes.blocks.created == {result.value.id}


def test_an_undo_that_a_later_change_prevents_is_refused_plainly(library: Library) -> None:
    from drafter.core.errors import DrafterError

    store = library.store
    created = lib.create_snippet(library.source_id, 100, 140).run(store)
    ops.add_block(library.questions[1], kind="quotation", snippet_id=created.value.id).run(store)
    assert created.inverse is not None
    before = snapshot(store)
    with pytest.raises(DrafterError, match="quoted"):
        created.inverse.run(store)  # the snippet is quoted now: deleting it is refused, nothing changes
    assert snapshot(store) == before


def test_undoing_a_response_file_import_takes_away_exactly_what_it_added(library: Library, tmp_path: Path) -> None:
    """The import's result names what it added; ``undo_import`` removes those, and its inverse puts them back."""
    from drafter.core import responses as core
    from drafter.core.bundle import export_bundle, import_bundle
    from drafter.core.bundle.undo import IMPORT_RESPONSE_FILE, undo_import
    from drafter.core.importers import import_text
    from drafter.core.responses.records import ResponseDetails
    from drafter.core.snippets import create_snippet
    from drafter.core.sources import add_imported

    colleague = Store.open(tmp_path / "colleague")
    try:  # a colleague's response quoting a stored article (reused here) and a note of their own (added here)
        own = add_imported(colleague, import_text("A colleague's own note on independent oversight of biometrics."))
        response = core.create_response(colleague, ResponseDetails("Their answer"))
        question = core.add_question(colleague, response.id, label="1", text="Why?")
        for source_id in (1, own.id):
            snippet = create_snippet(colleague, source_id, 0, 20)
            core.add_block(colleague, question.id, kind="quotation", snippet_id=snippet.id)
        path = export_bundle(colleague, response.id, tmp_path / "theirs.drafter").path
    finally:
        colleague.close()
    store = library.store
    start = snapshot(store)
    result = import_bundle(store, path)
    after = snapshot(store)
    assert result.sources_added and result.sources_reused and len(result.snippets_added) == 2
    assert_notice_names(store.last_changes, start, after, "import response file")

    undo = undo_import(result)
    assert undo.name == IMPORT_RESPONSE_FILE
    undone = undo.run(store)
    assert snapshot(store) == start
    assert_notice_names(undone.changes, after, start, "undo import response file")
    assert undone.inverse is not None and undone.inverse.name == IMPORT_RESPONSE_FILE
    redone = undone.inverse.run(store)
    assert snapshot(store) == after
    assert_notice_names(redone.changes, start, after, "redo import response file")
    assert redone.inverse is not None
    redone.inverse.run(store)
    assert snapshot(store) == start


def test_undoing_typing_never_overwrites_a_change_made_elsewhere(library: Library) -> None:
    from drafter.core import responses as core
    from drafter.core.errors import DrafterError

    store = library.store
    typed = ops.update_block_text(library.blocks[0], "Typed in the window.").run(store)
    core.update_block_text(store, library.blocks[0], "Changed by a script.")  # meanwhile, elsewhere
    assert typed.inverse is not None
    with pytest.raises(DrafterError, match="changed elsewhere"):
        typed.inverse.run(store)
    assert _block_text(store, library.blocks[0]) == "Changed by a script."


def test_a_burst_of_typing_undoes_to_its_start_and_expects_its_end(library: Library) -> None:
    """Merged steps: the first step's "before" with the last step's "after" (what the editor shows)."""
    store = library.store
    first = ops.update_block_text(library.blocks[0], "One").run(store)
    second = ops.update_block_text(library.blocks[0], "One two").run(store)
    assert first.inverse is not None and first.inverse.absorb is not None and second.inverse is not None
    merged = first.inverse.absorb(second.inverse)
    merged.run(store)
    assert _block_text(store, library.blocks[0]) == "We agree, with reservations."


def _block_text(store: Store, block_id: int) -> str:
    from drafter.core.operations.responses import _block

    return _block(store, block_id).text
