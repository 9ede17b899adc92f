"""Response files: a round trip is exact, the same sources are reused, and every bad file is refused whole."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import re
import sqlite3
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from engine_sql import run_sql
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.cli.bundle import add_bundle_commands
from drafter.core.bundle import (
    FORMAT_NAME,
    SCHEMA_VERSION,
    BundleError,
    export_bundle,
    import_bundle,
)
from drafter.core.errors import DrafterError, NotFoundError
from drafter.core.library import get_source, list_sources
from drafter.core.names import Organisation, Person
from drafter.core.responses import (
    ResponseDetails,
    ResponseDocument,
    add_block,
    add_question,
    create_response,
    get_response,
    list_responses,
    set_chosen_option,
    set_recommendation,
    update_question,
)
from drafter.core.search import search
from drafter.core.snippets import create_snippet, snippet_from_quote
from drafter.core.sources import SourceFacts, add_source
from drafter.core.store import Store


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

# A paged source (as a PDF import makes it), with text beyond the Basic Multilingual Plane
# before the quoted passage: offsets count code points on both sides of the file.
PAGE_ONE = "Annual Report 2025 🙂\nThe Commissioner's foreword.\n"
PAGE_TWO = "Live facial recognition was deployed 180 times in London.\nOversight remains “fragmented”.\n"


def _stored(store: Store, title: str | None) -> int:
    return next(s.id for s in list_sources(store) if s.title == title)


def build_response(store: Store) -> int:
    """A response with everything a bundle carries: details, options, limits, quotations of three sources."""
    report = add_source(
        store,
        PAGE_ONE + PAGE_TWO,
        SourceFacts(type="report", title="Annual Report 2025", publisher="Biometrics Commissioner",
                    authors=(Organisation("Office of the Biometrics Commissioner"), Person("Smith", "Jane")),
                    date="2025-03", accessed="2026-01-15",
                    variables={"genre": "Annual report", "number": "HC 123", "publisher-place": "London"}),
        format="pdf",
        original_filename="annual-report.pdf",
        pages=[(0, len(PAGE_ONE), "i"), (len(PAGE_ONE), len(PAGE_ONE + PAGE_TWO), "2")],
        fact_basis={"title": "guessed from the PDF's properties"},
    )
    response = create_response(store, ResponseDetails(
        consultation_title="Legal framework for law enforcement use of biometrics",
        consulting_body="Home Office", deadline="2026-02-12", submit_to="frt-consultation@homeoffice.gov.uk",
        organisation="Rights Watch", contact="Sam Jones, policy@rightswatch.example", may_publish=False,
        introduction="Rights Watch welcomes the consultation.", citation_style="oscola",
        quotations_count_toward_limit=False,
    ))
    q1 = add_question(store, response.id, label="1", text="Do you agree the framework should cover LFR?",
                      options=["Agree", "Neither agree nor disagree", "Disagree", "Don't know"],
                      prompt="Please explain your answer.", section="Part A: Scope", word_limit=250)
    q2 = add_question(store, response.id, label="2a", text="Which bodies should oversee its use?", char_limit=1500)
    add_question(store, response.id, label="3", text="Any other comments?")  # left unanswered
    set_chosen_option(store, q1.id, "Disagree")
    update_question(store, q2.id, confidential=True)

    met = snippet_from_quote(store, _stored(store, "Met Police to double facial recognition use amid budget cuts"),
                             "loss of 1,400 officers and 300 staff", note="the trade-off", tags=["budget", "LFR"])
    untitled = snippet_from_quote(store, _stored(store, None), "ramp up police use")
    start = len(PAGE_ONE) + PAGE_TWO.index("Oversight")
    on_page_two = create_snippet(store, report.id, start, start + len("Oversight remains “fragmented”."),
                                 note="their word", tags=["oversight"])
    on_page_one = create_snippet(store, report.id, 0, len("Annual Report 2025 🙂"))
    # In the library but not quoted: must stay out of the file.
    snippet_from_quote(store, _stored(store, "Rights fears as Met ramps up tech use"), "scaling up")

    add_block(store, q1.id, text="We disagree — a law must come first.")
    add_block(store, q1.id, kind="quotation", snippet_id=met.id, text="As the Met itself says:")
    add_block(store, q1.id, kind="quotation", snippet_id=untitled.id)
    add_block(store, q2.id, kind="quotation", snippet_id=on_page_two.id)
    recommended = add_block(store, q2.id, text="An independent regulator is needed.")
    set_recommendation(store, recommended.id, True)  # carried by version 3 files
    add_block(store, q2.id, kind="quotation", snippet_id=met.id, text="Again:")
    add_block(store, q2.id, kind="quotation", snippet_id=on_page_one.id)
    return response.id


# --- comparing content, leaving out what is local to one database ----------------------------

# A block's version and last editor are the library's history of it, not carried by a response file.
_LOCAL = {"id", "response_id", "question_id", "snippet_id", "source_id", "created_at", "updated_at", "used_in",
          "version", "edited_by", "edited_at"}


def _portable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _portable(v) for k, v in value.items() if k not in _LOCAL}
    if isinstance(value, (list, tuple)):
        return [_portable(v) for v in value]
    return value


def portable_document(document: ResponseDocument) -> Any:
    return _portable(asdict(document))


def portable_sources(store: Store, document: ResponseDocument) -> list[Any]:
    ids = dict.fromkeys(b.snippet.source_id for q in document.questions for b in q.blocks if b.snippet)
    # stored_article only records that this library seeded the article itself; it is not carried.
    return [{k: v for k, v in _portable(asdict(get_source(store, i))).items() if k != "stored_article"} for i in ids]


def dump(store: Store) -> dict[str, list[str]]:
    """Every row of every table (search index included), to prove nothing changed."""
    if store.is_server:
        tables = [r[0] for r in run_sql(store, "SELECT table_name FROM information_schema.tables "
                                               "WHERE table_schema = 'public' ORDER BY table_name")]
        return {t: sorted(repr(row) for row in run_sql(store, f'SELECT * FROM "{t}"')) for t in tables}
    con = sqlite3.connect(f"file:{store.database_path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(repr(row) for row in con.execute(f'SELECT * FROM "{t}"')) for t in tables}
    finally:
        con.close()


def counts(store: Store) -> dict[str, int]:
    """Rows per table of the user's data (not the search index's, nor the change log's bookkeeping)."""
    shadow = ("_fts", "_data", "_idx", "_docsize", "_config", "_content")
    bookkeeping = {"change_log", "change_clock"}
    return {t: len(rows) for t, rows in dump(store).items() if not t.endswith(shadow) and t not in bookkeeping}


