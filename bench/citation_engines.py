"""Which CSL processor renders Drafter's citations more faithfully: pandoc's citeproc or citeproc-js?

    .venv/bin/python bench/citation_engines.py table                  # the hand-checked cases
    .venv/bin/python bench/citation_engines.py table --table FILE     # another table (.py or .json)
    .venv/bin/python bench/citation_engines.py table --table tests/core/citations/guide_table.toml
    .venv/bin/python bench/citation_engines.py suite SUITE_FOLDER     # the CSL test suite's fixtures
    .venv/bin/python bench/citation_engines.py size
    .venv/bin/python bench/citation_engines.py speed [--repeat 5]

A measurement tool, not a test: it prints counts and ratios (docs/citations.md,
"The engine", has the figures and the decision).

table   Each case (style, sources, citations in document order, which output,
        the expected text checked by hand against the printed guide, and
        optionally the italic runs) is rendered through ``render_citations``
        by each engine; a case passes when the text, and the italics where the
        case gives them, are as expected. A table is a Python module with
        ``CASES`` and ``SOURCES`` shaped like tests/core/citations/
        test_cases.py (the default), or a JSON file:
            {"sources": [CSL-JSON items], "cases": [{"name", "style",
             "cites": ["id" or "id@p 3", …], "show": "cite 1" | "all" |
             "bib 1" | "bib", "expected": "…", "italic": [...]?,
             "locale": "en-GB"?}]}
        A .toml table is shaped like tests/core/citations/guide_table.toml
        (CSL-JSON items, cases with the expected note or in-text citation
        and bibliography entry in each style) and is judged exactly as
        test_guide_table.py judges it, with its own code (guide_cases.py):
        the same items, cites and shown citation, the same patched styles,
        the same rules of the guides around the engine (``render_items``
        for pandoc, ``render_items_js`` for citeproc-js). It prints, per
        style and output, how many expected strings each engine meets, and
        every expectation on which the two engines print different things.
suite   The fixtures of the CSL processor test suite (the repository
        citation-style-language/test-suite, folder processor-tests/humans) of
        the categories Drafter's styles need. Each fixture's own style, items
        and citations go to both engines; the output is compared with the
        fixture's expected HTML as runs of text with their formats (italic,
        bold, small caps, superscript), which is what Drafter keeps of a
        citation. Fixtures of modes other than citation and bibliography, or
        that need abbreviation lists or selected bibliographies, are skipped
        for both.
size    What each engine adds to an installed app.
speed   The export benchmark's response (bench/export_bench.py: 50 questions ×
        10 quotations) rendered in OSCOLA by each engine, the runs taking
        turns, and the cold export with each, as ratios.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # citeproc_js, beside this file

import citeproc_js
from drafter.core.citations import (
    CitationError,
    CitationSource,
    Cite,
    RenderedCitations,
    Run,
    plain_text,
    render_citations,
    render_items,
)
from drafter.core.citations.pandoc_doc import _meta_value, text_inlines
from drafter.core.citations.pandoc_read import rendered_bibliography, rendered_citations
from drafter.core.citations.pandoc_run import api_version, pandoc_path
from drafter.core.names import Organisation, Person

ENGINES = ("pandoc", "citeproc-js")
RENDER = {"pandoc": render_citations, "citeproc-js": citeproc_js.render_citations_js}
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TABLE = ROOT / "tests" / "core" / "citations" / "test_cases.py"
#: The guide table's loader and judge, shared with its test.
GUIDE_CASES = ROOT / "tests" / "core" / "citations" / "guide_cases.py"
RENDER_ITEMS = {"pandoc": render_items, "citeproc-js": citeproc_js.render_items_js}
#: The test suite's categories (file-name prefixes) the three styles need.
CATEGORIES = ("name", "date", "position", "locator", "disambiguate", "quotes", "flipflop")


# ---- the table of hand-checked cases ---------------------------------------------------------

@dataclass(frozen=True)
class TableCase:
    name: str
    style: str
    cites: tuple[Cite, ...]
    show: str
    expected: str
    italic: tuple[str, ...] | None = None
    locale: str | None = None


@dataclass
class TableResult:
    passed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ENGINES, 0))
    differences: list[tuple[str, str, str]] = field(default_factory=list)  # case, engine, what it printed
    total: int = 0


def _cite(text: str) -> Cite:
    return Cite(*text.split("@", 1)) if "@" in text else Cite(text)


def load_table(path: Path) -> tuple[list[CitationSource], list[TableCase]]:
    """A table from a test module (``CASES``, ``SOURCES``) or a JSON file (see the module's doc)."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        sources = [_source_from_csl(item) for item in data["sources"]]
        cases = [
            TableCase(c["name"], c["style"], tuple(_cite(x) for x in c["cites"]), c["show"], c["expected"],
                      tuple(c["italic"]) if "italic" in c else None, c.get("locale"))
            for c in data["cases"]
        ]
        return sources, cases
    spec = importlib.util.spec_from_file_location(f"_table_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path} can't be read as a table")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the module runs
    spec.loader.exec_module(module)
    sources = list(module.SOURCES.values())
    cases = []
    for c in module.CASES:
        single = " " in c.show
        italic = tuple(c.italic) if single else None
        cases.append(TableCase(c.name, c.style, tuple(_cite(x) for x in c.cites), c.show, c.expected,
                               italic, getattr(c, "locale", None)))
    return sources, cases


def _source_from_csl(item: dict[str, Any]) -> CitationSource:
    """A CSL-JSON item of the fields Drafter holds → a CitationSource (the table's JSON form)."""
    def date(key: str) -> str | None:
        parts = (item.get(key) or {}).get("date-parts") or [[]]
        return "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(parts[0])) or None

    names = tuple(Organisation(n["literal"]) if "literal" in n else Person(n["family"], n.get("given", ""))
                  for n in item.get("author", []))
    return CitationSource(item["id"], item["type"], item.get("title"),
                          item.get("container-title") or item.get("publisher"), names, date("issued"),
                          item.get("URL"), date("accessed"))


def run_table(sources: Sequence[CitationSource], cases: Iterable[TableCase],
              engines: Sequence[str] = ENGINES) -> TableResult:
    result = TableResult(passed=dict.fromkeys(engines, 0))
    for case in cases:
        result.total += 1
        used = {c.source_id for c in case.cites}
        for engine in engines:
            rendered: RenderedCitations = RENDER[engine](
                [s for s in sources if s.id in used], list(case.cites), case.style,
                with_bibliography=case.show.startswith("bib"), locale=case.locale)
            kind, _, number = case.show.partition(" ")
            outputs = rendered.bibliography if kind == "bib" else rendered.citations
            shown = [outputs[int(number) - 1]] if number else list(outputs)
            text = "\n".join(plain_text(runs) for runs in shown)
            italic = tuple(r.text for runs in shown for r in runs if r.italic)
            right = text == case.expected and (case.italic is None or italic == case.italic)
            if right:
                result.passed[engine] += 1
            else:
                result.differences.append((case.name, engine, text if text != case.expected else f"italic {italic}"))
    return result


# ---- the guide table (tests/core/citations/guide_table.toml) --------------------------------

def guide_cases() -> Any:
    """tests/core/citations/guide_cases.py, the test's own loader and judge, imported from its file."""
    name = "_drafter_guide_cases"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, GUIDE_CASES)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{GUIDE_CASES} can't be read")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the module runs
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class GuideDifference:
    """An expectation on which the two engines print different things."""

    name: str
    style: str
    output: str
    expected: str
    printed: dict[str, str]  # engine → what it printed (or why it printed nothing)

    @property
    def agrees(self) -> str:
        """Which engine's output is the guide's expected string: an engine's name, or 'neither'."""
        right = [engine for engine, text in self.printed.items() if text == self.expected]
        return right[0] if right else "neither"


