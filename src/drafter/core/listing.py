"""The library and snippets lists, read a page at a time.

A list of 50,000 sources must open and scroll at once, so the window never loads
every row. It asks for the ordered ids (small: an index holds them) and then
for the rows of the page on screen. Ordering and filtering happen in SQLite,
on the indexes of migration 0004; nothing here reads a source's full text.

These are plain ``sqlite3`` reads through ``Store.reader()``: they run on every
scroll, where the ORM's per-row cost shows, and they are what the window needs
before SQLAlchemy has even been imported. Each comes back from SQLite in one
step (``store.onestep``), so a busy worker thread cannot make the window wait
once per row. Every change still goes through the ORM in ``library``,
``snippets`` and ``responses``.

On a shared library on a PostgreSQL server the same reads run through its
``PostgresReader``; the few expressions SQLite writes its own way have a server form
beside them (``SERVER_SOURCE_ORDERS``, ``SERVER_SNIPPET_ORDERS``, ILIKE for LIKE).
The server sorts by ``lower(…) COLLATE "C"``, SQLite by ``NOCASE``: the same order for
ASCII text; ``lower()`` also folds capitals beyond ASCII ("É" with "é"), which NOCASE
leaves as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from drafter.core.errors import NotFoundError
from drafter.core.names import Name, from_json, from_legacy_text
from drafter.core.records import PageSpan, SnippetRecord, SourceRecord, SourceSummary
from drafter.core.store import onestep

if TYPE_CHECKING:
    from drafter.core.store import Reader, Store

#: SQLite caps the variables of one statement (32,766 since 3.32); pages stay well below.
_CHUNK = 900

#: Library orders: the column's SQL, which uses the matching index of migration 0004.
SOURCE_ORDERS = {
    "title": "title COLLATE NOCASE",
    "publisher": "publisher COLLATE NOCASE",
    "date": "date",
}

#: The same orders on a PostgreSQL server (the indexes of migration 0004's server branch).
SERVER_SOURCE_ORDERS = {
    "title": 'lower(title) COLLATE "C"',
    "publisher": 'lower(publisher) COLLATE "C"',
    "date": 'date COLLATE "C"',
}

#: Snippet orders. "source" is reading order: by source, then by place in it.
SNIPPET_ORDERS = {
    "source": "s.source_id {dir}, s.start {dir}, s.\"end\" {dir}",
    "text": "s.text COLLATE NOCASE {dir}",
    "title": "src.title IS NULL, src.title COLLATE NOCASE {dir}",
    "tags": "(SELECT min(t.tag) FROM snippet_tag t WHERE t.snippet_id = s.id) IS NULL, "
    "(SELECT min(t.tag COLLATE NOCASE) FROM snippet_tag t WHERE t.snippet_id = s.id) {dir}",
    "note": "s.note = '', s.note COLLATE NOCASE {dir}",
    "used": "(SELECT count(*) FROM answer_block b WHERE b.snippet_id = s.id) {dir}",
    "created": "s.created_at {dir}",
    # The order snippets were made in, by their ids (which rise as they are made and which an undo
    # gives back): newest first with the primary key, where sorting 50,000 by time took 85 ms.
    "made": "s.id {dir}",
}


#: The same snippet orders on a PostgreSQL server.
SERVER_SNIPPET_ORDERS = {
    **SNIPPET_ORDERS,
    "text": 'lower(s.text) COLLATE "C" {dir}',
    "title": 'src.title IS NULL, lower(src.title) COLLATE "C" {dir}',
    "tags": "(SELECT min(t.tag) FROM snippet_tag t WHERE t.snippet_id = s.id) IS NULL, "
    '(SELECT min(lower(t.tag) COLLATE "C") FROM snippet_tag t WHERE t.snippet_id = s.id) {dir}',
    "note": "s.note = '', lower(s.note) COLLATE \"C\" {dir}",
    "created": 's.created_at COLLATE "C" {dir}',
}


def _on_server(store: Store) -> bool:
    return store.dialect == "postgresql"


def _direction(descending: bool) -> str:
    return "DESC" if descending else "ASC"


# --- sources ---------------------------------------------------------------------------


def source_ids(store: Store, column: str = "date", *, descending: bool = True) -> list[int]:
    """Every source's id in this order; unknown values come last whichever way it runs.

    Ties are broken by id, in the same direction, so the order is total and stable.
    """
    key = (SERVER_SOURCE_ORDERS if _on_server(store) else SOURCE_ORDERS)[column]
    direction = _direction(descending)
    connection = store.reader()
    # Two walks of one index: the known values in order, then the unknown ones.
    known = onestep.values(
        connection, "id", f"FROM source WHERE {column} IS NOT NULL ORDER BY {key} {direction}, id {direction}"
    )
    unknown = onestep.values(connection, "id", f"FROM source WHERE {column} IS NULL ORDER BY id {direction}")
    return known + unknown


def count_sources(store: Store) -> int:
    return int(store.reader().execute("SELECT count(*) FROM source").fetchone()[0])


def source_summaries(store: Store, ids: Sequence[int]) -> list[SourceSummary]:
    """The list rows of these sources, in the order given; ids that are gone are skipped."""
    found: dict[int, SourceSummary] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for i, title, publisher, date, authors in onestep.rows(
            store.reader(), ("id", "title", "publisher", "date", "authors"), f"FROM source WHERE id IN ({marks})", chunk
        ):
            found[i] = SourceSummary(id=i, title=title, publisher=publisher, date=date, authors=_authors(authors))
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class CitedFacts:
    """A source's citation facts without its text (``citation_facts``)."""

    id: int
    type: str
    title: str | None
    publisher: str | None
    authors: tuple[Name, ...] | None
    date: str | None
    url: str | None
    accessed: str | None
    variables: Mapping[str, Any] = field(default_factory=dict)


