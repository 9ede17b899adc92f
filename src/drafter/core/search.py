"""Full-text search across the library's sources and snippets.

What the user types is read simply, because it is typed into a search box while
they think about something else:

- plain words must all match, and each also matches as the start of a word, so
  results appear while typing ("facial recog" finds "facial recognition");
- "quoted words" must appear together in that order; a quote still open at the
  end is a phrase still being typed, so its last word matches as a start too;
- nothing else is special. AND, NEAR, -, *, (, : and stray quotes are just
  characters, and no query, however odd, raises an error.

Results are ranked with bm25 (a match in a title counts more than one in the
body) and come back as frozen records. A broad query (more than
``BROAD_MATCHES`` sources) ranks only the sources it matches in their head
(title, authors, publisher, standfirst) and lists the others newest first.
The index itself is SQLite FTS5, behind ``drafter.core.store.fts``.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from drafter.core.errors import DrafterError, NotFoundError
from drafter.core.store import Store, fts, pg_fts

if TYPE_CHECKING:
    from sqlalchemy import Connection

#: Straight and curly double quotes delimit phrases (a pasted “phrase” counts too).
_QUOTES = re.compile('["\u201c\u201d]')
#: NUL and lone surrogates can't be passed to SQLite as text; they separate words anyway.
_UNSENDABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class Term:
    """A word or phrase of the query; ``prefix``: its last word may be unfinished."""

    text: str
    prefix: bool
    phrase: bool = False  # typed in quotes


@dataclass(frozen=True)
class SearchHit:
    kind: Literal["source", "snippet"]
    id: int  # the source's id or the snippet's id, by kind
    source_id: int
    title: str | None  # the source's title (None: unknown)
    snippet_text: str | None  # a snippet's exact text; None for a source hit
    excerpt: tuple[tuple[str, bool], ...]  # (text, is_match) pieces, for highlighting
    rank: float  # bm25: lower (more negative) is a better match; 0: not ranked (a broad query's match outside the head)

    @property
    def excerpt_text(self) -> str:
        return "".join(text for text, _ in self.excerpt)


@dataclass(frozen=True)
class SearchResults:
    """Hits of each kind, best first; at most ``limit`` of each kind."""

    query: str
    terms: tuple[Term, ...] = ()
    sources: tuple[SearchHit, ...] = ()
    snippets: tuple[SearchHit, ...] = ()
    more_sources: bool = False  # more sources matched than the limit let through
    more_snippets: bool = False

    @property
    def hits(self) -> tuple[SearchHit, ...]:
        """Snippets first (the user's own chosen evidence), then sources."""
        return self.snippets + self.sources

    def __len__(self) -> int:
        return len(self.sources) + len(self.snippets)

    def __bool__(self) -> bool:
        return bool(self.sources or self.snippets)


#: Shorter words are matched whole, not as the start of longer words.
MIN_PREFIX = 3
#: Results of each kind returned by default: a screenful, best first.
DEFAULT_LIMIT = 25
#: A typed word longer than the longest prefix index (5 letters) that begins more than
#: this many words of the sources' index is asked as its first five letters; see ``_expanded``.
EXPANSION_CAP = 64


def parse_query(query: str) -> tuple[Term, ...]:
    """The words and phrases of a query, in order, without repeats or empty ones."""
    parts = _QUOTES.split(_UNSENDABLE.sub(" ", query))
    terms: list[Term] = []
    for i, part in enumerate(parts):
        if i % 2 == 0:  # outside quotes: every word on its own, matched as a prefix
            terms += [Term(word, prefix=_long_enough(word)) for word in part.split()]
        else:
            still_typing = i == len(parts) - 1  # no closing quote yet
            text = " ".join(part.split())
            terms.append(Term(text, prefix=still_typing and _long_enough(text), phrase=True))
    seen: set[tuple[str, bool, bool]] = set()
    unique = []
    for term in terms:
        key = (term.text.casefold(), term.prefix, term.phrase)
        if _has_word(term.text) and key not in seen:
            seen.add(key)
            unique.append(term)
    return tuple(unique)


def _long_enough(text: str) -> bool:
    """Whether the last word the index will see in ``text`` has MIN_PREFIX letters.

    Only the last word of a term is matched as a prefix, and the index splits
    words at punctuation: "uk's" ends in the word "s", "a.b" in "b". A one-letter
    prefix ("s*") matches most of a large library, and costs a hundred
    milliseconds or more for results nobody wants; so does a phrase still being
    typed that ends in one letter ('"live f').
    """
    return _last_word_length(text) >= MIN_PREFIX


def _last_word_length(text: str) -> int:
    """Letters in the last word of ``text``, as the index splits words."""
    letters = 0
    for ch in reversed(text):
        if _is_word_char(ch):
            letters += 1
        elif letters:  # the start of the last word ("police," ends in "police")
            break
    return letters


def _is_word_char(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Co"


def _has_word(text: str) -> bool:
    # A term of punctuation only would be an empty phrase, which FTS5 treats as
    # matching nothing, emptying the whole AND. Word characters are unicode61's
    # default categories (L*, N*, Co) by Python's Unicode tables; SQLite's own are
    # older, and differ for emoji and unassigned code points (a term of emoji only
    # is dropped here, though SQLite would index 🙂 as a word) and for 21 recent
    # letters (a term of only those finds nothing). Neither ever raises.
    return any(_is_word_char(ch) for ch in text)


class SearchCancelled(DrafterError):
    """The search was stopped by ``SearchCancel.cancel`` before it finished."""


class SearchCancel:
    """Stops a search running in another thread, at once: a newer query has made it stale.

    Most queries take milliseconds, but a prefix of six letters or more that
    begins many words ('counte' at 50,000 sources: 0.6 s) makes FTS5 merge every
    such word's list; typed letter by letter, each such query held up the next.
    ``cancel`` interrupts SQLite (``sqlite3.Connection.interrupt``, safe from any
    thread) only on the connections the search holds at that moment, so a
    connection back in the pool is never interrupted.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: list[sqlite3.Connection] = []
        self.cancelled = False

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            for connection in self._held:
                connection.interrupt()

    def _hold(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            if self.cancelled:
                raise SearchCancelled("The search was stopped.")
            self._held.append(connection)
            # An interrupt that comes between two statements is forgotten when the next one
            # starts; SQLite asks this every 100,000 steps of a statement (a few times in a
            # 50 ms query) whether to stop.
            connection.set_progress_handler(self._stop_now, _PROGRESS_STEPS)

    def _release(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            self._held.remove(connection)
            connection.set_progress_handler(None, 0)

    def _stop_now(self) -> int:
        return 1 if self.cancelled else 0


_PROGRESS_STEPS = 100_000


_pool_lock = threading.Lock()
_pool: list[ThreadPoolExecutor] = []


def _snippet_thread() -> ThreadPoolExecutor:
    """The one thread that ranks snippets beside the sources' ranking, made on first use."""
    with _pool_lock:
        if not _pool:
            _pool.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="drafter-search"))
        return _pool[0]


