"""How an export spends its time: pandoc in the background, the document made meanwhile, and
the citations of an unchanged response taken from the data folder's cache.

None of these tests times anything; they check the order of events and what
pandoc is asked to do, which is what the figures of bench/export_bench.py rest on.
"""

from __future__ import annotations

import subprocess
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx.opc.part import XmlPart

from drafter.core import listing, responses
from drafter.core.citations import CitationError, pandoc_run
from drafter.core.citations.from_records import citation_source
from drafter.core.export import ExportCancelled, ExportRefused, docx_writer, export_response
from drafter.core.export.plan import PlannedCitations, citation_cache
from drafter.core.models import Source
from drafter.core.responses import operations as moving
from drafter.core.responses.reading import quoted_pages

from .conftest import EXPORT_DAY, OSCOLA_NOTES, build_response
from .docx_reading import notes_in_order, paragraphs


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


class Pandoc:
    """Counts pandoc's citeproc runs; with ``hold``, a run waits until the export asks for its
    result (or until ``gate`` is set)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, hold: bool = False,
                 gate: threading.Event | None = None) -> None:
        self.runs = 0
        self.hold = hold
        self.asked = threading.Event()  # the writer has come to need the citations
        self.gate = gate or self.asked
        self.released_by_writer: bool | None = None
        self._real = subprocess.Popen
        monkeypatch.setattr(pandoc_run.subprocess, "Popen", self)
        real_wait = PlannedCitations.wait

        def wait(planned: PlannedCitations, check: Any = None) -> None:
            self.asked.set()
            real_wait(planned, check)

        monkeypatch.setattr(PlannedCitations, "wait", wait)

    def __call__(self, command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        process = self._real(command, **kwargs)
        if "--citeproc" in command:
            self.runs += 1
            if self.hold:
                feed = process.communicate

                def held(*args: Any, **kwargs: Any) -> tuple[bytes, bytes]:
                    self.released_by_writer = self.gate.wait(20)
                    return feed(*args, **kwargs)

                process.communicate = held  # type: ignore[method-assign]
        return process


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def test_an_unchanged_response_is_exported_again_without_pandoc(store, built, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pandoc = Pandoc(monkeypatch)
    first = export_response(store, built.response_id, tmp_path / "first.docx", today=EXPORT_DAY).path
    again = export_response(store, built.response_id, tmp_path / "again.docx", today=EXPORT_DAY).path
    assert pandoc.runs == 1
    assert notes_in_order(again) == OSCOLA_NOTES
    assert _parts(again) == _parts(first)  # every part, byte for byte
    assert list(citation_cache(store).folder.glob("*.json"))  # kept in the data folder


def test_a_changed_fact_is_rendered_afresh(store, built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pandoc = Pandoc(monkeypatch)
    export_response(store, built.response_id, tmp_path / "before.docx", today=EXPORT_DAY)
    with store.transaction() as session:
        source = session.get(Source, 4)  # Tom Foot's article, notes 1 and 4
        source.authors = ["Thomas Foot"]
        session.add(source)
    after = export_response(store, built.response_id, tmp_path / "after.docx", today=EXPORT_DAY).path
    assert pandoc.runs == 2
    notes = notes_in_order(after)
    assert notes[0].startswith("Thomas Foot, ‘Rights Fears") and notes[3] == "Foot (n 1)."
    assert notes[1:3] + notes[4:] == OSCOLA_NOTES[1:3] + OSCOLA_NOTES[4:]


def test_each_style_is_rendered_once_and_kept_apart(store, built, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pandoc = Pandoc(monkeypatch)
    for style in ("oscola", "harvard-cite-them-right", "oscola", "harvard-cite-them-right"):
        export_response(store, built.response_id, tmp_path / f"{style}.docx", style=style, today=EXPORT_DAY)
    assert pandoc.runs == 2
    assert notes_in_order(tmp_path / "oscola.docx") == OSCOLA_NOTES
    texts = [text for _, text in paragraphs(tmp_path / "harvard-cite-them-right.docx")]
    assert any(text.endswith("(Foot, 2025).") for text in texts)
    assert "References" in texts


def test_the_document_is_made_while_pandoc_works(store, built, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    pandoc = Pandoc(monkeypatch, hold=True)
    laid_out: list[int] = []
    real_question = docx_writer._Writer.question

    def question(writer: Any, planned: Any) -> None:
        real_question(writer, planned)
        laid_out.append(planned.record.id)

    written_before: list[str] = []
    real_blob = XmlPart.blob

    def blob(part: XmlPart) -> bytes:
        if not pandoc.asked.is_set():
            written_before.append(str(part.partname))
        return real_blob.fget(part)  # type: ignore[attr-defined]

    monkeypatch.setattr(docx_writer._Writer, "question", question)
    monkeypatch.setattr(XmlPart, "blob", property(blob))
    path = export_response(store, built.response_id, tmp_path / "r.docx", today=EXPORT_DAY).path
    # pandoc was held until the writer asked for the citations, and the export still finished:
    # by then every question was laid out and the body and styles were written and compressed.
    assert pandoc.released_by_writer is True
    assert laid_out == list(built.question_ids)
    assert {"/word/document.xml", "/word/styles.xml"} <= set(written_before)
    assert "/word/footnotes.xml" not in written_before
    assert notes_in_order(path) == OSCOLA_NOTES


def test_pandoc_starts_before_the_whole_response_is_read(store, built, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_popen = subprocess.Popen

    def popen(command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        if "--citeproc" in command:
            events.append("pandoc")
        return real_popen(command, **kwargs)

    real_read = responses.get_response

    def read(*args: Any, **kwargs: Any) -> Any:
        events.append("whole read")
        return real_read(*args, **kwargs)

    monkeypatch.setattr(pandoc_run.subprocess, "Popen", popen)
    monkeypatch.setattr(responses, "get_response", read)
    path = export_response(store, built.response_id, tmp_path / "r.docx", today=EXPORT_DAY).path
    assert events == ["pandoc", "whole read"]  # one run, started from the lean read
    assert notes_in_order(path) == OSCOLA_NOTES


def test_a_change_between_the_two_reads_is_exported_as_read_last(store, built, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    pandoc = Pandoc(monkeypatch)
    real_read = responses.get_response

    def read(*args: Any, **kwargs: Any) -> Any:
        # An autosave of another window lands after pandoc was started from the lean read.
        with store.transaction() as session:
            source = session.get(Source, 4)  # Tom Foot's article, notes 1 and 4
            source.authors = ["Thomas Foot"]
            session.add(source)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(responses, "get_response", read)
    path = export_response(store, built.response_id, tmp_path / "r.docx", today=EXPORT_DAY).path
    assert pandoc.runs == 2  # the early run no longer matched, so the citations were rendered again
    notes = notes_in_order(path)
    assert notes[0].startswith("Thomas Foot, ‘Rights Fears") and notes[3] == "Foot (n 1)."
    assert notes[1:3] + notes[4:] == OSCOLA_NOTES[1:3] + OSCOLA_NOTES[4:]


def test_an_early_start_that_fails_leaves_the_problem_to_the_whole_read(store, built, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # The lean read finds a source gone (deleted by another window between its two
    # queries): no early run, and the export goes on from the whole read.
    pandoc = Pandoc(monkeypatch)
    monkeypatch.setattr(listing, "citation_facts", lambda store, ids: {})
    path = export_response(store, built.response_id, tmp_path / "r.docx", today=EXPORT_DAY).path
    assert pandoc.runs == 1
    assert notes_in_order(path) == OSCOLA_NOTES


def test_the_lean_read_gives_the_quotations_in_the_order_of_the_whole_read(store, built) -> None:
    # Questions and quotations moved after they were made, so positions and ids disagree.
    moving.move_question(store, built.question_ids[2], 0)
    moving.move_question(store, built.question_ids[0], 2)
    second = responses.get_response(store, built.response_id).questions[1]
    last_quotation = [b for b in second.blocks if b.is_quotation][-1]
    moving.move_block(store, last_quotation.id, second.id, 0)
    whole = responses.get_response(store, built.response_id)
    style, quoted = quoted_pages(store, built.response_id)  # type: ignore[misc]
    assert style == "oscola"
    assert quoted == [(b.snippet.source_id, b.snippet.page_label, b.pinpoint)
                      for q in whole.questions for b in q.blocks if b.snippet is not None]
    facts = listing.citation_facts(store, sorted({i for i, _, _ in quoted}))
    assert {i: citation_source(f) for i, f in facts.items()} == {
        i: citation_source(listing.source_record(store, i)) for i, _, _ in quoted}
    assert quoted_pages(store, built.response_id + 1) is None


def test_an_author_date_body_waits_for_its_citations(store, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    built = build_response(store, style="harvard-cite-them-right")
    pandoc = Pandoc(monkeypatch, hold=True)
    path = export_response(store, built.response_id, tmp_path / "r.docx", today=EXPORT_DAY).path
    assert pandoc.released_by_writer is True
    texts = [text for _, text in paragraphs(path)]
    assert any(text.endswith("(Foot, 2025).") for text in texts)
    assert texts.index("References") < len(texts) - 1


def test_cancel_while_pandoc_works_writes_nothing(store, built, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cancel_seen = threading.Event()
    pandoc = Pandoc(monkeypatch, hold=True, gate=cancel_seen)  # held until the cancel is noticed

    def cancelled() -> bool:
        if pandoc.asked.is_set():  # the user presses Cancel once the export waits for pandoc
            cancel_seen.set()
            return True
        return False

    target = tmp_path / "r.docx"
    with pytest.raises(ExportCancelled):
        export_response(store, built.response_id, target, cancelled=cancelled)
    assert cancel_seen.is_set()
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_a_pandoc_failure_leaves_the_old_file(store, built, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    real = pandoc_run.pandoc_command
    monkeypatch.setattr(pandoc_run, "pandoc_command", lambda p, c: [*real(p, c), "--no-such-option"])
    target = tmp_path / "r.docx"
    target.write_bytes(b"the old export")
    with pytest.raises(CitationError, match="could not be formatted"):
        export_response(store, built.response_id, target)
    assert target.read_bytes() == b"the old export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["r.docx"]
    assert not list(citation_cache(store).folder.glob("*.json"))  # nothing kept of a failure


def test_the_check_is_still_reported_before_any_citation_problem(store, built, tmp_path: Path) -> None:
    # pandoc starts before the check, but a blocked response is reported as blocked,
    # not as the citation problem it also has.
    with store.transaction() as session:
        source = session.get(Source, 4)
        source.text = source.text.replace("robust safeguards", "strong safeguards")
        session.add(source)
    with pytest.raises(ExportRefused, match="no longer matches its source"):
        export_response(store, built.response_id, tmp_path / "r.docx")
    with pytest.raises(ExportRefused):
        export_response(store, built.response_id, tmp_path / "r.docx", style="no such style")


def test_a_citation_problem_is_reported_once_the_check_passes(store, built, tmp_path: Path) -> None:
    with pytest.raises(CitationError, match="is not a language code"):
        export_response(store, built.response_id, tmp_path / "r.docx", locale="not a code")
    assert not (tmp_path / "r.docx").exists()


def test_an_unknown_style_named_for_the_export_is_the_checks_blocker(store, built, tmp_path: Path) -> None:
    with pytest.raises(ExportRefused, match="No citation style called 'no such style'"):
        export_response(store, built.response_id, tmp_path / "r.docx", style="no such style")
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.parametrize(
    ("form", "arguments"),
    [
        ({}, {"numbered": False, "bibliography": False}),
        ({"style": "  oscola ", "template": "   "}, {"style": "oscola", "numbered": False, "bibliography": False}),
        ({"template": " ours.docx ", "numbered": True, "bibliography": True},
         {"template": Path("ours.docx"), "numbered": True, "bibliography": True}),
        ({"locale": " en-GB "}, {"locale": "en-GB", "numbered": False, "bibliography": False}),
        ({"locale": "  "}, {"numbered": False, "bibliography": False}),
    ],
)
def test_export_options_from_a_form_become_the_exports_arguments(form, arguments) -> None:
    from drafter.core.export.options import ExportOptions

    assert ExportOptions.from_form(**form).arguments() == arguments
