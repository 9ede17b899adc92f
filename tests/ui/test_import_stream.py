"""A big import streams: files stored once each, in order, in whole files, and let go once stored."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from drafter.core.library import get_source, list_sources
from drafter.ui import import_controller
from drafter.ui.import_controller import BATCH, ImportController
from drafter.ui.main_window import MainWindow


def _add_all(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The facts review answers "Add all as read", as a user importing a folder does."""
    reviewed: list[str] = []

    def review(self, document, facts, duplicates, remaining):  # type: ignore[no-untyped-def]
        reviewed.append(document.original_filename)
        return import_controller._ADD_ALL, facts, False

    monkeypatch.setattr(ImportController, "review", review)
    return reviewed


def _notes(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"note{n:03d}.txt"
        path.write_text(f"Note {n}\n\nThe words of note number {n}, which no other note has.", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("readers", [1, 2])
def test_every_file_is_stored_once_in_order_and_let_go(window: MainWindow, qtbot, tmp_path, monkeypatch,
                                                       readers: int) -> None:
    from drafter.core.jobs import read as read_job

    monkeypatch.setattr(read_job, "reader_count", lambda: readers)
    reviewed = _add_all(monkeypatch)
    paths = _notes(tmp_path, 3 * BATCH)
    documents: list[weakref.ref[object]] = []
    records: list[weakref.ref[object]] = []
    most_alive = [0, 0]
    real = import_controller._store_one

    def store_one(store, pairs, allow_duplicate, basis=None):  # type: ignore[no-untyped-def]
        gc.collect()
        most_alive[0] = max(most_alive[0], sum(ref() is not None for ref in documents))
        most_alive[1] = max(most_alive[1], sum(ref() is not None for ref in records))
        documents.extend(weakref.ref(document) for document, _ in pairs)
        result = real(store, pairs, allow_duplicate, basis)
        records.extend(weakref.ref(record) for record in result.value)
        return result

    monkeypatch.setattr(import_controller, "_store_one", store_one)
    before = window.undo_stack.count()
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        window.importer.import_paths(paths)
    results = finished.args[0]
    assert [r.name for r in results] == [p.name for p in paths] and {r.outcome for r in results} == {"added"}
    ids = [r.source_id for r in results]
    assert ids == sorted(ids) and len(set(ids)) == len(paths)  # stored in order, each once
    assert [get_source(window.store, i).original_filename for i in ids] == [p.name for p in paths]
    assert reviewed == ["note000.txt"]  # asked once, then added as read
    assert window.undo_stack.count() == before + 1  # one undo step, as ever
    # The window held at most what it was storing and what came meanwhile, never the whole import...
    assert most_alive[0] <= 2 * BATCH and most_alive[1] <= BATCH
    # ...and nothing of it once it is over.
    gc.collect()
    assert [ref for ref in documents + records if ref() is not None] == []
    window.undo_stack.undo()
    assert not set(ids) & {s.id for s in list_sources(window.store)}


def test_cancel_mid_import_leaves_only_whole_files(window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    _add_all(monkeypatch)
    paths = _notes(tmp_path, 4 * BATCH)
    calls = [0]
    real = import_controller._store_one

    def store_one(store, pairs, allow_duplicate, basis=None):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == 2:  # Cancel while a batch is being stored
            from PySide6.QtCore import QMetaObject, Qt

            QMetaObject.invokeMethod(window.importer, "cancel_import", Qt.ConnectionType.QueuedConnection)
        return real(store, pairs, allow_duplicate, basis)

    monkeypatch.setattr(import_controller, "_store_one", store_one)
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        window.importer.import_paths(paths)
    results = finished.args[0]
    outcomes = [r.outcome for r in results]
    assert [r.name for r in results] == [p.name for p in paths]
    added = outcomes.count("added")
    assert 0 < added < len(paths) and outcomes == ["added"] * added + ["cancelled"] * (len(paths) - added)
    everything = [get_source(window.store, s.id) for s in list_sources(window.store)]
    stored = {s.original_filename: s for s in everything if (s.original_filename or "").startswith("note")}
    assert sorted(stored) == [p.name for p in paths[:added]]  # exactly the files said to be added
    for n, path in enumerate(paths[:added]):  # each whole: its body, to the last word
        assert stored[path.name].text == f"The words of note number {n}, which no other note has."
