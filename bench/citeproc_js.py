"""citeproc-js, the CSL processor Zotero uses, as a second renderer behind ``render_citations``'s interface.

A comparison tool (bench/citation_engines.py), not part of the app: Drafter renders
with pandoc's citeproc (docs/citations.md, "The engine", says why and what adopting
this one would take). It takes what ``drafter.core.citations.render_citations``
takes (sources, citations in document order with their pinpoints, a style, a
locale) and gives back the same ``RenderedCitations``.

citeproc-js is JavaScript: the built file of the npm package ``citeproc`` (2.4.63,
citeproc-js 1.4.61; dual-licensed CPAL-1.0 or AGPL-3.0-or-later, its LICENSE
beside it in citeproc-js/) and the CSL project's locale files (citeproc-js/
locales, CC BY-SA 3.0), run inside the Python process in V8, the JavaScript
engine of Chrome, through the PyPI package ``mini-racer``. (QuickJS through
``dukpy`` is smaller but fails to load APA's style; the package ``quickjs`` has
no wheels for Python 3.13.) The engine has no file or network access of its
own: the style, the locales and the items are handed to it as strings.

The items are the same CSL-JSON (``csl_json.to_csl_json``), adapted by the same rules of
the guides (``guide_rules.adapt_items``) as pandoc's are, one cluster per
``Cite`` in document order (each in its own footnote for a note style, so
'(n 1)' and 'ibid' refer to the notes the Word export will number), and the
runs are read from citeproc-js's HTML output.
"""

from __future__ import annotations

import atexit
import functools
import json
import re
import threading
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol

from drafter.core.citations import CitationSource, find_style, style_locale, to_csl_json
from drafter.core.citations.guide_rules import adapt_items
from drafter.core.citations.model import CitationError, Cite, RenderedCitations, Run, StyleInfo
from drafter.core.citations.pandoc_doc import locator_parts
from drafter.core.citations.render import PendingCitations

_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# CommonJS's module object for the package's built file, then the one function Python calls.
# The function takes and returns JSON text, so no engine's value conversion is relied on.
_PRELUDE = "var module = {exports: {}}; var exports = module.exports;\n"
_DRIVER = r"""
var CSL = module.exports;
function drafterRender(request) {
  var r = JSON.parse(request);
  var sys = {
    retrieveLocale: function (lang) { return r.locales[lang] || false; },
    retrieveItem: function (id) { return r.items[id]; }
  };
  var engine = new CSL.Engine(sys, r.style, r.lang, r.forceLang);
  engine.setOutputFormat('html');
  var ids = [];
  for (var k in r.items) { if (r.items.hasOwnProperty(k)) { ids.push(k); } }
  engine.updateItems(ids);
  var citations = [];
  for (var i = 0; i < r.clusters.length; i++) {
    citations.push({
      citationID: 'c' + i,
      citationItems: r.clusters[i],
      properties: {noteIndex: r.noteIndexes ? r.noteIndexes[i] : (r.noteStyle ? i + 1 : 0)}
    });
  }
  // One batch call: every citation's form (first, short, ibid, 2025a) worked out together.
  var rebuilt = engine.rebuildProcessorState(citations, 'html', []);
  var texts = [];
  for (var j = 0; j < rebuilt.length; j++) { texts.push(rebuilt[j][2]); }
  var bibliography = [];
  if (r.bibliography) {
    var made = engine.makeBibliography();
    if (made) { bibliography = made[1]; }
  }
  return JSON.stringify({citations: texts, bibliography: bibliography});
}
"""


class Runtime(Protocol):
    """A loaded JavaScript engine with citeproc-js in it."""

    def render(self, request: str) -> str: ...


class _V8:
    def __init__(self, source: str) -> None:
        from py_mini_racer import MiniRacer

        self._context = MiniRacer()
        self._context.eval(source)
        # Closed before the interpreter shuts down: a context left to the end sometimes kept the
        # process from exiting (1 run in 3 on the project's machine).
        atexit.register(self._context.close)

    def render(self, request: str) -> str:
        return str(self._context.call("drafterRender", request))


_lock = threading.Lock()  # one render at a time: a context is not to be shared between threads


def folder() -> Path:
    """The vendored citeproc-js and locales, beside this file."""
    return Path(__file__).resolve().parent / "citeproc-js"


def script_path() -> Path:
    return folder() / "citeproc.js"


def runtime() -> Runtime:
    """V8 with citeproc-js loaded (once per process)."""
    try:
        return _loaded()
    except ImportError:
        raise CitationError(
            "Drafter can't format citations with citeproc-js because its JavaScript engine is missing.",
            hint="Install the package mini-racer.",
        ) from None


@functools.lru_cache(maxsize=1)
def _loaded() -> Runtime:
    try:
        source = script_path().read_text(encoding="utf-8")
    except OSError:
        raise CitationError("Drafter's copy of citeproc-js is missing.", hint="Reinstall Drafter.") from None
    return _V8(_PRELUDE + source + _DRIVER)