@dataclass
class GuideResult:
    """Counts per (style, output): how many expected strings there are and how many each engine meets."""

    engines: tuple[str, ...]
    total: dict[tuple[str, str], int] = field(default_factory=dict)
    met: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    xfail_total: int = 0
    xfail_met: dict[str, int] = field(default_factory=dict)  # of the test's known departures
    differences: list[GuideDifference] = field(default_factory=list)
    missed: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # engine, style, output, case, text

    def engine_total(self, engine: str) -> int:
        return sum(row[engine] for row in self.met.values())


def _judged(judge: Any, expectation: Any) -> str:
    """What an engine printed for the expectation, or why it printed nothing (counted as not met)."""
    try:
        return str(judge.output(expectation))
    except CitationError as exc:
        return f"error: {exc}"
    except AssertionError as exc:  # guide_cases.UnexpectedFormat: bold, small capitals, superscript
        return f"unexpected format: {exc}"


def run_guide_table(path: Path, engines: Sequence[str] = ENGINES) -> GuideResult:
    cases = guide_cases()
    try:
        table = cases.load(path)
    except cases.TableError as exc:
        raise SystemExit(str(exc)) from None
    judges = {engine: cases.Judge(table, RENDER_ITEMS[engine]) for engine in engines}
    result = GuideResult(tuple(engines), xfail_met=dict.fromkeys(engines, 0))
    for output in cases.OUTPUTS:
        for expectation in cases.expectations(table, output):
            key = (expectation.style, output)
            result.total[key] = result.total.get(key, 0) + 1
            row = result.met.setdefault(key, dict.fromkeys(engines, 0))
            result.xfail_total += bool(expectation.xfail)
            printed = {engine: _judged(judges[engine], expectation) for engine in engines}
            for engine, text in printed.items():
                if text == expectation.expected:
                    row[engine] += 1
                    result.xfail_met[engine] += bool(expectation.xfail)
                else:
                    result.missed.append((engine, expectation.style, output, expectation.name, text))
            if len(set(printed.values())) > 1:
                result.differences.append(GuideDifference(
                    expectation.name, expectation.style, output, expectation.expected, printed))
    return result