def backups(store: Store) -> list[Path]:
    return sorted((store.data_dir / "backups").glob("before-bundle-import-*"))


@pytest.fixture
def other_store(tmp_path: Path) -> Iterator[Store]:
    """A second, empty data folder: a colleague's machine with nothing in its library."""
    opened = Store.open(tmp_path / "colleague", seed=False)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def good_bundle(store: Store, tmp_path: Path) -> Path:
    return export_bundle(store, build_response(store), tmp_path / "response.drafter").path


# --- round trip --------------------------------------------------------------------------------


def test_round_trip_into_an_empty_data_folder_is_identical(store, other_store, tmp_path) -> None:
    response_id = build_response(store)
    summary = export_bundle(store, response_id, tmp_path / "response.drafter")
    result = import_bundle(other_store, summary.path)

    original, imported = get_response(store, response_id), get_response(other_store, result.response_id)
    assert portable_document(imported) == portable_document(original)
    assert portable_sources(other_store, imported) == portable_sources(store, original)
    assert (len(result.sources_added), result.sources_reused) == (3, ())
    assert (len(result.snippets_added), result.snippets_reused) == (4, ())
    assert (result.questions, result.blocks) == (3, 7)
    assert result.backup.is_file() and result.backup.parent == other_store.data_dir / "backups"
    # The search index is fed by the same database triggers as for sources imported by hand.
    hits = search(other_store, "fragmented").hits
    assert {h.kind for h in hits} == {"source", "snippet"}


def test_names_are_written_as_csl_json_persons_and_organisations(good_bundle: Path) -> None:
    doc = read_doc(good_bundle)
    report = next(s for s in doc["sources"] if s["title"] == "Annual Report 2025")
    assert report["authors"] == [{"literal": "Office of the Biometrics Commissioner"},
                                 {"family": "Smith", "given": "Jane"}]
    foot = [s for s in doc["sources"] if s["title"] == "Rights fears as Met ramps up tech use"]
    assert foot == []  # not quoted by this response
    unknown = next(s for s in doc["sources"] if s["title"] is None)
    assert unknown["authors"] == [{"family": "Quinn", "given": "Chay"}]


def _as_version(doc: dict[str, Any], version: int) -> None:
    """The document as an older Drafter wrote it: no sources' ``variables`` and no blocks' recommendation,
    shortened form or pinpoint before version 3."""
    doc["schema_version"] = version
    for source in doc["sources"]:
        source.pop("variables")
    for question in doc["response"]["questions"]:
        for block in question["blocks"]:
            for name in ("recommendation", "shortened", "pinpoint"):
                block.pop(name, None)


