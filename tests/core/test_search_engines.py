"""Search on PostgreSQL finds what search on SQLite finds: one table of queries, both engines.

The same library (the stored articles and generated sources, snippets and tags, with
the same ids) is written to a SQLite store and to a store on the test PostgreSQL
server (tests/pg_server.py). Every query of tests/core/search_queries.toml must give
the same sources and snippets on each (ranking may differ: bm25 against ts_rank_cd),
hostile ones must never raise, and the reader's highlights must be the same.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session, select

from drafter.core import search as search_module
from drafter.core.models import AnswerBlock, Question, Response, Snippet, SnippetTag, Source
from drafter.core.search import SearchResults, match_spans, parse_query, search
from drafter.core.seed import content_hash
from drafter.core.store import Store, pg_fts, unicode61

QUERIES = tomllib.loads((Path(__file__).parent / "search_queries.toml").read_text("utf-8"))["query"]
#: Long input, which a table can't hold well.
LONG = ["police " * 2000, "a" * 5000, "x" * 3000 + " police", '"' + "facial recognition " * 500, "é" * 2500]
#: Enough to list every hit of the test library.
ALL = 100_000


@contextmanager
def writing(store: Store) -> Iterator[Session]:
    with store.transaction() as session:
        yield session


# --- the library: the same rows, with the same ids, on both engines ------------------------------

COMMON = ["the", "of", "a", "and", "to", "in", "police", "facial", "recognition", "camera", "cameras",
          "camden", "croydon", "council", "count", "country", "counter", "countermeasure", "transparency",
          "transport", "undertake", "under", "oversight", "privacy", "budget"]
ODD = ["café", "naïve", "résumé", "Zoë", "Łukasz", "Siân", "co-operation", "£260m", "owner’s", "x9e2q", "5e3x",
       "ab12cd", "AND", "NEAR", "OR", "NOT", "noted", "“quoted”", "data‑sharing", "ﬁnance"]
#: 70 words that begin "counte": more than the long-prefix cap (64), so "counte" is asked as "count".
COUNTE = ["counte" + a + b for a in "abcdefghij" for b in "abcdefg"]
TAGS = ["privacy", "legal basis", "Q3", "use for Q3", "oversight"]


def _text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        roll = rng.random()
        out.append(rng.choice(ODD) if roll < 0.05 else rng.choice(COUNTE) if roll < 0.08 else rng.choice(COMMON))
    out[0] = out[0].capitalize()
    return " ".join(out) + "."


@dataclass
class Library:
    lite: Store
    pg: Store
    snippet_ids: list[int]


def _fill(store: Store, seed: int = 20) -> list[int]:
    from drafter.core.seed import seed_stored_articles

    rng = random.Random(seed)
    snippets = []
    with writing(store) as session:
        seed_stored_articles(session)
    with writing(store) as session:
        for n in range(120):
            text = _text(rng, rng.randint(5, 120))
            if n % 10 == 0:
                text += " Live facial recognition vans; the co-operation of councils. A £260m budget shortfall."
            authors = [None, [], [{"family": "Berry", "given": "Siân"}], [{"literal": "Home Office"}],
                       [{"family": "Adams", "given": "Zoë"}, {"family": "Null-Smith", "given": "Ann"}]][n % 5]
            source = Source(id=1000 + n, title=_text(rng, rng.randint(2, 8)), text=text,
                            content_hash=content_hash(text), authors=authors,
                            publisher=["Evening Standard", None, "The Guardian"][n % 3],
                            standfirst=_text(rng, 6) if n % 4 == 0 else None)
            session.add(source)
            session.flush()
            if n % 3 == 0:
                quote = text[: text.index(" ", 20)] if len(text) > 40 else text
                snippet = Snippet(id=5000 + n, source_id=source.id, start=0, end=len(quote), text=quote,
                                  note=["", "use for Q3", "strong quote", "Siân’s point"][n % 4])
                session.add(snippet)
                session.flush()
                snippets.append(5000 + n)
                for tag in rng.sample(TAGS, (n // 3) % 4):
                    session.add(SnippetTag(snippet_id=snippet.id, tag=tag))
        response = Response(id=1, consultation_title="Biometrics")
        session.add(response)
        session.flush()
        question = Question(id=1, response_id=1, position=1, label="1", text="Agree?")
        session.add(question)
        session.flush()
        for k, snippet_id in enumerate(snippets[::4]):
            session.add(AnswerBlock(question_id=1, position=k, kind="quotation", snippet_id=snippet_id))
    return snippets


@pytest.fixture(scope="module")
def library(pg_server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("engines")
    lite = Store.open(folder / "lite", seed=False)
    name = pg_server.new_database("search")
    pg = Store.open_url(pg_server.url(name), folder / "pg", seed=False)
    try:
        ids = _fill(lite)
        assert _fill(pg) == ids
        yield Library(lite, pg, ids)
    finally:
        lite.close()
        pg.close()
        pg_server.drop_database(name)


def hits(results: SearchResults) -> tuple[set[int], set[int]]:
    return {h.id for h in results.sources}, {h.id for h in results.snippets}


# --- the shared table ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", QUERIES, ids=[q["text"][:30] for q in QUERIES])
def test_both_engines_find_the_same(library: Library, entry: dict[str, object]) -> None:
    query = str(entry["text"])
    on_sqlite, on_pg = search(library.lite, query, limit=ALL), search(library.pg, query, limit=ALL)
    assert hits(on_pg) == hits(on_sqlite)
    assert on_pg.terms == on_sqlite.terms
    if entry.get("finds"):
        assert on_sqlite.sources or on_sqlite.snippets, "the table says this query finds something"
    # The first page: as many of each kind, and the same "more" flags.
    page_lite, page_pg = search(library.lite, query), search(library.pg, query)
    assert (len(page_pg.sources), len(page_pg.snippets)) == (len(page_lite.sources), len(page_lite.snippets))
    assert (page_pg.more_sources, page_pg.more_snippets) == (page_lite.more_sources, page_lite.more_snippets)


@pytest.mark.parametrize("entry", QUERIES, ids=[q["text"][:30] for q in QUERIES])
def test_both_engines_find_the_same_when_every_query_is_broad(
    library: Library, entry: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table again with a threshold of 3 matches: the broad-query rule finds what ranking all finds."""
    query = str(entry["text"])
    ranked_all = hits(search(library.lite, query, limit=ALL))
    monkeypatch.setattr(pg_fts, "RANK_POOL", 3)
    monkeypatch.setattr(search_module, "BROAD_MATCHES", 3)
    on_sqlite, on_pg = search(library.lite, query, limit=ALL), search(library.pg, query, limit=ALL)
    assert hits(on_sqlite) == ranked_all
    assert hits(on_pg) == ranked_all
    assert len(on_sqlite.sources) == len(ranked_all[0]) and len(on_pg.sources) == len(ranked_all[0])  # each once
    page_lite, page_pg = search(library.lite, query, limit=5), search(library.pg, query, limit=5)
    assert (len(page_pg.sources), len(page_pg.snippets)) == (len(page_lite.sources), len(page_lite.snippets))
    assert (page_pg.more_sources, page_pg.more_snippets) == (page_lite.more_sources, page_lite.more_snippets)


