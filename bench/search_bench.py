"""How fast is search on a big library? A benchmark, not a test: it never asserts times.

    .venv/bin/python bench/search_bench.py              # 10,000 sources, 200 queries
    .venv/bin/python bench/search_bench.py --sources 2000
    .venv/bin/python bench/search_bench.py --quick      # 500 sources, 50 queries
    .venv/bin/python bench/search_bench.py --data-dir /tmp/lib10k    # build there, keep it
    .venv/bin/python bench/search_bench.py --library /tmp/lib10k     # measure it again

It builds a library in a fresh data folder (a temporary one unless --data-dir is
given): the five stored articles plus N generated articles of about 800 words,
inserted in bulk with plain SQL so the search triggers index them as they would
any import. The words follow a Zipf-like law over a vocabulary whose head is the
stored articles' own words in their own order of frequency (so "police",
"facial", "recognition" are common, as in a real consultation library) and whose
tail is made-up English-looking words (prefix + root + suffix), which gives the
long tail of rare terms a real corpus has. Everything is seeded: the same
arguments give the same library and queries.

It then times, for the same queries:
  (a) the baseline: FTS5 through sqlite3 and no app code, the same MATCH
      expressions, ranked, top 51 rowids of sources and of snippets;
  (b) the same SQL the app runs (excerpts, joins), still through bare sqlite3;
  (c) drafter.core.search.search, everything included.
and the start-up cost: Store.open on the folder, against sqlite3.connect and a
trivial query.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from hashlib import sha256
from importlib.resources import files
from pathlib import Path

from drafter.core.paths import database_path
from drafter.core.search import (
    DEFAULT_LIMIT,
    excerpts_by_rowid,
    index_segments,
    parse_query,
    search,
    tidy_index,
)
from drafter.core.store import Store, fts

SEED = 20251204  # the day the consultation opened


def _words(text: str) -> list[str]:
    return text.split()


_PREFIXES = _words("re un pre dis over inter counter sub trans non mis co de out under")
_ROOTS = _words(
    "form port act struct vis dict spect tract press mit duct ject pose scribe cede claim "
    "fer gress pend rupt sent serv tain vent volve cess clude cur fect gen grad leg log mod "
    "mot nat pel plic rect sist sol tend tort vert voc cept cred fid flect flu fract graph "
    "junct lat loc luc man mers migr min mob mut nomin not nov pass path ped plac plen pon "
    "popul quir reg sec sequ sign spir stat strict sum tact tempor termin terr test text "
    "tribut vac val ven ver vid viv vol cap cid cit civ clar commun cord corp crim cult dom "
    "duc equ fin firm gest grat hab jud just lab liber lig lim litig magn mand medi ment "
    "merc norm offic oper ord part patr plan polic priv prob proc publ purs ratif rat regul "
    "rig sanct scrut secur soci spons stand struct surv sustain techn tenur trans trust "
    "verd vict"
)
_SUFFIXES = _words("s ed ing ion ions al ally ment ments ive ity er ers able ness ism ist ence ant")
#: Non-ASCII words real libraries have (names, loanwords), at mid frequency.
_ACCENTED = _words("café naïve résumé Zoë Siân Seán Beyoncé protégé déjà façade coöperate Łukasz")
_PUBLISHERS = [
    "The Guardian",
    "BBC News",
    "Evening Standard",
    "Liberty",
    "Home Office",
    "Big Brother Watch",
    "The Times",
    "Ada Lovelace Institute",
    "Local Government Association",
    "Computer Weekly",
]
_NAMES = [
    "Tom Foot",
    "Chay Quinn",
    "Ann Example",
    "Siân Berry",
    "Priya Shah",
    "Joe Bloggs",
    "Zoë Adams",
    None,
]
_TAGS = [
    "privacy",
    "oversight",
    "accuracy",
    "bias",
    "budget",
    "LFR",
    "consent",
    "legal basis",
    "children",
]


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    cum_weights: list[float]

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)


def article_words() -> list[str]:
    """The stored articles' words, most frequent first."""
    folder = files("drafter.resources").joinpath("articles")
    counts: Counter[str] = Counter()
    for entry in folder.iterdir():
        if entry.name.endswith(".txt"):
            counts.update(
                w.lower()
                for w in re.findall(r"[^\W\d_]+(?:[’'][^\W\d_]+)?", entry.read_text("utf-8"))
            )
    return [w for w, _ in counts.most_common()]