# Version 1 wrote names as strings; they are read as the citations read them then, so a
# response made by an older Drafter cites exactly as it did there.
@pytest.mark.parametrize(
    ("old", "new"),
    [
        (["{Home Office}", "Tom Foot"], (Organisation("Home Office"), Person("Foot", "Tom"))),
        (["Liberty", "Foot, Tom"], (Organisation("Liberty"), Person("Foot", "Tom"))),
        ([], ()),
        (None, None),
    ],
)
def test_a_version_1_file_is_read_with_its_names(
    store: Store, other_store: Store, good_bundle: Path, tmp_path: Path, old: Any, new: Any
) -> None:
    doc = read_doc(good_bundle)
    _as_version(doc, 1)
    report = next(s for s in doc["sources"] if s["title"] == "Annual Report 2025")
    report["authors"] = old
    old_file = write_zip(tmp_path / "v1.drafter", [("bundle.json", _dumps(doc))])
    result = import_bundle(other_store, old_file)
    imported = next(s for s in list_sources(other_store) if s.title == "Annual Report 2025")
    assert imported.authors == new
    assert result.response_id


def test_recommendations_travel_and_a_version_2_file_has_none(
    store: Store, other_store: Store, good_bundle: Path, tmp_path: Path
) -> None:
    doc = read_doc(good_bundle)
    marked = [b["text"] for q in doc["response"]["questions"] for b in q["blocks"] if b["recommendation"]]
    assert marked == ["An independent regulator is needed."]
    imported = get_response(other_store, import_bundle(other_store, good_bundle).response_id)
    assert [b.text for q in imported.questions for b in q.blocks if b.recommendation] == marked

    doc["schema_version"] = 2  # written before recommendations: blocks have no such field
    for question in doc["response"]["questions"]:
        for block in question["blocks"]:
            del block["recommendation"]
    for source in doc["sources"]:
        del source["variables"]  # nor had sources other CSL variables
    old = get_response(other_store, import_bundle(
        other_store, write_zip(tmp_path / "v2.drafter", [("bundle.json", _dumps(doc))])).response_id)
    assert not any(b.recommendation for q in old.questions for b in q.blocks)


def test_a_quotation_marked_as_a_recommendation_is_refused(
    good_bundle: Path, other_store: Store, tmp_path: Path
) -> None:
    doc = read_doc(good_bundle)
    doc["response"]["questions"][0]["blocks"][1]["recommendation"] = True  # a quotation
    before = counts(other_store)
    with pytest.raises(DrafterError, match="quotation marked as a recommendation"):
        import_bundle(other_store, write_zip(tmp_path / "bad.drafter", [("bundle.json", _dumps(doc))]))
    assert counts(other_store) == before


def test_version_3_carries_each_sources_type_and_its_other_facts(
        store: Store, other_store: Store, good_bundle: Path) -> None:
    doc = read_doc(good_bundle)
    report = next(s for s in doc["sources"] if s["title"] == "Annual Report 2025")
    assert (doc["schema_version"], report["type"]) == (3, "report")
    assert report["variables"] == {"genre": "Annual report", "number": "HC 123", "publisher-place": "London"}
    assert all(s["variables"] == {} for s in doc["sources"] if s is not report)
    import_bundle(other_store, good_bundle)
    imported = next(s for s in list_sources(other_store) if s.title == "Annual Report 2025")
    assert get_source(other_store, imported.id).variables == report["variables"]


def test_a_version_2_file_is_read_with_no_other_facts(other_store: Store, good_bundle: Path, tmp_path: Path) -> None:
    doc = read_doc(good_bundle)
    _as_version(doc, 2)
    result = import_bundle(other_store, write_zip(tmp_path / "v2.drafter", [("bundle.json", _dumps(doc))]))
    assert result.response_id
    imported = next(s for s in list_sources(other_store) if s.title == "Annual Report 2025")
    record = get_source(other_store, imported.id)
    assert (record.type, record.publisher, record.variables) == ("report", "Biometrics Commissioner", {})


