"""The full-text search index's schema: SQLite FTS5 tables and the triggers that feed them.

The queries over it are in ``fts``, which also re-exports the names here.

Two FTS5 tables, each keeping its own copy of the words it indexes:

``source_fts`` (title, publisher, authors, standfirst, text), rowid = source.id.
    Not an external-content table (``content='source'``): the ``authors`` column
    of ``source`` is JSON as SQLAlchemy writes it, so an unknown author is the
    text ``null`` and a non-ASCII name is escaped (``"Si\\u00e2n"``). Indexed
    raw, typing "nu" would find every source with unknown authors and "Siân"
    would find none. FTS5 reads an external-content column verbatim from its
    table (no expression, and a view over ``source`` would make Alembic's
    table rebuilds fail), so the index keeps a decoded copy instead. It costs
    the size of the text again on disk; in exchange the index can never
    disagree with its content, and ``match_spans`` can check its offsets
    against ``source.text``.
``snippet_fts`` (text, note, tags), rowid = snippet.id.
    Tags live in ``snippet_tag``, so the row is assembled by triggers: the
    snippet's triggers write text and note, the tag triggers rewrite ``tags``.

Tokeniser: ``unicode61 remove_diacritics 2`` (case- and accent-insensitive: "cafe"
finds "café"), without ``porter``. Stemming would make "deployment" find
"deployments", but it breaks search-as-you-type: the query is stemmed too, so the
prefix "deploy" becomes "deploi" and stops finding "deployments", and
"consulta".."consultatio" find nothing while "consult" and "consultation" do
(tests/core/test_search.py types whole words letter by letter). Unstemmed
phrases also match exactly the words quoted.

Every trigger touches only its own table and the FTS tables. SQLite refuses to
rename a table while a trigger or view elsewhere names a missing table, and
Alembic's batch mode rebuilds a table by drop-and-rename, so a trigger on
``snippet`` that read ``snippet_tag`` would make a later migration fail.
Dropping a table drops its own triggers, though, so ``restore_after_migration``
(called by the migration environment after every upgrade) puts back any that a
rebuild removed and re-indexes the affected table.

Migration 0002 runs ``create_search_index``. Once released, its statements must
keep doing the same thing: a later change to the index adds a migration with its
own statements (and updates ``TRIGGERS`` for ``restore_after_migration``).
Migration 0005 rebuilds ``source_fts`` with prefix indexes of 3, 4 and 5
letters instead of 2 and 3 (``recreate_source_index``); see ``SOURCE_PREFIXES``.

Maintenance: every committed write adds a small b-tree (a segment) to an FTS5
index, which SQLite merges in the background of later writes. ``merge_step``
does a bounded share of that merging on demand, so the UI can tidy the index
after a big import without holding the database for long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

SOURCE_INDEX = "source_fts"
SNIPPET_INDEX = "snippet_fts"
INDEXES = (SOURCE_INDEX, SNIPPET_INDEX)
_INDEXES = INDEXES

TOKENIZE = "unicode61 remove_diacritics 2"

#: Column weights for bm25: a word in the title counts most, then authors,
#: publisher and standfirst, then the body.
SOURCE_WEIGHTS = {"title": 10.0, "publisher": 3.0, "authors": 5.0, "standfirst": 2.0, "text": 1.0}
#: A tag is the user's own label for the snippet, so it counts more than the text.
SNIPPET_WEIGHTS = {"text": 1.0, "note": 1.0, "tags": 3.0}

def is_search_table(name: str) -> bool:
    """True for the FTS tables and their shadow tables, which the models don't describe."""
    return any(name == index or name.startswith(index + "_") for index in _INDEXES)


def include_name(name: str | None, type_: str, _parent_names: object = None) -> bool:
    """Alembic ``include_name`` hook: leave the search tables out of schema comparison."""
    return not (type_ == "table" and name is not None and is_search_table(name))


# --- schema (migration 0002) -------------------------------------------------------

# JSON authors as plain names: NULL for unknown ('null') or none ('[]'); text that
# is not JSON is indexed as it is rather than failing the write. Since migration 0008
# each name is a CSL-JSON object, indexed as it is read: 'Tom Foot', 'Home Office'
# (a string, as stored before 0008, is indexed as it is).
_NAME = (
    "CASE WHEN type = 'object' THEN coalesce(json_extract(value, '$.literal'),"
    " trim(coalesce(json_extract(value, '$.given'), '') || ' ' || coalesce(json_extract(value, '$.family'), '')))"
    " ELSE value END"
)
_AUTHORS = (
    f"CASE WHEN json_valid({{col}}) THEN (SELECT group_concat({_NAME}, ', ') FROM json_each({{col}}))"
    " ELSE {col} END"
)
_SOURCE_VALUES = (
    "{p}id, {p}title, {p}publisher, "
    + _AUTHORS.format(col="{p}authors")
    + ", {p}standfirst, {p}text"
)
_SOURCE_COLUMNS = "rowid, title, publisher, authors, standfirst, text"
_TAGS = "(SELECT coalesce(group_concat(tag, ', '), '') FROM snippet_tag WHERE snippet_id = {id})"

