"""Full-text search on PostgreSQL: the same words, hits and highlights as SQLite's FTS5 index.

SQLite's index (``fts``, ``fts_schema``) splits text with FTS5's ``unicode61
remove_diacritics 2`` tokeniser. PostgreSQL's own parser splits differently
("co-operation" is also one word, "5e3x" two, "<b>" and "&amp;" vanish) and its
dictionaries fold case by the server's locale, so this module does not use them.
It splits and folds words exactly as unicode61 does, one code point at a time,
from the table in ``unicode61`` (asked of SQLite itself by
scripts/make_unicode61_table.py):

- on the server, ``drafter_fts_words(text)`` (migration 0014) folds ASCII by
  ``lower(... COLLATE "C")``, turns ASCII punctuation into spaces, and replaces
  every other code point the table lists (the table ``source_fts_fold``): the
  same words whatever the server's locale, with no extension (``unaccent`` is
  not needed, and would fold differently: "æ" as "ae", "ß" as "ss");
- each word becomes a lexeme of a ``tsvector`` given its position by hand
  (``'word':12A``), so phrases match exactly the words in a row, never across
  two columns (each column starts two positions after the last);
- in Python, ``words`` splits and folds a query with the same table, and
  ``spans`` / ``excerpt`` find the words in a text (for highlights) with regular
  expressions built from it; tests/core/test_search_engines.py checks all three
  agree, and with SQLite.

Tables, named like SQLite's so that schema comparison and copying between engines
leave them out (``fts.is_search_table``):

``source_fts`` (id, head, vector, lookup, partial), kept by a trigger on ``source``
    ``vector``: every word of the title (weight A), authors as names (B),
    publisher and standfirst (C) and text (D), with positions: for ranking and phrases.
    ``head``: the same without the text, for ranking (see ``_ranked``).
    ``lookup``: every word once, each word's first 3, 4 and 5 letters ('sub*'), and each
    two neighbouring words of a field, hashed ('~3fa9c'); GIN indexed. Every query is
    asked of it (``lookup_query``), without positions. ``partial``: the row's entries
    would not fit in a tsvector, so ``lookup`` is empty and ``vector`` is asked instead
    (a GIN index of such rows' vectors only: migration 0016).
``snippet_fts`` (id, head, vector, lookup, partial), kept by triggers on ``snippet`` and
    ``snippet_tag``: tags (A), note and text (D); ``head``: tags and note.
``source_fts_vocabulary`` (word)
    every word some source's ``vector`` has, as FTS5's ``fts5vocab`` lists them, for
    the long-prefix rule (``words_beginning``, ``expanded``). A word is added when a
    source first has it and never updated (a big import leaves no trail of row
    versions; colleagues writing at once never wait on each other's common words), and
    removed when the last source that had it loses it (a deleted source costs about
    0.2 ms a word it had: each is looked up in the GIN index).
``source_fts_fold`` (ch, folded)
    the code points beyond ASCII that unicode61 changes, and what it makes of them.

Triggers run with the rights of whoever writes the row: the team's group role
needs only the usual rights on these tables (docs/team-server.md's default
privileges give them).

Ranking is ``ts_rank_cd`` (cover density: how many times, and how close together,
the query's words stand, weighted by column), not bm25: it does not weigh a rare
word above a common one (no inverse document frequency), nor a match in a short
text above one in a long text. A query matching more than ``RANK_POOL`` rows is
ordered as on SQLite: its matches in the head ranked (the newest ``RANK_POOL`` at
most), then the others newest first. The same sources and snippets are found;
their order can differ. Ties are broken by id.

Known differences from FTS5 (none of them met by the shared table of queries):
a word longer than ``LONGEST_WORD`` characters is cut to that length (PostgreSQL
refuses longer lexemes); positions past 16,383 words of a row count as 16,383 and
only a word's first 256 positions are kept, so a phrase far into a very long text
can be missed; a word whose first character is a diacritic of its own is found
but not highlighted.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, text

from drafter.core.store import unicode61
from drafter.core.store.fts import CLOSE, ELLIPSIS, EXCERPT_TOKENS, OPEN, UNRANKED, SnippetRow, SourceRow

SOURCE_INDEX = "source_fts"
SNIPPET_INDEX = "snippet_fts"
VOCABULARY = "source_fts_vocabulary"
FOLD_TABLE = "source_fts_fold"
TABLES = (SOURCE_INDEX, SNIPPET_INDEX, VOCABULARY, FOLD_TABLE)

#: Hex digits of md5 kept for a pair of neighbouring words (see ``lookup_query``).
PAIR_HASH = 5
#: What marks a prefix ('sub*') and a pair of words ('~3fa9c') in ``lookup``: never part of a word.
PREFIX_MARK = "*"
PAIR_MARK = "~"
#: The lengths of the prefixes ``lookup`` lists: SQLite's prefix indexes (``fts.SOURCE_PREFIXES``).
PREFIX_LENGTHS = (3, 4, 5)
#: The most text ``lookup``'s entries may hold: a tsvector holds less than 1 MB (1,048,575 bytes).
LOOKUP_BYTES = 1_000_000

#: Characters of a word kept in the index: PostgreSQL refuses a lexeme of 2 KB or more.
LONGEST_WORD = 500

#: ts_rank_cd's weights for D, C, B, A: close to FTS5's bm25 column weights
#: (sources: title 10, authors 5, publisher 3, standfirst 2, text 1; snippets:
#: tags 3, text and note 1).
SOURCE_RANK_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"
SNIPPET_RANK_WEIGHTS = "{0.33, 0.33, 0.33, 1.0}"


# --- words, as unicode61 splits and folds them -------------------------------------------


def _class(ranges: Sequence[tuple[int, int]]) -> str:
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )


_SEPARATOR_CLASS = _class(unicode61.SEPARATORS)
#: A word: a run of code points that are not separators (NUL and surrogates too: never text).
_WORD = re.compile(f"[^{_SEPARATOR_CLASS}\x00\ud800-\udfff]+")
_FOLD: dict[int, str] = {c: chr(v) for c, v in unicode61.FOLDED}
for _a, _b in unicode61.DROPPED:
    _FOLD.update({c: "" for c in range(_a, _b + 1)})


def fold(word: str) -> str:
    """A word as the index writes it: lower case, Latin letters without their diacritics."""
    return word.translate(_FOLD)[:LONGEST_WORD]


def words(text: str) -> list[str]:
    """The words of ``text`` as the index writes them, in order."""
    return [w for w in (fold(m.group()) for m in _WORD.finditer(text)) if w]


#: Runs of ASCII letters and digits or of anything beyond ASCII: most text is ASCII, and an ASCII
#: run is a word as it stands; a run with other characters is split by the whole table.
_RUN = re.compile("[0-9A-Za-z\x80-\U0010FFFF]+")


def _spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of each word of ``text``, as string offsets."""
    for run in _RUN.finditer(text):
        chunk = run.group()
        if chunk.isascii():
            yield run.start(), run.end(), chunk.lower()[:LONGEST_WORD]
            continue
        base = run.start()
        for m in _WORD.finditer(chunk):
            word = fold(m.group())
            if word:
                yield base + m.start(), base + m.end(), word


