"""The readiness check: only a quotation that no longer matches its source blocks an export."""

from __future__ import annotations

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
        "store = Store.open(Path(sys.argv[1]))\n"
        "readiness = check_response(store, int(sys.argv[2]))\n"
        "print(len(readiness.items) > 0, 'docx' in sys.modules, 'drafter.core.export' in sys.modules)\n"
        "store.close()\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(store.data_dir), str(response.id)], check=True,
                            capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert result.stdout.split() == ["True", "False", "False"]
