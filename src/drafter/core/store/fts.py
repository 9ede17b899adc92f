"""The full-text search index: its queries (ranking, excerpts, highlights) over SQLite FTS5.

Everything SQLite-specific about search lives here and in ``fts_schema`` (the
tables, the triggers that feed them, their maintenance; re-exported here, so
``fts`` is the one name to use); ``drafter.core.search`` parses what the user
typed and turns rows into records, and would keep doing so over a PostgreSQL
sibling of these modules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection

from drafter.core.store.fts_schema import (
    INDEXES,
    SNIPPET_INDEX,
    SNIPPET_WEIGHTS,
    SOURCE_INDEX,
    SOURCE_PREFIXES,
    SOURCE_WEIGHTS,
    TOKENIZE,
    TRIGGERS,
    Trigger,
    create_search_index,
    drop_search_index,
    include_name,
    is_search_table,
    merge_step,
    optimize,
    recreate_source_index,
    recreate_source_triggers,
    reindex,
    restore_after_migration,
    segment_count,
    source_table_sql,
)

__all__ = [
    "INDEXES",
    "SNIPPET_INDEX",
    "SNIPPET_WEIGHTS",
    "SOURCE_INDEX",
    "SOURCE_PREFIXES",
    "SOURCE_WEIGHTS",
    "TOKENIZE",
    "TRIGGERS",
    "MatchTerm",
    "SnippetRow",
    "SourceRow",
    "Trigger",
    "create_search_index",
    "drop_search_index",
    "excerpt_pieces",
    "highlight_source_text",
    "include_name",
    "is_search_table",
    "match_expression",
    "merge_step",
    "optimize",
    "prefix_indexed",
    "query_snippets",
    "query_sources",
    "query_sources_broad",
    "newest_sources",
    "recreate_source_index",
    "recreate_source_triggers",
    "reindex",
    "restore_after_migration",
    "head_expression",
    "segment_count",
    "source_table_sql",
    "spelled_expression",
    "source_text",
    "words_beginning",
]

#: The text column's position in source_fts, for highlight().
_SOURCE_TEXT_COLUMN = list(SOURCE_WEIGHTS).index("text")

#: Markers around matches in excerpts: private-use characters, which published
#: text doesn't use. (A text that did would get a wrong highlight in an excerpt,
#: never a wrong offset: ``match_spans`` picks markers its text lacks.)
OPEN, CLOSE = "\ue000", "\ue001"
ELLIPSIS = "…"
#: Tokens of context in an excerpt (FTS5 allows at most 64).
EXCERPT_TOKENS = 24


# --- queries ------------------------------------------------------------------------


class MatchTerm(Protocol):
    """One phrase of a query: its words, and whether the last may be unfinished."""

    @property
    def text(self) -> str: ...

    @property
    def prefix(self) -> bool: ...


def prefix_indexed(length: int) -> bool:
    """Whether a prefix of this many letters has a prefix index in ``source_fts``."""
    return length in SOURCE_PREFIXES


def match_expression(terms: Sequence[MatchTerm], *, any_term: bool = False) -> str:
    """An FTS5 MATCH expression in which every term is a quoted string.

    Inside double quotes FTS5 treats everything (AND, NEAR, -, *, :, parentheses)
    as text for the tokeniser, so no user input can become query syntax.
    """
    parts = ['"' + t.text.replace('"', '""') + '"' + (" *" if t.prefix else "") for t in terms]
    return (" OR " if any_term else " AND ").join(parts)


def spelled_expression(terms: Sequence[MatchTerm], words: Mapping[int, Sequence[str]]) -> str:
    """``match_expression(terms)`` with each term in ``words`` (by position) as those words joined by OR.

    For a prefix term and every word of the index it begins (``words_beginning``),
    the expression matches exactly the same rows, without merging the words'
    lists first. Each word is quoted, as in ``match_expression``.
    """
    parts = [
        "(" + " OR ".join('"' + w.replace('"', '""') + '"' for w in words[i]) + ")" if words.get(i)
        else match_expression([t])
        for i, t in enumerate(terms)
    ]
    return " AND ".join(parts)


#: The index's vocabulary (``fts5vocab``), one per connection in its temporary schema:
#: no table of the database's own, so no migration.
_SOURCE_VOCABULARY = "temp.drafter_source_vocabulary"


def words_beginning(connection: Connection, prefix: str, limit: int) -> list[str]:
    """Up to ``limit`` words of ``source_fts``'s vocabulary that begin with ``prefix``, in order.

    ``prefix`` must be as the tokeniser writes words (lower case, no accents).
    fts5vocab counts each word's rows as it lists it, so listing a few words is
    cheap (a millisecond) where listing thousands is not: ask for one more than
    you can use to learn whether there are more.
    """
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {_SOURCE_VOCABULARY} USING fts5vocab(main, {SOURCE_INDEX}, row)")
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    rows = connection.exec_driver_sql(
        f"SELECT term FROM {_SOURCE_VOCABULARY} WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
        (prefix, after, limit)).all()
    return [str(row[0]) for row in rows]


def _rank(weights: dict[str, float], table: str) -> str:
    return f"bm25({table}, " + ", ".join(repr(w) for w in weights.values()) + ")"


@dataclass(frozen=True)
class SourceRow:
    id: int
    title: str | None
    excerpt: str
    rank: float


@dataclass(frozen=True)
class SnippetRow:
    id: int
    source_id: int
    title: str | None
    text: str
    excerpt: str
    rank: float


# Two passes, because ranking and excerpts cost differently:
#
# 1. Rank: rowid and bm25 of every match, of which SQLite keeps only the best
#    ``limit`` as it goes (ORDER BY score LIMIT n). A common word matches nearly
#    every article, and this pass is then most of the time: ~1 µs a match.
#    (``ORDER BY rank``, FTS5's own sort, is 30–50 % slower here: it sorts every
#    match in full and copies each one's positions into the sorter first.)
# 2. Excerpts for the page only: snippet() reads and tokenises a whole text,
#    ~60 µs for 800 words, so it runs only for the rows shown. Given
#    ``rowid IN (...)``, FTS5 opens the query again for each rowid and seeks to
#    it: ~60 µs a row when every word is in the index as it stands (a whole word,
#    or a prefix with a prefix index), but a prefix without one ("recognition*")
#    merges the lists of all the words it begins every time, a millisecond or
#    more each. Then one pass over the matches between the first and last rowid
#    wanted is cheaper, the rowid test hidden from FTS5 (``+rowid``): 5 ms for
#    a word in all of 50,000 articles.
#
# Excerpts come from the body (a source's text, a snippet's text) even when the
# match is elsewhere: the title, note and tags are shown beside a hit anyway, and
# the body is what the user wants to read. Without a match in it, FTS5 gives its start.
# Ties in score are broken by rowid, so a page is the same every time.
_SOURCE_RANKED = f"""
SELECT rowid, {_rank(SOURCE_WEIGHTS, SOURCE_INDEX)} AS score
FROM {SOURCE_INDEX}
WHERE {SOURCE_INDEX} MATCH :match {{where}}
ORDER BY score, rowid LIMIT :limit
"""

_SOURCE_EXCERPTS = f"""
SELECT rowid, title, snippet({SOURCE_INDEX}, {_SOURCE_TEXT_COLUMN}, :open, :close, :ellipsis, :tokens)
FROM {SOURCE_INDEX}
WHERE {SOURCE_INDEX} MATCH :match AND {{rowids}}
"""
_BY_ROWID = "rowid IN (SELECT value FROM json_each(:ids))"
_ONE_PASS = "rowid BETWEEN :first AND :last AND +rowid IN (SELECT value FROM json_each(:ids))"

_SNIPPET_RANKED = f"""
SELECT {SNIPPET_INDEX}.rowid, {_rank(SNIPPET_WEIGHTS, SNIPPET_INDEX)} AS score
FROM {SNIPPET_INDEX} {{join}}
WHERE {SNIPPET_INDEX} MATCH :match {{where}}
ORDER BY score, {SNIPPET_INDEX}.rowid LIMIT :limit
"""

# A broad query's snippets: as ``_SOURCE_HEAD_RANKED`` and ``_SOURCE_NEWEST``.
_SNIPPET_HEAD_RANKED = f"""
SELECT rowid, score FROM (
    SELECT {SNIPPET_INDEX}.rowid AS rowid, {_rank(SNIPPET_WEIGHTS, SNIPPET_INDEX)} AS score
    FROM {SNIPPET_INDEX} {{join}}
    WHERE {SNIPPET_INDEX} MATCH :match {{where}}
    ORDER BY {SNIPPET_INDEX}.rowid DESC LIMIT :pool
)
ORDER BY score, rowid LIMIT :limit
"""

# With each one's score: for a query with no more matches than the threshold, this one
# statement has them all, to be sorted by score. The snippets' index has no prefix indexes,
# so each statement with a prefix merges the lists of every word it begins (3,000 words
# begin "over" in bench/'s library: 5-15 ms), and a second statement would do it again.
_SNIPPET_NEWEST = f"""
SELECT {SNIPPET_INDEX}.rowid, {_rank(SNIPPET_WEIGHTS, SNIPPET_INDEX)} AS score FROM {SNIPPET_INDEX} {{join}}
WHERE {SNIPPET_INDEX} MATCH :match {{where}}
ORDER BY {SNIPPET_INDEX}.rowid DESC LIMIT :limit
"""

_SNIPPET_EXCERPTS = f"""
SELECT s.id, s.source_id, src.title, s.text, snippet({SNIPPET_INDEX}, 0, :open, :close, :ellipsis, :tokens)
FROM {SNIPPET_INDEX}
JOIN snippet AS s ON s.id = {SNIPPET_INDEX}.rowid
JOIN source AS src ON src.id = s.source_id
WHERE {SNIPPET_INDEX} MATCH :match AND {SNIPPET_INDEX}.rowid BETWEEN :first AND :last
  AND +{SNIPPET_INDEX}.rowid IN (SELECT value FROM json_each(:ids))
