"""Full-text search: what a person typing into the search box gets, and the index behind it."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from drafter.core.errors import NotFoundError
from drafter.core.models import AnswerBlock, Question, Response, Snippet, SnippetTag, Source
from drafter.core.names import from_json
from drafter.core.paths import database_path
from drafter.core.search import MIN_PREFIX, SearchResults, Term, match_spans, parse_query, search
from drafter.core.seed import content_hash
from drafter.core.store import Store, fts
from drafter.core.store import migrate as migrate_module
from drafter.core.store.migrate import HEAD_REVISION, migrations_dir

FIXTURES = Path(__file__).parent.parent / "data" / "db"

# --- helpers: rows written straight through the store, as the other modules will -------


def add_source(store: Store, text: str, title: str | None = None, **facts: object) -> int:
    with store.transaction() as session:
        row = Source(title=title, text=text, content_hash=content_hash(text), **facts)
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def add_snippet(
    store: Store, source_id: int, quote: str, *, note: str = "", tags: tuple[str, ...] = ()
) -> int:
    with store.transaction() as session:
        source = session.get(Source, source_id)
        assert source is not None
        start = source.text.index(quote)
        row = Snippet(
            source_id=source_id, start=start, end=start + len(quote), text=quote, note=note
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        for tag in tags:
            session.add(SnippetTag(snippet_id=row.id, tag=tag))
        return row.id


def quote_in_answer(store: Store, snippet_id: int) -> None:
    with store.transaction() as session:
        response = Response(consultation_title="Biometrics framework")
        session.add(response)
        session.flush()
        question = Question(response_id=response.id, position=1, label="1", text="Do you agree?")
        session.add(question)
        session.flush()
        session.add(
            AnswerBlock(
                question_id=question.id, position=1, kind="quotation", snippet_id=snippet_id
            )
        )


def source_ids(results: SearchResults) -> set[int]:
    return {hit.id for hit in results.sources}


def snippet_ids(results: SearchResults) -> set[int]:
    return {hit.id for hit in results.snippets}


def index_rows(store: Store) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    with store.engine.connect() as connection:
        sources = set(
            connection.exec_driver_sql(
                "SELECT rowid, title, publisher, authors, standfirst, text FROM source_fts"
            )
        )
        snippets = {
            (i, t, n, frozenset(filter(None, tags.split(", "))))
            for i, t, n, tags in connection.exec_driver_sql(
                "SELECT rowid, text, note, tags FROM snippet_fts"
            )
        }
    return sources, snippets


def expected_rows(store: Store) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    """What the index should hold, computed in Python from the tables."""
    with store.reading() as session:
        sources = {
            (
                s.id,
                s.title,
                s.publisher,
                # Each name as it reads: 'Given Family' or the organisation's name.
                ", ".join(n.display for n in from_json(s.authors) or ()) if s.authors else None,
                s.standfirst,
                s.text,
            )
            for s in session.exec(select(Source)).all()
        }
        tags: dict[int, set[str]] = {}
        for tag in session.exec(select(SnippetTag)).all():
            tags.setdefault(tag.snippet_id, set()).add(tag.tag)
        snippets = {
            (s.id, s.text, s.note, frozenset(tags.get(s.id or 0, ())))
            for s in session.exec(select(Snippet)).all()
        }
    return sources, snippets


def assert_index_follows_tables(store: Store) -> None:
    if store.dialect == "postgresql":  # the server's index: a row for every record, none for one gone
        from drafter.core.store import pg_fts

        with store.engine.connect() as connection:
            for index, records in ((pg_fts.SOURCE_INDEX, "source"), (pg_fts.SNIPPET_INDEX, "snippet")):
                indexed = set(connection.exec_driver_sql(f"SELECT id FROM {index}").scalars())
                assert indexed == set(connection.exec_driver_sql(f"SELECT id FROM {records}").scalars())
        return
    assert index_rows(store) == expected_rows(store)
    with store.engine.begin() as connection:  # FTS5's own check of its index against its rows
        for table in (fts.SOURCE_INDEX, fts.SNIPPET_INDEX):
            connection.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES('integrity-check')")


@pytest.fixture
def store(engine_store: Store) -> Store:
    """The tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py); those about
    SQLite's FTS5 index and its interrupts themselves are marked sqlite_file."""
    return engine_store


