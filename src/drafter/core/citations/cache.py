"""Rendered citations kept on disk, so exporting an unchanged response again needs no pandoc run.

An entry is found by a SHA-256 key over everything that decides the rendered
text: the exact bytes of the style file, the style's id and kind, the locale,
whether a bibliography was asked for, every cited source's facts as CSL-JSON in
the order first cited, every citation in document order with its pinpoint, the
pandoc binary (its path, size and modification time) and the format of the
entries. Changing any fact, any pinpoint, the order of the quotations, the
style or its file, or pandoc, gives another key, so the response is rendered
afresh; nothing is ever shared between styles.

Each entry is one JSON file holding its own key, written to a temporary file
and renamed into place. A file that can't be read, isn't JSON, holds another
key or is not exactly the expected shape counts as missing (and is removed):
the citations are then rendered by pandoc, as if there were no cache. Writing
is best-effort too: a full disk or a read-only folder costs speed, never an
export. Only the newest entries are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from drafter import __version__
from drafter.core.citations.model import Cite, RenderedCitations, Run, StyleInfo

#: Bump when the entries' layout or the way pandoc's answer is read changes.
FORMAT = 1
KEEP = 64  # entries; each is a few hundred kilobytes at most

_FLAGS = ("italic", "bold", "small_caps", "superscript")


class CitationCache:
    """The rendered citations of recent exports, in one folder (created when first written)."""

    def __init__(self, folder: Path, *, keep: int = KEEP) -> None:
        self.folder = folder
        self.keep = keep

    def key(
        self,
        *,
        style: StyleInfo,
        locale: str,
        with_bibliography: bool,
        items: Sequence[Mapping[str, Any]],
        cites: Sequence[Cite],
        pandoc: Path,
    ) -> str | None:
        """The entry's key, or None when the style file or pandoc can't be read (then nothing is cached)."""
        try:
            style_bytes = style.path.read_bytes()
            binary = pandoc.stat()
        except OSError:
            return None
        material = {
            "format": FORMAT,
            "drafter": __version__,
            "pandoc": [str(pandoc), binary.st_size, binary.st_mtime_ns],
            "style": [style.id, style.parent, style.is_note_style, str(style.path),
                      hashlib.sha256(style_bytes).hexdigest()],
            "locale": locale,
            "bibliography": with_bibliography,
            "items": list(items),
            "cites": [[c.source_id, c.locator] for c in cites],
        }
        text = json.dumps(material, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str, style: StyleInfo, count: int) -> RenderedCitations | None:
        """The entry for ``key`` holding ``count`` citations, else None (a bad entry is removed)."""
        path = self._path(key)
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            _remove(path)
            return None
        try:
            if data["key"] != key:
                raise ValueError
            citations = tuple(_runs(entry) for entry in _list(data["citations"]))
            bibliography = tuple(_runs(entry) for entry in _list(data["bibliography"]))
            if len(citations) != count:
                raise ValueError
        except (KeyError, TypeError, ValueError):
            _remove(path)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest
        return RenderedCitations(style, style.is_note_style, citations, bibliography)

    def put(self, key: str, rendered: RenderedCitations) -> None:
        """Keep ``rendered`` under ``key``; silently does nothing if the folder can't be written."""
        data = {
            "key": key,
            "citations": [_plain(entry) for entry in rendered.citations],
            "bibliography": [_plain(entry) for entry in rendered.bibliography],
        }
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=self.folder, prefix=".entry-", suffix=".part")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(payload)
                os.replace(name, self._path(key))
            except BaseException:
                _remove(Path(name))
                raise
        except OSError:
            return
        self._prune()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def _prune(self) -> None:
        try:
            entries = [(p.stat().st_mtime_ns, p) for p in self.folder.glob("*.json")]
        except OSError:
            return
        for _, path in sorted(entries, reverse=True)[self.keep :]:
            _remove(path)


def _plain(runs: Sequence[Run]) -> list[list[Any]]:
    return [[run.text, sum(1 << i for i, flag in enumerate(_FLAGS) if getattr(run, flag))] for run in runs]


def _runs(entry: Any) -> tuple[Run, ...]:
    runs = []
    for item in _list(entry):
        text, flags = _list(item)
        if not isinstance(text, str) or not text or type(flags) is not int or not 0 <= flags < 16:
            raise ValueError
        runs.append(Run(text, *(bool(flags & (1 << i)) for i in range(len(_FLAGS)))))
    return tuple(runs)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError
    return value


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