"""

_EXCERPT_PARAMS = {"open": OPEN, "close": CLOSE, "ellipsis": ELLIPSIS, "tokens": EXCERPT_TOKENS}


def _ranked(
    connection: Connection, sql: str, params: dict[str, object], limit: int
) -> tuple[list[tuple[int, float]], bool]:
    """The best ``limit`` (rowid, score), best first, and whether more matched."""
    rows = connection.exec_driver_sql(sql, {**params, "limit": limit + 1}).all()
    return [(int(i), float(r)) for i, r in rows[:limit]], len(rows) > limit


def _excerpt_params(match: str, ranked: list[tuple[int, float]]) -> dict[str, object]:
    ids = [i for i, _ in ranked]
    return {
        **_EXCERPT_PARAMS,
        "match": match,
        "first": min(ids),
        "last": max(ids),
        "ids": json.dumps(ids),
    }


def query_sources(
    connection: Connection,
    match: str,
    *,
    limit: int,
    source_id: int | None = None,
    by_rowid: bool = False,
) -> tuple[list[SourceRow], bool]:
    """The best ``limit`` sources, best first, with excerpts; and whether more matched.

    ``by_rowid``: fetch each excerpt by its rowid, which is faster when every
    prefix in ``match`` has a prefix index (see ``prefix_indexed``). Either way
    the rows are the same. Every match is ranked: for a query matching many
    sources, see ``query_sources_broad``.
    """
    params: dict[str, object] = {"match": match}
    where = ""
    if source_id is not None:
        where, params["source_id"] = "AND rowid = :source_id", source_id
    ranked, more = _ranked(connection, _SOURCE_RANKED.format(where=where), params, limit)
    return _with_excerpts(connection, match, ranked, by_rowid), more


#: The columns of a source's head: what it is, who wrote it, who published it and its
#: summary; short beside its text. A broad query ranks only the sources it matches there.
SOURCE_HEAD = ("title", "publisher", "authors", "standfirst")
#: Rank of a hit that was not ranked: a broad query's match outside the head (bm25 is negative).
UNRANKED = 0.0


#: A snippet's head: the user's own note and tags about it.
SNIPPET_HEAD = ("note", "tags")


def head_expression(match: str, columns: Sequence[str] = SOURCE_HEAD) -> str:
    """``match`` asked of the head columns only (FTS5's column filter): every term in one of them."""
    return "{" + " ".join(columns) + "} : (" + match + ")"


# A broad query (``query_sources_broad``): ranked, the newest ``:pool`` head matches only, so
# bm25 runs for at most that many rows however many match (the subquery's LIMIT keeps SQLite
# from computing it for any other: FTS5 walks the matches newest first and stops there).
_SOURCE_HEAD_RANKED = f"""
SELECT rowid, score FROM (
    SELECT rowid, {_rank(SOURCE_WEIGHTS, SOURCE_INDEX)} AS score
    FROM {SOURCE_INDEX}
    WHERE {SOURCE_INDEX} MATCH :match
    ORDER BY rowid DESC LIMIT :pool
)
ORDER BY score, rowid LIMIT :limit
"""

_SOURCE_NEWEST = f"""
SELECT rowid FROM {SOURCE_INDEX} WHERE {SOURCE_INDEX} MATCH :match ORDER BY rowid DESC LIMIT :limit
"""


def newest_sources(connection: Connection, match: str, count: int) -> list[int]:
    """The ids of the newest ``count`` sources ``match`` matches, newest (highest id) first.

    FTS5 walks the matches in id order from the end and stops there: cheap
    however many match, so it also tells whether a query is broad.
    """
    rows = connection.exec_driver_sql(_SOURCE_NEWEST, {"match": match, "limit": count}).all()
    return [int(i) for (i,) in rows]


def query_sources_broad(
    connection: Connection, match: str, newest: Sequence[int], *, limit: int, pool: int, by_rowid: bool = False
) -> tuple[list[SourceRow], bool]:
    """A broad query's first ``limit`` sources, with excerpts; and whether more matched.

    For a query that matches more sources than ``pool``: ranking every match by
    bm25 costs about a microsecond each (50 ms for a word in all of 50,000
    sources), for an order nobody reads past the first screen. So, in order:

    1. the sources it matches in their head (``SOURCE_HEAD``), by bm25 of those
       matches (the columns weighted as always; the text's matches, which such
       a query has in nearly every source, left out); if more than ``pool``
       (or ``limit``) match there, only the newest that many are ranked;
    2. then every other source it matches, newest (highest id) first, with
       rank ``UNRANKED``.

    ``newest``: the ids of the newest matches (``newest_sources``), newest first,
    at least ``2 * limit + 1`` of them (or all). No match is left out: asked for
    as many as match, every one comes back; the ``more`` flag is exact.
    PostgreSQL orders a broad query by the same rule (``pg_fts``).
    """
    ranked, more = _broad(connection, _SOURCE_HEAD_RANKED, {"match": head_expression(match)}, newest,
                          limit=limit, pool=pool)
    return _with_excerpts(connection, match, ranked, by_rowid), more


def _broad(connection: Connection, head_sql: str, params: dict[str, object], newest: Sequence[int], *,
           limit: int, pool: int) -> tuple[list[tuple[int, float]], bool]:
    """A broad query's first ``limit`` (rowid, score): the head matches ranked, then the newest others."""
    ranked, more = _ranked(connection, head_sql, {**params, "pool": max(pool, limit + 1)}, limit)
    if not more:
        # Fewer head matches than the pool holds, so ``ranked`` is all of them (at most
        # ``limit``): the page goes on with the newest others, which ``newest`` holds enough
        # of to fill it and tell whether there are more.
        heads = {i for i, _ in ranked}
        others = [(i, UNRANKED) for i in newest if i not in heads]
        wanted = limit - len(ranked)
        ranked, more = ranked + others[:wanted], len(others) > wanted
    return ranked, more


def _with_excerpts(
    connection: Connection, match: str, ranked: list[tuple[int, float]], by_rowid: bool
) -> list[SourceRow]:
    """The ranked sources as rows with their titles and excerpts, in the same order."""
    if not ranked:
        return []
    found = {
        int(i): (t, e)
        for i, t, e in connection.exec_driver_sql(
            _SOURCE_EXCERPTS.format(rowids=_BY_ROWID if by_rowid else _ONE_PASS),
            _excerpt_params(match, ranked),
        )
    }
    # A source deleted between the two passes (by another process) is left out.
    return [SourceRow(i, found[i][0], found[i][1] or "", r) for i, r in ranked if i in found]


def query_snippets(
    connection: Connection,
    match: str,
    *,
    limit: int,
    source_id: int | None = None,
    tag: str | None = None,
    used: bool | None = None,
    broad: int | None = None,
) -> tuple[list[SnippetRow], bool]:
    """The best ``limit`` snippets, best first, with excerpts; and whether more matched.

    ``broad``: a query matching more snippets than this is ranked as a broad query
    of sources is (``query_sources_broad``): the snippets it matches in their note
    or tags by bm25 (the newest ``broad`` of them at most), then every other
    newest first, with rank ``UNRANKED``. Without it every match is ranked.
    """
    params: dict[str, object] = {"match": match}
    where = []
    if source_id is not None:
        where.append("AND s.source_id = :source_id")
        params["source_id"] = source_id
    if tag is not None:
        where.append(
            "AND EXISTS (SELECT 1 FROM snippet_tag AS t WHERE t.snippet_id = s.id AND t.tag = :tag)"
        )
        params["tag"] = tag
    if used is not None:
        # Used = quoted by an answer block of any response.
        quoted = "EXISTS (SELECT 1 FROM answer_block AS b WHERE b.snippet_id = s.id)"
        where.append(f"AND {quoted}" if used else f"AND NOT {quoted}")
    # The filters need the snippet row; without them, ranking needs only the index.
    join = f"JOIN snippet AS s ON s.id = {SNIPPET_INDEX}.rowid" if where else ""
    filters = {"join": join, "where": " ".join(where)}
    if broad is None:
        ranked, more = _ranked(connection, _SNIPPET_RANKED.format(**filters), params, limit)
    else:
        newest = [(int(i), float(r)) for i, r in connection.exec_driver_sql(
            _SNIPPET_NEWEST.format(**filters), {**params, "limit": max(broad + 1, 2 * limit + 1)})]
        if len(newest) > broad:
            ranked, more = _broad(connection, _SNIPPET_HEAD_RANKED.format(**filters),
                                  {**params, "match": head_expression(match, SNIPPET_HEAD)},
                                  [i for i, _ in newest], limit=limit, pool=broad)
        else:  # every match, scored: best first, ties by rowid, as ``_SNIPPET_RANKED`` orders them
            newest.sort(key=lambda row: (row[1], row[0]))
            ranked, more = newest[:limit], len(newest) > limit
    if not ranked:
        return [], more
    found = {
        int(i): (int(si), t, x, e)
        for i, si, t, x, e in connection.exec_driver_sql(
            _SNIPPET_EXCERPTS, _excerpt_params(match, ranked)
        )
    }
    rows = [SnippetRow(i, *found[i][:3], found[i][3] or "", r) for i, r in ranked if i in found]
    return rows, more


def highlight_source_text(
    connection: Connection, source_id: int, match: str, open_mark: str, close_mark: str
) -> str | None:
    """The source's indexed text with every match wrapped in the markers; None if nothing matches."""
    row = connection.exec_driver_sql(
        f"SELECT highlight({SOURCE_INDEX}, {_SOURCE_TEXT_COLUMN}, :open, :close) FROM {SOURCE_INDEX}"
        f" WHERE {SOURCE_INDEX} MATCH :match AND rowid = :id",
        {"open": open_mark, "close": close_mark, "match": match, "id": source_id},
    ).first()
    return None if row is None or row[0] is None else str(row[0])


def source_text(connection: Connection, source_id: int) -> str | None:
    row = connection.exec_driver_sql("SELECT text FROM source WHERE id = ?", (source_id,)).first()
    return None if row is None else str(row[0])


def excerpt_pieces(
    marked: str, open_mark: str = OPEN, close_mark: str = CLOSE
) -> tuple[tuple[str, bool], ...]:
    """Split text with match markers into (text, is_match) pieces; empty pieces dropped."""
    pieces: list[tuple[str, bool]] = []
    inside = False
    for chunk in re.split(f"([{re.escape(open_mark)}{re.escape(close_mark)}])", marked):
        if chunk == open_mark:
            inside = True
        elif chunk == close_mark:
            inside = False
        elif chunk:
            if pieces and pieces[-1][1] == inside:
                pieces[-1] = (pieces[-1][0] + chunk, inside)
            else:
                pieces.append((chunk, inside))
    return tuple(pieces)
