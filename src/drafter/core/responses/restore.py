"""Putting a deleted response back exactly, under its own ids (for undo of Delete Response)."""

from __future__ import annotations

from dataclasses import fields

from drafter.core.errors import RefusedError
from drafter.core.models import Response
from drafter.core.responses.operations import restore_question
from drafter.core.responses.reading import get_response
from drafter.core.responses.records import ResponseDetails, ResponseDocument
from drafter.core.store import Store


def restore_response(store: Store, document: ResponseDocument) -> ResponseDocument:
    """Insert ``document`` again with its id, its questions and their blocks, in one transaction."""
    with store.transaction() as session:
        if session.get(Response, document.id) is not None:
            raise RefusedError("This can't be undone: the response has already been put back, "
                               "or a newer one has its place.")
        row = Response(id=document.id, **{f.name: getattr(document.details, f.name) for f in fields(ResponseDetails)})
        settings = document.extra.get("export_settings")
        if isinstance(settings, dict):
            row.export_settings = settings
        if document.created_at:
            row.created_at = document.created_at
        session.add(row)
        session.flush()
        for question in document.questions:
            restore_question(store, question)
    return get_response(store, document.id)
