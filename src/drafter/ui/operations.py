"""Running core operations from the window: the one undo command, and the one change notice.

``OperationRunner.run(op, initiator)`` runs a core operation (``drafter.core.operations``)
on the open library, puts its inverse on the undo stack as an ``OpCommand``, and
announces what it changed with ``did_execute(changes, initiator)``. Undo and redo run
the inverse they hold and announce in the same way (initiator None), and so do
changes made by other programs (initiator ``OUTSIDE``), seen by the core's change
watcher. Each panel decides from the notice whether, and what, to redraw; the panel
that started a change may skip its own echo. No feature writes its own undo class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from drafter.core.errors import DrafterError

if TYPE_CHECKING:
    from drafter.core.change_watch import Watcher
    from drafter.core.changes import Changes
    from drafter.core.operations import Op, OpResult
    from drafter.core.store import Store

#: The initiator of changes that another program (the command line, a second window) made.
OUTSIDE = "outside"
_MERGING_ID = 4100


class OpCommand(QUndoCommand):
    """The undo step of one operation: holds the operation that undoes it, then the one that redoes it."""

    def __init__(self, runner: OperationRunner, name: str, inverse: Op[Any],
                 merge_key: tuple[object, ...] | None) -> None:
        super().__init__(name)
        self._runner = runner
        self._undo: Op[Any] | None = inverse
        self._redo: Op[Any] | None = None
        self._merge_key = merge_key
        self._done = True  # pushed after the operation ran: the first redo() is Qt's, not the user's

    def id(self) -> int:
        return _MERGING_ID if self._merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Typing in one block: keep this step's undo (back to the text before the burst), now
        # expecting the text the later step left (what an undo must find to be allowed).
        if not (isinstance(other, OpCommand) and other._merge_key == self._merge_key is not None):
            return False
        if self._undo is not None and self._undo.absorb is not None and other._undo is not None:
            self._undo = self._undo.absorb(other._undo)
        return True

    def undo(self) -> None:
        if self._undo is not None:
            self._redo = self._replay(self._undo)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        if self._redo is not None:
            self._undo = self._replay(self._redo)

    def _replay(self, op: Op[Any]) -> Op[Any] | None:
        result = self._runner.replay(op)
        if result is None:  # refused: a later change is in the way; Qt drops the step
            self.setObsolete(True)
            return None
        return result.inverse


#: What a change tried while the team library cannot be reached is told.
READ_ONLY_MESSAGE = ("The team library cannot be reached, so nothing can be changed until it is back. "
                     "What you type in an answer is kept and saved then.")


class OperationRunner(QObject):
    #: What one operation (or undo, redo, or another program's commits) changed, and who started it.
    did_execute = Signal(object, object)
    #: The watcher lost (False) or found again (True) a team library's server.
    reachability_changed = Signal(bool)

    #: How often the change log is read for other programs' commits.
    WATCH_MS = 400

    def __init__(self, store_getter: Callable[[], Store | None], undo_stack: QUndoStack,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._store_getter = store_getter
        #: Whether changes are refused for now (the team library's server cannot be reached);
        #: the window sets it to its team controller's state.
        self.read_only: Callable[[], bool] = lambda: False
        self.undo_stack = undo_stack
        self._parent = parent
        self._watcher: Watcher | None = None
        self._reachable = True
        #: A server watcher's socket: a notice arriving on it is read at once, not at the next tick.
        self._notifier: QSocketNotifier | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(self.WATCH_MS)
        self._timer.timeout.connect(self.poll_outside)
        self.replacing = False
        #: Shows a refusal; the window may replace it (tests do).
        self.report: Callable[[str, str], object] = self._warn

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self._parent, title, message)

    def run(self, op: Op[Any], initiator: object = None, *, refused_title: str = "Not changed",
            on_refused: Callable[[DrafterError], object] | None = None) -> OpResult[Any] | None:
        """Run ``op`` as the user's own change: undoable, announced; None if refused.

        A refusal is shown to the user under ``refused_title``, or handed to ``on_refused``
        (typing that could not be saved is kept and retried, not announced in a dialog).
        """
        store = self._store_getter()
        if store is None:  # no library open (closed for a restore): nothing to change
            return None
        if on_refused is None and self.read_only():
            # The team library's server is away: the window is read-only until it is back.
            # Typing (``on_refused``) is still tried, kept and saved later; anything else is
            # refused at once rather than after the connection's timeout.
            self.report(refused_title, READ_ONLY_MESSAGE)
            return None
        try:
            result = op.run(store)
        except DrafterError as exc:
            if on_refused is not None:
                on_refused(exc)
            else:
                self.report(refused_title, exc.message)
            return None
        if result.inverse is not None and result.changes:  # a change that changed nothing is no undo step
            self.undo_stack.push(OpCommand(self, op.name, result.inverse, op.merge_key))
        self.did_execute.emit(result.changes, initiator)
        return result

    def replay(self, op: Op[Any]) -> OpResult[Any] | None:
        """Undo or redo: run a held inverse; a refusal is reported and the step dropped."""
        store = self._store_getter()
        if store is None:
            return None
        if self.read_only():
            self.report("Not undone", READ_ONLY_MESSAGE)
            return None
        try:
            result = op.run(store)
        except DrafterError as exc:
            self.report("Not undone", f"“{op.name}” can't be undone or redone: {exc.message}")
            return None
        self.did_execute.emit(result.changes, None)
        return result

    def record(self, name: str, inverse: Op[Any] | None, changes: Changes, initiator: object = None) -> None:
        """A change already made (in a worker thread, or by several operations): one undo step, one notice.

        An import stores each file in a worker as an operation of its own; when the
        batch ends the window keeps their inverses as one step ("Import Files") and
        announces what they changed together.
        """
        if inverse is not None and changes:
            self.undo_stack.push(OpCommand(self, name, inverse, None))
        if changes:
            self.did_execute.emit(changes, initiator)

    def announce(self, changes: Changes, initiator: object = None) -> None:
        """A change made outside the operations (a whole library put in place): tell every panel.

        While a replaced library is announced, ``replacing`` is True: a panel that redraws
        on another's signal (the lists on the answers' ``response_changed``) can wait for
        the notice itself instead of reading the new library twice.
        """
        self.replacing = changes.library_replaced
        try:
            self.did_execute.emit(changes, initiator)
        finally:
            self.replacing = False

    # --- other programs' changes ------------------------------------------------------------

    def watch(self, store: Store) -> None:
        from drafter.core.change_watch import watcher_for

        self.stop_watching()
        self._watcher = watcher_for(store)  # a file's data_version, or a server's LISTEN
        self._reachable = True
        self._follow_socket(self._watcher.fileno())
        self._timer.start()

    def stop_watching(self) -> None:
        self._timer.stop()
        self._follow_socket(None)
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

    def _follow_socket(self, fd: int | None) -> None:
        """Watch the server watcher's socket ``fd`` (None: no socket; the timer alone polls)."""
        if self._notifier is not None:
            if fd is not None and int(self._notifier.socket()) == fd:
                return
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if fd is not None:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self.poll_outside)

    @property
    def server_away(self) -> bool:
        """Whether the watcher counts the team library's server away (it reconnects in the background).

        While it does, the window tries nothing on the server from its own thread (typing is
        kept, the rechecks wait): on a network that silently drops packets each try could
        wait for a connection's timeout. ``reachability_changed(True)`` says it is back.
        """
        return self._watcher is not None and not self._watcher.reachable

    def server_lost(self) -> None:
        """A read or a save found the server gone: the watcher counts it away until it reconnects."""
        if self._watcher is not None:
            self._watcher.server_lost()
            self.poll_outside()  # says so (reachability_changed) at once

    def poll_outside(self) -> None:
        if self._watcher is None:
            return
        changes = self._watcher.poll()
        self._follow_socket(self._watcher.fileno())  # a new socket after a reconnect, none while away
        if self._watcher.reachable != self._reachable:
            self._reachable = self._watcher.reachable
            self.reachability_changed.emit(self._reachable)
        if changes:
            self.did_execute.emit(changes, OUTSIDE)
