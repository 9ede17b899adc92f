"""The facts editor shows the fields the chosen type needs, and reads and writes reference files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from drafter.core.names import Person
from drafter.core.sources import SourceFacts
from drafter.ui.application import make_application
from drafter.ui.facts_dialog import FactsDialog
from drafter.ui.main_window import MainWindow
from drafter.ui.type_fields import TypeFields


def _dialog(qtbot, facts: SourceFacts, basis: dict[str, str] | None = None) -> FactsDialog:  # type: ignore[no-untyped-def]
    make_application()
    dialog = FactsDialog(facts, basis=basis)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _shown(dialog: FactsDialog) -> list[str]:
    """The labels of the form's rows the user sees, in order."""
    form = dialog.fields.form
    labels = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, form.ItemRole.LabelRole)
        if item is not None and item.widget() is not None and item.widget().isVisible() and item.widget().text():
            labels.append(item.widget().text())
    return labels


@pytest.mark.parametrize(
    ("kind", "labels"),
    [
        ("article-journal", ["Type", "Title", "Journal", "Authors", "Volume", "Issue", "Pages", "DOI", "Date",
                             "Web address", "Accessed", "Standfirst"]),
        ("legal_case", ["Type", "Case name", "Law report series", "Authors", "Court", "Number in the neutral citation",
                        "Report volume", "First page in the report", "Date", "Web address", "Accessed",
                        "Standfirst"]),
        ("hearing", ["Type", "Title", "Authors", "House", "Kind of statement or debate",
                     "Number", "Volume", "Columns", "Date", "Web address", "Accessed", "Standfirst"]),
        ("webpage", ["Type", "Title", "Website", "Authors", "Date", "Web address", "Accessed", "Standfirst"]),
    ],
)
def test_each_type_shows_its_own_fields(qtbot, kind: str, labels: list[str]) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, SourceFacts(type=kind, title="T"))
    assert _shown(dialog) == labels


def test_switching_type_changes_the_fields_and_reads_only_the_chosen_ones(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, SourceFacts(type="article-journal", title="Faces", publisher="Modern Law Review",
                                        variables={"volume": "84"}),
                     basis={"volume": "HTML <meta name=\"citation_volume\">"})
    volume = dialog.findChild(object, "field_article-journal_volume")
    assert volume.text() == "84" and volume.isVisible()
    assert "Guess" in dialog.findChild(object, "basis_volume").text()
    doi = dialog.findChild(object, "field_article-journal_DOI")
    assert doi.text() == "" and "unknown" in doi.placeholderText()  # unknown stays empty and says so
    dialog.type.setCurrentIndex(dialog.type.findData("report"))
    assert not volume.isVisible() and not dialog.findChild(object, "basis_volume").isVisible()
    assert "Published by" in _shown(dialog)
    dialog.findChild(object, "field_report_genre").setText("Consultation paper")
    facts = dialog.facts()
    assert (facts.type, facts.publisher, facts.variables) == (
        "report", "Modern Law Review", {"genre": "Consultation paper"})
    dialog.type.setCurrentIndex(dialog.type.findData("hearing"))  # no outlet: the field is hidden, not saved
    assert not dialog.publisher.isVisible() and dialog.facts().publisher is None
    dialog.type.setCurrentIndex(dialog.type.findData("article-journal"))  # what was typed is still there
    assert dialog.facts().variables == {"volume": "84"} and dialog.facts().publisher == "Modern Law Review"


def test_editors_are_names_and_the_book_fields_are_read(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, SourceFacts(type="chapter", title="Policing faces"))
    editors = dialog.findChild(object, "field_chapter_editor")
    assert editors.add.text() == "Add Editor"
    row = editors.rows[0]
    assert row.kind.accessibleName() == "Editor 1: person or organisation"
    row.main.setText("Lee")
    row.given.setText("Ann")
    dialog.findChild(object, "field_chapter_container-title").setText("Surveillance and the Law")
    assert dialog.facts().variables == {"container-title": "Surveillance and the Law",
                                        "editor": [{"family": "Lee", "given": "Ann"}]}


def test_a_reference_file_is_read_into_the_fields_and_written_back(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, SourceFacts(title="Old title", standfirst="Kept: CSL-JSON has no standfirst"))
    item = {"type": "legal_case", "title": "R (Bridges) v CC South Wales", "authority": "EWCA Civ",
            "number": "1058", "issued": {"date-parts": [[2020, 8, 11]]},
            "author": [{"family": "Lee", "given": "Ann"}], "note": "from Zotero"}
    path = tmp_path / "zotero.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    assert dialog.read_reference(str(path))
    assert dialog.type.currentData() == "legal_case" and dialog.title.text() == "R (Bridges) v CC South Wales"
    assert dialog.findChild(object, "field_legal_case_number").text() == "1058"
    assert "Left out: 'note'" in dialog.error.text()
    facts = dialog.facts()
    assert (facts.date, facts.authors, facts.standfirst) == (
        "2020-08-11", (Person("Lee", "Ann"),), "Kept: CSL-JSON has no standfirst")
    out = tmp_path / "out.json"
    assert dialog.write_reference(str(out))
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == [{"id": "source", **{k: v for k, v in item.items() if k != "note"}}]


def test_a_bad_reference_file_says_why_and_changes_no_field(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, SourceFacts(type="webpage", title="Kept"))
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "newspaper", "title": "Other"}', encoding="utf-8")
    assert not dialog.read_reference(str(bad))
    assert "'newspaper', which is not a source type Drafter knows" in dialog.error.text()
    assert (dialog.type.currentData(), dialog.title.text(), dialog.read_from) == ("webpage", "Kept", None)
    assert not dialog.write_reference(str(tmp_path))  # a folder is not a file to write
    assert "folder" in dialog.error.text()