def make_vocabulary(rng: random.Random) -> Vocabulary:
    head = article_words()
    made = {p + r + s for p in _PREFIXES + [""] for r in _ROOTS for s in _SUFFIXES + [""]} - set(
        head
    )
    tail = sorted(made)
    rng.shuffle(tail)
    tail[200:200] = _ACCENTED  # mid-frequency
    words = head + tail
    # Zipf–Mandelbrot: frequency ~ 1 / (rank + 2.7), as in English text.
    total, cum = 0.0, []
    for rank in range(len(words)):
        total += 1.0 / (rank + 2.7)
        cum.append(total)
    return Vocabulary(words, cum)


def sentence(rng: random.Random, vocab: Vocabulary) -> str:
    words = vocab.sample(rng, rng.randint(8, 26))
    if rng.random() < 0.08:
        words.insert(rng.randrange(len(words)), f"£{rng.randint(2, 900)}m")
    if rng.random() < 0.15:
        i = rng.randrange(len(words) - 2)
        words[i] = "‘" + words[i]
        words[i + 2] = words[i + 2] + "’"
    if rng.random() < 0.2:
        words[rng.randrange(len(words) - 1)] += ","
    return " ".join(words)[:1].upper() + " ".join(words)[1:] + "."


def article(rng: random.Random, vocab: Vocabulary, words: int = 800) -> str:
    paragraphs, count = [], 0
    while count < words:
        sentences = [sentence(rng, vocab) for _ in range(rng.randint(2, 6))]
        count += sum(s.count(" ") + 1 for s in sentences)
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def generate_library(data_dir: Path, n: int, seed: int) -> tuple[Vocabulary, list[str], float]:
    """Fill a fresh data folder; return the vocabulary, some texts, and seconds spent inserting."""
    rng = random.Random(seed)
    vocab = make_vocabulary(rng)
    Store.open(data_dir).close()  # migrated to head, with the five stored articles
    con = sqlite3.connect(database_path(data_dir))
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")  # a bulk load, not user edits
    samples: list[str] = []
    started = time.perf_counter()
    now = "2026-01-01T00:00:00+00:00"
    batch = 500
    for first in range(0, n, batch):
        rows = []
        for i in range(first, min(first + batch, n)):
            text = article(rng, vocab)
            if i % 50 == 0:
                samples.append(text)
            name = rng.choice(_NAMES)
            rows.append(
                (
                    " ".join(vocab.sample(rng, rng.randint(6, 12))).capitalize(),
                    rng.choice(_PUBLISHERS),
                    json.dumps([name] if name else None),
                    f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}",
                    sentence(rng, vocab),
                    sha256(text.encode()).hexdigest(),
                    text,
                    now,
                    now,
                )
            )
        with con:
            con.executemany(
                "INSERT INTO source (type, title, publisher, authors, date, standfirst, format, content_hash,"
                " text, created_at, updated_at) VALUES ('article-newspaper', ?, ?, ?, ?, ?, 'text', ?, ?, ?, ?)",
                rows,
            )
    with con:
        _add_snippets(con, rng, n // 5, now)
    elapsed = time.perf_counter() - started
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return vocab, samples, elapsed


def _add_snippets(con: sqlite3.Connection, rng: random.Random, count: int, now: str) -> None:
    """One sentence of every fifth source becomes a snippet, with up to three tags."""
    ids = [r[0] for r in con.execute("SELECT id FROM source ORDER BY id")]
    for source_id in rng.sample(ids, min(count, len(ids))):
        text = con.execute("SELECT text FROM source WHERE id = ?", (source_id,)).fetchone()[0]
        spans = [m.span() for m in re.finditer(r"[^.\n]+\.", text)]
        start, end = spans[rng.randrange(len(spans))]
        start += len(text[start:end]) - len(text[start:end].lstrip())
        cur = con.execute(
            'INSERT INTO snippet (source_id, start, "end", text, note, created_at, updated_at)'
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                source_id,
                start,
                end,
                text[start:end],
                rng.choice(["", "", "key point", "use for Q3"]),
                now,
                now,
            ),
        )
        for tag in rng.sample(_TAGS, rng.randint(0, 3)):
            con.execute(
                "INSERT INTO snippet_tag (snippet_id, tag) VALUES (?, ?)", (cur.lastrowid, tag)
            )


