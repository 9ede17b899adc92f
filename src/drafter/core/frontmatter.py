"""Split an article's leading lines (headline, byline, dates …) from its body.

Text saved from news sites starts with lines that are not the article's words:
a scraper's ``date 2025-08-01`` prefix, the outlet's masthead and tagline, the
headline, a standfirst, a date line, a "By …" byline, a category line, a picture
caption. They must never end up inside a quotation, so they are cut off the
body and read as *guesses* at citation facts instead.

This is a heuristic on purpose: there is no library that reads front matter out
of plain text (trafilatura does it for HTML, which has markup to go on). It
only looks at the first few non-blank lines, stops at the first line that reads
like body prose, and records for every guess which line it came from, so the
user can check it. It never invents: a date without a year stays without a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.core.dates import find_date_phrase

#: How many non-blank lines may be front matter before we give up and keep all text.
MAX_FRONT_LINES = 10
#: A headline longer than this is read as a standfirst (sub-heading sentence).
MAX_HEADLINE_WORDS = 16

_META_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_CAPTION = re.compile(r"\b(?:Picture|Photo|Photograph|Image|Credit)s?\s*:\s*\S[^.]*\.?\s*$")
_CATEGORY = re.compile(r"^(?:Categories|Category|Tags|Filed under|Section|Topics)\s*:", re.IGNORECASE)
_BYLINE = re.compile(
    r"(?:^|[\s—–|-])By\s+(?P<names>[A-Z][\w'’.-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w'’.-]*){0,7})\s*$"
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")


@dataclass(frozen=True)
class FrontLine:
    """One leading line and the role it was given."""

    role: str  # metadata-date, masthead, tagline, headline, standfirst, date, byline, category, caption
    text: str


@dataclass(frozen=True)
class FrontMatter:
    body_start: int
    title: str | None = None
    standfirst: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    basis: dict[str, str] = field(default_factory=dict)
    lines: tuple[FrontLine, ...] = ()


def _words(line: str) -> int:
    return len(line.split())


def _is_body_like(line: str) -> bool:
    words = _words(line)
    return words >= 20 or (words >= 8 and bool(_SENTENCE_END.search(line)))


def _is_tagline(line: str) -> bool:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", line.strip()) if s]
    return len(sentences) >= 2 and all(_words(s) <= 3 for s in sentences)


def _is_date_line(line: str) -> bool:
    found = find_date_phrase(line)
    if not found:
        return False
    start, end = found[1]
    rest = (line[:start] + line[end:]).strip(" ,.-—–|:")
    return rest.lower() in {"", "published", "updated", "posted", "last updated"}


def _split_names(names: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    return tuple(p.strip() for p in parts if p.strip())


#: A caption is short; a longer paragraph that ends "Picture: …" is more than a caption.
MAX_CAPTION_WORDS = 40


def is_caption(paragraph: str) -> bool:
    """A picture's caption or credit line ("… Picture: Getty", "Credit: PA Wire"), not an article's words."""
    stripped = paragraph.strip()
    return bool(stripped) and "\n" not in stripped and _words(stripped) <= MAX_CAPTION_WORDS \
        and bool(_CAPTION.search(stripped))


def _iter_lines(text: str, start: int):
    pos = start
    for raw in text[start:].splitlines(keepends=True):
        yield pos, raw.rstrip("\r\n")
        pos += len(raw)


def split_front_matter(text: str) -> FrontMatter:
    """Find where the article's own words begin and guess facts from what precedes them."""
    facts: dict[str, object] = {}
    basis: dict[str, str] = {}
    roles: list[FrontLine] = []
    candidates: list[tuple[int, str]] = []  # title-like lines, in order
    undated_phrase: str | None = None

    scan_from = 0
    prefix = _META_DATE_PREFIX.match(text)
    if prefix:
        facts["date"] = prefix.group(1)
        basis["date"] = f"the text's leading metadata 'date {prefix.group(1)}'"
        roles.append(FrontLine("metadata-date", prefix.group(0).strip()))
        scan_from = prefix.end()

    body_start: int | None = None
    seen = 0
    for offset, line in _iter_lines(text, scan_from):
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > MAX_FRONT_LINES:
            break
        lead = len(line) - len(line.lstrip())
        if _CAPTION.search(stripped):
            roles.append(FrontLine("caption", stripped))
            continue
        if _CATEGORY.match(stripped):
            roles.append(FrontLine("category", stripped))
            continue
        byline = _BYLINE.search(stripped)
        if byline and _words(stripped) <= 14:
            roles.append(FrontLine("byline", stripped))
            authors = _split_names(byline.group("names"))
            if authors and "authors" not in facts:
                facts["authors"] = authors
                basis["authors"] = f"byline '{stripped}'"
            undated_phrase = _take_date(stripped, facts, basis, "byline") or undated_phrase
            continue
        if _is_date_line(stripped):
            roles.append(FrontLine("date", stripped))
            undated_phrase = _take_date(stripped, facts, basis, "date line") or undated_phrase
            continue
        if _is_body_like(stripped) or len(candidates) >= 4:
            body_start = offset + lead
            break
        candidates.append((offset + lead, stripped))

    if body_start is None:
        # No line reads like prose: we cannot tell front matter from body, so keep everything.
        return FrontMatter(body_start=0)

    _assign_candidates(candidates, facts, basis, roles)
    if undated_phrase and "date" not in facts:
        basis["date"] = f"'{undated_phrase}' gives no year, so the date is left unknown"
    byline_authors = facts.get("authors", ())
    return FrontMatter(
        body_start=body_start,
        title=_str(facts.get("title")),
        standfirst=_str(facts.get("standfirst")),
        publisher=_str(facts.get("publisher")),
        authors=byline_authors if isinstance(byline_authors, tuple) else (),
        date=_str(facts.get("date")),
        basis=basis,
        lines=tuple(roles),
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _take_date(line: str, facts: dict[str, object], basis: dict[str, str], where: str) -> str | None:
    """Record a dated line's date; return the phrase when it lacks a year."""
    found = find_date_phrase(line)
    if not found:
        return None
    phrase, (start, end) = found
    partial = phrase.to_partial()
    if partial is None:
        return line[start:end]
    if "date" not in facts:
        facts["date"] = partial.iso()
        basis["date"] = f"{where} '{line}'"
    return None


def _assign_candidates(
    candidates: list[tuple[int, str]],
    facts: dict[str, object],
    basis: dict[str, str],
    roles: list[FrontLine],
) -> None:
    rest = list(candidates)
    # A very short first line followed by more heading lines is the outlet's masthead.
    if len(rest) >= 2 and _words(rest[0][1]) <= 3 and not _is_tagline(rest[0][1]):
        name = rest.pop(0)[1]
        facts["publisher"] = name
        basis["publisher"] = f"first line '{name}', read as the outlet's masthead"
        roles.append(FrontLine("masthead", name))
    kept: list[str] = []
    for _, line in rest:
        if _is_tagline(line):
            roles.append(FrontLine("tagline", line))
        else:
            kept.append(line)
    if kept and _words(kept[0]) <= MAX_HEADLINE_WORDS:
        headline = kept.pop(0)
        facts["title"] = headline
        basis["title"] = f"headline line '{headline}'"
        roles.append(FrontLine("headline", headline))
    if kept:
        # One line only: joining lines that other front matter separates would make
        # a sentence the article never printed.
        facts["standfirst"] = kept[0]
        basis["standfirst"] = "the line after the headline"
        roles.append(FrontLine("standfirst", kept[0]))
        roles += [FrontLine("heading", line) for line in kept[1:]]