def search(
    store: Store,
    query: str,
    *,
    limit: int = DEFAULT_LIMIT,
    source_id: int | None = None,
    tag: str | None = None,
    used: bool | None = None,
    cancel: SearchCancel | None = None,
) -> SearchResults:
    """Sources and snippets matching ``query``.

    ``source_id`` limits both kinds to one source; ``tag`` (exact) and ``used``
    (quoted in an answer or not) filter snippets only, since sources have
    neither. An empty query finds nothing. With ``cancel``, another thread can
    stop the search; it then raises ``SearchCancelled``.

    Sources and snippets are searched at the same time, on two connections:
    SQLite lets go of Python's lock while it works, so on two cores a common
    word at 50,000 sources takes the longer of the two instead of their sum.

    Hits come best first: ranked by bm25 (a match in a title counts more than one
    in the body). A query that matches more than ``BROAD_MATCHES`` sources (a
    common word, two or three typed letters, in a big library) ranks only the
    sources it matches in their title, authors, publisher or standfirst, and
    then lists the others newest first (``_ranked_sources``); PostgreSQL does the
    same. No source is left out: the same sources match either way.
    """
    terms = parse_query(query)
    if not terms or limit <= 0:
        return SearchResults(query, terms)
    if _on_postgres(store):
        return _search_postgres(store, query, terms, limit=limit, source_id=source_id, tag=tag, used=used,
                                cancel=cancel)
    match = fts.match_expression(terms)
    if cancel is not None and cancel.cancelled:
        raise SearchCancelled("The search was stopped.")
    snippet_half = _snippet_thread().submit(
        _held, store, cancel,
        lambda connection: fts.query_snippets(connection, match, limit=limit, source_id=source_id, tag=tag,
                                              used=used, broad=BROAD_MATCHES),
    )

    def rank_sources(connection: Connection) -> tuple[list[fts.SourceRow], bool]:
        asked, spelled = _expanded(connection, terms)
        return _ranked_sources(connection, asked, limit=limit, source_id=source_id, spelled=spelled)

    try:
        sources, more_sources = _held(store, cancel, rank_sources)
    finally:
        # Never leave the other half running on its own, whatever happened to this one.
        wait([snippet_half])
    snippets, more_snippets = snippet_half.result()
    return SearchResults(
        query=query,
        terms=terms,
        sources=tuple(_source_hit(row) for row in sources),
        snippets=tuple(_snippet_hit(row) for row in snippets),
        more_sources=more_sources,
        more_snippets=more_snippets,
    )


