"""The facts editor's fields for a source's type: the rows the core's table of types names.

The table (``drafter.core.source_types``) says which CSL variables each type holds,
what each is called and which a full citation needs; this only lays them out. Every
type's rows are built once and shown or hidden as the type changes, so what the user
typed for one type is still there if they switch back; only the chosen type's fields
are read.

The description of an untitled work (``source_types.DESCRIPTION``, APA 7 §9.22) stands right
under the title and is offered only while the title is empty: a work with a title is cited by
it, so a description typed before a title was found is not saved with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from drafter.core.names import from_json, to_json
from drafter.core.source_types import BY_NAME, DESCRIPTION, TYPES, Field, SourceType
from drafter.ui.names_editor import NamesEditor


def placeholder(field: Field) -> str:
    """What an empty box says: that empty is unknown, whether the citation needs it, an example."""
    need = "unknown — a full citation needs it" if field.required else "unknown, or none"
    return f"{need}; {field.example}" if field.example else need


class TypeFields:
    """The type chooser's rows of a ``QFormLayout``: the outlet's label and the type's other fields."""

    def __init__(self, form: QFormLayout, chooser: QComboBox, title: QLineEdit, outlet: QLineEdit,
                 variables: Mapping[str, Any], basis: Mapping[str, str], *, insert_at: int,
                 parent: QWidget) -> None:
        self.form, self.chooser, self.title, self.outlet = form, chooser, title, outlet
        self.parent = parent
        self.editors: dict[tuple[str, str], QLineEdit | NamesEditor] = {}
        self.basis_hints: dict[str, QLabel] = {}
        row = insert_at
        described: list[tuple[str, QLineEdit | NamesEditor]] = []
        for kind in TYPES:
            for field in kind.extra:
                editor = self._editor(kind, field, variables.get(field.variable))
                self.editors[(kind.name, field.variable)] = editor
                if field.variable == DESCRIPTION:
                    described.append((field.label, editor))
                    continue
                self.form.insertRow(row, field.label, editor)
                row += 1
                if field.variable in basis and field.variable not in self.basis_hints:
                    hint = QLabel(f"<i>Guess — {escape(basis[field.variable])}</i>", parent)
                    hint.setWordWrap(True)
                    hint.setObjectName(f"basis_{field.variable}")
                    self.form.insertRow(row, "", hint)
                    row += 1
                    self.basis_hints[field.variable] = hint
        # Each type's description of an untitled work, right under the title (one shows at a time).
        position: Any = self.form.getWidgetPosition(title)  # PySide6 types it loosely
        below = int(position[0]) + 1
        after_title = self.form.itemAt(below, QFormLayout.ItemRole.FieldRole)
        title_hint = after_title.widget() if after_title is not None else None
        if title_hint is not None and title_hint.objectName() == "basis_title":
            below += 1  # under the title's own hint, if it has one
        for offset, (label, editor) in enumerate(described):
            self.form.insertRow(below + offset, label, editor)
        chooser.currentIndexChanged.connect(self.show_type)
        title.textChanged.connect(self.show_type)
        self.show_type()

    def _editor(self, kind: SourceType, field: Field, value: Any) -> QLineEdit | NamesEditor:
        editor: QLineEdit | NamesEditor
        if field.is_names:
            editor = NamesEditor(from_json(value) if isinstance(value, list) else None, self.parent,
                                 what=field.label.lower().rstrip("s") or "name")
        else:
            editor = QLineEdit(value if isinstance(value, str) else "", self.parent)
            editor.setPlaceholderText(placeholder(field))
        editor.setAccessibleName(field.label)
        editor.setObjectName(f"field_{kind.name}_{field.variable}")
        return editor

    def kind(self) -> SourceType:
        return BY_NAME[str(self.chooser.currentData())]

    def show_type(self) -> None:
        """Show the chosen type's rows, hide the others', and name the title and outlet as it does."""
        kind = self.kind()
        untitled = not self.title.text().strip()
        for (name, variable), editor in self.editors.items():
            self.form.setRowVisible(editor, name == kind.name and (variable != DESCRIPTION or untitled))
        for variable, hint in self.basis_hints.items():
            self.form.setRowVisible(hint, variable in kind.extra_names)
        self._relabel(self.title, kind.title_label)
        self.title.setAccessibleName(kind.title_label)
        self.form.setRowVisible(self.outlet, kind.outlet is not None)
        if kind.outlet is not None:
            self._relabel(self.outlet, kind.outlet.label)
            self.outlet.setAccessibleName(kind.outlet.label)
            self.outlet.setPlaceholderText(placeholder(kind.outlet))

    def _relabel(self, widget: QWidget, text: str) -> None:
        label = self.form.labelForField(widget)
        if isinstance(label, QLabel):
            label.setText(text)

    def variables(self) -> dict[str, Any]:
        """The chosen type's other facts as typed (the core cleans and checks them)."""
        kind = self.kind()
        out: dict[str, Any] = {}
        for field in kind.extra:
            if field.variable == DESCRIPTION and self.title.text().strip():
                continue  # a work with a title is cited by it (the field is hidden)
            editor = self.editors[(kind.name, field.variable)]
            if isinstance(editor, NamesEditor):
                names = editor.names()
                if names:
                    out[field.variable] = to_json(names)
            elif editor.text().strip():
                out[field.variable] = editor.text()
        return out

    def set_values(self, type_name: str, variables: Mapping[str, Any]) -> None:
        """Show ``type_name`` with these values in its fields (the rest of its fields emptied)."""
        index = self.chooser.findData(type_name)
        if index >= 0:
            self.chooser.setCurrentIndex(index)
        kind = BY_NAME.get(type_name)
        for field in kind.extra if kind else ():
            editor = self.editors[(type_name, field.variable)]
            value = variables.get(field.variable)
            if isinstance(editor, NamesEditor):
                editor.set_names(from_json(value) if isinstance(value, list) else None)
            else:
                editor.setText(value if isinstance(value, str) else "")
