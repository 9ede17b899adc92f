"""File › Export…: one dialog with the format, style, options, file name and the check's findings;
remembered per response; after the export, the document or its folder one click away."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from core.engine_sql import run_sql  # tests/core/engine_sql.py (tests/ is on the path)
from drafter.core.questions import parse_questions
from drafter.core.responses import add_block, create_response, replace_questions, set_chosen_option
from drafter.core.responses.records import ResponseDetails
from drafter.core.snippets import snippet_from_quote
from drafter.ui.export_dialog import ExportDialog, ExportedBox
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui



def _response(store, title: str, organisation: str | None) -> int:  # type: ignore[no-untyped-def]
    response = create_response(store, ResponseDetails(consultation_title=title, organisation=organisation,
                                                      may_publish=True))
    response = replace_questions(store, response.id, parse_questions(
        "1. Do you agree?\nAgree / Disagree\n2. Why?").questions)
    set_chosen_option(store, response.questions[0].id, "Disagree")
    snippet = snippet_from_quote(store, 4, "scaling up")
    add_block(store, response.questions[0].id, kind="quotation", snippet_id=snippet.id, text="The Met speaks of")
    add_block(store, response.questions[1].id, text="Because there is no law.")
    return response.id


@pytest.fixture
def window(opened_window: MainWindow):  # type: ignore[no-untyped-def]
    win = opened_window
    win.first = _response(win.store, "Biometrics: a new legal framework?", "Rights Watch")
    win.second = _response(win.store, "Another consultation", None)
    win.response_panel.refresh_list(select_id=win.first)
    win.show()
    return win


def open_dialog(window: MainWindow, answer: object = None) -> ExportDialog:
    """Open File › Export… on the selected response; ``answer(dialog)`` fills it in and says Export or not."""
    seen: list[ExportDialog] = []

    def exec_dialog(dialog: ExportDialog) -> int:
        seen.append(dialog)
        return int(answer(dialog)) if callable(answer) else 0

    window.exporter.exec_dialog = exec_dialog  # type: ignore[assignment]
    window.exporter.export()
    assert len(seen) == 1
    return seen[0]


def test_the_file_name_is_proposed_from_organisation_consultation_and_date(window: MainWindow) -> None:
    # The dialog takes today's date when it opens: read before and after, so that a run passing
    # midnight still knows which days were today.
    days = {date.today().isoformat()}
    dialog = open_dialog(window)
    days.add(date.today().isoformat())
    # ':' and '?' are not allowed in Windows file names.
    assert dialog.file_name.text() in {f"Rights Watch – Response to Biometrics a new legal framework – {d}.docx"
                                       for d in days}
    shown = dialog.file_name.text().removesuffix(".docx").rsplit(" – ", 1)[1]
    dialog.format.setCurrentIndex(dialog.format.findData("txt"))
    assert dialog.file_name.text().endswith(f"{shown}.txt")
    assert not dialog.template.isEnabled()  # only a Word document takes a template
    window.response_panel.refresh_list(select_id=window.second)
    days = {date.today().isoformat()}
    second = open_dialog(window).file_name.text()
    days.add(date.today().isoformat())
    assert second in {f"Response to Another consultation – {d}.docx" for d in days}


def test_choices_are_remembered_per_response_across_a_reopen_with_the_last_folder(
        window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "Submissions"
    folder.mkdir()

    def choose(dialog: ExportDialog) -> bool:
        dialog.format.setCurrentIndex(dialog.format.findData("txt"))
        dialog.style_search.setText("apa 7th")  # searched in the whole catalogue
        qtbot.waitUntil(lambda: dialog.styles.count() and all(
            "apa" in dialog.styles.item(i).text().casefold() for i in range(dialog.styles.count())))
        assert dialog.style_id == "oscola"  # searching alone changes nothing
        ids = [dialog.styles.item(i).data(0x0100).id for i in range(dialog.styles.count())]
        dialog.styles.setCurrentRow(ids.index("apa"))
        assert dialog.style_id == "apa" and dialog.using.text() == "Using: APA Style 7th edition · author–date"
        dialog.numbered.setChecked(True)
        dialog._folder = folder  # what Change Folder… sets
        dialog.file_name.setText("Our answer")
        return True

    with qtbot.waitSignal(window.exporter.finished, timeout=60000) as done:
        open_dialog(window, choose)
    assert done.args[0].path == folder / "Our answer.txt" and (folder / "Our answer.txt").is_file()

    window.close_library()
    window.open_library()  # the choices are in the library, not in the window's memory
    window.exporter.ask = False
    window.response_panel.refresh_list(select_id=window.first)
    again = open_dialog(window)
    assert (again.format_name, again.style_id, again.numbered.isChecked(), again.bibliography.isChecked()) \
        == ("txt", "apa", True, False)
    assert again.target().parent == folder
    window.response_panel.refresh_list(select_id=window.second)
    other = open_dialog(window)  # its own choices (none yet): the defaults, in the folder used last
    assert (other.format_name, other.style_id, other.numbered.isChecked()) == ("docx", "oscola", False)
    assert other.target().parent == folder


def test_the_checks_warnings_are_listed_and_export_stays_possible(window: MainWindow) -> None:
    dialog = open_dialog(window)
    findings = [dialog.findings.item(i).text() for i in range(dialog.findings.count())]
    assert findings and all(text.startswith("⚠ ") for text in findings)
    assert dialog.export_button.isEnabled() and not dialog.reason.isVisibleTo(dialog)
    assert "You can still export" in dialog.headline.text()


def test_a_blocking_problem_disables_export_and_says_why(window: MainWindow, tmp_path: Path) -> None:
    run_sql(window.store, "UPDATE snippet SET text = 'scaling down'")  # the quotation no longer matches its source
    pressed = open_dialog(window, lambda dialog: True)  # Export "pressed" although disabled: nothing happens
    assert not pressed.export_button.isEnabled()
    blocker = pressed.readiness.blockers[0].message  # type: ignore[union-attr]
    assert pressed.reason.isVisibleTo(pressed) and blocker in pressed.reason.text()
    assert any(pressed.findings.item(i).text() == f"✖ {blocker}" for i in range(pressed.findings.count()))
    assert not window.exporter.running and list(pressed.target().parent.glob("*Biometrics*")) == []


def test_after_the_export_the_document_and_its_folder_open(
        window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    monkeypatch.setattr("drafter.ui.export_dialog.QDesktopServices.openUrl", lambda url: opened.append(url) or True)

    def choose(dialog: ExportDialog) -> bool:
        dialog._folder = tmp_path
        return True

    window.exporter.ask = True  # the "Exported" message is the subject here
    with qtbot.waitSignal(window.exporter.finished, timeout=60000) as done:
        open_dialog(window, choose)
    path = done.args[0].path
    box = window.exporter.exported_box
    assert isinstance(box, ExportedBox) and box.isVisible() and path.name in box.text()
    box.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(path))]
    box = ExportedBox(path, window)
    qtbot.addWidget(box)
    box.folder_button.click()
    assert opened[-1] == QUrl.fromLocalFile(str(tmp_path))


def test_marking_a_recommendation_shows_in_the_answer_and_undoes(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from drafter.ui.response_model import RECOMMENDATION_MARK

    panel = window.response_panel
    paragraph = panel.document.questions[1].blocks[0]
    quotation = panel.document.questions[0].blocks[0]

    def shown(block_id: int) -> str:
        return str(panel.model.data(panel.model.index_of_block(block_id), Qt.ItemDataRole.DisplayRole))

    panel.select_block(paragraph.id)
    panel.answer_actions.toggle_recommendation()
    qtbot.waitUntil(lambda: shown(paragraph.id).startswith(RECOMMENDATION_MARK))
    assert window.undo_stack.undoText() == "Mark as Recommendation"
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not shown(paragraph.id).startswith(RECOMMENDATION_MARK))

    refused: list[str] = []
    window.operations.report = lambda title, message: refused.append(message)  # type: ignore[method-assign]
    panel.select_block(quotation.id)
    panel.answer_actions.toggle_recommendation()
    assert refused and "Only a paragraph of your own" in refused[0]
    assert not any(b.recommendation for q in panel.document.questions for b in q.blocks)


def test_a_remembered_template_that_is_gone_is_said_before_exporting(window: MainWindow, tmp_path: Path) -> None:
    from drafter.core.responses import set_export_settings

    set_export_settings(window.store, window.first, {"template": str(tmp_path / "letterhead.docx"), "format": "docx"})
    dialog = open_dialog(window)
    assert not dialog.export_button.isEnabled() and "letterhead.docx" in dialog.reason.text()
    dialog.format.setCurrentIndex(dialog.format.findData("txt"))  # plain text takes no template
    assert dialog.export_button.isEnabled()
    run_sql(window.store, "UPDATE response SET export_settings = '[\"not\", \"settings\"]'")  # edited outside Drafter
    assert open_dialog(window).format_name == "docx"  # damaged choices are no choices, not a crash