def print_guide_result(result: GuideResult, *, show: bool = False) -> None:
    engines = result.engines
    print("| style | output | expected strings | " + " | ".join(engines) + " |")
    print("|---|---|---|" + "---|" * len(engines))
    for (style, output), total in result.total.items():
        print(f"| {style} | {output} | {total} | " + " | ".join(str(result.met[style, output][e]) for e in engines)
              + " |")
    print(f"| all | both | {sum(result.total.values())} | "
          + " | ".join(str(result.engine_total(e)) for e in engines) + " |")
    print(f"\nOf the {result.xfail_total} the test marks as known departures (xfail): "
          + ", ".join(f"{e} meets {n}" for e, n in result.xfail_met.items()))
    print(f"\n{len(result.differences)} expectations on which the engines differ:")
    for d in result.differences:
        print(f"\n[{d.style} {d.output}] {d.name} — the guide agrees with: {d.agrees}")
        print(f"  expected:    {d.expected}")
        for engine, text in d.printed.items():
            print(f"  {engine + ':':12} {text}")
    if show:
        print("\nEvery expectation an engine does not meet:")
        for engine, style, output, name, text in result.missed:
            print(f"  [{engine}] {style} {output} {name}: {text}")


# ---- the CSL test suite ----------------------------------------------------------------------

_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n(.*?)\n<<=+ \1 =+<<", re.DOTALL)
_CLASS = re.compile(r"""<style\b[^>]*\bclass\s*=\s*["'](note|in-text)["']""")
_ENTRY = re.compile(r'<div class="csl-entry"[^>]*>')
_PREFIX = re.compile(r"^(?:\.\.|>>)\[\d+\] ")


@dataclass(frozen=True)
class Fixture:
    name: str
    mode: str
    style: str
    items: list[dict[str, Any]]
    clusters: list[list[dict[str, Any]]]
    note_indexes: list[int] | None
    expected: list[tuple[Run, ...]]