def _bounds(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each word of ``text[start:end]``, as offsets in ``text``: ``_spans`` without
    the words themselves, and without copying the stretch (an excerpt's look around its match)."""
    plain = text.isascii()
    for run in _RUN.finditer(text, start, end):
        a, b = run.span()
        if plain or run.group().isascii():
            yield a, b
            continue
        for m in _WORD.finditer(text, a, b):
            if fold(m.group()):
                yield m.span()


# --- the schema (migration 0014) -----------------------------------------------------------

# Every statement is constant text: the fold table's rows go in as bound parameters.
_FUNCTIONS = (
    # ASCII by rule; any other character the table lists replaced, each distinct one once.
    f"""
CREATE OR REPLACE FUNCTION drafter_fts_words(raw text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    folded text;
    one record;
BEGIN
    IF raw IS NULL THEN
        RETURN '';
    END IF;
    folded := regexp_replace(lower(raw COLLATE "C"), '[^0-9a-z\\u0080-\\U0010FFFF]+', ' ', 'g');
    FOR one IN
        SELECT f.ch, f.folded
        FROM (SELECT DISTINCT m[1] AS ch FROM regexp_matches(folded, '[\\u0080-\\U0010FFFF]', 'g') AS m) AS d
        JOIN {FOLD_TABLE} AS f ON f.ch = d.ch
    LOOP
        folded := replace(folded, one.ch, one.folded);
    END LOOP;
    RETURN folded;
END
$$""",
    # Fields (folded by drafter_fts_words) in order, each with its weight letter; positions
    # leave a gap between fields, so that no phrase spans two. Positions stop at 16,383 (the
    # most a tsvector holds); past it a word is listed once, not once per occurrence: a text of
    # 1.5 million words listed every one and passed the 1 MB a tsvector's text may hold before
    # its duplicates were merged (migration 0015).
    f"""
CREATE OR REPLACE FUNCTION drafter_fts_vector(fields text[], weights text[]) RETURNS tsvector
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    parts text[] := '{{}}';
    offset_by integer := 0;
    counted integer;
    piece text;
BEGIN
    FOR i IN 1 .. coalesce(array_length(fields, 1), 0) LOOP
        WITH found AS MATERIALIZED (
            SELECT left(w, {LONGEST_WORD}) AS w, least(offset_by + n, 16383) AS at
            FROM regexp_split_to_table(btrim(fields[i]), ' +') WITH ORDINALITY AS t(w, n)
            WHERE w <> ''
        )
        SELECT (SELECT string_agg('''' || d.w || ''':' || d.at || weights[i], ' ')
                FROM (SELECT w, at FROM found WHERE at < 16383
                      UNION ALL
                      SELECT DISTINCT w, at FROM found WHERE at = 16383) AS d),
               (SELECT count(*) FROM found)
        INTO piece, counted;
        IF counted > 0 THEN
            parts := parts || piece;
            offset_by := offset_by + counted + 1;
        END IF;
    END LOOP;
    RETURN array_to_string(parts, ' ')::tsvector;
END
$$""",
    # Each two words that stand next to each other in a (folded) field, as the start of the md5 of
    # "first second" marked as a pair ('~3fa9c'): the entries for phrases, see ``lookup_query``.
    f"""
CREATE OR REPLACE FUNCTION drafter_fts_pair_entries(fields text[]) RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT '{PAIR_MARK}' || left(md5(pair), {PAIR_HASH})), '{{}}')
    FROM (
        SELECT left(w, {LONGEST_WORD}) || ' ' || left(lead(w) OVER (PARTITION BY f ORDER BY n), {LONGEST_WORD})
               AS pair
        FROM unnest(fields) WITH ORDINALITY AS x(field, f),
             regexp_split_to_table(btrim(field), ' +') WITH ORDINALITY AS t(w, n)
        WHERE w <> ''
    ) AS pairs
    WHERE pair IS NOT NULL
$$""",
    # What the GIN index is asked (``lookup_query``): every word of the row once, each word's
    # first 3, 4 and 5 letters marked as a prefix ('sub*'), and the row's pairs of words. No word
    # holds '*' or '~' (ASCII punctuation parts words), so none of these is taken for a word.
    # NULL when their text would pass ``LOOKUP_BYTES``: the row is then found by its vector
    # (``partial``).
    f"""
CREATE OR REPLACE FUNCTION drafter_fts_lookup(words text[], pairs text[]) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    entries text[] := words || ARRAY(
        SELECT left(w, p.n) || '{PREFIX_MARK}' FROM unnest(words) AS w, unnest(ARRAY{list(PREFIX_LENGTHS)}) AS p(n)
        WHERE length(w) >= p.n) || pairs;
BEGIN
    -- array_to_tsvector drops repeated entries itself (the prefixes repeat); only a row whose
    -- entries, repeats and all, pass the limit has them counted one by one.
    IF octet_length(array_to_string(entries, '')) > {LOOKUP_BYTES} THEN
        IF (SELECT sum(octet_length(e)) FROM (SELECT DISTINCT unnest(entries)) AS d(e)) > {LOOKUP_BYTES} THEN
            RETURN NULL;
        END IF;
    END IF;
    RETURN array_to_tsvector(entries);
END
$$""",
    # Authors (JSON) as names that read: 'Given Family', an organisation's name; text that
    # is not JSON as it is; NULL for unknown or none. As fts_schema's _AUTHORS.
    """
CREATE OR REPLACE FUNCTION drafter_fts_authors(raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    parsed jsonb;
BEGIN
    IF raw IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        parsed := raw::jsonb;
    EXCEPTION WHEN others THEN
        RETURN raw;
    END;
    IF jsonb_typeof(parsed) = 'string' THEN
        RETURN parsed #>> '{}';
    ELSIF jsonb_typeof(parsed) <> 'array' THEN
        RETURN NULL;
    END IF;
    RETURN (
        SELECT string_agg(
            CASE WHEN jsonb_typeof(e) = 'object' THEN
                coalesce(e ->> 'literal', btrim(coalesce(e ->> 'given', '') || ' ' || coalesce(e ->> 'family', '')))
            ELSE e #>> '{}' END, ', ' ORDER BY n)
        FROM jsonb_array_elements(parsed) WITH ORDINALITY AS a(e, n));
END
$$""",
    # A source's fields, folded, in the order of their weights: title (A), authors (B), publisher
    # and standfirst (C), text (D). NULL when there is no such source.
    """
CREATE OR REPLACE FUNCTION drafter_fts_source_fields(source_id integer) RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ARRAY[drafter_fts_words(title), drafter_fts_words(drafter_fts_authors(authors::text)),
                 drafter_fts_words(publisher), drafter_fts_words(standfirst), drafter_fts_words(text)]
    FROM source WHERE id = source_id
$$""",
    # A snippet's fields, folded: tags (A), note and text (D).
    """
CREATE OR REPLACE FUNCTION drafter_fts_snippet_fields(snippet_id integer) RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ARRAY[drafter_fts_words((SELECT string_agg(t.tag, ', ' ORDER BY t.tag) FROM snippet_tag AS t
                                    WHERE t.snippet_id = snippet.id)),
                 drafter_fts_words(note), drafter_fts_words(text)]
    FROM snippet WHERE id = snippet_id
$$""",
    f"""
CREATE OR REPLACE FUNCTION drafter_fts_source(source_id integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    folded text[] := drafter_fts_source_fields(source_id);
    weights text[] := ARRAY['A', 'B', 'C', 'C', 'D'];
    vector tsvector;
    lookup tsvector;
BEGIN
    IF folded IS NULL THEN
        DELETE FROM {SOURCE_INDEX} WHERE id = source_id;
        RETURN;
    END IF;
    vector := drafter_fts_vector(folded, weights);
    lookup := drafter_fts_lookup(tsvector_to_array(vector), drafter_fts_pair_entries(folded));
    INSERT INTO {SOURCE_INDEX} AS i (id, head, vector, lookup, partial)
    VALUES (source_id, drafter_fts_vector(folded[1:4], weights[1:4]), vector, coalesce(lookup, ''), lookup IS NULL)
    ON CONFLICT (id) DO UPDATE SET head = excluded.head, vector = excluded.vector, lookup = excluded.lookup,
                                   partial = excluded.partial;
END
$$""",
    f"""
CREATE OR REPLACE FUNCTION drafter_fts_snippet(snippet_id integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    folded text[] := drafter_fts_snippet_fields(snippet_id);
    vector tsvector;
    lookup tsvector;
BEGIN
    DELETE FROM {SNIPPET_INDEX} WHERE id = snippet_id;
    IF folded IS NOT NULL THEN
        vector := drafter_fts_vector(folded, ARRAY['A', 'D', 'D']);
        lookup := drafter_fts_lookup(tsvector_to_array(vector), drafter_fts_pair_entries(folded));
        INSERT INTO {SNIPPET_INDEX} (id, head, vector, lookup, partial)
        VALUES (snippet_id, drafter_fts_vector(folded[1:2], ARRAY['A', 'D']), vector, coalesce(lookup, ''),
                lookup IS NULL);
    END IF;
END
$$""",
    # Trigger functions.
    f"""
CREATE OR REPLACE FUNCTION drafter_fts_source_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.id <> NEW.id) THEN
        DELETE FROM {SOURCE_INDEX} WHERE id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM drafter_fts_source(NEW.id);
    END IF;
    RETURN NULL;
END
$$""",
    f"""
CREATE OR REPLACE FUNCTION drafter_fts_snippet_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM {SNIPPET_INDEX} WHERE id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM drafter_fts_snippet(NEW.id);
    END IF;
    RETURN NULL;
END
$$""",
    """
CREATE OR REPLACE FUNCTION drafter_fts_tag_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM drafter_fts_snippet(OLD.snippet_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM drafter_fts_snippet(NEW.snippet_id);
    END IF;
    RETURN NULL;
END
$$""",
    # The vocabulary: a word is added when a source first has it (never updated, so a big
    # import leaves no trail of row versions), and removed when the last source that had it
    # loses it (each such word looked up in the GIN index: about 0.2 ms a word).
    f"""
CREATE OR REPLACE FUNCTION drafter_fts_vocabulary_changed() RETURNS trigger
LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO {VOCABULARY} (word)
        SELECT w FROM (
            SELECT unnest(tsvector_to_array(NEW.vector))
            EXCEPT SELECT unnest(CASE WHEN TG_OP = 'UPDATE' THEN tsvector_to_array(OLD.vector) END)
        ) AS added(w) ORDER BY w
        ON CONFLICT (word) DO NOTHING;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM {VOCABULARY} AS v
        USING (
            SELECT unnest(tsvector_to_array(OLD.vector))
            EXCEPT SELECT unnest(CASE WHEN TG_OP = 'UPDATE' THEN tsvector_to_array(NEW.vector) END)
        ) AS gone(w)
        WHERE v.word = gone.w
          AND NOT EXISTS (SELECT 1 FROM {SOURCE_INDEX} AS i WHERE i.lookup @@ CAST(quote_literal(gone.w) AS tsquery))
          AND NOT EXISTS (SELECT 1 FROM {SOURCE_INDEX} AS i
                          WHERE i.partial AND i.vector @@ CAST(quote_literal(gone.w) AS tsquery));
    END IF;
    RETURN NULL;
END
$$""",
)

_TABLES = (
    f"CREATE TABLE {FOLD_TABLE} (ch text COLLATE \"C\" PRIMARY KEY, folded text NOT NULL)",
    (f"CREATE TABLE {SOURCE_INDEX} (id integer PRIMARY KEY, head tsvector NOT NULL, vector tsvector NOT NULL,"
     " lookup tsvector NOT NULL, partial boolean NOT NULL DEFAULT false)"),
    (f"CREATE TABLE {SNIPPET_INDEX} (id integer PRIMARY KEY, head tsvector NOT NULL, vector tsvector NOT NULL,"
     " lookup tsvector NOT NULL, partial boolean NOT NULL DEFAULT false)"),
    f"CREATE TABLE {VOCABULARY} (word text COLLATE \"C\" PRIMARY KEY)",
)

# A GIN index keeps new entries in a list of its own until it holds this much (kB; the server's
# default is 4 MB), then merges them in; every search reads the whole list. An import of snippets
# (a short row: a few hundred entries) left thousands of rows there, a millisecond and more a
# search; autovacuum merges them too, in its own time.
_PENDING = "WITH (gin_pending_list_limit = 256)"

_INDEXES = tuple(
    statement
    for index in (SOURCE_INDEX, SNIPPET_INDEX)
    for statement in (f"CREATE INDEX {index}_lookup ON {index} USING gin (lookup) {_PENDING}",
                      f"CREATE INDEX {index}_head ON {index} USING gin (head) {_PENDING}",
                      f"CREATE INDEX {index}_partial ON {index} USING gin (vector) WHERE partial")
)

_TRIGGERS = (
    ("CREATE TRIGGER source_fts_changed AFTER INSERT OR DELETE OR UPDATE OF id, title, publisher, authors,"
     " standfirst, text ON source FOR EACH ROW EXECUTE FUNCTION drafter_fts_source_changed()"),
    ("CREATE TRIGGER snippet_fts_changed AFTER INSERT OR DELETE OR UPDATE OF id, text, note ON snippet"
     " FOR EACH ROW EXECUTE FUNCTION drafter_fts_snippet_changed()"),
    ("CREATE TRIGGER snippet_tag_fts_changed AFTER INSERT OR DELETE OR UPDATE ON snippet_tag"
     " FOR EACH ROW EXECUTE FUNCTION drafter_fts_tag_changed()"),
    (f"CREATE TRIGGER source_fts_vocabulary_changed AFTER INSERT OR DELETE OR UPDATE OF vector ON {SOURCE_INDEX}"
     " FOR EACH ROW EXECUTE FUNCTION drafter_fts_vocabulary_changed()"),
)

TRIGGER_NAMES = ("source_fts_changed", "snippet_fts_changed", "snippet_tag_fts_changed",
                 "source_fts_vocabulary_changed")
_TRIGGER_TABLES = ("source", "snippet", "snippet_tag", SOURCE_INDEX)
FUNCTION_NAMES = ("drafter_fts_words(text)", "drafter_fts_vector(text[], text[])",
                  "drafter_fts_pair_entries(text[])", "drafter_fts_lookup(text[], text[])", "drafter_fts_authors(text)",
                  "drafter_fts_source_fields(integer)", "drafter_fts_snippet_fields(integer)",
                  "drafter_fts_source(integer)", "drafter_fts_snippet(integer)", "drafter_fts_source_changed()",
                  "drafter_fts_snippet_changed()", "drafter_fts_tag_changed()",
                  "drafter_fts_vocabulary_changed()")


def fold_rows() -> list[dict[str, str]]:
    """The fold table's rows: every code point beyond ASCII that unicode61 changes."""
    rows = {c: " " for a, b in unicode61.SEPARATORS for c in range(a, b + 1)}
    rows.update({c: "" for a, b in unicode61.DROPPED for c in range(a, b + 1)})
    rows.update({c: chr(v) for c, v in unicode61.FOLDED})
    return [{"ch": chr(c), "folded": f} for c, f in sorted(rows.items()) if c >= 0x80]


def create_search_index(connection: Connection) -> None:
    """Create the tables, functions, indexes and triggers, and index every existing row."""
    for statement in _TABLES:
        connection.exec_driver_sql(statement)
    connection.execute(text(f"INSERT INTO {FOLD_TABLE} (ch, folded) VALUES (:ch, :folded)"), fold_rows())
    for statement in _FUNCTIONS:
        connection.exec_driver_sql(statement)
    for statement in _TRIGGERS:
        connection.exec_driver_sql(statement)
    reindex(connection)
    for statement in _INDEXES:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"ANALYZE {SOURCE_INDEX}")
    connection.exec_driver_sql(f"ANALYZE {SNIPPET_INDEX}")


def replace_functions(connection: Connection) -> None:
    """Create or replace the search's functions as this version defines them (the tables stay)."""
    for statement in _FUNCTIONS:
        connection.exec_driver_sql(statement)


def add_lookup(connection: Connection) -> None:
    """Migration 0016: ask every query of ``lookup`` (words, prefixes, pairs) instead of the vector.

    Before, the GIN index was of the vector, with a second one of a source's pairs of
    words; a prefix being typed ('sub') joined the lists of every word it begins. Each
    row's entries are computed from its vector and the pairs already indexed (no text
    is read again, and the vocabulary's trigger does not fire), the two indexes give
    way to one of ``lookup``, one of the heads and one of the vectors of ``partial``
    rows, and the functions are replaced. A library already in this shape (one made at
    0014 by this version) only has its functions replaced.
    """
    shaped = connection.exec_driver_sql(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
        f" AND table_name = '{SOURCE_INDEX}' AND column_name = 'lookup'").first()
    connection.exec_driver_sql("DROP FUNCTION IF EXISTS drafter_fts_pairs(text[])")  # 0014's, for the column
    replace_functions(connection)
    if shaped is not None:
        return
    # A source's pairs are those already indexed, marked; a word cut to ``LONGEST_WORD`` letters
    # was not cut for its pairs before, so a row with one has its pairs made again. (A function
    # of its own for the while: a table's rewrite can't hold a subquery.)
    connection.exec_driver_sql(
        "CREATE FUNCTION drafter_fts_pairs_0015(source_id integer, vector tsvector, pairs tsvector)"
        " RETURNS text[] LANGUAGE sql STABLE AS $$"
        " SELECT CASE WHEN EXISTS (SELECT 1 FROM unnest(tsvector_to_array(vector)) AS w"
        f" WHERE length(w) >= {LONGEST_WORD})"
        " THEN drafter_fts_pair_entries(drafter_fts_source_fields(source_id))"
        f" ELSE ARRAY(SELECT '{PAIR_MARK}' || p FROM unnest(tsvector_to_array(pairs)) AS p) END $$")
    old_pairs = "drafter_fts_pairs_0015(id, vector, pairs)"
    for index, pairs, drop in ((SOURCE_INDEX, old_pairs, ", DROP COLUMN pairs"),
                               (SNIPPET_INDEX, "drafter_fts_pair_entries(drafter_fts_snippet_fields(id))", "")):
        # The old indexes go first: each row written while they stood added its thousands of
        # entries to them again (10 ms a row).
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index}_vector")
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index}_pairs")
        connection.exec_driver_sql(
            f"ALTER TABLE {index} ADD COLUMN lookup tsvector, ADD COLUMN partial boolean NOT NULL DEFAULT false")
        # Filled by rewriting the table (as a change of type does), which an UPDATE of every row
        # would leave twice its size until a VACUUM FULL; the pairs' own column goes in the same
        # pass, its values with it. A row too varied has NULL here, then ``partial``.
        connection.exec_driver_sql(
            f"ALTER TABLE {index} ALTER COLUMN lookup TYPE tsvector"
            f" USING drafter_fts_lookup(tsvector_to_array(vector), {pairs}){drop}")
        connection.exec_driver_sql(f"UPDATE {index} SET lookup = '', partial = true WHERE lookup IS NULL")
        connection.exec_driver_sql(f"ALTER TABLE {index} ALTER COLUMN lookup SET NOT NULL")
    connection.exec_driver_sql("DROP FUNCTION drafter_fts_pairs_0015(integer, tsvector, tsvector)")
    # Building a GIN index of a few thousand entries a row is several times faster with room
    # to sort them in memory (the server's default is 64 MB); for this transaction only.
    connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for statement in _INDEXES:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"ANALYZE {SOURCE_INDEX}")
    connection.exec_driver_sql(f"ANALYZE {SNIPPET_INDEX}")


