"""Check and edit a source's citation facts before it is saved.

Guessed facts are marked as guesses, with where each came from; a field left
empty stays unknown. Nothing is filled in that the document did not say.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from drafter.core.errors import DrafterError
from drafter.core.names import Name
from drafter.core.records import SourceSummary
from drafter.core.sources import SOURCE_TYPES, SourceFacts
from drafter.ui.accessibility import main_action, name, pass_tab_on, warning_colour
from drafter.ui.names_editor import NamesEditor

TYPE_LABELS = {
    "article-newspaper": "Newspaper or news site article",
    "article-magazine": "Magazine article",
    "article-journal": "Journal article",
    "webpage": "Web page",
    "post-weblog": "Blog post",
    "report": "Report",
    "legislation": "Legislation",
    "legal_case": "Court case",
    "book": "Book",
    "chapter": "Book chapter",
    "speech": "Speech",
    "document": "Other document",
}


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
        for value in SOURCE_TYPES:
            self.type.addItem(TYPE_LABELS.get(value, value), value)
        self.type.setCurrentIndex(max(0, SOURCE_TYPES.index(facts.type) if facts.type in SOURCE_TYPES else 0))
        self.title = QLineEdit(facts.title or "", self)
        self.publisher = QLineEdit(facts.publisher or "", self)
        self.authors = NamesEditor(facts.authors, self)
        self.no_author = QCheckBox("Known to have no named author", self)
        self.no_author.setChecked(facts.authors == ())
        self.no_author.toggled.connect(lambda checked: self.authors.setEnabled(not checked))
        self.authors.setEnabled(not self.no_author.isChecked())
        self.date = QLineEdit(facts.date or "", self)
        self.date.setPlaceholderText("2025-08-01, or 2025-08 or 2025 if only part is known")
        self.url = QLineEdit(facts.url or "", self)
        self.accessed = QLineEdit(facts.accessed or "", self)
        self.accessed.setPlaceholderText("the day you read it online, e.g. 2026-01-15")
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
            if key and key in basis:
                hint = QLabel(f"<i>Guess — {escape(basis[key])}</i>", self)
                hint.setWordWrap(True)
                hint.setObjectName(f"basis_{key}")
                form.addRow("", hint)
        layout.addLayout(form)
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

    def facts(self) -> SourceFacts:
        authors: tuple[Name, ...] | None
        authors = () if self.no_author.isChecked() else self.authors.names() or None
        return SourceFacts(
            type=str(self.type.currentData()),
            title=self.title.text(),
            publisher=self.publisher.text(),
            authors=authors,
            date=self.date.text(),
            url=self.url.text(),
            accessed=self.accessed.text(),
            standfirst=self.standfirst.text(),
        ).cleaned()

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