def test_the_table_is_big_and_varied_enough() -> None:
    texts = [str(q["text"]) for q in QUERIES]
    assert len(texts) >= 40 and len(set(texts)) == len(texts)
    assert sum(1 for q in QUERIES if q.get("hostile")) >= 20
    assert sum(1 for q in QUERIES if q.get("finds")) >= 30
    assert any('"' in t for t in texts) and any(not t.isascii() for t in texts)


@pytest.mark.parametrize("query", [*LONG, *(str(q["text"]) for q in QUERIES if q.get("hostile"))])
def test_hostile_and_long_queries_never_raise(library: Library, query: str) -> None:
    for store in (library.lite, library.pg):
        search(store, query, limit=3)
        match_spans(store, 1000, query)
    assert hits(search(library.pg, query, limit=ALL)) == hits(search(library.lite, query, limit=ALL))


@pytest.mark.parametrize("query", ["facial", "police recog", '"live facial recognition"', "cafe", "counte"])
def test_filters_agree(library: Library, query: str) -> None:
    for filters in ({"tag": "privacy"}, {"tag": "Q3"}, {"used": True}, {"used": False}, {"source_id": 1000},
                    {"source_id": 1030, "used": False}):
        assert hits(search(library.pg, query, limit=ALL, **filters)) == hits(
            search(library.lite, query, limit=ALL, **filters)), filters  # type: ignore[arg-type]


def test_highlights_agree(library: Library) -> None:
    """The reader's marks: Python's spans on PostgreSQL, FTS5's highlight() on SQLite."""
    compared = 0
    for entry in QUERIES:
        for source_id in (1, 2, 1000, 1010, 1033, 1050):
            on_pg = match_spans(library.pg, source_id, str(entry["text"]))
            assert on_pg == match_spans(library.lite, source_id, str(entry["text"])), (entry["text"], source_id)
            compared += bool(on_pg)
    assert compared > 50