@pytest.fixture
def empty(library_engine: str, data_dir: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A store without the stored articles, so every row is the test's own."""
    if library_engine == "postgresql":  # a server library comes with them: taken out again
        opened: Store = request.getfixturevalue("engine_store")
        with opened.transaction() as session:
            session.connection().exec_driver_sql("DELETE FROM source")
        yield opened
        return
    opened = Store.open(data_dir, seed=False)
    try:
        yield opened
    finally:
        opened.close()


LIBRARY = {
    "lfr": (
        "Live facial recognition vans to expand",
        (
            "The Met will more than double live facial recognition deployments, recognising "
            "faces in crowds. Officers said the co-operation of councils mattered."
        ),
    ),
    "budget": (
        "Budget shortfall",
        (
            "Police face a £260m shortfall; the café owner’s “concerns” were noted. "
            "Facial hair recognition is a different matter entirely."
        ),
    ),
    "oversight": (
        "Calls for oversight",
        (
            "Liberty called for independent oversight and regulation: ‘Regulation is overdue’, "
            "said a naïve résumé. AND NEAR OR NOT are ordinary words here."
        ),
    ),
}


@pytest.fixture
def library(empty: Store) -> dict[str, int]:
    return {key: add_source(empty, text, title) for key, (title, text) in LIBRARY.items()}


# --- reading what the user typed ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("", ()),
        ("   \t\n ", ()),
        ("facial recog", (Term("facial", True), Term("recog", True))),
        ('"facial recognition"', (Term("facial recognition", False, phrase=True),)),
        ("“curly quoted”", (Term("curly quoted", False, phrase=True),)),
        ('"live facial rec', (Term("live facial rec", True, phrase=True),)),  # still typing
        (
            'met "  double   use " lfr',
            (Term("met", True), Term("double use", False, phrase=True), Term("lfr", True)),
        ),
        ("Met met MET", (Term("Met", True),)),
        ("- * ( ) : ^ \" ''", ()),  # punctuation only: nothing to look for
        ("AND NEAR", (Term("AND", True), Term("NEAR", True))),
        ("a\x00b \ud800c", (Term("a", False), Term("b", False), Term("c", False))),
    ],
)
def test_the_query_is_read_as_words_and_phrases(query: str, terms: tuple[Term, ...]) -> None:
    assert parse_query(query) == terms


# --- what search finds ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        # plain words: all must match, anywhere, in any order
        ("facial recognition", {"lfr", "budget"}),
        ("recognition facial", {"lfr", "budget"}),
        ("facial oversight", set()),
        # a phrase: those words together, in that order
        ('"facial recognition"', {"lfr"}),
        ('"recognition facial"', set()),
        ('"facial hair"', {"budget"}),
        ('"live facial rec', {"lfr"}),  # a phrase being typed
        # each word is also a prefix, as the user types
        ("facial recog", {"lfr", "budget"}),
        ("recog", {"lfr", "budget"}),  # recognition, recognising
        ("overs", {"oversight"}),
        # case and accents don't matter
        ("FACIAL", {"lfr", "budget"}),
        ("cafe", {"budget"}),
        ("CAFÉ", {"budget"}),
        ("naive resume", {"oversight"}),
        ("naïve résumé", {"oversight"}),
        # punctuation in the text and in the query
        ("£260m", {"budget"}),
        ("260m", {"budget"}),
        ("owner’s", {"budget"}),
        ("owner's", {"budget"}),
        ("co-operation", {"lfr"}),
        ('"regulation is overdue"', {"oversight"}),
        # FTS5 operators are ordinary words
        ("AND NEAR", {"oversight"}),
        ('"NOT"', {"oversight"}),
        ("not", {"oversight", "budget"}),  # NOT, and "noted" as the word is typed
        ("nothing-like-this", set()),
    ],
)
def test_search_finds(empty: Store, library: dict[str, int], query: str, found: set[str]) -> None:
    assert source_ids(search(empty, query)) == {library[key] for key in found}


@pytest.mark.parametrize(
    "word", ["recognition", "deployments", "shortfall", "regulation", "résumé", "£260m"]
)
def test_every_prefix_finds_the_word_while_typing(
    empty: Store, library: dict[str, int], word: str
) -> None:
    """No flicker: from the third letter on, each keystroke still finds the word.

    (This is why the index does not stem: with porter, "deploy" misses "deployments".)
    One and two letters are matched as whole words (see MIN_PREFIX); letters are
    what the index sees as a word, so "£26" has two and "£260" three.
    """
    typed = [
        word[:n]
        for n in range(1, len(word) + 1)
        if sum(ch.isalnum() for ch in word[:n]) >= MIN_PREFIX and parse_query(word[:n])
    ]
    containing = {
        k for k, (title, text) in LIBRARY.items() if word.casefold() in (title + text).casefold()
    }
    for prefix in typed:
        assert {library[k] for k in containing} <= source_ids(search(empty, prefix)), prefix


