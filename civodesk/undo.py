"""Undo and redo on top of an append-only journal: undoing appends the inverse change.

Nothing is ever erased: an undone title edit is a second edit that restores the old title, so the
journal keeps the whole story and other desks converge on the same result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from civodesk.changes import ChangeSet, Command


@dataclass(frozen=True)
class _Entry:
    label: str
    undo: Command
    redo: Command


class UndoHistory:
    def __init__(self, execute: Callable[[Command], ChangeSet], limit: int = 200) -> None:
        self._execute = execute
        self._limit = limit
        self._undo: list[_Entry] = []
        self._redo: list[_Entry] = []

    def record(self, change: ChangeSet) -> None:
        """Remember a change the user just made (clears the redo list, like every editor)."""
        if change.undo is None or change.redo is None:
            return
        self._undo.append(_Entry(change.label, change.undo, change.redo))
        del self._undo[: -self._limit]
        self._redo.clear()

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def undo_is_destructive(self) -> bool:
        """True when undoing the last change removes things (a list import): ask first."""
        return bool(self._undo) and bool(getattr(self._undo[-1].undo, "destructive", False))

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self) -> ChangeSet | None:
        """Apply the inverse of the last change. On error the history is left unchanged."""
        if not self._undo:
            return None
        entry = self._undo[-1]
        change = self._execute(entry.undo)
        self._redo.append(self._undo.pop())
        return change

    def redo(self) -> ChangeSet | None:
        if not self._redo:
            return None
        entry = self._redo[-1]
        change = self._execute(entry.redo)
        self._undo.append(self._redo.pop())
        return change

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