def make_queries(
    rng: random.Random, vocab: Vocabulary, samples: Sequence[str], n: int
) -> list[tuple[str, str]]:
    """(kind, query) pairs: common and rare words, words being typed, prefixes, phrases."""
    common = vocab.words[:300]
    mid = vocab.words[300:3000]
    rare = vocab.words[-20000:]
    kinds: list[tuple[str, Callable[[], str]]] = [
        ("common word", lambda: rng.choice(common)),
        ("mid word", lambda: rng.choice(mid)),
        ("rare word", lambda: rng.choice(rare)),
        (
            "two words, 2nd typed",
            lambda: f"{rng.choice(common + mid)} {_typed(rng, rng.choice(mid))}",
        ),
        ("typing 1–3 letters", lambda: rng.choice(mid)[: rng.randint(1, 3)]),
        ("phrase", lambda: _phrase(rng, samples)),
    ]
    queries = []
    for i in range(n):
        kind, make = kinds[i % len(kinds)]
        queries.append((kind, make()))
    return queries


def _typed(rng: random.Random, word: str) -> str:
    return word[: max(3, min(len(word), rng.randint(3, 6)))]


def _phrase(rng: random.Random, samples: Sequence[str]) -> str:
    words = re.findall(r"[^\W_]+", rng.choice(samples))
    i = rng.randrange(len(words) - 3)
    return '"' + " ".join(words[i : i + rng.randint(2, 3)]) + '"'


# --- timing ---------------------------------------------------------------------------


def timed(run: Callable[[], object], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def baseline(con: sqlite3.Connection, match: str) -> None:
    for table in (fts.SOURCE_INDEX, fts.SNIPPET_INDEX):
        con.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT 51", (match,)
        ).fetchall()


def same_sql(con: sqlite3.Connection, match: str, *, by_rowid: bool = False) -> None:
    """The app's statements for one query: rank (one more than a page), then excerpts."""
    for ranked_sql, excerpt_sql in (
        (
            fts._SOURCE_RANKED.format(where=""),
            fts._SOURCE_EXCERPTS.format(rowids=fts._BY_ROWID if by_rowid else fts._ONE_PASS),
        ),
        (fts._SNIPPET_RANKED.format(join="", where=""), fts._SNIPPET_EXCERPTS),
    ):
        ranked = con.execute(ranked_sql, {"match": match, "limit": DEFAULT_LIMIT + 1}).fetchall()
        ids = [rowid for rowid, _ in ranked[:DEFAULT_LIMIT]]
        if ids:
            params = {**fts._EXCERPT_PARAMS, "match": match, "ids": json.dumps(ids)}
            con.execute(excerpt_sql, {**params, "first": min(ids), "last": max(ids)}).fetchall()


def percentiles(seconds: Iterable[float]) -> tuple[float, float]:
    values = sorted(s * 1000 for s in seconds)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return statistics.median(values), p95