@pytest.mark.parametrize(
    ("version", "variables", "message"),
    [
        (2, {"genre": "Annual report"}, "source 3 › “variables” is not part of the response file format"),
        (3, {"volume": "4"}, "has no 'volume'"),  # a report has no volume
        (3, {"genre": 4}, "“variables” › “genre” should be text"),
    ],
)
def test_facts_a_version_or_type_does_not_hold_are_refused(
        other_store: Store, good_bundle: Path, tmp_path: Path, version: int, variables: dict[str, Any],
        message: str) -> None:
    doc = read_doc(good_bundle)
    if version < 3:
        _as_version(doc, version)
    report = next(s for s in doc["sources"] if s["title"] == "Annual Report 2025")
    report["variables"] = variables
    before = counts(other_store)
    with pytest.raises(BundleError, match=re.escape(message)):
        import_bundle(other_store, write_zip(tmp_path / "bad.drafter", [("bundle.json", _dumps(doc))]))
    assert counts(other_store) == before


def test_a_version_1_file_with_name_objects_is_refused(good_bundle: Path, other_store: Store, tmp_path: Path) -> None:
    doc = read_doc(good_bundle)
    _as_version(doc, 1)
    doc["sources"][2]["authors"] = [3]
    old_file = write_zip(tmp_path / "v1.drafter", [("bundle.json", _dumps(doc))])
    with pytest.raises(DrafterError, match="damaged or was changed outside Drafter: source 3 › author 1"):
        import_bundle(other_store, old_file)


def test_export_writes_one_zip_with_only_what_the_response_uses(store, tmp_path) -> None:
    summary = export_bundle(store, build_response(store), tmp_path / "response")
    assert summary.path == tmp_path / "response.drafter"  # the extension is added when missing
    with zipfile.ZipFile(summary.path) as archive:
        assert archive.namelist() == ["bundle.json"]
        raw = archive.read("bundle.json")
    doc = json.loads(raw)
    assert (doc["format"], doc["schema_version"]) == (FORMAT_NAME, SCHEMA_VERSION)
    assert [s["ref"] for s in doc["sources"]] == ["source-1", "source-2", "source-3"]
    assert len(doc["snippets"]) == 4 and (summary.snippets, summary.sources) == (4, 3)
    assert "scaling up" not in [s["text"] for s in doc["snippets"]]  # the unquoted snippet
    for local in (str(tmp_path), str(store.data_dir), '"id"', "source_id", "snippet_id"):
        assert local.encode() not in raw
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_importing_into_a_library_with_the_stored_articles_reuses_them(store, tmp_path) -> None:
    bundle = export_bundle(store, build_response(store), tmp_path / "r.drafter").path
    colleague = Store.open(tmp_path / "seeded")
    try:
        result = import_bundle(colleague, bundle)
        assert (len(result.sources_reused), len(result.sources_added)) == (2, 1)
        assert portable_document(get_response(colleague, result.response_id))["questions"] == (
            portable_document(get_response(store, 1))["questions"]
        )
    finally:
        colleague.close()


def test_importing_again_reuses_sources_and_snippets(store, good_bundle) -> None:
    before = counts(store)
    result = import_bundle(store, good_bundle)
    after = counts(store)
    assert (result.sources_added, result.snippets_added) == ((), ())
    assert (len(result.sources_reused), len(result.snippets_reused)) == (3, 4)
    grown = {t for t in after if after[t] != before[t]}
    assert grown == {"response", "question", "answer_block"}
    assert (after["response"], after["question"], after["answer_block"]) == (
        before["response"] + 1, before["question"] + 3, before["answer_block"] + 7)
    assert len(list_responses(store)) == 2


@pytest.mark.sqlite_file
def test_each_import_keeps_its_own_backup(store, good_bundle) -> None:
    first = import_bundle(store, good_bundle).backup
    second = import_bundle(store, good_bundle).backup
    assert first != second and backups(store) == sorted([first, second])


def test_export_refuses_an_unknown_response_and_an_unwritable_place(store, tmp_path) -> None:
    with pytest.raises(NotFoundError):
        export_bundle(store, 999, tmp_path / "x.drafter")
    response_id = build_response(store)
    with pytest.raises(BundleError, match="does not exist"):
        export_bundle(store, response_id, tmp_path / "no-such-folder" / "x.drafter")
    (tmp_path / "taken.drafter").mkdir()
    with pytest.raises(BundleError, match="“taken.drafter” is a folder, so nothing was written"):
        export_bundle(store, response_id, tmp_path / "taken.drafter")
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


# --- refused files -------------------------------------------------------------------------------


def read_doc(bundle: Path) -> dict[str, Any]:
    with zipfile.ZipFile(bundle) as archive:
        return json.loads(archive.read("bundle.json"))