def read_fixture(path: Path) -> Fixture | str:
    """The fixture, or why it is skipped."""
    sections = {m[1]: m[2] for m in _SECTION.finditer(path.read_text(encoding="utf-8"))}
    mode = sections.get("MODE", "").strip()
    if mode not in ("citation", "bibliography"):
        return f"mode {mode}"
    for unsupported in ("ABBREVIATIONS", "BIBENTRIES", "BIBSECTION", "CITATIONS-BEFORE"):
        if unsupported in sections:
            return unsupported.lower()
    items = json.loads(sections["INPUT"])
    if not all(isinstance(item, dict) and "id" in item for item in items):
        return "items without ids"
    note_indexes = None
    if "CITATIONS" in sections:
        citations = json.loads(sections["CITATIONS"])
        clusters = [c[0]["citationItems"] for c in citations]
        note_indexes = [int(c[0].get("properties", {}).get("noteIndex", 0)) for c in citations]
    elif "CITATION-ITEMS" in sections:
        clusters = json.loads(sections["CITATION-ITEMS"])
    else:
        clusters = [[{"id": item["id"]} for item in items]]
    result = sections["RESULT"].strip()
    if mode == "citation":
        lines = [_PREFIX.sub("", line) for line in result.splitlines()]
        if "CITATIONS" in sections and len(lines) != len(clusters):
            return "partial result"
        # One whole: a style may put line breaks inside a citation, so lines are not clusters.
        expected = [citeproc_js.html_runs("\n".join(lines))]
    else:
        expected = [citeproc_js.html_runs(chunk) for chunk in _ENTRY.split(result)[1:]]
    return Fixture(path.stem, mode, sections["CSL"], items, clusters, note_indexes, expected)


def _runs_key(runs: Sequence[Run]) -> tuple[tuple[str, bool, bool, bool, bool], ...]:
    return tuple((r.text, r.italic, r.bold, r.small_caps, r.superscript) for r in runs)


def _text(runs: Sequence[tuple[str, bool, bool, bool, bool]]) -> str:
    return "".join(run[0] for run in runs)


def js_fixture(fixture: Fixture) -> list[tuple[Run, ...]]:
    note = (_CLASS.search(fixture.style) or [None, "in-text"])[1] == "note"
    citations, bibliography = citeproc_js.render_items(
        fixture.style, fixture.items, fixture.clusters, note_style=note, lang="en-US", force_lang=False,
        with_bibliography=fixture.mode == "bibliography", note_indexes=fixture.note_indexes)
    if fixture.mode == "bibliography":
        return [citeproc_js.html_runs(text) for text in bibliography]
    return [citeproc_js.html_runs("\n".join(citations))]


def pandoc_fixture(fixture: Fixture, folder: Path, *, own_notes: bool = False) -> list[tuple[Run, ...]]:
    """pandoc's citeproc on the fixture: items as a CSL-JSON file (read with its markup, as
    pandoc reads a bibliography), one Cite per cluster. For a note style pandoc puts each in
    a footnote of its own, and capitalises it there ('Ibid.'); with ``own_notes`` each is
    already in a footnote, as Drafter's export has them, and pandoc leaves its first letter."""
    note = own_notes and (_CLASS.search(fixture.style) or [None, "in-text"])[1] == "note"
    style, items = folder / "style.csl", folder / "items.json"
    style.write_text(fixture.style, encoding="utf-8")
    items.write_text(json.dumps(fixture.items, ensure_ascii=False), encoding="utf-8")
    inlines = []
    for cluster in fixture.clusters:
        citations = []
        for entry in cluster:
            suffix = []
            if entry.get("locator"):
                suffix = text_inlines(f"{entry.get('label', 'page')} {entry['locator']}")
            if entry.get("suffix"):
                suffix += text_inlines(entry["suffix"])
            mode = "SuppressAuthor" if entry.get("suppress-author") else (
                "AuthorInText" if entry.get("author-only") else "NormalCitation")
            citations.append({"citationId": str(entry["id"]), "citationPrefix": text_inlines(entry.get("prefix", "")),
                              "citationSuffix": suffix, "citationMode": {"t": mode},
                              "citationNoteNum": 0, "citationHash": 0})
        node = {"t": "Cite", "c": [citations, []]}
        inlines.append({"t": "Note", "c": [{"t": "Para", "c": [node]}]} if note else node)
        inlines.append({"t": "Space"})
    pandoc = pandoc_path()
    document = {"pandoc-api-version": api_version(pandoc),
                "meta": {"suppress-bibliography": _meta_value("x", fixture.mode != "bibliography"),
                         "link-citations": _meta_value("x", False)},
                "blocks": [{"t": "Para", "c": inlines}]}
    done = subprocess.run([str(pandoc), "--from=json", "--to=json", "--citeproc", f"--csl={style}",
                           f"--bibliography={items}"], input=json.dumps(document).encode("utf-8"),
                          capture_output=True, timeout=60, check=False)
    if done.returncode:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:])
    answer = json.loads(done.stdout)
    for block in answer["blocks"]:
        for node in block.get("c", []):
            if isinstance(node, dict) and node.get("t") == "Cite":  # the footnote's text is the citation
                node["c"][1] = [i for part in node["c"][1] for i in
                                ([i for b in part["c"] for i in b["c"]] if part.get("t") == "Note" else [part])]
    if fixture.mode == "bibliography":
        return rendered_bibliography(answer)
    # pandoc's runs of each citation, joined as citeproc-js's are (formats kept, blanks single)
    joined = [run for runs in rendered_citations(answer) for run in (*runs, Run("\n"))]
    return [_merge(joined)]