def reindex(connection: Connection) -> None:
    """Index every source and snippet again (the vocabulary follows through its trigger)."""
    connection.exec_driver_sql(f"DELETE FROM {SNIPPET_INDEX}")
    connection.exec_driver_sql(f"DELETE FROM {SOURCE_INDEX}")
    connection.exec_driver_sql(f"DELETE FROM {VOCABULARY}")
    connection.exec_driver_sql("SELECT drafter_fts_source(id) FROM source")
    connection.exec_driver_sql("SELECT drafter_fts_snippet(id) FROM snippet")


def drop_search_index(connection: Connection) -> None:
    for name, table in zip(TRIGGER_NAMES, _TRIGGER_TABLES, strict=True):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for function in FUNCTION_NAMES:
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}")
    for table in TABLES:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")


# --- queries -------------------------------------------------------------------------------


class QueryTerm(Protocol):
    """One word or phrase of a query (``drafter.core.search.Term``)."""

    @property
    def text(self) -> str: ...

    @property
    def prefix(self) -> bool: ...


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def term_words(term: QueryTerm) -> list[str]:
    return words(term.text)


def tsquery(terms: Sequence[QueryTerm], *, any_term: bool = False, phrases: bool = True) -> str | None:
    """The terms as tsquery text: each a phrase of its words (``<->``), the last one ``:*`` if a prefix.

    Every lexeme is quoted, so nothing typed can be tsquery syntax (and folded words never
    hold a quote or a backslash anyway). With ``phrases=False`` a phrase's words are only
    all required (``&``), which the GIN index answers without reading any row. None when
    no term has a word.
    """
    parts = []
    for term in terms:
        found = term_words(term)
        if not found:
            continue
        lexemes = [_lexeme(w) for w in found]
        if term.prefix:
            lexemes[-1] += ":*"
        joint = " <-> " if phrases else " & "
        parts.append("(" + joint.join(lexemes) + ")" if len(lexemes) > 1 else lexemes[0])
    if not parts:
        return None
    return (" | " if any_term else " & ").join(parts)


