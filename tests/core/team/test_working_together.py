"""Two people on one library: versions, conflicts, undo of one's own changes only, assignment, presence.

Each person is a ``Store`` of their own on the same library, working under a name of
their own (``identity.set_person``), as two windows or a window and the command line
are. The ``team`` fixture is parametrised by engine so that the same tests run on a
shared PostgreSQL server once the store opens one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from drafter.core import responses as core
from drafter.core import teamwork
from drafter.core.changes import Changes
from drafter.core.identity import InvalidNameError, own_name, person, set_own_name, set_person
from drafter.core.operations import responses as ops
from drafter.core.responses.records import ResponseDetails
from drafter.core.store import Store
from drafter.core.teamwork import ConflictError, ConflictRecord, TextSaved


@dataclass
class Team:
    alex: Store
    sam: Store
    response_id: int
    question_id: int
    other_question_id: int
    first: int  # a paragraph of the first answer
    second: int  # another paragraph of the first answer
    elsewhere: int  # a paragraph of the second answer


#: The engines the two people's library is on (a data folder's SQLite file; a PostgreSQL server).
ENGINES = ("sqlite", "postgresql")


def _open_two(request: pytest.FixtureRequest, data_dir: Path) -> tuple[Store, Store]:
    if request.param == "sqlite":
        return Store.open(data_dir, seed=False), Store.open(data_dir, seed=False)
    url = request.getfixturevalue("server_library")  # a fresh library on the test server (tests/core/conftest.py)
    return (Store.open_url(url, data_dir / "alex", seed=False),  # type: ignore[attr-defined]
            Store.open_url(url, data_dir / "sam", seed=False))  # type: ignore[attr-defined]


@pytest.fixture(params=ENGINES)
def team(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Team]:
    alex, sam = _open_two(request, data_dir)
    set_person(alex, "Alex")
    set_person(sam, "Sam")
    try:
        response = core.create_response(alex, ResponseDetails("Biometrics framework"))
        q1 = core.add_question(alex, response.id, label="1", text="Do you agree?")
        q2 = core.add_question(alex, response.id, label="2", text="Why?")
        first = core.add_block(alex, q1.id, text="We agree.")
        second = core.add_block(alex, q1.id, text="With reservations.")
        elsewhere = core.add_block(alex, q2.id, text="Because of oversight.")
        yield Team(alex, sam, response.id, q1.id, q2.id, first.id, second.id, elsewhere.id)
    finally:
        alex.close()
        sam.close()


def _version(store: Store, block_id: int) -> int:
    now = teamwork.block_now(store, block_id)
    assert now is not None
    return now.version


def _text(store: Store, block_id: int) -> str:
    now = teamwork.block_now(store, block_id)
    assert now is not None
    return now.text


def _state(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables working together touches, read through the engine (any engine)."""
    from sqlalchemy import select

    from drafter.core.models import AnswerBlock, BlockConflict, Question

    with store.engine.connect() as connection:
        return {model.__name__: [tuple(row) for row in connection.execute(
            select(model.__table__).order_by(model.__table__.c.id))]  # type: ignore[attr-defined]
            for model in (AnswerBlock, BlockConflict, Question)}


# --- versions and conflicts ---------------------------------------------------------------------