def write_zip(target: Path, entries: list[tuple[str, bytes]]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name, which one case wants
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return target


def _dumps(doc: Any) -> bytes:
    return json.dumps(doc).encode()


def edited(change: Callable[[dict[str, Any]], None]) -> Callable[[Path, Path], Path]:
    def make(good: Path, target: Path) -> Path:
        doc = read_doc(good)
        change(doc)
        return write_zip(target, [("bundle.json", _dumps(doc))])
    return make


def raw_edit(change: Callable[[str], str]) -> Callable[[Path, Path], Path]:
    def make(good: Path, target: Path) -> Path:
        text = json.dumps(read_doc(good), indent=1)
        return write_zip(target, [("bundle.json", change(text).encode())])
    return make


def with_entries(*extra: tuple[str, bytes]) -> Callable[[Path, Path], Path]:
    def make(good: Path, target: Path) -> Path:
        return write_zip(target, [("bundle.json", _dumps(read_doc(good))), *extra])
    return make


def padded(good: Path, megabytes: int) -> bytes:
    # Spaces are valid JSON whitespace: the document still parses, and it packs about 1000:1.
    return _dumps(read_doc(good)) + b" " * (megabytes * 1024 * 1024)


def zip_bomb(good: Path, target: Path) -> Path:
    return write_zip(target, [("bundle.json", padded(good, 8))])


def zip_bomb_lying_about_its_size(good: Path, target: Path) -> Path:
    """Declares 1,000 bytes but unpacks to 8 MB: only a capped read that checks the CRC stops it."""
    data = bytearray(write_zip(target, [("bundle.json", padded(good, 8))]).read_bytes())
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, 1000)
    struct.pack_into("<I", data, central + 24, 1000)
    target.write_bytes(bytes(data))
    return target


def oversized(good: Path, target: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import drafter.core.bundle.read as reader

    # The real limit is 64 MB; lowering it keeps the test fast and checks the same code.
    monkeypatch.setattr(reader, "MAX_BUNDLE_JSON_BYTES", 2_000)
    return with_entries()(good, target)


def _first_quotation(doc: dict[str, Any]) -> dict[str, Any]:
    return next(b for q in doc["response"]["questions"] for b in q["blocks"] if b["snippet"])


def _tamper_source(doc: dict[str, Any]) -> None:
    source = doc["sources"][0]
    source["text"] = source["text"][:-1] + ("X" if source["text"][-1] != "X" else "Y")


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]
        node: Any = doc
        for step in parents:
            node = node[step]
        node[last] = value
    return change


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]
        node: Any = doc
        for step in parents:
            node = node[step]
        del node[last]
    return change


def _unused_snippet(doc: dict[str, Any]) -> None:
    doc["snippets"].append(dict(doc["snippets"][0], ref="snippet-extra"))


def _wrong_quote(doc: dict[str, Any]) -> None:
    doc["snippets"][0]["text"] = doc["snippets"][0]["text"].replace("1,400", "14,000")


def _many_questions(total: int) -> Callable[[dict[str, Any]], None]:
    """Questions without answers added until the response has ``total``."""
    def change(doc: dict[str, Any]) -> None:
        plain = dict(doc["response"]["questions"][-1], blocks=[], chosen_option=None)
        more = total - len(doc["response"]["questions"])
        doc["response"]["questions"].extend(dict(plain, label=f"n{n}") for n in range(more))
    return change


def _paragraphs(count: int, questions: int = 1) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        plain = dict(doc["response"]["questions"][-1], chosen_option=None)
        for n in range(questions):
            blocks = [{"kind": "paragraph", "text": "x", "snippet": None, "shortened": None, "pinpoint": None}] * count
            doc["response"]["questions"].append(dict(plain, label=f"p{n}", blocks=blocks))
    return change


def _many_of(path: str, item: Any, count: int) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node = doc
        for step in parents:
            node = node[int(step)] if isinstance(node, list) else node[step]
        node[last] = [item] * count
    return change


#: Limits a real consultation never reaches, counted before anything else is checked.
TOO_LARGE: list[tuple[str, Callable[..., Path], str]] = [
    ("200,000 questions", edited(_many_questions(200_000)), "it holds 200,00"),
    ("2,001 questions", edited(_many_questions(2_001)), "it holds 2,001 questions"),
    ("501 parts in one answer", edited(_paragraphs(501)), "has 501 parts, and an answer may have up to 500"),
    ("10,001 parts in all", edited(_paragraphs(500, questions=21)), "parts in all, and a response may have up"),
    ("51 options", edited(_many_of("response/questions/0/options", "Yes", 51)), "more than the 50 options"),
    ("5,001 snippets", edited(_many_of("snippets", {}, 5_001)), "it holds 5,001 snippets"),
    ("101 tags", edited(_many_of("snippets/0/tags", "t", 101)), "more than the 100 tags"),
    ("1,001 sources", edited(_many_of("sources", {}, 1_001)), "it holds 1,001 sources"),
    ("201 authors", edited(_many_of("sources/0/authors", "A", 201)), "more than the 200 authors"),
    ("100,001 pages", edited(_many_of("sources/0/pages", {}, 100_001)), "pages in all"),
]

