"""Search on PostgreSQL against search on SQLite, the same library and queries, in one run.

    .venv/bin/python bench/suite/search_pg.py                      # 10,000 and 50,000 sources
    .venv/bin/python bench/suite/search_pg.py --sizes 1000 --queries 60 --repeats 1

Figure: p95 and median over ~200 mixed queries (``suite.search._queries``: common,
mid-frequency and rare words, a word being typed, 1–3 letters, phrases) of
``drafter.core.search.search`` on a PostgreSQL library, everything included.
Baseline: the same call on the SQLite library it was copied from, each query
timed ``repeats`` times, the two engines alternately, and its median kept.
Targets (issue 20): PostgreSQL's p95 within 2× of SQLite's, and under 60 ms at
50,000 sources.

The library is ``generate.py``'s (cached in bench/.cache/); its sources, snippets
and tags are copied into a database on a throwaway PostgreSQL server started for
the run (tests/pg_server.py: a cluster in a temporary folder, on a Unix socket),
where the search triggers index them as they would any write. The server runs on
the same machine, so a query pays a local socket's round trip, not a network's.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
ROOT = BENCH.parent
for extra in (BENCH, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from suite.common import Row, judged, median, percentile, sources_in

#: Tables copied, parents first, and the columns of each that the generator fills.
COPIED = ("source", "snippet", "snippet_tag")


def _ms(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def pg_store(url: str, data_dir: Path):  # type: ignore[no-untyped-def]
    """A Store on the (empty) database at ``url``, migrated to this checkout's schema (search index included)."""
    from drafter.core.store import Store

    return Store.open_url(url, data_dir, seed=False)


def _vector(fields: list[str | None], weights: str) -> str:
    """A vector as tsvector text, as ``drafter_fts_vector`` makes it."""
    from drafter.core.store import pg_fts

    parts, offset = [], 0
    for field, weight in zip(fields, weights, strict=True):
        found = pg_fts.words(field or "")
        parts += [f"'{w}':{min(offset + n, 16383)}{weight}" for n, w in enumerate(found, start=1)]
        if found:
            offset += len(found) + 1
    return " ".join(parts)


def _lookup(fields: list[str | None]) -> tuple[str, bool]:
    """(lookup as tsvector text, partial), as ``drafter_fts_lookup`` makes them."""
    from drafter.core.store import pg_fts

    entries, partial = pg_fts.lookup_entries([f or "" for f in fields])
    return " ".join("'" + e.replace("\\", "\\\\").replace("'", "''") + "'" for e in entries), partial


def _names(authors: str | None) -> str | None:
    """Authors (JSON) as ``drafter_fts_authors`` reads them."""
    import json

    try:
        parsed = json.loads(authors) if authors is not None else None
    except ValueError:
        return authors
    if not isinstance(parsed, list) or not parsed:
        return parsed if isinstance(parsed, str) else None
    return ", ".join(
        (e.get("literal") or f"{e.get('given') or ''} {e.get('family') or ''}".strip()) if isinstance(e, dict)
        else str(e) for e in parsed)


def _index_in_python(con: sqlite3.Connection, cursor) -> None:  # type: ignore[no-untyped-def]
    """Fill the search tables with what the triggers would write, computed here (triggers off)."""
    from drafter.core.store import pg_fts

    with cursor.copy(f"COPY {pg_fts.SOURCE_INDEX} (id, head, vector, lookup, partial) FROM STDIN") as copy:
        for i, title, authors, publisher, standfirst, text in con.execute(
                "SELECT id, title, authors, publisher, standfirst, text FROM source"):
            fields = [title, _names(authors), publisher, standfirst]
            copy.write_row([i, _vector(fields, "ABCC"), _vector([*fields, text], "ABCCD"), *_lookup([*fields, text])])
    tags: dict[int, list[str]] = {}
    for snippet_id, tag in con.execute("SELECT snippet_id, tag FROM snippet_tag"):
        tags.setdefault(snippet_id, []).append(tag)
    with cursor.copy(f"COPY {pg_fts.SNIPPET_INDEX} (id, head, vector, lookup, partial) FROM STDIN") as copy:
        for i, note, text in con.execute("SELECT id, note, text FROM snippet"):
            joined = ", ".join(sorted(tags[i])) if i in tags else None
            copy.write_row([i, _vector([joined, note], "AD"), _vector([joined, note, text], "ADD"),
                            *_lookup([joined, note, text])])
    cursor.execute(f"INSERT INTO {pg_fts.VOCABULARY} (word) SELECT DISTINCT unnest(tsvector_to_array(vector))"
                   f" FROM {pg_fts.SOURCE_INDEX} ON CONFLICT DO NOTHING")


def _check_sample(cursor, sample: int = 200) -> int:  # type: ignore[no-untyped-def]
    """Index a sample of rows again through the server's own functions; how many came out different."""
    from drafter.core.store import pg_fts

    differ = 0
    for index, function in ((pg_fts.SOURCE_INDEX, "drafter_fts_source"), (pg_fts.SNIPPET_INDEX, "drafter_fts_snippet")):
        ids = [r[0] for r in cursor.execute(f"SELECT id FROM {index} ORDER BY random() LIMIT %s", (sample,))]
        for i in ids:
            before = cursor.execute(f"SELECT * FROM {index} WHERE id = %s", (i,)).fetchone()
            cursor.execute(f"SELECT {function}(%s)", (i,))
            differ += before != cursor.execute(f"SELECT * FROM {index} WHERE id = %s", (i,)).fetchone()
    return differ