def test_empty_query_finds_nothing(store: Store) -> None:
    for query in ("", "  ", "\n\t", '""', "-"):
        results = search(store, query)
        assert not results and len(results) == 0 and results.hits == ()


def test_title_match_ranks_above_body_match(empty: Store) -> None:
    for i in range(6):  # unrelated sources, so the word is rare enough to count (bm25 idf)
        add_source(empty, f"Council budgets and parking, item {i}.", f"Parking {i}")
    in_body = add_source(
        empty,
        "A long report on policing. " * 20 + "It mentions biometrics once.",
        "Policing report",
    )
    in_title = add_source(empty, "A short note about public consultations.", "Biometrics framework")
    hits = search(empty, "biometrics").sources
    assert [h.id for h in hits] == [in_title, in_body]
    assert hits[0].rank < hits[1].rank  # bm25: lower is better


def test_hits_carry_titles_and_highlighted_excerpts(empty: Store, library: dict[str, int]) -> None:
    snippet = add_snippet(
        empty, library["budget"], "Police face a £260m shortfall", note="Met finances"
    )
    results = search(empty, "shortfall")
    (source,) = results.sources
    assert (source.kind, source.id, source.source_id) == (
        "source",
        library["budget"],
        library["budget"],
    )
    assert source.title == "Budget shortfall" and source.snippet_text is None
    assert ("shortfall", True) in source.excerpt
    assert LIBRARY["budget"][1].startswith(source.excerpt_text)  # from the body, not the title
    (hit,) = results.snippets
    assert (hit.kind, hit.id, hit.source_id, hit.title) == (
        "snippet",
        snippet,
        library["budget"],
        "Budget shortfall",
    )
    assert hit.snippet_text == "Police face a £260m shortfall"
    assert hit.excerpt == (("Police face a £260m ", False), ("shortfall", True))
    assert results.hits == (hit, source)  # the user's own snippets first


def test_stored_articles_are_searchable(store: Store) -> None:
    results = search(store, '"live facial recognition"')
    assert len(results.sources) >= 3
    assert all(any(is_match for _, is_match in hit.excerpt) for hit in results.sources)


# --- hostile and odd queries never fail -------------------------------------------------------

HOSTILE = [
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(a b, 2)",
    "a OR b",
    "a NOT b",
    "-",
    "--x",
    "-police",
    "*",
    "pol*",
    "*pol",
    "(",
    ")",
    "(police",
    "police)",
    ":",
    "title:police",
    "text : x",
    "{title text}: met",
    "^met",
    '"',
    '"""',
    '"a""b"',
    "'",
    "it's",
    "+",
    "a+b",
    "\\",
    "%",
    "_",
    ";",
    "'; DROP TABLE source; --",
    "\x00",
    "\ud800",
    "x\u200by",
    "🙂",
    "rank",
    "source_fts",
    "snippet(",
    "bm25(source_fts)",
    "\n",
    "…",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_just_text(store: Store, query: str) -> None:
    search(store, query)
    match_spans(store, 1, query)


_ODD = st.lists(
    st.sampled_from(list("\"“”*-+^:(){}[],.;'\\ \t\n\x00") + ["AND", "OR", "NOT", "NEAR", "x", "é"])
).map("".join)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.one_of(st.text(), _ODD, st.lists(_ODD | st.text(max_size=5)).map(" ".join)))
def test_any_query_never_raises(store: Store, query: str) -> None:
    results = search(store, query, limit=3)
    assert len(results.sources) <= 3
    spans = match_spans(store, 1, query)
    assert all(0 <= a < b for a, b in spans)


# --- the index follows every change -------------------------------------------------------


