"""The reader: a source's citation facts above its exact text.

The text is shown as plain text, never as HTML, so nothing in an imported page
can run or load anything. Facts that are unknown say so instead of being blank.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextEdit, QVBoxLayout, QWidget

from drafter.core.dates import display_iso
from drafter.core.names import display_names, from_json
from drafter.core.records import SnippetRecord, SourceRecord
from drafter.core.source_types import BY_NAME
from drafter.core.textpos import PositionMap
from drafter.core.wording import UNTITLED, counted
from drafter.ui.accessibility import muted_colour, name, pass_tab_on

#: Snippet highlights are translucent, so where two overlap the colour deepens
#: and both stay readable, in light and dark themes alike.
HIGHLIGHT = QColor(255, 200, 0, 70)
HIGHLIGHT_CURRENT = QColor(255, 140, 0, 120)
SEARCH_MATCH = QColor(60, 140, 255, 90)

def _value(value: object) -> str:
    """A stored fact of the type as text: names read out, escaped."""
    if isinstance(value, list):
        return escape(display_names(from_json(value) or ()))
    return escape(value) if isinstance(value, str) else ""


def highlight_colour(depth: int, palette: QPalette) -> QColor:
    """The highlight of text under ``depth`` overlapping snippets: deeper for more, never too deep to read.

    On a dark page a deep yellow under light text falls below WCAG's 4.5:1, so the
    deepening stops where the text would no longer read.
    """
    from drafter.ui.accessibility import TEXT_CONTRAST, blend, contrast

    colour = QColor(HIGHLIGHT)
    colour.setAlpha(min(255, HIGHLIGHT.alpha() * depth))
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    while colour.alpha() > 20 and contrast(text, blend(colour, base)) < TEXT_CONTRAST:
        colour.setAlpha(colour.alpha() - 10)
    return colour


def _unknown(label: str) -> str:
    # Rich text knows no palette() colours: the placeholder grey, made readable on the page (WCAG AA).
    return f'<span style="color: {muted_colour().name()}"><i>{label} unknown</i></span>'


def facts_html(source: SourceRecord) -> str:
    """The facts block as rich text; every value is escaped user data."""
    title = escape(source.title) if source.title else (
        f'<span style="color: palette(placeholder-text)"><i>{escape(UNTITLED)}</i></span>')
    kind = BY_NAME.get(source.type)  # the core's table of types: their names and fields
    outlet = kind.outlet.label if kind and kind.outlet else "Publisher"
    has_outlet = kind is None or kind.outlet is not None  # a Hansard debate has none
    rows = [
        *([(outlet, escape(source.publisher) if source.publisher else _unknown(outlet))] if has_outlet else []),
        (
            "Author",
            escape(display_names(source.authors)) if source.authors else _unknown("Author"),
        ),
        ("Date", escape(display_iso(source.date)) if source.date else _unknown("Date")),
        ("Type", escape(kind.label if kind else source.type)),
        # The type's other facts that are known, and those a full citation needs that are not.
        *((f.label, _value(source.variables.get(f.variable)) or _unknown(f.label))
          for f in (kind.extra if kind else ()) if f.required or source.variables.get(f.variable)),
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


class _ReaderText(QTextEdit):
    """The source's text; a dragged selection also says which source and characters it is."""

    def __init__(self, panel: ReaderPanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def createMimeDataFromSelection(self) -> QMimeData:
        import json

        # Qt's own text mime data lists a fixed set of formats, so build a plain one.
        from PySide6.QtCore import QByteArray

        from drafter.ui.response_model import SELECTION_MIME

        mime = QMimeData()
        mime.setText(self.textCursor().selection().toPlainText())
        selected = self._panel.selected_range()
        if selected is not None and self._panel.current_id is not None:
            start, end, text = selected
            payload = {"source_id": self._panel.current_id, "start": start, "end": end, "text": text}
            mime.setData(SELECTION_MIME, QByteArray(json.dumps(payload).encode("utf-8")))
        return mime


class ReaderPanel(QWidget):
    make_snippet_requested = Signal()
    snippet_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._positions = PositionMap("")
        self._text = ""
        self._document: QTextDocument | None = None
        self._layers: list[tuple[int, int, int]] = []  # snippet highlights now in the document
        self._snippets: list[SnippetRecord] = []
        self._search_spans: list[tuple[int, int]] = []
        self._current_snippet: int | None = None
        self.facts = QLabel(self)
        self.facts.setObjectName("sourceFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(self.facts.textFormat().RichText)
        self.facts.setTextInteractionFlags(self.facts.textInteractionFlags().TextSelectableByMouse)
        self.facts.setOpenExternalLinks(False)
        self.facts.setAccessibleName("Citation facts of the source")
        # A QTextEdit holding *plain* text (setPlainText), so one character of the
        # document is one character of the source and offsets carry over unchanged.
        self.text = _ReaderText(self)
        self.text.setObjectName("sourceText")
        self.text.setReadOnly(True)
        # Read-only text is selectable by mouse only, by default: Shift+arrows must select a passage too.
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        pass_tab_on(self.text)
        name(self.text, "Source text", "Move with the arrow keys, select a passage with Shift and the arrows, "
             "then Ctrl+M makes it a snippet. Snippets are underlined.")
        self.text.setAcceptRichText(False)
        self.text.document().setDocumentMargin(14)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._context_menu)
        self.text.selectionChanged.connect(self._selection_changed)
        self.text.cursorPositionChanged.connect(self._cursor_moved)
        self.make_button = QPushButton("&Make Snippet", self)
        self.make_button.setObjectName("makeSnippetButton")
        self.make_button.setEnabled(False)
        self._explain_make_button()
        self.make_button.clicked.connect(self.make_snippet_requested)
        self.snippet_count = QLabel("", self)
        self.snippet_count.setObjectName("readerSnippetCount")
        font = QFont(self.text.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.text.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.facts)
        bar = QHBoxLayout()
        bar.addWidget(self.make_button)
        bar.addWidget(self.snippet_count, 1)
        layout.addLayout(bar)
        layout.addWidget(self.text, 1)
        self.show_empty()

    NO_SOURCE = ("Choose a source in the Library tab to read it and quote from it, or add your own with "
                 "File › Import Files… (Ctrl+I).")

    def show_empty(self) -> None:
        self.current_id: int | None = None
        self.current_stamp: tuple[object, ...] | None = None
        self.facts.setText(f"<h2>No source open</h2><p>{escape(self.NO_SOURCE)}</p>")
        self._set_text("")
        self._positions = PositionMap("")
        self._text = ""
        self._snippets = []

    def show_source(self, source: SourceRecord, stamp: tuple[object, ...] | None = None) -> None:
        self.current_id = source.id
        #: The facts' stamp when shown (``listing.source_stamp``): a new one means show them again.
        self.current_stamp = stamp
        self.facts.setText(facts_html(source))
        self._set_text(source.text)
        self._positions = PositionMap(source.text)
        self._text = source.text
        self._search_spans = []
        self._current_snippet = None
        self.text.verticalScrollBar().setValue(0)

    def _set_text(self, text: str) -> None:
        """Show ``text`` as plain text, a little space after each paragraph.

        The document is built away from the view and then handed to it: spacing
        the paragraphs of a document the view already shows makes it lay out again
        after every block (a third of a second for a 200,000-word source); done
        before the view sees it, it takes a few milliseconds.
        """
        document = QTextDocument(self.text)
        document.setUndoRedoEnabled(False)
        document.setDefaultFont(self.text.font())
        document.setDocumentMargin(14)
        document.setPlainText(text)
        _space_paragraphs(document, text)
        self._layers = []
        # The editor deletes only the document it made itself; the ones made here go when replaced.
        old, self._document = self._document, document
        self.text.setDocument(document)
        if old is not None:
            old.deleteLater()

    # --- snippets in the text ----------------------------------------------------------

    def selected_range(self) -> tuple[int, int, str] | None:
        """The selection as (start, end, text) in the source's own character offsets."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection() or self.current_id is None:
            return None
        start = self._positions.from_utf16(cursor.selectionStart())
        end = self._positions.from_utf16(cursor.selectionEnd())
        return start, end, self._text[start:end]

    def set_snippets(self, snippets: list[SnippetRecord]) -> None:
        """Highlight these snippets (all of the shown source)."""
        self._snippets = [s for s in snippets if s.source_id == self.current_id]
        count = len(self._snippets)
        self.snippet_count.setText(f"{counted(count, 'snippet')} in this source" if count else "")
        self._paint_snippets()
        self._paint_highlights()

    def highlighted(self) -> list[tuple[int, int, int]]:
        """The snippet highlights as (start, end, how many snippets overlap there), in source offsets."""
        return list(self._layers)

    def set_search_spans(self, spans: list[tuple[int, int]]) -> None:
        """Mark the search's matches in the text (source offsets); the first is scrolled to."""
        self._search_spans = list(spans)
        self._paint_highlights()
        if spans and self._current_snippet is None:
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(self._positions.to_utf16(spans[0][0]))
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()

    def select_snippet(self, snippet_id: int) -> None:
        snippet = next((s for s in self._snippets if s.id == snippet_id), None)
        self._current_snippet = snippet_id if snippet else None
        self._paint_highlights()
        if snippet is not None:
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(self._positions.to_utf16(snippet.start))
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()

    def _paint_snippets(self) -> None:
        """Colour every snippet's words in the document itself.

        Formats in the document cost nothing until a block is drawn, where extra
        selections (Qt's overlay) made the editor lay out the whole text to place
        them: a 200,000-word source with 500 snippets took a fifth of a second more.
        Where snippets overlap the colour deepens, one step per snippet.
        """
        cursor = QTextCursor(self.text.document())
        cursor.beginEditBlock()
        plain = QTextCharFormat()
        for start, end, _depth in self._layers:  # take the old colours off first
            self._select(cursor, start, end)
            cursor.setCharFormat(plain)
        self._layers = _overlaps([(s.start, s.end) for s in self._snippets])
        for start, end, depth in self._layers:
            self._select(cursor, start, end)
            fmt = QTextCharFormat()
            fmt.setBackground(highlight_colour(depth, self.text.palette()))
            # Not by colour alone: a snippet is underlined too (WCAG 1.4.1).
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()

    def _select(self, cursor: QTextCursor, start: int, end: int) -> None:
        cursor.setPosition(self._positions.to_utf16(start))
        cursor.setPosition(self._positions.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)

    def _paint_highlights(self) -> None:
        """The chosen snippet and the search's matches, drawn over the text (a few at a time)."""
        selections = []
        current = next((s for s in self._snippets if s.id == self._current_snippet), None)
        marks = [(s, e, SEARCH_MATCH) for s, e in self._search_spans]
        if current is not None:
            marks.insert(0, (current.start, current.end, HIGHLIGHT_CURRENT))
        for start, end, colour in marks:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text.document())
            self._select(cursor, start, end)
            fmt = QTextCharFormat()
            fmt.setBackground(colour)
            if colour == HIGHLIGHT_CURRENT:
                fmt.setForeground(self.palette().color(QPalette.ColorRole.Text))
                # The chosen snippet: a wavy underline, a search match a dotted one (not by colour alone).
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            else:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            selection.cursor, selection.format = cursor, fmt
            selections.append(selection)
        self.text.setExtraSelections(selections)

    #: What the Make Snippet button says, enabled and not.
    MAKE_HINT = "Make a snippet of the selected words (Ctrl+M)"
    SELECT_FIRST = ("Select the words to quote first: drag across them in the text, "
                    "or hold Shift and use the arrow keys.")

    def _selection_changed(self) -> None:
        self.make_button.setEnabled(self.text.textCursor().hasSelection() and self.current_id is not None)
        self._explain_make_button()

    def _explain_make_button(self) -> None:
        """A disabled Make Snippet says why, to the mouse (tooltip, status bar) and to a screen reader."""
        hint = self.MAKE_HINT if self.make_button.isEnabled() else self.SELECT_FIRST
        self.make_button.setToolTip(hint)
        self.make_button.setStatusTip(hint)
        self.make_button.setAccessibleDescription(hint)

    def _cursor_moved(self) -> None:
        cursor = self.text.textCursor()
        if cursor.hasSelection():
            return
        index = self._positions.from_utf16(cursor.position())
        # Clicking inside a highlight selects that snippet; the innermost one where several overlap.
        hits = [s for s in self._snippets if s.start <= index < s.end]
        if hits:
            chosen = min(hits, key=lambda s: s.end - s.start)
            if chosen.id != self._current_snippet:
                self._current_snippet = chosen.id
                self._paint_highlights()
                self.snippet_clicked.emit(chosen.id)

    def _context_menu(self, point: QPoint) -> None:
        menu = self.text.createStandardContextMenu(point)
        action = menu.addAction("Make Snippet from Selection")
        action.setEnabled(self.text.textCursor().hasSelection())
        action.triggered.connect(self.make_snippet_requested)
        menu.exec(self.text.viewport().mapToGlobal(point))
        menu.deleteLater()