_T = TypeVar("_T")

#: A query matching more sources than this is broad: only its matches in the sources' heads
#: are ranked, the rest come newest first (``fts.query_sources_broad``). PostgreSQL's
#: ``pg_fts.RANK_POOL``, so both engines order a broad query by the same rule.
BROAD_MATCHES = pg_fts.RANK_POOL


def _ranked_sources(
    connection: Connection,
    asked: tuple[Term, ...],
    *,
    limit: int,
    source_id: int | None,
    spelled: dict[int, list[str]] | None = None,
) -> tuple[list[fts.SourceRow], bool]:
    """The first ``limit`` sources for ``asked``, and whether more matched.

    Ranking is most of a search's time when a word matches most of a large
    library: bm25 costs about a microsecond a match, so a common word or a
    3-letter prefix at 50,000 sources took 40–55 ms of one processor however the
    query was put, for an order nobody reads past the first screen
    (``docs/performance.md``). So a query that matches more than
    ``BROAD_MATCHES`` sources (counting that far costs well under a
    millisecond: FTS5 walks the matches newest first and stops there) ranks
    only those it matches in their title, authors, publisher or standfirst,
    and lists the others newest first; every other query is ranked in full by
    bm25, as before. Either way every match can be had (ask for as many as
    match).

    ``spelled``: the words each long prefix (six letters or more, by its
    position in ``asked``) begins, from ``_expanded``, when they are few. FTS5 has no index for
    such a prefix and merges its words' lists anew at every statement ('office'
    at 50,000 sources: 10 ms each); asked as those words joined by OR, which
    match exactly the same sources, it walks their lists side by side and
    stops when it has enough: telling a broad query and finding its newest
    matches takes under a millisecond instead. The broad path keeps that form
    (its head matches are ranked by bm25 of the words, and its excerpts fetched
    in one pass: 6 against 41 ms for 'office' on a busy machine); a narrow
    query is ranked as typed, as before.
    """
    match = fts.match_expression(asked)
    by_rowid = excerpts_by_rowid(asked)
    if source_id is None:
        probe = fts.spelled_expression(asked, spelled) if spelled else match
        newest = fts.newest_sources(connection, probe, max(BROAD_MATCHES + 1, 2 * limit + 1))
        if len(newest) > BROAD_MATCHES:
            return fts.query_sources_broad(connection, probe, newest, limit=limit, pool=BROAD_MATCHES,
                                           by_rowid=by_rowid and not spelled)
    return fts.query_sources(connection, match, limit=limit, source_id=source_id, by_rowid=by_rowid)


def _held(store: Store, cancel: SearchCancel | None, query: Callable[[Connection], _T]) -> _T:
    """Run ``query`` on a pooled connection that ``cancel`` can interrupt while it runs."""
    with store.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        if cancel is not None:
            cancel._hold(raw)  # type: ignore[arg-type]
        try:
            return query(connection)
        except Exception as exc:
            if cancel is not None and cancel.cancelled:
                raise SearchCancelled("The search was stopped.") from exc
            raise
        finally:
            if cancel is not None:
                cancel._release(raw)  # type: ignore[arg-type]


