"""What every workspace page receives: the services, the task runner, and the ways to report back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from civodesk.changes import ChangeSet
from civodesk.services import Services
from ui.shell.tasks import BaseTaskRunner
from ui.sync.scheduler import SyncScheduler


@dataclass(frozen=True)
class WorkspaceContext:
    """Shared by the main window and every page; built once per window.

    - ``services``: call them only through ``tasks`` (or ``run_change`` for mutations).
    - ``record(change_set)``: after a mutation the user made succeeded; adds it to undo/redo (when
      undoable). The status bar, the sync and the views hear of every committed change from the
      change bus already.
    - ``report(message, is_error=False)``: a short message in the status bar.
    - ``run_change(fn, *args, on_done=None, on_error=None)``: submit a mutating service call to
      the writer; shows "Enregistrement…", then records the returned ``ChangeSet`` for undo (or
      shows the error in red, and in ``on_error`` if given).
    - ``add_status_widget(widget)``: a widget in the status bar for as long as the workspace lives
      (it is removed when the meeting is closed or the interface is rebuilt for another language).
    - ``undo()``: what Ctrl+Z does (the last change made in this meeting; asks before deleting).
    - ``sync``: the window's one ``SyncScheduler``; it runs for the whole session, whatever page or
      meeting is shown (a page may connect to it, and must disconnect in ``shutdown``).
    """

    services: Services
    tasks: BaseTaskRunner
    record: Callable[[ChangeSet], None]
    report: Callable[..., None]
    run_change: Callable[..., None]
    add_status_widget: Callable[[QWidget], None]
    sync: SyncScheduler
    undo: Callable[[], None] = lambda: None