def _merge(runs: Sequence[Run]) -> tuple[Run, ...]:
    html = "".join(_tagged(run) for run in runs)
    return citeproc_js.html_runs(html)


def _tagged(run: Run) -> str:
    from html import escape

    text = escape(run.text, quote=False)
    for on, (start, end) in ((run.italic, ("<i>", "</i>")), (run.bold, ("<b>", "</b>")),
                             (run.small_caps, ('<span style="font-variant:small-caps;">', "</span>")),
                             (run.superscript, ("<sup>", "</sup>"))):
        if on:
            text = f"{start}{text}{end}"
    return text


def drafter_shaped(fixture: Fixture) -> bool:
    """Citations as Drafter makes them: one source each, no prefix or suffix, author shown."""
    if fixture.mode == "bibliography":
        return True  # every item is cited once, together; the entries are what is compared
    return all(
        len(cluster) == 1 and not ({"prefix", "suffix", "suppress-author", "author-only"} & set(cluster[0]))
        for cluster in fixture.clusters
    )


def run_suite(folder: Path, categories: Sequence[str] = CATEGORIES, show: bool = False,
              only_drafter_shaped: bool = False) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="drafter-csl-suite-") as scratch:
        for path in sorted(folder.glob("*.txt")):
            category = path.stem.split("_", 1)[0]
            if category not in categories:
                continue
            row = counts.setdefault(category, {"fixtures": 0, "skipped": 0, "pandoc": 0, "citeproc-js": 0,
                                               "pandoc text": 0, "citeproc-js text": 0})
            row["fixtures"] += 1
            fixture = read_fixture(path)
            if isinstance(fixture, str) or (only_drafter_shaped and not drafter_shaped(fixture)):
                row["skipped"] += 1
                continue
            want = [_runs_key(r) for r in fixture.expected]
            for engine, renders in (
                # pandoc is given both ways of placing a note citation, and counted right if either is
                ("pandoc", (lambda f: pandoc_fixture(f, Path(scratch)),
                            lambda f: pandoc_fixture(f, Path(scratch), own_notes=True))),
                ("citeproc-js", (js_fixture,)),
            ):
                whole = text = False
                for render in renders:
                    try:
                        got = [_runs_key(r) for r in render(fixture)]
                    except Exception as exc:  # a crash on a fixture is a failure of that engine, counted as such
                        got = [(("error: " + str(exc)[:80], False, False, False, False),)]
                    whole = whole or got == want
                    text = text or [_text(r) for r in got] == [_text(r) for r in want]
                row[engine] += whole
                row[f"{engine} text"] += text
                if show and not text:
                    print(f"  {path.stem} [{engine}]: {[_text(r) for r in got][:3]}")
    return counts


# ---- size and speed --------------------------------------------------------------------------

def _tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def sizes() -> list[tuple[str, int]]:
    import py_mini_racer

    pandoc_binary = pandoc_path()
    rows = [("pandoc: the binary in pypandoc-binary", _tree_size(pandoc_binary)),
            ("pandoc: the whole pypandoc package", _tree_size(pandoc_binary.parent.parent))]
    racer = Path(py_mini_racer.__file__).parent
    rows.append(("citeproc-js: mini-racer (V8, ICU data)", _tree_size(racer)))
    rows.append(("citeproc-js: citeproc.js", _tree_size(citeproc_js.script_path())))
    rows.append(("citeproc-js: CSL locales (all languages)", _tree_size(citeproc_js.folder() / "locales")))
    return rows