@functools.lru_cache(maxsize=8)
def _locale(lang: str) -> str | None:
    try:
        return (folder() / "locales" / f"locales-{lang}.xml").read_text(encoding="utf-8")
    except OSError:
        return None


@functools.lru_cache(maxsize=1)
def _primary_dialects() -> dict[str, str]:
    """'en' → 'en-US', 'fr' → 'fr-FR': the CSL locales' own table, for a language named alone."""
    try:
        data = json.loads((folder() / "locales" / "locales.json").read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data["primary-dialects"].items()}
    except (OSError, ValueError, KeyError, AttributeError):
        return {}


_STYLE_LANGUAGES = re.compile(r"""(?:default-locale|xml:lang)\s*=\s*["']([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)["']""")


def _locales_for(lang: str, style_xml: str = "") -> dict[str, str]:
    """Every locale citeproc-js may ask for (it asks through a callback, and the engine can't
    call back into Python): the language, the languages the style names, each one's primary
    dialect, and en-US, its fallback."""
    named = [lang, *_STYLE_LANGUAGES.findall(style_xml)]
    dialects = _primary_dialects()
    wanted = [*named, *(dialects.get(name.split("-")[0], "") for name in named), "en-US"]
    found: dict[str, str] = {}
    for name in wanted:
        if name and name not in found and (text := _locale(name)) is not None:
            found[name] = text
    return found


def clusters_for(cites: Sequence[Cite]) -> list[list[dict[str, str]]]:
    """One cluster per citation, its pinpoint as CSL's label and locator ('p 3' → page, 3)."""
    clusters = []
    for cite in cites:
        item: dict[str, str] = {"id": cite.source_id}
        if parts := locator_parts(cite.locator):
            item["label"], item["locator"] = parts
        clusters.append([item])
    return clusters


def render_items(
    style_xml: str,
    items: Sequence[dict[str, Any]],
    clusters: Sequence[Sequence[dict[str, Any]]],
    *,
    note_style: bool,
    lang: str,
    force_lang: bool,
    with_bibliography: bool,
    note_indexes: Sequence[int] | None = None,
    engine: Runtime | None = None,
) -> tuple[list[str], list[str]]:
    """citeproc-js's HTML for each cluster and each bibliography entry (the comparison tools use this too)."""
    request = json.dumps(
        {
            "style": style_xml,
            "lang": lang,
            "forceLang": force_lang,
            "locales": _locales_for(lang, style_xml),
            "items": {item["id"]: item for item in items},
            "clusters": [list(c) for c in clusters],
            "noteStyle": note_style,
            "bibliography": with_bibliography,
            "noteIndexes": list(note_indexes) if note_indexes is not None else None,
        },
        ensure_ascii=False,
    )
    engine = engine or runtime()
    with _lock:
        try:
            answer = engine.render(request)
        except Exception as exc:  # each engine raises its own kinds of JavaScript error
            raise CitationError("The citations could not be formatted.", hint=_first_line(exc)) from None
    try:
        data = json.loads(answer)
        citations = [str(text) for text in data["citations"]]
        bibliography = [str(text) for text in data["bibliography"]]
    except (ValueError, KeyError, TypeError):
        raise CitationError("The citation formatter gave an answer Drafter can't read.") from None
    return citations, bibliography


def render_citations_js(
    sources: Sequence[CitationSource],
    cites: Sequence[Cite],
    style: str = "oscola",
    *,
    with_bibliography: bool = False,
    locale: str | None = None,
) -> RenderedCitations:
    """``render_citations`` done by citeproc-js: the same checks, the same items, the same answer's shape."""
    return start_render_js(sources, cites, style, with_bibliography=with_bibliography, locale=locale).result()


def render_items_js(
    items: Sequence[dict[str, Any]],
    cites: Sequence[Cite],
    style: str = "oscola",
    *,
    with_bibliography: bool = False,
    locale: str | None = None,
) -> RenderedCitations:
    """``render_items`` (CSL-JSON items in) done by citeproc-js."""
    return start_render_items_js(items, cites, style, with_bibliography=with_bibliography, locale=locale).result()


def start_render_js(
    sources: Sequence[CitationSource],
    cites: Sequence[Cite],
    style: str = "oscola",
    *,
    with_bibliography: bool = False,
    locale: str | None = None,
    cache: object = None,  # the export passes its cache; citeproc-js renders afresh every time
) -> PendingCitations:
    """``start_render`` done by citeproc-js: bad input refused at once, the rendering in a thread."""
    by_id: dict[str, CitationSource] = {}
    for source in sources:
        if source.id in by_id:
            raise CitationError(f"Two sources share the identifier {source.id!r}.")
        by_id[source.id] = source
    for cite in cites:
        if cite.source_id not in by_id:
            raise CitationError(f"A quotation cites the source {cite.source_id!r}, which isn't in the library.")
    items = [to_csl_json(by_id[i]) for i in dict.fromkeys(c.source_id for c in cites)]
    return start_render_items_js(items, cites, style, with_bibliography=with_bibliography, locale=locale)