def test_index_follows_sources(empty: Store) -> None:
    sid = add_source(
        empty,
        "Live facial recognition vans.",
        "Vans",
        publisher="Evening Standard",
        authors=[{"family": "Berry", "given": "Siân"}],
        standfirst="A plan to expand",
    )
    assert source_ids(search(empty, "vans")) == {sid}
    assert source_ids(search(empty, "evening standard")) == {sid}
    assert source_ids(search(empty, "sian berry")) == {sid}
    assert source_ids(search(empty, "expand")) == {sid}
    with empty.transaction() as session:
        row = session.get(Source, sid)
        assert row is not None
        row.title, row.text = "Cameras", "Retrospective matching of images."
        session.add(row)
    assert source_ids(search(empty, "vans")) == set()
    assert source_ids(search(empty, "cameras retrospective")) == {sid}
    with empty.transaction() as session:
        row = session.get(Source, sid)
        assert row is not None
        row.accessed = "2026-01-05"  # not indexed: the trigger must not lose the row
        session.add(row)
    assert source_ids(search(empty, "cameras")) == {sid}
    assert_index_follows_tables(empty)
    with empty.transaction() as session:
        row = session.get(Source, sid)
        session.delete(row)
    assert source_ids(search(empty, "cameras")) == set()
    assert_index_follows_tables(empty)


def test_one_or_two_letters_match_whole_words_only(empty: Store) -> None:
    officers = add_source(empty, "The officers said so.", "Officers")
    assert source_ids(search(empty, "of")) == set()
    assert source_ids(search(empty, "off")) == {officers}
    assert parse_query("o") == (Term("o", False),)


