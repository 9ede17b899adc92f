"""Exporting from the window: check first, write in the background, copy one answer."""

from __future__ import annotations

import threading
from pathlib import Path

import docx
import pytest
from PySide6.QtWidgets import QApplication

from drafter.core.errors import DrafterError
from drafter.core.questions import parse_questions
from drafter.core.responses import add_block, create_response, replace_questions, set_chosen_option
from drafter.core.responses.records import ResponseDetails
from drafter.core.snippets import snippet_from_quote
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def window(opened_window: MainWindow):
    win = opened_window
    store = win.store
    response = create_response(store, ResponseDetails(consultation_title="FRT consultation",
                                                      organisation="Rights Watch", may_publish=True))
    response = replace_questions(store, response.id, parse_questions(
        "1. Do you agree?\nAgree / Disagree\n2. Why?").questions)
    set_chosen_option(store, response.questions[0].id, "Disagree")
    snippet = snippet_from_quote(store, 4, "scaling up")
    add_block(store, response.questions[0].id, kind="quotation", snippet_id=snippet.id, text="The Met speaks of")
    add_block(store, response.questions[1].id, text="Because there is no law.")
    win.response_panel.refresh_list(select_id=response.id)
    win.show()
    return win


def test_export_to_word_runs_in_a_worker_with_real_footnotes(window: MainWindow, qtbot, tmp_path: Path) -> None:
    target = tmp_path / "response.docx"
    threads: list[str] = []
    from drafter.core import export as export_module

    real = export_module.export_response

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    import drafter.core.export

    drafter.core.export.export_response = spy
    try:
        with qtbot.waitSignal(window.exporter.finished, timeout=60000) as done:
            window.exporter.export("docx", path=target)
    finally:
        drafter.core.export.export_response = real
    assert not isinstance(done.args[0], DrafterError), done.args[0]
    assert threads and threads[0] != threading.main_thread().name
    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "FRT consultation" in text and "Disagree" in text and "‘scaling up’" in text
    assert document.core_properties.author == "Rights Watch"
    assert "footnoteReference" in document.element.xml


def test_a_quotation_that_no_longer_matches_blocks_the_export(window: MainWindow, qtbot, tmp_path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(window.data_dir / "drafter.sqlite")
    con.execute("UPDATE snippet SET text = 'scaling down'")
    con.commit()
    con.close()
    target = tmp_path / "never.docx"
    window.exporter.export("docx", path=target)
    assert not target.exists()


def test_copy_answer_to_clipboard_states_its_count(window: MainWindow) -> None:
    second = window.response_panel.document.questions[1]
    message = window.exporter.copy_answer(second.id)
    assert QApplication.clipboard().text().startswith("Because there is no law.")
    assert message is not None and "5 words" in message


def test_checking_copying_and_exporting_wait_for_the_start_up_imports(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The start-up thread imports the checks and the export; two threads importing them at once can deadlock."""
    store = window.store
    order: list[str] = []

    def pretend_warm_up_is_running() -> None:
        store._warm_thread = -1  # a thread that is not this one
        store._warm_done.clear()

    def finish_it() -> None:
        order.append("warm-up done")
        store._warm_done.set()

    pretend_warm_up_is_running()
    threading.Timer(0.2, finish_it).start()
    window.exporter.copy_answer(window.response_panel.document.questions[1].id)
    order.append("copied")

    pretend_warm_up_is_running()
    threading.Timer(0.2, finish_it).start()
    window.exporter.check()
    order.append("checked")

    finished: list[object] = []
    window.exporter.finished.connect(finished.append)
    monkeypatch.setattr(type(window.exporter), "_ready", lambda self, exporting: True)  # checked just above
    pretend_warm_up_is_running()
    window.exporter.export("docx", path=tmp_path / "waited.docx")
    qtbot.wait(300)
    assert finished == []  # the worker waits too
    finish_it()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    assert order == ["warm-up done", "copied", "warm-up done", "checked", "warm-up done"]
    assert (tmp_path / "waited.docx").is_file()
