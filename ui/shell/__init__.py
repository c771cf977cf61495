"""The workspace pages, one module per stage of a meeting.

The page contract (what ``ui.shell.meeting_workspace.MeetingWorkspace`` relies on):

- A page is a ``QWidget`` subclass built as ``Page(context: WorkspaceContext, parent=None)``.
  ``context`` (``ui.shell.workspace_context``) gives ``services``, ``tasks`` (``submit_db`` /
  ``submit_io``: the GUI thread never blocks), ``run_change`` for mutations (status bar and undo
  handled), ``record``, ``report``, ``add_status_widget`` and ``sync`` (the window's sync scheduler).
- Pages are built the first time they are shown (``MeetingWorkspace.page``): keep construction
  light, and put nothing there that must run while the page was never opened.
- ``set_meeting(details: MeetingDetails)`` is called when the meeting is opened and again every
  time it changes (title, status…). When ``details.is_read_only`` (closed meeting) the page must
  disable every editing control.
- Optional ``refresh(topics: frozenset[str])`` is called after any recorded change (including undo
  and redo) with the ``ChangeSet.topics``; reload what those topics concern.
- Optional ``shutdown()`` is called before the page is destroyed (the meeting is left, the window
  closes, or the interface is rebuilt after a language switch): stop cameras and timers there.
- Strings use ``civodesk.i18n._`` at construction time; the whole workspace is rebuilt when the
  language changes, so pages need no retranslation code.

Pages and shortcuts: Réunion (Ctrl+1), Accueil ``checkin_page.CheckinPage`` (Ctrl+2), Idées
``ideas_page.IdeasPage`` (Ctrl+3), Votes ``votes_page.VotesPage`` (Ctrl+4), Compte-rendu
``minutes_page.MinutesPage`` (Ctrl+5), Synchronisation ``sync_page.SyncPage`` (Ctrl+6).
"""
