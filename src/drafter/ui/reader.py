"""The reader: a source's citation facts above its exact text.

The text is shown as plain text, never as HTML, so nothing in an imported page
can run or load anything. Facts that are unknown say so instead of being blank.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QFont, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QTextEdit, QVBoxLayout, QWidget

from drafter.core.dates import display_iso
from drafter.core.records import SourceRecord

_TYPE_NAMES = {
    "article-newspaper": "Newspaper or news site article",
    "article-magazine": "Magazine article",
    "article-journal": "Journal article",
    "webpage": "Web page",
    "report": "Report",
    "legislation": "Legislation",
    "document": "Document",
}


def _unknown(label: str) -> str:
    return f'<span style="color: palette(placeholder-text)"><i>{label} unknown</i></span>'


def facts_html(source: SourceRecord) -> str:
    """The facts block as rich text; every value is escaped user data."""
    title = escape(source.title) if source.title else _unknown("Title")
    rows = [
        ("Publisher", escape(source.publisher) if source.publisher else _unknown("Publisher")),
        (
            "Author",
            escape(", ".join(source.authors)) if source.authors else _unknown("Author"),
        ),
        ("Date", escape(display_iso(source.date)) if source.date else _unknown("Date")),
        ("Type", escape(_TYPE_NAMES.get(source.type, source.type))),
        ("Web address", escape(source.url) if source.url else _unknown("Web address")),
        (
            "Accessed",
            escape(display_iso(source.accessed)) if source.accessed else _unknown("Access date"),
        ),
    ]
    body = "".join(
        f'<tr><td style="padding-right:12px"><b>{label}</b></td><td>{value}</td></tr>'
        for label, value in rows
    )
    standfirst = (
        f'<p style="margin-top:6px"><i>{escape(source.standfirst)}</i></p>' if source.standfirst else ""
    )
    return f'<h2 style="margin-bottom:4px">{title}</h2><table>{body}</table>{standfirst}'


class ReaderPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts = QLabel(self)
        self.facts.setObjectName("sourceFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(self.facts.textFormat().RichText)
        self.facts.setTextInteractionFlags(self.facts.textInteractionFlags().TextSelectableByMouse)
        self.facts.setOpenExternalLinks(False)
        # A QTextEdit holding *plain* text (setPlainText), so one character of the
        # document is one character of the source and offsets carry over unchanged.
        self.text = QTextEdit(self)
        self.text.setObjectName("sourceText")
        self.text.setReadOnly(True)
        self.text.setAcceptRichText(False)
        self.text.document().setDocumentMargin(14)
        font = QFont(self.text.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.text.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.facts)
        layout.addWidget(self.text, 1)
        self.show_empty()

    def show_empty(self) -> None:
        self.current_id: int | None = None
        self.facts.setText("<h2>No source selected</h2><p>Choose a source in the library to read it.</p>")
        self.text.setPlainText("")

    def show_source(self, source: SourceRecord) -> None:
        self.current_id = source.id
        self.facts.setText(facts_html(source))
        self.text.setPlainText(source.text)
        _space_paragraphs(self.text)
        self.text.verticalScrollBar().setValue(0)


def _space_paragraphs(edit: QTextEdit) -> None:
    """Leave a little space after each paragraph: layout only, the text is unchanged."""
    cursor = QTextCursor(edit.document())
    cursor.select(QTextCursor.SelectionType.Document)
    spacing = QTextBlockFormat()
    spacing.setBottomMargin(6)
    cursor.mergeBlockFormat(spacing)