def excerpts_by_rowid(terms: tuple[Term, ...]) -> bool:
    """Whether the index can find each term again cheaply, row by row.

    True when every term is whole words, or ends in a prefix that has its own
    index (3–5 letters); a longer prefix is put together from the lists of all
    the words it begins each time it is looked up.
    """
    return all(not t.prefix or fts.prefix_indexed(_last_word_length(t.text)) for t in terms)


_LONGEST_INDEXED = max(fts.SOURCE_PREFIXES)
#: A long prefix that begins at most this many words is asked as those words joined by OR on a
#: broad query's path (``_ranked_sources``). FTS5 then walks one list a word: 'office' (5 words, in
#: nearly every source) took 12 ms that way against 66 ms as a prefix at 50,000 sources, but
#: 'overma' (60 rare words) 59 against 23 ms, the walk of sixty lists costing more than a merge.
SPELL_CAP = 8
#: A word as the tokeniser writes it, that needs nothing of the tokeniser to be compared: see ``_expanded``.
_PLAIN_WORD = re.compile("[a-z0-9]+")


def _expanded(connection: Connection, terms: tuple[Term, ...]) -> tuple[tuple[Term, ...], dict[int, list[str]]]:
    """The terms as the sources' index is asked them: a long prefix that begins too many words, shortened.

    FTS5 has prefix indexes of 3, 4 and 5 letters only. A longer prefix is put
    together at each query from the lists of every word it begins: cheap for a
    few words, but "counte" at 50,000 sources begins 3,000 words (in bench/'s
    generated library) and took 0.6 s. So a typed word of six letters or more
    (outside quotes) is first looked up in the index's vocabulary
    (``fts.words_beginning``, which lists at most ``EXPANSION_CAP`` + 1 words,
    about a millisecond):

    - if it begins at most ``EXPANSION_CAP`` words, it is asked as typed: the
      same sources, in the same order, as always;
    - if it begins more, it is asked as its first five letters, which have an
      index: every source the typed prefix matches is found, and also those with
      words that share only the five letters ("country" for "counte"), until a
      further letter brings it under the cap. Never fewer results, never a
      merge of thousands of lists.

    Only words of plain a–z and 0–9 (in any case) are looked up; a word with
    accents or other letters keeps its prefix as typed, since the tokeniser
    alone knows how it writes those.

    Also returns, for each long prefix asked as typed (by its position) that
    begins at most ``SPELL_CAP`` words, those words: a broad query is asked with them spelled out
    (``fts.spelled_expression``; see ``_ranked_sources``).
    """
    asked = list(terms)
    spelled: dict[int, list[str]] = {}
    for i, term in enumerate(terms):
        typed = term.text.lower()
        if term.phrase or not term.prefix or len(typed) <= _LONGEST_INDEXED or not _PLAIN_WORD.fullmatch(typed):
            continue
        words = fts.words_beginning(connection, typed, EXPANSION_CAP + 1)
        if len(words) > EXPANSION_CAP:
            asked[i] = Term(typed[:_LONGEST_INDEXED], prefix=True)
        elif 0 < len(words) <= SPELL_CAP:
            spelled[i] = words
    return tuple(asked), spelled


def _on_postgres(store: Store) -> bool:
    return store.dialect == "postgresql"


def _search_postgres(store: Store, query: str, terms: tuple[Term, ...], *, limit: int, source_id: int | None,
                     tag: str | None, used: bool | None, cancel: SearchCancel | None) -> SearchResults:
    """``search`` on a PostgreSQL library (``drafter.core.store.pg_fts``): the same hits, ranked by ts_rank_cd.

    A cancel is seen between the two halves, not during a statement.
    """

    def stop_if_cancelled() -> None:
        if cancel is not None and cancel.cancelled:
            raise SearchCancelled("The search was stopped.")

    def rank_snippets() -> tuple[list[fts.SnippetRow], bool]:
        with store.engine.connect() as connection:
            return pg_fts.query_snippets(connection, terms, limit=limit, source_id=source_id, tag=tag, used=used)

    stop_if_cancelled()
    snippet_half = _snippet_thread().submit(rank_snippets)
    try:
        with store.engine.connect() as connection:
            asked = pg_fts.expanded(connection, terms, cap=EXPANSION_CAP, longest=_LONGEST_INDEXED)
            sources, more_sources = pg_fts.query_sources(connection, asked, limit=limit, source_id=source_id)
    finally:
        wait([snippet_half])
    snippets, more_snippets = snippet_half.result()
    stop_if_cancelled()
    return SearchResults(
        query=query,
        terms=terms,
        sources=tuple(_source_hit(row) for row in sources),
        snippets=tuple(_snippet_hit(row) for row in snippets),
        more_sources=more_sources,
        more_snippets=more_snippets,
    )


