"""Where a quotation stands in its source, as the pinpoint its citation style asks for.

A snippet knows its place in the source's text (its offsets), so its pinpoint can be
worked out rather than typed:

- **legislation**: the section (and subsection) the quotation is in, ``s 64(2)``
  (OSCOLA 4th ed. §2.4.2), read from the section headings of the Act's text
  ("64 Data protection impact assessment", then "(1) …", "(2) …");
- **judgments** (``legal_case``): the numbered paragraph, ``para 91``, which
  OSCOLA prints ``[91]`` (§2.1.6) and APA and Cite Them Right ``para. 91``;
- **reports** whose paragraphs are numbered ("2.14 The review …"): that
  number, ``para 2.14`` (OSCOLA §3.4.4's ‘paras 3.12–3.17’); else the page;
- **paged sources**: the printed page, ``p 12`` (the snippet's page label);
- **unpaged web sources** in APA (web pages, blog posts, online news): the
  paragraph counted in the source's text, ``para 3`` (APA 7 §8.28). Paragraphs
  are the text's blocks between blank lines (its lines, if it has no blank
  line). Other styles cite such a page without a pinpoint.

A quotation that runs over two paragraphs or sections gets a range (``paras 3–4``).
The user's own pinpoint, when given, always wins (``override``). Nothing is
guessed: where the text shows no number, there is no pinpoint.

Hand-written: no library reads section and paragraph numbering from plain text.
"""

from __future__ import annotations

import re

from drafter.core.citations.model import CitationError, StyleInfo
from drafter.core.citations.pandoc_doc import locator_inlines

#: Source types read as unpaged web sources (their paragraphs are counted for APA).
WEB_TYPES = frozenset({"webpage", "post-weblog", "post", "article-newspaper", "article-magazine"})

# "64 Data protection impact assessment" (a heading of a section: number, capital, no
# full stop at the end), or "Section 64".
_SECTION = re.compile(r"^[ \t]*(?:Section[ \t]+)?(\d{1,4}[A-Z]{0,3})[ \t]+[A-Z][^\n]{0,150}[^.;:\n]$",
                      re.MULTILINE)
_SUBSECTION = re.compile(r"^[ \t]*\((\d{1,3}[A-Z]{0,2})\)[ \t]", re.MULTILINE)
# A judgment's numbered paragraph: "91. The …", "[91] The …" or "91 The …" at a line's start.
_JUDGMENT_PARA = re.compile(r"^[ \t]*(?:\[(\d{1,4})\]|(\d{1,4})\.?)[ \t]+\S", re.MULTILINE)
# A report's numbered paragraph: "2.14 The …" or "12. The …".
_REPORT_PARA = re.compile(r"^[ \t]*(\d{1,3}\.\d{1,3}|\d{1,4}\.)[ \t]+[A-Z\u2018\u201c\"']", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def derive_pinpoint(
    text: str,
    source_type: str,
    start: int,
    end: int,
    style: StyleInfo,
    *,
    page: str | None = None,
    override: str | None = None,
) -> str | None:
    """The pinpoint ('s 64(2)', 'para 91', 'p 12', 'para 3') of the quotation ``text[start:end]``.

    ``page`` is the snippet's printed page label, if its source has pages; ``override``
    the user's own pinpoint, which wins (and is refused, with CitationError, if it is
    not one a citation can carry). None: no pinpoint.
    """
    if override is not None and override.strip():
        wanted = " ".join(override.split())
        locator_inlines(wanted)  # a bad pinpoint is refused with a plain message
        return wanted
    if not 0 <= start <= end <= len(text):
        raise CitationError(
            f"A quotation's place ({start}–{end}) lies outside its source's text of {len(text)} characters."
        )
    if source_type == "legislation":
        return _section(text, start, end) or _page(page)
    if source_type == "legal_case":
        return _numbered(text, start, end, _JUDGMENT_PARA) or _page(page)
    if source_type == "report":
        return _numbered(text, start, end, _REPORT_PARA) or _page(page)
    if (found := _page(page)) is not None:
        return found
    if source_type in WEB_TYPES and (style.parent or style.id) == "apa":
        return _counted_paragraph(text, start, end)
    return None


def _page(page: str | None) -> str | None:
    label = (page or "").strip()
    if not label[:1].isdigit():
        return None  # 'iv', 'A-3': not a pinpoint the formatter takes (see from_records.cite_at)
    first, _, last = label.replace("\u2013", "-").partition("-")
    if last and last != first:
        return f"pp {first}\u2013{last}"
    return f"p {first}"


def _last_before(pattern: re.Pattern[str], text: str, offset: int, since: int = 0) -> re.Match[str] | None:
    """The last match of ``pattern`` that starts at or before ``offset`` (and after ``since``).

    Whole lines are matched, so a quotation that starts inside a heading is in its section.
    """
    found = None
    for match in pattern.finditer(text, since):
        if match.start() > offset:
            break
        found = match
    return found


def _section(text: str, start: int, end: int) -> str | None:
    def at(offset: int) -> str | None:
        heading = _last_before(_SECTION, text, offset)
        if heading is None:
            return None
        number = heading.group(1)
        sub = _last_before(_SUBSECTION, text, offset, heading.end())
        return f"{number}({sub.group(1)})" if sub is not None else number

    first = at(start)
    if first is None:
        return None
    last = at(max(start, end - 1))
    return f"ss {first}\u2013{last}" if last and last != first else f"s {first}"


def _numbered(text: str, start: int, end: int, pattern: re.Pattern[str]) -> str | None:
    def at(offset: int) -> str | None:
        found = _last_before(pattern, text, offset)
        if found is None:
            return None
        return next(g for g in found.groups() if g).rstrip(".")

    first = at(start)
    if first is None:
        return None
    last = at(max(start, end - 1))
    return f"paras {first}\u2013{last}" if last and last != first else f"para {first}"


def _counted_paragraph(text: str, start: int, end: int) -> str | None:
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    # The start of each paragraph that has any text in it, in order.
    starts = []
    position = 0
    for gap in [*separator.finditer(text), None]:
        stop = gap.start() if gap is not None else len(text)
        if text[position:stop].strip():
            starts.append(position)
        if gap is not None:
            position = gap.end()

    def at(offset: int) -> int:
        return sum(1 for s in starts if s <= offset) or 1

    if not starts:
        return None
    first, last = at(start), at(max(start, end - 1))
    return f"paras {first}\u2013{last}" if last != first else f"para {first}"