def citation_facts(store: Store, ids: Sequence[int]) -> dict[int, CitedFacts]:
    """The citation facts of these sources, by id; ids that are gone are missing.

    The export reads these first to start pandoc early; a source's full text,
    which ``source_record`` also reads, can run to megabytes.
    """
    found: dict[int, CitedFacts] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for i, kind, title, publisher, authors, date, url, accessed, variables in onestep.rows(
            store.reader(), ("id", "type", "title", "publisher", "authors", "date", "url", "accessed", "variables"),
            f"FROM source WHERE id IN ({marks})", chunk,
        ):
            found[i] = CitedFacts(
                i, kind, title, publisher, _authors(authors), date, url, accessed, _variables(variables))
    return found


#: The columns whose change the reader must show (everything but the text, which can't change).
_STAMP_COLUMNS = (
    "type", "title", "publisher", "authors", "date", "url", "accessed", "standfirst", "variables", "updated_at",
)


def source_stamp(store: Store, source_id: int) -> tuple[object, ...] | None:
    """A value that changes whenever the source's facts change; None if it is gone."""
    row = onestep.row(store.reader(), _STAMP_COLUMNS, "FROM source WHERE id = ?", (source_id,))
    return tuple(row) if row is not None else None


_SOURCE_COLUMNS = (
    "id", "type", "title", "publisher", "authors", "date", "url", "accessed", "standfirst", "original_filename",
    "format", "content_hash", "text", "fact_basis", "stored_article", "created_at", "updated_at", "variables",
)


def source_record(store: Store, source_id: int) -> SourceRecord:
    """One source with all its facts, its full text and its printed page numbers."""
    connection = store.reader()
    row = onestep.row(connection, _SOURCE_COLUMNS, "FROM source WHERE id = ?", (source_id,))
    if row is None:
        raise NotFoundError(f"There is no source with id {source_id} in the library.")
    pages = tuple(
        PageSpan(start, end, label)
        for start, end, label in onestep.rows(
            connection, ("start", '"end"', "label"), "FROM source_page WHERE source_id = ? ORDER BY start", (source_id,)
        )
    )
    basis = json.loads(row[13]) if row[13] else None
    return SourceRecord(
        id=row[0], type=row[1], title=row[2], publisher=row[3], authors=_authors(row[4]), date=row[5],
        url=row[6], accessed=row[7], standfirst=row[8], original_filename=row[9], format=row[10],
        content_hash=row[11], text=row[12], fact_basis=dict(basis or {}), stored_article=row[14],
        created_at=row[15], updated_at=row[16], pages=pages, variables=_variables(row[17]),
    )


def _variables(value: str | None) -> dict[str, Any]:
    """A type's other CSL variables as stored (a JSON object); anything else is none."""
    try:
        loaded = json.loads(value) if value else None
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _authors(value: str | None) -> tuple[Name, ...] | None:
    if value is None:
        return None
    try:
        names = json.loads(value)
    except ValueError:
        return (from_legacy_text(value),)
    return from_json(names)


# --- snippets --------------------------------------------------------------------------


@dataclass(frozen=True)
class SnippetQuery:
    """Which snippets a list shows, and in what order."""

    text: str = ""  # matched, ignoring case, in the text, source title, tags and note
    unused_only: bool = False
    source_id: int | None = None
    column: str = "source"
    descending: bool = False