def database_size(path: Path) -> tuple[int, dict[str, int]]:
    """File size, and bytes per table group where SQLite has the dbstat table."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:
        rows = []
    finally:
        con.close()
    groups: Counter[str] = Counter()
    for name, size in rows:
        group = next((i for i in (fts.SOURCE_INDEX, fts.SNIPPET_INDEX) if name.startswith(i)), None)
        if group and name.endswith("_content"):
            group += " (copy of the words)"
        groups[
            group
            or (
                "source"
                if name.startswith(("source", "sqlite_autoindex_source", "ix_source"))
                else "other"
            )
        ] += size
    return path.stat().st_size, dict(groups)


@dataclass
class Figures:
    sources: int
    insert_s: float
    size: int
    groups: dict[str, int]
    queries: list[tuple[str, str]]
    base: list[float]  # (a), seconds per query
    sql: list[float]  # (b)
    app: list[float]  # (c)
    found: list[int]  # source hits per query
    opens: list[float] = field(default_factory=list)
    connects: list[float] = field(default_factory=list)
    upgrade_s: float = 0.0
    segments: dict[str, int] = field(default_factory=dict)  # per FTS table, when measured
    tidy_s: float | None = None  # tidy_index after the build, if asked for


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=10_000, help="generated articles (10,000)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="500 sources, 50 queries")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--data-dir", type=Path, help="build here (a new folder), and keep it")
    parser.add_argument(
        "--library",
        type=Path,
        help="measure a library built earlier with --data-dir (same --seed) instead of building one;"
        " it is upgraded to this checkout's schema first, like any library",
    )
    parser.add_argument(
        "--tidy",
        action="store_true",
        help="merge the search index after the build (drafter.core.search.tidy_index), as the app"
        " may after a big import",
    )
    parser.add_argument(
        "--no-upgrade",
        action="store_true",
        help="skip timing the upgrade from revision 0001 (which rebuilds the library's index)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sources, args.queries = 500, 50
    options = {"tidy": args.tidy, "upgrade": not args.no_upgrade}
    if args.library:
        print(f"Measuring the library in {args.library} …", flush=True)
        report(measure_library(args.library, args.queries, args.seed, **options))
        return
    with tempfile.TemporaryDirectory(prefix="drafter-bench-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        if data_dir.exists():
            sys.exit(f"{data_dir} exists; give a new folder")
        print(f"Building {args.sources:,} generated articles in {data_dir} …", flush=True)
        report(measure(data_dir, args.sources, args.queries, args.seed, **options))


#: Written next to a library built here, so --library can ask the same queries again.
SAMPLES_FILE = "search-bench.json"


def measure(
    data_dir: Path,
    sources: int,
    n_queries: int,
    seed: int,
    *,
    tidy: bool = False,
    upgrade: bool = True,
) -> Figures:
    vocab, samples, insert_s = generate_library(data_dir, sources, seed)
    (data_dir / SAMPLES_FILE).write_text(
        json.dumps({"sources": sources, "seed": seed, "insert_s": insert_s, "samples": samples})
    )
    return _measure(data_dir, vocab, samples, sources, insert_s, n_queries, seed, tidy, upgrade)


def measure_library(
    data_dir: Path, n_queries: int, seed: int, *, tidy: bool = False, upgrade: bool = False
) -> Figures:
    """Measure a library that ``measure`` built and kept (``--data-dir``)."""
    if not (data_dir / SAMPLES_FILE).is_file():
        sys.exit(f"{data_dir} was not built by this benchmark with --data-dir")
    saved = json.loads((data_dir / SAMPLES_FILE).read_text())
    if saved["seed"] != seed:
        sys.exit(f"{data_dir} was built with --seed {saved['seed']}")
    Store.open(data_dir).close()  # up to this checkout's schema (a copy goes to backups/)
    vocab = make_vocabulary(random.Random(seed))  # generate_library's first draw
    return _measure(
        data_dir,
        vocab,
        saved["samples"],
        saved["sources"],
        saved["insert_s"],
        n_queries,
        seed,
        tidy,
        upgrade,
    )


def _measure(
    data_dir: Path,
    vocab: Vocabulary,
    samples: Sequence[str],
    sources: int,
    insert_s: float,
    n_queries: int,
    seed: int,
    tidy: bool,
    upgrade: bool,
) -> Figures:
    tidy_s = None
    if tidy:
        store = Store.open(data_dir)
        try:
            tidy_s = timed(lambda: tidy_index(store))
        finally:
            store.close()
    path = database_path(data_dir)
    size, groups = database_size(path)
    queries = make_queries(random.Random(seed + 1), vocab, samples, n_queries)
    terms = [parse_query(q) for _, q in queries]
    matches = [fts.match_expression(t) for t in terms]
    by_rowid = [excerpts_by_rowid(t) for t in terms]

    con = sqlite3.connect(path)
    store = Store.open(data_dir)
    try:
        for (_, q), m in zip(queries, matches, strict=False):  # warm the page cache for everyone
            baseline(con, m)
            search(store, q)
        # (a), (b) and (c) of each query in turn, so that other work on the machine
        # slows all three alike rather than whichever ran while it did.
        base, sql, app = [], [], []
        for (_, q), m, r in zip(queries, matches, by_rowid, strict=False):
            base.append(timed(partial(baseline, con, m), 3))
            sql.append(timed(partial(same_sql, con, m, by_rowid=r), 3))
            app.append(timed(partial(search, store, q), 3))
        figures = Figures(
            sources=sources,
            insert_s=insert_s,
            size=size,
            groups=groups,
            queries=queries,
            base=base,
            sql=sql,
            app=app,
            found=[len(search(store, q).sources) for _, q in queries],
            segments=index_segments(store),
            tidy_s=tidy_s,
        )
    finally:
        store.close()
        con.close()
    figures.opens = [timed(lambda: Store.open(data_dir).close()) for _ in range(7)]
    figures.connects = [timed(lambda: _connect_and_query(path)) for _ in range(7)]
    if upgrade:
        figures.upgrade_s = time_upgrade_from_0001(data_dir)
    return figures


def time_upgrade_from_0001(data_dir: Path) -> float:
    """Seconds for Store.open to migrate this library from 0001, which indexes every row."""
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{database_path(data_dir)}")
    with engine.begin() as connection:  # back to revision 0001: no index, no triggers
        fts.drop_search_index(connection)
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    engine.dispose()
    started = time.perf_counter()
    Store.open(data_dir).close()  # includes the copy put aside in backups/
    return time.perf_counter() - started


def _connect_and_query(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("SELECT count(*) FROM alembic_version").fetchone()
    con.close()


def report(f: Figures) -> None:
    mib = 1024 * 1024
    print(
        f"\nLibrary: {f.sources:,} generated articles + 5 stored, {f.sources // 5:,} snippets;"
        f" inserted and indexed in {f.insert_s:.1f} s ({f.sources / f.insert_s:,.0f} articles/s)"
    )
    print(f"Database: {f.size / mib:,.1f} MiB")
    for name, size in sorted(f.groups.items()):
        print(f"  {name:<32} {size / mib:8.1f} MiB")
    if f.tidy_s is not None:
        print(f"Index merged after the build (tidy_index) in {f.tidy_s:.1f} s")
    if f.segments:
        print("Index segments: " + ", ".join(f"{k} {v}" for k, v in f.segments.items()))

    print(f"\nSearch, {len(f.queries)} queries, best of 3 runs each (milliseconds)")
    print(f"{'':<26}{'median':>9}{'p95':>9}")
    for label, values in [
        ("(a) FTS5 via sqlite3", f.base),
        ("(b) app's SQL via sqlite3", f.sql),
        ("(c) search()", f.app),
    ]:
        median, p95 = percentiles(values)
        print(f"{label:<26}{median:>9.2f}{p95:>9.2f}")
    (bm, bp), (am, ap) = percentiles(f.base), percentiles(f.app)
    print(f"{'ratio (c)/(a)':<26}{am / bm:>9.1f}{ap / bp:>9.1f}")

    print("\nBy kind of query (median ms; sources found, median, at most 50)")
    print(f"{'kind':<24}{'n':>4}{'(a)':>9}{'(b)':>9}{'(c)':>9}{'found':>8}")
    for kind in dict.fromkeys(k for k, _ in f.queries):
        idx = [i for i, (k, _) in enumerate(f.queries) if k == kind]
        med = [statistics.median(v[i] * 1000 for i in idx) for v in (f.base, f.sql, f.app)]
        found = statistics.median(f.found[i] for i in idx)
        print(f"{kind:<24}{len(idx):>4}{med[0]:>9.2f}{med[1]:>9.2f}{med[2]:>9.2f}{found:>8.0f}")
    slowest = max(range(len(f.app)), key=f.app.__getitem__)
    print(f"slowest: {f.queries[slowest][1]!r} {f.app[slowest] * 1000:.1f} ms")

    print(f"\n{'Start-up (ms)':<24}{'median':>8}{'first':>9}")
    for label, values in [("sqlite3.connect + query", f.connects), ("Store.open", f.opens)]:
        print(f"{label:<24}{statistics.median(values) * 1000:>8.2f}{values[0] * 1000:>9.2f}")
    if f.upgrade_s:
        print(
            f"\nUpgrade of this library from revision 0001 (backup + indexing): {f.upgrade_s:.1f} s"
        )


if __name__ == "__main__":
    main()