def _words_beginning(stem: str, count: int) -> list[str]:
    """``count`` different made-up words that all begin with ``stem``."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [stem + letters[i // 26] + letters[i % 26] for i in range(count)]


@pytest.mark.sqlite_file  # the FTS5 MATCH asked (fts.query_sources); the server expands prefixes itself
def test_a_long_prefix_within_the_cap_finds_exactly_what_it_begins(empty: Store, monkeypatch) -> None:
    from drafter.core import search as search_module

    words = _words_beginning("counte", search_module.EXPANSION_CAP)
    ids = {add_source(empty, f"Notes on {word} and more.", f"Note {i}") for i, word in enumerate(words)}
    country = add_source(empty, "The country said nothing of the kind.", "Country")
    asked: list[str] = []
    real = fts.query_sources
    monkeypatch.setattr(fts, "query_sources", lambda c, match, **k: asked.append(match) or real(c, match, **k))
    found = search(empty, "Counte", limit=200)
    assert source_ids(found) == ids and country not in source_ids(found)
    assert asked == ['"Counte" *']  # asked as typed: the same sources, in the same order, as always
    assert source_ids(search(empty, "countez", limit=200)) == set()


@pytest.mark.sqlite_file  # the FTS5 MATCH asked (fts.query_sources)
def test_a_long_prefix_beyond_the_cap_is_asked_as_its_first_five_letters(empty: Store, monkeypatch) -> None:
    from drafter.core import search as search_module

    monkeypatch.setattr(search_module, "EXPANSION_CAP", 3)
    words = _words_beginning("counte", 4)
    ids = {add_source(empty, f"Notes on {word} and more.", f"Note {i}") for i, word in enumerate(words)}
    country = add_source(empty, "The country said nothing of the kind.", "Country")
    other = add_source(empty, "Nothing about it at all.", "Other")
    asked: list[str] = []
    real = fts.query_sources
    monkeypatch.setattr(fts, "query_sources", lambda c, match, **k: asked.append(match) or real(c, match, **k))
    # Every source the prefix begins a word of, and those sharing only its five letters: never fewer.
    assert source_ids(search(empty, "counte")) == ids | {country}
    assert asked == ['"count" *'] and other not in ids
    # One more letter brings it under the cap: exact again.
    assert source_ids(search(empty, "counteaa")) == {min(ids)}
    # Words in quotes, and words with letters beyond a–z, are asked as typed.
    assert source_ids(search(empty, '"counte')) == ids
    assert asked[-1] == '"counte" *'


def test_unknown_authors_are_not_the_word_null(empty: Store) -> None:
    unknown = add_source(empty, "Some text.", "Unknown author", authors=None)
    nobody = add_source(empty, "Other text.", "No authors", authors=[])
    named = add_source(
        empty, "More text.", "Named", authors=[{"family": "Null-Smith", "given": "Zoë"}, {"literal": "Home Office"}]
    )
    assert source_ids(search(empty, "null")) == {named}
    assert source_ids(search(empty, "nul")) == {named}
    assert source_ids(search(empty, "zoe")) == {named}
    assert source_ids(search(empty, "Zoë home office")) == {named}
    # Names are indexed as they read, not as the JSON that holds them.
    assert source_ids(search(empty, "family")) == source_ids(search(empty, "literal")) == set()
    assert {unknown, nobody} <= source_ids(search(empty, "text"))
    assert_index_follows_tables(empty)


def test_index_follows_snippets_and_tags(empty: Store) -> None:
    sid = add_source(empty, "The force will double its use of live facial recognition.", "LFR")
    snip = add_snippet(
        empty, sid, "double its use", note="scale of rollout", tags=("proportionality",)
    )
    assert snippet_ids(search(empty, "double")) == {snip}
    assert snippet_ids(search(empty, "rollout")) == {snip}
    assert snippet_ids(search(empty, "proportion")) == {snip}
    with empty.transaction() as session:  # edit the note and the tags
        row = session.get(Snippet, snip)
        assert row is not None
        row.note = "cost of policing"
        session.add(row)
        for tag in session.exec(select(SnippetTag)).all():
            session.delete(tag)
        session.add(SnippetTag(snippet_id=snip, tag="legal basis"))
        session.add(SnippetTag(snippet_id=snip, tag="Q3"))
    assert snippet_ids(search(empty, "rollout")) == set()
    assert snippet_ids(search(empty, "proportion")) == set()
    assert snippet_ids(search(empty, '"legal basis"')) == {snip}
    assert snippet_ids(search(empty, "q3 policing double")) == {snip}  # tags, note and text at once
    assert_index_follows_tables(empty)
    with empty.transaction() as session:  # a tag moved to another snippet
        other = Snippet(source_id=sid, start=0, end=9, text="The force")
        session.add(other)
        session.flush()
        tag = session.exec(select(SnippetTag).where(SnippetTag.tag == "Q3")).one()
        tag.snippet_id = other.id
        session.add(tag)
    assert snippet_ids(search(empty, "q3")) == {other.id}
    assert_index_follows_tables(empty)
    with (
        empty.transaction() as session
    ):  # deleting a snippet takes its tags (cascade) and its entry
        session.delete(session.get(Snippet, snip))
    assert snippet_ids(search(empty, "double")) == set()
    assert snippet_ids(search(empty, "legal")) == set()
    assert_index_follows_tables(empty)


def test_a_failed_transaction_leaves_the_index_as_it_was(empty: Store) -> None:
    with pytest.raises(RuntimeError), empty.transaction() as session:
        session.add(Source(title="Half done", text="Never committed.", content_hash="x"))
        session.flush()
        raise RuntimeError("power cut")
    assert not search(empty, "committed")
    assert_index_follows_tables(empty)


# --- filters ----------------------------------------------------------------------------------


def test_filters(empty: Store) -> None:
    a = add_source(empty, "Facial recognition in Croydon. Facial recognition in Camden.", "A")
    b = add_source(empty, "Facial recognition at Notting Hill Carnival.", "B")
    croydon = add_snippet(empty, a, "Facial recognition in Croydon", tags=("local", "Q1"))
    camden = add_snippet(empty, a, "Facial recognition in Camden", tags=("local",))
    carnival = add_snippet(
        empty, b, "Facial recognition at Notting Hill Carnival", tags=("events",)
    )
    quote_in_answer(empty, camden)

    everything = search(empty, "facial")
    assert source_ids(everything) == {a, b}
    assert snippet_ids(everything) == {croydon, camden, carnival}
    only_a = search(empty, "facial", source_id=a)
    assert (source_ids(only_a), snippet_ids(only_a)) == ({a}, {croydon, camden})
    assert snippet_ids(search(empty, "facial", tag="local")) == {croydon, camden}
    assert snippet_ids(search(empty, "facial", tag="Q1")) == {croydon}
    assert snippet_ids(search(empty, "facial", tag="q1")) == set()  # a tag is matched exactly
    assert snippet_ids(search(empty, "facial", used=True)) == {camden}
    assert snippet_ids(search(empty, "facial", used=False)) == {croydon, carnival}
    combined = search(empty, "facial", source_id=a, tag="local", used=False)
    assert (source_ids(combined), snippet_ids(combined)) == ({a}, {croydon})
    # tag and used are about snippets; sources are still listed
    assert source_ids(search(empty, "facial", tag="local")) == {a, b}


def test_limit_applies_to_each_kind_and_says_there_is_more(empty: Store) -> None:
    sources = [add_source(empty, f"Deployment number {i}.", f"Deployment {i}") for i in range(5)]
    for sid in sources:
        add_snippet(empty, sid, "Deployment")
    results = search(empty, "deployment", limit=3)
    assert len(results.sources) == len(results.snippets) == 3
    assert results.more_sources and results.more_snippets
    assert not search(empty, "deployment", limit=5).more_sources
    assert not search(empty, "deployment", limit=0)


# --- exact offsets for the reader ----------------------------------------------------------

TEXT = (
    "‘Café’ owners said “facial recognition” costs £260m — résumé 🙂 FACIAL recognition; "
    "naïve: cafe\u0301 e\u0301tude. The Met’s plan: facial\nrecognition."
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("café", ["Café", "cafe\u0301"]),
        ("CAFE", ["Café", "cafe\u0301"]),
        (
            '"facial recognition"',
            ["facial recognition", "FACIAL recognition", "facial\nrecognition"],
        ),
        ("£260m", ["260m"]),
        ("resume naive", ["résumé", "naïve"]),
        ("recog", ["recognition", "recognition", "recognition"]),
        ("met's", ["Met’s"]),
        ("etude", ["e\u0301tude"]),
        ("absent", []),
        (
            '"facial recognition" absent',
            ["facial recognition", "FACIAL recognition", "facial\nrecognition"],
        ),
    ],
)
def test_match_spans_are_exact_string_offsets(
    empty: Store, query: str, expected: list[str]
) -> None:
    sid = add_source(empty, TEXT, "Offsets")
    spans = match_spans(empty, sid, query)
    assert [TEXT[a:b] for a, b in spans] == expected
    assert spans == sorted(spans)


def test_match_spans_of_a_title_only_match_are_empty(empty: Store) -> None:
    sid = add_source(empty, "Body without the word.", "Biometrics")
    assert match_spans(empty, sid, "biometrics") == []
    assert source_ids(search(empty, "biometrics")) == {sid}


def test_match_spans_of_a_missing_source(empty: Store) -> None:
    with pytest.raises(NotFoundError):
        match_spans(empty, 999, "x")


def test_match_spans_even_where_the_text_holds_the_markers(empty: Store) -> None:
    text = "Private use \ue000 and \ue001 characters around police \ue000 police \ue001."
    sid = add_source(empty, text, "Markers")
    assert [text[a:b] for a, b in match_spans(empty, sid, "police")] == ["police", "police"]


_WORDS = [
    "café",
    "naïve",
    "police",
    "Police",
    "£260m",
    "recognition",
    "Met’s",
    "e\u0301tude",
    "x",
    "Zoë",
]
_GAPS = [" ", "  ", "’ ", " “", "” ", " — ", "\n", " 🙂 ", ", ", " £", "\u00a0", "\t"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(_GAPS), st.sampled_from(_WORDS)), min_size=1, max_size=30
    ),
    wanted=st.sampled_from(["police", "recognition", "zoe", "cafe", "x"]),
)
def test_match_spans_agree_with_the_text(
    empty: Store, parts: list[tuple[str, str]], wanted: str
) -> None:
    """Spans computed by hand while building a text equal those the index reports."""
    text, expected = "", []
    for gap, word in parts:
        text += gap
        fold = word.casefold().replace("é", "e").replace("ë", "e").replace("\u0301", "")
        if fold.startswith(wanted):
            expected.append((len(text), len(text) + len(word)))
        text += word
    sid = add_source(empty, text, "Generated")
    try:
        assert match_spans(empty, sid, wanted) == expected
    finally:
        with empty.transaction() as session:
            session.delete(session.get(Source, sid))


# --- the schema: migration, its filter, and surviving later migrations --------------------


def _sqlite_names(path: Path, kind: str) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}
    finally:
        con.close()


@pytest.mark.sqlite_file  # FTS5's tables and triggers in the file
def test_search_tables_are_recognised_and_model_tables_are_not(store: Store) -> None:
    from sqlmodel import SQLModel

    tables = _sqlite_names(store.database_path, "table")
    search_tables = {t for t in tables if fts.is_search_table(t)}
    assert {
        "source_fts",
        "source_fts_data",
        "source_fts_idx",
        "source_fts_config",
        "snippet_fts",
    } <= search_tables
    assert not any(fts.is_search_table(t) for t in SQLModel.metadata.tables)
    # sqlite_sequence is SQLite's own record of AUTOINCREMENT counters (migration 0003).
    assert tables - search_tables == set(SQLModel.metadata.tables) | {"alembic_version", "sqlite_sequence"}
    assert {t.name for t in fts.TRIGGERS} <= _sqlite_names(store.database_path, "trigger")


@pytest.mark.sqlite_file  # a library file made by revision 0001
def test_database_from_revision_0001_is_indexed_when_opened(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    shutil.copy(FIXTURES / "rev0001.sqlite", database_path(data_dir))
    store = Store.open(data_dir)
    try:
        results = search(store, "written revision 0001")
        (hit,) = results.sources
        assert hit.title == "A source written at revision 0001"
        assert source_ids(search(store, "ann example test gazette")) == {hit.id}
        text = "Exact text, kept character for character: ‘£260m’."
        assert [text[a:b] for a, b in match_spans(store, hit.id, "£260m character")] == [
            "character",
            "character",
            "260m",
        ]
        assert len(search(store, '"facial recognition"').sources) >= 3  # the seeded articles too
        assert store.migration_backup is not None
        assert_index_follows_tables(store)
    finally:
        store.close()


@pytest.mark.sqlite_file  # FTS5's tables and triggers, downgraded and rebuilt
def test_downgrade_removes_the_index_and_upgrade_rebuilds_it(store: Store, run_alembic) -> None:  # type: ignore[no-untyped-def]
    run_alembic(store, "downgrade", "0001")
    assert not any(fts.is_search_table(t) for t in _sqlite_names(store.database_path, "table"))
    assert not _sqlite_names(store.database_path, "trigger")
    # Written as revision 0001's table has it (today's model has columns added since).
    text = "Written while the index was away."
    with sqlite3.connect(store.database_path) as connection:
        connection.execute(
            "INSERT INTO source (type, title, format, content_hash, text, created_at, updated_at) "
            "VALUES ('article-newspaper', 'Interim', 'text', ?, ?, '', '')", (content_hash(text), text))
    connection.close()
    run_alembic(store, "upgrade", HEAD_REVISION)
    assert len(search(store, "interim").sources) == 1
    assert_index_follows_tables(store)


def _rebuilding_revision(tmp_path: Path) -> Path:
    """A future revision that rebuilds the indexed tables, as Alembic's batch mode does.

    (With foreign keys on, SQLite can only drop ``source`` while no snippet quotes
    it, so the library here has sources and no snippets yet.)
    """
    copy = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), copy)
    (copy / "versions" / "0099_test_rebuild.py").write_text(
        '"""Test-only revision: rebuild tables by copy, drop and rename."""\n'
        "from alembic import op\n"
        f"revision = '0099'\ndown_revision = '{HEAD_REVISION}'\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n"
        "    for table in ('snippet_tag', 'snippet', 'source'):\n"
        "        with op.batch_alter_table(table, recreate='always'):\n"
        "            pass\n"
        "    op.execute(\"UPDATE source SET title = 'Wombat' WHERE title = 'Quokka'\")\n"
        "def downgrade():\n"
        "    pass\n"
    )
    return copy


@pytest.mark.sqlite_file  # SQLite's batch migrations (copy, drop, rename)
def test_index_survives_a_later_migration_that_rebuilds_tables(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(data_dir)
    sid = add_source(store, "Text before the upgrade.", "Quokka")
    store.close()

    future = _rebuilding_revision(tmp_path)
    monkeypatch.setattr(migrate_module, "migrations_dir", lambda: future)
    monkeypatch.setattr(migrate_module, "HEAD_REVISION", "0099")
    store = Store.open(data_dir)
    try:
        assert {t.name for t in fts.TRIGGERS} <= _sqlite_names(store.database_path, "trigger")
        assert source_ids(search(store, "wombat")) == {sid}  # renamed while the triggers were gone
        assert source_ids(search(store, "quokka")) == set()
        assert (
            len(search(store, '"live facial recognition"').sources) >= 3
        )  # rows copied by the rebuild
        new = add_source(store, "Imported after the upgrade.", "After")
        assert source_ids(search(store, "imported")) == {new}
        snip = add_snippet(store, new, "after the upgrade", note="checked", tags=("kept",))
        assert snippet_ids(search(store, "kept checked after")) == {snip}
        with store.transaction() as session:
            session.add(SnippetTag(snippet_id=snip, tag="added later"))
        assert snippet_ids(search(store, "added later")) == {snip}
        assert_index_follows_tables(store)
    finally:
        store.close()


# --- stopping a search that a newer query made stale ------------------------------------


def _run_for_ever(connection) -> None:  # type: ignore[no-untyped-def]
    """A statement that never ends: only SQLite's interrupt or progress check can stop it."""
    connection.exec_driver_sql(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
    ).all()
    raise AssertionError("the endless query ended")