def pair_lexeme(first: str, second: str) -> str:
    """Two neighbouring words as ``lookup`` holds them: the start of their md5, marked as a pair."""
    return PAIR_MARK + hashlib.md5(f"{first} {second}".encode()).hexdigest()[:PAIR_HASH]


def lookup_query(terms: Sequence[QueryTerm]) -> str | None:
    """What the GIN index of ``lookup`` is asked: a row with all of it is one the terms may match.

    Every word of every term (a phrase's words only all required), as a lexeme; a word
    still being typed as its prefix. The answer is exact, and no row is read to give it,
    except for a phrase: its words must also stand next to each other, which only the
    row's vector can show (``_ranked`` reads it then).

    - A prefix of 3, 4 or 5 letters is asked as the entry that lists it ('sub*'): one
      list of rows, where ``'sub':*`` would join the lists of every word beginning
      "sub" (4.4 ms at 10,000 sources, for a list read in 0.5). A shorter or longer
      prefix is asked as a prefix of the words themselves (a longer one begins few).
    - Each pair of neighbouring words of a phrase is asked as its entry ('~3fa9c'):
      PostgreSQL reads a row's whole vector (all its words' positions) to see that
      words stand together, 15 µs a source, seconds for a phrase of common words in a
      large library; only the rows that have all of a phrase's pairs are read. A pair
      is kept as the first ``PAIR_HASH`` hex digits of its md5, about a million
      different values: a hundredth of the room the pairs themselves would take, for
      a few rows more to read (those whose pairs share a value). A pair that ends in
      a word still being typed can't be hashed, and is left out.

    None when no term has a word.
    """
    parts: dict[str, None] = {}
    for term in terms:
        found = term_words(term)
        if not found:
            continue
        whole = found[:-1] if term.prefix else found
        parts.update((_lexeme(w), None) for w in whole)
        if term.prefix:
            last = found[-1]
            parts[_lexeme(last + PREFIX_MARK) if len(last) in PREFIX_LENGTHS else _lexeme(last) + ":*"] = None
        complete = len(found) - 1 - (1 if term.prefix else 0)
        parts.update((_lexeme(pair_lexeme(found[i], found[i + 1])), None) for i in range(max(0, complete)))
    return " & ".join(parts) if parts else None


