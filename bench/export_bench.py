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

It then times, the median of --repeat runs each:
  floor   python-docx writing the same paragraphs (title, opening, headings,
          paragraphs, quotations inline and as blocks) with no citations, saved
          to a file: the cost of producing the document at all;
  export  drafter.core.export.export_response to .docx: loading the response
          and its sources, the readiness check, one pandoc citeproc run for
          every citation, the footnotes part, numbering, and the safe write;
and prints export / floor (the target is under 1.5), with the export's parts
(plan = load + check + citations; write = laying out and saving; the one
citeproc run, timed alone), and the ratio without that run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx

from drafter.core.citations import render_citations
from drafter.core.export import export_response
from drafter.core.export.docx_writer import WriteOptions, write_docx
from drafter.core.export.output import Progress
from drafter.core.export.plan import Paragraph, load, plan_export
from drafter.core.export.sources import citation_source, cite_for
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
WORDS = ["police", "facial", "recognition", "live", "deployment", "camera", "watchlist", "arrest", "privacy", "law", "regulation", "oversight", "biometric", "data", "public", "safety", "rights", "liberty", "court", "equality", "accuracy", "bias", "consent", "retention", "commissioner", "minister", "framework", "statutory", "code", "guidance", "independent", "review", "community", "trust"]
SURNAMES = ["Foot", "Quinn", "Smith", "Patel", "Jones", "Okafor", "Williams", "Brown", "Taylor", "Davies"]


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def build(store: Store, questions: int, quotations: int, sources: int, rng: random.Random) -> int:
    source_ids = []
    for i in range(sources):
        text = "\n\n".join(" ".join(sentence(rng, rng.randint(15, 25)) for _ in range(3)) for _ in range(12))
        authors = [(), (f"Anna {SURNAMES[i % 10]}",), (f"Tom {SURNAMES[i % 10]}", "Chay Quinn")][i % 3]
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


def timed(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--quotations", type=int, default=10, help="quotations per question")
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="drafter-export-bench-") as folder:
        root = Path(folder)
        store = Store.open(root / "data")
        started = time.perf_counter()
        response_id = build(store, args.questions, args.quotations, args.sources, random.Random(SEED))
        print(f"built {args.questions} questions × {args.quotations} quotations from {args.sources} sources "
              f"in {time.perf_counter() - started:.1f} s")
        export_response(store, response_id, root / "warm.docx")  # pandoc and the styles into the page cache
        floor_s = timed(floor(store, response_id, root / "floor.docx"), args.repeat)
        export_s = timed(lambda: export_response(store, response_id, root / "export.docx"), args.repeat)
        plan_s = timed(lambda: plan_export(store, response_id), args.repeat)
        plan = plan_export(store, response_id)

        def write() -> None:
            with (root / "write.docx").open("wb") as out:
                write_docx(plan, out, WriteOptions(), Progress(len(plan.questions)))

        write_s = timed(write, args.repeat)
        notes = sum(1 for q in plan.questions for item in q.items if not isinstance(item, Paragraph))
        document, sources, _ = load(store, response_id)
        quoted = [b.snippet for q in document.questions for b in q.blocks if b.snippet]
        cited = [citation_source(s) for s in sources.values()]
        cites = [cite_for(s) for s in quoted]
        citeproc_s = timed(lambda: render_citations(cited, cites, "oscola"), args.repeat)
        store.close()
    print(f"citations (footnotes): {notes}")
    print(f"floor  (python-docx, same paragraphs, no citations): {floor_s * 1000:7.0f} ms")
    print(f"export (drafter, OSCOLA footnotes):                  {export_s * 1000:7.0f} ms")
    print(f"  of which plan (load + check + citations):          {plan_s * 1000:7.0f} ms")
    print(f"  of which write (layout + save):                    {write_s * 1000:7.0f} ms")
    print(f"  of which the one citeproc run (pandoc, {notes} cites):  {citeproc_s * 1000:7.0f} ms")
    print(f"ratio export / floor: {export_s / floor_s:.2f} (target < 1.5)")
    print(f"ratio without the citeproc run: {(export_s - citeproc_s) / floor_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
