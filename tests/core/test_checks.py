"""The readiness check: only a quotation that no longer matches its source blocks an export."""

from __future__ import annotations

from datetime import date

import pytest

from drafter.core.checks import BLOCKER, WARNING, check_response
from drafter.core.models import Source
from drafter.core.responses import (
    ResponseDetails,
    add_block,
    add_question,
    create_response,
    set_chosen_option,
    update_response,
)
from drafter.core.snippets import snippet_from_quote


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

QUOTE = "He called on the government to introduce new laws on regulating its use."


def _response(store, **details):  # type: ignore[no-untyped-def]
    base = {"consultation_title": "Facial recognition", "organisation": "Rights Watch", "may_publish": True}
    return create_response(store, ResponseDetails(**{**base, **details}))


def _kinds(readiness) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(i.kind, i.severity) for i in readiness.items]


def test_a_complete_answer_has_nothing_to_fix_but_its_sources_facts(store) -> None:
    response = _response(store)
    q = add_question(store, response.id, label="1", text="Do you agree?", options=("Yes", "No"))
    set_chosen_option(store, q.id, "No")
    snippet = snippet_from_quote(store, 4, QUOTE)
    add_block(store, q.id, kind="quotation", snippet_id=snippet.id, text="Liberty")
    readiness = check_response(store, response.id)
    # Tom Foot's article has a URL but no accessed date, which OSCOLA asks for; nothing else.
    assert _kinds(readiness) == [("source_facts", WARNING)]
    item = readiness.items[0]
    assert item.facts == ("accessed",)
    assert (item.source_id, item.question_id) == (4, q.id)
    assert "OSCOLA" in item.message
    assert not readiness.blocking


def test_the_accessed_date_is_only_asked_for_by_styles_whose_rules_need_it(store) -> None:
    response = _response(store, citation_style="apa")
    q = add_question(store, response.id, label="1", text="Why?")
    add_block(store, q.id, kind="quotation", snippet_id=snippet_from_quote(store, 4, QUOTE).id)
    assert check_response(store, response.id).items == ()
    # A source without a URL is never asked for an accessed date, even in OSCOLA.
    update_response(store, response.id, citation_style="oscola")
    q2 = add_question(store, response.id, label="2", text="And?")
    ovn = snippet_from_quote(store, 2, "The Met revealed that live facial recognition")
    add_block(store, q2.id, kind="quotation", snippet_id=ovn.id)
    facts = {i.source_id: i.facts for i in check_response(store, response.id).items}
    assert facts == {4: ("accessed",), 2: ("authors",)}  # OpenVoiceNews' author is unknown, not 'none'


def test_missing_facts_are_named_per_source(store) -> None:
    response = _response(store)
    q = add_question(store, response.id, label="1", text="Why?")
    hits = snippet_from_quote(store, 3, "The squad will go from 48 to 63 officers")
    lbc = snippet_from_quote(store, 5, "Labour is also proposing to create a regulator")
    for snippet in (hits, lbc):
        add_block(store, q.id, kind="quotation", snippet_id=snippet.id)
    facts = {i.source_id: i.facts for i in check_response(store, response.id).items if i.kind == "source_facts"}
    assert facts == {3: ("date", "authors", "accessed"), 5: ("title", "accessed")}


def test_the_facts_a_sources_type_needs_are_named_when_unknown(store) -> None:
    from drafter.core.sources import SourceFacts, add_source

    response = _response(store)
    q = add_question(store, response.id, label="1", text="Why?")
    article = add_source(store, "Faces are data, the article argues.", SourceFacts(
        type="article-journal", title="Faces in the crowd", publisher="Modern Law Review", date="2021",
        authors=(), variables={"volume": "84"}))
    add_block(store, q.id, kind="quotation", snippet_id=snippet_from_quote(store, article.id, "Faces are data").id)
    [item] = [i for i in check_response(store, response.id).items if i.kind == "source_facts"]
    assert item.facts == ("page",)  # the volume is known; the pages a full citation needs are not
    assert item.message == "“Faces in the crowd” is cited without its pages."


def test_unanswered_unexplained_and_unchosen_questions_are_warnings(store) -> None:
    response = _response(store)
    empty = add_question(store, response.id, label="1", text="Anything?", options=("Yes", "No"))
    bare = add_question(store, response.id, label="2", text="Agree?", options=("Yes", "No"),
                        prompt="Please explain your answer.")
    set_chosen_option(store, bare.id, "Yes")
    unchosen = add_question(store, response.id, label="3", text="Agree?", options=("Yes", "No"))
    add_block(store, unchosen.id, text="We have views.")
    readiness = check_response(store, response.id)
    by_question = [(i.question_id, i.kind) for i in readiness.items]
    assert by_question == [(empty.id, "unanswered"), (bare.id, "unexplained"), (unchosen.id, "no_option")]
    assert "Question 3 offers Yes / No" in readiness.items[2].message
    assert not readiness.blocking