def test_two_people_saving_one_paragraph_end_in_a_conflict_with_both_texts_kept(team: Team) -> None:
    base = _version(team.alex, team.first)  # both start typing on what they see
    assert _version(team.sam, team.first) == base

    sams = ops.update_block_text(team.first, "We agree, Sam says.", base_version=base).run(team.sam)
    alexs = ops.update_block_text(team.first, "We agree, Alex says.", base_version=base).run(team.alex)

    assert isinstance(sams.value, TextSaved) and sams.value.version == base + 1
    assert isinstance(alexs.value, ConflictRecord)
    assert alexs.inverse is None  # nothing of Alex's changed the block: nothing to undo
    assert _text(team.alex, team.first) == "We agree, Sam says."  # the first save stands
    [conflict] = teamwork.list_conflicts(team.sam, response_id=team.response_id)
    assert conflict == alexs.value
    assert (conflict.my_text, conflict.author) == ("We agree, Alex says.", "Alex")
    assert (conflict.their_text, conflict.their_author) == ("We agree, Sam says.", "Sam")
    assert (conflict.base_version, conflict.their_version) == (base, base + 1)
    assert set(alexs.changes.conflicts.created) == {conflict.id} and not alexs.changes.blocks
    assert teamwork.open_conflict_count(team.sam, team.response_id) == 1


