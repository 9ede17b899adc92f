"""A source's facts to and from reference managers: CSL-JSON, and RIS and BibTeX to read.

Zotero, Mendeley and most citation tools exchange references as CSL-JSON, the
form Drafter hands its citation engine, so a source's facts go out as exactly
the item the styles are given (``csl_json.to_csl_json``) and come back through
the type table of ``drafter.core.source_types``. A variable the item's type does
not use in Drafter (an abstract, a language, a call number) is left out and
named in the notes, never stored where no one sees it. RIS and BibTeX are read
with rispy and bibtexparser, turned into a CSL-JSON item, and read the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from drafter.core.citations.csl_json import to_csl_json
from drafter.core.citations.model import CitationError, CitationSource
from drafter.core.dates import PartialDate
from drafter.core.errors import DrafterError
from drafter.core.filekinds import check_write_target, open_regular
from drafter.core.names import Name, from_csl, to_csl
from drafter.core.source_types import ALIASES, BY_NAME, TYPE_NAMES, outlet_variable
from drafter.core.sources import InvalidFactError, SourceFacts

#: The largest reference file read: a single reference is a few kilobytes.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Keys of a CSL-JSON item that are about the item, not facts of the work.
_BOOKKEEPING = frozenset({"id", "citation-key", "type"})


class ReferenceFileError(DrafterError):
    """A reference file or item that can't be read; nothing has been changed."""


@dataclass(frozen=True)
class ReadFacts:
    """Facts read from a reference, and what was left out of them, in plain words."""

    facts: SourceFacts
    left_out: tuple[str, ...] = ()


# --- out ------------------------------------------------------------------------------------


def to_csl_item(facts: SourceFacts, item_id: str = "source") -> dict[str, Any]:
    """The facts as one CSL-JSON item, exactly as the citation styles are given them."""
    source = CitationSource(
        id=item_id, type=facts.type, title=facts.title, publisher=facts.publisher,
        authors=tuple(facts.authors or ()), date=facts.date, url=facts.url, accessed=facts.accessed,
        variables=dict(facts.variables),
    )
    try:
        return to_csl_json(source)
    except CitationError as exc:
        raise ReferenceFileError(exc.message, hint=exc.hint) from None


def write_csl_json(path: Path, facts: SourceFacts) -> None:
    """Save the facts as a CSL-JSON file of one item (a list, as Zotero reads and writes them)."""
    check_write_target(path, ReferenceFileError)
    text = json.dumps([to_csl_item(facts.cleaned())], indent=2, ensure_ascii=False) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReferenceFileError(f"“{path.name}” could not be written: {exc.strerror or exc}.") from None


# --- in -------------------------------------------------------------------------------------


def facts_from_csl(item: object, *, keep: SourceFacts | None = None) -> ReadFacts:
    """One CSL-JSON item as a source's facts; ReferenceFileError for anything that isn't one.

    ``keep`` is the source's facts now: what CSL-JSON has no place for (the standfirst)
    is kept from it.
    """
    if not isinstance(item, Mapping):
        raise ReferenceFileError("This is not a CSL-JSON item: an item is a group of named values such as "
                                 '{"type": "report", "title": "…"}.')
    kind = item.get("type")
    if not isinstance(kind, str) or kind not in BY_NAME:
        shown = f"'{kind}'" if isinstance(kind, str) else "no type"
        raise ReferenceFileError(
            f"The item has {shown}, which is not a source type Drafter knows.",
            hint=f"Give one of: {', '.join(TYPE_NAMES)}.",
        )
    table = BY_NAME[kind]
    outlet = outlet_variable(kind)
    left_out: list[str] = []
    columns: dict[str, Any] = {}
    variables: dict[str, Any] = {}
    for raw_name, value in item.items():
        name = ALIASES.get(raw_name, raw_name)
        if raw_name in _BOOKKEEPING or value is None or value == "" or value == []:
            continue
        if name in ("title", "URL"):
            columns[name] = _text(value, name)
        elif name == "author":
            columns["author"] = _names(value, "author")
        elif name in ("issued", "accessed"):
            columns[name] = _date(value, name, left_out)
        elif outlet is not None and name == outlet:
            columns["outlet"] = _text(value, name)
        elif name in table.extra_names:
            field = table.field(name)
            variables[name] = _names(value, name) if field is not None and field.is_names else _text(value, name)
        else:
            left_out.append(f"'{raw_name}', which Drafter does not keep for the type '{table.label}'")
    base = keep or SourceFacts()
    facts = replace(
        base,
        type=kind,
        title=columns.get("title"),
        publisher=columns.get("outlet"),
        authors=tuple(from_csl(n) for n in columns["author"]) if "author" in columns else None,
        date=columns.get("issued"),
        url=columns.get("URL"),
        accessed=columns.get("accessed"),
        variables=variables,
    )
    try:
        facts = facts.cleaned()
    except InvalidFactError as exc:
        raise ReferenceFileError(exc.message) from None
    return ReadFacts(facts, tuple(left_out))