def test_over_the_limit_respects_whether_quotations_count(store) -> None:
    response = _response(store)
    q = add_question(store, response.id, label="1", text="Why?", word_limit=10)
    add_block(store, q.id, text="Seven words of our own go here.")
    add_block(store, q.id, kind="quotation", snippet_id=snippet_from_quote(store, 4, QUOTE).id)
    over = [i for i in check_response(store, response.id).items if i.kind == "over_limit"]
    assert [i.message for i in over] == ["Question 1 is over its limit: 20 of 10 words."]
    update_response(store, response.id, quotations_count_toward_limit=False)
    assert [i for i in check_response(store, response.id).items if i.kind == "over_limit"] == []


def test_a_character_limit_is_checked_too(store) -> None:
    response = _response(store)
    q = add_question(store, response.id, label="4a", text="Why?", char_limit=10)
    add_block(store, q.id, text="Far more than ten characters.")
    [item] = [i for i in check_response(store, response.id).items if i.kind == "over_limit"]
    assert item.message == "Question 4a is over its limit: 5 words, 29 of 10 characters."


def test_a_quotation_that_no_longer_matches_its_source_blocks(store) -> None:
    response = _response(store)
    q = add_question(store, response.id, label="1", text="Why?")
    snippet = snippet_from_quote(store, 4, QUOTE)
    block = add_block(store, q.id, kind="quotation", snippet_id=snippet.id)
    with store.transaction() as session:  # what only a damaged database could do
        source = session.get(Source, 4)
        source.text = source.text.replace("new laws", "new rules")
        session.add(source)
    readiness = check_response(store, response.id)
    assert readiness.blocking
    [blocker] = readiness.blockers
    assert (blocker.kind, blocker.block_id, blocker.snippet_id) == ("quotation_changed", block.id, snippet.id)
    assert "no longer matches" in blocker.message


def test_snippets_quoted_by_no_response_are_listed(store) -> None:
    response = _response(store)
    q = add_question(store, response.id, label="1", text="Why?")
    used = snippet_from_quote(store, 4, QUOTE)
    unused = snippet_from_quote(store, 3, "The squad will go from 48 to 63 officers")
    add_block(store, q.id, kind="quotation", snippet_id=used.id)
    items = [i for i in check_response(store, response.id).items if i.kind == "unused_snippet"]
    assert [(i.snippet_id, i.source_id, i.severity) for i in items] == [(unused.id, 3, WARNING)]
    # Quoted by another response, it is in use: not reported here.
    other = _response(store, consultation_title="Another consultation")
    add_block(store, add_question(store, other.id, label="1", text="?").id, kind="quotation", snippet_id=unused.id)
    assert not [i for i in check_response(store, response.id).items if i.kind == "unused_snippet"]


def test_undecided_publication_and_missing_organisation_are_warnings(store) -> None:
    response = create_response(store, ResponseDetails(consultation_title="Facial recognition"))
    assert _kinds(check_response(store, response.id)) == [
        ("no_organisation", WARNING), ("publication_undecided", WARNING)]


def test_an_unknown_citation_style_blocks(store) -> None:
    response = _response(store, citation_style="no-such-style-anywhere")
    assert ("unknown_style", BLOCKER) in _kinds(check_response(store, response.id))


def test_items_serialise_for_json(store) -> None:
    response = _response(store)
    q = add_question(store, response.id, label="1", text="Why?")
    add_block(store, q.id, kind="quotation", snippet_id=snippet_from_quote(store, 4, QUOTE).id)
    data = check_response(store, response.id).items[0].as_dict()
    assert data["kind"] == "source_facts" and data["facts"] == ["accessed"] and data["source_id"] == 4


def test_a_library_full_of_unused_snippets_names_a_few_and_counts_the_rest(store, many) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.checks import UNUSED_LISTED

    response = create_response(store, ResponseDetails(consultation_title="Big library"))
    many(store, 90)  # 60 of their snippets are quoted by no response
    items = check_response(store, response.id).items
    named = [i for i in items if i.kind == "unused_snippet"]
    [rest] = [i for i in items if i.kind == "more_unused_snippets"]
    assert len(named) == UNUSED_LISTED
    assert f"…and {60 - UNUSED_LISTED} more snippets are not quoted anywhere" in rest.message
    assert rest.severity == WARNING


