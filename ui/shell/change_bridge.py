"""The Qt side of the core's change bus: each committed ``ChangeSet``, re-emitted on the GUI thread.

The writer publishes on its own thread; ``changed`` is emitted from there into this GUI-thread
object, so Qt queues the call across and the slots run on the GUI thread, in commit order.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from civodesk.changes import ChangeSet
from civodesk.writer import ChangeBus


class ChangeBridge(QObject):
    """``changed(ChangeSet)`` for every change the writer committed (undo and redo included)."""

    changed = Signal(object)

    def __init__(self, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = bus.subscribe(self._on_published)
        self.destroyed.connect(self._unsubscribe)

    def _on_published(self, change: ChangeSet) -> None:
        self.changed.emit(change)

    def close(self) -> None:
        """Stop listening (the window closes)."""
        self._unsubscribe()
