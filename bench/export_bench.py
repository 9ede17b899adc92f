"""How long does the Word export of a big response take? A benchmark, not a test: it never asserts times.

    .venv/bin/python bench/export_bench.py                 # 50 questions × 10 quotations, 50 sources
    .venv/bin/python bench/export_bench.py --questions 20 --repeat 3

It builds, in a temporary data folder, 50 generated sources (about 600 words
each; one, two or no authors; full, partial or missing dates; URLs with and
without accessed dates) and a response of 50 questions, each answered by two
paragraphs of the organisation's own text and 10 quotations from those sources
(one in ten long enough to be a block quotation, most with a lead-in), so the
same sources are cited again and again and the notes mix full, short
('Foot (n 1)') and 'ibid' forms.

It then times, the median of --repeat rounds, each round running these in turn
(so a change in the machine's load falls on all of them alike), each run after
a garbage collection and a 0.2 s pause, untimed, so no run pays for the last:
  floor   python-docx writing the same paragraphs (title, opening, headings,
          paragraphs, quotations inline and as blocks) with no citations, saved
          to a file: the cost of producing the document at all;
  cold    drafter.core.export.export_response to .docx with no rendered
          citations in the data folder's cache (it is emptied before each run,
          untimed): loading the response and its sources, the readiness check,
          one pandoc citeproc run for every citation (in the background while
          the document is laid out and written), the footnotes, the safe write;
  warm    the same export again, the response unchanged, so the citations
          come from the cache and pandoc is not run;
and prints cold / floor and warm / floor (the target is under 1.5), then the
parts: the citeproc run alone (render_citations: pandoc plus reading its
answer), the pandoc process alone, loading and checking, and laying out and
saving with the citations ready.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx

from drafter.core.citations import find_style, render_citations, to_csl_json
from drafter.core.citations.from_records import citation_source, cite_for
from drafter.core.citations.pandoc_doc import build_document
from drafter.core.citations.pandoc_run import _run, api_version, pandoc_command, pandoc_path
from drafter.core.citations.quotes import FALLBACK_LOCALE
from drafter.core.citations.style_trim import style_to_run
from drafter.core.export import export_response
from drafter.core.export.docx_writer import WriteOptions, write_docx
from drafter.core.export.output import Progress
from drafter.core.export.plan import Paragraph, citation_cache, load, plan_export
from drafter.core.names import Organisation, Person
from drafter.core.responses import (
    ResponseDetails,
    add_block,
    add_question,
    create_response,
    set_chosen_option,
)
from drafter.core.snippets import create_snippet
from drafter.core.sources import SourceFacts, add_source
from drafter.core.store import Store

SEED = 20260212  # the day the consultation closes
WORDS = [
    "police", "facial", "recognition", "live", "deployment", "camera", "watchlist", "arrest", "privacy", "law",
    "regulation", "oversight", "biometric", "data", "public", "safety", "rights", "liberty", "court", "equality",
    "accuracy", "bias", "consent", "retention", "commissioner", "minister", "framework", "statutory", "code",
    "guidance", "independent", "review", "community", "trust",
]
SURNAMES = ["Foot", "Quinn", "Smith", "Patel", "Jones", "Okafor", "Williams", "Brown", "Taylor", "Davies"]


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def build(store: Store, questions: int, quotations: int, sources: int, rng: random.Random) -> int:
    source_ids = []
    for i in range(sources):
        text = "\n\n".join(" ".join(sentence(rng, rng.randint(15, 25)) for _ in range(3)) for _ in range(12))
        authors = [
            (), (Person(SURNAMES[i % 10], "Anna"),), (Person(SURNAMES[i % 10], "Tom"), Organisation("Home Office"))
        ][i % 3]
        date = [f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", f"2024-{1 + i % 12:02d}", None][i % 3]
        facts = SourceFacts(title=f"Article {i} on facial recognition and policing", publisher=f"Paper {i % 7}",
                            authors=authors, date=date, url=f"https://example.org/news/{i}",
                            accessed="2026-01-15" if i % 2 else None)
        source_ids.append(add_source(store, text, facts).id)
    response = create_response(store, ResponseDetails(
        consultation_title="Legal framework for using facial recognition in law enforcement",
        consulting_body="Home Office", organisation="Rights Watch", contact="policy@rightswatch.example",
        may_publish=True, introduction="\n".join(sentence(rng, 30) for _ in range(3))))
    texts = {i: store_text(store, i) for i in source_ids}
    for q in range(questions):
        question = add_question(store, response.id, label=str(q + 1), text=sentence(rng, 18).rstrip(".") + "?",
                                options=("Agree", "Disagree"))
        set_chosen_option(store, question.id, "Disagree")
        add_block(store, question.id, text=" ".join(sentence(rng, 15) for _ in range(2)))
        for j in range(quotations):
            source_id = source_ids[(q * 3 + j) % len(source_ids)]
            text = texts[source_id]
            words = 42 if j == 4 else rng.randint(8, 25)  # one block quotation per answer
            # Within one paragraph of the source, as most quotations are.
            paragraph = rng.choice([p for p in text.split("\n\n") if len(p.split()) > words + 2])
            offset = text.index(paragraph)
            first = rng.randint(0, len(paragraph.split()) - words - 1)
            start = offset + len(" ".join(paragraph.split(" ")[:first])) + (1 if first else 0)
            end = offset + len(" ".join(paragraph.split(" ")[: first + words]))
            snippet = create_snippet(store, source_id, start, end)
            add_block(store, question.id, kind="quotation", snippet_id=snippet.id,
                      text="" if j % 3 == 0 else "As the report notes,")
        add_block(store, question.id, text=sentence(rng, 25))
    return response.id


def store_text(store: Store, source_id: int) -> str:
    from drafter.core.library import get_source

    return get_source(store, source_id).text


def floor(store: Store, response_id: int, target: Path) -> Callable[[], None]:
    """python-docx writing the export's paragraphs, without citations, footnotes or checks."""
    plan = plan_export(store, response_id)
    details = plan.details

    def run() -> None:
        document = docx.Document()
        document.add_paragraph(details.consultation_title, "Title")
        document.add_paragraph(f"Response from {details.organisation}", "Subtitle")
        for line in ("Submitted to: Home Office", "Date: 12 February 2026", f"Contact: {details.contact}"):
            document.add_paragraph(line)
        document.add_heading("Introduction", 1)
        for text in plan.introduction:
            document.add_paragraph(text)
        for question in plan.questions:
            document.add_heading(f"Question {question.label}: {question.text}", 2)
            document.add_paragraph(f"Answer: {question.record.chosen_option}")
            for item in question.items:
                if isinstance(item, Paragraph):
                    document.add_paragraph(item.text)
                elif item.long:
                    if item.lead_in:
                        document.add_paragraph(item.lead_in)
                    document.add_paragraph(item.text, "Quote")
                else:
                    document.add_paragraph(f"{item.lead_in} \u2018{item.text}\u2019".lstrip())
        document.save(str(target))

    return run