def _search_in_thread(store: Store, query: str, cancel) -> tuple[threading.Thread, list[object]]:  # type: ignore[no-untyped-def]
    """``search`` in a thread of its own; its result or SearchCancelled lands in the list.

    A daemon thread: a search that can't be stopped then fails its test instead of hanging the run.
    """
    from drafter.core.search import SearchCancelled

    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(search(store, query, cancel=cancel))
        except SearchCancelled as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    return worker, outcome


@pytest.mark.sqlite_file  # SQLite's interrupt of a running statement
@pytest.mark.parametrize("endless_half", ["query_sources", "query_snippets"])
def test_a_cancelled_search_stops_at_once_and_the_next_one_works(store: Store, monkeypatch, endless_half) -> None:
    import time

    from drafter.core.search import SearchCancel, SearchCancelled

    add_source(store, "A quokka patrol in Croydon.", title="Quokka patrol")
    started = threading.Event()
    real = getattr(fts, endless_half)

    def endless(connection, match, **kwargs):  # type: ignore[no-untyped-def]
        # A query that would never end: only SQLite's interrupt can stop it.
        started.set()
        _run_for_ever(connection)

    monkeypatch.setattr(fts, endless_half, endless)
    cancel = SearchCancel()
    worker, outcome = _search_in_thread(store, "quokka", cancel)
    assert started.wait(10)
    deadline = time.monotonic() + 10
    while worker.is_alive() and not outcome and time.monotonic() < deadline:
        cancel.cancel()  # again and again: the first may come a hair before the query runs
        time.sleep(0.01)
    worker.join(10)
    assert not worker.is_alive() and isinstance(outcome[0], SearchCancelled)
    monkeypatch.setattr(fts, endless_half, real)
    # The pool's connection was interrupted, not spoilt; a later interrupt of a spent token touches nothing.
    cancel.cancel()
    assert [h.title for h in search(store, "quokka").sources] == ["Quokka patrol"]
    assert len(search(store, "quokka", cancel=SearchCancel()).sources) == 1