#: Prefix indexes of ``source_fts`` since migration 0005, in letters. Typed words
#: shorter than ``search.MIN_PREFIX`` (3) are matched whole, so a 2-letter index
#: is never read; without a 4- and 5-letter one, "tran" or "under" merges the
#: lists of every word they begin (3,000 words, every article: 70 ms at 10,000
#: articles, 450 ms at 50,000; bench/search_bench.py). Longer prefixes begin
#: few words. Each index costs about a tenth of the database.
SOURCE_PREFIXES = (3, 4, 5)


def source_table_sql(prefixes: Sequence[int]) -> str:
    """The CREATE statement of ``source_fts`` with these prefix indexes."""
    prefix = " ".join(str(n) for n in prefixes)
    return (
        f"CREATE VIRTUAL TABLE {SOURCE_INDEX} USING fts5("
        f"title, publisher, authors, standfirst, text, prefix = '{prefix}', tokenize = '{TOKENIZE}')"
    )


_TABLES = (
    # (Migration 0002's statements; 0005 changes the prefix indexes.)
    # prefix = '2 3': every typed word is a prefix query, and without these prefix
    # indexes a 2- or 3-letter prefix merges the lists of thousands of words. At
    # 10,000 articles (bench/search_bench.py) that took 180 ms median, 620 ms worst
    # for 2 letters; with them 21 ms and 36 ms, for a third more on disk.
    (
        f"CREATE VIRTUAL TABLE {SOURCE_INDEX} USING fts5("
        f"title, publisher, authors, standfirst, text, prefix = '2 3', tokenize = '{TOKENIZE}')"
    ),
    f"CREATE VIRTUAL TABLE {SNIPPET_INDEX} USING fts5(text, note, tags, tokenize = '{TOKENIZE}')",
)


@dataclass(frozen=True)
class Trigger:
    name: str
    index: str  # the FTS table it feeds
    sql: str


def _trigger(name: str, index: str, event: str, body: str) -> Trigger:
    return Trigger(name, index, f"CREATE TRIGGER IF NOT EXISTS {name} {event} BEGIN {body} END")


TRIGGERS = (
    # Delete before insert: a stale row under a reused rowid must never block a write.
    _trigger(
        "source_fts_insert",
        SOURCE_INDEX,
        "AFTER INSERT ON source",
        f"DELETE FROM {SOURCE_INDEX} WHERE rowid = new.id;"
        f" INSERT INTO {SOURCE_INDEX}({_SOURCE_COLUMNS}) VALUES ({_SOURCE_VALUES.format(p='new.')});",
    ),
    # Only the indexed columns: touching updated_at must not re-index 800 words.
    _trigger(
        "source_fts_update",
        SOURCE_INDEX,
        "AFTER UPDATE OF id, title, publisher, authors, standfirst, text ON source",
        f"DELETE FROM {SOURCE_INDEX} WHERE rowid = old.id;"
        f" INSERT INTO {SOURCE_INDEX}({_SOURCE_COLUMNS}) VALUES ({_SOURCE_VALUES.format(p='new.')});",
    ),
    _trigger(
        "source_fts_delete",
        SOURCE_INDEX,
        "AFTER DELETE ON source",
        f"DELETE FROM {SOURCE_INDEX} WHERE rowid = old.id;",
    ),
    # A new snippet has no tags yet (they reference it); the tag triggers fill them in.
    _trigger(
        "snippet_fts_insert",
        SNIPPET_INDEX,
        "AFTER INSERT ON snippet",
        f"DELETE FROM {SNIPPET_INDEX} WHERE rowid = new.id;"
        f" INSERT INTO {SNIPPET_INDEX}(rowid, text, note, tags) VALUES (new.id, new.text, new.note, '');",
    ),
    # UPDATE rather than delete-and-insert, so the tags column is kept.
    _trigger(
        "snippet_fts_update",
        SNIPPET_INDEX,
        "AFTER UPDATE OF id, text, note ON snippet",
        f"UPDATE {SNIPPET_INDEX} SET rowid = new.id, text = new.text, note = new.note WHERE rowid = old.id;",
    ),
    _trigger(
        "snippet_fts_delete",
        SNIPPET_INDEX,
        "AFTER DELETE ON snippet",
        f"DELETE FROM {SNIPPET_INDEX} WHERE rowid = old.id;",
    ),
    _trigger(
        "snippet_tag_fts_insert",
        SNIPPET_INDEX,
        "AFTER INSERT ON snippet_tag",
        f"UPDATE {SNIPPET_INDEX} SET tags = {_TAGS.format(id='new.snippet_id')} WHERE rowid = new.snippet_id;",
    ),
    _trigger(
        "snippet_tag_fts_update",
        SNIPPET_INDEX,
        "AFTER UPDATE ON snippet_tag",
        f"UPDATE {SNIPPET_INDEX} SET tags = {_TAGS.format(id='old.snippet_id')} WHERE rowid = old.snippet_id;"
        f" UPDATE {SNIPPET_INDEX} SET tags = {_TAGS.format(id='new.snippet_id')} WHERE rowid = new.snippet_id;",
    ),
    _trigger(
        "snippet_tag_fts_delete",
        SNIPPET_INDEX,
        "AFTER DELETE ON snippet_tag",
        f"UPDATE {SNIPPET_INDEX} SET tags = {_TAGS.format(id='old.snippet_id')} WHERE rowid = old.snippet_id;",
    ),
)

