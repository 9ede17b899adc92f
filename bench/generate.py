"""Generated libraries for the benchmarks: realistic sizes, facts, snippets and responses.

    make_library(folder, 10_000)          # a data folder with 10,000 sources (+ the 5 stored)
    make_long_source(folder)              # one 200,000-word source with 500 snippets

A library is a data folder that ``Store.open`` has created and migrated (so it
holds the five stored articles and the schema of this checkout), filled with
plain ``sqlite3`` ``executemany`` inserts in one transaction, so the search
triggers index every row as they would any import. What goes in:

- sources: article lengths log-normal around 800 words (150–4,000), words from
  ``search_bench``'s Zipf-like vocabulary; a realistic mix of facts: unknown
  and missing authors, full, partial and unknown dates, URLs with and without
  an accessed date, some unknown titles and publishers;
- snippets: about one per source (0–3), each an exact sentence of its source,
  a third with a note, most with 0–3 tags;
- responses: one of about 20 questions per 1,000 sources, each answer a mix
  of the organisation's own paragraphs and quotations of snippets.

Everything is seeded, so the same arguments give the same library. A built
library is cached in ``bench/.cache/`` under its size, seed, ``GENERATOR_VERSION``
and the database's schema revision, and copied from there next time.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from drafter.core.paths import database_path
from drafter.core.store import Store
from drafter.core.store.migrate import HEAD_REVISION
from search_bench import (
    _NAMES,
    _PUBLISHERS,
    _TAGS,
    Vocabulary,
    article,
    make_vocabulary,
    sentence,
)

#: Bump when what the generator writes changes, so cached libraries are rebuilt.
GENERATOR_VERSION = 1
SEED = 20261123
CACHE = BENCH / ".cache"

_BATCH = 1000  # sources generated and inserted per executemany (all in one transaction)
_EPOCH = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
_TYPES = ["article-newspaper"] * 14 + ["webpage"] * 3 + ["report"] * 2 + ["article-magazine"]
_FORMATS = ["text", "text", "html", "html", "markdown", "docx"]
_NOTES = ["key point", "use for Q3", "strong quote", "check the figure", "contrast with Home Office view"]
_SENTENCE = re.compile(r"[^.\n]+\.")


@dataclass(frozen=True)
class Built:
    """What a generated library holds, and how long building it took (0 when cached)."""

    folder: Path
    sources: int
    snippets: int
    responses: int
    seconds: float


def _stamp(minutes: int) -> str:
    return (_EPOCH + timedelta(minutes=minutes)).isoformat(timespec="seconds")


def _article_length(rng: random.Random) -> int:
    """Words in an article: log-normal, median 800, clamped to 150–4,000."""
    return max(150, min(4000, round(rng.lognormvariate(math.log(800), 0.6))))


def _source_row(rng: random.Random, vocab: Vocabulary, source_id: int, text: str) -> tuple[object, ...]:
    """One source's columns, with the mix of known and unknown facts a real library has."""
    title = None if rng.random() < 0.04 else " ".join(vocab.sample(rng, rng.randint(5, 12))).capitalize()
    publisher = None if rng.random() < 0.08 else rng.choice(_PUBLISHERS)
    names = [n for n in _NAMES if n]
    roll = rng.random()
    authors = None if roll < 0.2 else [] if roll < 0.3 else [
        {"family": n.split()[-1], "given": " ".join(n.split()[:-1])} for n in rng.sample(names, 1 if roll < 0.85 else 2)
    ]
    roll = rng.random()
    year, month, day = rng.randint(2012, 2026), rng.randint(1, 12), rng.randint(1, 28)
    date = (
        f"{year}-{month:02d}-{day:02d}" if roll < 0.6
        else f"{year}-{month:02d}" if roll < 0.8
        else str(year) if roll < 0.9
        else None
    )
    url = f"https://news.example.org/{year}/{source_id}" if rng.random() < 0.7 else None
    accessed = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}" if url and rng.random() < 0.6 else None
    standfirst = sentence(rng, vocab) if rng.random() < 0.5 else None
    kind = rng.choice(_FORMATS)
    extension = {"text": "txt", "markdown": "md"}.get(kind, kind)
    filename = f"article-{source_id}.{extension}" if rng.random() < 0.5 else None
    stamp = _stamp(source_id)
    return (
        source_id, rng.choice(_TYPES), title, publisher, json.dumps(authors), date, url, accessed,
        standfirst, filename, kind, sha256(text.encode("utf-8")).hexdigest(), text, stamp, stamp,
    )


def _snippet_spans(rng: random.Random, text: str, count: int) -> list[tuple[int, int]]:
    """``count`` distinct sentences of ``text`` as (start, end), leading spaces excluded."""
    spans = [m.span() for m in _SENTENCE.finditer(text)]
    chosen = sorted(rng.sample(spans, min(count, len(spans))))
    out = []
    for start, end in chosen:
        start += len(text[start:end]) - len(text[start:end].lstrip())
        if end - start > 1:
            out.append((start, end))
    return out