#: The space after each paragraph of a source, in pixels.
PARAGRAPH_SPACING = 8


def _space_paragraphs(document: QTextDocument, text: str) -> None:
    """The same space between every two paragraphs, however the source's text separates them.

    Stored texts separate paragraphs with one line break or with a blank line (some
    with several), depending on where they came from. Each line of plain text is a
    block; a blank one, given its own line's height and the paragraph spacing too,
    made those gaps two or three times as tall as the others. Blank blocks are
    hidden instead: layout only, the text and its character offsets (which snippets
    point at) are unchanged, and a selection across them still copies them.
    """
    cursor = QTextCursor(document)
    cursor.select(QTextCursor.SelectionType.Document)
    spacing = QTextBlockFormat()
    spacing.setBottomMargin(PARAGRAPH_SPACING)
    cursor.mergeBlockFormat(spacing)
    # The blank lines are found in the text (one block per line), not by asking each block
    # for its text: on a 200,000-word source that walk took 50 ms, this takes a few.
    for number, line in enumerate(text.split("\n")):
        if not line.strip():
            block = document.findBlockByNumber(number)
            if not block.text().strip():  # the same line (a stray paragraph separator would shift them)
                block.setVisible(False)


def _overlaps(spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Cut spans into pieces, each with how many spans cover it (pieces covered by none left out)."""
    edges: dict[int, int] = {}
    for start, end in spans:
        if start < end:
            edges[start] = edges.get(start, 0) + 1
            edges[end] = edges.get(end, 0) - 1
    pieces: list[tuple[int, int, int]] = []
    depth = 0
    points = sorted(edges)
    for here, there in pairwise(points):
        depth += edges[here]
        if depth > 0:
            pieces.append((here, there, depth))
    return pieces