REFUSED: list[tuple[str, Callable[..., Path], str]] = [*TOO_LARGE,
    ("not a zip", lambda good, t: (t.write_bytes(b"Dear colleague, here is our response."), t)[1],
     "is not a Drafter response file"),
    ("empty file", lambda good, t: (t.write_bytes(b""), t)[1], "is not a Drafter response file"),
    ("no bundle.json", lambda good, t: write_zip(t, [("response.json", b"{}")]), "is not a Drafter response file"),
    ("wrong format", edited(_set("format", "someone-elses-format")), "is not a Drafter response file"),
    ("not an object", lambda good, t: write_zip(t, [("bundle.json", b"[1, 2]")]), "is not a Drafter response file"),
    ("newer schema", edited(_set("schema_version", 99)), "made by a newer version of Drafter"),
    ("version as text", edited(_set("schema_version", "1")), "version number is missing or not valid"),
    ("version zero", edited(_set("schema_version", 0)), "version number is missing or not valid"),
    ("version true", edited(_set("schema_version", True)), "version number is missing or not valid"),
    # Version 2 names are CSL-JSON name objects: a string, a name object with a key CSL-JSON
    # has but Drafter doesn't keep, or an empty name is refused, never guessed at.
    ("an author as text in version 2", edited(_set("sources/2/authors", ["Tom Foot"])),
     "source 3 › author 1"),
    ("an author with an unknown key", edited(_set("sources/2/authors", [{"family": "Foot", "initials": "T"}])),
     "source 3 › author 1"),
    ("an empty organisation", edited(_set("sources/2/authors", [{"literal": ""}])), "source 3 › author 1"),
    ("escaping entry", with_entries(("../evil", b"x")), "points outside it (“../evil”)"),
    ("absolute entry", with_entries(("/etc/evil", b"x")), "points outside it (“/etc/evil”)"),
    ("drive entry", with_entries(("C:/evil", b"x")), "points outside it"),
    ("extra entry", with_entries(("notes.txt", b"x")), "holds other files besides the response (“notes.txt”)"),
    ("two bundle.json", with_entries(("bundle.json", b"{}")), "more than one copy of the response"),
    ("zip bomb", zip_bomb, "built to expand to an enormous size"),
    ("zip bomb lying about its size", zip_bomb_lying_about_its_size, "can't be unpacked"),
    ("oversized bundle.json", oversized, "too large to import"),
    ("invalid JSON", raw_edit(lambda text: text[: len(text) // 2]), "not readable JSON"),
    ("not UTF-8", lambda good, t: write_zip(t, [("bundle.json", b'{"format": "\xff"}')]), "not readable JSON"),
    ("repeated key", raw_edit(lambda text: text.replace('"format":', '"format": "x", "format":', 1)),
     "not readable JSON"),
    ("NaN", raw_edit(lambda text: text.replace('"word_limit": null', '"word_limit": NaN', 1)), "not readable JSON"),
    ("missing field", edited(_delete("response/questions/0/label")), ": question 1 › “label” is missing"),
    ("wrong type", edited(_set("response/questions/0/word_limit", "250")),
     "question 1 › “word_limit” should be a whole number"),
    ("true for a number", edited(_set("snippets/0/start", True)), "should be a whole number"),
    ("unknown field", edited(_set("response/colour", "red")), "“colour” is not part of the response file format"),
    ("unknown block kind", edited(_set("response/questions/0/blocks/0/kind", "image")),
     "has a value Drafter does not know"),
    ("lone surrogate", edited(_set("response/questions/0/text", "Q\ud800")), "not valid text"),
    ("huge number", edited(_set("response/questions/0/word_limit", 10**30)), "is too large"),
    ("negative offset", edited(_set("snippets/0/start", -1)), "is too small"),
    ("dangling snippet ref", edited(lambda d: _first_quotation(d).update(snippet="snippet-99")),
     "quotes snippet “snippet-99”, which the file does not hold"),
    ("dangling source ref", edited(_set("snippets/0/source", "source-99")),
     "comes from source “source-99”, which the file does not hold"),
    ("duplicate ref", edited(_set("snippets/1/ref", "snippet-1")), "two snippets have the same reference"),
    ("offset out of range", edited(_set("snippets/0/end", 10**6)), "outside the"),
    ("quotation not matching source", edited(_wrong_quote), "would not be verbatim"),
    ("source text tampered", edited(_tamper_source), "was changed after the file was made"),
    ("page outside text", edited(_set("sources/2/pages/0/end", 10**6)), "lies outside its text"),
    ("paragraph quoting", edited(_set("response/questions/0/blocks/0/snippet", "snippet-1")),
     "is a paragraph but names a snippet"),
    ("quotation of nothing", edited(lambda d: _first_quotation(d).update(snippet=None)), "quotes nothing"),
    ("snippet not quoted", edited(_unused_snippet), "is not quoted in any answer"),
    ("chosen option not offered", edited(_set("response/questions/0/chosen_option", "Maybe")),
     "is not one of its options"),
    ("bad deadline", edited(_set("response/deadline", "next week")), "must be a full date"),
    ("no title", edited(_set("response/consultation_title", "  ")), "needs the consultation's title"),
    ("bad source date", edited(_set("sources/0/date", "summer")), "is not a date Drafter can read"),
    ("unknown source type", edited(_set("sources/0/type", "tweet")), "is not a source type Drafter knows"),
    ("path as file name", edited(_set("sources/2/original_filename", "C:\\Users\\sam\\report.pdf")),
     "gives a folder path"),
]

#: Words that mean a message was written for a programmer, not for the person reading it.
_TECHNICAL = ("Traceback", "Error", "Exception", "pydantic", "errno", "[type=", "input_value", "column", "(char",
              "\\u", "None")


def assert_plain(message: str) -> None:
    assert message[0].isupper() or message[0] == "“", message
    assert message.endswith("."), message
    assert len(message) < 600, message
    ours = re.sub(r"“[^”]*”", "“…”", message)  # names quoted from the file may hold anything
    assert not [w for w in _TECHNICAL if w in ours], message
    assert "Nothing was imported, and your data is unchanged." in message


@pytest.mark.parametrize(("make", "expected"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_a_bad_file_is_refused_plainly_and_nothing_changes(store, good_bundle, tmp_path, monkeypatch,
                                                           make, expected) -> None:
    target = tmp_path / "bad.drafter"
    bad = make(good_bundle, target, monkeypatch) if make is oversized else make(good_bundle, target)
    before = dump(store)
    with pytest.raises(BundleError) as refused:
        import_bundle(store, bad)
    message = str(refused.value)
    assert expected in message
    assert_plain(message)
    assert dump(store) == before
    assert backups(store) == []  # refused before the backup, let alone the database, was touched


def test_a_response_at_every_limit_at_once_still_imports(store, good_bundle, tmp_path) -> None:
    """2,000 questions, one answer of 500 parts: what the limits allow is accepted."""
    doc = read_doc(good_bundle)
    _many_questions(2_000 - 1)(doc)
    _paragraphs(500 - 1)(doc)
    doc["response"]["questions"][-1]["blocks"].append(_first_quotation(doc))
    bundle = write_zip(tmp_path / "large.drafter", [("bundle.json", _dumps(doc))])
    result = import_bundle(store, bundle)
    imported = get_response(store, result.response_id)
    assert len(imported.questions) == 2_000
    assert len(imported.questions[-1].blocks) == 500


def test_export_refuses_a_response_no_response_file_may_hold(store, tmp_path) -> None:
    from drafter.core.bundle.schema import MAX_BLOCKS_PER_ANSWER

    response = create_response(store, ResponseDetails(consultation_title="Long"))
    question = add_question(store, response.id, label="1", text="Why?")
    for n in range(MAX_BLOCKS_PER_ANSWER + 1):
        add_block(store, question.id, text=f"Paragraph {n}.")
    with pytest.raises(BundleError, match="has 501 parts, and an answer may have up to 500"):
        export_bundle(store, response.id, tmp_path / "long.drafter")
    assert not (tmp_path / "long.drafter").exists()


@pytest.mark.sqlite_file
def test_no_backup_no_import(store, good_bundle) -> None:
    (store.data_dir / "backups").write_text("a file where the backups folder should be")
    before = dump(store)
    with pytest.raises(BundleError, match="could not make a backup copy") as refused:
        import_bundle(store, good_bundle)
    assert_plain(str(refused.value))
    assert dump(store) == before


def test_a_missing_file_is_refused_plainly(store, tmp_path) -> None:
    with pytest.raises(BundleError, match="There is no file") as refused:
        import_bundle(store, tmp_path / "nowhere.drafter")
    assert_plain(str(refused.value))


def test_the_good_bundle_itself_imports(store, good_bundle) -> None:
    """The refused cases above differ from this one only by what each changes."""
    assert import_bundle(store, good_bundle).questions == 3


def test_the_example_in_the_format_document_imports(other_store, tmp_path) -> None:
    doc_text = (Path(__file__).parents[2] / "docs" / "bundle-format.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", doc_text, re.DOTALL).group(1))  # type: ignore[union-attr]
    source = example["sources"][0]
    source["content_hash"] = hashlib.sha256(source["text"].encode("utf-8")).hexdigest()
    result = import_bundle(other_store, write_zip(tmp_path / "example.drafter", [("bundle.json", _dumps(example))]))
    question = get_response(other_store, result.response_id).questions[0]
    assert question.chosen_option == "Disagree"
    assert [b.snippet.text for b in question.blocks if b.snippet] == ["Met Police"]


# --- any damage at all ---------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["\ud800", "snippet-1", "source-1", "", "paragraph", "quotation"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


def _mutate(doc: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    if not path:
        return value if how == "replace" else doc
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "delete":
        del parent[last]
    elif how == "nudge" and isinstance(parent[last], int) and not isinstance(parent[last], bool):
        parent[last] += value if isinstance(value, int) and not isinstance(value, bool) else 1
    elif how == "add" and isinstance(parent[last], dict):
        parent[last][str(value)[:10]] = value
    elif how == "add" and isinstance(parent[last], list):
        parent[last].append(value)
    return doc


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damaged_bundle_is_refused_cleanly_or_imports_whole(store, good_bundle, tmp_path, data) -> None:
    doc = read_doc(good_bundle)
    paths = list(_paths(doc))
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(paths), label="path")
        how = data.draw(st.sampled_from(["replace", "delete", "nudge", "add"]), label="how")
        with contextlib.suppress(KeyError, IndexError, TypeError):  # an earlier mutation removed the path
            doc = _mutate(doc, path, how, data.draw(_JSON, label="value"))
        paths = list(_paths(doc))
    raw = json.dumps(doc, indent=1).encode()
    if data.draw(st.booleans(), label="damage bytes"):
        at = data.draw(st.integers(0, len(raw) - 1), label="at")
        raw = raw[:at] + bytes([data.draw(st.integers(0, 255), label="byte")]) + raw[at + 1:]
    target = write_zip(tmp_path / "mutated.drafter", [("bundle.json", raw)])
    before = dump(store)
    try:
        result = import_bundle(store, target)
    except DrafterError as exc:
        assert_plain(str(exc))
        assert dump(store) == before
    else:
        assert get_response(store, result.response_id).details.consultation_title == result.consultation_title


# --- command line ----------------------------------------------------------------------------------


def _run(argv: list[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="drafter")
    parser.add_argument("--data-dir")
    parser.add_argument("--database")
    add_bundle_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    return args.handler(args, out, err), out.getvalue()


def test_command_line_export_and_import(store, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    response_id = build_response(store)
    store.close()
    library = ["--database", store.url.render_as_string(hide_password=False)] if store.is_server else []
    code, out = _run([*library, "bundle", "export", str(response_id), "-o", str(tmp_path / "r")])
    assert code == 0
    assert out.startswith(f"exported response {response_id} (Legal framework") and "4 snippets from 3 sources" in out
    # The colleague works in a local library of their own, not in the test's team library.
    monkeypatch.delenv("DRAFTER_DATABASE", raising=False)
    code, out = _run(["--data-dir", str(tmp_path / "colleague"), "bundle", "import", str(tmp_path / "r.drafter")])
    assert code == 0 and "sources: 1 added, 2 already in the library" in out
    code, out = _run(["--data-dir", str(tmp_path / "colleague"), "bundle", "import", "--json",
                      str(tmp_path / "r.drafter")])
    result = json.loads(out)
    assert (code, result["sources_added"], len(result["snippets_reused"])) == (0, [], 4)


def test_command_line_lets_a_refusal_reach_the_caller(store, tmp_path) -> None:
    bad = tmp_path / "bad.drafter"
    bad.write_text("not a bundle")
    with pytest.raises(BundleError, match="is not a Drafter response file"):
        _run(["bundle", "import", str(bad)])
