"""Read what a Markdown file says about itself: a YAML header and a leading ``# Heading``.

Web clippers (Obsidian's, MarkDownload) save articles as Markdown with a
``---``-fenced YAML header giving title, source address, author and date. It
is metadata, not article text, so it is cut from the body and read as guesses.
Only the flat ``key: value`` (and ``- item`` list) subset those tools write is
read: a YAML library would bring a dependency for no gain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.core.importers.guesses import authors_basis, clean_title, iso_date, read_authors

_HEADER = re.compile(r"\A---[ \t]*\n(?P<body>(?:.*\n){0,80}?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_KEY_VALUE = re.compile(r"^(?P<key>[A-Za-z_][\w -]*?)\s*:\s*(?P<value>.*)$")
_ITEM = re.compile(r"^\s+-\s+(?P<value>.*)$|^-\s+(?P<top>.*)$")
_ATX_HEADING = re.compile(r"^ {0,3}#[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*$")

# YAML key → the fact it gives. 'created' is left out on purpose: clippers use
# it for the day the page was saved, which is the access date, not the publication date.
_KEYS = {
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "date": "date",
    "published": "date",
    "pubdate": "date",
    "publish_date": "date",
    "url": "url",
    "source": "url",
    "link": "url",
    "canonical": "url",
    "description": "standfirst",
    "summary": "standfirst",
    "site": "publisher",
    "site_name": "publisher",
    "publisher": "publisher",
}


@dataclass
class MarkdownHeader:
    end: int  # offset where the text after the header starts
    values: dict[str, object] = field(default_factory=dict)
    basis: dict[str, str] = field(default_factory=dict)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    # Obsidian writes people as wiki links: "[[Jane Reporter]]".
    return re.sub(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]", r"\1", value).strip()


def _raw_fields(body: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    key: str | None = None
    for line in body.splitlines():
        item = _ITEM.match(line)
        if item and key is not None:
            fields[key].append(_unquote(item.group("value") or item.group("top") or ""))
            continue
        pair = _KEY_VALUE.match(line)
        if not pair:
            key = None
            continue
        key = pair.group("key").strip().lower()
        value = pair.group("value").strip()
        if value.startswith("[") and value.endswith("]") and not value.startswith("[["):
            fields[key] = [_unquote(v) for v in value[1:-1].split(",")]
        else:
            fields[key] = [_unquote(value)] if value else []
    return fields


def read_header(text: str) -> MarkdownHeader:
    """The YAML header at the very start of ``text``, if there is one."""
    match = _HEADER.match(text)
    if not match:
        return MarkdownHeader(end=0)
    header = MarkdownHeader(end=match.end())
    for key, values in _raw_fields(match.group("body")).items():
        fact = _KEYS.get(key)
        values = [v for v in values if v]
        if fact is None or not values or fact in header.values:
            continue
        value: object
        if fact == "authors":
            read = tuple(pair for v in values for pair in read_authors(v, split_and=True))
            value = tuple(name for name, _ in read)
            if value:
                header.values[fact] = value
                header.basis[fact] = authors_basis(f"Markdown header line '{key}:'", read)
            continue
        elif fact == "title":
            value = clean_title(values[0])
        elif fact == "date":
            value = iso_date(values[0])
        elif fact == "url":
            value = values[0] if re.match(r"https?://", values[0]) else None
        else:
            value = values[0]
        if value:
            header.values[fact] = value
            header.basis[fact] = f"Markdown header line '{key}:'"
    return header


def leading_heading(text: str) -> tuple[str, str] | None:
    """(title, line) for a level-1 ``# Heading`` on the first non-blank line of ``text``."""
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _ATX_HEADING.match(line)
        if match and not line.lstrip().startswith("##"):
            return match.group("title").strip(), line.strip()
        return None
    return None