def start_render_items_js(
    items: Sequence[dict[str, Any]],
    cites: Sequence[Cite],
    style: str = "oscola",
    *,
    with_bibliography: bool = False,
    locale: str | None = None,
) -> PendingCitations:
    """``start_render_items`` done by citeproc-js: the same checks, and the same rules of the
    guides applied to the items (``guide_rules.adapt_items``), so only the engine differs."""
    info = find_style(style)
    if locale is not None and not _LOCALE.match(locale):
        raise CitationError(f"{locale!r} is not a language code.", hint="Use a code such as 'en-GB' or 'en-US'.")
    known = {str(item.get("id")) for item in items}
    if len(known) != len(items):
        raise CitationError("Two sources share an identifier.")
    for cite in cites:
        if cite.source_id not in known:
            raise CitationError(f"A quotation cites the source {cite.source_id!r}, which isn't in the library.")
        locator_parts(cite.locator)  # a bad pinpoint is refused as pandoc's path refuses it
    if not cites:
        return PendingCitations(RenderedCitations(info, info.is_note_style, (), ()))
    adapted = adapt_items(list(items), info)
    engine = runtime()  # a missing JavaScript engine is refused here, before the thread
    return PendingCitations.running(lambda: render_with_citeproc_js(
        info, adapted, cites, locale=locale or style_locale(info), force_locale=True,
        with_bibliography=with_bibliography, engine=engine))


def render_with_citeproc_js(
    info: StyleInfo,
    items: Sequence[dict[str, Any]],
    cites: Sequence[Cite],
    *,
    locale: str,
    force_locale: bool,
    with_bibliography: bool,
    engine: Runtime | None = None,
) -> RenderedCitations:
    """``render.render_citations``'s work, done by citeproc-js (input already checked)."""
    try:
        style_xml = info.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise CitationError(f"The citation style {info.id!r} could not be read.") from None
    citations, bibliography = render_items(
        style_xml,
        items,
        clusters_for(cites),
        note_style=info.is_note_style,
        lang=locale,
        force_lang=force_locale,
        with_bibliography=with_bibliography,
        engine=engine,
    )
    if len(citations) != len(cites):
        raise CitationError("The citation formatter lost some citations; nothing was exported.")
    return RenderedCitations(
        info,
        info.is_note_style,
        tuple(html_runs(text) for text in citations),
        tuple(html_runs(text) for text in bibliography),
    )


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:300] if lines else type(exc).__name__


# citeproc-js's HTML: which element or inline style switches which format of a Run on or off.
_TAGS = {"i": (0, True), "em": (0, True), "b": (1, True), "strong": (1, True), "sup": (3, True)}
_STYLES = {
    "font-style:italic": (0, True),
    "font-style:normal": (0, False),
    "font-weight:bold": (1, True),
    "font-weight:normal": (1, False),
    "font-variant:small-caps": (2, True),
    "font-variant:normal": (2, False),
    "vertical-align:sup": (3, True),
    "vertical-align:baseline": (3, False),
}
_BLANKS = re.compile(r"[ \t\r\n]+")  # not \s: a no-break space stays one


class _RunReader(HTMLParser):
    """HTML as citeproc-js writes it → runs. Hand-written on the standard library's parser:
    the markup is a handful of inline elements, and a Run has only four formats to set."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple[bool, bool, bool, bool]]] = []
        self.formats = (False, False, False, False)
        self.pieces: list[tuple[str, tuple[bool, bool, bool, bool]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append((tag, self.formats))
        changes = []
        if tag in _TAGS:
            changes.append(_TAGS[tag])
        style = dict(attrs).get("style") or ""
        for declaration in style.replace(" ", "").split(";"):
            if declaration in _STYLES:
                changes.append(_STYLES[declaration])
        if tag == "div" and "csl-left-margin" in (dict(attrs).get("class") or "") and self.pieces:
            self.pieces.append((" ", self.formats))
        formats = list(self.formats)
        for slot, on in changes:
            formats[slot] = on
        self.formats = (formats[0], formats[1], formats[2], formats[3])

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            opened, formats = self.stack.pop()
            self.formats = formats
            if opened == tag:
                break
        if tag == "div":  # the number and the entry of a numeric bibliography sit in two divs
            self.pieces.append((" ", self.formats))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.pieces.append((" ", self.formats))

    def handle_data(self, data: str) -> None:
        self.pieces.append((data, self.formats))


def html_runs(markup: str) -> tuple[Run, ...]:
    """citeproc-js's HTML for one citation or entry → runs: one format each, blanks single, ends trimmed."""
    reader = _RunReader()
    reader.feed(markup)
    reader.close()
    texts: list[str] = []
    formats: list[tuple[bool, bool, bool, bool]] = []
    for text, piece_formats in reader.pieces:
        text = _BLANKS.sub(" ", text)
        if not texts or texts[-1].endswith(" "):
            text = text.lstrip(" ")
        if not text:
            continue
        if texts and formats[-1] == piece_formats:
            texts[-1] += text
        else:
            texts.append(text)
            formats.append(piece_formats)
    if texts:
        texts[-1] = texts[-1].rstrip(" ")
    return tuple(Run(text, *f) for text, f in zip(texts, formats, strict=True) if text)
