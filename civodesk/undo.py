"""Undo and redo on top of an append-only journal: undoing appends the inverse change.

Nothing is ever erased: an undone title edit is a second edit that restores the old title, so the
journal keeps the whole story and other desks converge on the same result.

Each change is kept in a *scope*: the meeting it changed when it was made inside that meeting,
or the meetings list (``LIST_SCOPE``) when made there. Undo acts only in the scope in view, so
undo inside one meeting never reaches into another (it once deleted a meeting created earlier
from the list).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from civodesk.changes import ChangeSet, Command

LIST_SCOPE = ""
"""The meetings list: creating and deleting meetings."""

DESTRUCTIVE_FLAGS = ("deleted", "removed")


def destroys(command: Command) -> bool:
    """Whether running ``command`` deletes something (a meeting, a participant, an agenda item,
    the people a list import registered: such a command says so with ``destructive``)."""
    if getattr(command, "destructive", False):
        return True
    changes = getattr(command, "changes", None) or {}
    return any(changes.get(flag) is True for flag in DESTRUCTIVE_FLAGS)


@dataclass(frozen=True)
class _Entry:
    label: str
    undo: Command
    redo: Command


@dataclass
class _Stacks:
    undo: list[_Entry] = field(default_factory=list)
    redo: list[_Entry] = field(default_factory=list)


class UndoHistory:
    """``scope`` is where the person is (a meeting id, or ``LIST_SCOPE``); the labels, ``undo``
    and ``redo`` act there."""

    def __init__(self, execute: Callable[[Command], ChangeSet], limit: int = 200) -> None:
        self._execute = execute
        self._limit = limit
        self._scopes: dict[str, _Stacks] = {}
        self.scope = LIST_SCOPE

    def _stacks(self, scope: str | None = None) -> _Stacks:
        return self._scopes.setdefault(self.scope if scope is None else scope, _Stacks())

    def record(self, change: ChangeSet, scope: str | None = None) -> None:
        """Remember a change the user just made (clears the redo list, like every editor).

        ``scope`` defaults to the meeting the change belongs to.
        """
        if change.undo is None or change.redo is None:
            return
        stacks = self._stacks(change.meeting_id if scope is None else scope)
        stacks.undo.append(_Entry(change.label, change.undo, change.redo))
        del stacks.undo[: -self._limit]
        stacks.redo.clear()

    @property
    def undo_label(self) -> str | None:
        stacks = self._stacks()
        return stacks.undo[-1].label if stacks.undo else None

    @property
    def redo_label(self) -> str | None:
        stacks = self._stacks()
        return stacks.redo[-1].label if stacks.redo else None

    @property
    def undo_destroys(self) -> bool:
        """Whether the next undo deletes something (the interface asks first)."""
        stacks = self._stacks()
        return bool(stacks.undo) and destroys(stacks.undo[-1].undo)

    def undo(self, scope: str | None = None) -> ChangeSet | None:
        """Apply the inverse of the last change. On error the history is left unchanged."""
        stacks = self._stacks(scope)
        if not stacks.undo:
            return None
        change = self._execute(stacks.undo[-1].undo)
        stacks.redo.append(stacks.undo.pop())
        return change

    def redo(self, scope: str | None = None) -> ChangeSet | None:
        stacks = self._stacks(scope)
        if not stacks.redo:
            return None
        change = self._execute(stacks.redo[-1].redo)
        stacks.undo.append(stacks.redo.pop())
        return change

    def clear(self) -> None:
        self._scopes.clear()