@dataclass
class _Rows:
    sources: list[tuple[object, ...]]
    snippets: list[tuple[object, ...]]
    tags: list[tuple[int, str]]


def _batches(rng: random.Random, vocab: Vocabulary, n: int, first_source: int, first_snippet: int) -> Iterator[_Rows]:
    source_id, snippet_id = first_source, first_snippet
    for start in range(0, n, _BATCH):
        rows = _Rows([], [], [])
        for _ in range(min(_BATCH, n - start)):
            text = article(rng, vocab, _article_length(rng))
            rows.sources.append(_source_row(rng, vocab, source_id, text))
            count = rng.choices([0, 1, 2, 3], weights=[35, 35, 20, 10])[0]  # 1.05 on average
            for s, e in _snippet_spans(rng, text, count):
                note = rng.choice(_NOTES) if rng.random() < 0.33 else ""
                stamp = _stamp(source_id + 1)
                rows.snippets.append((snippet_id, source_id, s, e, text[s:e], note, stamp, stamp))
                rows.tags.extend((snippet_id, t) for t in rng.sample(_TAGS, rng.randint(0, 3)))
                snippet_id += 1
            source_id += 1
        yield rows


def _responses(con: sqlite3.Connection, rng: random.Random, vocab: Vocabulary, count: int,
               snippet_ids: list[int]) -> None:
    """``count`` responses of about 20 questions, answered with own text and quotations."""
    question_id = (con.execute("SELECT coalesce(max(id), 0) FROM question").fetchone()[0]) + 1
    block_id = (con.execute("SELECT coalesce(max(id), 0) FROM answer_block").fetchone()[0]) + 1
    questions, blocks = [], []
    for r in range(count):
        stamp = _stamp(r)
        cur = con.execute(
            "INSERT INTO response (consultation_title, consulting_body, organisation, contact, may_publish,"
            " introduction, citation_style, quotations_count_toward_limit, created_at, updated_at)"
            " VALUES (?, 'Home Office', 'Rights Watch', 'policy@rightswatch.example', 1, ?, 'oscola', 1, ?, ?)",
            (f"Consultation {r + 1}: " + sentence(rng, vocab).rstrip("."),
             " ".join(sentence(rng, vocab) for _ in range(3)), stamp, stamp),
        )
        for q in range(rng.randint(18, 22)):
            options = ["Agree", "Disagree", "Neither"] if rng.random() < 0.5 else []
            questions.append((
                question_id, cur.lastrowid, q, str(q + 1), sentence(rng, vocab).rstrip(".") + "?",
                json.dumps(options), rng.choice(options) if options and rng.random() < 0.7 else None,
                rng.choice([None, None, 250, 500]),
            ))
            kinds = ["paragraph"] * rng.randint(1, 3) + ["quotation"] * rng.randint(0, 5)
            rng.shuffle(kinds)
            for position, kind in enumerate(kinds):
                quoted = kind == "quotation" and snippet_ids
                text = (rng.choice(["", "As the report notes,", "One study found"]) if quoted
                        else " ".join(sentence(rng, vocab) for _ in range(rng.randint(2, 6))))
                blocks.append((block_id, question_id, position, "quotation" if quoted else "paragraph", text,
                               rng.choice(snippet_ids) if quoted else None, stamp, stamp))
                block_id += 1
            question_id += 1
    con.executemany(
        "INSERT INTO question (id, response_id, position, label, text, options, chosen_option, word_limit,"
        " confidential) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", questions)
    con.executemany(
        "INSERT INTO answer_block (id, question_id, position, kind, text, snippet_id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", blocks)


