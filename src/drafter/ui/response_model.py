"""The answer tree: questions at the top level, their blocks beneath, in order.

A thin adapter over a ``ResponseDocument``. Dragging a block and dropping it
(or a snippet from the snippets panel) ends in a call to the window's handlers,
which run the core operation and record it for undo; the model is then reset
from the new document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from drafter.core.responses.counting import AnswerCount, count_answer
from drafter.core.responses.records import BlockRecord, QuestionRecord, ResponseDocument
from drafter.core.wording import UNTITLED
from drafter.ui.accessibility import muted_colour, warning_colour

_Index = QModelIndex | QPersistentModelIndex

# Made once: the view asks for an item's flags hundreds of times a layout, and
# combining Python enum flags costs more than the rest of the call.
_QUESTION_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
_BLOCK_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

BLOCK_MIME = "application/x-drafter-block"
SNIPPET_MIME = "application/x-drafter-snippet"
#: A passage selected in the reader: JSON {source_id, start, end, text} in source offsets.
SELECTION_MIME = "application/x-drafter-selection"


def _first_words(text: str, words: int = 12) -> str:
    split = text.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def _one_line(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


#: How a paragraph marked as a recommendation begins in the answer tree (words, so a screen reader says it).
RECOMMENDATION_MARK = "★ Recommendation:"
RECOMMENDATION_TIP = ("A recommendation: the export lists it in the summary of recommendations. "
                      "Response › Mark as Recommendation (Ctrl+Shift+K) undoes the mark.")


class ResponseTreeModel(QAbstractItemModel):
    #: (block id, target question id, position) — a block was dropped somewhere
    block_dropped = Signal(int, int, int)
    #: (snippet id, target question id, position) — a snippet was dropped on an answer
    snippet_dropped = Signal(int, int, int)
    #: (selection dict, target question id, position) — a passage dragged from the reader
    selection_dropped = Signal(object, int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document: ResponseDocument | None = None
        self._counts: dict[int, AnswerCount] = {}  # question id -> its answer's count, until it changes

    def set_document(self, document: ResponseDocument | None) -> None:
        self.beginResetModel()
        self.document = document
        self._counts = {}
        self.endResetModel()

    def update_document(self, document: ResponseDocument) -> list[int] | None:
        """Show ``document``, a newer read of the one shown, changing only the rows that changed.

        Returns the rows of the questions whose answers changed, or None when the
        model had to be reset (another response, or questions added, removed or
        reordered), after which the view has forgotten what was expanded.

        A reset after every move or insertion made the tree lay out all its rows
        again (a 500-quotation response: 25–30 ms, and twice that with painting)
        and jump back to the top; blocks that moved are removed and inserted here
        instead, and the rows whose text changed are announced, so the view
        measures only those again.
        """
        old = self.document
        if old is None or old.id != document.id or [q.id for q in old.questions] != [
            q.id for q in document.questions
        ]:
            self.set_document(document)
            return None
        moved = self._move_one_block(document)
        changed: list[int] = []
        for row, after in enumerate(document.questions):
            before = moved.questions[row]  # after the move, if there was one
            if before == old.questions[row] == after:
                continue
            changed.append(row)
            self._replace_blocks(row, before.blocks, after.blocks)
            self.document = self._with_question(row, after)
        self.document = document
        if old.details.quotations_count_toward_limit != document.details.quotations_count_toward_limit:
            changed = list(range(len(document.questions)))  # every answer is counted differently
        for row in changed:
            self._counts.pop(document.questions[row].id, None)
            question = self.index(row, 0)
            self.dataChanged.emit(question, question.siblingAtColumn(1))
        return changed

    def _move_one_block(self, document: ResponseDocument) -> ResponseDocument:
        """If ``document`` differs from the one shown by one block's place, move that row; the document shown then.

        One move is one change for the view (a drag, Alt+Up/Down, undoing either),
        where removing and inserting rows are two, each updating every index the
        view keeps; what else changed is left to ``_replace_blocks``.
        """
        assert self.document is not None
        shown = [[b.id for b in q.blocks] for q in self.document.questions]
        wanted = [[b.id for b in q.blocks] for q in document.questions]
        found = _one_move(shown, wanted)
        if found is None:
            return self.document
        source, start, target, end = found
        block = self.document.questions[source].blocks[start]
        # Qt counts the destination before the row leaves its place.
        destination = end + 1 if source == target and end > start else end
        if not self.beginMoveRows(self.index(source, 0), start, start, self.index(target, 0), destination):
            return self.document
        moved = self._with_question(source, replace(
            self.document.questions[source], blocks=tuple(b for b in self.document.questions[source].blocks
                                                          if b.id != block.id)))
        blocks = list(moved.questions[target].blocks)
        blocks.insert(end, block)
        self.document = moved
        self.document = self._with_question(target, replace(moved.questions[target], blocks=tuple(blocks)))
        self.endMoveRows()
        return self.document

    def _replace_blocks(self, row: int, before: tuple[BlockRecord, ...], after: tuple[BlockRecord, ...]) -> None:
        """Turn question ``row``'s block rows from ``before`` into ``after``: the rows between the
        unchanged ones at either end are removed and the new ones inserted; a block still in its
        row but changed is announced."""
        assert self.document is not None
        parent = self.index(row, 0)
        old_ids, new_ids = [b.id for b in before], [b.id for b in after]
        start = 0
        while start < min(len(old_ids), len(new_ids)) and old_ids[start] == new_ids[start]:
            start += 1
        end = 0  # rows kept at the end
        while (end < min(len(old_ids), len(new_ids)) - start
               and old_ids[len(old_ids) - 1 - end] == new_ids[len(new_ids) - 1 - end]):
            end += 1
        question = self.document.questions[row]
        if len(old_ids) - end > start:
            self.beginRemoveRows(parent, start, len(old_ids) - end - 1)
            kept = before[:start] + before[len(before) - end:]
            self.document = self._with_question(row, replace(question, blocks=kept))
            self.endRemoveRows()
        if len(new_ids) - end > start:
            self.beginInsertRows(parent, start, len(new_ids) - end - 1)
            self.document = self._with_question(row, replace(question, blocks=after))
            self.endInsertRows()
        self.document = self._with_question(row, replace(question, blocks=after))
        kept_rows = [*range(start), *range(len(new_ids) - end, len(new_ids))]
        old_at = {**{i: before[i] for i in range(start)},
                  **{len(new_ids) - end + k: before[len(old_ids) - end + k] for k in range(end)}}
        for b_row in kept_rows:
            if old_at[b_row] != after[b_row]:
                index = self.index(b_row, 0, parent)
                self.dataChanged.emit(index, index.siblingAtColumn(1))

    def _with_question(self, row: int, question: QuestionRecord) -> ResponseDocument:
        assert self.document is not None
        questions = list(self.document.questions)
        questions[row] = question
        return replace(self.document, questions=tuple(questions))

    def replace_block_text(self, block_id: int, text: str, version: int | None = None, *,
                           edited_by: str | None = None, edited_at: str | None = None) -> ResponseDocument | None:
        """The text of one block changed (typing): update it in place, without a reset.

        Resetting the model on every autosave made the tree forget its layout and
        count every answer again; only the block's row and its question's change.
        """
        if self.document is None:
            return None
        index = self.index_of_block(block_id)
        if not index.isValid():
            return None
        q_row = index.internalId() - 1
        question = self.document.questions[q_row]
        blocks = tuple(replace(b, text=text, version=b.version if version is None else version,
                               edited_by=edited_by or b.edited_by, edited_at=edited_at or b.edited_at)
                       if b.id == block_id else b for b in question.blocks)
        questions = list(self.document.questions)
        questions[q_row] = replace(question, blocks=blocks)
        self.document = replace(self.document, questions=tuple(questions))
        self._counts.pop(question.id, None)
        self.dataChanged.emit(index, index.siblingAtColumn(1))
        question_index = self.index(q_row, 0)
        self.dataChanged.emit(question_index, question_index.siblingAtColumn(1))
        return self.document

    def _count(self, question: QuestionRecord) -> AnswerCount:
        assert self.document is not None
        count = self._counts.get(question.id)
        if count is None:
            count = count_answer(question, include_quotations=self.document.details.quotations_count_toward_limit)
            self._counts[question.id] = count
        return count

    # --- structure -----------------------------------------------------------------------
    # Internal ids: 0 for a question row, question position + 1 for a block row.

    def _questions(self) -> tuple[QuestionRecord, ...]:
        return self.document.questions if self.document else ()

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column not in (0, 1) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._questions()) else QModelIndex()
        if parent.internalId() == 0 and parent.column() == 0:
            question = self._questions()[parent.row()]
            if row < len(question.blocks):
                return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: _Index) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def sibling(self, row: int, column: int, index: _Index) -> QModelIndex:
        return self.index(row, column, self.parent(index))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._questions())
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._questions()[parent.row()].blocks)
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 2  # the question or block, and the answer's state (questions only)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Question and answer", "State")[section]
        return None

    def question_at(self, index: _Index) -> QuestionRecord | None:
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self._questions()[row]

    def block_at(self, index: _Index) -> BlockRecord | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._questions()[index.internalId() - 1].blocks[index.row()]

    def index_of_question(self, question_id: int) -> QModelIndex:
        for row, question in enumerate(self._questions()):
            if question.id == question_id:
                return self.index(row, 0)
        return QModelIndex()

    def index_of_block(self, block_id: int) -> QModelIndex:
        for q_row, question in enumerate(self._questions()):
            for b_row, block in enumerate(question.blocks):
                if block.id == block_id:
                    return self.index(b_row, 0, self.index(q_row, 0))
        return QModelIndex()

    # --- display -------------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.document is None:
            return None
        block = self.block_at(index)
        question = self.question_at(index)
        assert question is not None
        if index.column() == 1:
            return self._state_data(question, role) if block is None else None
        if block is None:
            return self._question_data(question, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if block.is_quotation and block.snippet is not None:
                lead = f"{_one_line(block.text, 60)} " if block.text.strip() else ""
                source = block.snippet.source_title or UNTITLED
                shortened = " (shortened)" if block.shortened is not None else ""
                return f"❝ {lead}‘{_one_line(block.quoted_text or '')}’{shortened} — {source}"
            text = _one_line(block.text) or "(empty paragraph — type your argument)"
            return f"{RECOMMENDATION_MARK} {text}" if block.recommendation else text
        if role == Qt.ItemDataRole.ToolTipRole:
            if block.recommendation:
                return f"{block.text}\n\n{RECOMMENDATION_TIP}"
            return block.quoted_text if block.is_quotation and block.snippet else block.text
        if role == Qt.ItemDataRole.FontRole and block.recommendation:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # What the row is and its first words: the ❝ and the quotation marks are not read out.
            if block.is_quotation and block.snippet is not None:
                source = block.snippet.source_title or "an untitled source"
                lead = f", after {_first_words(block.text)}" if block.text.strip() else ""
                shortened = " (shortened)" if block.shortened is not None else ""
                return f"Quotation from {source}{shortened}: {_first_words(block.quoted_text or '')}{lead}"
            if not block.text.strip():
                return "Empty paragraph"
            return f"{'Recommendation' if block.recommendation else 'Paragraph'}: {_first_words(block.text)}"
        if role == Qt.ItemDataRole.ForegroundRole and not block.is_quotation and not block.text.strip():
            return muted_colour()
        return None

    def _state_data(self, question: QuestionRecord, role: int) -> object:
        count = self._count(question)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            status = []
            if question.options:
                status.append(question.chosen_option or "no option")
            status.append(count.describe())
            if question.confidential:
                status.append("confidential")
            return " · ".join(status)
        if role == Qt.ItemDataRole.ForegroundRole and (
            count.over_limit or (question.options and not question.chosen_option)
        ):
            return warning_colour()
        return None

    def _question_data(self, question: QuestionRecord, role: int) -> object:
        assert self.document is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{question.label}. {_one_line(question.text, 200)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # A question's number and state first, then its words (the state is also in column 2).
            count = self._count(question)
            state = ["answered" if any(b.is_quotation or b.text.strip() for b in question.blocks) else "not answered"]
            if question.options:
                state.append(f"option {question.chosen_option}" if question.chosen_option else "no option chosen")
            state.append(("over the limit, " if count.over_limit else "") + count.describe())
            return f"Question {question.label}, {', '.join(state)}: {_one_line(question.text, 200)}"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            count = self._count(question)
            if count.over_limit:
                return warning_colour()
        if role == Qt.ItemDataRole.ToolTipRole:
            return question.text + (f"\n\n{question.prompt}" if question.prompt else "")
        return None

    # --- drag and drop -------------------------------------------------------------------

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return _QUESTION_FLAGS if index.internalId() == 0 else _BLOCK_FLAGS

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [BLOCK_MIME, SNIPPET_MIME, SELECTION_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        blocks = [self.block_at(i) for i in indexes]
        ids = [b.id for b in blocks if b is not None]
        if ids:
            mime.setData(BLOCK_MIME, QByteArray(str(ids[0]).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        return self._target(row, parent) is not None and any(data.hasFormat(m) for m in self.mimeTypes())

    def _target(self, row: int, parent: _Index) -> tuple[int, int] | None:
        """(question id, position) for a drop at ``row`` under ``parent``."""
        if not parent.isValid():
            # Dropped between questions: append to the question above the gap.
            questions = self._questions()
            if not questions:
                return None
            above = questions[max(0, (row if row >= 0 else len(questions)) - 1)]
            return above.id, len(above.blocks)
        if parent.internalId() != 0:
            return None
        question = self._questions()[parent.row()]
        return question.id, (row if row >= 0 else len(question.blocks))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        target = self._target(row, parent)
        if target is None:
            return False
        question_id, position = target
        if data.hasFormat(BLOCK_MIME):
            block_id = int(bytes(data.data(BLOCK_MIME).data()).decode())
            self.block_dropped.emit(block_id, question_id, position)
            # The core moved it; returning False stops the view deleting the "moved" source row.
            return False
        if data.hasFormat(SNIPPET_MIME):
            snippet_id = int(bytes(data.data(SNIPPET_MIME).data()).decode())
            self.snippet_dropped.emit(snippet_id, question_id, position)
            return True
        if data.hasFormat(SELECTION_MIME):
            import json

            selection = json.loads(bytes(data.data(SELECTION_MIME).data()).decode("utf-8"))
            self.selection_dropped.emit(selection, question_id, position)
            return True
        return False


def _one_move(shown: list[list[int]], wanted: list[list[int]]) -> tuple[int, int, int, int] | None:
    """(question row, block row) before and after, if ``wanted`` is ``shown`` with one block moved."""
    rows = [r for r in range(len(shown)) if shown[r] != wanted[r]]
    if len(rows) == 1:
        (r,) = rows
        before, after = shown[r], wanted[r]
        if len(before) != len(after):
            return None
        first = next(k for k in range(len(before)) if before[k] != after[k])
        for block in (before[first], after[first]):
            if block in after and [b for b in before if b != block] == [b for b in after if b != block]:
                return r, before.index(block), r, after.index(block)
        return None
    if len(rows) == 2:
        for source, target in (rows, rows[::-1]):
            gone = set(shown[source]) - set(wanted[source])
            if len(gone) != 1:
                continue
            block = next(iter(gone))
            if ([b for b in shown[source] if b != block] == wanted[source]
                    and [b for b in wanted[target] if b != block] == shown[target] and block in wanted[target]):
                return source, shown[source].index(block), target, wanted[target].index(block)
    return None
