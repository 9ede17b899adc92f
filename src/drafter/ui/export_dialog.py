"""The one Export dialog: what to write, where, and whether the response is ready.

Format, citation style (searched in the whole catalogue), reference template,
numbered paragraphs, list of sources and the file's name and folder, opened as
this response was last exported; the readiness check's findings are listed
below them, judged in the style chosen, and a finding that blocks the export
disables Export and says why. The dialog only gathers choices: the controller
(``export_controller``) remembers them with the response and runs the export.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from drafter.core.errors import DrafterError

if TYPE_CHECKING:
    from drafter.core.checks import Readiness
    from drafter.core.citations import StyleInfo
    from drafter.core.export.options import ExportOptions
    from drafter.core.responses.records import ResponseDocument

#: (format name, what the list shows, extension)
FORMATS = (("docx", "Word document (.docx)", ".docx"), ("txt", "Plain text (.txt)", ".txt"),
           ("md", "Markdown (.md)", ".md"))
#: The styles offered before the user searches: the three the product supports by their guides.
COMMON_STYLES = ("oscola", "harvard-cite-them-right", "apa")
#: At most this many matches are listed for a search of the catalogue.
MAX_MATCHES = 200


class ExportDialog(QDialog):
    """Gathers one export's choices; ``chosen()`` gives them, ``settings()`` what to remember."""

    item_chosen = Signal(object)  # a CheckItem the user double-clicked, to go and fix it

    def __init__(self, document: ResponseDocument, settings: dict[str, object], folder: Path,
                 check: Callable[[str], Readiness], *, today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setMinimumWidth(720)
        self._document = document
        self._check = check
        self._today = today or date.today()
        self._readiness: Readiness | None = None
        self._style: StyleInfo | None = None  # the one chosen; a search does not change it
        self._check_problem: str | None = None
        remembered_style = _text(settings.get("style")) or document.details.citation_style

        form = QFormLayout()
        self.format = QComboBox(self)
        for name, title, _ in FORMATS:
            self.format.addItem(title, name)
        self.format.setAccessibleName("Format")
        form.addRow("&Format", self.format)

        self.style_search = QLineEdit(self)
        self.style_search.setPlaceholderText("Search all styles by name, e.g. Chicago, MHRA, Nature")
        self.style_search.setAccessibleName("Search citation styles")
        self.style_search.setClearButtonEnabled(True)
        self.styles = QListWidget(self)
        self.styles.setAccessibleName("Citation style")
        self.styles.setMaximumHeight(90)
        self.styles.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.styles.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.using = QLabel(self)  # the style in use, said even while a search lists others
        style_box = QVBoxLayout()
        style_box.addWidget(self.style_search)
        style_box.addWidget(self.styles)
        style_box.addWidget(self.using)
        form.addRow(_label("Citation &style", self.style_search, self), style_box)
        self._search_timer = QTimer(self)  # the catalogue is searched once typing pauses
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._search_styles)
        self.style_search.textChanged.connect(lambda _: self._search_timer.start())

        self.language = QLineEdit(_text(settings.get("locale")), self)
        self.language.setPlaceholderText("The style's own (e.g. en-GB, en-US)")
        self.language.setAccessibleName("Language of the citations")
        form.addRow("Citation &language", self.language)

        self.template = QLineEdit(_text(settings.get("template")), self)
        self.template.setPlaceholderText("Drafter's own design (or choose your organisation's .docx)")
        self.template.setAccessibleName("Reference template")
        self.browse_template = QPushButton("C&hoose…", self)
        self.browse_template.setAccessibleName("Choose a reference template…")
        self.browse_template.clicked.connect(self._choose_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.browse_template)
        form.addRow(_label("Reference &template", self.template, self), template_row)

        self.numbered = QCheckBox("&Number the paragraphs (1., 2., …)", self)
        self.numbered.setChecked(settings.get("numbered") is True)
        self.bibliography = QCheckBox("End with a list of sou&rces", self)
        self.bibliography.setChecked(settings.get("bibliography") is True)
        form.addRow("", self.numbered)
        form.addRow("", self.bibliography)

        self.file_name = QLineEdit(self)
        self.file_name.setAccessibleName("File name")
        form.addRow("File na&me", self.file_name)
        self.folder = QLabel(self)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setWordWrap(True)
        self.change_folder = QPushButton("Change F&older…", self)
        self.change_folder.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.change_folder)
        form.addRow(_label("Folder", self.change_folder, self), folder_row)

        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.findings = QListWidget(self)
        self.findings.setWordWrap(True)
        self.findings.setAccessibleName("What the readiness check found")
        self.findings.itemActivated.connect(self._chosen)  # a double-click, or Enter
        self.hint = QLabel("Double-click an item (or press Enter on it) to go to it.", self)
        self.reason = QLabel(self)  # why Export is disabled, said beside it rather than only in a tooltip
        self.reason.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)  # Enter exports (while nothing blocks it)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.headline)
        layout.addWidget(self.findings, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)

        self._folder = folder
        self._show_styles(self._common_styles(remembered_style), select=remembered_style)
        wanted = _text(settings.get("format")) or "docx"
        self.format.setCurrentIndex(max(0, self.format.findData(wanted)))
        self.file_name.setText(self._proposed_name())
        self._show_folder()
        self.format.currentIndexChanged.connect(self._format_changed)
        self.styles.currentItemChanged.connect(lambda *_: self._style_chosen())
        self.file_name.textChanged.connect(lambda _: self._enable())
        self.template.textChanged.connect(lambda _: self._enable())
        self._format_changed()
        self._recheck()

    # --- what was chosen -------------------------------------------------------------------

    @property
    def format_name(self) -> str:
        return str(self.format.currentData())

    @property
    def extension(self) -> str:
        return next(ext for name, _, ext in FORMATS if name == self.format_name)

    @property
    def style_id(self) -> str:
        return self._style.id if self._style is not None else self._document.details.citation_style

    def target(self) -> Path:
        """The file to write: the name typed (its extension made the format's) in the folder chosen."""
        from drafter.core.export.naming import safe_file_name

        name = self.file_name.text().strip()
        for _, _, ext in FORMATS:
            if name.lower().endswith(ext):
                name = name[: -len(ext)]
        return self._folder / safe_file_name(name, self.extension)

    def options(self) -> ExportOptions:
        from drafter.core.export.options import ExportOptions

        template = self.template.text() if self.format_name == "docx" else ""
        return ExportOptions.from_form(style=self.style_id, template=template, numbered=self.numbered.isChecked(),
                                       bibliography=self.bibliography.isChecked(), locale=self.language.text())

    def settings(self) -> dict[str, object]:
        """What to remember with the response for its next export (plain JSON values)."""
        return {"format": self.format_name, "style": self.style_id, "locale": self.language.text().strip(),
                "template": self.template.text().strip(), "numbered": self.numbered.isChecked(),
                "bibliography": self.bibliography.isChecked(), "folder": str(self._folder)}

    @property
    def readiness(self) -> Readiness | None:
        return self._readiness

    # --- behaviour -------------------------------------------------------------------------

    def _proposed_name(self) -> str:
        from drafter.core.export.naming import proposed_file_name

        details = self._document.details
        return proposed_file_name(details.consultation_title, details.organisation, self._today, self.extension)

    def _format_changed(self) -> None:
        name = self.file_name.text().strip()
        for _, _, ext in FORMATS:  # keep what the user typed; only the extension follows the format
            if name.lower().endswith(ext):
                self.file_name.setText(name[: -len(ext)] + self.extension)
                break
        word = self.format_name == "docx"
        self.template.setEnabled(word)
        self.browse_template.setEnabled(word)
        self.template.setToolTip("" if word else "Only a Word document takes a template")
        self._enable()

    def _common_styles(self, current: str) -> list[StyleInfo]:
        from drafter.core.citations import find_style

        found: list[StyleInfo] = []
        for style_id in (current, *COMMON_STYLES):
            try:
                style = find_style(style_id)
            except DrafterError:
                continue  # a remembered style no longer installed: the usual ones are still offered
            if style.id not in {s.id for s in found}:
                found.append(style)
        return found

    def _search_styles(self) -> None:
        from drafter.core.citations import list_styles

        words = self.style_search.text().casefold().split()
        current = self.style_id
        if not words:
            self._show_styles(self._common_styles(current), select=current)
            return
        matches = [s for s in list_styles() if all(w in f"{s.title.casefold()} {s.id}" for w in words)]
        self._show_styles(matches[:MAX_MATCHES], select=current)

    def _show_styles(self, styles: list[StyleInfo], *, select: str) -> None:
        """List ``styles``, the one in use selected if it is among them (a search never changes the choice)."""
        self.styles.blockSignals(True)
        self.styles.clear()
        for style in styles:
            entry = QListWidgetItem(_describe(style))
            entry.setData(Qt.ItemDataRole.UserRole, style)
            entry.setToolTip(style.title)
            self.styles.addItem(entry)
            if style.id == select:
                self.styles.setCurrentItem(entry)
                if self._style is None:
                    self._style = style
        self.styles.blockSignals(False)
        if not styles:
            self.styles.addItem("No style has that name. Try part of it, such as Harvard or Chicago.")
            self.styles.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._show_using()

    def _style_chosen(self) -> None:
        item = self.styles.currentItem()
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if chosen is not None and (self._style is None or chosen.id != self._style.id):
            self._style = chosen
            self._show_using()
            self._recheck()

    def _show_using(self) -> None:
        self.using.setText(f"Using: {escape(_describe(self._style), quote=False)}" if self._style is not None
                           else f"Using the response's style: {escape(self.style_id, quote=False)}")

    def _recheck(self) -> None:
        """Run the readiness check in the chosen style and list what it found."""
        self.findings.clear()
        try:
            self._readiness = self._check(self.style_id)
            self._check_problem = None
        except DrafterError as exc:
            self._readiness, self._check_problem = None, exc.message
        readiness = self._readiness
        if readiness is None:
            self.headline.setText(f"<b>The check could not run:</b> {escape(self._check_problem or '', quote=False)}")
        elif readiness.blocking:
            self.headline.setText("<b>✖ This response can't be exported yet.</b> Fix the items marked ✖ first.")
        elif readiness.items:
            count = len(readiness.items)
            self.headline.setText(f"<b>⚠ {count} thing{'s' if count != 1 else ''} to look at</b> before you "
                                  "submit. You can still export.")
        else:
            self.headline.setText("<b>✔ Nothing to fix.</b> Every question is answered and every quotation "
                                  "matches its source.")
        if readiness is not None:
            for item in readiness.blockers + readiness.warnings:
                entry = QListWidgetItem(("✖ " if item in readiness.blockers else "⚠ ") + item.message)
                entry.setData(Qt.ItemDataRole.UserRole, item)
                self.findings.addItem(entry)
        self.findings.setVisible(self.findings.count() > 0)
        self.hint.setVisible(self.findings.count() > 0)
        self._enable()

    def blocked_because(self) -> str | None:
        """Why Export is disabled, in the user's words; None when it is enabled."""
        if self._readiness is None:
            return self._check_problem or "The readiness check has not run."
        if self._readiness.blocking:
            return self._readiness.blockers[0].message
        if not self.file_name.text().strip():
            return "Give the file a name."
        if not self._folder.is_dir():
            return f"The folder {self._folder} doesn't exist any more. Choose another."
        template = self.template.text().strip()
        if self.format_name == "docx" and template and not Path(template).expanduser().is_file():
            return f"The template “{Path(template).name}” isn't there any more. Choose it again, or clear the box."
        return None

    def _enable(self) -> None:
        reason = self.blocked_because()
        self.export_button.setEnabled(reason is None)
        self.export_button.setToolTip(reason or f"Save as {self.target().name}")
        self.reason.setText(f"<b>Export is not possible yet:</b> {escape(reason, quote=False)}" if reason else "")
        self.reason.setVisible(reason is not None)

    def _show_folder(self) -> None:
        self.folder.setText(str(self._folder))
        self._enable()

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Export to folder", str(self._folder))
        if chosen:
            self._folder = Path(chosen)
            self._show_folder()

    def _choose_template(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Reference template", self.template.text() or str(self._folder),
                                              "Word (*.docx *.dotx)")
        if name:
            self.template.setText(name)

    def _chosen(self, entry: QListWidgetItem) -> None:
        self.item_chosen.emit(entry.data(Qt.ItemDataRole.UserRole))
        self.reject()


class ExportedBox(QMessageBox):
    """Said once the file is written: where it is, and a way straight to it or to its folder."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Information, "Exported",
                         f"Saved as <b>{escape(path.name)}</b><br>in {escape(str(path.parent))}.",
                         QMessageBox.StandardButton.NoButton, parent)
        self.path = path
        self.open_button = self.addButton("&Open the Document", QMessageBox.ButtonRole.AcceptRole)
        self.folder_button = self.addButton("Show in &Folder", QMessageBox.ButtonRole.ActionRole)
        self.close_button = self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(self.open_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: object) -> None:
        if button is self.open_button:
            self.open_document()
        elif button is self.folder_button:
            self.show_folder()

    def open_document(self) -> bool:
        """Open the file in the program the system uses for it (Word, LibreOffice, a text editor)."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def show_folder(self) -> bool:
        """Open the folder holding the file in the system's file manager."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))


def _describe(style: StyleInfo) -> str:
    return f"{style.title} · {'footnotes' if style.is_note_style else 'author–date'}"


def _label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    """A form label whose Alt+letter goes to ``buddy`` (a row holding a layout has none of its own)."""
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
