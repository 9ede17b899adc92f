"""Check and edit a source's citation facts before it is saved.

Guessed facts are marked as guesses, with where each came from; a field left
empty stays unknown. Nothing is filled in that the document did not say. The
fields shown are those of the chosen type (``drafter.ui.type_fields`` lays out the
core's table of types); a reference manager's CSL-JSON, RIS or BibTeX file can be
read into them, and the facts written out as CSL-JSON.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from drafter.core.errors import DrafterError
from drafter.core.names import Name
from drafter.core.records import SourceSummary
from drafter.core.source_types import TYPES
from drafter.core.sources import SourceFacts
from drafter.ui.accessibility import fit_to_screen, main_action, name, pass_tab_on, warning_colour
from drafter.ui.date_field import DateField
from drafter.ui.names_editor import NamesEditor
from drafter.ui.type_fields import TypeFields


class FactsDialog(QDialog):
    """Edit facts; ``facts()`` returns them cleaned, or raises with a plain message."""

    SKIP = 2
    ADD_ALL = 3

    def __init__(
        self,
        facts: SourceFacts,
        *,
        basis: dict[str, str] | None = None,
        heading: str = "Check the citation facts",
        preview: str = "",
        duplicates: list[SourceSummary] | None = None,
        remaining: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(heading)
        self.setMinimumWidth(560)
        basis = basis or {}
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Drafter read these facts from the document itself. Check them; leave a field "
            "empty when it is not known — it will be shown as unknown, never guessed.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.type = QComboBox(self)
        self.type.setAccessibleName("Type of source")
        for kind in TYPES:
            self.type.addItem(kind.label, kind.name)
        self.type.setCurrentIndex(max(0, self.type.findData(facts.type)))
        self.title = QLineEdit(facts.title or "", self)
        self.publisher = QLineEdit(facts.publisher or "", self)
        self.authors = NamesEditor(facts.authors, self)
        self.no_author = QCheckBox("Known to have no named author", self)
        self.no_author.setChecked(facts.authors == ())
        self.no_author.toggled.connect(lambda checked: self.authors.setEnabled(not checked))
        self.authors.setEnabled(not self.no_author.isChecked())
        # Typed as people write them (4 Dec 2025, 04/12/2025, August 2025, 2025) and shown back as read.
        self.date = DateField(facts.date or "", self, what="The date")
        self.date.setPlaceholderText("e.g. 1 August 2025, or August 2025 or 2025 if only part is known")
        self.url = QLineEdit(facts.url or "", self)
        self.accessed = DateField(facts.accessed or "", self, full=True, what="The accessed date")
        self.accessed.setPlaceholderText("the day you read it online, e.g. 15 January 2026")
        self.standfirst = QLineEdit(facts.standfirst or "", self)
        for label, widget, key in (
            ("Type", self.type, "source_type"),
            ("Title", self.title, "title"),
            ("Publisher", self.publisher, "publisher"),
            ("Authors", self.authors, "authors"),
            ("", self.no_author, None),
            ("Date", self.date, "date"),
            ("Web address", self.url, "url"),
            ("Accessed", self.accessed, None),
            ("Standfirst", self.standfirst, "standfirst"),
        ):
            form.addRow(label, widget)
            if isinstance(widget, DateField):
                form.addRow("", widget.feedback)
            if key and key in basis:
                hint = QLabel(f"<i>Guess — {escape(basis[key])}</i>", self)
                hint.setWordWrap(True)
                hint.setObjectName(f"basis_{key}")
                form.addRow("", hint)
        # The type's other fields go before the date, in the order of the core's table.
        self.fields = TypeFields(form, self.type, self.title, self.publisher, facts.variables, basis,
                                 insert_at=_row_of(form, self.date), parent=self)
        # The form scrolls rather than squeezes: a type with many fields, a small screen or 200% scale
        # would otherwise crush the rows (the names' boxes cut in half) instead of showing them whole.
        fields = QWidget(self)
        fields.setLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidget(fields)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._fields_area = scroll
        layout.addWidget(scroll, 1)
        references = QHBoxLayout()
        self.import_reference = QPushButton("Read From a Reference File…", self)
        self.import_reference.setToolTip("Fill in the facts from a reference manager's CSL-JSON, RIS or BibTeX file")
        self.import_reference.clicked.connect(self._choose_reference)
        self.export_reference = QPushButton("Save as CSL-JSON…", self)
        self.export_reference.setToolTip("Save these facts as a CSL-JSON file, for Zotero or another reference manager")
        self.export_reference.clicked.connect(self._choose_export)
        references.addWidget(self.import_reference)
        references.addWidget(self.export_reference)
        references.addStretch(1)
        layout.addLayout(references)
        #: The reference file the facts were last read from, if the user read one.
        self.read_from: str | None = None
        if preview:
            box = QPlainTextEdit(preview[:2000], self)
            box.setReadOnly(True)
            box.setMaximumHeight(120)
            name(box, "Beginning of the text")
            pass_tab_on(box)
            layout.addWidget(QLabel("Beginning of the text:", self))
            layout.addWidget(box)
        self.keep_duplicate = QCheckBox("Add it anyway, as a second copy", self)
        if duplicates:
            names = ", ".join(escape(f"'{d.display_title}' (id {d.id})") for d in duplicates)
            warning = QLabel(f"<b>This text is already in your library</b> as {names}.", self)
            warning.setWordWrap(True)
            layout.addWidget(warning)
            layout.addWidget(self.keep_duplicate)
        else:
            self.keep_duplicate.hide()  # not in any layout: it must not float over the form
        self.error = QLabel("", self)
        self.error.setStyleSheet(f"color: {warning_colour().name()}")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("&Add to Library", QDialogButtonBox.ButtonRole.AcceptRole)
        main_action(self.ok)
        if remaining:
            skip = buttons.addButton("Skip This File", QDialogButtonBox.ButtonRole.RejectRole)
            skip.clicked.connect(lambda: self.done(self.SKIP))
            add_all = buttons.addButton(
                f"Add This and {remaining} More as Read", QDialogButtonBox.ButtonRole.ApplyRole
            )
            add_all.clicked.connect(self._add_all)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # As large as the fields want, within the screen (the form scrolls beyond that).
        wanted = fields.sizeHint()
        extra = self.sizeHint().height() - scroll.sizeHint().height()
        scrollbar = scroll.verticalScrollBar().sizeHint().width()
        fit_to_screen(self, max(560, wanted.width() + scrollbar + 40), wanted.height() + extra + 8)

    def facts(self) -> SourceFacts:
        authors: tuple[Name, ...] | None
        authors = () if self.no_author.isChecked() else self.authors.names() or None
        return SourceFacts(
            type=str(self.type.currentData()),
            title=self.title.text(),
            # A type with no outlet (a Hansard debate) hides the field: what it held is not the type's.
            publisher=self.publisher.text() if self.fields.kind().outlet is not None else None,
            authors=authors,
            date=self.date.iso(),
            url=self.url.text(),
            accessed=self.accessed.iso(),
            standfirst=self.standfirst.text(),
            variables=self.fields.variables(),
        ).cleaned()

    def set_facts(self, facts: SourceFacts) -> None:
        """Show these facts in every field (the type's fields included); empty where unknown."""
        self.fields.set_values(facts.type, facts.variables)
        self.title.setText(facts.title or "")
        self.publisher.setText(facts.publisher or "")
        self.authors.set_names(facts.authors)
        self.no_author.setChecked(facts.authors == ())
        self.date.setText(facts.date or "")
        self.url.setText(facts.url or "")
        self.accessed.setText(facts.accessed or "")
        self.standfirst.setText(facts.standfirst or "")

    def read_reference(self, path: str) -> bool:
        """Fill the fields from a reference file; False (and the reason shown) when it can't be read."""
        from pathlib import Path

        from drafter.core.citations.interchange import read_reference_file

        current = SourceFacts(standfirst=self.standfirst.text() or None)
        try:
            read = read_reference_file(Path(path), keep=current)
        except DrafterError as exc:
            self.error.setText(f"{exc.message} {exc.hint or ''}".strip())
            return False
        self.set_facts(read.facts)
        self.read_from = Path(path).name
        left = "; ".join(read.left_out)
        self.error.setText(f"Read from {self.read_from}. Left out: {left}." if left else "")
        return True

    def write_reference(self, path: str) -> bool:
        """Save the facts as a CSL-JSON file; False (and the reason shown) when they or the file are wrong."""
        from pathlib import Path

        from drafter.core.citations.interchange import write_csl_json

        try:
            write_csl_json(Path(path), self.facts())
        except DrafterError as exc:
            self.error.setText(exc.message)
            return False
        self.error.setText(f"Saved as {Path(path).name}.")
        return True

    def _choose_reference(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Read Facts From a Reference File", "", "References (*.json *.ris *.bib);;All files (*)")
        if path:
            self.read_reference(path)

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save Facts as CSL-JSON", "reference.json", "CSL-JSON (*.json)")
        if path:
            self.write_reference(path)

    def allow_duplicate(self) -> bool:
        return self.keep_duplicate.isChecked()

    def _validated(self) -> bool:
        try:
            self.facts()
        except DrafterError as exc:
            self.error.setText(exc.message)
            return False
        return True

    def _accept(self) -> None:
        if self._validated():
            self.accept()

    def _add_all(self) -> None:
        if self._validated():
            self.done(self.ADD_ALL)


def _row_of(form: QFormLayout, widget: QWidget) -> int:
    """The form row holding ``widget`` (PySide6 types getWidgetPosition's result loosely)."""
    position: Any = form.getWidgetPosition(widget)
    return int(position[0])