def test_the_check_does_not_load_the_export_code(store) -> None:  # type: ignore[no-untyped-def]
    """The window runs the check on its own thread: python-docx must stay for the export's worker."""
    import os
    import subprocess
    import sys

    response = _response(store)
    question = add_question(store, response.id, label="1", text="What do you think?")
    add_block(store, question.id, kind="quotation", snippet_id=snippet_from_quote(store, 4, QUOTE).id)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from drafter.core.store import Store\n"
        "from drafter.core.checks import check_response\n"
        "store = Store.open_url(sys.argv[3], Path(sys.argv[1])) if sys.argv[3:] else Store.open(Path(sys.argv[1]))\n"
        "readiness = check_response(store, int(sys.argv[2]))\n"
        "print(len(readiness.items) > 0, 'docx' in sys.modules, 'drafter.core.export' in sys.modules)\n"
        "store.close()\n"
    )
    server = [store.url.render_as_string(hide_password=False)] if store.is_server else []
    result = subprocess.run([sys.executable, "-c", script, str(store.data_dir), str(response.id), *server], check=True,
                            capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert result.stdout.split() == ["True", "False", "False"]


# --- the style being exported; accessed dates and bare citations confirmed by the user ------


def _quoting_foot_and_lbc(store, style: str):  # type: ignore[no-untyped-def]
    response = _response(store, citation_style=style)
    q = add_question(store, response.id, label="1", text="Why?")
    add_block(store, q.id, kind="quotation", snippet_id=snippet_from_quote(store, 4, QUOTE).id)
    lbc = snippet_from_quote(store, 5, "Labour is also proposing to create a regulator")
    add_block(store, q.id, kind="quotation", snippet_id=lbc.id)
    return response


def _accessed(readiness) -> list[int | None]:  # type: ignore[no-untyped-def]
    return [i.source_id for i in readiness.items if "accessed" in i.facts]


def test_the_check_judges_the_style_being_exported_not_the_saved_one(store) -> None:
    response = _quoting_foot_and_lbc(store, "apa")
    assert _accessed(check_response(store, response.id)) == []  # APA asks for no accessed date
    oscola = check_response(store, response.id, style="oscola")
    assert _accessed(oscola) == [4, 5]  # OSCOLA does, for each online source, named one by one
    assert all("OSCOLA" in i.message for i in oscola.items if "accessed" in i.facts)
    update_response(store, response.id, citation_style="oscola")
    assert _accessed(check_response(store, response.id, style="apa")) == []
    bad = check_response(store, response.id, style="no such style at all")
    assert ("unknown_style", BLOCKER) in _kinds(bad)


def test_confirming_the_day_a_page_was_checked_records_it_as_the_users(store) -> None:
    from datetime import date

    from drafter.core.library import get_source
    from drafter.core.operations.library import confirm_accessed

    response = _quoting_foot_and_lbc(store, "oscola")
    guessed_before = dict(get_source(store, 5).fact_basis)
    done = confirm_accessed([4], date(2026, 2, 3), today=date(2026, 2, 4)).run(store)
    assert _accessed(check_response(store, response.id)) == [5]  # only the one confirmed is done
    foot = get_source(store, 4)
    assert foot.accessed == "2026-02-03"
    assert foot.fact_basis["accessed"] == "confirmed by the user on 2026-02-04: they checked the page on 2026-02-03"
    assert done.inverse is not None
    done.inverse.run(store)  # undo gives back the unknown date and the old basis
    assert get_source(store, 4).accessed is None and "accessed" not in get_source(store, 4).fact_basis
    confirm_accessed([4, 5], date(2026, 2, 4), today=date(2026, 2, 4)).run(store)
    assert _accessed(check_response(store, response.id)) == []
    basis = get_source(store, 5).fact_basis
    assert {k: v for k, v in basis.items() if k != "accessed"} == guessed_before  # other facts keep their basis


def test_an_accessed_date_is_never_confirmed_for_a_day_to_come_or_a_source_offline(store) -> None:
    from datetime import date

    import pytest

    from drafter.core.errors import RefusedError
    from drafter.core.library import get_source
    from drafter.core.operations.library import confirm_accessed

    with pytest.raises(RefusedError, match="still to come"):
        confirm_accessed([4], date(2026, 2, 5), today=date(2026, 2, 4)).run(store)
    with pytest.raises(RefusedError, match="no web address"):  # OpenVoiceNews has no URL
        confirm_accessed([4, 2], date(2026, 2, 4), today=date(2026, 2, 4)).run(store)
    assert get_source(store, 4).accessed is None  # the refusal changed nothing, not even source 4


def test_a_citation_with_no_author_title_or_publisher_blocks_until_confirmed(store) -> None:
    from drafter.core.library import get_source
    from drafter.core.operations.library import confirm_bare_citation
    from drafter.core.sources import SourceFacts, update_source_facts

    response = _quoting_foot_and_lbc(store, "harvard-cite-them-right")
    lbc = get_source(store, 5)  # no title already; take away its publisher and author too
    update_source_facts(store, 5, SourceFacts(type=lbc.type, url=lbc.url, date=lbc.date, authors=()))
    readiness = check_response(store, response.id)
    assert ("citation_empty", BLOCKER) in _kinds(readiness) and readiness.blocking
    item = next(i for i in readiness.items if i.kind == "citation_empty")
    assert item.source_id == 5 and "no author, no title and no publisher" in item.message
    done = confirm_bare_citation([5]).run(store)
    assert not check_response(store, response.id).blocking
    assert "confirmed by the user on" in get_source(store, 5).fact_basis["bare_citation"]
    assert done.inverse is not None
    done.inverse.run(store)
    assert check_response(store, response.id).blocking  # undone: it blocks again
    # A source whose author alone is known is cited by it: no block.
    update_source_facts(store, 5, SourceFacts(type=lbc.type, url=lbc.url, authors=lbc.authors))
    assert not check_response(store, response.id).blocking


def test_an_untitled_work_needs_a_title_or_the_users_description(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """APA 7 §9.22, Cite Them Right: an untitled work is described in brackets, in the user's words."""
    from drafter.core.export import export_response
    from drafter.core.library import get_source
    from drafter.core.sources import SourceFacts, update_source_facts

    response = _quoting_foot_and_lbc(store, "apa")
    lbc = get_source(store, 5)
    assert lbc.title is None and not lbc.variables  # the stored LBC piece: no headline was found

    def title_item():  # type: ignore[no-untyped-def]
        return next(i for i in check_response(store, response.id).items
                    if i.kind == "source_facts" and i.source_id == 5 and "title" in i.facts)

    assert "its title (or, if it has none, a description of it)" in title_item().message
    described = "News report on the consultation on police use of facial recognition"
    update_source_facts(store, 5, SourceFacts(type=lbc.type, publisher=lbc.publisher, url=lbc.url, date=lbc.date,
                                              authors=lbc.authors, variables={"drafter-description": described}))
    with pytest.raises(StopIteration):
        title_item()
    # A description names the work: with no author and no publisher it still does not block.
    update_source_facts(store, 5, SourceFacts(type=lbc.type, url=lbc.url, date=lbc.date, authors=(),
                                              variables={"drafter-description": described}))
    assert "citation_empty" not in [i.kind for i in check_response(store, response.id).items]
    # The export prints it where the title would be, in square brackets: here, with no author,
    # in the author's place too (APA 7 §9.12).
    text = export_response(store, response.id, tmp_path / "r.txt", format="txt").path.read_text("utf-8")
    assert f"([{described}], 2025, para." in text
    assert f"[{described}]. (2025, December 4). {lbc.url}" in text


LATE = "Check with whoever runs it whether a late response is still accepted."


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 2, 3), []),  # nine days left: nothing to say yet
        (date(2026, 2, 5), [("deadline_near", "The consultation closes in 7 days, on 12 February 2026.")]),
        (date(2026, 2, 11), [("deadline_near", "The consultation closes in 1 day, on 12 February 2026.")]),
        (date(2026, 2, 12), [("deadline_near", "The consultation closes today, 12 February 2026.")]),
        (date(2026, 2, 13), [("deadline_passed", "The consultation closed yesterday, on 12 February 2026. " + LATE)]),
        (date(2026, 2, 15), [("deadline_passed", "The consultation closed 3 days ago, on 12 February 2026. " + LATE)]),
    ],
)
def test_the_check_warns_as_the_deadline_nears_and_says_when_it_has_passed(store, today, expected) -> None:  # type: ignore[no-untyped-def]
    response = _response(store, deadline="2026-02-12")
    items = check_response(store, response.id, today=today).items
    assert [(i.kind, i.message) for i in items if i.kind.startswith("deadline")] == expected
    assert all(i.severity == WARNING for i in items if i.kind.startswith("deadline"))


def test_a_response_without_a_deadline_has_no_deadline_item(store) -> None:  # type: ignore[no-untyped-def]
    response = _response(store)
    assert not [i for i in check_response(store, response.id, today=date(2026, 2, 12)).items
                if i.kind.startswith("deadline")]


def test_the_backup_note_names_where_the_library_is_backed_up(store) -> None:  # type: ignore[no-untyped-def]
    note = check_response(store, _response(store).id).backup
    if store.is_server:
        assert note is not None and "backed up on its server" in note and "team-server.md" in note
    else:
        assert note is not None and "backup copy of the database" in note