def lookup_entries(fields: Sequence[str]) -> tuple[list[str], bool]:
    """``lookup``'s entries for a row with these fields, sorted; and whether they were too many
    (the row is then ``partial``, with no entries).

    As ``drafter_fts_lookup`` makes them on the server: for tools that fill the index
    without it (bench/'s copy of a large library) and for tests that check the two agree.
    """
    entries: set[str] = set()
    for field in fields:
        found = words(field)
        entries.update(found)
        entries.update(w[:n] + PREFIX_MARK for w in found for n in PREFIX_LENGTHS if len(w) >= n)
        entries.update(pair_lexeme(a, b) for a, b in zip(found, found[1:], strict=False))
    if sum(len(e.encode()) for e in entries) > LOOKUP_BYTES:
        return [], True
    return sorted(entries), False


def words_beginning(connection: Connection, prefix: str, limit: int) -> list[str]:
    """Up to ``limit`` words of the sources' index that begin with ``prefix``, in order (see ``fts``)."""
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    rows = connection.execute(
        text(f"SELECT word FROM {VOCABULARY} WHERE word >= :prefix AND word < :after ORDER BY word LIMIT :limit"),
        {"prefix": prefix, "after": after, "limit": limit},
    ).all()
    return [str(r[0]) for r in rows]


# Which rows a query may match: ``lookup`` answers for every row but a ``partial`` one, found by its
# vector through an index of such rows alone. Without a phrase the answer is exact; with one, the
# rows must still be read to see that its words stand in a row (``:phrased``, ``:query``).
_CANDIDATES = """
SELECT i.id, i.head, i.vector FROM {index} AS i {join}
WHERE i.lookup @@ CAST(:lookup AS tsquery) {where}
UNION ALL
SELECT i.id, i.head, i.vector FROM {index} AS i {join}
WHERE i.partial AND i.vector @@ CAST(:words AS tsquery) {where}
"""