def _text(value: object, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ReferenceFileError(f"The item's '{name}' should be text.")
    return str(value)


def _names(value: object, name: str) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise ReferenceFileError(f"The item's '{name}' should be a list of names.")
    out = []
    for entry in value:
        try:
            read: Name = from_csl(entry)
        except ValueError:
            raise ReferenceFileError(f"One of the item's '{name}' is not a name.") from None
        out.append(to_csl(read))
    return out


_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _date(value: object, name: str, left_out: list[str]) -> str:
    """A CSL-JSON date ({"date-parts": [[2025, 8, 1]]}, or EDTF text '2025-08-01') as ISO text."""
    what = "date" if name == "issued" else "accessed date"
    parts: list[object] | None = None
    if isinstance(value, str):
        match = _ISO.match(value.strip())
        parts = [int(p) for p in match.groups() if p] if match else None
    elif isinstance(value, Mapping):
        raw = value.get("date-parts")
        if isinstance(raw, list) and raw and isinstance(raw[0], list) and raw[0]:
            parts = raw[0]
            if len(raw) > 1:
                left_out.append(f"the end of the {what} range (only its start is kept)")
        elif isinstance(value.get("raw"), str):
            return _date(value["raw"], name, left_out)
    try:
        numbers = [int(p) for p in parts or () if not isinstance(p, bool) and isinstance(p, (int, str))]
        if not parts or len(numbers) != len(parts) or len(numbers) > 3:
            raise ValueError
        return PartialDate(*numbers).iso()
    except (ValueError, TypeError):
        raise ReferenceFileError(
            f"The item's {what} is not a date Drafter can read.",
            hint='Write it as {"date-parts": [[2025, 8, 1]]}, or as text: 2025-08-01, 2025-08 or 2025.',
        ) from None


# --- files ----------------------------------------------------------------------------------


def read_reference_file(path: Path, *, keep: SourceFacts | None = None) -> ReadFacts:
    """The one reference a CSL-JSON (.json), RIS (.ris) or BibTeX (.bib) file holds."""
    try:
        with open_regular(path, ReferenceFileError) as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the name
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "the name is not a file name"
        raise ReferenceFileError(f"“{path.name}” could not be read: {reason}.") from None
    if len(data) > MAX_FILE_BYTES:
        raise ReferenceFileError(f"“{path.name}” is too large to be one reference.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReferenceFileError(f"“{path.name}” is not a text file in UTF-8.") from None
    suffix = path.suffix.lower()
    if suffix == ".ris":
        return facts_from_csl(_one(path.name, ris_items(text)), keep=keep)
    if suffix in (".bib", ".bibtex"):
        return facts_from_csl(_one(path.name, bibtex_items(text)), keep=keep)
    return facts_from_csl(_one(path.name, csl_items(text, path.name)), keep=keep)


def csl_items(text: str, name: str) -> list[object]:
    """The items of a CSL-JSON text: one item, or a list of them (as Zotero exports)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ReferenceFileError(
            f"“{name}” is not CSL-JSON: the JSON is broken at line {getattr(exc, 'lineno', '?')}.") from None
    return data if isinstance(data, list) else [data]


def _one(name: str, items: list[object]) -> object:
    if len(items) != 1:
        raise ReferenceFileError(
            f"“{name}” holds {len(items)} references; give a file with exactly one."
            if items else f"“{name}” holds no reference.")
    return items[0]


# RIS reference types (as rispy names them) → CSL types. Anything else is an "Other document".
_RIS_TYPES = {
    "JOUR": "article-journal", "JFULL": "article-journal", "EJOUR": "article-journal",
    "NEWS": "article-newspaper", "MGZN": "article-magazine", "ELEC": "webpage", "WEB": "webpage",
    "BLOG": "post-weblog", "RPRT": "report", "GOVDOC": "report", "BOOK": "book", "EBOOK": "book",
    "EDBOOK": "book", "CHAP": "chapter", "ECHAP": "chapter", "CASE": "legal_case", "STAT": "legislation",
    "LEGAL": "legislation", "HEAR": "hearing", "SOUND": "broadcast", "VIDEO": "broadcast", "GEN": "document",
}


def ris_items(text: str) -> list[object]:
    """RIS references as CSL-JSON items (rispy reads the tags)."""
    import rispy

    try:
        entries = rispy.loads(text)
    except Exception as exc:  # rispy raises plain exceptions of several kinds for broken files
        raise ReferenceFileError(f"This is not a RIS file Drafter can read ({exc}).") from None
    return [_ris_item(entry) for entry in entries]


def _ris_item(entry: Mapping[str, Any]) -> dict[str, Any]:
    kind = _RIS_TYPES.get(str(entry.get("type_of_reference", "")).upper(), "document")
    item: dict[str, Any] = {"type": kind}
    title = entry.get("title") or entry.get("primary_title")
    if title:
        item["title"] = title
    authors = [*entry.get("authors", []), *entry.get("first_authors", [])]
    if authors:
        item["author"] = [_split_name(a) for a in authors]
    container = entry.get("secondary_title") or entry.get("journal_name") or entry.get("alternate_title3")
    outlet = outlet_variable(kind)
    if container:
        item["container-title"] = container
    if entry.get("publisher"):
        item["publisher"] = entry["publisher"]
    if outlet == "publisher" and "publisher" not in item and container and kind not in ("chapter",):
        item["publisher"] = item.pop("container-title")
    date = entry.get("date") or entry.get("year")
    if date and (iso := _ris_date(str(date))):
        item["issued"] = iso
    if entry.get("access_date") and (iso := _ris_date(str(entry["access_date"]))):
        item["accessed"] = iso
    if entry.get("secondary_authors") and kind in ("book", "chapter"):
        item["editor"] = [_split_name(a) for a in entry["secondary_authors"]]
    # IS is the issue (rispy calls it 'number'); a report's or a case's number is in M1 or IS alike.
    issue_or_number = "number" if kind in ("report", "document", "legal_case", "legislation", "hearing") else "issue"
    for key, variable in (("volume", "volume"), ("number", issue_or_number), ("place_published", "publisher-place"),
                          ("doi", "DOI"), ("urls", "URL"), ("edition", "edition")):
        value = entry.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            item[variable] = value
    if entry.get("start_page"):
        item["page"] = "–".join(p for p in (entry.get("start_page"), entry.get("end_page")) if p)
    return item


def _ris_date(value: str) -> str | None:
    # RIS writes 'YYYY/MM/DD/other', any part possibly empty.
    parts = [p for p in value.strip().split("/")[:3]]
    if not parts or not re.fullmatch(r"\d{4}", parts[0]):
        return None
    out = [parts[0]]
    for part in parts[1:]:
        if not re.fullmatch(r"\d{1,2}", part):
            break
        out.append(part.zfill(2))
    return "-".join(out)


# BibTeX entry types → CSL types.
_BIBTEX_TYPES = {
    "article": "article-journal", "book": "book", "inbook": "chapter", "incollection": "chapter",
    "techreport": "report", "report": "report", "online": "webpage", "misc": "document", "manual": "document",
}


def bibtex_items(text: str) -> list[object]:
    """BibTeX entries as CSL-JSON items (bibtexparser reads them and turns LaTeX into text)."""
    import bibtexparser
    from bibtexparser import middlewares

    library = bibtexparser.parse_string(text, append_middleware=[
        middlewares.SeparateCoAuthors(), middlewares.SplitNameParts(), middlewares.LatexDecodingMiddleware(),
    ])
    if library.failed_blocks and not library.entries:
        raise ReferenceFileError("This is not a BibTeX file Drafter can read.")
    return [_bibtex_item(entry) for entry in library.entries]


def _bibtex_item(entry: Any) -> dict[str, Any]:
    kind = _BIBTEX_TYPES.get(entry.entry_type.lower(), "document")
    fields = {f.key.lower(): f.value for f in entry.fields}
    item: dict[str, Any] = {"type": kind}

    def names(value: Any) -> list[dict[str, str]]:
        out = []
        for parts in value if isinstance(value, list) else []:
            if hasattr(parts, "last"):
                # Braces protect a name from splitting ('{Home Office}'): they are not part of it.
                family = " ".join([*parts.von, *parts.last]).replace("{", "").replace("}", "")
                given = " ".join(parts.first).replace("{", "").replace("}", "")
                out.append({"family": family, "given": given} if given else {"literal": family})
            else:
                out.append(_split_name(str(parts)))
        return out

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(fields.get("urldate", "")).strip()):
        item["accessed"] = str(fields["urldate"]).strip()
    for key, variable in (("title", "title"), ("journal", "container-title"), ("journaltitle", "container-title"),
                          ("booktitle", "container-title"), ("publisher", "publisher"),
                          ("institution", "publisher"), ("address", "publisher-place"),
                          ("location", "publisher-place"), ("volume", "volume"), ("number", "issue"),
                          ("doi", "DOI"), ("url", "URL"), ("edition", "edition")):
        if fields.get(key) and variable not in item:
            item[variable] = str(fields[key]).strip("{}")
    if kind in ("report", "document") and "issue" in item:
        item["number"] = item.pop("issue")
    if fields.get("pages"):
        item["page"] = str(fields["pages"]).replace("--", "–")
    if fields.get("author"):
        item["author"] = names(fields["author"])
    if fields.get("editor"):
        item["editor"] = names(fields["editor"])
    year, month = str(fields.get("year", "")).strip(), str(fields.get("month", "")).strip()
    date = str(fields.get("date", "")).strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        item["issued"] = date
    elif re.fullmatch(r"\d{4}", year):
        item["issued"] = f"{year}-{int(month):02d}" if month.isdigit() and 1 <= int(month) <= 12 else year
    return item


def _split_name(text: str) -> dict[str, str]:
    # Reference managers write 'Family, Given'; a name without a comma is one whole name
    # (an organisation, or a person the file did not split), kept as it is written.
    family, comma, given = text.partition(",")
    if comma and family.strip() and given.strip():
        return {"family": family.strip(), "given": given.strip()}
    return {"literal": text.strip()}