def test_a_search_given_a_cancelled_token_finds_nothing_and_says_so(store: Store) -> None:
    from drafter.core.search import SearchCancel, SearchCancelled

    add_source(store, "A quokka patrol in Croydon.", title="Quokka patrol")
    cancel = SearchCancel()
    cancel.cancel()
    with pytest.raises(SearchCancelled, match="stopped"):
        search(store, "quokka", cancel=cancel)
    assert len(search(store, "quokka").sources) == 1


@pytest.mark.sqlite_file  # FTS5's two halves in two threads (a server asks one after the other)
def test_sources_and_snippets_are_searched_at_the_same_time(store: Store, monkeypatch) -> None:
    """Each half waits to see the other running: searched one after the other, neither would."""
    source_id = add_source(store, "A quokka patrol in Croydon.", title="Quokka patrol")
    add_snippet(store, source_id, "quokka patrol")
    running = {"sources": threading.Event(), "snippets": threading.Event()}
    threads: dict[str, str] = {}

    def meeting(half: str, other: str, real):  # type: ignore[no-untyped-def]
        def query(connection, match, **kwargs):  # type: ignore[no-untyped-def]
            threads[half] = threading.current_thread().name
            running[half].set()
            assert running[other].wait(5), f"the {other} were not searched while the {half} were"
            return real(connection, match, **kwargs)
        return query

    monkeypatch.setattr(fts, "query_sources", meeting("sources", "snippets", fts.query_sources))
    monkeypatch.setattr(fts, "query_snippets", meeting("snippets", "sources", fts.query_snippets))
    results = search(store, "quokka")
    assert [h.title for h in results.sources] == ["Quokka patrol"] and len(results.snippets) == 1
    assert threads["sources"] != threads["snippets"]


@pytest.mark.sqlite_file  # SQLite's progress handler
def test_a_cancel_between_two_statements_still_stops_the_next(store: Store, monkeypatch) -> None:
    """SQLite forgets an interrupt that comes while no statement runs; the progress check doesn't."""
    from drafter.core.search import SearchCancel, SearchCancelled

    add_source(store, "A quokka patrol in Croydon.", title="Quokka patrol")
    between, go_on = threading.Event(), threading.Event()

    def two_statements(connection, match, **kwargs):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("SELECT 1").all()
        between.set()
        assert go_on.wait(10)
        _run_for_ever(connection)

    monkeypatch.setattr(fts, "query_sources", two_statements)
    cancel = SearchCancel()
    worker, outcome = _search_in_thread(store, "quokka", cancel)
    assert between.wait(10)
    cancel.cancel()  # once, while no statement runs
    go_on.set()
    worker.join(10)
    assert not worker.is_alive() and isinstance(outcome[0], SearchCancelled)
