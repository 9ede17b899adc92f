"""Write a response, and every snippet and source it quotes, to one response file.

References inside the file ("source-1", "snippet-3") are numbered in order of
first use and never carry database ids, which mean nothing on another machine.
Before writing, the document goes through the same checks import applies, so
Drafter never hands a colleague a file it would itself refuse.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from drafter import __version__
from drafter.core.bundle.checks import BundleProblem
from drafter.core.bundle.read import BundleError, parse_json, validate_document
from drafter.core.bundle.schema import (
    BUNDLE_ENTRY,
    EXTENSION,
    FORMAT_NAME,
    MAX_BUNDLE_JSON_BYTES,
    SCHEMA_VERSION,
)
from drafter.core.filekinds import check_write_target
from drafter.core.library import get_source
from drafter.core.models import utc_now
from drafter.core.names import to_json
from drafter.core.records import SnippetRecord, SourceRecord
from drafter.core.responses import ResponseDocument, get_response
from drafter.core.seed import content_hash
from drafter.core.snippets import get_snippet
from drafter.core.store import Store


@dataclass(frozen=True)
class BundleSummary:
    """What export wrote."""

    path: Path
    response_id: int
    consultation_title: str
    questions: int
    blocks: int
    snippets: int
    sources: int
    size_bytes: int


def bundle_document(store: Store, response_id: int) -> dict[str, object]:
    """The bundle.json document for a response (raises NotFoundError for an unknown id)."""
    document = get_response(store, response_id)
    snippets: dict[int, SnippetRecord] = {}
    for question in document.questions:
        for block in question.blocks:
            if block.snippet_id is not None and block.snippet_id not in snippets:
                snippets[block.snippet_id] = block.snippet or get_snippet(store, block.snippet_id)
    sources: dict[int, SourceRecord] = {}
    for snippet in snippets.values():
        if snippet.source_id not in sources:
            sources[snippet.source_id] = get_source(store, snippet.source_id)
    snippet_refs = {sid: f"snippet-{i}" for i, sid in enumerate(snippets, start=1)}
    source_refs = {sid: f"source-{i}" for i, sid in enumerate(sources, start=1)}
    return {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "exported_at": utc_now(),
        "response": _response(document, snippet_refs),
        "snippets": [_snippet(s, snippet_refs[sid], source_refs[s.source_id]) for sid, s in snippets.items()],
        "sources": [_source(s, source_refs[sid]) for sid, s in sources.items()],
    }


def _response(document: ResponseDocument, snippet_refs: dict[int, str]) -> dict[str, object]:
    d = document.details
    return {
        "consultation_title": d.consultation_title,
        "consulting_body": d.consulting_body,
        "deadline": d.deadline,
        "submit_to": d.submit_to,
        "organisation": d.organisation,
        "contact": d.contact,
        "may_publish": d.may_publish,
        "introduction": d.introduction,
        "citation_style": d.citation_style,
        "quotations_count_toward_limit": d.quotations_count_toward_limit,
        "questions": [
            {
                "label": q.label,
                "text": q.text,
                "section": q.section,
                "options": list(q.options),
                "prompt": q.prompt,
                "chosen_option": q.chosen_option,
                "word_limit": q.word_limit,
                "char_limit": q.char_limit,
                "confidential": q.confidential,
                "blocks": [
                    {
                        "kind": b.kind,
                        "text": b.text,
                        "snippet": snippet_refs[b.snippet_id] if b.snippet_id is not None else None,
                        "recommendation": b.recommendation,
                        "shortened": b.shortened,
                        "pinpoint": b.pinpoint,
                    }
                    for b in q.blocks
                ],
            }
            for q in document.questions
        ],
    }


def _snippet(snippet: SnippetRecord, ref: str, source_ref: str) -> dict[str, object]:
    return {
        "ref": ref,
        "source": source_ref,
        "start": snippet.start,
        "end": snippet.end,
        "text": snippet.text,
        "page_label": snippet.page_label,
        "note": snippet.note,
        "tags": list(snippet.tags),
    }


def _source(source: SourceRecord, ref: str) -> dict[str, object]:
    # A name only, whatever an older import stored: the file must not reveal the sender's folders.
    filename = PureWindowsPath(source.original_filename).name if source.original_filename else None
    return {
        "ref": ref,
        "type": source.type,
        "title": source.title,
        "publisher": source.publisher,
        "authors": to_json(source.authors),  # CSL-JSON names: {"family", "given"} or {"literal"}
        "variables": dict(source.variables),  # the type's other CSL variables (version 3)
        "date": source.date,
        "url": source.url,
        "accessed": source.accessed,
        "standfirst": source.standfirst,
        "format": source.format,
        "original_filename": filename or None,
        "fact_basis": dict(source.fact_basis),
        "content_hash": content_hash(source.text),
        "text": source.text,
        "pages": [{"start": p.start, "end": p.end, "label": p.label} for p in source.pages],
    }


def bundle_target(path: Path) -> Path:
    """The file export writes: the name given, with ``.drafter`` added when it has no extension."""
    return path if path.suffix else path.with_name(path.name + EXTENSION)


def export_bundle(store: Store, response_id: int, path: str | os.PathLike[str]) -> BundleSummary:
    """Write the response file for ``response_id`` to ``path`` (atomically: all or nothing)."""
    document = bundle_document(store, response_id)
    payload = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    cannot = f"Drafter could not export response {response_id}"
    if len(payload) > MAX_BUNDLE_JSON_BYTES:
        limit = MAX_BUNDLE_JSON_BYTES // (1024 * 1024)
        raise BundleError(f"{cannot}: it quotes more text than a response file can hold ({limit} MB).")
    try:
        checked = validate_document(parse_json(payload, BUNDLE_ENTRY))
    except BundleProblem as exc:
        raise BundleError(
            f"{cannot}: {exc}.", hint="Correct it in the app and export again. Nothing was written."
        ) from None
    target = bundle_target(Path(path))
    size = write_bundle_file(payload, target)
    model = checked.model
    return BundleSummary(
        path=target,
        response_id=response_id,
        consultation_title=model.response.consultation_title,
        questions=len(model.response.questions),
        blocks=sum(len(q.blocks) for q in model.response.questions),
        snippets=len(model.snippets),
        sources=len(model.sources),
        size_bytes=size,
    )


def write_bundle_file(payload: bytes, target: Path) -> int:
    """Zip ``payload`` as bundle.json into ``target`` via a temporary file and a rename; return its size."""
    folder = target.parent
    if not folder.is_dir():
        raise BundleError(f"The folder “{folder}” does not exist, so the response file was not written.")
    check_write_target(target, BundleError)  # a device, pipe, socket or folder is never replaced
    # Opened exclusively under a random name (not mkstemp) so the file gets the user's usual
    # permissions; a crash leaves at most a hidden .partial file, never half a response file.
    partial = folder / f".{target.name}.{secrets.token_hex(4)}.partial"
    try:
        with open(partial, "xb") as handle:
            with zipfile.ZipFile(handle, "w") as archive:
                info = zipfile.ZipInfo(BUNDLE_ENTRY, date_time=time.localtime()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
        return target.stat().st_size
    except OSError as exc:
        with contextlib.suppress(OSError):  # the write already failed; the message below is what matters
            partial.unlink(missing_ok=True)
        raise BundleError(
            f"Drafter could not write the response file “{target}”: {exc.strerror or exc}.",
            hint="Check that the folder can be written to and the disk is not full, or choose another place.",
        ) from None