def snippet_ids(store: Store, query: SnippetQuery = SnippetQuery(), *, limit: int | None = None) -> list[int]:
    """The ids of the snippets the query shows, in its order; only the first ``limit`` if given."""
    where, params = _snippet_filter(query, server=_on_server(store))
    orders = SERVER_SNIPPET_ORDERS if _on_server(store) else SNIPPET_ORDERS
    order = orders[query.column].format(dir=_direction(query.descending))
    join = "JOIN source src ON src.id = s.source_id" if query.column == "title" or query.text.strip() else ""
    rest = f"FROM snippet s {join} {where} ORDER BY {order}, s.id {_direction(query.descending)}"
    if limit is not None:
        rest += f" LIMIT {int(limit)}"
    return onestep.values(store.reader(), "s.id", rest, params)


def _snippet_filter(query: SnippetQuery, *, server: bool = False) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if query.source_id is not None:
        clauses.append("s.source_id = ?")
        params.append(query.source_id)
    if query.unused_only:
        clauses.append("NOT EXISTS (SELECT 1 FROM answer_block b WHERE b.snippet_id = s.id)")
    like = "ILIKE" if server else "LIKE"  # a server's LIKE minds case; SQLite's does not (for ASCII)
    for word in query.text.split():
        # Each word must appear somewhere (like the search box of a mail client); LIKE
        # ignores case for ASCII, and the pattern's own % and _ are taken literally.
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(
            f"(s.text {like} ? ESCAPE '\\' OR s.note {like} ? ESCAPE '\\' OR src.title {like} ? ESCAPE '\\' "
            f"OR EXISTS (SELECT 1 FROM snippet_tag t WHERE t.snippet_id = s.id AND t.tag {like} ? ESCAPE '\\'))"
        )
        params.extend([pattern] * 4)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def count_snippets(store: Store, query: SnippetQuery = SnippetQuery()) -> int:
    if query.unused_only and query.source_id is None and not query.text.strip():
        # All snippets less the quoted ones: two index counts, where testing every snippet
        # for a quotation took 9 ms at 50,000 (foreign keys keep every quoted id a snippet).
        return int(store.reader().execute(
            "SELECT (SELECT count(*) FROM snippet) - "
            "(SELECT count(DISTINCT snippet_id) FROM answer_block WHERE snippet_id IS NOT NULL)"
        ).fetchone()[0])
    where, params = _snippet_filter(query, server=_on_server(store))
    join = "JOIN source src ON src.id = s.source_id" if query.text.strip() else ""
    return int(store.reader().execute(f"SELECT count(*) FROM snippet s {join} {where}", params).fetchone()[0])


def snippet_records(store: Store, ids: Sequence[int]) -> list[SnippetRecord]:
    """These snippets with their source's title, tags and use, in the order given."""
    connection = store.reader()
    found: dict[int, SnippetRecord] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        tags = _tags(connection, chunk, marks)
        used = dict(onestep.rows(
            connection, ("snippet_id", "count(*)"),
            f"FROM answer_block WHERE snippet_id IN ({marks}) GROUP BY snippet_id", chunk,
        ))
        for row in onestep.rows(
            connection,
            ("s.id", "s.source_id", "src.title", "s.start", 's."end"', "s.text", "s.page_label", "s.note",
             "s.created_at"),
            f"FROM snippet s JOIN source src ON src.id = s.source_id WHERE s.id IN ({marks})",
            chunk,
        ):
            i = row[0]
            found[i] = SnippetRecord(
                id=i, source_id=row[1], source_title=row[2], start=row[3], end=row[4], text=row[5],
                page_label=row[6], note=row[7], tags=tuple(tags.get(i, ())), used_in=int(used.get(i, 0)),
                created_at=row[8],
            )
    return [found[i] for i in ids if i in found]


def snippets_of_source(store: Store, source_id: int) -> list[SnippetRecord]:
    """Every snippet of one source, in reading order (the reader highlights them all)."""
    return snippet_records(store, snippet_ids(store, SnippetQuery(source_id=source_id)))


def _tags(connection: Reader, chunk: list[int], marks: str) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    for snippet_id, tag in onestep.rows(
        connection, ("snippet_id", "tag"), f"FROM snippet_tag WHERE snippet_id IN ({marks}) ORDER BY id", chunk
    ):
        tags.setdefault(snippet_id, []).append(tag)
    return tags


def all_tags(store: Store) -> list[str]:
    """Every tag in use, once, in alphabetical order ignoring case."""
    tags = onestep.values(store.reader(), "DISTINCT tag", "FROM snippet_tag")
    return sorted(tags, key=str.casefold)


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    batch: list[int] = []
    for i in ids:
        batch.append(int(i))
        if len(batch) == _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch
