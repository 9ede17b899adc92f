"""Undoing the import of a response file: exactly what the import added, and nothing it reused.

``import_bundle`` (``drafter.core.bundle``) makes a backup copy first and then adds
the response in one transaction of its own, so it is not itself an ``Op``; its
result names what it added (the response, the sources and snippets that were not
in the library yet), and ``undo_import`` is the operation that takes exactly those
away again. Its own inverse puts them back with their ids (redo), and so on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drafter.core.operations.base import sequence
from drafter.core.operations.library import delete_snippet, delete_sources
from drafter.core.operations.responses import delete_response

if TYPE_CHECKING:
    from drafter.core.bundle import BundleImportResult
    from drafter.core.operations.base import Op

IMPORT_RESPONSE_FILE = "Import Response File"


def undo_import(result: BundleImportResult) -> Op[Any]:
    """Remove the imported response, then the snippets and sources the import added (in that order).

    Refused, and nothing removed, if a later change depends on them (a snippet it
    added is quoted by another response, one of its sources has a new snippet).
    """
    steps: list[Op[Any]] = [delete_response(result.response_id)]
    steps += [delete_snippet(snippet_id) for snippet_id in result.snippets_added]
    if result.sources_added:
        steps.append(delete_sources(list(result.sources_added)))
    return sequence(IMPORT_RESPONSE_FILE, *steps)