def test_facts_read_from_a_reference_are_saved_with_that_basis_and_undone(
        window: MainWindow, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.library import get_source, list_sources

    source_id = next(s.id for s in list_sources(window.store) if s.title == "Rights fears as Met ramps up tech use")
    window.show_source(source_id)
    path = tmp_path / "ref.json"
    path.write_text(json.dumps({"type": "webpage", "title": "Rights fears", "container-title": "West End Extra"}),
                    encoding="utf-8")

    def fill(dialog: FactsDialog) -> int:
        assert isinstance(dialog.fields, TypeFields)
        dialog.read_reference(str(path))
        return 1

    monkeypatch.setattr(FactsDialog, "exec", fill)
    window.library_actions.edit_facts()
    record = get_source(window.store, source_id)
    assert (record.type, record.title) == ("webpage", "Rights fears")
    assert record.fact_basis == {"all": "taken from the reference in ref.json, which you gave, and checked by you"}
    window.undo_stack.undo()
    assert get_source(window.store, source_id).type == "article-newspaper"


def test_the_reader_names_the_outlet_and_shows_the_types_other_facts() -> None:
    from drafter.core.records import SourceRecord
    from drafter.ui.reader import facts_html

    record = SourceRecord(
        id=1, type="legal_case", title="R (Bridges) v CC South Wales", publisher=None, authors=None, date="2020",
        url=None, accessed=None, standfirst=None, original_filename=None, format="text", content_hash="", text="",
        fact_basis={}, stored_article=None, created_at="", updated_at="", variables={"number": "1058"},
    )
    html = facts_html(record)
    assert "Court case" in html and "Law report series unknown" in html
    assert "Number in the neutral citation" in html and "1058" in html
    assert "Court unknown" in html  # a full citation needs it: said, not left out
    assert "Report volume" not in html  # not needed and not known: not shown
    hansard = facts_html(replace(record, type="hearing", variables={"authority": "HC Deb"}))
    assert "HC Deb" in hansard and "Publisher" not in hansard  # a debate has no outlet to be unknown


def test_an_import_whose_facts_are_read_from_a_reference_says_so(
        window: MainWindow, monkeypatch, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.library import get_source

    reference = tmp_path / "zotero.ris"
    reference.write_text("TY  - RPRT\nAU  - Home Office\nTI  - Biometrics framework\nPB  - Home Office\n"
                         "PY  - 2025\nIS  - CP 1391\nER  - \n", encoding="utf-8")
    document = tmp_path / "framework.txt"
    document.write_text("The Government proposes a new legal framework for biometrics.", encoding="utf-8")

    def fill(dialog: FactsDialog) -> int:
        assert dialog.read_reference(str(reference))
        return 1

    monkeypatch.setattr(FactsDialog, "exec", fill)
    window.importer.show_summary = False
    with qtbot.waitSignal(window.importer.finished, timeout=30000) as finished:
        window.importer.import_paths([document])
    [result] = finished.args[0]
    record = get_source(window.store, result.source_id)
    assert (record.type, record.title, record.variables) == ("report", "Biometrics framework", {"number": "CP 1391"})
    assert record.fact_basis == {"all": "taken from the reference in zotero.ris, which you gave, and checked by you"}


def test_an_untitled_work_is_described_only_while_it_has_no_title(qtbot) -> None:  # type: ignore[no-untyped-def]
    """APA 7 §9.22: a work with no title is cited by the user's description, in brackets."""
    dialog = _dialog(qtbot, SourceFacts(type="webpage", publisher="LBC"))
    description = dialog.findChild(object, "field_webpage_drafter-description")
    assert description.isVisible() and _shown(dialog)[:3] == ["Type", "Title", "Description of an untitled work"]
    assert "in your words" in description.placeholderText()
    assert dialog.facts().variables == {}  # nothing is made up while the box is empty
    description.setText("News report on police facial recognition")
    assert dialog.facts().variables == {"drafter-description": "News report on police facial recognition"}
    dialog.title.setText("Police to expand facial recognition")  # a title found: the title is cited
    assert not description.isVisible() and dialog.facts().variables == {}
    dialog.title.setText("  ")
    assert description.isVisible()
    assert dialog.facts().variables == {"drafter-description": "News report on police facial recognition"}
    dialog.type.setCurrentIndex(dialog.type.findData("legal_case"))  # a case always has a name
    assert "Description of an untitled work" not in _shown(dialog)


def test_a_stored_description_is_shown_and_kept(qtbot) -> None:  # type: ignore[no-untyped-def]
    facts = SourceFacts(type="report", publisher="Home Office",
                        variables={"drafter-description": "Leaflet on facial recognition vans"})
    dialog = _dialog(qtbot, facts)
    assert dialog.findChild(object, "field_report_drafter-description").text() == "Leaflet on facial recognition vans"
    assert dialog.facts().variables == facts.variables


def test_the_description_stands_under_the_titles_guess(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, SourceFacts(type="webpage"), basis={"title": "no headline found in the page"})
    form = dialog.fields.form
    hint = dialog.findChild(object, "basis_title")
    description = dialog.findChild(object, "field_webpage_drafter-description")
    below, at = form.getWidgetPosition(hint)[0] + 1, form.getWidgetPosition(description)[0]
    assert below <= at and description.isVisible()
    # The other types' description rows between them are hidden: it shows right under the guess.
    assert not any(form.itemAt(row, form.ItemRole.FieldRole).widget().isVisible() for row in range(below, at))