def _bulk_connection(folder: Path) -> sqlite3.Connection:
    con = sqlite3.connect(database_path(folder), isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")  # a bulk load of generated data, not the user's edits
    con.execute("PRAGMA foreign_keys=ON")
    return con


def vocabulary(seed: int = SEED) -> Vocabulary:
    """The vocabulary a library generated with ``seed`` was written in (for making queries)."""
    return make_vocabulary(random.Random(seed))


def fill(folder: Path, sources: int, seed: int = SEED) -> Built:
    """Create ``folder`` as a data folder and add ``sources`` generated sources to it."""
    started = time.perf_counter()
    Store.open(folder).close()  # the schema of this checkout, and the five stored articles
    rng = random.Random(seed)
    vocab = make_vocabulary(rng)
    con = _bulk_connection(folder)
    try:
        con.execute("BEGIN")
        first_source = con.execute("SELECT coalesce(max(id), 0) FROM source").fetchone()[0] + 1
        first_snippet = con.execute("SELECT coalesce(max(id), 0) FROM snippet").fetchone()[0] + 1
        snippet_ids: list[int] = []
        for rows in _batches(rng, vocab, sources, first_source, first_snippet):
            con.executemany(
                "INSERT INTO source (id, type, title, publisher, authors, date, url, accessed, standfirst,"
                " original_filename, format, content_hash, text, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.sources)
            con.executemany(
                'INSERT INTO snippet (id, source_id, start, "end", text, note, created_at, updated_at)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows.snippets)
            con.executemany("INSERT INTO snippet_tag (snippet_id, tag) VALUES (?, ?)", rows.tags)
            snippet_ids.extend(int(r[0]) for r in rows.snippets)  # type: ignore[call-overload]
        responses = max(1, round(sources / 1000))
        _responses(con, rng, vocab, responses, snippet_ids)
        con.execute("COMMIT")
        con.execute("PRAGMA optimize")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return Built(folder, sources, len(snippet_ids), responses, time.perf_counter() - started)


def cache_folder(sources: int, seed: int = SEED) -> Path:
    return CACHE / f"library-{sources}-seed{seed}-gen{GENERATOR_VERSION}-rev{HEAD_REVISION}"


def cached_library(sources: int, seed: int = SEED) -> Built:
    """The cached library of this size, built first if there is none; never modify it.

    A lock file keeps two runs from building the same library at once.
    """
    import fcntl

    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / f".lock-{sources}-{seed}").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _cached_library(sources, seed)


def _cached_library(sources: int, seed: int) -> Built:
    folder = cache_folder(sources, seed)
    facts = folder / "built.json"
    if facts.is_file():
        data = json.loads(facts.read_text())
        return Built(folder, data["sources"], data["snippets"], data["responses"], 0.0)
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    built = fill(building, sources, seed)
    (building / "built.json").write_text(json.dumps(
        {"sources": sources, "snippets": built.snippets, "responses": built.responses, "seconds": built.seconds}))
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)
    for stale in CACHE.glob(f"library-{sources}-seed{seed}-*"):  # older generator or schema: never used again
        if stale != folder and not stale.name.endswith(".building"):
            shutil.rmtree(stale, ignore_errors=True)
    return Built(folder, built.sources, built.snippets, built.responses, built.seconds)


def make_library(folder: Path, sources: int, seed: int = SEED) -> Path:
    """A new data folder at ``folder`` holding the generated library (copied from the cache)."""
    return make_library_built(folder, sources, seed).folder


def make_library_built(folder: Path, sources: int, seed: int = SEED) -> Built:
    """Like ``make_library``, with the library's counts and the seconds spent generating it."""
    built = cached_library(sources, seed)
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(database_path(built.folder), database_path(folder))
    return Built(folder, built.sources, built.snippets, built.responses, built.seconds)


def make_long_source(folder: Path, words: int = 200_000, snippets: int = 500, seed: int = SEED) -> int:
    """Add one source of ``words`` words with ``snippets`` snippets spread through it; its id.

    ``folder`` is a data folder (created if needed). The snippets are the first
    sentence of each of ``snippets`` equal stretches of the text.
    """
    Store.open(folder).close()
    rng = random.Random(seed + 1)
    vocab = make_vocabulary(rng)
    text = article(rng, vocab, words)
    spans = [m.span() for m in _SENTENCE.finditer(text)]
    step = len(text) / snippets
    chosen, i = [], 0
    for k in range(snippets):
        while i < len(spans) and spans[i][0] < k * step:
            i += 1
        if i < len(spans):
            start, end = spans[i]
            start += len(text[start:end]) - len(text[start:end].lstrip())
            chosen.append((start, end))
            i += 1
    con = _bulk_connection(folder)
    try:
        con.execute("BEGIN")
        stamp = _stamp(0)
        cur = con.execute(
            "INSERT INTO source (type, title, publisher, authors, date, format, content_hash, text,"
            " created_at, updated_at) VALUES ('report', 'A very long report', 'Home Office', 'null',"
            " NULL, 'text', ?, ?, ?, ?)", (sha256(text.encode("utf-8")).hexdigest(), text, stamp, stamp))
        source_id = int(cur.lastrowid or 0)
        con.executemany(
            'INSERT INTO snippet (source_id, start, "end", text, note, created_at, updated_at)'
            " VALUES (?, ?, ?, ?, '', ?, ?)", [(source_id, s, e, text[s:e], stamp, stamp) for s, e in chosen])
        con.execute("COMMIT")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return source_id


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build (or find) the cached benchmark libraries.")
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for size in (int(s) for s in args.sizes.split(",")):
        built = cached_library(size, args.seed)
        how = f"built in {built.seconds:.0f} s" if built.seconds else "cached"
        print(f"{size:>7,} sources, {built.snippets:,} snippets, {built.responses} responses: {how}"
              f" ({built.folder})")


if __name__ == "__main__":
    main()