_FILL = {
    SOURCE_INDEX: f"INSERT INTO {SOURCE_INDEX}({_SOURCE_COLUMNS}) SELECT {_SOURCE_VALUES.format(p='')} FROM source",
    SNIPPET_INDEX: f"INSERT INTO {SNIPPET_INDEX}(rowid, text, note, tags)"
    f" SELECT s.id, s.text, s.note, {_TAGS.format(id='s.id')} FROM snippet AS s",
}


def create_search_index(connection: Connection) -> None:
    """Create the FTS tables and triggers, and index every existing row."""
    for statement in _TABLES:
        connection.exec_driver_sql(statement)
    for trigger in TRIGGERS:
        connection.exec_driver_sql(trigger.sql)
    for index in _INDEXES:
        reindex(connection, index)


def recreate_source_index(connection: Connection, prefixes: Sequence[int]) -> None:
    """Rebuild ``source_fts`` with other prefix indexes, index every source, merge.

    FTS5 fixes a table's options when it is created, so a change of options is a
    new table. The triggers name the table, not its options, and stay as they are.
    """
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {SOURCE_INDEX}")
    connection.exec_driver_sql(source_table_sql(prefixes))
    reindex(connection, SOURCE_INDEX)
    optimize(connection, SOURCE_INDEX)


def recreate_source_triggers(connection: Connection) -> None:
    """Replace the source triggers with this version's, and index every source again with them."""
    for trigger in TRIGGERS:
        if trigger.index == SOURCE_INDEX:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger.name}")
            connection.exec_driver_sql(trigger.sql)
    reindex(connection, SOURCE_INDEX)


def drop_search_index(connection: Connection) -> None:
    for trigger in TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger.name}")
    for index in _INDEXES:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {index}")


def reindex(connection: Connection, index: str) -> None:
    """Rebuild one FTS table from its tables (after a rebuild of them, or to repair it)."""
    connection.exec_driver_sql(f"DELETE FROM {index}")
    connection.exec_driver_sql(_FILL[index])


def optimize(connection: Connection, index: str) -> None:
    """Merge all of an index's segments into one, in one go (migrations only: it takes
    seconds on a large library, and holds the write lock throughout)."""
    connection.exec_driver_sql(f"INSERT INTO {index}({index}) VALUES ('optimize')")


def merge_step(connection: Connection, index: str, pages: int) -> bool:
    """Merge some of an index's segments, writing about ``pages`` pages; True if it did.

    A negative 'merge' merges segments of every level, as few as two (as 'optimize'
    does, but a step at a time). FTS5 reports work done through the change count:
    a difference of less than two means there was nothing left to merge.
    """
    before = connection.exec_driver_sql("SELECT total_changes()").scalar_one()
    connection.exec_driver_sql(
        f"INSERT INTO {index}({index}, rank) VALUES ('merge', ?)", (-abs(pages),)
    )
    after = connection.exec_driver_sql("SELECT total_changes()").scalar_one()
    return int(after) - int(before) >= 2


def segment_count(connection: Connection, index: str) -> int:
    """How many segments (b-trees) the index has now: 1 when fully merged."""
    value = connection.exec_driver_sql(f"SELECT count(DISTINCT segid) FROM {index}_idx").scalar()
    return int(value or 0)


def restore_after_migration(connection: Connection) -> list[str]:
    """Put back triggers that a table rebuild dropped; re-index what they guard.

    Returns the names of the triggers restored. Cheap when nothing is missing
    (one query), which is every migration that doesn't rebuild source, snippet
    or snippet_tag.
    """
    present = _names(connection, "table")
    if not all(index in present for index in _INDEXES):
        return []  # before 0002, or after a migration that replaced the index
    triggers = _names(connection, "trigger")
    missing = [t for t in TRIGGERS if t.name not in triggers]
    for trigger in missing:
        connection.exec_driver_sql(trigger.sql)
    for index in sorted({t.index for t in missing}):
        # While its trigger was gone, rows may have been copied, changed or dropped.
        reindex(connection, index)
    return [t.name for t in missing]


def _names(connection: Connection, kind: str) -> set[str]:
    rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = ?", (kind,))
    return {str(r[0]) for r in rows}