def test_excerpts_mark_the_match(library: Library) -> None:
    for query in ("shortfall", '"live facial recognition"', "cafe", "counter"):
        for hit in search(library.pg, query).hits:
            if any(is_match for _, is_match in hit.excerpt):
                marked = "".join(t for t, m in hit.excerpt if m)
                assert pg_fts.words(marked)
        assert any(any(m for _, m in h.excerpt) for h in search(library.pg, query).hits)


def test_title_matches_rank_first_on_postgresql(library: Library) -> None:
    results = search(library.pg, "vans")
    assert results.sources
    ranks = [h.rank for h in results.sources]
    assert ranks == sorted(ranks)  # lower is better, as with bm25


# --- a broad query ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["the", "police", "count", "undertake the"])
def test_a_broad_query_is_ordered_by_the_same_rule_on_both_engines(
    library: Library, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """Past the threshold: head matches ranked first, then every other match newest first, alike."""
    monkeypatch.setattr(pg_fts, "RANK_POOL", 10)
    monkeypatch.setattr(search_module, "BROAD_MATCHES", 10)
    tiers, listed = [], []
    for store in (library.lite, library.pg):
        results = search(store, query, limit=ALL)
        assert len(results.sources) > 10 and not results.more_sources, query
        unranked = [i for i, h in enumerate(results.sources) if h.rank == 0]
        assert unranked and unranked == list(range(unranked[0], len(results.sources)))  # the tail, after the head
        head, rest = results.sources[: unranked[0]], results.sources[unranked[0]:]
        assert [h.rank for h in head] == sorted(h.rank for h in head) and all(h.rank < 0 for h in head)
        assert [h.id for h in rest] == sorted((h.id for h in rest), reverse=True)
        tiers.append(({h.id for h in head}, [h.id for h in rest]))
        listed.append([h.id for h in results.sources])
    assert tiers[0] == tiers[1]  # the same head matches; the same others, in the same order
    for store, full in zip((library.lite, library.pg), listed, strict=True):  # a short page, and more
        page = search(store, query, limit=3)
        assert page.more_sources
        if len(tiers[0][0]) >= 3:
            assert {h.id for h in page.sources} <= tiers[0][0]
        else:
            assert [h.id for h in page.sources] == full[:3]


# --- the long-prefix rule -----------------------------------------------------------------------


def test_a_long_prefix_beyond_the_cap_is_shortened_alike(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.core.store import fts

    with library.pg.engine.connect() as connection:
        beginning = pg_fts.words_beginning(connection, "counte", 200)
    with library.lite.engine.connect() as connection:
        assert beginning == fts.words_beginning(connection, "counte", 200)  # the same vocabulary
    assert len(beginning) > search_module.EXPANSION_CAP
    counte, count = hits(search(library.pg, "counte", limit=ALL))[0], hits(search(library.pg, "count", limit=ALL))[0]
    assert counte == count  # asked as its first five letters, as on SQLite
    monkeypatch.setattr(search_module, "EXPANSION_CAP", 100)  # now under the cap: asked as typed
    exact = hits(search(library.pg, "counte", limit=ALL))[0]
    assert exact < count and exact == hits(search(library.lite, "counte", limit=ALL))[0]


# --- the index follows every change ----------------------------------------------------------


def _same_everywhere(library: Library, *queries: str) -> None:
    for query in queries:
        assert hits(search(library.pg, query, limit=ALL)) == hits(search(library.lite, query, limit=ALL)), query


def test_the_index_follows_changes_alike(library: Library) -> None:
    for store in (library.lite, library.pg):
        with writing(store) as session:
            source = session.get(Source, 1001)
            assert source is not None
            source.title, source.authors = "Wombat patrol", [{"family": "Quokka", "given": "Zoë"}]
            source.text = source.text + " Retrospective wombats."
            session.add(source)
            for tag in session.exec(select(SnippetTag).where(SnippetTag.snippet_id == 5003)).all():
                session.delete(tag)
            session.add(SnippetTag(snippet_id=5003, tag="marsupials"))
            session.add(SnippetTag(snippet_id=5006, tag="marsupials"))
            snippet = session.get(Snippet, 5009)
            assert snippet is not None
            snippet.note = "numbat note"
            session.add(snippet)
            session.delete(session.get(Snippet, 5015))
            session.delete(session.get(Source, 1013))
    _same_everywhere(library, "wombat", "wombats patrol", "quokka", "zoe", "marsupials", "numbat", "legal basis",
                     "privacy", "counte", "cafe")
    assert hits(search(library.pg, "marsupials"))[1] == {5003, 5006}
    assert not hits(search(library.pg, "numbat"))[0] and hits(search(library.pg, "numbat"))[1] == {5009}
    with library.pg.engine.connect() as connection:
        assert "wombats" in pg_fts.words_beginning(connection, "wombat", 10)
    for store in (library.lite, library.pg):  # the word goes from the vocabulary with its last source
        with writing(store) as session:
            session.delete(session.get(Source, 1001))
    with library.pg.engine.connect() as connection:
        assert pg_fts.words_beginning(connection, "wombat", 10) == []
    _same_everywhere(library, "wombat", "zoe", "counte")


# --- words, split and folded alike in Python, on the server, and by SQLite --------------------------


def test_the_server_splits_and_folds_words_as_python_does(library: Library) -> None:
    """Every character the table changes, and a sample of those it keeps, in words."""
    changed = [c for a, b in unicode61.SEPARATORS for c in range(a, b + 1)]
    changed += [c for a, b in unicode61.DROPPED for c in range(a, b + 1)] + [c for c, _ in unicode61.FOLDED]
    kept = [c for c in range(0x20, 0x3000) if c not in set(changed)][::7]
    points = [c for c in changed + kept if c != 0]
    texts = ["x" + "".join(chr(c) for c in points[i:i + 300]) + "y" for i in range(0, len(points), 300)]
    texts += ["Café NAÏVE “quoted” £260m co-operation Łukasz E\u0301TUDE ǅemal ΣΟΦΙΑ ﬁnance 5e3x x9e2q"]
    with library.pg.engine.connect() as connection:
        from sqlalchemy import text

        for sample in texts:
            on_server = connection.execute(text("SELECT drafter_fts_words(:t)"), {"t": sample}).scalar_one()
            assert on_server.split() == pg_fts.words(sample), sample[:40]


def test_python_splits_and_folds_words_as_sqlite_does(library: Library) -> None:
    """Words as FTS5 writes them (its vocabulary), against ``pg_fts.words``, for odd text."""
    sample = "Café NAÏVE “quoted” £260m co-operation Łukasz E\u0301TUDE ǅemal ΣΟΦΙΑ ﬁnance 5e3x x9e2q µ ſ İstanbul"
    with library.lite.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE VIRTUAL TABLE temp.t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')")
        connection.exec_driver_sql("CREATE VIRTUAL TABLE temp.v USING fts5vocab(temp, t, instance)")
        connection.exec_driver_sql("INSERT INTO temp.t (x) VALUES (?)", (sample,))
        written = [r[0] for r in connection.exec_driver_sql("SELECT term FROM temp.v ORDER BY offset")]
        connection.exec_driver_sql("DROP TABLE temp.v")
        connection.exec_driver_sql("DROP TABLE temp.t")
    assert pg_fts.words(sample) == written
    assert [t.text for t in parse_query(sample)]  # and the query reads it as words


def test_tidying_the_index_is_the_servers_own_work(library: Library) -> None:
    from drafter.core.search import index_segments, tidy_index

    assert index_segments(library.pg) == {} and tidy_index(library.pg)
    assert hits(search(library.pg, "police", limit=ALL)) == hits(search(library.lite, "police", limit=ALL))


@pytest.mark.parametrize("before", [
    "", "Short start. ", "word " * 5, "word " * 23, "word " * 24, "word " * 25, "longerword " * 40,
    "a " * 600, "x" * 300 + " ", "y" * 3000 + " few words here ", "Café naïve " * 200, "mid-sentence, " * 90,
])
@pytest.mark.parametrize("after", ["", " and then more words follow" * 10])
def test_a_server_excerpt_looks_back_only_as_far_as_it_needs(
    before: str, after: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The excerpt looks back 256 characters first and further only when that holds too few
    # words; what it shows must be what looking back the whole 2,000 at once shows.
    from drafter.core.search import parse_query
    from drafter.core.store import pg_fts

    text = before + "the consultation closes" + after
    terms = parse_query("consultation")
    quick = pg_fts.excerpt(text, terms)
    monkeypatch.setattr(pg_fts, "_FIRST_LOOK_BACK", pg_fts._LOOK_BACK)
    assert quick == pg_fts.excerpt(text, terms)
    assert "consultation" in quick


# --- what the GIN index is asked (migration 0016) ------------------------------------------------


def test_the_servers_lookup_lists_what_python_says_it_does(library: Library) -> None:
    # Words, their 3-5 letter prefixes and pairs of neighbouring words, made by the server's
    # triggers, as ``pg_fts.lookup_entries`` (which bench/ uses to fill a library) makes them.
    from engine_sql import run_sql

    checked = 0
    for index, fields in (("source_fts", "drafter_fts_source_fields"), ("snippet_fts", "drafter_fts_snippet_fields")):
        for row_id, folded, lookup, partial in run_sql(
                library.pg, f"SELECT id, {fields}(id), tsvector_to_array(lookup), partial FROM {index}"):
            assert not partial
            assert sorted(lookup) == pg_fts.lookup_entries([f or "" for f in folded])[0], (index, row_id)
            checked += 1
    assert checked > 100
    # Source 1010 has "Live facial recognition vans".
    listed = {e for (e,) in run_sql(library.pg, "SELECT unnest(tsvector_to_array(lookup)) FROM source_fts"
                                                " WHERE id = 1010")}
    assert {"facial", "fac*", "faci*", "facia*", pg_fts.pair_lexeme("live", "facial")} <= listed
    assert "fa*" not in listed and "facial*" not in listed


@pytest.mark.parametrize("query", ["sub", "coun", "counte", "police vans", '"live faci', '"live facial"', "caf",
                                   "naï", "ab", "x9e"])
def test_a_query_asks_the_lookup_for_whole_entries_where_it_can(query: str) -> None:
    asked = pg_fts.lookup_query(parse_query(query))
    assert asked is not None
    if query in ("sub", "coun", "caf"):
        assert asked == f"'{query}*'"  # one list, not the lists of every word it begins
    if query == "naï":
        assert asked == "'nai*'"  # folded as the index folds it
    if query == "counte":
        assert asked == "'counte':*"  # a longer prefix begins few words
    if query == "police vans":
        assert asked == "'police':* & 'vans*'"  # every word typed outside quotes is a prefix
    if query == '"live faci':
        assert asked == "'live' & 'faci*'"  # the pair ends in a word still being typed
    if query == '"live facial"':
        assert asked == f"'live' & 'facial' & '{pg_fts.pair_lexeme('live', 'facial')}'"


@pytest.mark.parametrize("text", [
    "", "plain ascii words, and punctuation!", "Café naïve résumé Zoë Łukasz", "x" * 600 + " tail",
    "co-operation owner’s “quoted” data‑sharing ﬁnance £260m", "mixed\u0301 combining\u0300 marks ́alone",
    "emoji 🙂 between words", "tabs\tand\nnew lines", "日本語のテキスト and more",
])
def test_word_bounds_are_the_words_spans_without_the_words(text: str) -> None:
    full = [(a, b) for a, b, _ in pg_fts._spans(text)]
    assert list(pg_fts._bounds(text, 0, len(text))) == full
    for start in range(0, len(text), 7):  # any stretch: as the words of the stretch copied out
        end = min(len(text), start + 23)
        assert list(pg_fts._bounds(text, start, end)) == [
            (a + start, b + start) for a, b, _ in pg_fts._spans(text[start:end])]


@pytest.mark.parametrize("query", ["sub", "subra outmag", '"live facial" cafe', "naïve", "zoë", "s", "co-op", "ﬁnan"])
def test_the_first_match_of_an_excerpt_is_each_phrases_own_first(query: str) -> None:
    # ``_first_match`` asks all the phrases at once and passes over a place inside a word; it
    # must give what asking each phrase's own pattern (which looks behind) gives.
    texts = [
        "A substantial subra-test: outmagnity subrably. Substance, then sub.",
        "xsub ysubra Live  facial recognition café cafe. Naïve naive NAÏVE Zoë zoe",
        "co-operation coop ﬁnance finance Finance", "unrelated words only", "", "sub",
        "\u0301sub combining first", "émigré subra\u0301 subrá", "𝕤ub 🙂sub sub🙂 subs",
    ]
    wanted = pg_fts._wanted(parse_query(query))
    for text in texts:
        patterns = [pg_fts._phrase_pattern(tuple(phrase), prefix) for phrase, prefix in wanted]
        own = [m.start() for pattern in patterns if (m := pattern.search(text))]
        assert pg_fts._first_match(text, wanted) == (min(own) if own else None), (query, text)