def test_two_saves_on_one_version_at_the_same_moment_never_both_land(team: Team) -> None:
    """Saved at once from two threads (two Drafters): one lands, the other is kept; on a server too."""
    import threading

    for round_ in range(5):
        base = _version(team.alex, team.first)
        barrier = threading.Barrier(2)
        results: dict[str, Any] = {}

        def save(who: str, store: Store, text: str, base: int, barrier: threading.Barrier,
                 results: dict[str, Any]) -> None:
            barrier.wait()
            results[who] = ops.update_block_text(team.first, text, base_version=base).run(store).value

        threads = [threading.Thread(target=save, args=(who, store, f"{who} {round_}.", base, barrier, results))
                   for who, store in (("Alex", team.alex), ("Sam", team.sam))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        landed = [who for who, value in results.items() if isinstance(value, TextSaved)]
        kept = [value for value in results.values() if isinstance(value, ConflictRecord)]
        assert len(landed) == 1 and len(kept) == 1, results
        assert _text(team.alex, team.first) == f"{landed[0]} {round_}."
        assert kept[0].their_text == f"{landed[0]} {round_}." and kept[0].base_version == base


def test_edits_of_different_paragraphs_both_land(team: Team) -> None:
    one = ops.update_block_text(team.first, "Alex's first.", base_version=_version(team.alex, team.first))
    two = ops.update_block_text(team.second, "Sam's second.", base_version=_version(team.sam, team.second))
    three = ops.update_block_text(team.elsewhere, "Sam elsewhere.", base_version=_version(team.sam, team.elsewhere))
    assert isinstance(one.run(team.alex).value, TextSaved)
    assert isinstance(two.run(team.sam).value, TextSaved)
    assert isinstance(three.run(team.sam).value, TextSaved)
    assert [_text(team.alex, b) for b in (team.first, team.second, team.elsewhere)] == [
        "Alex's first.", "Sam's second.", "Sam elsewhere."]
    assert teamwork.list_conflicts(team.alex) == []


def test_a_burst_of_typing_saves_on_its_own_versions_without_conflict(team: Team) -> None:
    version = _version(team.alex, team.first)
    for text in ("We", "We agree", "We agree fully."):
        outcome = ops.update_block_text(team.first, text, base_version=version).run(team.alex).value
        assert isinstance(outcome, TextSaved)
        version = outcome.version
    assert _text(team.sam, team.first) == "We agree fully."
    assert teamwork.list_conflicts(team.alex) == []


def test_the_same_text_saved_by_both_is_no_conflict(team: Team) -> None:
    base = _version(team.alex, team.first)
    ops.update_block_text(team.first, "Same words.", base_version=base).run(team.sam)
    outcome = ops.update_block_text(team.first, "Same words.", base_version=base).run(team.alex).value
    assert isinstance(outcome, TextSaved) and not outcome.changed
    assert teamwork.list_conflicts(team.alex) == []


def test_moving_blocks_is_no_change_of_content(team: Team) -> None:
    base = _version(team.alex, team.first)
    ops.move_block(team.second, team.question_id, 0).run(team.sam)
    outcome = ops.update_block_text(team.first, "Still mine.", base_version=base).run(team.alex).value
    assert isinstance(outcome, TextSaved)


def test_undo_after_a_colleagues_change_becomes_a_conflict_not_an_overwrite(team: Team) -> None:
    typed = ops.update_block_text(team.first, "Alex typed.", base_version=_version(team.alex, team.first))
    done = typed.run(team.alex)
    assert done.inverse is not None
    ops.update_block_text(team.first, "Sam typed after.", base_version=_version(team.sam, team.first)).run(team.sam)

    undone = done.inverse.run(team.alex)

    assert isinstance(undone.value, ConflictRecord)
    assert _text(team.sam, team.first) == "Sam typed after."
    assert (undone.value.my_text, undone.value.their_text) == ("We agree.", "Sam typed after.")


def test_undo_of_a_burst_merged_into_one_step_expects_the_bursts_last_version(team: Team) -> None:
    """One undo step for three saves: it goes back to before the first, and only if nobody saved since the last."""
    version = _version(team.alex, team.first)
    results = []
    for text in ("A", "Al", "Alex"):
        result = ops.update_block_text(team.first, text, base_version=version).run(team.alex)
        assert isinstance(result.value, TextSaved) and result.inverse is not None
        version = result.value.version
        results.append(result)
    step = results[0].inverse
    assert step is not None and step.absorb is not None
    for later in results[1:]:
        assert later.inverse is not None
        step = step.absorb(later.inverse)
    assert step.absorb is not None
    # Nobody else saved: the whole burst is undone.
    undone = step.run(team.alex)
    assert isinstance(undone.value, TextSaved) and _text(team.alex, team.first) == "We agree."
    assert undone.inverse is not None
    # Redone, then Sam saves, then the undo again: a conflict.
    redone = undone.inverse.run(team.alex)
    assert _text(team.alex, team.first) == "Alex" and redone.inverse is not None
    ops.update_block_text(team.first, "Sam's.", base_version=_version(team.sam, team.first)).run(team.sam)
    again = redone.inverse.run(team.alex)
    assert isinstance(again.value, ConflictRecord) and _text(team.alex, team.first) == "Sam's."


def _conflict(team: Team) -> ConflictRecord:
    base = _version(team.alex, team.first)
    ops.update_block_text(team.first, "Sam's text.", base_version=base).run(team.sam)
    kept = ops.update_block_text(team.first, "Alex's text.", base_version=base).run(team.alex).value
    assert isinstance(kept, ConflictRecord)
    return kept


@pytest.mark.parametrize(("choice", "merged", "expected"), [
    ("mine", None, "Alex's text."),
    ("theirs", None, "Sam's text."),
    ("merged", "Alex's and Sam's text.", "Alex's and Sam's text."),
])
def test_resolving_a_conflict(team: Team, choice: str, merged: str | None, expected: str) -> None:
    conflict = _conflict(team)
    done = ops.resolve_conflict(conflict.id, choice, text=merged).run(team.alex)
    assert _text(team.sam, team.first) == expected
    closed = teamwork.get_conflict(team.sam, conflict.id)
    assert (closed.resolution, closed.resolved_by, closed.is_open) == (choice, "Alex", False)
    assert teamwork.list_conflicts(team.sam) == []
    assert [c.id for c in teamwork.list_conflicts(team.sam, include_resolved=True)] == [conflict.id]
    assert teamwork.open_conflict_count(team.sam, team.response_id) == 0
    # Undone: open again, and the block as it was.
    assert done.inverse is not None
    done.inverse.run(team.alex)
    assert teamwork.get_conflict(team.sam, conflict.id).is_open
    assert _text(team.sam, team.first) == "Sam's text."


def test_a_resolution_that_changed_the_text_is_not_undone_over_a_later_change(team: Team) -> None:
    conflict = _conflict(team)
    done = ops.resolve_conflict(conflict.id, "mine").run(team.alex)
    ops.update_block_text(team.first, "Sam again.", base_version=_version(team.sam, team.first)).run(team.sam)
    assert done.inverse is not None
    done.inverse.run(team.alex)
    assert _text(team.sam, team.first) == "Sam again."
    assert any(c.my_text == "Sam's text." and c.their_text == "Sam again." for c in teamwork.list_conflicts(team.sam))


def _refused(team: Team, run: Any, match: str) -> None:
    before = _state(team.alex)
    heard: list[Changes] = []
    team.alex.listeners.add(heard.append)
    with pytest.raises(ConflictError, match=match):
        run()
    assert _state(team.alex) == before and heard == []


def test_an_unknown_conflict_is_refused_in_words_and_nothing_changes(team: Team) -> None:
    _conflict(team)
    _refused(team, lambda: ops.resolve_conflict(999, "mine").run(team.alex), "no conflict with id 999")
    with pytest.raises(ConflictError, match="no conflict with id 999"):
        teamwork.get_conflict(team.alex, 999)


def test_resolving_twice_is_refused_and_changes_nothing(team: Team) -> None:
    conflict = _conflict(team)
    ops.resolve_conflict(conflict.id, "mine").run(team.sam)
    _refused(team, lambda: ops.resolve_conflict(conflict.id, "theirs").run(team.alex),
             r"already been resolved \(mine, by Sam\)")
    assert _text(team.alex, team.first) == "Alex's text."


def test_bad_choices_are_refused_and_change_nothing(team: Team) -> None:
    conflict = _conflict(team)
    _refused(team, lambda: ops.resolve_conflict(conflict.id, "both").run(team.alex), "no way to resolve")
    _refused(team, lambda: ops.resolve_conflict(conflict.id, "merged").run(team.alex), "needs the merged text")
    _refused(team, lambda: ops.resolve_conflict(conflict.id, "mine", text="x").run(team.alex), "Only a merged")
    assert teamwork.get_conflict(team.alex, conflict.id).is_open


def test_a_paragraph_changed_again_since_the_conflict_is_not_overwritten_by_keeping_mine(team: Team) -> None:
    conflict = _conflict(team)
    ops.update_block_text(team.first, "Sam's third go.", base_version=_version(team.sam, team.first)).run(team.sam)
    _refused(team, lambda: ops.resolve_conflict(conflict.id, "mine").run(team.alex), "changed again since")
    # Seen as it is now, the choice goes through.
    ops.resolve_conflict(conflict.id, "mine", seen_version=_version(team.alex, team.first)).run(team.alex)
    assert _text(team.sam, team.first) == "Alex's text."


def test_a_conflict_whose_paragraph_was_removed_keeps_the_text_and_says_so(team: Team) -> None:
    conflict = _conflict(team)
    ops.delete_block(team.first).run(team.sam)
    _refused(team, lambda: ops.resolve_conflict(conflict.id, "mine").run(team.alex), "has been removed since")
    assert teamwork.get_conflict(team.alex, conflict.id).my_text == "Alex's text."
    ops.resolve_conflict(conflict.id, "theirs").run(team.alex)  # closing it is always possible
    assert not teamwork.get_conflict(team.alex, conflict.id).is_open


# --- who changed what, assignment, presence --------------------------------------------------


def test_each_change_records_who_made_it(team: Team) -> None:
    ops.update_block_text(team.first, "Sam's.", base_version=_version(team.sam, team.first)).run(team.sam)
    block = core.get_response(team.alex, team.response_id).question(team.question_id).blocks[0]
    assert (block.edited_by, block.version) == ("Sam", 2)
    status = teamwork.answer_status(team.alex, team.question_id)
    assert status.last_edited_by == "Sam"
    assert status.describe(me="Alex").startswith("Last edited by Sam, ")
    ops.set_recommendation(team.second).run(team.alex)
    assert teamwork.answer_status(team.sam, team.question_id).last_edited_by == "Alex"


def test_an_answer_is_assigned_and_the_assignment_undone(team: Team) -> None:
    done = ops.assign_answer(team.question_id, "  Sam  ").run(team.alex)
    assert core.get_response(team.sam, team.response_id).question(team.question_id).assigned_to == "Sam"
    assert set(done.changes.questions.updated) == {team.question_id}
    assert teamwork.answer_status(team.sam, team.question_id).describe(me="Sam").startswith("Assigned to you")
    assert done.inverse is not None
    done.inverse.run(team.alex)
    assert core.get_response(team.sam, team.response_id).question(team.question_id).assigned_to is None


def test_assigning_to_no_name_or_to_an_unknown_answer_is_refused(team: Team) -> None:
    from drafter.core.errors import NotFoundError

    before = _state(team.alex)
    with pytest.raises(InvalidNameError, match="can't be empty"):
        ops.assign_answer(team.question_id, "   ").run(team.alex)
    with pytest.raises(NotFoundError, match="no question with id 999"):
        ops.assign_answer(999, "Sam").run(team.alex)
    assert _state(team.alex) == before


def test_presence_shows_who_is_in_which_answer_and_goes_stale(team: Team) -> None:
    heard: list[Changes] = []
    team.alex.listeners.add(heard.append)
    before = _state(team.alex)
    teamwork.beat(team.sam, team.response_id, team.question_id, now=1000.0)
    teamwork.beat(team.alex, team.response_id, team.other_question_id, now=1000.0)
    assert [(p.person, p.question_id) for p in teamwork.present(team.alex, team.response_id, now=1010.0)] == [
        ("Sam", team.question_id)]
    status = teamwork.answer_status(team.alex, team.question_id, now=1010.0)
    assert status.present == ("Sam",) and "Sam is in this answer" in status.describe(me="Alex")
    # Sam moves to the other answer: one row a person, not one a move.
    teamwork.beat(team.sam, team.response_id, team.other_question_id, now=1012.0)
    assert teamwork.answer_status(team.alex, team.question_id, now=1013.0).present == ()
    assert teamwork.present(team.alex, team.response_id, now=1012.0 + teamwork.PRESENCE_STALE_S + 1) == []
    teamwork.leave(team.sam)
    assert teamwork.present(team.alex, team.response_id, now=1013.0) == []
    # Heartbeats are no change to the response: nothing announced, nothing else written.
    assert heard == [] and _state(team.alex) == before


# --- identity ---------------------------------------------------------------------------------


def test_a_local_library_knows_its_user_by_the_name_set_or_the_systems(data_dir: Path) -> None:
    store = Store.open(data_dir, seed=False)
    try:
        assert person(store)  # the operating system's user name
        set_own_name(data_dir, "  Kim   Lee ")
        assert own_name(data_dir) == "Kim Lee"
        set_person(store, None)  # forget what was looked up
        assert person(store) == "Kim Lee"
        with pytest.raises(InvalidNameError, match="at most"):
            set_own_name(data_dir, "x" * 101)
        assert own_name(data_dir) == "Kim Lee"
        set_own_name(data_dir, None)
        assert own_name(data_dir) is None
    finally:
        store.close()


def test_on_a_server_each_person_is_their_database_role(server_library: str, data_dir: Path) -> None:
    """No name to set on a server: the role the Drafter connected with is who made the change."""
    from pg_server import SUPERUSER

    store = Store.open_url(server_library, data_dir, seed=False)
    try:
        assert person(store) == SUPERUSER
        response = core.create_response(store, ResponseDetails("On the server"))
        question = core.add_question(store, response.id, label="1", text="Why?")
        block = core.add_block(store, question.id, text="Because.")
        assert core.get_response(store, response.id).question(question.id).blocks[0].edited_by == SUPERUSER
        assert teamwork.block_now(store, block.id) is not None
    finally:
        store.close()
