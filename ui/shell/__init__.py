"""The shell: the main window, the meeting workspace and what its pages share.

Each stage of a meeting is a page in its feature's package (``ui.checkin.checkin_page``…), named
in ``meeting_workspace.STAGES``.

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
- Optional ``apply_change(change: ChangeSet)`` is called for every change the writer committed
  (undo, redo, scans and changes made elsewhere included); update only the rows whose ids
  ``change.changed`` names, and reload only when ``change.knows_ids(...)`` is false. A page with
  a list reads the rows through a ``ui.shell.change_feed.ChangeFeed``.
- Optional ``refresh(topics: frozenset[str])`` is called instead, for pages without
  ``apply_change``, and for every page when a sync brought other desks' events: reload what those
  topics concern.
- Optional ``shutdown()`` is called before the page is destroyed (the meeting is left, the window
  closes, or the interface is rebuilt after a language switch): stop cameras and timers there.
- Strings use ``civodesk.i18n._`` at construction time; the whole workspace is rebuilt when the
  language changes, so pages need no retranslation code.

Pages and shortcuts: Réunion ``ui.meetings.overview_page`` (Ctrl+1), Accueil
``ui.checkin.checkin_page`` (Ctrl+2), Idées ``ui.ideas.ideas_page`` (Ctrl+3), Votes
``ui.voting.votes_page`` (Ctrl+4), Compte-rendu ``ui.minutes.minutes_page`` (Ctrl+5),
Synchronisation ``ui.sync.sync_page`` (Ctrl+6).
"""