# How many rows the query's words match, counted to one past the pool (no more rows are read); the
# newest row's id, where ``_newest`` starts; and, when they are ``:broad`` or fewer (a narrow query:
# nearly every query but a common word), the first ``:limit`` of them, each ranked on its whole
# vector. One row (no id) when there is nothing to rank.
_FIRST = """
WITH found AS MATERIALIZED (
    SELECT c.id, c.vector FROM ({candidates}) AS c LIMIT :pool_plus
), counted AS (
    SELECT count(*) AS total FROM found
)
SELECT counted.total, (SELECT max(id) FROM {index}) AS newest, ranked.id, ranked.score
FROM counted LEFT JOIN LATERAL (
    SELECT f.id, ts_rank_cd(CAST(:weights AS real[]), f.vector, q.query) AS score
    FROM found AS f, CAST(:query AS tsquery) AS q(query)
    WHERE counted.total <= :broad AND (NOT :phrased OR f.vector @@ q.query)
    ORDER BY score DESC, f.id
    LIMIT :limit
) AS ranked ON true
"""

# A broad query's matches in the head, the newest ``:pool``, each ranked on its head. The head index
# finds them (a phrase is then checked on the head's own positions, kept in line); the newest ids
# are asked first (``_newest``). A match in the head is a match (the head is part of the row), so
# no other index is asked. As on SQLite, a phrase is in the head only if it stands there as a phrase.
_HEADS = """
SELECT h.id, ts_rank_cd(CAST(:weights AS real[]), h.head, q.query) AS score
FROM (
    SELECT i.id, i.head FROM {index} AS i {join}, CAST(:query AS tsquery) AS q(query)
    WHERE i.head @@ q.query {where} AND i.id > :floor
    ORDER BY i.id DESC
    LIMIT :pool
) AS h, CAST(:query AS tsquery) AS q(query)
"""

# The newest other matches of a broad query, as many as the page still needs (``_newest``).
_OTHERS = """
SELECT o.id, NOT :phrased OR o.vector @@ q.query
FROM (
    SELECT c.id, c.vector FROM ({candidates}) AS c, CAST(:query AS tsquery) AS q(query)
    WHERE NOT c.head @@ q.query
    ORDER BY c.id DESC
    LIMIT :others
) AS o, CAST(:query AS tsquery) AS q(query)
"""

#: How far back from the newest row ``_newest`` looks, in ids, at each try; then everywhere.
NEWEST_SPANS = (2_000, 16_000)

#: Matches ranked at most, per kind: a query matching more is broad (``_ranked``).
RANK_POOL = 400


def _ranked(connection: Connection, index: str, join: str, where: str, params: dict[str, object], limit: int
            ) -> tuple[list[tuple[int, float]], bool]:
    """The first ``limit`` rows of a query as (id, rank), best first; and whether more matched.

    Ranking a match costs a read of its whole vector (a source's: its every word, kept
    out of line by PostgreSQL), 5 µs a source: a second for a word in all of 50,000. So a
    query matching more than ``RANK_POOL`` rows is ordered by the rule SQLite's index uses
    for one (``fts.query_sources_broad``): the rows it matches in their head (a source's
    title, authors, publisher or standfirst; a snippet's tags or note), the newest ``pool``
    of them at most, ranked on their head alone; then every other match newest first (rank
    ``fts.UNRANKED``), as far as the pool. A query with fewer matches (nearly every query
    but a common word) has every match ranked on its whole vector.

    Before, one statement put the pool together from every match, reading each one's row
    to sort the head matches first: 20 ms for a word in most of 50,000 sources. Now the
    matches are only counted (to one past the pool), and a broad query's page is put
    together from its newest head matches and, only when they don't fill it, its newest
    other matches (``_newest``): a few short statements, each reading little more than it
    returns. A phrase is in the head when it stands there as a phrase, as on SQLite
    (before, when its words did). Among the others, a row whose words are all there but
    not as the phrase (rare: its pairs' hashes would have to collide too) drops out of
    the pool; a page could hold fewer rows than match only if 375 of 400 did: never seen.
    """
    # A word in most rows looks cheapest to the planner as a scan of the whole table, which
    # reads every row's lookup or vector (out of line) to test it. The indexes answer without
    # reading them, so the scan is ruled out. Nor are helper processes started for a statement
    # (the planner chose them on a freshly copied library: 14 ms to start, for 1 ms of work).
    # For this transaction only: the connection's own settings come back when it ends.
    connection.exec_driver_sql("SELECT set_config('enable_seqscan', 'off', true),"
                               " set_config('max_parallel_workers_per_gather', '0', true)")
    pool = max(RANK_POOL, limit + 1)
    candidates = _CANDIDATES.format(index=index, join=join, where=where)
    asked = {**params, "limit": limit + 1, "pool": pool, "pool_plus": pool + 1}
    first = connection.execute(text(_FIRST.format(candidates=candidates, index=index)),
                               {**asked, "broad": RANK_POOL}).all()
    total, newest = first[0][0], first[0][1]
    if total <= RANK_POOL:
        rows = [(i, r) for _, _, i, r in first if i is not None]
        # Negated, so that lower is better as with bm25.
        return [(int(i), -float(r)) for i, r in rows[:limit]], len(rows) > limit
    heads = _newest(connection, _HEADS.format(index=index, join=join, where=where), asked, pool, newest)
    page = sorted(((-float(r), int(i)) for i, r in heads), key=lambda h: (h[0], h[1]))[: limit + 1]
    found = [(i, r) for r, i in page]
    if len(found) <= limit and len(heads) < pool:
        rest = pool - len(heads)
        # With a phrase, every other row of the pool is read to check it (the page takes those that pass).
        wanted = rest if params["phrased"] else min(rest, limit + 1 - len(found))
        # Found through the index and sorted: walking the newest rows back would read each one's
        # ``lookup`` (tens of kilobytes) to test it, and the planner can't know that.
        connection.exec_driver_sql("SELECT set_config('enable_indexscan', 'off', true)")
        try:
            others = _newest(connection, _OTHERS.format(
                candidates=_CANDIDATES.format(index=index, join=join, where=where + " AND i.id > :floor")),
                {**asked, "others": wanted}, wanted, newest)
        finally:
            connection.exec_driver_sql("SELECT set_config('enable_indexscan', 'on', true)")
        found += [(int(i), UNRANKED) for i, kept in others if kept][: limit + 1 - len(found)]
    return found[:limit], len(found) > limit