def _source_hit(row: fts.SourceRow) -> SearchHit:
    return SearchHit(
        "source", row.id, row.id, row.title, None, fts.excerpt_pieces(row.excerpt), row.rank
    )


def _snippet_hit(row: fts.SnippetRow) -> SearchHit:
    return SearchHit(
        "snippet",
        row.id,
        row.source_id,
        row.title,
        row.text,
        fts.excerpt_pieces(row.excerpt),
        row.rank,
    )


def match_spans(store: Store, source_id: int, query: str) -> list[tuple[int, int]]:
    """Where the query's words and phrases occur in the source's text, as (start, end).

    Offsets are Python string offsets into ``source.text``, ready for the reader
    to highlight. Any one term is enough to be highlighted (the reader shows every
    occurrence, even of a source that matched the query only through its title).
    The matching is the index's own (FTS5 ``highlight()``), so the reader
    highlights exactly what search found.
    """
    terms = parse_query(query)
    if _on_postgres(store):
        with store.engine.connect() as connection:
            text = pg_fts.source_text(connection, source_id)
        if text is None:
            raise NotFoundError(f"There is no source with id {source_id} in the library.")
        return pg_fts.spans(text, terms)
    with store.engine.connect() as connection:
        text = fts.source_text(connection, source_id)
        if text is None:
            raise NotFoundError(f"There is no source with id {source_id} in the library.")
        if not terms:
            return []
        open_mark, close_mark = _markers_absent_from(text)
        marked = fts.highlight_source_text(
            connection, source_id, fts.match_expression(terms, any_term=True), open_mark, close_mark
        )
    if marked is None:
        return []
    spans = []
    position = 0
    pieces = fts.excerpt_pieces(marked, open_mark, close_mark)
    for piece, is_match in pieces:
        if is_match:
            spans.append((position, position + len(piece)))
        position += len(piece)
    if "".join(piece for piece, _ in pieces) != text:
        # The index holds another version of the text: no highlight beats a wrong one.
        return []
    return spans


def _markers_absent_from(text: str) -> tuple[str, str]:
    """Two private-use characters the text doesn't contain, so markers can't be confused."""
    present = set(text)
    free = (ch for ch in map(chr, range(0xE000, 0xF900)) if ch not in present)
    return next(free), next(free)


#: Pages of index written per merge step: about 0.1 s of work, so an edit made
#: meanwhile (in the window or from the command line) waits at most that long.
MERGE_STEP_PAGES = 500


def tidy_index(store: Store, *, max_steps: int | None = None) -> bool:
    """Merge the search index's segments into one, a bounded step per transaction.

    Every committed write adds a small segment to the index; SQLite merges them
    gradually as more writes come, but after a big import (thousands of sources)
    many remain, and a search reads each of them for every word. Call this after
    a big import or a library import, off the UI thread; it can be stopped
    between steps (``max_steps``) and called again to carry on. Returns True
    once both indexes are a single segment. Results are unchanged by it.
    """
    steps = 0
    for index, segments in index_segments(store).items():
        if segments <= 1:
            continue  # nothing to merge: no write at all
        while max_steps is None or steps < max_steps:
            with store.transaction() as session:
                worked = fts.merge_step(session.connection(), index, MERGE_STEP_PAGES)
            steps += 1
            if not worked:
                break
        else:
            return False
    return True


def index_segments(store: Store) -> dict[str, int]:
    """Segments in each search index (1 when fully merged): for diagnostics and tests.

    Empty on PostgreSQL, whose GIN indexes the server itself keeps tidy (autovacuum):
    ``tidy_index`` then has nothing to do.
    """
    if _on_postgres(store):
        return {}
    with store.engine.connect() as connection:
        return {index: fts.segment_count(connection, index) for index in fts.INDEXES}