def speed(repeat: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import random
    import shutil

    from drafter.core.citations.from_records import citation_source, cite_for
    from drafter.core.export import export_response, plan
    from drafter.core.export.plan import citation_cache, load
    from drafter.core.store import Store
    from export_bench import SEED, build, interleaved

    with tempfile.TemporaryDirectory(prefix="drafter-engines-bench-") as folder:
        root = Path(folder)
        store = Store.open(root / "data")
        response_id = build(store, 50, 10, 50, random.Random(SEED))
        document, sources, _ = load(store, response_id)
        cites = [cite_for(b.snippet) for q in document.questions for b in q.blocks if b.snippet]
        cited = [citation_source(s) for s in sources.values()]

        def render(engine: str) -> Any:
            return lambda: RENDER[engine](cited, cites, "oscola")

        def export(engine: str) -> Any:
            def run() -> None:
                # The export's one call of the renderer, swapped for citeproc-js's for this run.
                if engine == "citeproc-js":
                    plan.start_render = citeproc_js.start_render_js
                try:
                    export_response(store, response_id, root / f"{engine}.docx")
                finally:
                    plan.start_render = pandoc_start
            return run

        def clear() -> None:
            shutil.rmtree(citation_cache(store).folder, ignore_errors=True)

        for engine in ENGINES:  # first runs: the binary into the page cache, citeproc-js into V8
            render(engine)()
        pandoc_start = plan.start_render
        first = {e: [plain_text(r) for r in RENDER[e](cited, cites, "oscola").citations] for e in ENGINES}
        same = sum(a == b for a, b in zip(first["pandoc"], first["citeproc-js"], strict=True))
        times = interleaved({
            "render pandoc": (None, render("pandoc")),
            "render citeproc-js": (None, render("citeproc-js")),
            "export pandoc": (clear, export("pandoc")),
            "export citeproc-js": (clear, export("citeproc-js")),
        }, repeat)
        store.close()
    print(f"{len(cites)} OSCOLA footnotes; the two engines print {same} of them alike")
    for name, seconds in times.items():
        print(f"  {name:22} {seconds * 1000:7.0f} ms (median of {repeat})")
    print(f"render citeproc-js / pandoc: {times['render citeproc-js'] / times['render pandoc']:.2f}")
    print(f"cold export citeproc-js / pandoc: {times['export citeproc-js'] / times['export pandoc']:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    table = commands.add_parser("table")
    table.add_argument("--table", type=Path, default=DEFAULT_TABLE,
                       help="a .py or .json table of cases, or a .toml table shaped like guide_table.toml")
    table.add_argument("--show", action="store_true", help="print each case an engine gets wrong")
    suite = commands.add_parser("suite")
    suite.add_argument("folder", type=Path, help="the test suite's processor-tests/humans folder")
    suite.add_argument("--category", action="append", help="a category (file-name prefix); default: the styles' own")
    suite.add_argument("--show", action="store_true", help="print each fixture an engine gets wrong (text)")
    suite.add_argument("--drafter-shaped", action="store_true",
                       help="only fixtures whose citations are as Drafter's: one source each, no prefix or suffix")
    commands.add_parser("size")
    speed_parser = commands.add_parser("speed")
    speed_parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if args.command == "table" and args.table.suffix == ".toml":
        print_guide_result(run_guide_table(args.table), show=args.show)
    elif args.command == "table":
        sources, cases = load_table(args.table)
        result = run_table(sources, cases)
        print(f"{result.total} cases: " + ", ".join(f"{e} {n} right" for e, n in result.passed.items()))
        if args.show:
            for name, engine, text in result.differences:
                print(f"  [{engine}] {name}: {text}")
    elif args.command == "suite":
        counts = run_suite(args.folder, args.category or CATEGORIES, args.show, args.drafter_shaped)
        print("| category | fixtures | skipped | pandoc | citeproc-js | pandoc (text only) | citeproc-js (text only) |")
        print("|---|---|---|---|---|---|---|")
        total = dict.fromkeys(next(iter(counts.values()), {}), 0)
        for category, row in counts.items():
            print(f"| {category} | " + " | ".join(str(v) for v in row.values()) + " |")
            for k, v in row.items():
                total[k] += v
        print("| all | " + " | ".join(str(v) for v in total.values()) + " |")
    elif args.command == "size":
        for name, size in sizes():
            print(f"{name:45} {size / 1e6:7.1f} MB")
    else:
        speed(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