def copy_library(sqlite_path: Path, store, *, fast: bool = True) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Copy sources, snippets and tags into the PostgreSQL store's database with COPY; counts copied.

    ``fast``: with the server's triggers off for this session (the bench's role is the
    server's superuser), the search tables are filled with what the triggers would write,
    computed in Python (four times faster on a busy machine), and a sample of rows is then
    indexed again by the server's own functions and compared: any difference is an error.
    Without ``fast``, every row goes through the triggers, as an import would.
    """
    from psycopg import sql
    from sqlmodel import SQLModel

    counts = {}
    con = sqlite3.connect(sqlite_path)
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if fast:
            cursor.execute("SET session_replication_role = replica")
        for table in COPIED:
            existing = {str(r[1]) for r in con.execute("SELECT * FROM pragma_table_info(?)", (table,))}
            columns = [c.name for c in SQLModel.metadata.tables[table].columns if c.name in existing]
            booleans = {c.name for c in SQLModel.metadata.tables[table].columns if str(c.type) == "BOOLEAN"}
            listed = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
            n = 0
            with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), listed)) as copy:
                for row in con.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in columns)} FROM {table}"
                                       " ORDER BY rowid"):
                    copy.write_row([bool(v) if c in booleans and v is not None else v
                                    for c, v in zip(columns, row, strict=True)])
                    n += 1
            counts[table] = n
        if fast:
            _index_in_python(con, cursor)
            cursor.execute("RESET session_replication_role")
        for table in COPIED:
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {}))".replace(
                "{}", sql.Identifier(table).as_string(cursor)), (table,))
        raw.commit()
        # As the server's autovacuum does within a minute of a bulk load: the statistics, and the
        # GIN indexes' pending entries merged in (a search reads those one by one).
        raw.dbapi_connection.autocommit = True  # type: ignore[union-attr]
        cursor.execute("VACUUM ANALYZE")
        raw.dbapi_connection.autocommit = False  # type: ignore[union-attr]
        if fast:
            counts["differences in a sample indexed again"] = _check_sample(cursor)
            raw.rollback()  # the sample's own rewrite is not kept
            if counts["differences in a sample indexed again"]:
                raise RuntimeError("the search index filled in Python differs from the triggers' on a sample")
    finally:
        raw.close()
        con.close()
    return counts


def rows(sqlite_folder: Path, label: str, server, queries: int = 200, repeats: int = 3) -> list[Row]:  # type: ignore[no-untyped-def]
    from drafter.core import search as core_search
    from drafter.core.paths import database_path
    from drafter.core.store import Store
    from suite.search import _queries

    asked = _queries(sqlite_folder, queries)
    database = server.new_database("bench")
    scratch = Path(tempfile.mkdtemp(prefix="drafter-bench-pg-"))
    lite = Store.open(sqlite_folder)
    pg = pg_store(server.url(database), scratch / "data")
    try:
        started = time.perf_counter()
        counts = copy_library(database_path(sqlite_folder), pg)
        copied = time.perf_counter() - started
        with pg.engine.connect() as connection:
            size_mb = connection.exec_driver_sql(
                "SELECT sum(pg_total_relation_size(c)) / 1e6 FROM unnest(ARRAY['source_fts', 'snippet_fts',"
                " 'source_fts_vocabulary']::regclass[]) AS c").scalar_one()
        for _, q in asked:  # caches warm for both
            core_search.search(lite, q)
            core_search.search(pg, q)
        app, base = [], []
        for _, q in asked:
            a, b = [], []
            for _ in range(repeats):
                b.append(_ms(lambda q=q: core_search.search(lite, q)))  # type: ignore[misc]
                a.append(_ms(lambda q=q: core_search.search(pg, q)))  # type: ignore[misc]
            app.append(median(a))
            base.append(median(b))
    finally:
        lite.close()
        pg.close()
        server.drop_database(database)
        shutil.rmtree(scratch, ignore_errors=True)
    slowest = max(range(len(app)), key=app.__getitem__)
    p95 = Row("search (PostgreSQL)", label, "p95 (ms)", percentile(app, 95), percentile(base, 95),
              note=f"{len(asked)} queries; slowest {asked[slowest][1]!r} {app[slowest]:.0f} ms;"
                   f" {counts['source']:,} sources copied and indexed in {copied:.0f} s;"
                   f" search tables {float(size_mb):,.0f} MB")
    out = [judged(p95, ratio_at_most=2.0)]
    if sources_in(label) >= 50_000:
        out.append(judged(Row("search (PostgreSQL)", label, "p95 (ms), absolute", p95.value, p95.baseline,
                              show_ratio=False), value_below=60.0))
    out.append(Row("search (PostgreSQL)", label, "median (ms)", median(app), median(base)))
    out.append(Row("search (PostgreSQL)", label, "worst (ms)", app[slowest], base[slowest],
                   note=repr(asked[slowest][1])))
    return out


def main(argv: list[str] | None = None) -> int:
    import generate
    import pg_server
    from run_all import table
    from suite.common import size_label

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    reason = pg_server.why_unavailable()
    if reason:
        print(f"No PostgreSQL server can be started here: {reason}", file=sys.stderr)
        return 1
    server = pg_server.start_server()
    tmp = Path(tempfile.mkdtemp(prefix="drafter-bench-pg-search-"))
    out: list[Row] = []
    try:
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
            folder = generate.make_library(tmp / f"library-{size}", size)
            print(f"{size:,} sources: measuring …", file=sys.stderr, flush=True)
            out += rows(folder, size_label(size), server, args.queries, args.repeats)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print(table(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