def _newest(connection: Connection, sql: str, params: dict[str, object], wanted: int, newest: int
            ) -> Sequence[Any]:
    """The rows of ``sql`` (newest first, at most ``wanted``) among the newest ids, then further back.

    The rows a broad query needs are its newest matches, but an index finds every match,
    and each must be read to know how new it is: 16,000 of them for "sub" in the heads
    of 50,000 sources (10 ms), for the 400 it needs. Asked first among the newest 2,000
    ids (``:floor``; the index of ids narrows what is read to them), the query gets
    them there whenever the word is common; a rarer one is asked again further back, and
    then everywhere. The newest ``wanted`` of a stretch that has that many are the newest
    of all.
    """
    for span in (*NEWEST_SPANS, None):
        floor = -1 if span is None else newest - span
        rows = connection.execute(text(sql), {**params, "floor": floor}).all()
        if len(rows) >= wanted or floor < 0:
            return rows
    return rows


def query_sources(connection: Connection, terms: Sequence[QueryTerm], *, limit: int,
                  source_id: int | None = None) -> tuple[list[SourceRow], bool]:
    """The best ``limit`` sources, best first, with excerpts of their text; and whether more matched."""
    query = tsquery(terms)
    if query is None:
        return [], False
    words = tsquery(terms, phrases=False)
    params: dict[str, object] = {"query": query, "words": words, "lookup": lookup_query(terms),
                                 "phrased": query != words, "weights": SOURCE_RANK_WEIGHTS}
    where = ""
    if source_id is not None:
        where += " AND i.id = :source_id"
        params["source_id"] = source_id
    ranked, more = _ranked(connection, SOURCE_INDEX, "", where, params, limit)
    if not ranked:
        return [], more
    found = {
        int(i): (t, x)
        for i, t, x in connection.execute(
            text("SELECT id, title, text FROM source WHERE id = ANY(:ids)"), {"ids": [i for i, _ in ranked]})
    }
    return [SourceRow(i, found[i][0], excerpt(found[i][1] or "", terms), r) for i, r in ranked if i in found], more


def query_snippets(connection: Connection, terms: Sequence[QueryTerm], *, limit: int,
                   source_id: int | None = None, tag: str | None = None, used: bool | None = None
                   ) -> tuple[list[SnippetRow], bool]:
    """The best ``limit`` snippets, best first, with excerpts; and whether more matched."""
    query = tsquery(terms)
    if query is None:
        return [], False
    words = tsquery(terms, phrases=False)
    params: dict[str, object] = {"query": query, "words": words, "lookup": lookup_query(terms),
                                 "phrased": query != words, "weights": SNIPPET_RANK_WEIGHTS}
    where = []
    if source_id is not None:
        where.append("AND s.source_id = :source_id")
        params["source_id"] = source_id
    if tag is not None:
        where.append("AND EXISTS (SELECT 1 FROM snippet_tag AS t WHERE t.snippet_id = s.id AND t.tag = :tag)")
        params["tag"] = tag
    if used is not None:
        quoted = "EXISTS (SELECT 1 FROM answer_block AS b WHERE b.snippet_id = s.id)"
        where.append(f"AND {quoted}" if used else f"AND NOT {quoted}")
    join = "JOIN snippet AS s ON s.id = i.id" if where else ""
    ranked, more = _ranked(connection, SNIPPET_INDEX, join, " ".join(where), params, limit)
    if not ranked:
        return [], more
    found = {
        int(i): (int(si), t, x)
        for i, si, t, x in connection.execute(
            text("SELECT s.id, s.source_id, src.title, s.text FROM snippet AS s"
                 " JOIN source AS src ON src.id = s.source_id WHERE s.id = ANY(:ids)"),
            {"ids": [i for i, _ in ranked]})
    }
    rows = [SnippetRow(i, found[i][0], found[i][1], found[i][2], excerpt(found[i][2], terms), r)
            for i, r in ranked if i in found]
    return rows, more


def source_text(connection: Connection, source_id: int) -> str | None:
    row = connection.execute(text("SELECT text FROM source WHERE id = :id"), {"id": source_id}).first()
    return None if row is None else str(row[0])


# --- where the terms stand in a text: excerpts and highlights ---------------------------------


def _wanted(terms: Sequence[QueryTerm]) -> list[tuple[list[str], bool]]:
    return [(w, t.prefix) for t in terms if (w := term_words(t))]


_DROPPED_CLASS = "[" + _class(unicode61.DROPPED) + "]*"
_BETWEEN = f"[{_SEPARATOR_CLASS}\x00\ud800-\udfff]+"
_NOT_AFTER_A_WORD = f"(?<![^{_SEPARATOR_CLASS}\x00\ud800-\udfff].)"
_EDGE_AFTER = f"(?![^{_SEPARATOR_CLASS}\x00\ud800-\udfff])"
_REST_OF_WORD = f"[^{_SEPARATOR_CLASS}\x00\ud800-\udfff]*"
#: Every character the index writes as this one (itself, its capitals, its accented forms).
_WRITTEN_AS: dict[str, str] = {}
for _c, _v in unicode61.FOLDED:
    _WRITTEN_AS[chr(_v)] = _WRITTEN_AS.get(chr(_v), chr(_v)) + chr(_c)


@functools.lru_cache(maxsize=256)
def _phrase_pattern(phrase: tuple[str, ...], prefix: bool) -> re.Pattern[str]:
    """A phrase as a regular expression over the text as it is written (not folded).

    Each letter matches any character the index writes as that letter, followed by any
    diacritics written as characters of their own; words are separated by separators.
    The first letter comes first, so that the search skips ahead by it (ten times faster
    than a pattern that starts by looking behind); a word whose first character is a
    diacritic of its own is therefore not highlighted (it is still found).
    """
    return re.compile(_phrase_body(phrase, prefix, _NOT_AFTER_A_WORD))


def _phrase_body(phrase: tuple[str, ...], prefix: bool, after_first: str) -> str:
    def letter(ch: str) -> str:
        return "[" + re.escape(_WRITTEN_AS.get(ch, ch)) + "]" + _DROPPED_CLASS

    first = phrase[0]
    head = "[" + re.escape(_WRITTEN_AS.get(first[0], first[0])) + "]" + after_first + _DROPPED_CLASS
    words_ = [head + "".join(letter(ch) for ch in first[1:])]
    words_ += ["".join(letter(ch) for ch in w) for w in phrase[1:]]
    return _BETWEEN.join(words_) + (_REST_OF_WORD if prefix else _EDGE_AFTER)


