"""The authors of a source, one row per name: a person (family and given names) or an organisation.

The user chooses the kind of every name, so 'Home Office' is never split into a
given name and a surname by a rule they can't see.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from drafter.core.names import ORGANISATION, PERSON, Name, Organisation, Person, clean_name

KIND_LABELS = {PERSON: "Person", ORGANISATION: "Organisation"}


class NameRow:
    """The controls of one name; ``name()`` is what they say, None when empty."""

    def __init__(self, parent: QWidget, number: int, name: Name | None, what: str = "author") -> None:
        self.what = what.capitalize()  # 'Author', 'Editor', 'Interviewer': the names' role
        self.kind = QComboBox(parent)
        for value, label in KIND_LABELS.items():
            self.kind.addItem(label, value)
        self.main = QLineEdit(parent)
        self.given = QLineEdit(parent)
        self.remove = QPushButton("Remove", parent)
        # A suffix ('Jr') read from a reference manager is kept as it was; it has no box of its own.
        self.suffix = name.suffix if isinstance(name, Person) else None
        if isinstance(name, Organisation):
            self.kind.setCurrentIndex(1)
            self.main.setText(name.name)
        elif isinstance(name, Person):
            self.main.setText(name.family)
            self.given.setText(name.given or "")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.renumber(number)
        self._kind_changed()

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.kind, self.main, self.given, self.remove)

    def renumber(self, number: int) -> None:
        self.number = number
        self.kind.setAccessibleName(f"{self.what} {number}: person or organisation")
        self.remove.setAccessibleName(f"Remove {self.what.lower()} {number}")
        self._kind_changed()

    def is_organisation(self) -> bool:
        return self.kind.currentData() == ORGANISATION

    def _kind_changed(self) -> None:
        organisation = self.is_organisation()
        what = "organisation's name" if organisation else "family name"
        self.main.setAccessibleName(f"{self.what} {self.number}: {what}")
        self.main.setPlaceholderText("e.g. Home Office" if organisation else "Family name, e.g. Foot")
        self.given.setAccessibleName(f"{self.what} {self.number}: given names")
        self.given.setPlaceholderText("Given names, e.g. Tom")
        self.given.setEnabled(not organisation)

    def name(self) -> Name | None:
        if self.is_organisation():
            return clean_name(Organisation(self.main.text()))
        return clean_name(Person(self.main.text(), self.given.text(), self.suffix))


class NamesEditor(QWidget):
    """Rows of names with Add and Remove; ``names()`` gives the filled ones in order."""

    def __init__(self, names: tuple[Name, ...] | None, parent: QWidget | None = None, *,
                 what: str = "author") -> None:
        super().__init__(parent)
        self.what = what
        self.setAccessibleName(f"{what.capitalize()}s")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        for column, heading in enumerate(("Kind", "Family name, or the organisation's name", "Given names")):
            self.grid.addWidget(QLabel(heading, self), 0, column)
        outer.addLayout(self.grid)
        self.rows: list[NameRow] = []
        for name in names or ():
            self.add_row(name)
        if not self.rows:
            self.add_row(None)
        buttons = QHBoxLayout()
        self.add = QPushButton(f"Add {what.capitalize()}", self)
        self.add.setAccessibleName(f"Add another {what}")
        self.add.clicked.connect(lambda: self.add_row(None).main.setFocus())
        buttons.addWidget(self.add)
        buttons.addStretch(1)
        outer.addLayout(buttons)

    def add_row(self, name: Name | None) -> NameRow:
        row = NameRow(self, len(self.rows) + 1, name, self.what)
        row.remove.clicked.connect(lambda: self.remove_row(row))
        self.rows.append(row)
        self._lay_out()
        return row

    def remove_row(self, row: NameRow) -> None:
        self.rows.remove(row)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        if not self.rows:
            self.add_row(None)
        self._lay_out()

    def _lay_out(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            row.renumber(number)
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, number, column)

    def set_names(self, names: tuple[Name, ...] | None) -> None:
        """Replace every row with these names (one empty row when there are none)."""
        for row in list(self.rows):
            self.rows.remove(row)
            for widget in row.widgets():
                self.grid.removeWidget(widget)
                widget.deleteLater()
        for name in names or ():
            self.add_row(name)
        if not self.rows:
            self.add_row(None)

    def names(self) -> tuple[Name, ...]:
        return tuple(name for name in (row.name() for row in self.rows) if name is not None)