def timed(run: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None) -> float:
    """The median seconds of ``repeat`` runs; ``setup``, if given, runs untimed before each."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def settle() -> None:
    """Let the last run's leftovers go before the next is timed: its garbage (collected now,
    not in the middle of the next run) and its fsync'd file. Without this the floor swung
    between 125 and 250 ms from round to round. Untimed, before every run."""
    gc.collect()
    time.sleep(0.2)


def interleaved(runs: dict[str, tuple[Callable[[], object] | None, Callable[[], object]]],
                repeat: int) -> dict[str, float]:
    """The median seconds of each named (setup, run), the runs taking turns ``repeat`` times,
    each after its setup and ``settle``."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (setup, run) in runs.items():
            if setup is not None:
                setup()
            settle()
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def clear_citation_cache(store: Store) -> None:
    """Forget every rendered citation, so the next export runs pandoc (a cold export)."""
    shutil.rmtree(citation_cache(store).folder, ignore_errors=True)


def pandoc_alone(store: Store, response_id: int, style: str = "oscola") -> Callable[[], None]:
    """The pandoc process of the export's citeproc run, with the same input and style file, nothing else."""
    document, sources, _ = load(store, response_id)
    quoted = [b.snippet for q in document.questions for b in q.blocks if b.snippet]
    cites = [cite_for(s) for s in quoted]
    cited = {citation_source(s).id: citation_source(s) for s in sources.values()}
    info = find_style(style)
    pandoc = pandoc_path()
    payload = json.dumps(build_document(
        [to_csl_json(cited[i]) for i in dict.fromkeys(c.source_id for c in cites)], cites,
        note_style=info.is_note_style, locale=info.locale or FALLBACK_LOCALE,
        with_bibliography=not info.is_note_style, api_version=api_version(pandoc),
    ), ensure_ascii=False).encode("utf-8")
    command = pandoc_command(pandoc, style_to_run(info.path, with_bibliography=not info.is_note_style))
    return lambda: _run(command, payload)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--quotations", type=int, default=10, help="quotations per question")
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="drafter-export-bench-") as folder:
        root = Path(folder)
        store = Store.open(root / "data")
        started = time.perf_counter()
        response_id = build(store, args.questions, args.quotations, args.sources, random.Random(SEED))
        print(f"built {args.questions} questions × {args.quotations} quotations from {args.sources} sources "
              f"in {time.perf_counter() - started:.1f} s")
        export_response(store, response_id, root / "warm.docx")  # pandoc and the styles into the page cache

        def export() -> None:
            export_response(store, response_id, root / "export.docx")

        main_s = interleaved({
            "floor": (None, floor(store, response_id, root / "floor.docx")),
            "cold": (lambda: clear_citation_cache(store), export),
            "warm": (None, export),
        }, args.repeat)
        floor_s, cold_s, warm_s = main_s["floor"], main_s["cold"], main_s["warm"]
        plan = plan_export(store, response_id)  # the citations are cached: load + check + cache

        def write() -> None:
            with (root / "write.docx").open("wb") as out:
                write_docx(plan, out, WriteOptions(), Progress(len(plan.questions)))

        parts = interleaved({
            "load": (None, lambda: plan_export(store, response_id)),
            "write": (None, write),
            "pandoc": (None, pandoc_alone(store, response_id)),
        }, args.repeat)
        notes = sum(1 for q in plan.questions for item in q.items if not isinstance(item, Paragraph))
        document, sources, _ = load(store, response_id)
        quoted = [b.snippet for q in document.questions for b in q.blocks if b.snippet]
        cited = [citation_source(s) for s in sources.values()]
        cites = [cite_for(s) for s in quoted]
        citeproc_s = timed(lambda: render_citations(cited, cites, "oscola"), args.repeat)
        store.close()
    print(f"citations (footnotes): {notes}")
    print(f"floor  (python-docx, same paragraphs, no citations):  {floor_s * 1000:7.0f} ms")
    print(f"export cold (OSCOLA footnotes, pandoc run):           {cold_s * 1000:7.0f} ms")
    print(f"export warm (unchanged response, citations cached):   {warm_s * 1000:7.0f} ms")
    print(f"  the citeproc run alone (pandoc + reading, {notes} cites): {citeproc_s * 1000:5.0f} ms")
    print(f"  the pandoc process alone:                           {parts['pandoc'] * 1000:7.0f} ms")
    print(f"  load + check (+ cached citations):                  {parts['load'] * 1000:7.0f} ms")
    print(f"  layout + save, citations ready:                     {parts['write'] * 1000:7.0f} ms")
    print(f"ratio cold / floor: {cold_s / floor_s:.2f} (target < 1.5)")
    print(f"ratio warm / floor: {warm_s / floor_s:.2f} (target < 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