@functools.lru_cache(maxsize=256)
def _any_phrase(wanted: tuple[tuple[tuple[str, ...], bool], ...]) -> re.Pattern[str]:
    """Every phrase of a query in one pattern, none of them asked to start a word (``_first_match``)."""
    return re.compile("|".join(f"(?:{_phrase_body(phrase, prefix, '')})" for phrase, prefix in wanted))


#: A separator, where a word may start after it (``_first_match``).
_SEPARATOR = re.compile(f"[{_SEPARATOR_CLASS}\x00\ud800-\udfff]")


def _slow(wanted: list[tuple[list[str], bool]]) -> bool:
    """Whether the text must be read word by word: a word as long as the index cuts (rare)."""
    return any(len(w) >= LONGEST_WORD for phrase, _ in wanted for w in phrase)


def _match_offsets(text_: str, wanted: list[tuple[list[str], bool]]) -> list[tuple[int, int]]:
    """(start, end) of every place a term stands, overlapping ones joined, in order.

    Found by a regular expression for each term over the text as it is (C speed); with a
    word as long as the index cuts, the text is read word by word.
    """
    found: list[tuple[int, int]] = []
    if _slow(wanted):
        words_ = list(_spans(text_))
        for i in range(len(words_)):
            first = _ending_at(words_, i, wanted)
            if first is not None:
                found.append((words_[first][0], words_[i][1]))
    else:
        for phrase, prefix in wanted:
            found += [m.span() for m in _phrase_pattern(tuple(phrase), prefix).finditer(text_)]
    merged: list[list[int]] = []
    for start, end in sorted(found):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _first_match(text_: str, wanted: list[tuple[list[str], bool]]) -> int | None:
    """Where the first match in ``text_`` starts."""
    if _slow(wanted):
        marks = _match_offsets(text_, wanted)
        return marks[0][0] if marks else None
    # One pass for all the phrases, without looking behind each place a first letter stands:
    # a place that is not the start of a word (rare) is passed over. Three times faster than a
    # search for each phrase, which was most of a server search's time in Python.
    pattern = _any_phrase(tuple((tuple(phrase), prefix) for phrase, prefix in wanted))
    position = 0
    while (found := pattern.search(text_, position)) is not None:
        at = found.start()
        if at == 0 or _SEPARATOR.match(text_, at - 1):
            return at
        position = at + 1
    return None


def _ending_at(found: list[tuple[int, int, str]], i: int, wanted: list[tuple[list[str], bool]]) -> int | None:
    """The index of the first word of the longest term that ends at word ``i``, if one does."""
    best = None
    for phrase, prefix in wanted:
        first = i - len(phrase) + 1
        if first < 0 or (best is not None and first >= best):
            continue
        word = found[i][2]
        if not (word == phrase[-1] or (prefix and word.startswith(phrase[-1]))):
            continue
        if all(found[first + k][2] == w for k, w in enumerate(phrase[:-1])):
            best = first
    return best


def spans(text_: str, terms: Sequence[QueryTerm]) -> list[tuple[int, int]]:
    """Where any of the terms stands in ``text_``, as (start, end) string offsets, in order.

    A phrase is one span from its first word to its last; overlapping matches are one span.
    """
    return _match_offsets(text_, _wanted(terms))


#: How far back an excerpt looks for the words before its first match.
_LOOK_BACK = 2000
#: How far it looks first (``excerpt``).
_FIRST_LOOK_BACK = 256


def excerpt(text_: str, terms: Sequence[QueryTerm], tokens: int = EXCERPT_TOKENS) -> str:
    """About ``tokens`` words of ``text_`` around its first match, matches between OPEN and CLOSE.

    Like FTS5's snippet(): the whole text when it is short enough, else a stretch
    starting a few words before the first match, with "…" where text is left out;
    without a match in the text, its start.
    """
    wanted = _wanted(terms)
    first = _first_match(text_, wanted)
    at = first or 0
    # At most ``tokens`` words before the match are shown: look back a little, and further only
    # while that holds fewer words than that and one more (the first may be cut off at ``low``).
    # Splitting 2,000 characters for each of a page's excerpts was half a server search's time.
    reach = _FIRST_LOOK_BACK
    while True:
        low = max(0, at - reach)
        before = list(_bounds(text_, low, at))
        if low == 0 or len(before) > tokens or reach >= _LOOK_BACK:
            break
        reach = min(reach * 4, _LOOK_BACK)
    after: list[tuple[int, int]] = []
    for bound in _bounds(text_, at, len(text_)):
        if len(after) > tokens:
            break
        after.append(bound)
    more_after = len(after) > tokens
    after = after[:tokens]
    back = min(len(before), max(tokens // 4, tokens - len(after)) if first is not None else 0)
    window = before[len(before) - back:] + after[: tokens - back]
    if not window:
        return text_
    earlier = low > 0 or len(before) > back
    start = window[0][0] if earlier else 0
    end = window[-1][1] if more_after or len(after) > tokens - back else len(text_)
    # Marks in the window (and a little past it, for a phrase that starts inside it).
    stretch = text_[start:min(len(text_), end + 200)]
    marks = [(a + start, b + start) for a, b in _match_offsets(stretch, wanted)]
    out = [ELLIPSIS] if earlier else []
    position = start
    for a, b in marks:
        if a < position or b > end:
            continue
        out += [text_[position:a], OPEN, text_[a:b], CLOSE]
        position = b
    out.append(text_[position:end])
    if end < len(text_):
        out.append(ELLIPSIS)
    return "".join(out)


# --- the long-prefix rule, as ``drafter.core.search._expanded`` applies it on SQLite ----------


@dataclass(frozen=True)
class Asked:
    """A term as the sources' index is asked it."""

    text: str
    prefix: bool


_PLAIN_WORD = re.compile("[a-z0-9]+")


def expanded(connection: Connection, terms: Sequence[QueryTerm], *, cap: int, longest: int) -> list[Asked]:
    """The terms with a long prefix that begins more than ``cap`` words shortened to ``longest`` letters.

    The same rule as SQLite's (``drafter.core.search._expanded``, which explains
    it), with this index's vocabulary, so that both engines find the same sources.
    A phrase (typed in quotes) is never shortened.
    """
    asked = []
    for term in terms:
        typed = term.text.lower()
        if (not getattr(term, "phrase", False) and term.prefix and len(typed) > longest
                and _PLAIN_WORD.fullmatch(typed) and len(words_beginning(connection, typed, cap + 1)) > cap):
            asked.append(Asked(typed[:longest], True))
        else:
            asked.append(Asked(term.text, term.prefix))
    return asked
